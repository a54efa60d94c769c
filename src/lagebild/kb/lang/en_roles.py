"""English role words, country adjectives, names and modifiers for `lagebild.kb.roles`.

Only tables live here; the matching logic is in `kb/roles.py`. Keys are lower case
unless a name says otherwise. Values are one of:

- an ISO 3166-1 alpha-2 code ("FR") for a country;
- an institution key: "NATO", "UN", "EU", "EU_COMMISSION", "EU_COUNCIL", "PENTAGON",
  "KREMLIN" (the last two stand for the US defence ministry and the Russian presidency);
- a lower-case modifier: "former", "designate", "acting" (set the mention's flags),
  "federal" (narrows a title to Germany or Austria), "neutral" (may stand between a
  qualifier and the role word), "negate" (the phrase names another office: "vice").
"""

from __future__ import annotations

# ------------------------------------------------------------------------ role words
# (regex fragment, kind). Matched case-insensitively, tried in this order at each
# position, so a longer phrase must come before a shorter one that starts the same way.
# The kinds and what each resolves to are defined in `kb/roles.py` (KINDS).
CORES: list[tuple[str, str]] = [
    # British cabinet titles start like the American one and must win over it.
    (r"secretary\s+of\s+state\s+for\s+defen[cs]e", "uk_defence_secretary"),
    (r"secretary\s+of\s+state\s+for\s+foreign,?\s+(?:commonwealth\s+and\s+development|and\s+commonwealth)\s+affairs",
     "foreign_secretary"),
    (r"secretary\s+of\s+state", "secretary_of_state"),
    (r"secretary\s+of\s+(?:defen[cs]e|war)", "us_defense_secretary"),
    (r"secretary\s+of\s+national\s+defen[cs]e", "defence_minister"),  # Mexico
    (r"secretary\s+of\s+foreign\s+(?:affairs|relations)", "foreign_minister"),  # Mexico
    (r"secretary[\s-]+general", "secretary_general"),
    (r"war\s+secretary", "us_defense_secretary"),
    (r"defense\s+secretary", "defense_secretary"),
    (r"defence\s+secretary", "defence_secretary"),
    (r"foreign\s+secretary", "foreign_secretary"),
    (r"foreign\s+(?:policy|affairs)\s+chief", "foreign_policy_chief"),
    (r"foreign\s+(?:affairs\s+)?minister", "foreign_minister"),
    (r"external\s+affairs\s+minister", "foreign_minister"),  # India
    (r"minister\s+(?:of|for)\s+(?:europe\s+and\s+|european\s+and\s+)?(?:foreign|external)"
     r"(?:\s+and\s+european)?\s+affairs", "foreign_minister"),
    (r"minister\s+(?:of|for)\s+(?:european\s+and\s+)?international\s+(?:affairs|relations)"
     r"(?:\s+and\s+cooperation)?", "foreign_minister"),  # Austria, South Africa
    (r"(?:top|chief)\s+diplomat", "top_diplomat"),
    (r"high\s+representative", "high_representative"),
    (r"defen[cs]e\s+minister", "defence_minister"),
    (r"armed\s+forces\s+minister", "defence_minister"),  # France
    (r"minister\s+(?:of|for)\s+(?:national\s+)?defen[cs]e", "defence_minister"),
    (r"minister\s+(?:of|for)\s+the\s+armed\s+forces", "defence_minister"),
    (r"prime\s+minister", "prime_minister"),
    (r"premier", "prime_minister"),
    (r"chancellor", "chancellor"),
    (r"taoiseach", "taoiseach"),
    (r"head\s+of\s+state", "head_of_state"),
    (r"head\s+of\s+government", "head_of_government"),
    (r"european\s+commission\s+president", "commission_president"),
    (r"commission\s+(?:president|chief|head)", "commission_president"),
    (r"european\s+council\s+president", "council_president"),
    (r"council\s+president", "council_president_weak"),
    (r"president", "president"),
    (r"supreme\s+leader", "supreme_leader"),
    (r"king|queen|monarch", "monarch"),
    (r"emperor", "emperor"),
    (r"grand\s+(?:duke|duchess)", "grand_duke"),
    (r"leader", "leader"),
    (r"chief|boss|head", "chief"),
]
# The first word of every entry in CORES (add one here when a core starts differently):
# the text is first scanned for these alone, which is much faster than trying every
# core at every word.
TRIGGERS = frozenset(
    """secretary war defense defence foreign external minister top chief high armed prime
    premier chancellor taoiseach head european commission council president supreme king
    queen monarch emperor grand leader boss""".split()
)
# Matched as written: "pm" in lower case is a time of day.
CASED_CORES = {"PM": "prime_minister"}

