"""Quantities: numbers together with what they count, in German and English text.

What a span covers (one rule for both languages):
    [hedge] [currency symbol] NUMBER [scale word] [currency word | percent word]
    [hedge] NUMBER [scale word] [adjectives] COUNTED NOUN
e.g. "rund 12.000 nordkoreanische Soldaten", "about $61 billion", "5 Mrd. Euro",
"30 Prozent", "three generals". Hedges ("rund", "etwa", "about", "mehr als", "bis zu")
are part of the span and set `approximate`: the number is an estimate or a bound.
The span ends with the counted noun (or unit); nothing after it is included.

`value` is the number times its scale ("1,5 Millionen" = 1500000). `unit` is the counted
noun as written ("Soldaten", "troops"), an ISO currency code ("EUR", "USD"), "%" for
percent or "pp" for percentage points; None for a bare number ("stieg auf 12.000.").

Number formats: German "12.000" / "1,5", English "12,000" / "1.5", and groups split by a
space, no-break space or narrow no-break space ("12 000"). One separator followed by
exactly three digits in the language's *decimal* mark ("12,000" in German text) is read
as a thousands group, unless a scale, percent or currency follows or the integer part
is 0 ("2,375 Prozent", "0,125"): counted things come in whole numbers.

Number words ("zwölftausend", "three", "zwei") go through text2num and count only with a
counted noun, a unit or a scale after them, so "einer der zwei" is no quantity. The
German article "eine" / English "a" count as 1 only before a scale ("eine Million").

Not quantities: years (every bare 1900-2099 in English; in German unless a counted noun
follows and no year cue such as "im", "seit", "Jahr" precedes: "2000 Soldaten" counts),
dates ("28. Oktober", "Oct. 28", "28.10.2024"), clock times ("14 Uhr", "2 p.m.",
"14:30"), scores, German ordinals ("die 3. Armee"), English ordinals ("3rd"), numbers
glued to letters or a letter and hyphen ("G7", "F-16", "Covid-19", "5-Punkte-Plan"),
phone numbers, and labels after a cue word ("Seite 12", "Artikel 5", "No. 5").

Other languages: digits with the symbols %, $, €, £ only; bare years are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from text_to_num import text2num

from lagebild.nlp.doc import Doc, Quantity
from lagebild.nlp.pipeline import ComponentFn, component

LANGUAGES = ("de", "en")

# Currency marks written before the number; language-neutral.
CURRENCY_SYMBOLS = {
    "US$": "USD", "US-$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH",
    "¥": "JPY", "EUR": "EUR", "USD": "USD", "GBP": "GBP", "CHF": "CHF",
}

# A digit number: thousands groups with one consistent separator, or plain digits, each
# with optional decimals. Not preceded by a letter, a letter and hyphen ("F-16"), a dot or
# comma (inside a larger number) or "+" (phone); not followed by a letter, a hyphen and a
# letter ("5-Punkte-Plan") or more digits behind a separator. Up to three letters glued
# on ("100km", "$61bn", "3rd") are captured and judged later.
_DIGITS = re.compile(
    r"(?<![\w.,/+])(?<![^\W\d_]-)"
    r"(?P<num>\d{1,3}(?P<sep>[.,\u00a0\u202f\u2009 ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?P<glued>[^\W\d_]{1,3}|²)?"
    r"(?![\w]|[.,/:]\d|-[^\W\d_])"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_WORD_AFTER = re.compile(r"\s+([^\W\d_](?:[\w'’-]*\w)?)")
_PREVIOUS_WORD = re.compile(r"(\S+)\s*$")
_RANGE_JOINER = re.compile(r"\s*(?:bis|und|oder|to|and|or|-|–|—)\s*")

# Digits that are no count: clock times and scores, ISO and numeric dates, phone numbers.
_GENERIC_MASKS = (
    r"\d+:\d+(?::\d+)?",
    r"\d{4}-\d{1,2}-\d{1,2}",
    r"(?<!\d)\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{4}|\d{2})?(?![\d])",
    r"(?<!\d)\d{1,2}/\d{1,2}(?:/\d{2,4})?(?!\d)",
    r"(?:\+|\b00)\d{1,3}[\s/-]?(?:\(0?\d+\)[\s/-]?)?\d{2,}(?:[\s/-]\d{2,}){0,5}",
    r"\(0\d{2,5}\)\s?\d{3,}(?:[\s-]\d+)*",
    r"(?<![\d.,])0\d{2,5}[\s/-]\d{4,}(?:[\s-]\d+)*",
)


@dataclass(frozen=True)
class _Rules:
    """Everything compiled for one language, built once per process."""

    language: str
    data: ModuleType | None
    masks: re.Pattern[str]
    number_words: re.Pattern[str] | None
    articles_as_one: re.Pattern[str] | None
    scale_after: re.Pattern[str]
    currency_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    unit_after: re.Pattern[str] | None
    currency_before: re.Pattern[str]
    hedge_before: re.Pattern[str] | None
    time_after: re.Pattern[str] | None


@dataclass
class _Number:
    start: int
    end: int
    value: float | None  # None for digits: parsed once the context is known
    digits: str | None = None  # the digit string as written
    glued: str | None = None


@dataclass
class _Found:
    start: int
    end: int
    value: float
    unit: str | None
    approximate: bool
    scale: float


def _alternation(words: object) -> str:
    """A regex alternation of literal words, longest first so that it prefers them."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))  # type: ignore[arg-type]


