"""German month and weekday names, relative expressions and date patterns for the
"dates" component.

PATTERNS are regex templates; `nlp/dates.py` fills the {PLACEHOLDERS} with alternations
built from the tables below and gives the named groups their meaning (see its docstring).
A group named `span` marks what the mention covers where the match also holds a
preposition that only cues the date ("im Juni": the span is "Juni").
"""

from __future__ import annotations

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12,
}
# Abbreviations are accepted only next to a day number ("28. Okt."), never alone.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}
WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
    "samstag": 5, "sonnabend": 5, "sonntag": 6,
}
# Glued to a weekday: "Dienstagabend" is still Tuesday.
WEEKDAY_SUFFIXES = ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")

RELATIVE_DAYS = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}


def _inflect(stems: dict[str, object]) -> dict[str, object]:
    """All adjective endings of each stem: "vergangen" -> vergangene, vergangenen, ..."""
    return {stem + ending: value for stem, value in stems.items() for ending in ("e", "en", "er", "es", "em")}


# Before a weekday or a month name: which occurrence is meant. "last"/"next" are strictly
# before/after the publication date, "this" follows the sentence's tense, "today" is the
# publication date itself ("am heutigen Dienstag").
WEEKDAY_MODIFIERS: dict[str, object] = {
    **_inflect({"vergangen": "last", "letzt": "last", "vorig": "last", "kommend": "next",
                "nächst": "next", "dies": "this", "heutig": "today", "gestrig": "yesterday"}),
}
# Before "Woche", "Monat", "Jahr": the offset in weeks, months or years.
PERIOD_MODIFIERS: dict[str, object] = {
    **_inflect({"vergangen": -1, "letzt": -1, "vorig": -1, "dies": 0, "laufend": 0,
                "kommend": 1, "nächst": 1}),
}
PERIOD_UNITS = {
    "woche": "week", "monat": "month", "monats": "month", "jahr": "year", "jahres": "year",
}
# One word that names a period relative to the publication date: (granularity, offset).
PERIOD_WORDS = {
    "vorwoche": ("week", -1), "vormonat": ("month", -1), "vorjahr": ("year", -1),
    "vorjahres": ("year", -1), "jahresbeginn": ("year", 0), "jahresanfang": ("year", 0),
    "jahresmitte": ("year", 0), "jahresende": ("year", 0), "monatsbeginn": ("month", 0),
    "monatsanfang": ("month", 0), "monatsende": ("month", 0), "wochenbeginn": ("week", 0),
}
# "vor zwei Wochen": units counted back from the publication date.
AGO_UNITS = {"tagen": "day", "tag": "day", "wochen": "week", "woche": "week",
             "monaten": "month", "monat": "month", "jahren": "year", "jahr": "year"}
SMALL_NUMBERS = {
    "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20,
    "dreißig": 30,
}

# Regex fragments the templates use besides the tables above.
FRAME = r"(?:[Zz]u\s+Beginn|Beginn|Anfang|Mitte|Ende|[Ss]päter|[Ff]rüher)"
ARTICLE = r"(?:der|die|das|des|dem|den)"
MONTH_PREPOSITION = r"(?:[Ii]m|[Ii]n|[Ss]eit|[Bb]is|[Aa]b|[Vv]om|[Zz]um|[Vv]on)"
DAYPART = r"(?:früh|Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)"

# (kind, template). Kinds and groups are described in `nlp/dates.py`.
PATTERNS = (
    ("numeric", r"(?<![\d.])(?:(?P<wd>{WEEKDAY}),?\s+(?:(?:den|dem)\s+)?)?(?P<day>{DAY})\.\s?(?P<month>1[0-2]|0?[1-9])\.(?:\s?(?P<year>{YEAR}|\d{{2}}(?!\d)))?(?![\d.]\d)"),
    # "28. Oktober", "Dienstag, 29. Oktober 2024", and ranges "3. und 4. Dezember",
    # "9. bis 11. Juli": `first_day` is a day of its own, in the same month.
    ("date", r"(?:(?P<wd>{WEEKDAY}),?\s+(?:(?:den|dem)\s+)?)?(?:(?<!\d)(?P<first_day>{DAY})\.\s*(?:und|bis|oder|–|-|/)\s*)?(?<!\d)(?P<day>{DAY})\.\s*(?P<month>{MONTH_ANY})(?:\s+(?P<year>{YEAR}))?(?!\w)"),
    ("month", r"(?P<frame>Anfang|Mitte|Ende)\s+(?P<month>{MONTH})(?:\s+(?P<year>{YEAR}))?(?!\w)"),
    ("month", r"(?P<month>{MONTH})\s+(?P<year>{YEAR})(?!\w)"),
    ("month", r"\b{MONTH_PREPOSITION}\s+(?:(?:den|dem)\s+)?(?P<span>(?:(?P<wdmod>{WEEKDAY_MOD})\s+)?(?P<month>{MONTH}))(?!\w)"),
    ("month", r"(?P<wdmod>{WEEKDAY_MOD})\s+(?P<month>{MONTH})(?!\w)"),
    ("year", r"(?P<frame>Anfang|Mitte|Ende|Frühjahr|Frühling|Sommer|Herbst|Winter)\s+(?P<year>{YEAR})(?!\w)"),
    ("year", r"(?<![\w$€£.,/-])(?P<year>{YEAR})(?![\w%€$]|[.,]\d|-\w)"),
    ("weekday", r"(?<!\w)(?:(?P<wdmod>{WEEKDAY_MOD})\s+)?(?P<wd>{WEEKDAY})(?:{WEEKDAY_SUFFIX})?(?!\w)"),
    ("relday", r"(?<!\w)(?P<rel>[Vv]orgestern|[Gg]estern|[Hh]eute|[Üü]bermorgen|morgen|^Morgen)(?:\s+{DAYPART})?(?!\w)"),
    ("period", r"(?P<frame>{FRAME})\s+(?:in\s+)?(?:{ARTICLE}\s+)?(?:(?P<mod>{PERIOD_MOD})\s+)?(?P<unit>{PERIOD_UNIT})(?!\w)"),
    ("period", r"(?P<mod>{PERIOD_MOD})\s+(?P<unit>{PERIOD_UNIT})(?!\w)"),
    ("period", r"(?<!\w)(?P<word>{PERIOD_WORD})(?!\w)"),
    ("ago", r"(?<!\w)[Vv]or\s+(?P<n>\d{{1,3}}|{SMALL_NUMBER})\s+(?P<unit>{AGO_UNIT})(?!\w)"),
)

# Tense markers, for a weekday or a month without a year: the marker nearest to the date
# decides ("Scholz wird am Dienstag reisen": future; "sagte am Dienstag": past).
FUTURE_MARKERS = r"\b(?:wird|werden|werde|wirst|soll|sollen|will|wollen|plant|planen|geplant|bevorstehenden?|anstehenden?)\b"
PAST_MARKERS = (
    r"\b(?:wurde|wurden|worden|war|waren|hatte|hatten|hat|haben|gewesen|sagte|sagten|erklärte|"
    r"erklärten|teilte|teilten|berichtete|berichteten|meldete|meldeten|kündigte|kündigten|gab|"
    r"gaben|kam|kamen|starb|starben|traf|trafen|begann|begannen)\b|\bge[a-zäöüß]{3,}(?:t|en)\b"
)
