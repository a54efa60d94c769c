"""Quotes and their speakers: direct quotes in quote marks, indirect and reported speech.

Rule based. The per-language word lists live in `lagebild.nlp.lang.<lang>_quotes`; the
logic here is shared. The text is cut into *segments* (sentences, merged so that no pair
of quote marks crosses a segment boundary), each segment into words, and every quoted
passage becomes a single placeholder word. Frames are then matched on those words:

- "X sagte: „…“", "„…“, sagte X", "„…“, so X"         -> direct quote with speaker X
- "X sagte, (dass) …", "…, sagte X", "Wie X mitteilte, …" -> indirect quote
- "laut X …", "nach Angaben von X …", "X zufolge …"      -> indirect quote
- "Dies teilte X mit." after a sentence                   -> that sentence, speaker X
- subjunctive sentences after a quote ("Er sei …")        -> the same speaker again

- English tags after a quote: "“…,” X said", "“…,” said X", "“…,” he told reporters"
- English and German definite role nouns ("the president", "die Ministerin") -> the person
  last named with that role ("President Joe Biden", "Außenministerin Anna Berg")

Speakers are noun phrases found next to the frame; pronouns are resolved to the nearest
earlier person, and names and role words are split into `speaker` and `role`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from types import ModuleType

from lagebild.nlp.doc import Doc, Quote
from lagebild.nlp.pipeline import ComponentFn, component

_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:[-'’.]\w+)*|[^\w\s]")
_SENTENCE_END = ".!?"
# Auxiliaries that may open a postposed frame: "„…“, hatte der Minister gesagt."
_AUX = {"hatte", "hat", "habe", "hätte", "hatten", "haben", "has", "had", "wird", "wurde"}
# English words that end a lowercase noun phrase (verbs and auxiliaries).
_EN_STOP = {"is", "was", "were", "are", "be", "been", "has", "have", "had", "will", "would",
            "could", "can", "should", "may", "might", "must", "did", "does", "do", "that", "who",
            "which", "on", "in", "at", "to", "of", "for", "and", "or", "but", "with", "by"}
# Words before ", dass" that make it no reported clause ("so, dass", "ohne, dass").
_NO_THAT_BEFORE = {"so", "ohne", "statt", "anstatt", "außer", "dadurch", "davon", "darauf"}
_CLAUSE_BREAKS = {",", ":", ";", "–", "—", "(", ")"}
# Capitalised words at a sentence start that are not nouns (German capitalises nouns,
# so a capital alone does not make a name there).
_OPENERS = {
    "de": set(
        """ab als am an auch auf aus außerdem bei beim bereits bis da dabei dadurch dafür
        dagegen daher damals damit danach dann darauf darüber darum demnach dennoch deshalb
        doch durch ebenfalls einst erst falls ferner für gegen gegenüber gestern gleichzeitig
        heute hier hingegen im in indes inzwischen jedoch jetzt kurz laut mit morgen nach
        nachdem neben nun nur ob obwohl oder ohne schon seit so sobald sogar sowie später
        statt trotz trotzdem um und unter vom von vor während weil weiter wenn wie wo
        zudem zuerst zugleich zum zunächst zur zuvor zwar über ähnlich allerdings insgesamt
        zusammenfassend besonders wegen zufolge letztlich schließlich daraufhin anschließend
        ebenso außer derzeit bislang bisher unterdessen mittlerweile vielmehr""".split()
    ),
    "en": set(
        """a about after also although an and as at because before but by during for from
        however if in meanwhile on since so still the then though to under when while with
        yet earlier later today yesterday""".split()
    ),
}


@dataclass
class Word:
    start: int
    end: int
    text: str
    low: str
    quote: int | None = None  # index into the segment's quotes when this is a placeholder

    @property
    def is_cap(self) -> bool:
        return self.quote is None and self.text[:1].isupper()

    @property
    def is_lower(self) -> bool:
        return self.quote is None and self.text[:1].islower()


@dataclass
class Speaker:
    start: int
    end: int
    name: str | None
    role: str | None
    person: bool  # a person (name or pronoun) rather than an organisation or document
    gender: str | None = None


@dataclass
class Marked:
    """A passage between quote marks: [open_mark, close_mark] and the words inside."""

    open_at: int
    close_at: int  # offset of the closing mark
    speaker: Speaker | None = None
    framed: bool = False  # a speech frame points at it
    inner_ok: bool = False  # lies inside an indirect quote of a framed speaker

    @property
    def start(self) -> int:
        return self.open_at + 1

    @property
    def end(self) -> int:
        return self.close_at


@dataclass
class Found:
    start: int
    end: int
    speaker: Speaker | None
    direct: bool
    kind: str = "content"  # content, reported, previous, continued, direct (for tracing)


@dataclass
class Context:
    """What the previous segments leave for the next: the last speaker and the persons seen."""

    speaker: Speaker | None = None
    segment: int = -10
    persons: list[Speaker] = field(default_factory=list)


class QuoteFinder:
    def __init__(self, language: str) -> None:
        self.language = language if language in ("de", "en") else "en"
        self.rules: ModuleType = importlib.import_module(f"lagebild.nlp.lang.{self.language}_quotes")
        self.openers = _OPENERS[self.language]
        r = self.rules
        self.source_phrases: tuple[tuple[str, ...], ...] = getattr(r, "SOURCE_PHRASES", ())
        self.verb_first = self.language == "en"  # English frames need no comma: "X said the ..."
        # every role noun ending with its feminine forms, for one C-level endswith call
        self.role_endings: tuple[str, ...] = tuple(
            x + end for x in r.ROLE_SUFFIXES for end in ("", "in", "innen")
        )
        self.role_words: frozenset[str] = frozenset(r.ROLE_SUFFIXES)
        self._role_cache: dict[str, bool] = {}
        self.trace: list[tuple[int, int, str]] | None = None  # set to a list to see each rule's quotes

    # ----------------------------------------------------------------- quote marks
    def marked_passages(self, text: str) -> list[Marked]:
        """Pairs of quote marks within one paragraph; an opener without a closer is skipped."""
        found: list[Marked] = []
        pairs = self.rules.QUOTE_PAIRS
        for line in re.finditer(r"[^\n]+", text):
            base, s = line.start(), line.group()
            i = 0
            while i < len(s):
                ch = s[i]
                if ch in pairs and _opens(s, i):
                    j = self._closing(s, i, pairs[ch])
                    if j is not None:
                        found.append(Marked(base + i, base + j))
                        i = j + 1
                        continue
                i += 1
        return found

    @staticmethod
    def _closing(s: str, i: int, closers: str) -> int | None:
        for j in range(i + 1, len(s)):
            if s[j] in closers and j > i + 1 and _closes(s, j):
                return j
            # a second opener of the same kind before any closer: this one is unbalanced
            if s[j] == s[i] and s[i] not in closers and _opens(s, j):
                return None
        return None

    # ----------------------------------------------------------------- segments
    def segments(self, doc: Doc, marks: list[Marked]) -> list[tuple[int, int]]:
        """Sentences, merged where a quoted passage runs across a sentence boundary."""
        sents = [(s.start, s.end) for s in doc.sentences] or _fallback_sentences(doc.text)
        merged: list[list[int]] = []
        for start, end in sents:
            if merged and (
                any(m.open_at < start <= m.close_at for m in marks if m.open_at >= merged[-1][0])
                or self.verb_first and self._tag_follows(doc.text, merged[-1][0], merged[-1][1], start, end, marks)
            ):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        # a closing mark just after a sentence end belongs to the sentence before
        return [(a, b) for a, b in merged]

    def _tag_follows(self, text: str, a: int, b: int, start: int, end: int, marks: list[Marked]) -> bool:
        """English `“We welcome Finland!” NATO chief Jens Stoltenberg said.`: the splitter
        ends the sentence after a quoted "!" or "?", but the speech tag that follows belongs
        to the quotation."""
        last = next((m for m in marks if a <= m.open_at and m.close_at < b and not text[m.close_at + 1 : b].strip()), None)
        if last is None or text[last.start : last.end].rstrip()[-1:] not in "!?":
            return False
        tokens = _tokenize(text, start, min(end, start + 120))
        for k, w in enumerate(tokens[:9]):
            if w.text[:1].isalnum() or w.text == "." and k > 0 and tokens[k - 1].low + "." in self.rules.TITLES:
                if w.is_lower and (w.low in self.rules.SPEECH_VERBS):
                    return k > 0 and (k == 1 or tokens[0].is_cap or tokens[0].low in self.rules.DETERMINERS)
                continue
            return False
        return False

    def words(self, text: str, start: int, end: int, marks: list[Marked]) -> list[Word]:
        out: list[Word] = []
        inside = [m for m in marks if start <= m.open_at and m.close_at < end]
        pos = start
        for qi, m in enumerate(inside):
            out.extend(_tokenize(text, pos, m.open_at))
            out.append(Word(m.open_at, m.close_at + 1, text[m.open_at : m.close_at + 1], "\x00q", qi))
            pos = m.close_at + 1
        out.extend(_tokenize(text, pos, end))
        return out

    # ----------------------------------------------------------------- word classes
    def is_speech_verb(self, words: list[Word], i: int) -> bool:
        w = words[i]
        if not w.is_lower:
            return False
        r = self.rules
        if w.low in r.SPEECH_VERBS or w.low in r.SEPARABLE_FORMS:
            return True
        particles = r.SEPARABLE_VERBS.get(w.low)
        if particles and i > 0 and any(words[i - 1].low == p.split()[-1] for p in particles):
            return True  # verb-final clause: "wie X bekannt gab"
        if particles:
            stop = _next_break(words, i + 1)
            tail = " ".join(x.low for x in words[i + 1 : stop] if x.text not in _SENTENCE_END)
            return any(tail == p or tail.endswith(" " + p) for p in particles)
        return False

    def is_role(self, low: str) -> bool:
        known = self._role_cache.get(low)
        if known is None:
            base = low.rsplit("-", 1)[-1]
            if self.language == "de" and base.endswith("s") and len(base) > 5:
                base = base[:-1]  # genitive: "des Ministers"
            if len(self._role_cache) > 100_000:  # a long-running process sees many words
                self._role_cache.clear()
            if self.language == "en":
                # English role nouns are whole words ("ahead" is no "head", "wheelchair" no "chair")
                known = self._role_cache[low] = base in self.role_words
            else:
                known = self._role_cache[low] = base.endswith(self.role_endings)
        return known

    def parse_np(self, words: list[Word], i: int, stop: int | None = None) -> int:
        """End (exclusive) of the noun phrase starting at word i, or i when there is none."""
        r = self.rules
        n = len(words) if stop is None else stop
        if i >= n:
            return i
        if words[i].low in r.PRONOUNS and words[i].quote is None:
            return i + 1
        j, head = i, False
        while j < n:
            w = words[j]
            if w.quote is not None:
                # a quoted name right after a head noun: „Le Canard enchaîné“
                if head and j > i and words[j - 1].low in r.DETERMINERS | r.NP_LINKS:
                    j += 1
                    continue
                break
            low = w.low
            if low in r.DETERMINERS and not (head and low in ("sein", "ihr")):
                if head and not (j + 1 < n and (words[j + 1].is_cap or words[j + 1].is_lower)):
                    break
                if head and low not in r.NP_LINKS and not (self.verb_first and words[j - 1].low in r.NP_LINKS):
                    break
                j += 1
                continue
            if w.is_cap and j + 2 < n and words[j + 1].text == "." and low + "." in r.TITLES and words[j + 2].is_cap:
                j += 2  # "Mr. Smith", "Dr. Roth": the abbreviation dot is no sentence end
                continue
            # function words are capitalised only at a sentence start, so only there do
            # they end the phrase; inside it "Kurz" or "Wie" is a name
            if w.is_cap and (j > i or low not in self.openers or low in r.DETERMINERS):
                if low in r.NON_SPEAKERS and j == i:
                    break
                head = True
                j += 1
                continue
            if w.text.isdigit() or w.text in ("-", "'", "’"):
                j += 1
                continue
            if w.text == "(" and head:
                close = next((k for k in range(j + 1, min(n, j + 6)) if words[k].text == ")"), None)
                if close is not None:
                    j = close + 1
                    continue
                break
            if low in r.NP_LINKS and head and j + 1 < n and words[j + 1].low not in getattr(r, "TIME_NOUNS", ()) and (
                words[j + 1].is_cap
                or words[j + 1].low in r.DETERMINERS
                or (j + 2 < n and _adjective_like(words[j + 1].low) and words[j + 2].is_cap)
            ):
                j += 1
                continue
            after_det = j > i and words[j - 1].low in r.DETERMINERS
            if w.is_lower and (not head or after_det) and not self.verb_first and _adjective_like(low) and low not in r.SPEECH_VERBS:
                j += 1
                continue
            if self.verb_first and w.is_lower and head and self.is_role(low) and words[j - 1].is_cap:
                # a lowercase role noun after a name or an adjective: "White House spokeswoman X"
                head = True
                j += 1
                continue
            if self.verb_first and w.is_lower and j > i and words[j - 1].low in r.DETERMINERS | {"police"}:
                # English nouns are lowercase: "the police", "a senior official"
                k = j
                while k < n and k - j < 3 and words[k].is_lower and words[k].low not in r.SPEECH_VERBS and words[k].low not in _EN_STOP and not (k > j and words[k].low.endswith("ed")):
                    k += 1
                if k > j:
                    head, j = True, k
                    continue
            break
        if not head:
            return i
        while j > i and (words[j - 1].low in r.NP_LINKS or words[j - 1].low in r.DETERMINERS or words[j - 1].text == "-"):
            j -= 1
        return j

    # ----------------------------------------------------------------- speakers
    def speaker_from(self, doc: Doc, words: list[Word], a: int, b: int, ctx: Context) -> Speaker | None:
        """A speaker for the noun phrase words[a:b]."""
        if b <= a:
            return None
        r = self.rules
        first = words[a]
        if b - a == 1 and first.low in r.PRONOUNS:
            return self.resolve_pronoun(first, ctx)
        if b - a == 1 and first.low in r.NON_SPEAKERS:
            return None
        while b - a > 1 and words[a].quote is None and not words[a].text[:1].isalnum():
            a += 1  # "(Yonhap) -- President Yoon": the dashes are no part of the mention
            first = words[a]
        start, end = words[a].start, words[b - 1].end
        text = doc.text
        body = [w for w in words[a:b] if w.low not in r.DETERMINERS or w.is_cap and w.low not in r.DETERMINERS]
        while body and body[0].low in r.DETERMINERS:
            body = body[1:]
        persons = [e for e in doc.entities if e.label == "PER" and start <= e.start and e.end <= end]
        role_idx = [k for k, w in enumerate(body) if (w.is_cap or self.verb_first) and self.is_role(w.low)]
        name: str | None = None
        person = False
        if persons:
            name = persons[-1].text
            person = True
            name_start = persons[-1].start
        else:
            # trailing capitalised words after a role noun or title make the name,
            # unless they hang off a link word ("Sprecher des Ministeriums")
            k = len(body)
            while k > 0 and body[k - 1].is_cap and not self.is_role(body[k - 1].low) and body[k - 1].low not in r.INSTITUTION_NOUNS:
                k -= 1
            tail = body[k:]
            # a name after a complement belongs to it: "Berater des Premierministers Shinzo Abe"
            linked = bool(tail) and any(w.low in r.NP_LINKS for w in words[a + 1 : b] if w.start < tail[0].start)
            if tail and not linked and not any(t.text.isupper() and len(t.text) > 1 for t in tail[-1:]) and (k > 0 or len(tail) <= 3):
                name = text[tail[0].start : tail[-1].end]
                name_start = tail[0].start
                person = bool(role_idx) or k == 0
            else:
                name_start = end
        role = None
        if role_idx:
            role_words = [w for w in body if w.start < name_start]
            if role_words:
                role = text[role_words[0].start : role_words[-1].end].strip(" ,")
        gender = self.role_gender(body[role_idx[0]].low) if role_idx else None
        if name is None and role and words[a].low in r.DEFINITE:
            # "the president", "die Ministerin": the person last named with that role
            head_at = body[role_idx[-1]]
            ante = self.resolve_role(text[body[0].start : head_at.end], start, ctx)
            if ante is not None:
                spk = Speaker(start, end, ante.name, role, True, ante.gender or gender)
                ctx.persons.append(spk)
                return spk
        if name is None:
            name = text[body[0].start : body[-1].end] if body else text[start:end]
        if gender is None:
            gender = getattr(r, "TITLE_GENDER", {}).get(first.low)
        spk = Speaker(start, end, name, role, person, gender)
        if person:
            ctx.persons.append(spk)
        return spk

    def role_gender(self, low: str) -> str | None:
        """The gender a role noun asks for: German "-in" forms, English "-woman" and the like."""
        if self.language == "de":
            return "f" if low.endswith("in") else "m"
        return self.rules.ROLE_GENDER.get(low.rsplit("-", 1)[-1])

    def resolve_role(self, role: str, before: int, ctx: Context) -> Speaker | None:
        """The person most recently named (before offset `before`) with a role whose head
        noun is that of `role`: "the president" -> "President Joe Biden", "der Kanzler" ->
        "Bundeskanzler Olaf Scholz". A deputy or former holder does not count for the office."""
        want = _role_key(role)
        if not want:
            return None
        head, mods = want[-1], set(want[:-1])
        lesser = self.rules.LESSER_ROLE_WORDS
        fallback: Speaker | None = None
        for p in reversed(ctx.persons):
            if p.start >= before or not p.role or not p.name:
                continue
            have = _role_key(p.role)
            # the head is the last role noun: "Secretary of State" -> "secretary"
            h = next((k for k in range(len(have) - 1, -1, -1) if self.is_role(have[k])), len(have) - 1)
            if not have or not have[h].endswith(head):
                continue
            extra = have[h][: len(have[h]) - len(head)]
            if extra.startswith(lesser) or any(_lesser(x, lesser) for x in have[:h] if x not in mods):
                continue  # "Vizepräsident", "Vice President", "former minister"
            if self.is_role(p.name.split()[-1].lower()):
                continue  # an unresolved role phrase, no name
            if mods <= set(have) or all(m in p.role.lower() for m in mods):
                return p
            if fallback is None:
                fallback = p
        return fallback

    def resolve_pronoun(self, w: Word, ctx: Context) -> Speaker:
        want = self.rules.PRONOUNS.get(w.low)
        for p in reversed(ctx.persons):
            if p.start >= w.start:
                continue
            if self.verb_first and not _name_like(p.name):
                continue  # "Javelin anti-tank", "president": no person's name
            if want is None or p.gender in (None, want):
                return Speaker(w.start, w.end, p.name, p.role, True, p.gender)
        return Speaker(w.start, w.end, None, None, True, want)

    def subject(self, doc: Doc, words: list[Word], lo: int, verb: int, ctx: Context) -> Speaker | None:
        """The speaker of a frame whose verb is words[verb]; the clause starts at lo."""
        r = self.rules
        if lo == verb and lo >= 2 and words[lo - 1].text == ",":
            # "X, who has advised …, said" / "X, die … hatte, sagte": the subject stands
            # before the relative clause
            pb = _prev_break(words, lo - 1)
            if pb is not None and words[pb].text == "," and self._relative_at(words, pb + 1):
                pb2 = _prev_break(words, pb)
                lo2 = 0 if pb2 is None else pb2 + 1
                j = self.parse_np(words, lo2, pb)
                if j == pb and j > lo2:
                    return self.speaker_from(doc, words, lo2, j, ctx)
        if lo < verb and words[lo].low in r.AS_FRAME_WORDS:
            j = self.parse_np(words, lo + 1, verb)
            if j > lo + 1:
                return self.speaker_from(doc, words, lo + 1, j, ctx)
        # subject first: "Der Sprecher (, Titel,) sagte/hat ... gesagt"
        if lo < verb and words[lo].low not in self.openers or (lo < verb and words[lo].low in r.DETERMINERS):
            j = self.parse_np(words, lo, verb)
            end = j
            if j > lo and j < verb and words[j].text == ",":
                k = self.parse_np(words, j + 1, verb)
                if k > j + 1 and k < verb and words[k].text == ",":
                    end = k
                    j = k + 1
            if j > lo and (j == verb or (j < verb and words[j].is_lower)):
                return self.speaker_from(doc, words, lo, end, ctx)
        # verb first: "sagte der Sprecher", "erklärte sie"
        for at in (verb + 1,) + tuple(k + 1 for k in range(lo, verb) if words[k].is_lower):
            j = self.parse_np(words, at)
            if j > at:
                # apposition after a name: "Li Fei, der stellvertretende Vorsitzende, ..."
                return self.speaker_from(doc, words, at, j, ctx)
        if self.verb_first and lo < verb:
            j = self.parse_np(words, lo, verb)
            if j > lo:
                return self.speaker_from(doc, words, lo, j, ctx)
        return None

    # ----------------------------------------------------------------- frames in a segment
    def analyse_segment(self, doc: Doc, seg: int, words: list[Word], marks: list[Marked], ctx: Context, prev: tuple[int, int] | None) -> list[Found]:
        r = self.rules
        found: list[Found] = []
        n = len(words)
        if n == 0:
            return found
        last = n
        while last > 0 and words[last - 1].text in _SENTENCE_END + ")":
            last -= 1
        frame = self.quote_tag(doc, words, last, ctx) if self.verb_first else None
        if frame is None:
            frame = self.so_frame(doc, words, last, ctx)
        if frame is not None and frame[1] is not None and frame[1][1] < last:
            # "A, so X, der auch sagte, B": a second frame may follow the first
            rest = self.speech_frame(doc, words, last, ctx, prev)
            if rest is not None and rest[2] == "content" and rest[1] is not None and rest[1][0] > frame[1][1]:
                a, b = rest[1]
                found.append(Found(words[a].start, words[b - 1].end, rest[0], False, "content"))
        if frame is None:
            frame = self.speech_frame(doc, words, last, ctx, prev)
        if frame is None:
            frame = self.source_content(doc, words, last, ctx)
        if frame is None:
            frame = self.that_clause(doc, words, last, ctx)
        has_quote = any(w.quote is not None for w in words)
        near = seg - ctx.segment
        if frame is not None:
            spk, content, kind = frame
            if kind == "previous" and prev is not None:
                found.append(Found(prev[0], prev[1], spk, False, kind))
            elif content is not None:
                a, b = content
                while a < b and words[a].text in ",:;–—-":
                    a += 1
                inner = [w for w in words[a:b] if w.text not in ",.;:!?"]
                only_quote = len(inner) == 1 and inner[0].quote is not None
                if len(inner) >= 2 and not only_quote:
                    found.append(Found(words[a].start, words[b - 1].end, spk, False, kind))
                    for w in words[a:b]:
                        if w.quote is not None:
                            self._mark(marks, w).inner_ok = True
            for w in words:
                if w.quote is not None:
                    m = self._mark(marks, w)
                    m.speaker, m.framed = spk, True
            if spk is not None or kind not in ("previous", "speaker"):
                ctx.speaker, ctx.segment = spk, seg
            return found
        # no frame of its own: reported speech continued ("Er sei …"), or a quoted passage
        # that carries on from the last speaker
        if ctx.speaker is not None and (near <= 2 and self.subjunctive(words, strong_only=True) or near <= 1 and self.subjunctive(words, strong_only=False)):
            found.append(Found(words[0].start, words[-1].end, ctx.speaker, False, "continued"))
            for w in words:
                if w.quote is not None:
                    m = self._mark(marks, w)
                    m.speaker, m.inner_ok = ctx.speaker, True
            ctx.segment = seg
            return found
        if has_quote and ctx.speaker is not None and near <= 1:
            for w in words:
                if w.quote is not None:
                    self._mark(marks, w).speaker = ctx.speaker
            ctx.segment = seg
        return found

    @staticmethod
    def _mark(marks: list[Marked], w: Word) -> Marked:
        return next(m for m in marks if m.open_at == w.start)

    def speech_frame(self, doc: Doc, words: list[Word], last: int, ctx: Context, prev: tuple[int, int] | None) -> tuple[Speaker | None, tuple[int, int] | None, str] | None:
        """A frame around a speech verb: (speaker, content word range, kind)."""
        r = self.rules
        n = len(words)
        reported: tuple[Speaker | None, tuple[int, int] | None, str] | None = None
        for i in range(n):
            if not self.is_speech_verb(words, i):
                if words[i].low in r.REPORTED_VERBS and words[i].is_lower and reported is None:
                    lo = _prev_break(words, i)
                    spk = self.subject(doc, words, 0 if lo is None else lo + 1, i, ctx)
                    if spk is not None:
                        reported = (spk, (0, last), "reported") if self.reported_ok(words, i, last) else (spk, None, "speaker")
                continue
            brk = _next_break(words, i + 1)
            prev_brk = _prev_break(words, i)
            lo = 0 if prev_brk is None else prev_brk + 1
            lo = self._clause_start(words, lo, i)
            if lo > 0 and words[lo - 1].text == "," and self._relative_at(words, lo) and (
                self.verb_first or brk + 1 < n and words[brk].text == "," and self.is_speech_verb(words, brk + 1)
            ):
                # a relative clause before the main verb frames nothing: "X, die … angegeben
                # hatte, sagte …", "X, who has advised …, said …"
                continue
            # preposed: "X sagte(,|:) …", "Wie X mitteilte, …"
            if brk < n and words[brk].text in (",", ":") and brk - i <= 8 and brk + 1 < last:
                if words[brk].text == ":" or self.content_ok(words, brk + 1):
                    spk = self.subject(doc, words, lo, i, ctx)
                    if spk is None and lo > 0:
                        spk = self.subject(doc, words, 0, i, ctx)
                    return spk, (brk + 1, last), "content"
            # postposed: "…, sagte X." / "„…“, erklärte sie am Montag" / "…, wie X mitteilte."
            if prev_brk is not None and words[prev_brk].text == "," and self._opens_postposed(words, lo, i, brk):
                c0 = _content_start(words, 0, prev_brk)
                if prev_brk > c0:
                    if words[lo].low in r.AS_FRAME_WORDS:
                        spk = self.speaker_from(doc, words, lo + 1, self.parse_np(words, lo + 1), ctx)
                    else:
                        spk = self.subject(doc, words, lo, i, ctx)
                    return spk, (c0, prev_brk), "content"
            # English: "X said (that) the …" without a comma
            after_relative = lo == i and lo > 1 and words[lo - 1].text == "," and (pb := _prev_break(words, lo - 1)) is not None and self._relative_at(words, pb + 1)
            if self.verb_first and brk > i + 2 and (lo < i and self.parse_np(words, lo, i) == i or after_relative):
                spk = self.subject(doc, words, lo, i, ctx)
                c0 = i + 1
                stop = min(brk, i + 6)
                while c0 < stop and words[c0].low not in r.COMPLEMENTIZERS:
                    c0 += 1
                if c0 >= stop:
                    c0 = i + 1 if words[i].low in ("said", "says", "say") else -1
                if spk is not None and c0 > 0 and last - c0 >= 3:
                    return spk, (c0, last), "content"
            # anaphoric: "Dies teilte X mit." -> the previous sentence
            if i <= 2 and words[0].low in r.ANAPHORS and prev is not None:
                spk = self.subject(doc, words, 0, i, ctx)
                if spk is not None:
                    return spk, None, "previous"
            # reported: "Die Polizei spricht von …", "Er bezeichnete es als …"
            if reported is None and (words[i].low in r.REPORTED_VERBS or words[i].low in r.SPEECH_VERBS):
                spk = self.subject(doc, words, lo, i, ctx)
                if spk is not None and spk.end <= words[i].start + 80:
                    # without the marks of a report it only names who speaks next
                    kind = "reported" if self.reported_ok(words, i, last) else "speaker"
                    reported = (spk, (0, last) if kind == "reported" else None, kind)
        return reported

    def reported_ok(self, words: list[Word], verb: int, last: int) -> bool:
        """Whether a sentence whose verb is words[verb] reads as a report of speech."""
        r = self.rules
        if words[verb].low not in r.REPORTED_VERBS or last < 6:
            return False
        if any(w.low in r.PASSIVE_AUX for w in words[:last]):
            return False
        # a clause in parentheses ("(Wikinews berichtete.)") or a relative clause is no report
        return not any(w.text in "()" for w in words[:last])

    def _relative_at(self, words: list[Word], k: int) -> bool:
        """Whether a relative clause starts at words[k] ("die die Stärke …", "der sich …",
        "who has …"), as opposed to a main clause ("die Regierung sagte")."""
        rel = getattr(self.rules, "RELATIVE_PRONOUNS", set())
        if k + 1 >= len(words) or words[k].low not in rel or words[k].quote is not None:
            return False
        if self.verb_first:
            return True
        nxt = words[k + 1]
        return not (nxt.is_cap or (_adjective_like(nxt.low) and k + 2 < len(words) and words[k + 2].is_cap))

    def _clause_start(self, words: list[Word], lo: int, verb: int) -> int:
        """Move a clause start back over an apposition to a fronted "Wie X, Titel, mitteilte"."""
        for k in range(verb - 1, -1, -1):
            if words[k].low in self.rules.AS_FRAME_WORDS and (k == 0 or words[k - 1].text in (",", ";")):
                if not any(self.is_speech_verb(words, j) for j in range(k + 1, verb)):
                    return k
                break
        return lo

    def _opens_postposed(self, words: list[Word], lo: int, verb: int, brk: int) -> bool:
        """True for a clause like "sagte X (am Montag)", "hatte X gesagt", "wie X mitteilte"."""
        r = self.rules
        n = len(words)
        if words[lo].low in r.AS_FRAME_WORDS:
            return True
        if verb == lo or (verb - lo <= 5 and words[lo].is_lower and words[lo].low in _AUX):
            end = brk
            j = self.parse_np(words, verb + 1) if verb == lo else verb
            # the frame runs to the sentence end, give or take a few adverbial words
            tail = [w for w in words[j:end] if w.text not in _SENTENCE_END]
            if self.verb_first and tail and tail[0].is_lower and tail[0].low not in self.openers | _EN_STOP:
                return False  # "…, said the meeting marked a turning point": content follows
            if self.verb_first and verb == lo:
                pb = _prev_break(words, lo - 1) if lo > 0 else None
                if pb is not None and self._relative_at(words, pb + 1):
                    return False  # "X, who has advised …, said …": the subject comes first
            return len(tail) <= 4 and (end >= n or words[end].text in _SENTENCE_END + ",;")
        if not self.verb_first or verb - lo > 4:
            return False
        # English "…, X said (on Monday)." ends the sentence; "In an interview, X said the …"
        # has its content after the verb
        tail = [w for w in words[verb + 1 : brk] if w.text not in _SENTENCE_END]
        if any(w.quote is not None or w.low in r.COMPLEMENTIZERS for w in tail) or len(tail) > 5:
            return False
        head = [w for w in words[:lo] if w.text not in ",;"]
        return not (head and head[0].low in self.openers and len(head) <= 5)

    def content_ok(self, words: list[Word], c: int) -> bool:
        """Whether the words from c on can be reported content: a quote, a "dass" clause,
        a main clause or an infinitive clause, but not a relative or adverbial clause."""
        r = self.rules
        while c < len(words) and words[c].text in "–—-":
            c += 1
        if c >= len(words):
            return False
        w = words[c]
        if w.quote is not None or w.low in r.COMPLEMENTIZERS:
            return True
        if w.low in getattr(r, "ADVERBIAL_SUBORDINATORS", ()):
            return False
        if w.low in getattr(r, "RELATIVE_PRONOUNS", ()) and c + 1 < len(words):
            nxt = words[c + 1]
            # "die Lage bleibe …" is an article; "die bereits …", "der sich …" a relative
            return nxt.is_cap or (_adjective_like(nxt.low) and c + 2 < len(words) and words[c + 2].is_cap)
        return True

    def quote_tag(self, doc: Doc, words: list[Word], last: int, ctx: Context) -> tuple[Speaker | None, None, str] | None:
        """An English speech tag right after a quotation: "“…,” X said", "“…,” said X",
        "“…,” he told reporters", "“…?” the minister asked on Monday". The quotation must
        end in a comma, question or exclamation mark (inside or after the closing mark), or
        open its sentence; scare quotes and titles inside a sentence do neither."""
        r = self.rules
        n = len(words)
        for q, w in enumerate(words[:last]):
            if w.quote is None:
                continue
            t = q + 1
            if t < n and words[t].text == ",":
                t += 1
                punct = True
            else:
                punct = w.text[1:-1].rstrip()[-1:] in ",!?…—-"
            if not punct and any(x.quote is None and x.text[:1].isalnum() for x in words[:q]):
                continue
            if t >= last:
                continue
            if self.is_speech_verb(words, t):
                j = self.parse_np(words, t + 1)
                return (self.speaker_from(doc, words, t + 1, j, ctx) if j > t + 1 else None), None, "speaker"
            j = self.parse_np(words, t)
            if j == t and words[t].low in r.NON_SPEAKERS and words[t].is_lower:
                j = t + 1  # "“…,” it said": framed, but no person to name
                if j < n and self.is_speech_verb(words, j):
                    return None, None, "speaker"
                continue
            if j > t:
                v = j
                while v < last and v - j < 2 and words[v].low in r.TAG_ADVERBS:
                    v += 1
                if v < n and self.is_speech_verb(words, v):
                    return self.speaker_from(doc, words, t, j, ctx), None, "speaker"
        return None

    def so_frame(self, doc: Doc, words: list[Word], last: int, ctx: Context) -> tuple[Speaker | None, tuple[int, int], str] | None:
        """"„…“, so der Sprecher." and "A, so X, B"."""
        r = self.rules
        n = len(words)
        for i in range(1, n - 1):
            if words[i].low in r.POSTPOSED_MARKERS and words[i - 1].text == "," and words[i].is_lower:
                j = self.parse_np(words, i + 1)
                k = j
                while k < n and k - j < 4 and words[k].text not in _SENTENCE_END + ",;" and words[k].is_lower:
                    k += 1  # "laut BBC News" and the like after the name
                if j > i + 1 and (k >= n or words[k].text in _SENTENCE_END + ",;"):
                    spk = self.speaker_from(doc, words, i + 1, j, ctx)
                    a = _content_start(words, 0, i - 1)
                    relative = k + 1 < n and words[k + 1].low in getattr(r, "RELATIVE_PRONOUNS", ()) and words[k + 1 : k + 2] and k + 2 < n and words[k + 2].is_lower
                    if k < last and words[k].text == "," and not relative:
                        return spk, (a, last), "content"  # "A, so X, B": the whole sentence
                    return spk, (a, i - 1), "content"
        return None

    def source_content(self, doc: Doc, words: list[Word], last: int, ctx: Context) -> tuple[Speaker | None, tuple[int, int], str] | None:
        src = self.source_frame(doc, words, ctx)
        if src is None:
            adverbs = getattr(self.rules, "SOURCE_ADVERBS", set())
            at = next((k for k, w in enumerate(words[:last]) if w.low in adverbs), None)
            if at is None:
                return None
            # "Demnach sollen …": the source of the sentence before speaks on
            return ctx.speaker, (at + 1 if at == 0 else 0, last), "content"
        (fa, fb), spk = src
        if fa <= 1 and fb + 1 < last:
            c0 = fb + 1
            if words[c0].text == ",":
                # an apposition after the source: "nach Angaben von X, einem Manager der Firma,"
                k = self.parse_np(words, c0 + 1)
                c0 = k + 1 if k > c0 + 1 and k < last and words[k].text == "," else c0 + 1
            return spk, (c0, last), "content"
        if fb >= last - 1 and fa > 0:
            return spk, (0, fa - 1 if words[fa - 1].text == "," else fa), "content"
        return spk, (0, last), "content"

    def that_clause(self, doc: Doc, words: list[Word], last: int, ctx: Context) -> tuple[Speaker | None, tuple[int, int], str] | None:
        """"…, dass …" after a verb that is not in the speech list ("Experten schätzen, dass")."""
        r = self.rules
        lead = getattr(r, "THAT_WORDS", set())
        for c in range(2, last - 2):
            if words[c].low in lead and words[c - 1].text == "," and words[c - 2].is_lower and words[c - 2].low not in _NO_THAT_BEFORE:
                prev_brk = _prev_break(words, c - 1)
                lo = 0 if prev_brk is None else prev_brk + 1
                spk = self.subject(doc, words, lo, c - 2, ctx)
                return spk, (c, last), "content"
        return None

    def source_frame(self, doc: Doc, words: list[Word], ctx: Context) -> tuple[tuple[int, int], Speaker | None] | None:
        """A prepositional source frame: its word range and its speaker."""
        r = self.rules
        n = len(words)
        for i, w in enumerate(words):
            low = w.low
            if w.quote is not None:
                continue
            if low in r.SOURCE_PREPOSITIONS:
                if i + 1 < n and words[i + 1].quote is not None:  # laut „BBC News“
                    q = words[i + 1]
                    return (i, i + 1), Speaker(q.start + 1, q.end - 1, q.text[1:-1], None, False)
                j = self.parse_np(words, i + 1)
                if j > i + 1:
                    return (i, j - 1), self.speaker_from(doc, words, i + 1, j, ctx)
            if low in r.SOURCE_FRAME_LEADS and i + 1 < n:
                k = i + 1
                while k < n and (words[k].low in r.DETERMINERS or _adjective_like(words[k].low)) and words[k].is_lower:
                    k += 1
                if k < n and words[k].is_cap and (words[k].low in r.SOURCE_NOUNS or words[k].low.endswith(r.SOURCE_NOUN_SUFFIXES)):
                    j = self.parse_np(words, k)
                    j = max(j, k + 1)
                    return (i, j - 1), self.speaker_from(doc, words, k, j, ctx) or Speaker(words[k].start, words[j - 1].end, None, None, False)
            if low in r.SOURCE_POSTPOSITIONS and i > 0:
                a = i - 1
                # walk back over the noun phrase that the postposition governs
                while a > 0 and (words[a - 1].is_cap or words[a - 1].low in r.DETERMINERS or words[a - 1].low in r.NP_LINKS or _adjective_like(words[a - 1].low)) and words[a - 1].low not in self.openers | {"ist", "sind", "war"}:
                    a -= 1
                while a < i and words[a].low in r.NP_LINKS and words[a].low not in r.DETERMINERS:
                    a += 1
                if a < i:
                    spk = self.speaker_from(doc, words, a, i, ctx) or Speaker(words[a].start, words[i - 1].end, None, None, False)
                    return (a, i), spk
            for phrase in self.source_phrases:
                if tuple(x.low for x in words[i : i + len(phrase)]) == phrase:
                    a = i + len(phrase)
                    j = self.parse_np(words, a)
                    if j > a:
                        return (i, j - 1), self.speaker_from(doc, words, a, j, ctx)
        return None

    def subjunctive(self, words: list[Word], strong_only: bool) -> bool:
        """Whether a sentence reads as reported speech: Konjunktiv I ("sei", "habe",
        "-iere"), or, weaker, Konjunktiv II and hearsay "soll(en)"."""
        r = self.rules
        for w in words:
            if not w.is_lower:
                continue
            if w.low in r.SUBJUNCTIVE and w.low not in r.SUBJUNCTIVE_WEAK:
                return True
            if self.language == "de" and w.low.endswith("iere") and len(w.low) > 6:
                return True
            if not strong_only and (w.low in r.SUBJUNCTIVE_WEAK or w.low in r.REPORTATIVE_MODALS):
                return True
        lows = [w.low for w in words if w.quote is None and w.text not in _SENTENCE_END]
        if r.REPORTATIVE_ENDINGS and any(m in lows for m in r.REPORTATIVE_MODALS):
            return " ".join(lows[-3:]).endswith(r.REPORTATIVE_ENDINGS)
        return False

    # ----------------------------------------------------------------- the whole document
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        marks = self.marked_passages(text)
        ctx = Context()
        # persons named anywhere before a pronoun are candidates for it
        found: list[Found] = []
        segs = self.segments(doc, marks)
        prev: tuple[int, int] | None = None
        para_of = [text.count("\n", 0, a) for a, _ in segs]
        for si, (a, b) in enumerate(segs):
            if si > 0 and para_of[si] - para_of[si - 1] > 2:
                ctx.speaker = None
            seg_marks = [m for m in marks if a <= m.open_at and m.close_at < b]
            words = self.words(text, a, b, seg_marks)
            self._note_persons(doc, words, a, b, ctx)
            found.extend(self.analyse_segment(doc, si, words, seg_marks, ctx, prev))
            prev = (a, _strip_end(text, a, b))
        found = _merge_continued(text, found)
        kept = [m for m in marks if self.keep_marked(text, m)]
        for m in self.join_interrupted(text, kept):
            found.append(Found(m.start, m.end, m.speaker, True, "direct"))
        if self.trace is not None:
            self.trace.extend((f.start, f.end, f.kind) for f in found)
        doc.quotes.extend(self.to_quotes(text, found))
        return doc

    def _note_persons(self, doc: Doc, words: list[Word], a: int, b: int, ctx: Context) -> None:
        """Persons a later pronoun or role noun may point to: PER entities with the role
        noun before them or in an apposition after them ("President Joe Biden", "Joe Biden,
        the US president,"), and a role noun followed by a name ("Der Architekt Felix
        Sommer") where the entities miss it (always in English, whose tagger often does)."""
        r = self.rules
        known = {p.start: p for p in ctx.persons}
        index = {w.start: k for k, w in enumerate(words) if w.quote is None}
        place_leads = getattr(r, "PLACE_LEADS", set())
        for e in doc.entities:
            if e.label != "PER" or not (a <= e.start < b) or e.start in known:
                continue
            k = index.get(e.start)
            if k is not None and k > 0 and words[k - 1].low in place_leads:
                continue  # "arrived in Kyiv": a place the tagger took for a person
            role = gender = None
            if k is not None:
                role, gender = self._role_near(doc.text, words, k, e.end)
                titles = getattr(r, "TITLE_GENDER", {})
                for t in (k - 1, k - 2):  # "Mr. Smith", "Ms Berg"
                    if gender is None and t >= 0 and words[t].low in titles and (t == k - 1 or words[k - 1].text == "."):
                        gender = titles[words[t].low]
            if self.language == "de" and role is None:
                gender = None
            spk = Speaker(e.start, e.end, e.text, role, True, gender)
            ctx.persons.append(spk)
            known[e.start] = spk
        if not doc.entities or self.verb_first:
            for k, w in enumerate(words):
                if not (w.is_cap or self.verb_first) or not self.is_role(w.low):
                    continue
                j = k + 1
                while j < len(words) and j - k <= 3 and words[j].is_cap and words[j].low not in self.openers and not self.is_role(words[j].low):
                    j += 1
                if j - k < 2:
                    continue
                if self.verb_first and j - k == 2 and j < len(words) and words[j].text in ("'s", "’s"):
                    continue
                role, gender = self._role_near(doc.text, words, k + 1, words[j - 1].end)
                same = known.get(words[k + 1].start)
                if same is not None:
                    if same.role is None and role is not None:
                        same.role, same.gender = role, same.gender or gender
                    continue
                if any(p.start <= words[k + 1].start < p.end for p in ctx.persons):
                    continue
                name = doc.text[words[k + 1].start : words[j - 1].end]
                spk = Speaker(words[k + 1].start, words[j - 1].end, name, role or w.text, True, gender)
                ctx.persons.append(spk)
                known[spk.start] = spk
        ctx.persons.sort(key=lambda p: p.start)

    def _role_near(self, text: str, words: list[Word], k: int, name_end: int) -> tuple[str | None, str | None]:
        """The role noun phrase right before the name starting at words[k] ("Foreign
        Minister", "Bundeskanzler", "Secretary of State") or in an apposition after it
        (", the US president,"), and the gender it asks for."""
        r = self.rules
        fits = (lambda w: w.quote is None and self.is_role(w.low)) if self.verb_first else (lambda w: w.is_cap and self.is_role(w.low))
        head = None
        if k > 0 and fits(words[k - 1]):
            head = k - 1
        elif self.verb_first and k > 2 and words[k - 2].low == "of" and words[k - 1].is_cap and fits(words[k - 3]):
            head = k - 3  # "Secretary of State Antony Blinken"
        if head is not None:
            lo = head
            if self.verb_first:
                while lo > 0 and head - lo < 3 and words[lo - 1].is_cap and words[lo - 1].low not in self.openers and words[lo - 1].low not in r.NON_ROLE_CAPS:
                    lo -= 1
            return text[words[lo].start : words[k - 1].end], self.role_gender(words[head].low)
        # apposition: "Joe Biden, the US president," / "Olaf Scholz, der Bundeskanzler,"
        m = next((i for i in range(k, len(words)) if words[i].start >= name_end), None)
        if m is None or m + 2 >= len(words) or words[m].text != "," or words[m + 1].low not in r.DEFINITE:
            return None, None
        for i in range(m + 2, min(len(words), m + 6)):
            w = words[i]
            if w.quote is not None or w.text in _CLAUSE_BREAKS or w.text in _SENTENCE_END:
                break
            if fits(w) and (i + 1 >= len(words) or words[i + 1].text in _CLAUSE_BREAKS or words[i + 1].text in _SENTENCE_END):
                return text[words[m + 2].start : w.end], self.role_gender(w.low)
        return None, None

    def keep_marked(self, text: str, m: Marked) -> bool:
        """Quote marks also enclose titles, names and scare quotes; keep speech only."""
        inner = text[m.start : m.end]
        words = inner.split()
        if not words:
            return False
        # titles and names: every word capitalised or a number ("Financial Times", "Hvalur 9"),
        # a web address, a name after an article ("des „XXXII Championnat du Monde“"), a
        # motto or title announced as such, or the first part of a compound („…“-Interview)
        before = text[max(0, m.open_at - 40) : m.open_at].split()
        lead = before[-1].lower().strip("(:") if before else ""
        after = text[m.close_at + 1 : m.close_at + 2]
        if after == "-" or (len(words) == 1 and re.fullmatch(r"[\w.-]+\.[a-z]{2,4}", inner)):
            return False
        if lead in self.rules.TITLE_LEADS or (lead in self.rules.DETERMINERS and words[0][:1].isupper() and len(words) >= 2 and len(words) <= 6):
            return False
        title_like = all(not w[:1].islower() for w in words)
        if title_like:
            if m.framed and (text[m.close_at + 1 : m.close_at + 2] == "," or inner.rstrip()[-1:] in ",!?"):
                return True  # „Dieses Urteil“, sagte sie, … : speech despite the capitals
            if lead in self.rules.FRAGMENT_NOUNS:
                return len(words) == 1
            return len(words) == 1 and (m.framed or m.inner_ok) and lead in self.rules.FRAGMENT_LEADS
        if m.framed or m.inner_ok or lead in self.rules.FRAGMENT_LEADS:
            return True
        if m.speaker is not None and len(words) >= 3:
            return True
        if len(words) >= 3 and inner.rstrip()[-1:] in ".!?" and words[0][:1].isupper():
            return True  # a whole quoted sentence
        return len(words) >= 6 and any(c in inner for c in ".,!?")

    def join_interrupted(self, text: str, marks: list[Marked]) -> list[Marked]:
        """One quote for „A“, sagte er, „b …“: the first part stops mid-sentence, the frame
        between is a short speech tag and the second part goes on in lowercase. A part that
        ends its sentence („A.“ So X. „B.“) starts a new quote, as in the annotated data."""
        out: list[Marked] = []
        for m in marks:
            p = out[-1] if out else None
            if p is not None:
                first = text[p.start : p.end].rstrip()
                between = text[p.end + 1 : m.open_at]
                second = text[m.start : m.end].lstrip()
                tag = [w.lower() for w in re.findall(r"\w+", between)]
                if (
                    first[-1:] not in ".!?"
                    and second[:1].islower()
                    and "\n" not in between
                    and 0 < len(tag) <= 6
                    and (between.strip().startswith(",") or first.endswith(","))
                    and between.strip().endswith(",")
                    and any(t in self.rules.SPEECH_VERBS or t in self.rules.POSTPOSED_MARKERS for t in tag)
                ):
                    out[-1] = Marked(p.open_at, m.close_at, p.speaker or m.speaker, p.framed or m.framed, p.inner_ok)
                    continue
            out.append(m)
        return out

    def to_quotes(self, text: str, found: list[Found]) -> list[Quote]:
        out: list[Quote] = []
        seen: set[tuple[int, int]] = set()
        for f in sorted(found, key=lambda f: (f.start, -f.end)):
            start, end = f.start, f.end
            while start < end and text[start].isspace():
                start += 1
            while end > start and (text[end - 1].isspace() or (f.direct and text[end - 1] in ",;")):
                end -= 1
            if end <= start or (start, end) in seen:
                continue
            seen.add((start, end))
            s = f.speaker
            out.append(
                Quote(
                    start,
                    end,
                    text[start:end],
                    speaker=s.name if s else None,
                    speaker_start=s.start if s else None,
                    speaker_end=s.end if s else None,
                    role=s.role if s else None,
                    direct=f.direct,
                )
            )
        return out


# --------------------------------------------------------------------- small helpers
def _opens(s: str, i: int) -> bool:
    """A quote mark opens when it stands before a word and after a space or bracket."""
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return not after.isspace() and (before.isspace() or before in "([{/–—-:„“\"»«‚'")


def _closes(s: str, j: int) -> bool:
    before = s[j - 1]
    after = s[j + 1] if j + 1 < len(s) else " "
    return not before.isspace() and not after.isalnum()


def _tokenize(text: str, start: int, end: int) -> list[Word]:
    return [
        Word(start + m.start(), start + m.end(), m.group(), m.group().lower())
        for m in _WORD.finditer(text[start:end])
    ]


def _fallback_sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?]*", text) if m.group().strip()]


