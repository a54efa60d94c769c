"""Date mentions in German and English text, resolved against `doc.published`.

What a span covers (after TimeML's TIMEX3 extents): the words that carry the date, never a
leading preposition or article: "am 28. Oktober" -> "28. Oktober", "im Juni" -> "Juni",
"on Monday" -> "Monday", "in der vergangenen Woche" -> "vergangenen Woche", "the 28th of
October" -> "28th of October". Words that shift or narrow the date belong to it:
"vergangene Woche", "later this week", "später in dieser Woche", "Anfang des Jahres",
"zu Beginn dieses Jahres", "vor zwei Wochen", "Dienstagabend", "Monday night".

value and granularity:
- a full date: that day ("day"); a week: its Monday ("week"); a month: its first day
  ("month"); a year: January 1 ("year"). "Anfang Oktober" is the month, "Ende 2023" the
  year: the frame word narrows nothing in `value`.
- relative words ("gestern", "today", "next week", "vor zwei Wochen", "last year") count
  from the publication date.
- a weekday ("am Dienstag", "on Monday"; weekday_only=True, "day"): the most recent such
  day on or before publication, since news reports what happened; the first one on or
  after publication where the tense marker nearest to it is a future one ("wird", "will",
  "is expected to"). "kommenden"/"nächsten"/"next"/"coming" take the first one strictly
  after publication, "vergangenen"/"letzten"/"last" the last one strictly before, "am
  heutigen Dienstag" the publication date. A weekday written with its date ("Dienstag,
  29. Oktober") is one full-date mention with weekday_only=False.
- a day and month, or a month, without a year ("am 28. Oktober", "im Juni"): the year
  putting it closest to publication, on or before it where the nearest tense marker is a
  past one and on or after it where it is a future one.
- None where a relative expression, a weekday or a date without a year has no
  publication date to count from.
A bare four-digit number is a year only where `quantities.is_year_mention` agrees, so
"2000 Soldaten" is a count and no year. Overlapping matches: the longest wins.

Other languages: ISO dates ("2024-10-28") only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from lagebild.nlp.doc import DateMention, Doc
from lagebild.nlp.pipeline import ComponentFn, component
from lagebild.nlp.quantities import is_year_mention

LANGUAGES = ("de", "en")

_ISO = ("iso", r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12]\d|0[1-9])(?![\d])")
_LEADING_ARTICLE = re.compile(r"(?:the|der|die|das|den|dem|des)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Rules:
    language: str
    data: ModuleType | None
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    future: re.Pattern[str] | None
    past: re.Pattern[str] | None


@dataclass(frozen=True)
class Resolution:
    """What one date mention means: the DateMention fields besides its span."""

    value: date | None
    granularity: str = "day"
    weekday_only: bool = False


def _alternation(words: object) -> str:
    """A regex alternation of literal words, longest first so that it prefers them."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))  # type: ignore[arg-type]


def _with_capitals(words: object) -> list[str]:
    """Each word as written and capitalised: "vergangenen" also opens a sentence."""
    return [form for w in words for form in (w, w[0].upper() + w[1:])]  # type: ignore[attr-defined]


def _placeholders(data: ModuleType) -> dict[str, str]:
    # Month and weekday names match capitalised only: "may" is a modal verb.
    full = _alternation(m.capitalize() for m in data.MONTHS)
    short = _alternation(m.capitalize() for m in data.MONTH_ABBREVIATIONS)
    return {
        "DAY": r"(?:3[01]|[12]\d|0?[1-9])",
        "YEAR": r"(?:19|20)\d\d",
        "MONTH": rf"(?:{full})",
        "MONTH_ANY": rf"(?:{full}|(?:{short})\.?)",
        "WEEKDAY": rf"(?:{_alternation(w.capitalize() for w in data.WEEKDAYS)})",
        "WEEKDAY_SUFFIX": rf"(?:{_alternation(data.WEEKDAY_SUFFIXES)})" if data.WEEKDAY_SUFFIXES else "(?!)",
        "WEEKDAY_MOD": rf"(?:{_alternation(_with_capitals(data.WEEKDAY_MODIFIERS))})",
        "PERIOD_MOD": rf"(?:{_alternation(_with_capitals(data.PERIOD_MODIFIERS))})",
        "PERIOD_UNIT": rf"(?:{_alternation(_with_capitals(data.PERIOD_UNITS))})",
        "PERIOD_WORD": rf"(?:{_alternation(_with_capitals(data.PERIOD_WORDS))})" if data.PERIOD_WORDS else "(?!)",
        "AGO_UNIT": rf"(?:{_alternation(_with_capitals(data.AGO_UNITS))})",
        "SMALL_NUMBER": rf"(?:{_alternation(data.SMALL_NUMBERS)})",
        "FRAME": data.FRAME,
        "ARTICLE": data.ARTICLE,
        "MONTH_PREPOSITION": data.MONTH_PREPOSITION,
        "DAYPART": data.DAYPART,
    }


