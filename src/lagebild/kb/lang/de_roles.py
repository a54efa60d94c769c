"""German role words, country adjectives, names and modifiers for `lagebild.kb.roles`.

Only tables live here; the matching logic is in `kb/roles.py`. Keys are lower case and
every key with "ß" also exists with "ss" (Swiss and all-caps spelling). Values follow
the conventions of `en_roles`: ISO country codes, institution keys ("NATO", "UN", "EU",
"EU_COMMISSION", "EU_COUNCIL", "PENTAGON", "KREMLIN") and lower-case modifiers
("former", "designate", "acting", "federal", "neutral", "negate").
"""

from __future__ import annotations

# ------------------------------------------------------------------------ role words
# Nouns that take -s in the genitive and -in for a woman: Minister, Ministers, Ministerin.
_STRONG = {
    "außenminister": "foreign_minister", "verteidigungsminister": "defence_minister",
    "kriegsminister": "us_defense_secretary", "premierminister": "prime_minister",
    "premier": "prime_minister", "regierungschef": "head_of_government",
    "staatschef": "head_of_state", "kanzler": "chancellor",
    "generalsekretär": "secretary_general", "kommissionschef": "commission_president",
    "ratschef": "council_president", "kremlchef": "kremlin_chief",
    "pentagonchef": "pentagon_chief", "außenamtschef": "foreign_minister",
    "chef": "chief", "könig": "monarch", "kaiser": "emperor", "großherzog": "grand_duke",
    "machthaber": "head_of_state", "kremlherrscher": "kremlin_chief",
    "revolutionsführer": "supreme_leader", "tenno": "tenno",
}
# Weak nouns: Präsident, des Präsidenten, Präsidentin.
_WEAK = {
    "präsident": "president", "staatspräsident": "state_president",
    "ministerpräsident": "prime_minister", "kommissionspräsident": "commission_president",
    "ratspräsident": "council_president", "chefdiplomat": "top_diplomat",
    "monarch": "monarch",
}


def _nouns() -> dict[str, str]:
    """Every singular form of the role nouns; plural-only forms ("-innen") are left out
    because a group of ministers is no single office holder."""
    forms: dict[str, str] = {}
    for stem, kind in _STRONG.items():
        for ending in ("", "s", "in"):
            forms[stem + ending] = kind
    for stem, kind in _WEAK.items():
        for ending in ("", "en", "in"):
            forms[stem + ending] = kind
    for form in ("staatsoberhaupt", "staatsoberhaupts", "staatsoberhauptes"):
        forms[form] = "head_of_state"
    # an adjective used as a noun: die Außenbeauftragte, der Außenbeauftragte(r)
    for ending in ("e", "er", "en"):
        forms["außenbeauftragt" + ending] = "high_representative"
    return forms


# Single words, matched case-insensitively as a whole word after optional hyphenated
# prefixes ("NATO-", "Ex-") and glued prefixes ("Bundes", "Alt").
NOUNS: dict[str, str] = _nouns()

# Titles of several words: (regex fragment, kind), tried before the single words.
PHRASES: list[tuple[str, str]] = [
    (r"oberste[rn]?\s+führers?", "supreme_leader"),
    (r"geistliche[snr]?\s+oberhaupt(?:e?s)?", "supreme_leader"),
    (r"hohe[rn]?\s+vertreter(?:in|s)?", "high_representative"),
    (r"minister(?:in|s)?\s+(?:der|für)\s+verteidigung", "defence_minister"),
    (r"minister(?:in|s)?\s+des\s+auswärtigen", "foreign_minister"),
]

# Glued to the front of the role noun: "Bundeskanzler" (federal), "Altkanzler",
# "Exkanzler", "Altbundespräsident" (former).
GLUED_PREFIXES = ("altbundes", "exbundes", "bundes", "alt", "ex")

# Joined with a hyphen: "NATO-Generalsekretär", "Ex-Präsident", "Vize-Kanzler". A prefix
# not listed here (and no country name) names another body: "SPD-Generalsekretär".
HYPHEN_PREFIXES = {
    "ex": "former", "alt": "former", "vize": "negate", "ko": "negate", "co": "negate",
    "noch": "neutral", "interims": "acting", "us": "US", "usa": "US", "uk": "GB",
    "nato": "NATO", "un": "UN", "uno": "UN", "eu": "EU", "kreml": "KREMLIN",
    "pentagon": "PENTAGON", "bundes": "federal",
}

