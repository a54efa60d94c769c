"""`wrong_office_holder`: a person named with an office title ("UN-Generalsekretär
Ban Ki-moon" in 2023, "French Foreign Minister Laurent Fabius" in 2019) who did not hold that
office on the day the sentence speaks of, or whom the knowledge base does not know as
holder of any such office at all (an invented minister).

The steps: find role phrases (title words with the country or organisation they name
and modifiers such as "former"), attach the person named right after the phrase (or in
an apposition before it), decide the office (country from the phrase, else from the
person's own terms, else from the article's context), decide the day (a date in the
sentence, else the article's date) and ask the knowledge base who held the office then.

The name helpers (names next to titles, loose matching against the knowledge base and the
corpus) are shared with `persons.py`.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher

from lagebild.kb import KnowledgeBase, Person, Term
from lagebild.kb.lang import de_roles, en_roles
from lagebild.kb.model import ROLE_TITLES
from lagebild.kb.names import normalize_name
from lagebild.kb.roles import RoleMention, find_role_phrases
from lagebild.verify.context import CheckContext
from lagebild.verify.model import Evidence, Finding

# The knowledge base starts on 2014-01-01: earlier days cannot be checked.
KB_COVERAGE_START = date(2014, 1, 1)

# Offices that only a state has: a person given one of these with no country in the
# phrase can be checked against the country the article is about. "President", "prime
# minister" and "Ministerpräsident" are left out: companies, universities and German
# Länder have them too.
NATIONAL_ONLY = frozenset({"foreign_minister", "defence_minister"})


@dataclass
class NameMention:
    start: int
    end: int
    text: str


# ---------------------------------------------------------------- names next to titles
_PARTICLES = frozenset({"von", "van", "der", "de", "den", "da", "di", "del", "bin", "al", "le", "la", "ter", "zu"})
_NAME_WORD = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’]*(?:-[\w'’]+)*\.?")


_INSTITUTION = re.compile(r"(?i)(?:universit|institut|stiftung|zentrum|cent(?:er|re)|akademie|academy|hochschule|"
                          r"college|school|foundation|council|ministeri|ministry|bank|gesellschaft|society)")


def name_after(text: str, offset: int) -> NameMention | None:
    """Capitalised words right after `offset` (optionally after a comma): a name, with
    particles ("von der", "bin") and initials ("Charles Q. Brown")."""
    m = re.match(r",?[ \t]+", text[offset:])
    if not m:
        return None
    position = offset + m.end()
    words: list[tuple[int, int]] = []
    particles = False
    while len(words) < 5:
        w = _NAME_WORD.match(text, position)
        if w and particles and _INSTITUTION.match(w.group()):
            break  # "von der Universität Kiel": an affiliation, not a name particle
        if w:
            initial = len(w.group()) == 2 and w.group().endswith(".")
            end = w.end() if initial or not w.group().endswith(".") else w.end() - 1
            words.append((w.start(), end))
            position = end
            if (end != w.end() and not initial) or particles:
                break  # a full stop ends the sentence; one word follows "von der" ("Leyen")
        else:
            p = re.match(r"[a-z]+(?= \w)", text[position:])
            if not (words and p and p.group() in _PARTICLES):
                break
            position += p.end()
            particles = True
        if not re.match(r"[ \t]", text[position:position + 1]):
            break
        position += 1
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    possessive = re.search(r"['’]s?$", text[start:end])
    if possessive:
        end -= len(possessive.group())  # "Fumio Kishida's government"
    return NameMention(start, end, text[start:end])


def name_before(text: str, offset: int) -> NameMention | None:
    """A name that ends with ", " right before `offset` (an apposition: "Mark Rutte, NATO's ...")."""
    head = text[max(0, offset - 80):offset]
    m = re.search(r"((?:[A-ZÀ-ÞĀ-Ž][\w'’-]*\s+){0,3}[A-ZÀ-ÞĀ-Ž][\w'’-]*),\s+(?:(?:the|der|die|den|dem|des)\s+)?$",
                  head)
    if not m:
        return None
    start = offset - len(head) + m.start(1)
    return NameMention(start, start + len(m.group(1)), m.group(1))


# ---------------------------------------------------------------- loose name matching
_CAPITALISED = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’-]*")
_SKELETON = [("sch", "sh"), ("ck", "k"), ("ph", "f"), ("kh", "h"), ("w", "v"), ("z", "s"), ("j", "y"),
             ("yy", "y"), ("iy", "i"), ("ii", "i"), ("ou", "u")]


def skeleton(name: str) -> str:
    """A spelling-neutral form: case, accents and common transliterations folded, so that
    'Selenskyj' ~ 'Zelenskyy', 'Andrij' ~ 'Andrii', 'Peskow' ~ 'Peskov'."""
    folded = normalize_name(name)
    for old, new in _SKELETON:
        folded = folded.replace(old, new)
    return re.sub(r"y\b", "i", folded)  # Dmitry ~ Dmitri


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= 5 and len(b) >= 5:
        return SequenceMatcher(None, a, b).ratio() >= 0.85
    return False


def names_match(mention: str, name: str) -> bool:
    """Whether a mention can name the person: a single word matches any part of the name
    (surname-first names as well), several words must all match parts of the longer one."""
    m, n = skeleton(mention).split(), skeleton(name).split()
    if not m or not n:
        return False
    if len(m) == 1:
        return any(_token_match(m[0], part) for part in n)
    shorter, longer = (m, n) if len(m) <= len(n) else (n, m)
    return all(any(_token_match(part, other) or (len(part) == 1 and other.startswith(part)) for other in longer)
               for part in shorter)


def kb_persons(kb: KnowledgeBase, mention: str) -> list[Person]:
    """Knowledge-base persons the mention can name, with loose spelling."""
    found = kb.find_persons(mention, surnames=len(mention.split()) == 1)
    if found:
        return found
    candidates: dict[str, Person] = {}
    for part in re.split(r"\s+", mention.strip()):
        if len(part) < 3:
            continue
        for person in kb.find_persons(part):
            candidates[person.id] = person
    return [p for p in candidates.values()
            if any(names_match(mention, alias) for alias in [p.name, *p.aliases])]


def corpus_knows(ctx: CheckContext, mention: str) -> list[Evidence]:
    """Corpus sentences that name the person, spelled loosely: the surname (the last
    word), or two words of the name together (surname-first and Arabic names)."""
    parts = [skeleton(w) for w in mention.split() if len(w) >= 3 and w[0].isupper()]
    if not parts:
        return []
    found: list[Evidence] = []
    for source, sentence in ctx.corpus_sentences:
        names = [skeleton(w) for w in _CAPITALISED.findall(sentence.text)]
        hits = {p for p in parts if any(_token_match(p, n) for n in names)}
        if parts[-1] in hits or len(hits) >= 2:
            found.append(Evidence(source.id, sentence.text))
    return found


# ---------------------------------------------------------------- offices and days
# Reports describe the last few days: a holder who left office up to a week before the
# article's date may still be named in it correctly (when the sentence gives no date).
HANDOVER_GRACE = timedelta(days=7)


@dataclass
class _Period:
    first: date
    last: date
    from_sentence: bool  # a date in the sentence, not the article's date

    def text(self, *, capital: bool = True) -> str:
        if self.first == self.last:
            words = f"on {self.first.day} {self.first:%B %Y}"
        else:
            words = f"between {self.first.isoformat()} and {self.last.isoformat()}"
        return words[0].upper() + words[1:] if capital else words


def _periods(ctx: CheckContext, start: int) -> list[_Period]:
    """The days the sentence may speak of, most relevant first. One date in the sentence
    decides alone ("On 5 May 2019, Foreign Minister X said": X must have held the office
    then). No date: the article's date.

    Several dates: a sentence often joins actions with their own dates ("the committee
    voted on 3 May, and President X signed the bill on Friday"), and the date nearest the
    title need not be the date of the person's action: picking it turned a correct holder
    into a false alarm. So then the person counts as right when he held the office on any
    of the sentence's dates or on the article's date (which the annotation rules judge
    by), and is flagged only when he held it on none; the first period (the date closest
    to the title) explains the finding."""
    sentence = ctx.sentence_of(start)
    dated = [d for d in ctx.target.dates if d.value and sentence.start <= d.start < sentence.end]
    if ctx.on is not None:
        # A plan for a later day ("by the end of 2025") is announced by today's holder.
        dated = [d for d in dated if d.value <= ctx.on]
    periods = [_mention_period(d) for d in sorted(dated, key=lambda d: abs(d.start - start))]
    if len(periods) == 1:
        return periods
    if ctx.on is not None:
        periods.append(_Period(ctx.on, ctx.on, False))
    return periods


def _mention_period(mention) -> _Period:
    day = mention.value
    if mention.granularity == "year":
        return _Period(date(day.year, 1, 1), date(day.year, 12, 31), True)
    if mention.granularity == "month":
        return _Period(date(day.year, day.month, 1),
                       date(day.year, day.month, monthrange(day.year, day.month)[1]), True)
    if mention.granularity == "week":
        return _Period(day, day + timedelta(days=6), True)
    return _Period(day, day, True)


def _context_countries(ctx: CheckContext, start: int) -> list[str]:
    """Countries the sentence around the mention names, most often first. Only the
    sentence: a paragraph may be about several countries (measured on the demo corpus,
    where "its Foreign Minister" for the UAE took Israel from the paragraph)."""
    sentence = ctx.sentence_of(start)
    tables = (de_roles.NAMES, de_roles.GENITIVES, de_roles.ADJECTIVES) if ctx.target.language == "de" else (
        en_roles.NAMES, en_roles.ADJECTIVES)
    counts: Counter[str] = Counter()
    for entity in ctx.target.entities:
        if sentence.start <= entity.start < sentence.end and entity.label in ("LOC", "MISC"):
            low = re.sub(r"^the\s+|['’]s$", "", entity.text.lower())
            code = next((table[low] for table in tables if low in table), None)
            if code is not None and len(code) == 2:
                counts[code] += 1
    return [code for code, _ in counts.most_common()]


# Words before a title that say whose office it is without naming the country ("its
# Foreign Minister", "seine Außenministerin"): the context cannot be trusted then.
_OWNER_WORDS = frozenset("""its his her their our your sein seine seinen seinem seiner seines ihr ihre ihren
    ihrem ihrer ihres unser unsere deren dessen""".split())


def _bare_title(ctx: CheckContext, mention: RoleMention) -> bool:
    """Whether nothing before the title qualifies it: no owner word, and no capitalised
    word the role tables did not know ("UAE's", "Kenias") right before it."""
    before = re.search(r"([\w'’.-]+)\s*$", ctx.target.text[max(0, mention.start - 40):mention.start])
    if before is None:
        return True
    word = before.group(1)
    if word.lower() in _OWNER_WORDS:
        return False
    sentence = ctx.sentence_of(mention.start)
    at_sentence_start = not ctx.target.text[sentence.start:mention.start - len(before.group(0))].strip()
    return not (word[0].isupper() and not at_sentence_start)


def _office_name(role: str, country: str | None, org: str | None) -> str:
    if org and role == "secretary_general":
        return f"{org} Secretary General"
    where = en_roles.DISPLAY_NAMES.get(country or "", country) if country else org
    return f"{ROLE_TITLES[role]} of {where}"


def _last_day(term: Term) -> str:
    """The last day in office (a term's `end` is the first day out of it)."""
    return (term.end - timedelta(days=1)).isoformat() if term.end else ""


def _term_text(term: Term) -> str:
    office = _office_name(term.role, term.country, term.org)
    if term.end is None:
        return f"{term.name}, {office} since {term.start.isoformat()}"
    return f"{term.name}, {office} {term.start.isoformat()} to {_last_day(term)}"


def _covering(terms: list[Term], first: date, last: date) -> list[Term]:
    return [t for t in terms if t.start <= last and (t.end is None or t.end > first)]


def _offices(ctx: CheckContext, mention: RoleMention, own: list[Term]) -> list[tuple[str | None, str | None]]:
    """(country, org) pairs the title can mean: named in the phrase, else where the person
    held that role, else (for offices only a state has) the country of the context."""
    if mention.country or mention.org:
        return [(mention.country, mention.org)]
    if own:
        return list(dict.fromkeys((t.country, t.org) for t in own))
    if mention.role in NATIONAL_ONLY and _bare_title(ctx, mention):
        countries = _context_countries(ctx, mention.start)
        return [(countries[0], None)] if countries else []
    return []


def _grace(period: _Period) -> date:
    """Earliest day at which holding the office still counts as right."""
    return period.first if period.from_sentence else period.first - HANDOVER_GRACE


def _covered_on_any(terms: list[Term], periods: list[_Period]) -> bool:
    return any(_covering(terms, _grace(p), p.last) for p in periods)


def _check(ctx: CheckContext, mention: RoleMention, name: NameMention) -> Finding | None:
    periods = _periods(ctx, mention.start)
    if not periods or any(p.first < KB_COVERAGE_START for p in periods):
        return None  # a day before the knowledge base begins may be the one meant
    period = periods[0]
    persons = kb_persons(ctx.kb, name.text)
    ids = {p.id for p in persons}
    all_terms = [t for p in persons for t in ctx.kb.terms_of(p.id) if t.role == mention.role]
    if _covered_on_any(all_terms, periods):
        return None  # held this role (perhaps of another country the phrase did not name)
    covered, _ = ctx.kb.covered()
    holders: list[Term] = []
    for country, org in _offices(ctx, mention, all_terms):
        if country and country not in covered:
            return None
        terms = ctx.kb.office_terms(mention.role, country=country, org=org)
        if not terms or terms[0].start > period.first:
            return None  # the knowledge base does not reach back to that day for this office
        if _covered_on_any([t for t in terms if t.person_id in ids or names_match(name.text, t.name)], periods):
            return None
        holders += _covering(terms, period.first, period.last)
    if not holders:
        return None
    office = _office_name(holders[0].role, holders[0].country, holders[0].org)
    who = "; ".join(f"{t.name} (since {t.start.isoformat()})" for t in holders[:2])
    if not persons:
        if len(name.text.split()) < 2 or corpus_knows(ctx, name.text):
            return None  # a bare surname could be anyone; a person the sources know may be missing from the KB
        why = (f"{period.text()} the {office} was {who}; the knowledge base knows no {name.text} "
               f"in this or any other office.")
    elif all_terms:
        held = "; ".join(f"{t.name} held it from {t.start.isoformat()}" + (f" to {_last_day(t)}" if t.end else "")
                         for t in all_terms[:2])
        why = f"{period.text()} the {office} was {who}; {held}."
    else:
        why = f"{period.text()} the {office} was {who}; {persons[0].name} never held this office."
    start, end = min(mention.start, name.start), max(mention.end, name.end)
    evidence = [Evidence(f"kb:{t.person_id}", _term_text(t)) for t in holders[:2] + all_terms[:2]]
    return Finding(
        kind="wrong_office_holder",
        start=start,
        end=end,
        text=ctx.target.text[start:end],
        severity="high",
        explanation=why,
        evidence=evidence,
    )


def _trim_to_entity(ctx: CheckContext, name: NameMention) -> NameMention:
    """Cut capitalised words that run on past the recognised person ("Joe Biden Kiew"),
    unless the whole run is a name the knowledge base knows: the recogniser sometimes tags
    only the first name when the surname is also a common noun ("Ann Eiche" would be
    cut to "Ann"), and a lone first name cannot be checked."""
    if len(name.text.split()) >= 2 and any(
        names_match(name.text, p.name) and len(name.text.split()) <= len(p.name.split())
        for p in kb_persons(ctx.kb, name.text)
    ):
        return name
    for entity in ctx.target.entities:
        if entity.label == "PER" and entity.start <= name.start < entity.end < name.end:
            return NameMention(name.start, entity.end, ctx.target.text[name.start:entity.end])
    return name


def _is_name(ctx: CheckContext, name: NameMention) -> bool:
    """A person's name: known to the knowledge base or recognised as a person."""
    if kb_persons(ctx.kb, name.text):
        return True
    return any(e.label == "PER" and e.start < name.end and name.start < e.end for e in ctx.target.entities)


def titled_names(ctx: CheckContext) -> list[tuple[RoleMention, NameMention]]:
    """Each office title with the person it is given to (after it, else in an apposition)."""
    text = ctx.target.text
    pairs: list[tuple[RoleMention, NameMention]] = []
    for mention in find_role_phrases(text, ctx.target.language):
        name = name_after(text, mention.end)
        if name is not None:
            name = _trim_to_entity(ctx, name)
            if not _is_name(ctx, name) or find_role_phrases(name.text, ctx.target.language):
                name = None
        if name is None:
            before = name_before(text, mention.start)
            if before is not None and _is_name(ctx, before):
                name = before
        if name is not None:
            pairs.append((mention, name))
    return pairs


def find_wrong_office_holders(ctx: CheckContext) -> list[Finding]:
    if ctx.on is None:
        return []
    findings: list[Finding] = []
    for mention, name in titled_names(ctx):
        if mention.former or mention.designate:
            continue
        finding = _check(ctx, mention, name)
        if finding is not None and not any(f.start < finding.end and finding.start < f.end for f in findings):
            findings.append(finding)
    return findings