# Role words that are ordinary words in lower case ("premier destination", "drag
# queen"): lower case counts only with a country ("China's premier") or, for the
# monarch words, after "the" ("the king said").
CAPITALISED_ONLY = frozenset({"premier", "king", "queen", "emperor"})
LOWERCASE_AFTER_THE = frozenset({"king", "queen"})
# "Premier League" is no head of government.
NOT_AFTER_PREMIER = frozenset({"league", "division", "inn", "cru", "foods", "pro", "club", "cup"})

# Glued with a hyphen before the role word: "ex-President", "then-Secretary of State".
# Any other prefix ("co-", "pro-") names a different office, so the mention is dropped.
HYPHEN_PREFIXES = {
    "ex": "former", "then": "former", "vice": "negate", "co": "negate", "under": "negate",
    "deputy": "negate", "us": "US", "u.s.": "US", "uk": "GB", "nato": "NATO", "un": "UN",
    "eu": "EU",
}
# Glued after the role word: "President-elect", "Prime Minister-designate".
SUFFIXES = {"elect": "designate", "designate": "designate", "designee": "designate",
            "nominee": "designate"}

# ------------------------------------------------------------------------ countries
# Adjectives (and the abbreviations used like adjectives) before a role word.
ADJECTIVES = {
    "albanian": "AL", "argentine": "AR", "argentinian": "AR", "argentinean": "AR",
    "austrian": "AT", "australian": "AU", "belgian": "BE", "bulgarian": "BG",
    "brazilian": "BR", "belarusian": "BY", "belarussian": "BY", "byelorussian": "BY",
    "canadian": "CA", "chinese": "CN", "cypriot": "CY", "czech": "CZ", "german": "DE",
    "danish": "DK", "estonian": "EE", "spanish": "ES", "finnish": "FI", "french": "FR",
    "british": "GB", "greek": "GR", "hellenic": "GR", "croatian": "HR", "hungarian": "HU",
    "indonesian": "ID", "irish": "IE", "israeli": "IL", "indian": "IN", "iranian": "IR",
    "icelandic": "IS", "italian": "IT", "japanese": "JP", "north korean": "KP",
    "south korean": "KR", "lithuanian": "LT", "luxembourgish": "LU", "luxembourg": "LU",
    "latvian": "LV", "montenegrin": "ME", "north macedonian": "MK", "macedonian": "MK",
    "maltese": "MT", "mexican": "MX", "dutch": "NL", "norwegian": "NO", "polish": "PL",
    "portuguese": "PT", "romanian": "RO", "russian": "RU", "saudi": "SA",
    "saudi arabian": "SA", "swedish": "SE", "slovenian": "SI", "slovene": "SI",
    "slovak": "SK", "slovakian": "SK", "turkish": "TR", "taiwanese": "TW",
    "ukrainian": "UA", "american": "US", "south african": "ZA",
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "uk": "GB", "u.k.": "GB",
}

# Country names: before a role word as a noun modifier ("Ukraine President"), before
# "'s" ("France's"), and after "of" ("Prime Minister of Japan"). A leading "the" is
# dropped before look-up ("the Netherlands" -> "netherlands").
NAMES = {
    "albania": "AL", "argentina": "AR", "austria": "AT", "australia": "AU",
    "belgium": "BE", "bulgaria": "BG", "brazil": "BR", "belarus": "BY", "canada": "CA",
    "china": "CN", "people's republic of china": "CN", "cyprus": "CY", "czechia": "CZ",
    "czech republic": "CZ", "germany": "DE", "federal republic of germany": "DE",
    "denmark": "DK", "estonia": "EE", "spain": "ES", "finland": "FI", "france": "FR",
    "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "britain": "GB",
    "great britain": "GB", "greece": "GR", "croatia": "HR", "hungary": "HU",
    "indonesia": "ID", "ireland": "IE", "israel": "IL", "india": "IN", "iran": "IR",
    "islamic republic of iran": "IR", "iceland": "IS", "italy": "IT", "japan": "JP",
    "north korea": "KP", "south korea": "KR", "republic of korea": "KR",
    "lithuania": "LT", "luxembourg": "LU", "latvia": "LV", "montenegro": "ME",
    "north macedonia": "MK", "macedonia": "MK", "malta": "MT", "mexico": "MX",
    "netherlands": "NL", "holland": "NL", "norway": "NO", "poland": "PL",
    "portugal": "PT", "romania": "RO", "russia": "RU", "russian federation": "RU",
    "saudi arabia": "SA", "sweden": "SE", "slovenia": "SI", "slovakia": "SK",
    "turkey": "TR", "türkiye": "TR", "turkiye": "TR", "taiwan": "TW", "ukraine": "UA",
    "united states": "US", "united states of america": "US", "us": "US", "u.s.": "US",
    "usa": "US", "america": "US", "south africa": "ZA",
    # formal names, mostly after "of": "President of the French Republic"
    "french republic": "FR", "italian republic": "IT", "portuguese republic": "PT",
    "hellenic republic": "GR", "slovak republic": "SK", "republic of poland": "PL",
    "republic of cyprus": "CY", "republic of china": "TW", "republic of turkey": "TR",
    "federative republic of brazil": "BR", "argentine republic": "AR",
    "republic of indonesia": "ID", "republic of south africa": "ZA",
    "united mexican states": "MX", "kingdom of spain": "ES", "belgians": "BE",
}