def _date_masks(language: str) -> list[str]:
    """Day-month patterns, so that "28. Oktober" or "Oct. 28, 2024" count nothing."""
    try:
        dates = import_module(f"lagebild.nlp.lang.{language}_dates")
    except ModuleNotFoundError:
        return []
    full = _alternation(name.capitalize() for name in dates.MONTHS)
    short = _alternation(name.capitalize() for name in dates.MONTH_ABBREVIATIONS)
    month = rf"(?:{full}|(?:{short})\.?)"
    day = r"\d{1,2}(?:st|nd|rd|th)?\.?"
    joiner = r"\s*(?:und|bis|oder|and|to|–|-|/)\s*"
    return [
        rf"(?<!\d)(?:{day}{joiner})?{day}\s*(?:of\s+)?{month}(?!\w)",  # "3. und 4. Dezember"
        rf"{month}\s+{day}(?:{joiner}{day})?(?:,?\s+\d{{4}})?(?!\d)",  # "July 9-11, 2024"
        rf"(?:{full}),?\s+\d{{4}}(?!\d)",
    ]


@lru_cache(maxsize=None)
def _rules_for(language: str) -> _Rules:
    data = import_module(f"lagebild.nlp.lang.{language}_numbers") if language in LANGUAGES else None
    masks = re.compile("|".join(_GENERIC_MASKS + tuple(_date_masks(language))))
    currency_before = re.compile(rf"(?:{_alternation(CURRENCY_SYMBOLS)})\s?$")
    if data is None:
        return _Rules(
            language, None, masks, None, None,
            scale_after=re.compile(r"(?!)"),
            currency_after=re.compile(r"\s*(?P<w>€|\$|£)"),
            percent_after=re.compile(r"\s*(?P<w>%)"),
            unit_after=None, currency_before=currency_before, hedge_before=None, time_after=None,
        )
    if language == "de":
        # One word glued from number morphemes ("zweihundertfünfzig") or a fraction word.
        number_words = rf"(?<![\w-])(?:{_alternation(data.FRACTION_WORDS)}|(?:{_alternation(data.NUMBER_MORPHEMES)})+)(?![\w-])"
    else:
        # A run of number words: "two hundred and fifty", "twenty-one".
        word = _alternation(data.NUMBER_WORDS)
        number_words = rf"(?<![\w-])(?:{word})(?:(?:\s+and\s+|[\s-]+)(?:{word}))*(?![\w-])"
    scales = _alternation(data.SCALE_WORDS)
    return _Rules(
        language,
        data,
        masks,
        number_words=re.compile(number_words, re.IGNORECASE),
        articles_as_one=re.compile(
            rf"(?<!\w)(?:{_alternation(data.ARTICLES_AS_ONE)})(?=\s+(?:{scales})(?!\w))", re.IGNORECASE
        ),
        scale_after=re.compile(rf"\s*(?P<w>{scales})(?!\w)"),
        currency_after=re.compile(rf"\s*(?P<w>{_alternation(data.CURRENCY_WORDS)})(?!\w)"),
        percent_after=re.compile(rf"\s*(?P<w>{_alternation(data.PERCENT_WORDS)})(?!\w)"),
        unit_after=re.compile(rf"\s*(?P<w>{_alternation(data.LOWERCASE_UNITS)})(?![\w/²])"),
        currency_before=currency_before,
        hedge_before=re.compile(rf"(?<![\w.])(?:{_alternation(data.HEDGES)})\s*$", re.IGNORECASE),
        time_after=re.compile(data.TIME_AFTER),
    )


