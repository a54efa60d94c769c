"""Role phrases in German and English text, mapped to the knowledge base's offices.

"NATO-Generalsekretär", "der südkoreanische Präsident", "France's foreign minister",
"Pentagon chief" -> (role, country or organisation). The word lists live in
`lagebild.kb.lang.<lang>_roles`; the logic here is shared:

1. Regexes compiled once per language (on first use) find the role word itself (the
   *core*), with hyphenated prefixes ("Ex-NATO-") and glued ones ("Bundes", "Alt").
   They run on a lower-cased copy of the text: offsets are the same, matching is faster.
2. A look to the left collects a country or organisation ("südkoreanische", "France's",
   "US", "Pentagon") and modifiers ("former", "designierte"). It stops at the first word
   that cannot belong to the phrase and drops the mention when the word right before
   names another office or body ("vice", "company", "Apple's", "SPD").
3. A look to the right collects "of Japan", "des Irans", "der Nato", "Frankreichs" and
   drops the mention when it names another body ("Präsident des Fußballvereins",
   "Chancellor of the Exchequer").
4. The core's *kind* (`KINDS`) decides the role: a "Kanzler" heads the government of
   Germany or Austria, a "chief" needs an organisation, the President of Iran heads its
   government.

A country named in the phrase always wins. `default_country` (what the article's
context implies) is used only where that country has such an office: "Prime Minister"
in a German context names no German office, so the country stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Iterator

from lagebild.kb.lang import de_roles, en_roles

Resolved = tuple[str, str | None, str | None]  # (role, country, org)


@dataclass
class RoleMention:
    start: int
    end: int
    text: str
    role: str
    country: str | None
    org: str | None
    title: str
    # Not to be checked against the article's date: "former", "Ex-", "late", "verstorbene".
    former: bool = False
    # Not yet in office: "designate", "-elect", "designierte", "künftige".
    designate: bool = False
    # Filling a gap: "acting", "interim", "amtierende", "kommissarische".
    acting: bool = False


# ---------------------------------------------------------------------------- offices
COUNTRIES = frozenset(en_roles.DISPLAY_NAMES)
MONARCHIES = frozenset({"AU", "BE", "CA", "DK", "ES", "GB", "JP", "LU", "NL", "NO", "SA", "SE"})
# Where the president also heads the government, so no prime minister exists.
PRESIDENTIAL = frozenset({"AR", "BR", "CY", "ID", "MX", "US", "ZA"})
FEDERAL = frozenset({"DE", "AT"})
INSTITUTIONS = frozenset({"NATO", "UN", "EU", "EU_COMMISSION", "EU_COUNCIL", "PENTAGON", "KREMLIN"})
_FLAGS = ("former", "designate", "acting", "federal")

_HOS_RU: Resolved = ("head_of_state", "RU", None)
_DEF_US: Resolved = ("defence_minister", "US", None)
_SG_NATO: Resolved = ("secretary_general", None, "NATO")
_SG_UN: Resolved = ("secretary_general", None, "UN")
_COMMISSION: Resolved = ("commission_president", None, "EU")
_COUNCIL: Resolved = ("council_president", None, "EU")
_HIGH_REP: Resolved = ("high_representative", None, "EU")


@dataclass(frozen=True)
class Kind:
    """What a role word means, depending on the country or organisation it comes with."""

    role: str | None  # the role when a country is named or implied; None: needs an org
    label: str  # English title when no country is known
    countries: frozenset[str] = COUNTRIES  # countries that have such an office
    fallback: str | None = None  # country when neither phrase nor context names one
    strict: bool = False  # a country outside `countries` in the phrase: another office
    orgs: dict[str, Resolved] = field(default_factory=dict)  # institution key -> result
    bare: Resolved | None = None  # result when the phrase names no country and no org
    needs_qualifier: bool = False  # only with a country or org in the phrase ("leader")
    needs_country: bool = False  # dropped when no country results ("Kaiser")
    by_country: dict[str, str] = field(default_factory=dict)  # role where it differs


_PRESIDENT_ORGS = {"EU_COMMISSION": _COMMISSION, "EU_COUNCIL": _COUNCIL, "KREMLIN": _HOS_RU}
_SECRETARIES = frozenset({"US", "GB", "MX"})  # use "Secretary" for ministers

KINDS: dict[str, Kind] = {
    "president": Kind("head_of_state", "President", COUNTRIES - MONARCHIES,
                      orgs=_PRESIDENT_ORGS, by_country={"IR": "head_of_government"}),
    "state_president": Kind("head_of_state", "President", COUNTRIES - MONARCHIES,
                            by_country={"IR": "head_of_government"}),
    "federal_president": Kind("head_of_state", "Federal President", FEDERAL, "DE", strict=True),
    "head_of_state": Kind("head_of_state", "Head of State", orgs={"KREMLIN": _HOS_RU}),
    "head_of_government": Kind("head_of_government", "Head of Government"),
    "prime_minister": Kind("head_of_government", "Prime Minister",
                           COUNTRIES - PRESIDENTIAL - FEDERAL - {"IR"}),
    "chancellor": Kind("head_of_government", "Chancellor", FEDERAL, "DE", strict=True),
    "taoiseach": Kind("head_of_government", "Taoiseach", frozenset({"IE"}), "IE", strict=True),
    "monarch": Kind("head_of_state", "Monarch", MONARCHIES),
    "emperor": Kind("head_of_state", "Emperor", frozenset({"JP"}), strict=True, needs_country=True),
    "tenno": Kind("head_of_state", "Emperor of Japan", frozenset({"JP"}), "JP", strict=True),
    "grand_duke": Kind("head_of_state", "Grand Duke", frozenset({"LU"}), "LU", strict=True),
    "supreme_leader": Kind("head_of_state", "Supreme Leader", frozenset({"IR", "KP"}), "IR",
                           strict=True),
    "leader": Kind("head_of_state", "Leader", orgs={"KREMLIN": _HOS_RU}, needs_qualifier=True),
    "kremlin_chief": Kind("head_of_state", "President of Russia", frozenset({"RU"}), "RU",
                          strict=True),
    "foreign_minister": Kind("foreign_minister", "Foreign Minister"),
    "top_diplomat": Kind("foreign_minister", "Foreign Minister", orgs={"EU": _HIGH_REP}),
    "secretary_of_state": Kind("foreign_minister", "US Secretary of State", frozenset({"US"}),
                               "US", strict=True),
    "foreign_secretary": Kind("foreign_minister", "UK Foreign Secretary", frozenset({"GB"}), "GB",
                              strict=True),
    "defence_minister": Kind("defence_minister", "Defence Minister"),
    "defense_secretary": Kind("defence_minister", "Defense Secretary", _SECRETARIES, "US",
                              strict=True),
    "defence_secretary": Kind("defence_minister", "Defence Secretary", _SECRETARIES, "GB",
                              strict=True),
    "us_defense_secretary": Kind("defence_minister", "US Secretary of Defense", frozenset({"US"}),
                                 "US", strict=True),
    "uk_defence_secretary": Kind("defence_minister", "UK Defence Secretary", frozenset({"GB"}),
                                 "GB", strict=True),
    "pentagon_chief": Kind("defence_minister", "US Secretary of Defense", frozenset({"US"}), "US",
                           strict=True),
    "chief": Kind(None, "Chief", orgs={"NATO": _SG_NATO, "UN": _SG_UN, "KREMLIN": _HOS_RU,
                                       "PENTAGON": _DEF_US, "EU_COMMISSION": _COMMISSION}),
    "secretary_general": Kind(None, "Secretary General", orgs={"NATO": _SG_NATO, "UN": _SG_UN},
                              bare=("secretary_general", None, None)),
    "commission_president": Kind(None, "President of the European Commission", bare=_COMMISSION,
                                 orgs={"EU": _COMMISSION, "EU_COMMISSION": _COMMISSION}),
    "council_president": Kind(None, "President of the European Council", bare=_COUNCIL,
                              orgs={"EU": _COUNCIL, "EU_COUNCIL": _COUNCIL}),
    # "Council President" alone may be a city council's: only with "EU" or "European".
    "council_president_weak": Kind(None, "President of the European Council",
                                   orgs={"EU": _COUNCIL, "EU_COUNCIL": _COUNCIL}),
    "foreign_policy_chief": Kind(None, "EU High Representative", bare=_HIGH_REP,
                                 orgs={"EU": _HIGH_REP}),
    "high_representative": Kind(None, "EU High Representative", bare=_HIGH_REP,
                                orgs={"EU": _HIGH_REP}),
}
# "Bundes-"/"Federal" fits only these; a "Bundesgeneralsekretär" is a party official.
_FEDERAL_KINDS = {"president": "federal_president", "state_president": "federal_president",
                  "federal_president": "federal_president", "chancellor": "chancellor",
                  "foreign_minister": "foreign_minister", "defence_minister": "defence_minister",
                  "head_of_government": "head_of_government"}


def _resolve(kind: Kind, qualifier: str | None, federal: bool, default: str | None) -> Resolved | None:
    """The office a role word names, given what the phrase and the context say."""
    if qualifier in INSTITUTIONS:
        return kind.orgs.get(qualifier)
    if qualifier is not None:  # a country named in the phrase
        if kind.role is None or (kind.strict and qualifier not in kind.countries):
            return None
        return kind.by_country.get(qualifier, kind.role), qualifier, None
    if kind.needs_qualifier:
        return None
    if kind.bare is not None:
        return kind.bare
    if kind.role is None:
        return None
    countries, fallback = (FEDERAL, "DE") if federal else (kind.countries, kind.fallback)
    country = default if default in countries else fallback
    if country is None and kind.needs_country:
        return None
    return kind.by_country.get(country or "", kind.role), country, None


def _title(role: str, country: str | None, org: str | None, kind: Kind) -> str:
    """A readable English title: "President of South Korea", "NATO Secretary General"."""
    if role == "secretary_general":
        return {"NATO": "NATO Secretary General", "UN": "UN Secretary-General"}.get(org or "", kind.label)
    if role == "commission_president":
        return "President of the European Commission"
    if role == "council_president":
        return "President of the European Council"
    if role == "high_representative":
        return "EU High Representative for Foreign Affairs and Security Policy"
    if country is None:
        return kind.label
    name = en_roles.DISPLAY_NAMES[country]
    if role == "head_of_state":
        special = {"JP": "Emperor of Japan", "LU": "Grand Duke of Luxembourg",
                   "IR": "Supreme Leader of Iran", "KP": "Supreme Leader of North Korea"}
        if country in special:
            return special[country]
        return f"Monarch of {name}" if country in MONARCHIES else f"President of {name}"
    if role == "head_of_government":
        if country in FEDERAL:
            return f"Chancellor of {name}"
        if country == "IE":
            return "Taoiseach of Ireland"
        if country in {"CN", "TW", "KP"}:
            return f"Premier of {name}"
        return f"President of {name}" if country in PRESIDENTIAL | {"IR"} else f"Prime Minister of {name}"
    if role == "foreign_minister":
        return {"US": "US Secretary of State", "GB": "UK Foreign Secretary"}.get(
            country, f"Foreign Minister of {name}")
    return {"US": "US Secretary of Defense", "GB": "UK Defence Secretary"}.get(
        country, f"Defence Minister of {name}")


# ---------------------------------------------------------------------------- words
# Matching runs on a lower-cased copy of the text with the same length, so one index
# serves both; case-insensitive regexes are several times slower in `re`. Words around
# a role word are read one at a time and only as far as needed: to the right with
# `_NEXT_WORD`, to the left with `_PREVIOUS_WORD` on the reversed copy.
_NEXT_WORD = re.compile(r"(\s+)([^\W_][\w.'-]*)")  # "U.S.", "france's", "saudi-arabiens"
_PREVIOUS_WORD = re.compile(r"(\s+)([\w.'-]+)")  # reversed: a word's characters, then space
_ABBREVIATIONS = frozenset({"u.s.", "u.k.", "u.n.", "e.u.", "u.s.a.", "mr.", "mrs.", "ms."})


@dataclass(slots=True)
class _Text:
    raw: str
    low: str  # lower case, typographic apostrophes made plain, same length as `raw`
    rev: str  # `low` reversed


def _lowered(text: str) -> _Text:
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: keep such letters as they are
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    low = low.replace("’", "'")
    return _Text(text, low, low[::-1])


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    raw: str
    low: str

    @property
    def is_cap(self) -> bool:
        return self.raw[:1].isupper()

    def bare(self) -> tuple[str, int]:
        """The word without a sentence-final dot or a possessive ending, and its end."""
        low = self.low
        if low in _ABBREVIATIONS:
            return low, self.end
        for tail in ("'s", "'", "."):
            if low.endswith(tail) and len(low) > len(tail):
                return low[: -len(tail)], self.end - len(tail)
        return low, self.end


def _joined(gap: str) -> bool:
    """Words belong to one phrase only across plain spaces (one line break allowed)."""
    return gap.count("\n") <= 1


class _Before:
    """The words before a position, nearest first, as long as only spaces separate
    them; read from the text only when asked for."""

    __slots__ = ("t", "edge", "words", "done")

    def __init__(self, t: _Text, pos: int) -> None:
        self.t, self.edge, self.words, self.done = t, pos, [], False

    def has(self, i: int) -> bool:
        """Whether there is an i-th word (0 = nearest)."""
        t = self.t
        while len(self.words) <= i and not self.done:
            m = _PREVIOUS_WORD.match(t.rev, len(t.low) - self.edge)
            if m is None or not _joined(m.group(1)):
                self.done = True
                break
            end = self.edge - len(m.group(1))
            start = lead = end - len(m.group(2))
            while start < end and not t.low[start].isalnum():
                start += 1  # a word starts with a letter or digit
            if start == end:
                self.done = True
                break
            self.words.append(_Tok(start, end, t.raw[start:end], t.low[start:end]))
            self.edge = start
            self.done = start != lead  # "'Kiews": a quote mark glued to the word ends the phrase
        return len(self.words) > i

    def __getitem__(self, i: int) -> _Tok:
        return self.words[i]


def _words_after(t: _Text, pos: int, limit: int = 8) -> list[_Tok]:
    """Up to `limit` words right after `pos`, in order, up to the end of the sentence."""
    words: list[_Tok] = []
    while len(words) < limit:
        m = _NEXT_WORD.match(t.low, pos)
        if m is None or not _joined(m.group(1)):
            break
        start, pos = m.span(2)
        tok = _Tok(start, pos, t.raw[start:pos], m.group(2))
        words.append(tok)
        if tok.low.endswith(".") and tok.low not in _ABBREVIATIONS:
            break
    return words


# ---------------------------------------------------------------------------- languages
@dataclass(slots=True)
class _Core:
    """A role word found in the text, before its context is read."""

    start: int  # the whole word, hyphenated prefixes included
    end: int  # the role words, without an "-elect" suffix
    stop: int  # where the match ends, suffix included
    kind: str
    prefixes: list[str]  # hyphenated prefix segments, lower case: ["ex", "nato"]
    glue: str = ""  # glued prefix, lower case: "bundes", "altbundes"
    suffix: bool = False


@dataclass
class _Left:
    start: int  # where the phrase starts, the qualifier included
    start_unqualified: int  # where it starts without the qualifier (and what is left of it)
    previous: str  # the word right before the core, lower case
    qualifier: str | None = None
    flags: set[str] = field(default_factory=set)
    drop: bool = False


@dataclass
class _Right:
    end: int  # where the phrase ends, the qualifier included
    end_unqualified: int
    qualifier: str | None = None
    designate: bool = False
    drop: bool = False


@dataclass(frozen=True)
class _Lang:
    code: str
    cores: Callable[[_Text], Iterator[_Core]]
    prefixes: dict[str, str]  # hyphenated prefix segment -> qualifier or modifier
    # (words used, what they say, a flag glued to them: "ex-NATO" -> "NATO", "former")
    before: Callable[[_Before, int], tuple[int, str | None, str | None]]
    blocks: Callable[[_Tok], bool]  # an unknown word right before that names another body
    loose: Callable[[_Tok], bool]  # a word that may stand inside the phrase unrecognised
    max_loose: int
    stop: frozenset[str]
    right: Callable[[_Text, int, str], _Right]


def _trie(words: list[str]) -> str:
    """A regex alternation of `words` as a character trie: one pass, no backtracking
    over dozens of alternatives at every word start."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return build(root)