# Capitals stand for their governments only before "'s": "Seoul's foreign minister".
CAPITALS = {
    "tirana": "AL", "buenos aires": "AR", "vienna": "AT", "canberra": "AU", "sofia": "BG",
    "brasilia": "BR", "brasília": "BR", "minsk": "BY", "ottawa": "CA", "beijing": "CN",
    "nicosia": "CY", "prague": "CZ", "berlin": "DE", "copenhagen": "DK", "tallinn": "EE",
    "madrid": "ES", "helsinki": "FI", "paris": "FR", "london": "GB", "athens": "GR",
    "zagreb": "HR", "budapest": "HU", "jakarta": "ID", "dublin": "IE", "jerusalem": "IL",
    "new delhi": "IN", "delhi": "IN", "tehran": "IR", "reykjavik": "IS", "rome": "IT",
    "tokyo": "JP", "pyongyang": "KP", "seoul": "KR", "vilnius": "LT", "riga": "LV",
    "podgorica": "ME", "skopje": "MK", "valletta": "MT", "mexico city": "MX",
    "the hague": "NL", "oslo": "NO", "warsaw": "PL", "lisbon": "PT", "bucharest": "RO",
    "moscow": "RU", "riyadh": "SA", "stockholm": "SE", "ljubljana": "SI",
    "bratislava": "SK", "ankara": "TR", "taipei": "TW", "kyiv": "UA", "kiev": "UA",
    "washington": "US", "pretoria": "ZA",
}

# Organisations and institutions, before the role word, before "'s" or after "of".
# (ADJECTIVES, NAMES and CAPITALS hold country codes only: other modules use them to
# find the countries a sentence names.)
ORGS = {
    "nato": "NATO", "un": "UN", "u.n.": "UN", "united nations": "UN", "eu": "EU",
    "e.u.": "EU", "european union": "EU", "pentagon": "PENTAGON", "kremlin": "KREMLIN",
    "european": "EU",  # "European Commission chief", "European foreign policy chief"
}
# Only after "of": "President of the European Commission".
ORGS_AFTER_OF = {
    "european commission": "EU_COMMISSION", "commission": "EU_COMMISSION",
    "eu commission": "EU_COMMISSION", "european council": "EU_COUNCIL",
    "union": "EU",
}
# After "of", these keep the mention but name no country ("president of the country").
NEUTRAL_AFTER_OF = frozenset({"country", "nation", "republic", "state", "cabinet",
                              "state council", "executive yuan"})
# After "for", a capitalised word names a portfolio ("Secretary of State for Education",
# "High Representative for Bosnia"): another office, except these.
FOR_ALLOWED = frozenset({"foreign", "europe", "european"})

