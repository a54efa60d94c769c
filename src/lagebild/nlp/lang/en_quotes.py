"""English rule data for the quotes component (`lagebild.nlp.quotes`).

The same tables as `de_quotes`, filled for English; all words lowercase.
"""

from __future__ import annotations

QUOTE_PAIRS: dict[str, str] = {
    "“": "”\"",
    "\"": "\"”",
    "„": "“”\"",
    "»": "«",
    "«": "»",
    "‘": "’",
}

SPEECH_VERBS: set[str] = {
    "said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "warned",
    "warns", "stressed", "stresses", "explained", "explains", "announced", "announces",
    "claimed", "claims", "noted", "notes", "argued", "argues", "insisted", "insists",
    "wrote", "writes", "written", "declared", "declares", "emphasized", "emphasised",
    "emphasizes", "emphasises", "asserted", "asserts", "acknowledged", "acknowledges",
    "admitted", "admits", "confirmed", "confirms", "denied", "denies", "reported",
    "reports", "suggested", "suggests", "urged", "urges", "predicted", "predicts",
    "believes", "believed", "thinks", "thought", "recalled", "recalls", "replied",
    "replies", "responded", "responds", "continued", "continues", "concluded",
    "concludes", "cautioned", "cautions", "complained", "complains", "estimated",
    "estimates", "pledged", "pledges", "promised", "promises", "vowed", "vows", "tweeted",
    "posted", "observed", "remarked", "revealed", "reveals", "indicated", "indicates",
    "maintained", "maintains", "contended", "contends", "alleged", "alleges", "agreed",
    "agrees", "countered", "counters", "conceded", "concedes", "mentioned", "mentions",
    "underlined", "underlines", "signalled", "signaled", "assured", "assures",
    "predicted", "hoped", "hopes", "feared", "fears", "announced", "demanded", "demands",
    "testified", "testifies", "quipped", "wondered", "asked", "asks",
    "shouted", "shouts", "yelled", "cried", "exclaimed", "whispered", "joked", "jokes",
    "reiterated", "reiterates", "commented", "comments", "retorted", "boasted", "lamented",
    "elaborated", "reaffirmed", "charged", "pleaded", "recounted", "explained", "chanted",
    "snapped", "sighed", "conceded", "affirmed", "advised", "answered", "announced",
    "stressed", "underscored", "wrote", "telling", "saying", "adding",
}
SEPARABLE_VERBS: dict[str, tuple[str, ...]] = {
    "pointed": ("out",), "points": ("out",), "made": ("clear",), "makes": ("clear",),
}
SEPARABLE_FORMS: set[str] = set()

# English postposes the frame with the verb itself ("..., she said."), so no marker word.
POSTPOSED_MARKERS: set[str] = set()

SOURCE_PREPOSITIONS: set[str] = set()
SOURCE_POSTPOSITIONS: set[str] = set()
SOURCE_NOUNS: set[str] = {"sources", "officials", "reports", "figures", "estimates"}
SOURCE_NOUN_SUFFIXES: tuple[str, ...] = ()
SOURCE_FRAME_LEADS: set[str] = set()
# Multi-word source frames, matched on lowercase words: "according to X".
SOURCE_PHRASES: tuple[tuple[str, ...], ...] = (("according", "to"), ("citing",))

AS_FRAME_WORDS: set[str] = {"as"}

COMPLEMENTIZERS: set[str] = {"that", "whether", "how", "why", "if"}

# English has no reported-speech mood; these backshifted modals only hint at it.
SUBJUNCTIVE: set[str] = set()
SUBJUNCTIVE_WEAK: set[str] = set()
REPORTATIVE_MODALS: set[str] = set()
REPORTATIVE_ENDINGS: tuple[str, ...] = ()

ANAPHORS: set[str] = {"this", "that"}

DETERMINERS: set[str] = {
    "the", "a", "an", "his", "her", "its", "their", "this", "that", "these", "those", "two",
    "three", "several", "some", "many", "other", "another", "one",
}
NP_LINKS: set[str] = {"of", "for", "at", "from", "and", "'s", "’s", "in"}