# --- reading numbers ---------------------------------------------------------------


def _digit_numbers(text: str) -> list[_Number]:
    return [
        _Number(m.start(), m.end(), None, digits=m.group("num"), glued=m.group("glued"))
        for m in _DIGITS.finditer(text)
    ]


def _word_numbers(text: str, rules: _Rules) -> list[_Number]:
    """Number words and "eine"/"a" before a scale word, with their values."""
    data = rules.data
    if data is None or rules.number_words is None or rules.articles_as_one is None:
        return []
    found = [_Number(m.start(), m.end(), 1.0) for m in rules.articles_as_one.finditer(text)]
    for m in rules.number_words.finditer(text):
        words = m.group()
        lowered = words.lower()
        if lowered in data.NOT_NUMBER_WORDS:
            continue
        # German nouns are capitalised: "Acht" mid-sentence is no number.
        if rules.language == "de" and words[0].isupper() and text[: m.start()].strip(" „\"'»«(") != "":
            continue
        value = data.FRACTION_WORDS.get(lowered)
        if value is None:
            try:
                value = float(text2num(lowered, rules.language))
            except ValueError:
                continue
        found.append(_Number(m.start(), m.end(), value))
    return found


def parse_digits(digits: str, thousands: str, decimal: str, fraction_expected: bool) -> float:
    """The value of a digit string such as "12.000", "1,5", "12 000" or "1.234,56".

    `fraction_expected`: a scale, percent or currency follows, so "2,375" is 2.375 even
    where the comma would otherwise be read as a thousands group.
    """
    for space in "\u00a0\u202f\u2009 ":
        digits = digits.replace(space, "")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:  # both present: the later one marks the decimals
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
    elif dots + commas == 0:
        return float(digits)
    elif dots > 1 or commas > 1:
        decimal_mark = ""  # "1.000.000": all groups
    else:
        mark = "." if dots else ","
        whole, _, tail = digits.partition(mark)
        if len(tail) != 3 or mark == thousands:
            decimal_mark = mark if len(tail) != 3 else ""
        else:  # the decimal mark before exactly three digits: "12,000" in German text
            decimal_mark = mark if fraction_expected or whole == "0" else ""
    group_mark = {".": ",", ",": "."}.get(decimal_mark, "")
    if decimal_mark:
        digits = digits.replace(group_mark, "").replace(decimal_mark, ".")
    else:
        digits = digits.replace(".", "").replace(",", "")
    return float(digits)


# --- what a number counts ----------------------------------------------------------


def _previous_word(text: str, start: int) -> str:
    m = _PREVIOUS_WORD.search(text, 0, start)
    return m.group(1).lstrip("(„\"'»«[").lower() if m else ""


def _is_german_ordinal(text: str, number: _Number, rules: _Rules) -> bool:
    """ "die 3. Armee" is an ordinal; "... waren es 500. Experten meinen" is not."""
    if rules.language != "de" or text[number.end : number.end + 1] != "." or number.glued:
        return False
    after = _WORD_AFTER.match(text, number.end + 1)
    if after is None:
        return False  # the dot ends the sentence
    if after.group(1)[0].islower():
        return True
    return _previous_word(text, number.start) in rules.data.ORDINAL_PRECURSORS  # type: ignore[union-attr]