# ------------------------------------------------------------------------ countries
# Adjective stems; every ending (-e, -en, -er, -es, -em) is accepted.
_ADJECTIVE_STEMS = {
    "albanisch": "AL", "argentinisch": "AR", "österreichisch": "AT", "australisch": "AU",
    "belgisch": "BE", "bulgarisch": "BG", "brasilianisch": "BR", "belarussisch": "BY",
    "weißrussisch": "BY", "kanadisch": "CA", "chinesisch": "CN", "zyprisch": "CY",
    "zypriotisch": "CY", "tschechisch": "CZ", "deutsch": "DE", "bundesdeutsch": "DE",
    "dänisch": "DK", "estnisch": "EE", "spanisch": "ES", "finnisch": "FI",
    "französisch": "FR", "britisch": "GB", "griechisch": "GR", "kroatisch": "HR",
    "ungarisch": "HU", "indonesisch": "ID", "irisch": "IE", "israelisch": "IL",
    "indisch": "IN", "iranisch": "IR", "isländisch": "IS", "italienisch": "IT",
    "japanisch": "JP", "nordkoreanisch": "KP", "südkoreanisch": "KR", "litauisch": "LT",
    "luxemburgisch": "LU", "lettisch": "LV", "montenegrinisch": "ME",
    "nordmazedonisch": "MK", "mazedonisch": "MK", "maltesisch": "MT",
    "mexikanisch": "MX", "niederländisch": "NL", "holländisch": "NL",
    "norwegisch": "NO", "polnisch": "PL", "portugiesisch": "PT", "rumänisch": "RO",
    "russisch": "RU", "saudi-arabisch": "SA", "saudisch": "SA", "schwedisch": "SE",
    "slowenisch": "SI", "slowakisch": "SK", "türkisch": "TR", "taiwanisch": "TW",
    "taiwanesisch": "TW", "ukrainisch": "UA", "amerikanisch": "US",
    "us-amerikanisch": "US", "südafrikanisch": "ZA",
}
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")

# Names in the nominative (after "von", "aus", as a hyphen prefix "Ukraine-") and, for
# feminine and plural names, after the genitive article "der" ("der Ukraine").
NAMES = {
    "albanien": "AL", "argentinien": "AR", "österreich": "AT", "australien": "AU",
    "belgien": "BE", "bulgarien": "BG", "brasilien": "BR", "belarus": "BY",
    "weißrussland": "BY", "kanada": "CA", "china": "CN", "volksrepublik china": "CN",
    "zypern": "CY", "republik zypern": "CY", "tschechien": "CZ",
    "tschechischen republik": "CZ", "deutschland": "DE", "bundesrepublik": "DE",
    "bundesrepublik deutschland": "DE", "bundesregierung": "DE", "dänemark": "DK",
    "estland": "EE", "spanien": "ES", "finnland": "FI", "frankreich": "FR",
    "großbritannien": "GB", "vereinigten königreichs": "GB", "vereinigtes königreich": "GB",
    "vereinigten königreich": "GB", "england": "GB", "griechenland": "GR",
    "kroatien": "HR", "ungarn": "HU", "indonesien": "ID", "irland": "IE", "israel": "IL",
    "indien": "IN", "iran": "IR", "islamischen republik": "IR",
    "islamischen republik iran": "IR", "island": "IS", "italien": "IT", "japan": "JP",
    "nordkorea": "KP", "südkorea": "KR", "republik korea": "KR", "litauen": "LT",
    "luxemburg": "LU", "lettland": "LV", "montenegro": "ME", "nordmazedonien": "MK",
    "mazedonien": "MK", "malta": "MT", "mexiko": "MX", "belgier": "BE", "niederlande": "NL",
    "holland": "NL", "norwegen": "NO", "polen": "PL", "portugal": "PT",
    "rumänien": "RO", "russland": "RU", "russischen föderation": "RU",
    "saudi-arabien": "SA", "schweden": "SE", "slowenien": "SI", "slowakei": "SK",
    "türkei": "TR", "taiwan": "TW", "ukraine": "UA", "usa": "US", "us": "US",
    "vereinigten staaten": "US", "vereinigte staaten": "US",
    "vereinigten staaten von amerika": "US", "amerika": "US", "südafrika": "ZA",
}
# Names that take no genitive -s: feminine and plural ones use "der", names ending in a
# sibilant use "von".
_NO_GENITIVE_S = ("ukraine", "türkei", "slowakei", "niederlande", "usa", "us",
                  "vereinigten", "vereinigte", "republik", "föderation", "königreich")

