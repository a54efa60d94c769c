"""`wrong_office_holder`: a person named with an office title ("NATO-Generalsekretär
Jens Stoltenberg", "South Korean Foreign Minister Cho Tae-yul") who did not hold that
office on the day the sentence speaks of, or whom the knowledge base does not know as
holder of any such office at all (an invented minister).

The steps: find role phrases (title words with the country or organisation they name
and modifiers such as "former"), attach the person named right after the phrase (or in
an apposition before it), decide the office (country from the phrase, else from the
person's own terms, else from the article's context), decide the day (a date in the
sentence, else the article's date) and ask the knowledge base who held the office then.

The name helpers at the end (loose name matching against the knowledge base and the
corpus) are shared with `persons.py`.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from lagebild.kb import KnowledgeBase, Person, Term
from lagebild.kb.lang import de_roles, en_roles
from lagebild.kb.model import ROLE_TITLES
from lagebild.kb.names import normalize_name
from lagebild.verify.context import CheckContext
from lagebild.verify.model import Evidence, Finding

# The knowledge base starts on 2014-01-01: earlier days cannot be checked.
KB_COVERAGE_START = date(2014, 1, 1)

# What each role-word kind of `kb/lang/*_roles.py` means in contract roles, with the
# country or organisation the word itself implies (None: decided from the phrase, the
# person or the context). Vague words ("leader", "chief") are left out on purpose.
KINDS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "foreign_minister": (("foreign_minister",), None),
    "defence_minister": (("defence_minister",), None),
    "us_defense_secretary": (("defence_minister",), "US"),
    "defense_secretary": (("defence_minister",), None),
    "defence_secretary": (("defence_minister",), None),
    "uk_defence_secretary": (("defence_minister",), "GB"),
    "pentagon_chief": (("defence_minister",), "US"),
    "foreign_secretary": (("foreign_minister",), None),
    "secretary_of_state": (("foreign_minister",), "US"),
    "top_diplomat": (("foreign_minister", "high_representative"), None),
    "foreign_policy_chief": (("high_representative", "foreign_minister"), None),
    "high_representative": (("high_representative",), "EU"),
    "secretary_general": (("secretary_general",), None),
    "prime_minister": (("head_of_government",), None),
    "chancellor": (("head_of_government",), None),
    "taoiseach": (("head_of_government",), "IE"),
    "head_of_government": (("head_of_government",), None),
    "head_of_state": (("head_of_state",), None),
    "state_president": (("head_of_state",), None),
    "president": (("head_of_state", "head_of_government"), None),
    "supreme_leader": (("head_of_state",), "IR"),
    "monarch": (("head_of_state",), None),
    "emperor": (("head_of_state",), None),
    "grand_duke": (("head_of_state",), None),
    "kremlin_chief": (("head_of_state",), "RU"),
    "commission_president": (("commission_president",), "EU"),
    "council_president": (("council_president",), "EU"),
    "council_president_weak": (("council_president",), "EU"),
}
# A chancellor heads a government only in Germany and Austria (the British "Chancellor"
# runs the Exchequer): other countries' chancellors are not checked.
CHANCELLOR_COUNTRIES = ("DE", "AT")
ORG_ROLES = {"secretary_general", "commission_president", "council_president", "high_representative"}
INSTITUTIONS = {"NATO": "NATO", "UN": "UN", "EU": "EU", "EU_COMMISSION": "EU", "EU_COUNCIL": "EU",
                "PENTAGON": "US", "KREMLIN": "RU"}


@dataclass
class RoleMention:
    """A title in the text: the words that name an office, resolved as far as they go."""

    start: int
    end: int
    kind: str
    country: str | None = None  # ISO code named in the phrase
    org: str | None = None  # NATO, UN or EU named in the phrase
    former: bool = False  # "former", "late", "ehemalig", "Ex-": not checked against today
    designate: bool = False  # "designate", "designiert", "-elect": not yet in office
    negated: bool = False  # "vice", "deputy", "SPD-": another office

    @property
    def roles(self) -> tuple[str, ...]:
        return KINDS[self.kind][0]


@dataclass
class NameMention:
    start: int
    end: int
    text: str


# ---------------------------------------------------------------- role phrases
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w[\w'’-]*")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _institution(key: str) -> tuple[str | None, str | None]:
    """(country, org) for a table value: an ISO code or an institution key."""
    if key in ("NATO", "UN", "EU", "EU_COMMISSION", "EU_COUNCIL"):
        return None, INSTITUTIONS[key]
    if key in INSTITUTIONS:
        return INSTITUTIONS[key], None
    return key, None


def _apply(mention: RoleMention, value: str) -> bool:
    """Apply a table value (a modifier or a place) to the mention; False ends the scan."""
    if value == "former":
        mention.former = True
    elif value == "designate":
        mention.designate = True
    elif value == "negate":
        mention.negated = True
        return False
    elif value in ("acting", "neutral"):
        pass
    elif value == "federal":
        pass  # narrows the title to Germany or Austria; the person's own terms decide
    elif mention.country is None and mention.org is None:
        mention.country, mention.org = _institution(value)
    return True


def _german_mentions(text: str) -> list[RoleMention]:
    tokens = _tokens(text)
    mentions: list[RoleMention] = []
    covered: list[tuple[int, int]] = []
    for fragment, kind in de_roles.PHRASES:
        for m in re.finditer(r"\b" + fragment + r"\b", text, re.IGNORECASE):
            if kind in KINDS:
                mentions.append(RoleMention(m.start(), m.end(), kind))
                covered.append((m.start(), m.end()))
    for index, (start, end, word) in enumerate(tokens):
        if not word[0].isupper() or any(a <= start < b for a, b in covered):
            continue
        parts = word.split("-")
        base = parts[-1].lower()
        kind = de_roles.NOUNS.get(base)
        glued = None
        if kind is None:
            for prefix, value in de_roles.GLUED_PREFIXES.items():
                if base.startswith(prefix) and base[len(prefix):] in de_roles.NOUNS:
                    kind, glued = de_roles.NOUNS[base[len(prefix):]], value
                    break
        if kind is None or kind not in KINDS:
            continue
        mention = RoleMention(start, end, kind)
        if glued:
            _apply(mention, glued)
        for prefix in (p.lower() for p in parts[:-1] if p):
            value = (de_roles.HYPHEN_PREFIXES.get(prefix) or de_roles.NAMES.get(prefix)
                     or de_roles.ORGS.get(prefix) or de_roles.ADJECTIVES.get(prefix))
            if value is None:
                mention.negated = True  # "SPD-Generalsekretär": the office of another body
            else:
                _apply(mention, value)
        _scan_left_de(text, tokens, index, mention)
        _scan_right_de(text, mention)
        mentions.append(mention)
    return mentions


def _scan_left_de(text: str, tokens: list[tuple[int, int, str]], index: int, mention: RoleMention) -> None:
    """Country adjectives, genitives and modifiers before the role noun."""
    for k in range(index - 1, max(index - 4, -1), -1):
        start, end, word = tokens[k]
        low = word.lower()
        if not re.fullmatch(r"\s{1,2}", text[end:tokens[k + 1][0]]):
            return  # punctuation between the words: they belong to different phrases
        value = (de_roles.MODIFIERS.get(low) or de_roles.ADJECTIVES.get(low)
                 or (de_roles.GENITIVES.get(low) if word[0].isupper() and low not in de_roles.CAPITALISED_S_STOP
                     else None)
                 or (de_roles.ORGS.get(low) if word.isupper() else None))
        if value is not None:
            if value not in ("former", "designate", "negate", "acting", "neutral", "federal"):
                mention.start = start  # the country belongs to the span: "Japans Premierminister"
            if not _apply(mention, value):
                return
            continue
        if low in de_roles.STOP or word[0].isupper():
            return
        if not low.endswith(de_roles.ADJECTIVE_ENDINGS):
            return




_AFTER_DE = re.compile(r"\s+(des|der|von|vom|aus|für)\s+((?:[\wÄÖÜäöüß-]+\s*){1,4})")


def _scan_right_de(text: str, mention: RoleMention) -> None:
    """"Präsident der Ukraine", "Generalsekretär der Nato", "Minister für ..."."""
    m = _AFTER_DE.match(text, mention.end)
    if not m:
        return
    preposition, words = m.group(1).lower(), m.group(2).split()
    if preposition == "für":
        if not words[0].lower().startswith(de_roles.FOR_ALLOWED_PREFIXES):
            mention.negated = True
        return
    for n in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[:n]).lower()
        value = de_roles.ORGS.get(phrase) or de_roles.NAMES.get(phrase) or de_roles.GENITIVES.get(phrase)
        if value is not None:
            if mention.country is None and mention.org is None:
                mention.country, mention.org = _institution(value)
            end = text.index(words[n - 1], m.start(2)) + len(words[n - 1])
            mention.end = end
            return


def _english_mentions(text: str) -> list[RoleMention]:
    alternatives = "|".join(f"(?P<k{i}>{fragment})" for i, (fragment, _) in enumerate(en_roles.CORES))
    pattern = re.compile(r"(?<![\w])(?:" + alternatives + r")(?![\w])", re.IGNORECASE)
    kinds = [kind for _, kind in en_roles.CORES]
    tokens = _tokens(text)
    mentions: list[RoleMention] = []
    for m in pattern.finditer(text):
        kind = next(kinds[i] for i in range(len(kinds)) if m.group(f"k{i}") is not None)
        word = m.group()
        if kind not in KINDS:
            continue
        if word.split()[0].lower() in en_roles.CAPITALISED_ONLY and not word[0].isupper():
            continue
        following = re.match(r"\s+(\w+)", text[m.end():])
        if kind == "prime_minister" and following and following.group(1).lower() in en_roles.NOT_AFTER_PREMIER:
            continue
        mention = RoleMention(m.start(), m.end(), kind)
        hyphen = re.search(r"([\w.]+)-$", text[max(0, m.start() - 12):m.start()])
        if hyphen:
            value = en_roles.HYPHEN_PREFIXES.get(hyphen.group(1).lower())
            mention.start -= len(hyphen.group(0))
            if value is None or not _apply(mention, value):
                mention.negated = True
        suffix = re.match(r"-(\w+)", text[m.end():])
        if suffix and en_roles.SUFFIXES.get(suffix.group(1).lower()) == "designate":
            mention.designate = True
        _scan_left_en(text, tokens, mention)
        _scan_right_en(text, mention)
        mentions.append(mention)
    return mentions


def _scan_left_en(text: str, tokens: list[tuple[int, int, str]], mention: RoleMention) -> None:
    before = [t for t in tokens if t[1] <= mention.start][-4:]
    k = len(before) - 1
    edge = mention.start
    while k >= 0:
        start, end, word = before[k]
        if not re.fullmatch(r"[\s-]{0,2}", text[end:edge]):
            return  # a comma or other punctuation ends the title
        low = word.lower()
        possessive = re.sub(r"['’]s$", "", low) if re.search(r"['’]s$", low) else None
        pair = f"{before[k - 1][2].lower()} {low}" if k > 0 else None
        pair_possessive = f"{before[k - 1][2].lower()} {possessive}" if k > 0 and possessive else None
        value = None
        span_start = start
        if pair and pair in en_roles.ADJECTIVES:
            value, span_start, k = en_roles.ADJECTIVES[pair], before[k - 1][0], k - 1
        elif pair_possessive and (pair_possessive in en_roles.NAMES or pair_possessive in en_roles.CAPITALS):
            value = en_roles.NAMES.get(pair_possessive) or en_roles.CAPITALS[pair_possessive]
            span_start, k = before[k - 1][0], k - 1
        elif possessive is not None:
            value = (en_roles.NAMES.get(possessive) or en_roles.CAPITALS.get(possessive)
                     or en_roles.ORGS.get(possessive))
        elif low in en_roles.MODIFIERS:
            value = en_roles.MODIFIERS[low]
        elif low == en_roles.THEN and k > 0 and before[k - 1][2].lower() == "the":
            value = "former"
        elif low in en_roles.ADJECTIVES and (word[0].isupper() or low in ("u.s.", "us", "uk")):
            value = en_roles.ADJECTIVES[low]
        elif word[0].isupper() and (low in en_roles.ORGS or low in en_roles.NAMES):
            value = en_roles.ORGS.get(low) or en_roles.NAMES[low]
        if value is None:
            return
        if value not in ("former", "designate", "negate", "acting", "neutral", "federal"):
            mention.start = span_start
        if not _apply(mention, value):
            return
        edge = before[k][0] if k >= 0 else edge
        edge = span_start
        k -= 1


_AFTER_EN = re.compile(r"\s+(of|for)\s+(?:the\s+)?((?:[\w.'’-]+\s*){1,4})")


def _scan_right_en(text: str, mention: RoleMention) -> None:
    """"President of France", "Secretary General of NATO", "High Representative for ..."."""
    m = _AFTER_EN.match(text, mention.end)
    if not m:
        return
    preposition, words = m.group(1).lower(), m.group(2).split()
    if preposition == "for":
        if words[0].lower() not in en_roles.FOR_ALLOWED and words[0][0].isupper():
            mention.negated = True
        return
    for n in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[:n]).lower()
        value = en_roles.ORGS.get(phrase) or en_roles.NAMES.get(phrase) or en_roles.ORGS_AFTER_OF.get(phrase)
        if value is not None:
            if mention.country is None and mention.org is None:
                mention.country, mention.org = _institution(value)
            mention.end = text.index(words[n - 1], m.start(2)) + len(words[n - 1])
            return
        if phrase in en_roles.NEUTRAL_AFTER_OF:
            return
    if words[0][0].isupper():
        mention.negated = True  # "President of Harvard": another body's office


def find_role_mentions(text: str, language: str) -> list[RoleMention]:
    """Office titles in a text, German or English."""
    found = _german_mentions(text) if language == "de" else _english_mentions(text)
    return sorted(found, key=lambda m: m.start)


# ---------------------------------------------------------------- names next to titles
_PARTICLES = frozenset({"von", "van", "der", "de", "den", "da", "di", "del", "bin", "al", "le", "la", "ter", "zu"})
_NAME_WORD = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’]*(?:-[\w'’]+)*\.?")


def name_after(text: str, offset: int) -> NameMention | None:
    """Capitalised words right after `offset` (optionally after a comma): a name."""
    m = re.match(r",?[ \t]+", text[offset:])
    if not m:
        return None
    position = offset + m.end()
    words: list[tuple[int, int]] = []
    while len(words) < 4:
        w = _NAME_WORD.match(text, position)
        if w and not (w.group().endswith(".") and len(w.group()) > 2 and words):
            words.append((w.start(), w.end() - (1 if w.group().endswith(".") and len(w.group()) > 2 else 0)))
            position = words[-1][1]
        else:
            p = re.match(r"[a-z]+", text[position:])
            if not (words and p and p.group() in _PARTICLES):
                break
            position += p.end()
            if not _NAME_WORD.match(text, position + 1):
                break
        gap = re.match(r"[ \t]", text[position:position + 1])
        if not gap:
            break
        position += 1
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
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
_SKELETON = [("sch", "sh"), ("ck", "k"), ("ph", "f"), ("kh", "h"), ("w", "v"), ("z", "s"), ("j", "y"),
             ("yy", "y"), ("iy", "i"), ("ii", "i"), ("ou", "u")]


def skeleton(name: str) -> str:
    """A spelling-neutral form: case, accents and common transliterations folded, so that
    'Selenskyj' ~ 'Zelenskyy', 'Andrij' ~ 'Andrii', 'Peskow' ~ 'Peskov'."""
    folded = normalize_name(name)
    for old, new in _SKELETON:
        folded = folded.replace(old, new)
    return folded


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
    """Corpus sentences that name the person: the full name or the surname, spelled loosely."""
    words = mention.split()
    surname = skeleton(words[-1]) if words else ""
    full = skeleton(mention)
    found: list[Evidence] = []
    for source, sentence in ctx.corpus_sentences:
        names = [skeleton(w) for _, _, w in _tokens(sentence.text) if w[0].isupper()]
        if not names:
            continue
        joined = " ".join(names)
        if full in joined or any(_token_match(surname, n) for n in names if len(surname) >= 3):
            found.append(Evidence(source.id, sentence.text))
    return found


# ---------------------------------------------------------------- offices and days
def _held(terms: list[Term], first: date, last: date) -> bool:
    return any(t.start <= last and (t.end is None or t.end > first) for t in terms)


def _period(ctx: CheckContext, start: int) -> tuple[date, date] | None:
    """The days the sentence speaks of: its closest dated mention, else the article's date."""
    sentence = ctx.sentence_of(start)
    dated = [d for d in ctx.target.dates if d.value and sentence.start <= d.start < sentence.end]
    if dated:
        mention = min(dated, key=lambda d: abs(d.start - start))
        day = mention.value
        if mention.granularity == "year":
            return date(day.year, 1, 1), date(day.year, 12, 31)
        if mention.granularity == "month":
            return date(day.year, day.month, 1), date(day.year, day.month, monthrange(day.year, day.month)[1])
        if mention.granularity == "week":
            return day, date.fromordinal(day.toordinal() + 6)
        return day, day
    return (ctx.on, ctx.on) if ctx.on else None