def _german_noun(text: str, pos: int, data: ModuleType) -> tuple[int, str] | None:
    """The counted noun after a German number: the first capitalised word, with at most
    two adjective-like lower-case words before it ("nordkoreanische Soldaten")."""
    adjectives = 0
    while True:
        m = _WORD_AFTER.match(text, pos)
        if m is None:
            return None
        word = m.group(1)
        lowered = word.lower()
        if word[0].isupper():
            if word in data.NOT_COUNTED_NOUNS or lowered in data.FUNCTION_WORDS:
                return None
            return m.end(), word
        if lowered in data.FUNCTION_WORDS or adjectives == 2:
            return None
        if lowered not in data.INTERVENING_WORDS and not lowered.endswith(data.ADJECTIVE_ENDINGS):
            return None
        adjectives += 1
        pos = m.end()


def _is_english_plural(word: str, data: ModuleType) -> bool:
    lowered = word.lower()
    if lowered in data.IRREGULAR_PLURALS:
        return True
    return (
        len(lowered) > 2
        and lowered.endswith("s")
        and not lowered.endswith(("ss", "us", "is", "'s", "’s"))
        and lowered not in data.NOT_PLURALS
    )


def _english_noun(text: str, pos: int, value: float, data: ModuleType) -> tuple[int, str] | None:
    """The counted noun after an English number. English nouns carry no capital, so:
    the first plural among the next four words before a function word ("12,000 North
    Korean troops"); after "one", the first lower-case word that is no adjective."""
    for _ in range(4):
        m = _WORD_AFTER.match(text, pos)
        if m is None:
            return None
        word = m.group(1)
        lowered = word.lower()
        if lowered in data.FUNCTION_WORDS or word in data.NOT_COUNTED_NOUNS:
            return None
        if value == 1:
            if word[0].islower() and lowered not in data.SINGULAR_SKIP and not lowered.endswith(
                data.SINGULAR_ADJECTIVE_ENDINGS
            ):
                return m.end(), word
        elif _is_english_plural(word, data):
            return m.end(), word
        pos = m.end()
    return None


def _counted_noun(text: str, pos: int, value: float, rules: _Rules) -> tuple[int, str] | None:
    data = rules.data
    if data is None:
        return None
    if rules.unit_after is not None and (m := rules.unit_after.match(text, pos)):
        return m.end(), m.group("w")
    if rules.language == "de":
        return _german_noun(text, pos, data)
    return _english_noun(text, pos, value, data)


def _counts_something_after(text: str, end: int, rules: _Rules) -> bool:
    """Whether a currency, percent, scale or counted noun follows position `end`."""
    return bool(
        rules.scale_after.match(text, end)
        or rules.currency_after.match(text, end)
        or rules.percent_after.match(text, end)
        or _counted_noun(text, end, 2.0, rules)
    )


def is_year_mention(text: str, start: int, end: int, language: str) -> bool:
    """Whether the bare four-digit number text[start:end] (1900-2099) names a year.

    English writes counts from 1,000 with a comma, so there it is always a year. German
    writes "2000 Soldaten" without one: a year unless a counted noun, unit or scale
    follows, and always a year after a cue word ("im", "seit", "Jahr", a month name).
    Shared with the "dates" component so that both read a number the same way.
    """
    if language != "de":
        return True
    rules = _rules_for(language)
    if _previous_word(text, start) in rules.data.YEAR_CUES:  # type: ignore[union-attr]
        return True
    return not _counts_something_after(text, end, rules)


def _is_label(text: str, start: int, rules: _Rules) -> bool:
    """ "Seite 12", "Artikel 5", "No. 5": the number names something, it counts nothing."""
    return rules.data is not None and _previous_word(text, start) in rules.data.LABEL_CUES