def _groups(fragments: list[tuple[str, str]], prefix: str) -> tuple[str, dict[str, str]]:
    """One alternation with a named group per fragment, and group name -> kind."""
    names = {f"{prefix}{k}": kind for k, (_, kind) in enumerate(fragments)}
    pattern = "|".join(f"(?P<{prefix}{k}>{frag})" for k, (frag, _) in enumerate(fragments))
    return pattern, names


# English --------------------------------------------------------------------------
_EN_QUALIFIERS = {**en_roles.NAMES, **en_roles.ADJECTIVES, **en_roles.ORGS}
_EN_POSSESSORS = {**en_roles.NAMES, **en_roles.CAPITALS, **en_roles.ORGS}
_EN_AFTER_OF = {**en_roles.NAMES, **en_roles.ORGS, **en_roles.ORGS_AFTER_OF}
# Last words of the names with several words: only these need a look further left.
_EN_MULTI_LAST = frozenset(key.rsplit(" ", 1)[1] for table in (_EN_QUALIFIERS, _EN_POSSESSORS)
                           for key in table if " " in key)
_EN_RIGHT_CUES = frozenset({"of", "for", *en_roles.SUFFIXES, *en_roles.NOT_AFTER_PREMIER})
_EN_PREFIX = re.compile(r"(?<![\w-])(?:[a-z.]++-)+\Z")  # "ex-", "then-", "vice-"


