"""Small bilingual (German/English) word lists for the conflict signals.

Each table groups words by what they mean, so that a German target can be compared with
an English report and vice versa. Words are lower-case; a trailing "*" in a pattern
list means "any ending" (German inflection, English plural).
"""

from __future__ import annotations

# --- what a number counts ---------------------------------------------------------
# Counted nouns (lower-case, as the quantity component gives them) mapped to one concept
# per group, so that "Soldaten", "troops" and "Truppen" are compared with each other.
# Matched by prefix (see conflicts_numbers._concept), so one stem covers inflections.
UNIT_CONCEPTS: dict[str, tuple[str, ...]] = {
    "soldier": ("soldat", "soldier", "troop", "trupp", "kämpfer", "fighter", "servicem",
                "streitkräfte", "personnel"),
    "officer": ("offizier", "officer"),
    "general": ("general",),
    "person": ("mensch", "people", "person", "einwohner", "resident", "civilian", "zivilist", "bürger"),
    "dead": ("tote", "toten", "todesopfer", "dead", "death", "killed", "getötet"),
    "wounded": ("verletzt", "verwundet", "injured", "wounded"),
    "km": ("km", "kilomet"),
    "mile": ("mile", "meile"),
    "metre": ("meter", "metre", "m"),
    "hour": ("stunde", "hour"),
    "day": ("tag", "day"),
    "week": ("woche", "week"),
    "month": ("monat", "month"),
    "year": ("jahr", "year"),
    "member": ("mitglied", "member", "verbündet", "alliierte", "allies", "ally", "bündnisstaat",
               "nato-staat", "staaten", "states", "länder", "countries", "nation"),
    "tank": ("kampfpanzer", "tank"),
    "aircraft": ("flugzeug", "aircraft", "jet", "kampfjet", "fighter jet", "maschinen"),
    "missile": ("rakete", "missile", "marschflugkörper"),
    "ship": ("schiff", "ship", "boot", "boat", "u-boot", "submarine", "vessel"),
    "shell": ("schuss", "granate", "shell", "round"),
    "refugee": ("flüchtling", "geflüchtete", "refugee"),
    "vote": ("stimme", "vote"),
    "seat": ("sitz", "mandat", "seat"),
    # Parties to a treaty and those who sign it ("175 parties" = "175 Vertragsparteien").
    "party": ("party", "parties", "partei", "signator", "unterzeichner"),
    "prisoner": ("gefangen", "prisoner", "häftling", "detainee", "geisel", "hostage"),
}

# --- dates ----------------------------------------------------------------------------
# Words that narrow a month or year to a part of it: (first month, last month) for a
# year, (first day, last day) for a month. The date component keeps the whole period in
# `value`; an "early in the year" against "September" is a contradiction only once the
# frame is applied.
YEAR_FRAMES: dict[str, tuple[int, int]] = {
    "anfang": (1, 4), "beginn": (1, 4), "jahresbeginn": (1, 4), "jahresanfang": (1, 4),
    "early": (1, 4), "start": (1, 4), "beginning": (1, 4),
    "mitte": (4, 9), "jahresmitte": (4, 9), "mid": (4, 9), "middle": (4, 9),
    "ende": (9, 12), "jahresende": (9, 12), "end": (9, 12), "late": (9, 12),
    "frühjahr": (3, 6), "frühling": (3, 6), "spring": (3, 6), "sommer": (6, 9), "summer": (6, 9),
    "herbst": (9, 12), "autumn": (9, 12), "fall": (9, 12), "winter": (12, 3),
}
MONTH_FRAMES: dict[str, tuple[int, int]] = {
    "anfang": (1, 12), "beginn": (1, 12), "monatsanfang": (1, 12), "monatsbeginn": (1, 12),
    "early": (1, 12), "start": (1, 12), "beginning": (1, 12),
    "mitte": (8, 23), "mid": (8, 23), "middle": (8, 23),
    "ende": (19, 31), "monatsende": (19, 31), "end": (19, 31), "late": (19, 31),
}
# Words just before a date that make it a deadline ("by the end of 2021", "bis
# Monatsende", "spätestens im Herbst"): a deadline is compared only with deadlines.
DEADLINE_CUES = ("by", "until", "till", "before", "bis", "vor", "spätestens", "no later than")
# Words that make a date the start of a state ("seit Dienstag", "since Tuesday"): the
# state began on that day, so it is compared like a plain date of the event.
START_CUES = ("since", "seit", "from", "ab", "starting")

# --- means of travel ------------------------------------------------------------------
# Mutually exclusive ways of getting somewhere. Regex fragments, matched case-insensitive
# as whole words (a trailing \w* allows inflection).
MEANS: dict[str, str] = {
    "plane": (r"(?:plane|airplane|aircraft|jet|flight|flew|flown|fly|flies|flying|airport|airfield|landed|"
              r"touched down|air force one|flugzeug\w*|flug|fluges|flog|geflogen|fliegt|flughafen\w*|"
              r"flugplatz\w*|landete\w*|gelandet|regierungsmaschine\w*|regierungsflieger\w*|air force one)"),
    "train": r"(?:trains?|rail|railway|railways|by rail|zug|zuges|zügen|sonderzug\w*|nachtzug\w*|bahn|eisenbahn\w*)",
    # No "car": a motorcade from the airport or station goes with any way of arriving.
    "ship": r"(?:ship|boat|ferry|schiff\w*|boot|fähre\w*)",
    "helicopter": r"(?:helicopter\w*|hubschrauber\w*)",
}