def _next_break(words: list[Word], i: int) -> int:
    while i < len(words) and (words[i].text not in _CLAUSE_BREAKS or words[i].quote is not None):
        i += 1
    return i


def _prev_break(words: list[Word], i: int) -> int | None:
    k = i - 1
    while k >= 0 and (words[k].text not in _CLAUSE_BREAKS or words[k].quote is not None):
        k -= 1
    return k if k >= 0 else None


def _clause_has_no_verb_before(words: list[Word], a: int, verb: int, finder: QuoteFinder) -> bool:
    """True when the speech verb opens its clause (possibly after a conjunction), as in
    "…, sagte er" or "…, wie die Polizei mitteilte"."""
    if verb == a:
        return True
    first = words[a].low
    return first in finder.rules.AS_FRAME_WORDS or (finder.verb_first and verb - a <= 4)


def _content_start(words: list[Word], lo: int, hi: int) -> int:
    """Start of the reported clause before a postposed frame: after an earlier frame's colon."""
    for k in range(hi - 1, lo - 1, -1):
        if words[k].text == ":":
            return k + 1
    return lo


def _merge_continued(text: str, found: list[Found]) -> list[Found]:
    """Join runs of reported sentences without a frame of their own ("Er sei … Zudem habe
    …"): the annotation treats such a run as one quote."""
    out: list[Found] = []
    for f in found:
        p = out[-1] if out else None
        if (
            p is not None
            and f.kind == "continued"
            and p.kind == "continued"
            and p.speaker is f.speaker
            and not text[p.end : f.start].strip()
        ):
            p.end = f.end
            continue
        out.append(f)
    return out