@lru_cache(maxsize=None)
def _rules_for(language: str) -> _Rules:
    if language not in LANGUAGES:
        return _Rules(language, None, (("iso", re.compile(_ISO[1])),), None, None)
    data = import_module(f"lagebild.nlp.lang.{language}_dates")
    fill = _placeholders(data)
    patterns = [("iso", re.compile(_ISO[1]))]
    patterns += [(kind, re.compile(template.format(**fill))) for kind, template in data.PATTERNS]
    return _Rules(language, data, tuple(patterns), re.compile(data.FUTURE_MARKERS), re.compile(data.PAST_MARKERS))


# --- calendar arithmetic -------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_start(year: int, month: int, offset: int = 0) -> date:
    index = year * 12 + (month - 1) + offset
    return date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # "31. Juni", "29. Februar 2023"
        return None


# A weekday written with the date outweighs the tense only this close to publication: an
# article from mid-July that says "Mittwoch, dem 12. Juli" means this year's Wednesday even
# in a past-tense sentence, but a weekday that fits only a year further away is the
# article's error to report, not a hint to move the date.
_WEEKDAY_REACH_DAYS = 183


def _closest_year(month: int, day: int, published: date, tense: str | None,
                  weekday: int | None = None) -> date | None:
    """The date with this month and day nearest to publication, within the tense's side;
    a nearby date on the written weekday comes first."""
    candidates = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _safe_date(y, month, day))]
    if weekday is not None:
        fitting = [d for d in candidates
                   if d.weekday() == weekday and abs((d - published).days) <= _WEEKDAY_REACH_DAYS]
        if fitting:
            return min(fitting, key=lambda d: abs((d - published).days))
    if tense == "past":
        candidates = [d for d in candidates if d <= published] or candidates
    elif tense == "future":
        candidates = [d for d in candidates if d >= published] or candidates
    # Ties go to the past: news more often looks back.
    return min(candidates, key=lambda d: (abs((d - published).days), d > published), default=None)


def _weekday_date(weekday: int, published: date, how: str) -> date:
    """The weekday's date: "last"/"next" strictly before/after publication, "past"/"future"
    on or before/after it."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if how == "last":
        return published - timedelta(days=back or 7)
    if how == "next":
        return published + timedelta(days=ahead or 7)
    if how == "future":
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


# --- tense ---------------------------------------------------------------------------


def _tense_markers(sentence: str, rules: _Rules) -> list[tuple[int, int, str]]:
    """(start, end, "future" | "past") of each tense marker in the sentence."""
    markers = []
    for tense, pattern in (("future", rules.future), ("past", rules.past)):
        if pattern is not None:
            markers += [(m.start(), m.end(), tense) for m in pattern.finditer(sentence)]
    return markers


def _nearest_tense(markers: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The tense of the marker nearest to the mention text[start:end], or None."""
    best: tuple[int, str] | None = None
    for marker_start, marker_end, tense in markers:
        if start <= marker_start < end:
            continue  # inside the mention itself ("vergangenen", "ago")
        distance = start - marker_end if marker_end <= start else marker_start - end
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None


# --- resolving one match -------------------------------------------------------------