@dataclass(frozen=True)
class _EnPatterns:
    trigger: re.Pattern[str]  # the cheap first pass: the full cores are tried only here
    core: re.Pattern[str]  # the kind is the name of the group that matched (`lastgroup`)
    kinds: dict[str, str]
    suffix: re.Pattern[str]  # "President-elect"
    cased: re.Pattern[str]  # "PM"


@cache
def _en_patterns() -> _EnPatterns:
    """Compiled on first use, not at import: the alternations take milliseconds to build."""
    core, kinds = _groups(en_roles.CORES, "e")
    suffix = r"-(?:" + "|".join(en_roles.SUFFIXES) + r")(?![\w-])"
    return _EnPatterns(
        re.compile(r"(?<!\w)" + _trie(sorted(en_roles.TRIGGERS)) + r"(?![\w'])"),
        re.compile(r"(?:" + core + r")(?=" + suffix + r"|(?![\w-]))"),  # no group after the cores
        kinds,
        re.compile(suffix),
        re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, en_roles.CASED_CORES)) + r")(?![\w-])"),
    )


def _en_cores(t: _Text) -> Iterator[_Core]:
    p = _en_patterns()
    hits = sorted([(m.start(), False) for m in p.trigger.finditer(t.low)]
                  + [(m.start(), True) for m in p.cased.finditer(t.raw)])
    for pos, cased in hits:
        if cased:
            end = pos + len(p.cased.match(t.raw, pos).group())
            yield _Core(pos, end, end, en_roles.CASED_CORES[t.raw[pos:end]], [])
            continue
        m = p.core.match(t.low, pos)
        if m is None:
            continue
        prefix = ""
        if pos and t.low[pos - 1] == "-":
            found = _EN_PREFIX.search(t.low, max(0, pos - 40), pos)
            if found is None:
                continue  # glued to something that is not a word
            prefix = found.group()
        suffix = p.suffix.match(t.low, m.end())
        stop = suffix.end() if suffix else m.end()
        yield _Core(pos - len(prefix), m.end(), stop, p.kinds[m.lastgroup or ""],
                    prefix.split("-")[:-1], suffix=suffix is not None)