# Capitals that stand for their government in the genitive: "Seouls Außenminister".
_CAPITALS = {
    "tirana": "AL", "wien": "AT", "canberra": "AU", "sofia": "BG", "brasília": "BR",
    "brasilia": "BR", "minsk": "BY", "ottawa": "CA", "peking": "CN", "nikosia": "CY",
    "prag": "CZ", "berlin": "DE", "kopenhagen": "DK", "tallinn": "EE", "madrid": "ES",
    "helsinki": "FI", "london": "GB", "athen": "GR", "zagreb": "HR", "budapest": "HU",
    "jakarta": "ID", "dublin": "IE", "jerusalem": "IL", "neu-delhi": "IN",
    "teheran": "IR", "reykjavík": "IS", "reykjavik": "IS", "rom": "IT", "tokio": "JP",
    "pjöngjang": "KP", "seoul": "KR", "vilnius": "LT", "riga": "LV", "podgorica": "ME",
    "skopje": "MK", "valletta": "MT", "mexiko-stadt": "MX", "oslo": "NO",
    "warschau": "PL", "lissabon": "PT", "bukarest": "RO", "moskau": "RU", "riad": "SA",
    "stockholm": "SE", "ljubljana": "SI", "bratislava": "SK", "ankara": "TR",
    "taipeh": "TW", "kiew": "UA", "kyjiw": "UA", "washington": "US", "pretoria": "ZA",
}


def _genitives() -> dict[str, str]:
    """"Frankreichs", "Seouls": names and capitals with the genitive -s."""
    forms: dict[str, str] = {}
    for name, code in {**NAMES, **_CAPITALS}.items():
        last = name.split()[-1]
        if " " in name or last.startswith(_NO_GENITIVE_S) or name.endswith(("s", "x", "z", "ß")):
            continue
        forms[name + "s"] = code
    forms["irans"] = "IR"  # "des Irans" as well as "Irans"
    return forms


GENITIVES: dict[str, str] = _genitives()

# Organisations and institutions: as a word before the role noun ("Nato Generalsekretär"),
# and after "der"/"des" ("Generalsekretär der Nato", "Chef des Pentagons").
ORGS = {
    "nato": "NATO", "un": "UN", "uno": "UN", "vereinten nationen": "UN", "eu": "EU",
    "europäischen union": "EU", "eu-kommission": "EU_COMMISSION",
    "europäischen kommission": "EU_COMMISSION", "kommission": "EU_COMMISSION",
    "europäischen rates": "EU_COUNCIL", "europäischen rats": "EU_COUNCIL",
    "eu-rates": "EU_COUNCIL", "eu-rats": "EU_COUNCIL", "pentagon": "PENTAGON",
    "pentagons": "PENTAGON", "kreml": "KREMLIN", "kremls": "KREMLIN",
}

# After "des"/"der", these keep the mention but name no country: "Präsident des Landes".
NEUTRAL_AFTER = frozenset({
    "landes", "staates", "staats", "regierung", "republik", "inselstaates", "inselstaats",
    "staatsangelegenheiten",
})
# "der" after a role noun may be a dative ("sagte der Minister der Nachrichtenagentur");
# these nouns (or word endings) are addressees, not the body the office belongs to.
DATIVE_ENDINGS = ("agentur", "zeitung", "presse", "zeitschrift", "öffentlichkeit",
                  "bevölkerung", "nation", "welt", "menge", "journalistin", "journalisten")
DATIVE_ACRONYMS = frozenset({"afp", "ap", "dpa", "ard", "zdf", "bbc", "cnn", "faz", "taz",
                             "bild", "rnd", "epd", "kna", "apa", "sda", "orf", "srf"})
# After "für": a portfolio ("Hoher Vertreter für Bosnien") unless it starts like these.
FOR_ALLOWED_PREFIXES = ("außen", "aussen", "staatsangelegenheiten")
# Prepositions and articles that may introduce the body of an office.
AFTER_WORDS = frozenset({"des", "der", "von", "vom", "aus", "für"})