def _lookup_month(word: str, data: ModuleType | None) -> int | None:
    if word.isdigit():
        return int(word)
    key = word.rstrip(".").lower()
    if data is None:
        return None
    return data.MONTHS.get(key) or data.MONTH_ABBREVIATIONS.get(key)


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _resolve(kind: str, m: re.Match[str], published: date | None, tense: str | None, rules: _Rules) -> Resolution | None:
    """Value, granularity and weekday flag of one match; None where it is no date."""
    data = rules.data
    groups = m.groupdict()
    if kind in ("iso", "numeric", "date"):
        month = _lookup_month(groups["month"], data)
        day = int(groups["day"])
        if month is None:
            return None
        if groups.get("year"):
            value = _safe_date(_full_year(groups["year"]), month, day)
            return Resolution(value) if value else None
        if _safe_date(2024, month, day) is None:
            return None  # "31.02."
        weekday = data.WEEKDAYS.get(groups["wd"].lower()) if data and groups.get("wd") else None
        return Resolution(_closest_year(month, day, published, tense, weekday) if published else None)

    if kind == "month":
        month = _lookup_month(groups["month"], data)
        if month is None:
            return None
        if groups.get("year"):
            return Resolution(date(int(groups["year"]), month, 1), "month")
        if published is None:
            return Resolution(None, "month")
        how = data.WEEKDAY_MODIFIERS.get((groups.get("wdmod") or "").lower(), "this") if data else "this"
        if how == "last":
            tense = "strictly_past"
        elif how == "next":
            tense = "strictly_future"
        return Resolution(_month_occurrence(month, published, tense), "month")

    if kind == "year":
        return Resolution(date(int(groups["year"]), 1, 1), "year")

    if published is None:
        granularity = {"weekday": "day", "relday": "day"}.get(kind, _period_granularity(groups, data))
        return Resolution(None, granularity, kind == "weekday")

    if kind == "weekday":
        weekday = data.WEEKDAYS[groups["wd"].lower()]  # type: ignore[union-attr]
        how = data.WEEKDAY_MODIFIERS.get((groups.get("wdmod") or "").lower(), "this")  # type: ignore[union-attr]
        if how == "today":
            return Resolution(published, weekday_only=True)
        if how == "yesterday":
            return Resolution(published - timedelta(days=1), weekday_only=True)
        if how == "this":
            how = "future" if tense == "future" else "past"
        return Resolution(_weekday_date(weekday, published, how), weekday_only=True)

    if kind == "relday":
        key = " ".join(groups["rel"].split()).lower()
        return Resolution(published + timedelta(days=data.RELATIVE_DAYS[key]))  # type: ignore[union-attr]

    if kind == "period":
        if groups.get("word"):
            granularity, offset = data.PERIOD_WORDS[groups["word"].lower()]  # type: ignore[union-attr]
        else:
            granularity = data.PERIOD_UNITS[groups["unit"].lower()]  # type: ignore[union-attr]
            offset = data.PERIOD_MODIFIERS.get((groups.get("mod") or "").lower(), 0)  # type: ignore[union-attr]
        return Resolution(_shift(published, granularity, int(offset)), granularity)

    if kind == "ago":
        count_text = groups["n"].lower()
        count = int(count_text) if count_text.isdigit() else data.SMALL_NUMBERS[count_text]  # type: ignore[union-attr]
        granularity = data.AGO_UNITS[groups["unit"].lower()]  # type: ignore[union-attr]
        return Resolution(_shift(published, granularity, -count), granularity)
    return None


def _period_granularity(groups: dict[str, str | None], data: ModuleType | None) -> str:
    if data is None:
        return "day"
    if groups.get("word"):
        return data.PERIOD_WORDS[groups["word"].lower()][0]  # type: ignore[index]
    if groups.get("unit"):
        units = {**data.AGO_UNITS, **data.PERIOD_UNITS}
        return units.get(groups["unit"].lower(), "day")  # type: ignore[union-attr]
    return "day"


def _shift(published: date, granularity: str, offset: int) -> date:
    """The start of the day, week, month or year `offset` units from publication."""
    if granularity == "day":
        return published + timedelta(days=offset)
    if granularity == "week":
        return _monday(published) + timedelta(weeks=offset)
    if granularity == "month":
        return _month_start(published.year, published.month, offset)
    return date(published.year + offset, 1, 1)


def _month_occurrence(month: int, published: date, tense: str | None) -> date:
    """First day of the month's occurrence around publication (see the module docstring)."""
    this_year = date(published.year, month, 1)
    current = date(published.year, published.month, 1)
    before = this_year if this_year <= current else date(published.year - 1, month, 1)
    after = this_year if this_year >= current else date(published.year + 1, month, 1)
    if tense == "strictly_past":
        return before if before < current else date(before.year - 1, month, 1)
    if tense == "strictly_future":
        return after if after > current else date(after.year + 1, month, 1)
    if tense == "past":
        return before
    if tense == "future":
        return after
    return min((before, after), key=lambda d: (abs((d - current).days), d > current))