PRONOUNS: dict[str, str | None] = {"he": "m", "she": "f", "they": None}
NON_SPEAKERS: set[str] = {"it", "this", "that", "i", "we", "you", "one", "there", "what", "who"}

ROLE_SUFFIXES: tuple[str, ...] = (
    "minister", "president", "spokesman", "spokeswoman", "spokesperson", "secretary",
    "general", "director", "chairman", "chairwoman", "chair", "leader", "chancellor",
    "expert", "commissioner", "ambassador", "mayor", "judge", "lawyer", "attorney",
    "governor", "coach", "manager", "adviser", "advisor", "analyst", "economist",
    "researcher", "professor", "bishop", "pope", "king", "queen", "premier", "senator",
    "candidate", "official", "officer", "commander", "member", "founder", "author",
    "politician", "prosecutor", "investigator", "chief", "ceo", "head", "envoy",
    "representative", "congressman", "congresswoman", "lawmaker", "diplomat", "negotiator",
    "reporter", "correspondent", "witness", "doctor", "scientist", "historian", "critic",
)
TITLES: set[str] = {"dr.", "prof.", "mr.", "mrs.", "ms.", "sir", "lord", "dr", "mr", "mrs", "ms"}

INSTITUTION_NOUNS: set[str] = {
    "police", "government", "ministry", "court", "army", "military", "commission", "party",
    "union", "company", "agency", "newspaper", "administration", "committee", "council",
    "opposition", "organisers", "organizers", "experts", "observers", "analysts",
    "officials", "prosecutors", "investigators", "witnesses", "nato", "un", "eu", "who",
    "pentagon", "kremlin", "white house",
}

ADVERBIAL_SUBORDINATORS: set[str] = {
    "after", "because", "when", "although", "though", "before", "while", "since", "until",
    "unless", "as", "which", "who", "where", "whose", "but", "and", "or",
}
RELATIVE_PRONOUNS: set[str] = {"who", "which", "whose", "whom"}
THAT_WORDS: set[str] = set()
FRAGMENT_LEADS: set[str] = {"as", "of", "a", "an", "called", "word"}
REPORTED_VERBS: set[str] = set()
PASSIVE_AUX: set[str] = {"was", "were", "been", "being"}
TITLE_LEADS: set[str] = {"titled", "entitled", "called", "named", "film", "book", "album", "song", "motto", "slogan"}
FRAGMENT_NOUNS: set[str] = {"word", "term", "phrase", "label"}

# Determiners that make a role noun refer back to a person named before ("the president").
DEFINITE: set[str] = {"the"}
# Words that make a role another office than the bare noun ("vice president", "former minister").
LESSER_ROLE_WORDS: tuple[str, ...] = (
    "vice", "deputy", "former", "ex", "acting", "assistant", "junior", "shadow", "late",
)
# Role nouns and titles that tell a person's gender, for pronoun resolution.
ROLE_GENDER: dict[str, str] = {
    "spokeswoman": "f", "spokesman": "m", "chairwoman": "f", "chairman": "m",
    "congresswoman": "f", "congressman": "m", "queen": "f", "king": "m", "businesswoman": "f",
    "businessman": "m", "councilwoman": "f", "councilman": "m", "prince": "m", "princess": "f",
    "pope": "m",
}
TITLE_GENDER: dict[str, str] = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "sir": "m", "lord": "m", "lady": "f"}
# Prepositions before a place: a PER entity after them is most likely a mistagged place.
PLACE_LEADS: set[str] = {"in", "to", "from", "at", "near", "into", "across", "outside", "inside", "toward", "towards"}
# Capitalised words before a role noun that are no part of the role ("On Monday President X").
NON_ROLE_CAPS: set[str] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
}
# Words between the speaker and the verb of a speech tag: "“…,” he had said", "she later told".
TAG_ADVERBS: set[str] = {
    "had", "has", "have", "would", "later", "also", "then", "once", "previously", "again",
    "earlier", "reportedly", "recently", "just", "further", "subsequently", "simply",
}
# Nouns of time that end a speaker phrase ("the minister said on Monday").
TIME_NOUNS: set[str] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