def _context_countries(ctx: CheckContext, start: int) -> list[str]:
    """Countries the text around the mention names, most often first: the sentence, else
    the paragraph, else the article."""
    text = ctx.target.text
    scopes = [ctx.sentence_of(start)]
    scopes += [p for p in ctx.paragraphs if p.start <= start < p.end]
    scopes.append(ctx.target.span(0, len(text)))
    tables = (de_roles.NAMES, de_roles.GENITIVES, de_roles.ADJECTIVES) if ctx.target.language == "de" else (
        en_roles.NAMES, en_roles.ADJECTIVES)
    for scope in scopes:
        counts: Counter[str] = Counter()
        for entity in ctx.target.entities:
            if scope.start <= entity.start < scope.end and entity.label in ("LOC", "MISC"):
                low = re.sub(r"^the\s+|['’]s$", "", entity.text.lower())
                for table in tables:
                    if low in table and len(table[low]) == 2:
                        counts[table[low]] += 1
                        break
        if counts:
            return [code for code, _ in counts.most_common()]
    return []


def _office_name(role: str, country: str | None, org: str | None) -> str:
    where = en_roles.DISPLAY_NAMES.get(country or "", country) if country else org
    if org and role == "secretary_general":
        return f"{org} Secretary General"
    return f"{ROLE_TITLES[role]} of {where}"