def _en_before(words: _Before, i: int) -> tuple[int, str | None, str | None]:
    nearest = words[i]
    head, _, rest = nearest.low.partition("-")
    flag = en_roles.HYPHEN_PREFIXES.get(head) if rest else None
    if flag in _FLAGS and rest in _EN_QUALIFIERS and nearest.raw[len(head) + 1 :][:1].isupper():
        return 1, _EN_QUALIFIERS[rest], flag  # "ex-NATO chief", "then-US president"
    base, _ = nearest.bare()
    possessive = base != nearest.low and not nearest.low.endswith(".")  # "France's", "Paris'"
    longest = 4 if base in _EN_MULTI_LAST else 1
    for size in range(longest, 0, -1):
        if not words.has(i + size - 1):
            continue
        toks = [words[k] for k in range(i + size - 1, i - 1, -1)]
        if not toks[0].is_cap:
            continue  # country and organisation names are capitalised ("us" is a pronoun)
        key = " ".join([t.low for t in toks[:-1]] + [base])
        table = _EN_POSSESSORS if possessive else _EN_QUALIFIERS
        if key in table:
            return size, table[key], None
    if not possessive and nearest.low in en_roles.MODIFIERS:
        return 1, en_roles.MODIFIERS[nearest.low], None
    return 1, None, None