# ------------------------------------------------------------------------ modifiers
MODIFIERS = {
    # no longer in office: not to be checked against the article's date
    "former": "former", "late": "former", "onetime": "former", "one-time": "former",
    "erstwhile": "former", "previous": "former", "deposed": "former", "ousted": "former",
    "toppled": "former", "slain": "former", "assassinated": "former", "exiled": "former",
    "ex": "former",
    # not yet in office
    "incoming": "designate", "future": "designate", "designated": "designate",
    "prospective": "designate", "nominated": "designate",
    # filling a gap
    "acting": "acting", "interim": "acting",
    "federal": "federal",
    # may stand between the qualifier and the role word without changing it
    "new": "neutral", "newly": "neutral", "elected": "neutral", "appointed": "neutral",
    "re-elected": "neutral", "reelected": "neutral", "outgoing": "neutral",
    "current": "neutral", "sitting": "neutral", "incumbent": "neutral",
    "longtime": "neutral", "long-time": "neutral", "embattled": "neutral",
    "beleaguered": "neutral", "veteran": "neutral", "caretaker": "neutral",
    "first": "neutral", "mr": "neutral", "mr.": "neutral", "mrs": "neutral",
    "mrs.": "neutral", "ms": "neutral", "ms.": "neutral", "madam": "neutral",
    "madame": "neutral", "de": "neutral", "facto": "neutral",
    # another office, or the office of some other body
    # ("under" is left out: "under President Biden" is far more common than an
    # unhyphenated "Under Secretary")
    "vice": "negate", "deputy": "negate", "shadow": "negate", "assistant": "negate",
    "junior": "negate", "associate": "negate", "honorary": "negate",
    "executive": "negate", "state": "negate", "provincial": "negate",
    "regional": "negate", "local": "negate", "city": "negate", "county": "negate",
    "district": "negate", "party": "negate", "opposition": "negate", "rebel": "negate",
    "militia": "negate", "separatist": "negate", "company": "negate", "club": "negate",
    "team": "negate", "university": "negate", "college": "negate", "school": "negate",
    "student": "negate", "campus": "negate", "faculty": "negate", "bank": "negate",
    "board": "negate", "union": "negate", "league": "negate", "federation": "negate",
    "association": "negate", "society": "negate", "foundation": "negate",
    "institute": "negate", "academy": "negate", "chamber": "negate", "court": "negate",
    "senate": "negate", "parliament": "negate", "assembly": "negate", "council": "negate",
    "committee": "negate", "firm": "negate", "corporation": "negate", "group": "negate",
    "network": "negate", "studio": "negate", "hospital": "negate", "church": "negate",
    "police": "negate", "army": "negate", "military": "negate", "navy": "negate",
    "intelligence": "negate", "spy": "negate", "security": "negate", "fed": "negate",
    "central": "negate", "labor": "negate", "trade": "negate", "bar": "negate",
    "tribal": "negate", "drag": "negate", "burger": "negate", "homecoming": "negate",
    "prom": "negate", "beauty": "negate", "crown": "negate",
}
# "the then president": "then" marks a former holder only right after "the".
THEN = "then"

# Words that end the look to the left without saying anything about the role.
STOP = frozenset(
    """a an the and or but nor of to in on at by for with from as than that this these
    those his her its their our your my is was were are be been being has have had will
    would shall should can could may might must do does did said says say told tells
    according who whom whose which what when where while after before also not no if so
    it he she they we you i me him them about over between against during into through
    via per then later earlier today yesterday tonight now meanwhile since under
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december labour conservative tory
    republican democrat democratic socialist liberal green""".split()
)

# ------------------------------------------------------------------------ titles
# Country names as they read inside a title: "President of the United States".
DISPLAY_NAMES = {
    "AL": "Albania", "AR": "Argentina", "AT": "Austria", "AU": "Australia",
    "BE": "Belgium", "BG": "Bulgaria", "BR": "Brazil", "BY": "Belarus", "CA": "Canada",
    "CN": "China", "CY": "Cyprus", "CZ": "the Czech Republic", "DE": "Germany",
    "DK": "Denmark", "EE": "Estonia", "ES": "Spain", "FI": "Finland", "FR": "France",
    "GB": "the United Kingdom", "GR": "Greece", "HR": "Croatia", "HU": "Hungary",
    "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IN": "India", "IR": "Iran",
    "IS": "Iceland", "IT": "Italy", "JP": "Japan", "KP": "North Korea",
    "KR": "South Korea", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia",
    "ME": "Montenegro", "MK": "North Macedonia", "MT": "Malta", "MX": "Mexico",
    "NL": "the Netherlands", "NO": "Norway", "PL": "Poland", "PT": "Portugal",
    "RO": "Romania", "RU": "Russia", "SA": "Saudi Arabia", "SE": "Sweden",
    "SI": "Slovenia", "SK": "Slovakia", "TR": "Turkey", "TW": "Taiwan", "UA": "Ukraine",
    "US": "the United States", "ZA": "South Africa",
}