def _term_text(term: Term) -> str:
    office = _office_name(term.role, term.country, term.org)
    if term.end is None:
        return f"{term.name}, {office} since {term.start.isoformat()}"
    return f"{term.name}, {office} {term.start.isoformat()} to {term.end.isoformat()}"


def _day_text(first: date, last: date) -> str:
    if first == last:
        return f"On {first.day} {first:%B %Y}"
    return f"Between {first.isoformat()} and {last.isoformat()}"


@dataclass
class _Office:
    role: str
    country: str | None
    org: str | None


def _offices(ctx: CheckContext, mention: RoleMention, persons: list[Person]) -> list[_Office]:
    """The offices the title can mean: by the phrase, else the person's terms, else context."""
    roles = mention.roles
    default = KINDS[mention.kind][1]
    country, org = mention.country, mention.org
    if country is None and org is None and default:
        country, org = _institution(default)
    if mention.kind == "chancellor" and country not in (None, *CHANCELLOR_COUNTRIES):
        return []
    org_roles = [r for r in roles if r in ORG_ROLES]
    if org is not None:
        return [_Office(r, None, org) for r in (org_roles or [])]
    if country is not None:
        return [_Office(r, country, None) for r in roles if r not in ORG_ROLES]
    own = [t for p in persons for t in ctx.kb.terms_of(p.id) if t.role in roles]
    if mention.kind == "chancellor":
        own = [t for t in own if t.country in CHANCELLOR_COUNTRIES]
    if own:
        seen = {(t.role, t.country, t.org) for t in own}
        return [_Office(*key) for key in seen]
    if org_roles and len(roles) == 1:
        return []  # "Secretary General" of which body? Not provable.
    codes = _context_countries(ctx, mention.start)
    if mention.kind == "chancellor":
        codes = [c for c in codes if c in CHANCELLOR_COUNTRIES]
    return [_Office(r, codes[0], None) for r in roles if r not in ORG_ROLES] if codes else []