# ------------------------------------------------------------------------ modifiers
_MODIFIER_STEMS = {
    "ehemalig": "former", "früher": "former", "einstig": "former", "damalig": "former",
    "vormalig": "former", "verstorben": "former", "gestürzt": "former",
    "abgesetzt": "former", "entmachtet": "former", "ermordet": "former",
    "designiert": "designate", "künftig": "designate", "zukünftig": "designate",
    "angehend": "designate", "nominiert": "designate",
    "amtierend": "acting", "kommissarisch": "acting", "interimistisch": "acting",
    "neu": "neutral", "scheidend": "neutral", "bisherig": "neutral",
    "langjährig": "neutral", "geschäftsführend": "neutral", "wiedergewählt": "neutral",
    "neugewählt": "neutral", "gewählt": "neutral", "derzeitig": "neutral",
    "jetzig": "neutral", "aktuell": "neutral", "erst": "neutral", "letzt": "neutral",
    "umstritten": "neutral", "mächtig": "neutral",
    "stellvertretend": "negate",
}
# Words in -isch that describe a politician, not a country. Any other unknown "-ische"
# right before a role word is a nationality or region the knowledge base lacks
# ("syrische", "bayerische"), so the context's country must not be filled in.
_POLITICAL_STEMS = (
    "demokratisch", "sozialdemokratisch", "christdemokratisch", "christsozialistisch",
    "republikanisch", "populistisch", "rechtspopulistisch", "linkspopulistisch",
    "nationalistisch", "sozialistisch", "kommunistisch", "islamistisch", "prorussisch",
    "pro-russisch", "prowestlich", "pragmatisch", "charismatisch", "technokratisch",
    "autokratisch", "diktatorisch", "rechtsextremistisch", "reformistisch", "kritisch",
    "politisch", "militärisch", "diplomatisch", "sozialliberal", "grün", "liberal",
    "konservativ", "rechtskonservativ", "nationalkonservativ", "autoritär",
)
_MODIFIER_STEMS.update({stem: "neutral" for stem in _POLITICAL_STEMS})


def _inflect(stems: dict[str, str]) -> dict[str, str]:
    return {stem + ending: value for stem, value in stems.items() for ending in ADJECTIVE_ENDINGS}


def _with_ss(table: dict[str, str]) -> dict[str, str]:
    """The same table with every "ß" also spelled "ss"."""
    return {**table, **{key.replace("ß", "ss"): value for key, value in table.items()}}


NOUNS = _with_ss(NOUNS)
ADJECTIVES: dict[str, str] = _with_ss(_inflect(_ADJECTIVE_STEMS))
NAMES = _with_ss(NAMES)
# The EU's offices: "die europäische Außenbeauftragte". Kept apart from ADJECTIVES, which
# (like NAMES and GENITIVES) holds country codes only: other modules use those tables to
# find the countries a sentence names.
ORG_ADJECTIVES: dict[str, str] = _inflect({"europäisch": "EU"})
GENITIVES = _with_ss(GENITIVES)
ORGS = _with_ss(ORGS)
MODIFIERS: dict[str, str] = _with_ss(
    {**_inflect(_MODIFIER_STEMS), "ex": "former", "vize": "negate", "noch": "neutral"}
)
# "ß" in regex fragments: allow "ss" as well.
PHRASES = [(fragment.replace("ß", "(?:ß|ss)"), kind) for fragment, kind in PHRASES]

# Words that end the look to the left without saying anything about the role. A
# lower-case word not listed here that looks like an inflected adjective may stand
# between a country adjective and the role ("der südkoreanische neue Präsident").
STOP = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder aber sowie mit
    von vom zu zum zur in im am an auf aus bei beim für gegen nach seit über unter vor
    durch um als wie dass daß ob wenn weil sagte sagt sagten erklärte betonte hat hatte
    habe haben hätte hätten ist war sei wäre wird wurde werden würde sind waren sein
    seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres unser unsere
    unseren dieser diese dieses diesen diesem jener jene auch noch nicht schon nun
    jetzt so es er sie man sich laut zufolge bis dann denn doch sowohl weder nur sogar
    mehr etwa heute gestern morgen wieder immer sehr alle allen aller beide beiden
    beider keine keinen kein jede jeden jeder jedes welche welcher welchen deren dessen
    wo wann warum""".split()
)
# A lower-case "-ische" not in the tables: a nationality or region the knowledge base
# lacks (see _POLITICAL_STEMS).
UNKNOWN_ADJECTIVE = r"isch(?:e|en|er|es|em)"

# Genitive-looking capitalised words that are function words at a sentence start.
CAPITALISED_S_STOP = frozenset({"des", "als", "bis", "aus", "das", "dass", "es", "eines",
                                "dieses", "seines", "ihres", "jedes", "unseres", "alles",
                                "laut", "was", "wenn", "ins", "ums", "aufs", "fürs"})
