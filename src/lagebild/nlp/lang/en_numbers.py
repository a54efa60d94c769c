"""English number formats, number words and unit words for the "quantities" component.

Only tables and regex fragments live here; the matching logic is in `nlp/quantities.py`.
Word lists compare lower-cased unless their name says otherwise.
"""

from __future__ import annotations

# "12,000" groups thousands with a comma, "1.5" marks decimals with a dot.
THOUSANDS_SEPARATOR = ","
DECIMAL_SEPARATOR = "."

# Words that make up cardinal numbers; a run of them ("two hundred and fifty") is handed
# to text2num. Longer words first so that the regex alternation prefers them.
NUMBER_WORDS = (
    "seventeen", "thirteen", "fourteen", "fifteen", "eighteen", "nineteen", "sixteen",
    "thousand", "trillion", "billion", "million", "hundred", "seventy", "twelve",
    "twenty", "thirty", "eleven", "eighty", "ninety", "forty", "fifty", "sixty",
    "three", "seven", "eight", "zero", "four", "five", "nine", "one", "two", "six", "ten",
)
SCALE_NUMBER_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})

# Words a number-word run may not consist of alone.
NOT_NUMBER_WORDS = frozenset({"zero", "hundred", "thousand", "million", "billion", "trillion"})

FRACTION_WORDS: dict[str, float] = {}

# The indefinite article stands for 1 only before a scale word: "a million".
ARTICLES_AS_ONE = frozenset({"a", "an", "one"})

# Scale words after a digit number: "1.5 million", "$61bn". Keys as written.
SCALE_WORDS = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12,
}
# Abbreviated scales that count only after a currency ("$5m"), never alone ("5 m").
CURRENCY_ONLY_SCALES = frozenset({"k", "m", "mn", "b", "bn", "tn"})

CURRENCY_WORDS = {
    "euros": "EUR", "euro": "EUR", "EUR": "EUR", "€": "EUR",
    "dollars": "USD", "dollar": "USD", "USD": "USD", "$": "USD",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "GBP": "GBP", "£": "GBP",
    "roubles": "RUB", "rubles": "RUB", "RUB": "RUB",
    "hryvnias": "UAH", "hryvnia": "UAH", "UAH": "UAH",
    "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
    "francs": "CHF", "CHF": "CHF",
}

PERCENT_WORDS = {"%": "%", "percent": "%", "per cent": "%", "percentage points": "pp"}

HEDGES = (
    "about", "around", "roughly", "approximately", "approx.", "some", "nearly", "almost",
    "more than", "over", "fewer than", "less than", "at least", "up to", "an estimated",
    "estimated", "close to", "upwards of", "as many as", "as much as", "just over",
    "just under", "well over", "circa", "ca.", "~",
)

LOWERCASE_UNITS = frozenset({
    "km", "sq km", "miles", "mile", "kg", "tonnes", "tons", "tonne", "ton", "ha", "hectares",
    "km/h", "mph", "metres", "meters", "feet", "kilometres", "kilometers",
})

# Plurals without an "s" that are commonly counted.
IRREGULAR_PLURALS = frozenset({
    "men", "women", "people", "children", "personnel", "police", "staff", "aircraft",
    "feet", "cattle", "sheep", "infantry", "militia", "crew", "data", "media", "youths",
})

# Words ending in "s" that are not plural nouns.
NOT_PLURALS = frozenset({
    "this", "its", "his", "hers", "ours", "yours", "theirs", "was", "has", "is", "as",
    "us", "yes", "thus", "across", "less", "unless", "various", "previous", "serious",
    "numerous", "famous", "dangerous", "news", "always", "perhaps", "besides", "afterwards",
    "towards", "whereas",
})

NOT_COUNTED_NOUNS = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "a.m.", "p.m.", "am", "pm", "GMT", "UTC", "BST",
    "CET", "EST", "ET", "o'clock",
})

LABEL_CUES = frozenset({
    "page", "pages", "p.", "pp.", "no.", "nos.", "number", "article", "art.", "section",
    "chapter", "paragraph", "para.", "§", "resolution", "vol.", "volume", "issue", "tel.",
    "phone", "fax", "flight", "room", "route", "highway", "season", "episode", "platform",
    "gate", "line", "level",
})

# English writes counts from 1,000 with a comma, so a bare 19xx/20xx is read as a year.
YEAR_CUES = frozenset()  # unused: every bare four-digit 1900-2099 is a year in English

FUNCTION_WORDS = frozenset("""
the a an and or but nor as than to of in on at by for from with without into onto over
under about after before since until during against between among per via
is are was were be been being has have had do does did will would shall should can could
may might must that which who whom whose what where when while if because so though
although he she it we they i you him her them us me his their our its my your this these
those there here then also not only just still even already who's
another others else each every all both any no none
were said says say according
""".split())

ADJECTIVE_ENDINGS: tuple[str, ...] = ()
INTERVENING_WORDS = frozenset()

ORDINAL_PRECURSORS: frozenset[str] = frozenset()  # English ordinals carry st/nd/rd/th

TIME_AFTER = r"\s*(?:a\.m\.|p\.m\.|am|pm|o'clock|GMT|UTC|BST|CET|EST|ET|hours\s+GMT)(?!\w)"

# Lower-case words that may stand before a singular noun after "one" ("one more soldier").
SINGULAR_SKIP = frozenset({"more", "single", "other", "further", "additional", "extra", "new", "senior", "former"})
# ... and lower-case word endings that mark an adjective there ("one wounded soldier").
SINGULAR_ADJECTIVE_ENDINGS = ("ed", "ous", "ive", "ful", "less")