# --- the component -------------------------------------------------------------------

_NEEDS_TENSE = frozenset({"numeric", "date", "month", "weekday"})
# Kinds whose every pattern has a mandatory day or year number: a sentence without a
# digit cannot match them, and skipping them saves a third of the date finder's time.
_NEEDS_DIGIT = frozenset({"iso", "numeric", "date", "year"})
_DIGIT = re.compile(r"\d")


def find_dates(sentence: str, language: str, published: date | None) -> list[tuple[int, int, Resolution]]:
    """(start, end, resolution) of each date mention in one sentence, in text order."""
    rules = _rules_for(language)
    matches: list[tuple[int, int, str, re.Match[str]]] = []
    has_digit = _DIGIT.search(sentence) is not None
    for kind, pattern in rules.patterns:
        if kind in _NEEDS_DIGIT and not has_digit:
            continue
        for m in pattern.finditer(sentence):
            start, end = m.span("span") if "span" in pattern.groupindex and m.group("span") else m.span()
            if article := _LEADING_ARTICLE.match(sentence, start, end):
                start = article.end()
            # A bare year (the one year pattern without a frame word) may be a count.
            is_bare_year = kind == "year" and "frame" not in pattern.groupindex
            if is_bare_year and not is_year_mention(sentence, m.start("year"), m.end("year"), language):
                continue
            matches.append((start, end, kind, m))

    # Longest first, then earliest; a match overlapping a chosen one is dropped.
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for candidate in sorted(matches, key=lambda c: (c[0] - c[1], c[0])):
        if all(candidate[1] <= s or candidate[0] >= e for s, e, _, _ in chosen):
            chosen.append(candidate)

    found = []
    markers: list[tuple[int, int, str]] | None = None  # found once a mention needs them
    for start, end, kind, m in sorted(chosen, key=lambda c: c[0]):
        tense = None
        if kind in _NEEDS_TENSE and rules.data is not None:
            markers = _tense_markers(sentence, rules) if markers is None else markers
            tense = _nearest_tense(markers, start, end)
        resolved = _resolve(kind, m, published, tense, rules)
        if resolved is None:
            continue
        for piece_start, piece_end, day_group in _range_pieces(kind, m, start, end):
            if day_group == "day":
                found.append((piece_start, piece_end, resolved))
            elif resolved.value is not None and (other := _safe_date_near(resolved.value, int(m.group(day_group)))):
                found.append((piece_start, piece_end, Resolution(other)))
            else:
                found.append((piece_start, piece_end, Resolution(None)))
    return found


def _range_pieces(kind: str, m: re.Match[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """A day range ("9. bis 11. Juli", "July 9-11") is two mentions, one per day:
    (start, end, name of the group holding that day's number)."""
    groups = m.re.groupindex
    if kind != "date":
        return [(start, end, "day")]
    if "first_day" in groups and m.group("first_day"):  # "9. bis 11. Juli", "9-11 July"
        first_end = m.end("first_day")
        if m.string.startswith(".", first_end):  # the German ordinal dot belongs to the day
            first_end += 1
        return [(start, first_end, "first_day"), (m.start("day"), end, "day")]
    if "last_day" in groups and m.group("last_day"):  # English "July 9-11"
        return [(start, m.end("day"), "day"), (m.start("last_day"), m.end("last_day"), "last_day")]
    return [(start, end, "day")]


def _safe_date_near(day_in_month: date, day: int) -> date | None:
    """Another day of the same month and year."""
    return _safe_date(day_in_month.year, day_in_month.month, day)


@component("dates", requires=("sentences",), assigns=("dates",))
def make_date_finder(language: str) -> ComponentFn:
    _rules_for(language)  # compile once, before the first document

    def find(doc: Doc) -> Doc:
        for sentence_start, sentence_end in doc.sentence_spans():
            sentence = doc.text[sentence_start:sentence_end]
            for start, end, resolved in find_dates(sentence, language, doc.published):
                a, b = sentence_start + start, sentence_start + end
                doc.dates.append(
                    DateMention(a, b, doc.text[a:b], resolved.value, resolved.granularity, resolved.weekday_only)
                )
        return doc

    return find
