"""English month and weekday names, relative expressions and date patterns for the
"dates" component.

PATTERNS are regex templates; `nlp/dates.py` fills the {PLACEHOLDERS} with alternations
built from the tables below and gives the named groups their meaning (see its docstring).
Month and weekday names match capitalised only, so the modal "may" is no month.
"""

from __future__ import annotations

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
# Abbreviations are accepted only next to a day number ("Oct. 28"), never alone.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
WEEKDAY_SUFFIXES: tuple[str, ...] = ()

# Lower-cased, spaces collapsed: the phrase -> days from the publication date.
RELATIVE_DAYS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0,
    "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "tomorrow": 1, "the day after tomorrow": 2,
}

WEEKDAY_MODIFIERS: dict[str, object] = {
    "last": "last", "previous": "last", "this past": "last", "next": "next",
    "coming": "next", "this coming": "next", "this": "this",
}
PERIOD_MODIFIERS: dict[str, object] = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1, "the": 0}
PERIOD_UNITS = {"week": "week", "month": "month", "year": "year"}
PERIOD_WORDS: dict[str, tuple[str, int]] = {}
AGO_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week",
             "month": "month", "months": "month", "year": "year", "years": "year"}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

FRAME = r"(?:[Ee]arlier(?:\s+in)?|[Ll]ater(?:\s+in)?|[Ee]arly|[Ll]ate|(?:[Tt]he\s+)?(?:end|start|beginning|middle)\s+of)"
ARTICLE = r"(?:the)"
MONTH_PREPOSITION = r"(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Dd]uring|[Tt]hrough|[Oo]f|[Bb]efore|[Aa]fter)"
DAYPART = r"(?:morning|afternoon|evening|night)"

PATTERNS = (
    ("numeric", r"(?<![\d.])(?P<day>{DAY})\.(?P<month>1[0-2]|0?[1-9])\.(?P<year>{YEAR})(?![\d.]\d)"),
    # "Oct. 28", "Monday, October 28, 2024", and ranges "July 9-11", "Dec. 3 and 4":
    # `last_day` is a day of its own, in the same month.
    ("date", r"(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<month>{MONTH_ANY})\s+(?P<day>{DAY})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*(?P<last_day>{DAY})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>{YEAR}))?(?![\w]|[.,]\d)"),
    # "28 October 2024", "the 28th of October", and ranges "9-11 July".
    ("date", r"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?<![\d.,])(?:(?P<first_day>{DAY})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*)?(?P<day>{DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_ANY})(?:,?\s+(?P<year>{YEAR}))?(?!\w)"),
    ("month", r"(?P<frame>[Ee]arly|[Ll]ate|[Mm]id|(?:[Tt]he\s+)?(?:end|start|beginning|middle)\s+of)[\s-]*(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?(?!\w)"),
    ("month", r"(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})(?!\w)"),
    ("month", r"\b{MONTH_PREPOSITION}\s+(?P<span>(?:(?P<wdmod>{WEEKDAY_MOD})\s+)?(?P<month>{MONTH}))(?!\w)"),
    ("month", r"(?<!\w)(?P<wdmod>{WEEKDAY_MOD})\s+(?P<month>{MONTH})(?!\w)"),
    ("year", r"(?P<frame>[Ee]arly|[Ll]ate|[Mm]id|(?:[Tt]he\s+)?(?:end|start|beginning|middle)\s+of|[Ss]pring(?:\s+of)?|[Ss]ummer(?:\s+of)?|[Aa]utumn(?:\s+of)?|[Ff]all(?:\s+of)?|[Ww]inter(?:\s+of)?)[\s-]*(?P<year>{YEAR})(?!\w)"),
    ("year", r"(?<![\w$€£.,/-])(?P<year>{YEAR})(?![\w%€$]|[.,]\d|-\w)"),
    ("weekday", r"(?:(?<!\w)(?P<wdmod>{WEEKDAY_MOD})\s+)?(?P<wd>{WEEKDAY})(?:\s+{DAYPART})?(?!\w)"),
    ("relday", r"(?<!\w)(?P<rel>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tonight|tomorrow|last\s+night|this\s+morning|this\s+afternoon|this\s+evening))(?!\w)"),
    ("period", r"(?<!\w)(?P<frame>{FRAME})\s+(?P<mod>{PERIOD_MOD})\s+(?P<unit>{PERIOD_UNIT})(?!\w)"),
    ("period", r"(?<!\w)(?P<mod>(?i:last|previous|this|next|coming))\s+(?P<unit>{PERIOD_UNIT})(?!\w)"),
    ("ago", r"(?<!\w)(?P<n>\d{{1,3}}|(?i:{SMALL_NUMBER}))\s+(?P<unit>{AGO_UNIT})\s+ago(?!\w)"),
)

# Tense markers, for a weekday or a month without a year: the marker nearest to the date
# decides ("will meet on Tuesday": future; "said on Monday that it will": past).
FUTURE_MARKERS = (
    r"\b(?:will|won't|shall|(?:is|are)\s+(?:going|due|scheduled|set|expected)\s+to|plans?\s+to|"
    r"upcoming)\b|(?<=\w)'ll\b"
)
_NOT_PAST = r"(?:need|seed|speed|indeed|proceed|exceed|succeed|feed|breed|bleed|embed|hundred|shed|bed|red|steed|greed|weed)"
PAST_MARKERS = rf"\b(?:was|were|had|has|have|did|said|told|announced|met|began|ago|(?!{_NOT_PAST}\b)[a-z]{{2,}}ed)\b"