def _en_blocks(tok: _Tok) -> bool:
    """A capitalised word or possessive right before the role names another body:
    "Apple's president", "IOC President", "Ontario Premier", "Luther King"."""
    return tok.is_cap and ("-" not in tok.raw or tok.low.endswith("'s"))


def _en_loose(tok: _Tok) -> bool:
    return ((tok.raw[:1].islower() or "-" in tok.raw) and tok.raw[:1].isalpha()
            and not tok.low.endswith((".", "'s")))


def _en_right(t: _Text, end: int, core_low: str) -> _Right:
    right = _Right(end, end)
    words = _words_after(t, end, 1)
    if not words or not (words[0].is_cap or words[0].low in _EN_RIGHT_CUES):
        return right  # most role words are followed by a verb or a name: nothing to read
    words = _words_after(t, end)
    i = 0
    if words and words[0].low in en_roles.SUFFIXES:  # "Secretary of State designate"
        right.designate = True
        right.end = right.end_unqualified = words[0].end
        i = 1
    if i >= len(words):
        return right
    first, _ = words[i].bare()
    if core_low == "premier" and first in en_roles.NOT_AFTER_PREMIER:
        right.drop = True  # "Premier League"
    elif words[i].low == "of":
        j = i + 2 if i + 1 < len(words) and words[i + 1].low == "the" else i + 1
        for size in range(min(4, len(words) - j), 0, -1):
            toks = words[j : j + size]
            last, last_end = toks[-1].bare()
            key = " ".join([tok.low for tok in toks[:-1]] + [last])
            if key in _EN_AFTER_OF and toks[0].is_cap:
                right.qualifier, right.end = _EN_AFTER_OF[key], last_end
                return right
        for size in (2, 1):  # "of the country", "Premier of the State Council"
            toks = words[j : j + size]
            if len(toks) == size and " ".join(tok.bare()[0] for tok in toks) in en_roles.NEUTRAL_AFTER_OF:
                right.end = right.end_unqualified = toks[-1].bare()[1]
                return right
        right.drop = True  # "president of the company", "Chancellor of the Exchequer"
    elif first == "for" and i + 1 < len(words):
        nxt = words[i + 1]
        if nxt.is_cap and not nxt.low.startswith(tuple(en_roles.FOR_ALLOWED)):
            right.drop = True  # "Secretary of State for Education"
    else:
        right.qualifier = _en_of_after_name(words[i:])
    return right


