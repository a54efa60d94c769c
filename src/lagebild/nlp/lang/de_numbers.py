"""German number formats, number words and unit words for the "quantities" component.

Only tables and regex fragments live here; the matching logic is in `nlp/quantities.py`.
Word lists compare lower-cased unless their name says otherwise.
"""

from __future__ import annotations

# "12.000" groups thousands with a dot, "1,5" marks decimals with a comma.
THOUSANDS_SEPARATOR = "."
DECIMAL_SEPARATOR = ","

# Pieces that cardinal number words are glued from ("zweihundertfünfzig" =
# zwei+hundert+fünf+zig). A word made only of these is handed to text2num to check.
NUMBER_MORPHEMES = (
    "dreißig", "zwanzig", "tausend", "hundert", "sieben", "zwölf", "sechs", "eins",
    "zwei", "drei", "vier", "fünf", "acht", "neun", "zehn", "null", "sech", "sieb",
    "elf", "ein", "und", "zig",
)

# Words the morpheme pattern accepts but that are no count on their own.
NOT_NUMBER_WORDS = frozenset({"ein", "und", "null", "einund"})

# Fractions written as words, which text2num does not know.
FRACTION_WORDS = {"eineinhalb": 1.5, "anderthalb": 1.5, "zweieinhalb": 2.5, "dreieinhalb": 3.5}

# The indefinite article stands for 1 only before a scale word: "eine Million".
ARTICLES_AS_ONE = frozenset({"ein", "eine", "einer", "einen", "einem"})

# Scale words after a number: "1,5 Millionen", "5 Mrd.". Keys as written.
SCALE_WORDS = {
    "Tausend": 1e3, "tausend": 1e3,
    "Million": 1e6, "Millionen": 1e6, "Mio.": 1e6, "Mio": 1e6,
    "Milliarde": 1e9, "Milliarden": 1e9, "Mrd.": 1e9, "Mrd": 1e9,
    "Billion": 1e12, "Billionen": 1e12, "Bio.": 1e12,
}

# Currency words after the number, as written, mapped to ISO 4217 codes.
CURRENCY_WORDS = {
    "Euro": "EUR", "EUR": "EUR", "€": "EUR",
    "US-Dollar": "USD", "Dollar": "USD", "USD": "USD", "$": "USD",
    "Pfund": "GBP", "GBP": "GBP", "£": "GBP",
    "Rubel": "RUB", "RUB": "RUB",
    "Hrywnja": "UAH", "Hrywnjas": "UAH", "Griwna": "UAH", "UAH": "UAH",
    "Yuan": "CNY", "Renminbi": "CNY", "Yen": "JPY",
    "Franken": "CHF", "CHF": "CHF",
}

PERCENT_WORDS = {"%": "%", "Prozent": "%", "Prozentpunkte": "pp", "Prozentpunkten": "pp"}

# Hedges before a number that make it an estimate or a bound (approximate=True).
HEDGES = (
    "rund", "etwa", "ca.", "circa", "zirka", "ungefähr", "knapp", "fast", "beinahe",
    "nahezu", "annähernd", "schätzungsweise", "geschätzt", "geschätzte", "geschätzten",
    "mehr als", "über", "weniger als", "mindestens", "bis zu", "gut", "an die", "um die",
    "höchstens", "maximal", "ungefähr", "~",
)

# Lower-case unit abbreviations that may follow a number directly ("300 km").
LOWERCASE_UNITS = frozenset({"km", "km²", "qkm", "m", "cm", "mm", "kg", "t", "ha", "l", "km/h"})

# Capitalised words after a number that are no counted noun: it is a time or a date.
NOT_COUNTED_NOUNS = frozenset({
    "Uhr", "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember",
})

# Words just before a number that make it a label, not a count: "Seite 12", "Artikel 5".
LABEL_CUES = frozenset({
    "seite", "seiten", "s.", "nr.", "nummer", "artikel", "art.", "paragraf", "paragraph",
    "§", "§§", "kapitel", "absatz", "abs.", "resolution", "band", "bd.", "heft", "ausgabe",
    "folge", "tel.", "telefon", "fax", "gleis", "linie", "flug", "zimmer", "raum",
    "jahrgang", "kw", "platz", "staffel",
})

# Words just before a four-digit number that make it a year even if a noun follows.
YEAR_CUES = frozenset({
    "jahr", "jahre", "jahres", "jahren", "im", "seit", "bis", "ab", "anfang", "mitte",
    "ende", "frühjahr", "frühling", "sommer", "herbst", "winter", "januar", "jänner",
    "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember",
})

# Closed-class words: where one follows the number, the search for the counted noun
# stops (in "500 wurden in Kursk getötet", "Kursk" is not what was counted).
FUNCTION_WORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines kein keine keinen keiner
und oder aber sowie sondern doch denn als wie bis zu zum zur in im an am auf aus bei
beim mit nach seit von vom vor über unter um für gegen ohne durch hinter neben zwischen
ist sind war waren wird werden wurde wurden worden sei seien wäre wären hat haben hatte
hatten hätte hätten kann können konnte konnten soll sollen sollte sollten will wollen
wollte wollten muss müssen musste mussten darf dürfen
er sie es wir ihr ich man sich ihn ihm ihnen uns euch
sein seine seinen seinem seiner seines ihre ihren ihrem ihrer ihres
dieser diese dieses diesen diesem jener jene jenes welche welcher welches
nicht auch noch nur schon bereits etwa rund allein insgesamt jeweils davon dabei damit
dass ob wenn weil während nachdem obwohl so da dort hier heute gestern morgen
mal pro je per
""".split())

# Lower-case adjectives between number and noun end like this ("nordkoreanische").
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")

# Lower-case words that may stand between number and noun without an adjective ending.
INTERVENING_WORDS = frozenset({"mehr", "weitere", "weiteren", "zusätzliche", "zusätzlichen"})

# Words before a number that introduce an ordinal written with a dot ("die 3. Armee"),
# telling it apart from a count that ends a sentence ("... waren es 500. Experten ...").
ORDINAL_PRECURSORS = frozenset({
    "der", "die", "das", "den", "dem", "des", "am", "im", "zum", "zur", "vom", "beim",
    "seit", "bis", "ab", "jeder", "jede", "jedes", "ihr", "ihre", "ihrem", "ihren", "sein",
    "seine", "seinem", "seinen", "unser", "unsere",
})

# A number followed by these is a time of day, not a count.
TIME_AFTER = r"\s*(?:Uhr|h)(?!\w)"

SINGULAR_SKIP: frozenset[str] = frozenset()
SINGULAR_ADJECTIVE_ENDINGS: tuple[str, ...] = ()