def _role_key(role: str) -> list[str]:
    """Lowercase words of a role phrase, compounds split at hyphens ("US-Präsident")."""
    return [x for x in re.split(r"[\s\-–]+", role.lower().strip(" ,.")) if x]


def _name_like(name: str | None) -> bool:
    """Whether an English speaker name reads as a person's name: capitalised words, with
    the odd particle ("Ursula von der Leyen", "Mohammed bin Salman")."""
    if not name:
        return False
    parts = name.split()
    return parts[0][:1].isupper() and all(p[:1].isupper() or p in _NAME_PARTICLES for p in parts)


_NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "del", "di", "bin", "al", "la", "le", "du", "ben", "ibn"}


def _lesser(word: str, lesser: tuple[str, ...]) -> bool:
    return any(word == x or (len(x) > 3 and word.startswith(x)) for x in lesser)


def _adjective_like(low: str) -> bool:
    return len(low) > 3 and low.isalpha() and low.endswith(("e", "en", "er", "es", "em"))


def _strip_end(text: str, a: int, b: int) -> int:
    while b > a and (text[b - 1].isspace() or text[b - 1] in _SENTENCE_END):
        b -= 1
    return b


@component("quotes", requires=("sentences",), assigns=("quotes",), languages=("de", "en"))
def make_quote_finder(language: str) -> ComponentFn:
    return QuoteFinder(language)