def _check(ctx: CheckContext, mention: RoleMention, name: NameMention) -> Finding | None:
    period = _period(ctx, mention.start)
    if period is None or period[0] < KB_COVERAGE_START:
        return None
    first, last = period
    persons = kb_persons(ctx.kb, name.text)
    offices = _offices(ctx, mention, persons)
    if not offices:
        return None
    countries, _ = ctx.kb.covered()
    holders: list[Term] = []
    for office in offices:
        if office.country and office.country not in countries:
            return None
        terms = ctx.kb.office_terms(office.role, country=office.country, org=office.org)
        if not terms or terms[0].start > first:
            return None  # the knowledge base does not reach back to that day for this office
        if any(names_match(name.text, t.name) or t.person_id in {p.id for p in persons}
               for t in terms if t.start <= last and (t.end is None or t.end > first)):
            return None
        holders += [t for t in terms if t.start <= last and (t.end is None or t.end > first)]
    if not holders:
        return None
    span_start, span_end = mention.start, max(mention.end, name.end)
    if name.start < mention.start:
        span_start = name.start
    own_terms = [t for p in persons for t in ctx.kb.terms_of(p.id)
                 if t.role in mention.roles and any((t.country, t.org) == (o.country, o.org) for o in offices)]
    office = _office_name(offices[0].role, offices[0].country, offices[0].org)
    who = "; ".join(f"{t.name} (since {t.start.isoformat()})" for t in holders[:2])
    if persons:
        if own_terms:
            held = "; ".join(f"{t.name} held the office from {t.start.isoformat()}"
                             + (f" until {t.end.isoformat()}" if t.end else "") for t in own_terms[:2])
            why = f"{_day_text(first, last)} the {office} was {who}; {held}."
        else:
            why = (f"{_day_text(first, last)} the {office} was {who}; the knowledge base lists "
                   f"{persons[0].name} in no such office.")
    else:
        if corpus_knows(ctx, name.text):
            return None  # the sources know the person: a holder the knowledge base may lack
        if len(name.text.split()) < 2:
            return None  # a bare unknown surname could be anyone
        why = (f"No one named {name.text} held the office of {office} according to the knowledge base; "
               f"{_day_text(first, last).lower()} it was {who}.")
    evidence = [Evidence(f"kb:{t.person_id}", _term_text(t)) for t in holders[:2]]
    evidence += [Evidence(f"kb:{t.person_id}", _term_text(t)) for t in own_terms[:2]]
    return Finding(
        kind="wrong_office_holder",
        start=span_start,
        end=span_end,
        text=ctx.target.text[span_start:span_end],
        severity="high",
        explanation=why,
        evidence=evidence,
    )