# --- how something was said or done ----------------------------------------------------
# Forms of communication that exclude each other for one statement: said at a press
# conference, on the phone, by video, in writing, in an interview, in a speech.
FORMS: dict[str, str] = {
    "press_conference": (r"(?:press conference|news conference|press briefing|told reporters|told journalists|"
                         r"pressekonferenz\w*|pressebriefing\w*|vor (?:der )?presse|vor journalisten|"
                         r"vor reportern|medienkonferenz\w*)"),
    "phone": (r"(?:phone call|telephone|by phone|on the phone|phone conversation|call with|"
              r"telefonat\w*|telefongespräch\w*|telefonisch|telefonierte\w*|am telefon|per telefon)"),
    "video": r"(?:video call|video link|videoconference|video conference|videokonferenz\w*|videoschalte\w*|per video)",
    "interview": r"(?:interview\w*)",
    "speech": r"(?:speech|address to|addressed|rede|ansprache)",
    "letter": r"(?:letter|brief an|schreiben an)",
}

# --- polarity -------------------------------------------------------------------------
# Words that negate the statement itself ("kein Abkommen", "did not sign"). Only explicit
# negation: words that merely sound negative are left out, since they are not negations
# of the other side's predicate ("non-alignment", "without a vote", "less than a third",
# "refused"/"declined", "kept secret", "Secretary"), and the same act told with another
# verb ("handed over" / "deposited") is no negation either.
NEGATIONS = (
    r"nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|weder|"
    r"not|no|never|neither|nor|n't|none"
)
# Phrases with a negation word that do not negate the predicate: a focus ("not only ...
# but also"), a bound ("no more than 50"), a deadline ("no later than"), an emphasis
# ("not least") or a comparison ("wie nie zuvor", "than ever").
NEGATION_IDIOMS = (
    r"not only|nicht nur|not just|no later than|no earlier than|no more than|no fewer than|no less than|"
    r"nicht mehr als|nicht weniger als|nicht später als|not least|nicht zuletzt|wie nie zuvor|"
    r"wie noch nie|none other than|no doubt|kein zweifel|keine frage|no wonder|kein wunder"
)

# --- bounds and tallies of numbers ------------------------------------------------------
# Hedges (part of the quantity's text) that make a number a bound: "more than 100,000
# people" is true of 150,000 and does not contradict "at least 80,000". Hedges not listed
# here ("about", "rund", "knapp") make a number an estimate, compared with a tolerance.
LOWER_BOUNDS = (
    "more than", "over", "at least", "upwards of", "well over", "just over", "in excess of",
    "mehr als", "über", "mindestens", "weit über", "gut über",
)
UPPER_BOUNDS = (
    "less than", "fewer than", "up to", "no more than", "at most", "just under", "under",
    "weniger als", "bis zu", "höchstens", "maximal", "nicht mehr als", "unter",
)
# Words that make "188 to 6" / "188:6" a tally of votes rather than a range.
VOTE_WORDS = r"(?:votes?|voted|voting|ballots?|stimm\w*|abgestimmt|gegenstimmen|enthaltungen|abstentions?)"
# Determiners before a small count that make it a reference back to things already named
# ("the two countries", "die beiden Staaten", "these three leaders"), not a count the
# article reports: such a count is not compared.
BACK_REFERENCES = (
    "the", "these", "those", "both", "all", "its", "their", "our",
    "die", "der", "den", "dem", "des", "diese", "diesen", "dieser", "beide", "beiden", "alle", "allen",
    "ihre", "ihren", "seine", "seinen",
)

# --- places -----------------------------------------------------------------------------
# Well-known venues of political events, English and German names (regex fragments,
# case-insensitive, whole words), each with the city it lies in. Two different venues
# named for one action contradict each other ("met at the Kremlin" / "im Weißen Haus").
# A parliament's name is a place only after a locative preposition ("in the Bundestag"),
# since "the Bundestag voted" names an actor (see conflicts_facts.places_in).
VENUES: dict[str, tuple[str, str]] = {
    "white_house": (r"white house|oval office|weiße[nms]? haus(?:es)?", "washington"),
    "state_department": (r"state department|department of state|us-außenministerium\w*|"
                         r"(?:us-)?amerikanischen außenministerium\w*", "washington"),
    "capitol": (r"(?:us-)?capitol|kapitol", "washington"),
    "pentagon": (r"pentagon", "washington"),
    "kremlin": (r"kremlin|kreml", "moscow"),
    "bundestag": (r"bundestag\w*|reichstag(?:sgebäude\w*| building)?", "berlin"),
    "chancellery": (r"(?:federal )?chancellery|(?:bundes)?kanzleramt\w*", "berlin"),
    "elysee": (r"[ée]lys[ée]e(?:-palast\w*| palace)?", "paris"),
    "downing_street": (r"downing street", "london"),
    "un_headquarters": (r"(?:un|u\.n\.|united nations) headquarters|un-hauptquartier\w*|un-zentrale|"
                        r"hauptquartier der vereinten nationen", "new york"),
    "nato_headquarters": (r"nato headquarters|nato-hauptquartier\w*|nato-zentrale|hauptquartier der nato",
                          "brussels"),
    "camp_david": (r"camp david", "maryland"),
}
# Prepositions that make the following venue or city the place where something happened
# ("in", "at", "im", "vor dem"), English and German; destinations ("to", "nach") and
# origins are left out, they are another slot of the action.
LOCATIVE = (r"(?:in|at|inside|outside|in front of|im|in der|in dem|am|auf dem|vor dem|vor der|beim)"
            r"(?:\s+(?:the|des|der|dem))?")