def _read_quantity(text: str, number: _Number, rules: _Rules) -> _Found | None:
    """The quantity around one number, or None where the number counts nothing."""
    data = rules.data
    is_digits = number.digits is not None
    if is_digits:
        if _is_label(text, number.start, rules) or _is_german_ordinal(text, number, rules):
            return None
        if rules.time_after is not None and not number.glued and rules.time_after.match(text, number.end):
            return None

    start, pos = number.start, number.end
    currency: str | None = None
    if is_digits and (m := rules.currency_before.search(text, 0, start)):
        currency = CURRENCY_SYMBOLS[m.group().strip()]
        start = m.start()

    scale_word: str | None = None
    if number.glued:
        if data is not None and number.glued in data.SCALE_WORDS:
            scale_word = number.glued
        elif not (data is not None and number.glued.lower() in data.LOWERCASE_UNITS):
            return None  # "3rd", "5G", "1990er"
    elif m := rules.scale_after.match(text, pos):
        scale_word = m.group("w")
        pos = m.end()
    if scale_word and data is not None and scale_word in getattr(data, "CURRENCY_ONLY_SCALES", ()):
        if currency is None:  # "5 m" is five metres, "$5m" five million dollars
            if number.glued:
                return None
            scale_word, pos = None, number.end
    scale = data.SCALE_WORDS[scale_word] if scale_word and data is not None else 1.0

    unit: str | None = currency
    if number.glued and scale_word is None:
        unit = number.glued
    elif currency is None and (m := rules.currency_after.match(text, pos)):
        unit, pos = _currency_code(m.group("w"), data), m.end()
    elif currency is None and (m := rules.percent_after.match(text, pos)):
        unit, pos = data.PERCENT_WORDS[m.group("w")] if data else "%", m.end()

    fraction_expected = scale_word is not None or unit in {"%", "pp"} or currency is not None
    if is_digits:
        thousands = data.THOUSANDS_SEPARATOR if data else ","
        decimal = data.DECIMAL_SEPARATOR if data else "."
        value = parse_digits(number.digits or "", thousands, decimal, fraction_expected)
        if unit is None and not scale_word and _YEAR.fullmatch(number.digits or ""):
            if is_year_mention(text, number.start, number.end, rules.language):
                return None
    else:
        value = number.value or 0.0

    if unit is None:
        noun = _counted_noun(text, pos, value * scale, rules)
        if noun is not None:
            pos, unit = noun
    if not is_digits and unit is None and scale_word is None and value < 1000:
        return None  # a small number word needs something it counts: "einer der zwei"

    approximate = False
    if rules.hedge_before is not None and (m := rules.hedge_before.search(text, 0, start)):
        approximate, start = True, m.start()
    return _Found(start, pos, value * scale, unit, approximate, scale)


def _currency_code(word: str, data: ModuleType | None) -> str:
    if data is not None and word in data.CURRENCY_WORDS:
        return data.CURRENCY_WORDS[word]
    return CURRENCY_SYMBOLS.get(word, word)


def _share_units_in_ranges(text: str, found: list[_Found]) -> None:
    """ "20 bis 30 Soldaten", "5 to 6 billion dollars": the first number counts the same
    thing, at the same scale, as the second."""
    for first, second in zip(found, found[1:]):
        if first.unit is None and second.unit is not None and _RANGE_JOINER.fullmatch(text, first.end, second.start):
            first.unit = second.unit
            if first.scale == 1.0 and second.scale != 1.0:
                first.value *= second.scale
                first.scale = second.scale


def find_quantities(text: str, language: str) -> list[tuple[int, int, float, str | None, bool]]:
    """(start, end, value, unit, approximate) of each quantity in one sentence or line."""
    rules = _rules_for(language)
    masked = [m.span() for m in rules.masks.finditer(text)]
    candidates = sorted(_digit_numbers(text) + _word_numbers(text, rules), key=lambda n: (n.start, -n.end))
    found: list[_Found] = []
    covered = 0
    for number in candidates:
        if number.start < covered or any(s < number.end and number.start < e for s, e in masked):
            continue
        quantity = _read_quantity(text, number, rules)
        if quantity is not None and (not found or quantity.start >= found[-1].end):
            found.append(quantity)
            covered = quantity.end
    _share_units_in_ranges(text, found)
    return [(q.start, q.end, q.value, q.unit, q.approximate) for q in found]


@component("quantities", requires=("sentences",), assigns=("quantities",))
def make_quantity_finder(language: str) -> ComponentFn:
    _rules_for(language)  # compile once, before the first document

    def find(doc: Doc) -> Doc:
        for sentence_start, sentence_end in doc.sentence_spans():
            sentence = doc.text[sentence_start:sentence_end]
            for start, end, value, unit, approximate in find_quantities(sentence, language):
                a, b = sentence_start + start, sentence_start + end
                doc.quantities.append(Quantity(a, b, doc.text[a:b], value, unit, approximate))
        return doc

    return find
