"""`unverifiable_person`: a named person, presented as an expert or quoted, whom neither
the knowledge base nor any corpus report knows ("Prof. Jana Vogt,
Sicherheitsforscherin am Institut für Zeitfragen").

Invented experts come with a title or an affiliation that lends them authority, or
they are quoted; a person merely mentioned in passing is not flagged, since real people
the reports happen not to name are common. Persons given an office are left to
`wrong_office_holder`, and names inside someone else's quotation are not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lagebild.verify.context import CheckContext
from lagebild.verify.model import Finding
from lagebild.verify.offices import NameMention, corpus_knows, kb_persons, name_after, skeleton, titled_names

# Academic titles written right before the name; they belong to the span ("Prof. Jana Vogt").
_TITLE = re.compile(
    r"\b(?:(?:Prof\.|Professor(?:in)?|Dr\.|PD|Dipl\.-\w+\.?)\s+)+(?=[A-ZÀ-ÞĀ-Ž])"
)
# Words that present a person as an expert or give an affiliation: before the name
# ("Analyst John Smith", "die Sicherheitsexpertin ...") or in an apposition after it
# (", a senior fellow at the Institute for Policy Studies", ", Strategin am ...", "of the
# University of ..."). German compounds end in these words ("Militärexperte").
_EXPERT_WORDS = (
    r"(?:analyst|analystin|analysts|expert|experte|expertin|fellow|researcher|forscher|forscherin|scholar|"
    r"professor|professorin|politologe|politologin|politikwissenschaftler|politikwissenschaftlerin|"
    r"wissenschaftler|wissenschaftlerin|scientist|strategist|strategin|stratege|economist|ökonom|ökonomin|"
    r"historian|historiker|historikerin|lecturer|dozent|dozentin|director|direktor|direktorin|"
    r"adviser|advisor|berater|beraterin|specialist|spezialist|spezialistin|kenner|kennerin|"
    r"think[- ]tank|institut|institute|institution|university|universität|hochschule|stiftung|"
    r"foundation|center|centre|zentrum|council|akademie|academy)"
)
_EXPERT_BEFORE = re.compile(r"(?i)\w*" + _EXPERT_WORDS + r"\s*$")
_EXPERT_AFTER = re.compile(r"(?i)^(?:,\s+|\s+(?:of|from|at|von|vom|am|an)\s+)[^.;:!?\n]{0,80}?" + _EXPERT_WORDS)
_NAME_WORD = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’-]+")
# Official titles that end a German compound or stand alone: not part of a name.
_TITLE_WORD = re.compile(r"(?i)(?:berater|beraterin|sprecher|sprecherin|minister|ministerin|präsident|präsidentin|"
                         r"chef|chefin|sekretär|sekretärin|botschafter|botschafterin|general|kanzler|kanzlerin|"
                         r"spokesman|spokeswoman|spokesperson|official|ambassador|secretary|adviser|advisor)$")


@dataclass
class _Candidate:
    start: int  # with the title, where one stands before the name
    name: NameMention
    why: str  # how the text presents the person


def _candidates(ctx: CheckContext) -> list[_Candidate]:
    """Persons with an expert title or affiliation, or quoted."""
    text = ctx.target.text
    found: dict[int, _Candidate] = {}
    for m in _TITLE.finditer(text):
        name = name_after(text, m.end() - 1)
        if name is not None and len(name.text.split()) >= 2:
            found[name.start] = _Candidate(m.start(), name, f"presented as “{m.group().strip()}”")
    for entity in ctx.target.entities:
        if entity.label != "PER" or entity.start in found:
            continue
        words = _name_words(entity.text)
        if len(words) < 2:
            continue  # a bare surname is a later mention or too vague to judge
        name = NameMention(entity.start + words[0].start(), entity.start + words[-1].end(),
                           entity.text[words[0].start():words[-1].end()])
        why = _presentation(ctx, name)
        if why:
            found[name.start] = _Candidate(name.start, name, why)
    return sorted(found.values(), key=lambda c: c.start)


def _name_words(text: str) -> list[re.Match[str]]:
    """The words of the name in a person entity, without the title or role words the
    recogniser may have taken in ("Bidens Nationaler Sicherheitsberater Jake Sullivan")."""
    words = list(_NAME_WORD.finditer(text))
    for k in range(len(words) - 1, -1, -1):
        word = words[k].group()
        # A title word ends what comes before the name; so does a genitive or adjective
        # ("Bidens", "Nationaler") more than two words before the end.
        if _EXPERT_BEFORE.search(word) or _TITLE_WORD.search(word) or (word.endswith(("s", "er")) and k < len(words) - 2):
            return words[k + 1:]
    return words[-3:]


def _presentation(ctx: CheckContext, name: NameMention) -> str | None:
    """How the text lends the person authority: an expert word next to the name, or a quote."""
    text = ctx.target.text
    sentence = ctx.sentence_of(name.start)
    before = text[max(sentence.start, name.start - 40):name.start]
    after = text[name.end:min(sentence.end, name.end + 100)]
    if _EXPERT_BEFORE.search(before.rstrip(", ")) or _EXPERT_AFTER.search(after):
        return "presented as an expert or with an affiliation"
    for quote in ctx.target.quotes:
        if quote.speaker_start is not None and quote.speaker_start < name.end and name.start < (quote.speaker_end or 0):
            return "quoted"
        if quote.speaker and skeleton(quote.speaker) == skeleton(name.text):
            return "quoted"
    return None


def expert_spans(ctx: CheckContext) -> list[tuple[int, int]]:
    """Where the article presents someone as an expert: from the title or name to the end
    of the affiliation that follows in its sentence ("Dr. A B, a fellow at the C
    Institute,"). Commentators are no actors of a story: `off_topic.py` leaves them out
    when it asks whether a paragraph's actors belong to the event."""
    text = ctx.target.text
    spans = []
    for candidate in _candidates(ctx):
        if not candidate.why.startswith("presented"):
            continue  # merely quoted: may well be an actor of the story
        sentence = ctx.sentence_of(candidate.name.start)
        after = _EXPERT_AFTER.search(text[candidate.name.end:min(sentence.end, candidate.name.end + 100)])
        end = candidate.name.end + (after.end() if after else 0)
        if after:  # to the end of the apposition's last word ("Institution", not "Instit")
            end += len(re.match(r"[\w'’-]*", text[end:]).group())
            rest = re.match(r"[^,;.]*", text[end:sentence.end])
            end += len(rest.group()) if rest else 0
        spans.append((candidate.start, end))
    return spans


def _inside_quote(ctx: CheckContext, start: int, end: int) -> bool:
    return any(q.direct and q.start <= start and end <= q.end for q in ctx.target.quotes)


def find_unverifiable_persons(ctx: CheckContext) -> list[Finding]:
    text = ctx.target.text
    officials = [(min(m.start, n.start), max(m.end, n.end)) for m, n in titled_names(ctx)]
    findings: list[Finding] = []
    seen: set[str] = set()
    for candidate in _candidates(ctx):
        name = candidate.name
        surname = skeleton(name.text.split()[-1])
        if surname in seen:
            continue
        if any(a < name.end and name.start < b for a, b in officials):
            continue  # given an office: wrong_office_holder judges it
        if _inside_quote(ctx, name.start, name.end):
            continue  # a name in someone else's words is theirs to vouch for
        if kb_persons(ctx.kb, name.text) or corpus_knows(ctx, name.text):
            continue
        seen.add(surname)
        span = text[candidate.start:name.end]
        findings.append(
            Finding(
                kind="unverifiable_person",
                start=candidate.start,
                end=name.end,
                text=span,
                severity="medium",
                explanation=f"{span} is {candidate.why}, but neither the knowledge base nor any of the "
                f"{len(ctx.corpus)} corpus reports knows a person of this name: possibly invented.",
                evidence=[],
            )
        )
    return findings