def _en_of_after_name(words: list[_Tok]) -> str | None:
    """The country in "President Zelensky of Ukraine": up to three capitalised words,
    then "of" and a country. The span stays on the role words; the name is no title."""
    k = 0
    while k < min(3, len(words)) and words[k].is_cap and not words[k].low.endswith("."):
        k += 1
    if k == 0 or k + 1 >= len(words) or words[k].low != "of":
        return None
    j = k + 2 if words[k + 1].low == "the" and k + 2 < len(words) else k + 1
    for size in range(min(3, len(words) - j), 0, -1):
        toks = words[j : j + size]
        key = " ".join([tok.low for tok in toks[:-1]] + [toks[-1].bare()[0]])
        if toks[0].is_cap and key in en_roles.NAMES:
            return en_roles.NAMES[key]
    return None


# German ---------------------------------------------------------------------------
_DE_BEFORE = {**de_roles.ADJECTIVES, **de_roles.ORG_ADJECTIVES, **de_roles.GENITIVES, **de_roles.MODIFIERS,
              "nato": "NATO", "un": "UN", "uno": "UN", "eu": "EU", "us": "US", "usa": "US"}
_DE_AFTER = {**de_roles.NAMES, **de_roles.GENITIVES, **de_roles.ORGS}
_DE_PAST = ("te", "ten", "tet")  # "sagte", "forderten": verbs, not adjectives
_DE_UNKNOWN_ADJECTIVE = re.compile(de_roles.UNKNOWN_ADJECTIVE + "$")
@cache
def _de_patterns() -> tuple[re.Pattern[str], dict[str, str]]:
    """The German core pattern and its group kinds, compiled on first use. One pass
    suffices: the nouns form a trie, and "(?:…)*+" keeps the prefix from backtracking."""
    phrases, kinds = _groups(de_roles.PHRASES, "p")
    glue = "|".join(sorted(de_roles.GLUED_PREFIXES, key=len, reverse=True))
    core = re.compile(
        r"(?<![\w-])(?P<pre>(?:[^\W\d_][\w.]*+-)*+)(?P<glue>(?:" + glue + r")(?=\w))?"
        r"(?:" + phrases + r"|(?P<word>" + _trie(sorted(de_roles.NOUNS)) + r"))(?![\w-])"
    )
    return core, kinds