def titled_names(ctx: CheckContext) -> list[tuple[RoleMention, NameMention]]:
    """Each office title with the person it is given to (after it, else in an apposition)."""
    text = ctx.target.text
    pairs: list[tuple[RoleMention, NameMention]] = []
    for mention in find_role_mentions(text, ctx.target.language):
        name = name_after(text, mention.end)
        if name is not None and not _is_name(ctx, name):
            name = None
        if name is None:
            before = name_before(text, mention.start)
            if before is not None and _is_name(ctx, before):
                name = before
        if name is not None:
            pairs.append((mention, name))
    return pairs


def _is_name(ctx: CheckContext, name: NameMention) -> bool:
    """A person's name: known to the knowledge base or recognised as a person."""
    if any(e.label == "PER" and e.start < name.end and name.start < e.end for e in ctx.target.entities):
        return not find_role_mentions(name.text, ctx.target.language)
    return bool(kb_persons(ctx.kb, name.text))


def find_wrong_office_holders(ctx: CheckContext) -> list[Finding]:
    if ctx.on is None:
        return []
    findings: list[Finding] = []
    for mention, name in titled_names(ctx):
        if mention.former or mention.designate or mention.negated:
            continue
        finding = _check(ctx, mention, name)
        if finding is not None and not any(f.start < finding.end and finding.start < f.end for f in findings):
            findings.append(finding)
    return findings