def _de_cores(t: _Text) -> Iterator[_Core]:
    core, kinds = _de_patterns()
    for m in core.finditer(t.low):
        pre, glue, word = m.group("pre"), m.group("glue") or "", m.group("word")
        if word is not None and not t.raw[m.start() + len(pre)].isupper():
            continue  # German nouns are capitalised: "präsident" is no title
        kind = de_roles.NOUNS[word] if word is not None else kinds[m.lastgroup or ""]
        yield _Core(m.start(), m.end(), m.end(), kind, pre.split("-")[:-1], glue)


def _de_before(words: _Before, i: int) -> tuple[int, str | None, str | None]:
    return 1, _DE_BEFORE.get(words[i].low), None


def _de_blocks(tok: _Tok) -> bool:
    """An acronym, a genitive or an unknown nationality right before the role names
    another body: "SPD Generalsekretär", "Bayerns Ministerpräsident", "syrische Präsident"."""
    if tok.raw.isupper() and tok.raw.isalpha() and len(tok.raw) >= 2:
        return True
    if tok.raw[:1].islower() and _DE_UNKNOWN_ADJECTIVE.search(tok.low):
        return True
    return tok.is_cap and tok.low.endswith("s") and tok.low not in de_roles.CAPITALISED_S_STOP


def _de_adjective_like(tok: _Tok) -> bool:
    low = tok.low
    return (tok.raw[:1].islower() and len(low) >= 4 and low.endswith(de_roles.ADJECTIVE_ENDINGS)
            and not low.endswith(_DE_PAST) and low not in de_roles.STOP)


def _de_right(t: _Text, end: int, core_low: str) -> _Right:
    right = _Right(end, end)
    words = _words_after(t, end, 1)
    if not words or not (words[0].is_cap or words[0].low in de_roles.AFTER_WORDS):
        return right
    words = _words_after(t, end, 5)
    first, first_end = words[0].bare()
    if core_low.startswith("premier") and first == "league":
        right.drop = True
    elif words[0].is_cap and first in de_roles.GENITIVES:  # "Präsident Frankreichs"
        right.qualifier, right.end = de_roles.GENITIVES[first], first_end
    elif first in de_roles.AFTER_WORDS and words[0].low == first and len(words) > 1:
        rest = words[1:]
        for size in range(min(3, len(rest)), 0, -1):  # "der Vereinigten Staaten"
            toks = rest[:size]
            last, last_end = toks[-1].bare()
            key = " ".join([tok.low for tok in toks[:-1]] + [last])
            if key in _DE_AFTER:
                right.qualifier, right.end = _DE_AFTER[key], last_end
                return right
        k = 0
        while k < min(2, len(rest) - 1) and _de_adjective_like(rest[k]):
            k += 1  # "der neuen Regierung"
        head, head_end = rest[k].bare()
        if first == "für":  # "Hoher Vertreter für Bosnien": a portfolio elsewhere
            right.drop = rest[0].is_cap and not rest[0].low.startswith(de_roles.FOR_ALLOWED_PREFIXES)
        elif head in de_roles.NEUTRAL_AFTER:
            right.end = right.end_unqualified = head_end
        elif first == "der" and (head.endswith(de_roles.DATIVE_ENDINGS) or head in de_roles.DATIVE_ACRONYMS):
            pass  # a dative: "sagte der Minister der Nachrichtenagentur"
        elif first != "aus" and rest[k].is_cap:
            right.drop = True  # "Präsident des Fußballvereins", "Generalsekretär der SPD"
    return right


_LANGUAGES = {
    "en": _Lang("en", _en_cores, en_roles.HYPHEN_PREFIXES, _en_before, _en_blocks, _en_loose, 1,
                en_roles.STOP, _en_right),
    "de": _Lang("de", _de_cores, {**de_roles.NAMES, **de_roles.HYPHEN_PREFIXES}, _de_before,
                _de_blocks, _de_adjective_like, 2, de_roles.STOP, _de_right),
}


# ---------------------------------------------------------------------------- matching
def _scan_left(t: _Text, pos: int, lang: _Lang) -> _Left:
    """Country, organisation and modifiers before the role word, nearest first."""
    words = _Before(t, pos)
    left = _Left(pos, pos, words[0].low if words.has(0) else "")
    loose = 0  # unrecognised words passed so far ("Russia's hawkish foreign minister")
    i = 0
    while words.has(i):
        size, value, glued_flag = lang.before(words, i)
        word = words[i]
        if glued_flag is not None:
            left.flags.add(glued_flag)
        if value is None:
            if lang.code == "en" and word.low == en_roles.THEN and words.has(i + 1) and words[i + 1].low == "the":
                value = "former"  # "the then president"
            else:
                if word.low in lang.stop or word.low.endswith("."):
                    break
                if lang.blocks(word):
                    left.drop = loose == 0 and left.qualifier is None
                    break
                if lang.loose(word) and loose < lang.max_loose:
                    loose += 1
                    i += 1
                    continue
                break
        leftmost = words[i + size - 1]
        if value == "negate":  # "vice president", "stellvertretende Außenminister"
            left.drop = loose == 0 and left.qualifier is None
            break
        if value in _FLAGS:
            left.flags.add(value)
            left.start = leftmost.start
            if left.qualifier is None:
                left.start_unqualified = leftmost.start
        elif value != "neutral":  # a country or an institution
            if left.qualifier is not None:
                break  # a second one belongs to another phrase
            left.qualifier = value
            left.start = leftmost.start
        i += size
    return left


def _mention(t: _Text, core: _Core, lang: _Lang, default: str | None) -> RoleMention | None:
    flags: set[str] = set()
    prefix_qualifier: str | None = None
    for segment in core.prefixes:
        value = lang.prefixes.get(segment)
        if value is None or value == "negate":
            return None  # "SPD-Generalsekretär", "Vize-Kanzler", "co-president"
        if value in _FLAGS:
            flags.add(value)
        elif value != "neutral":
            prefix_qualifier = value
    if core.glue.startswith(("alt", "ex")):
        flags.add("former")
    if core.glue.endswith("bundes"):
        flags.add("federal")
    if core.suffix:
        flags.add("designate")

    left = _scan_left(t, core.start, lang)
    core_low = t.low[core.start : core.end]
    right = lang.right(t, core.stop, core_low)
    if left.drop or right.drop:
        return None
    flags |= left.flags
    if right.designate:
        flags.add("designate")

    # An organisation beats a country: "die deutsche EU-Kommissionspräsidentin" is the
    # EU's office held by a German; otherwise the nearest country named wins.
    candidates = [prefix_qualifier, right.qualifier, left.qualifier]
    qualifier = next((q for q in candidates if q in INSTITUTIONS), None) or next(
        (q for q in candidates if q is not None), None)
    start = left.start if qualifier is not None and qualifier == left.qualifier else left.start_unqualified
    end = right.end if qualifier is not None and qualifier == right.qualifier else right.end_unqualified

    if lang.code == "en" and core_low in en_roles.CAPITALISED_ONLY and t.raw[core.start].islower():
        if qualifier is None and not (core_low in en_roles.LOWERCASE_AFTER_THE and left.previous == "the"):
            return None  # "premier destination", "drag queen"
    kind = KINDS[core.kind]
    federal = "federal" in flags
    if federal:
        federal_kind = _FEDERAL_KINDS.get(core.kind)
        if federal_kind is None:
            return None  # "Bundesgeneralsekretär": a party office
        kind = KINDS[federal_kind]
    resolved = _resolve(kind, qualifier, federal, default)
    if resolved is None:
        return None
    role, country, org = resolved
    return RoleMention(
        start, end, t.raw[start:end], role, country, org, _title(role, country, org, kind),
        former="former" in flags, designate="designate" in flags, acting="acting" in flags,
    )


def find_role_phrases(text: str, language: str, *, default_country: str | None = None) -> list[RoleMention]:
    """Every role phrase in `text` with its office, in text order.

    `language` is "de" or "en" (other languages find nothing). `default_country` is the
    country the article's context implies; it fills in phrases that name none ("der
    Außenminister") where that country has such an office.
    """
    lang = _LANGUAGES.get((language or "").lower()[:2])
    if lang is None or not text:
        return []
    t = _lowered(text)
    default = default_country.upper() if default_country else None
    mentions: list[RoleMention] = []
    for core in lang.cores(t):
        if mentions and core.start < mentions[-1].end:
            continue  # inside the previous phrase ("President of the European Council")
        mention = _mention(t, core, lang, default)
        if mention is not None:
            mentions.append(mention)
    return mentions


def role_of_title(title: str, language: str) -> tuple[str, str | None, str | None] | None:
    """(role, country, org) of a bare title such as "NATO-Generalsekretär" or
    "US Secretary of Defense"; None when it names none of the eight roles."""
    mentions = find_role_phrases(title.strip(), language)
    if not mentions:
        return None
    best = max(mentions, key=lambda mention: mention.end - mention.start)
    return best.role, best.country, best.org
