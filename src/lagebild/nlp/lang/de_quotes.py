"""German rule data for the quotes component (`lagebild.nlp.quotes`).

Only word lists and small tables live here; the matching logic is language-neutral.
All words are lowercase; the component lowercases before looking them up.
"""

from __future__ import annotations


def _weak(*stems: str) -> set[str]:
    """Finite, infinitive and participle forms of regular (weak) verbs from their stems.

    Stems ending in -t/-d take the linking -e- ("berichtete"); prefixed verbs have no
    "ge-" participle, but listing both forms costs nothing and saves a table of prefixes.
    """
    forms: set[str] = set()
    for stem in stems:
        link = "e" if stem.endswith(("t", "d")) or stem.endswith(("chn", "ffn")) else ""
        forms |= {
            stem + link + "t",  # sagt
            stem + link + "te",  # sagte
            stem + link + "ten",  # sagten
            stem + "n" if stem.endswith(("er", "el")) and not stem.endswith("ier") else stem + "en",
            "ge" + stem + link + "t",  # gesagt
        }
    return forms


# Opening mark -> closing marks it may pair with. German texts mix styles („…“, „…”,
# „…") and English ones use “…” and "…"; » and « are used both ways round.
QUOTE_PAIRS: dict[str, str] = {
    "„": "“”\"",
    "“": "”“\"",
    "»": "«",
    "«": "»",
    "‚": "‘’'",
    "\"": "\"“”",
}

# Verbs that frame speech, writing or stated belief. Finite forms are what a frame like
# "sagte er," or "X erklärte, dass" needs; participles catch "hat ... erklärt:".
SPEECH_VERBS: set[str] = _weak(
    "sag", "erklär", "beton", "warn", "bericht", "meld", "behaupt", "bestätig", "forder",
    "kritisier", "äußer", "versicher", "beklag", "bekräftig", "bemerk", "ergänz", "verkünd",
    "mahn", "erläuter", "bezweifel", "dementier", "klag", "antwort", "mein", "glaub",
    "vermut", "fürcht", "befürcht", "hoff", "kommentier", "argumentier", "begründ",
    "präzisier", "zitier", "schilder", "appellier", "prognostizier", "urteil", "bilanzier",
    "resümier", "erinner", "twitter", "verlang", "bezeichn", "beschuldig", "bekenn",
    "unterstell", "folger", "signalisier", "insistier", "konstatier",
    "spekulier", "unterricht", "informier", "vermeld", "bestreit", "verdächtig", "rechn",
    "plädier", "protestier", "droh", "beharr", "zweifel", "leugn", "jubel",
    "beruhig", "notier", "beanstand",
) | {
    # strong and mixed verbs, written out
    "riet", "rieten", "rät", "geraten", "bat", "baten", "bittet", "gebeten", "entschied",
    "entschieden", "beschloss", "beschlossen", "verständigt", "vereinbart", "vereinbarte",
    "aufgefordert", "angenommen", "vermutet", "befürchtet", "erwartet", "erwartete",
    "erwarten", "vorgeschlagen", "schlug", "schlugen",
    "schrieb", "schrieben", "geschrieben", "schreibt", "sprach", "sprachen", "spricht",
    "gesprochen", "unterstrich", "unterstrichen", "unterstreicht", "verwies", "verwiesen",
    "verweist", "rief", "riefen", "ruft", "hieß", "heißt", "beschrieb", "beschreibt",
    "gestand", "gestanden", "gesteht", "bestritt", "bestritten",
    "bestreitet", "versprach", "versprachen", "verspricht", "warf", "warfen", "wirft",
    "empfahl", "empfahlen", "empfiehlt", "nannte", "nannten", "nennt", "genannt", "zitiert", "ergänzte", "entgegnete", "entgegneten", "entgegnet",
    "widersprach", "widersprachen", "widerspricht", "vertrat", "vertritt",
}

# Finite verbs whose particle ends the frame clause ("teilte ... mit", "gab ... bekannt").
# Only counted as speech when the particle is there.
SEPARABLE_VERBS: dict[str, tuple[str, ...]] = {
    "teilte": ("mit",), "teilten": ("mit",), "teilt": ("mit",),
    "kündigte": ("an",), "kündigten": ("an",), "kündigt": ("an",),
    "gab": ("bekannt", "an", "zu", "zu bedenken"), "gaben": ("bekannt", "an", "zu"),
    "gibt": ("bekannt", "an", "zu"),
    "wies": ("hin", "darauf hin", "daraufhin", "zurück"), "wiesen": ("hin", "darauf hin", "zurück"),
    "weist": ("hin", "darauf hin", "zurück"),
    "räumte": ("ein",), "räumten": ("ein",), "räumt": ("ein",),
    "fügte": ("hinzu",), "fügten": ("hinzu",), "fügt": ("hinzu",),
    "stellte": ("klar", "fest"), "stellten": ("klar", "fest"), "stellt": ("klar", "fest"),
    "hob": ("hervor",), "hoben": ("hervor",), "hebt": ("hervor",),
    "legte": ("dar",), "legten": ("dar",), "legt": ("dar",),
    "deutete": ("an",), "deuteten": ("an",), "deutet": ("an",),
    "machte": ("deutlich", "klar", "geltend"), "machten": ("deutlich", "klar"),
    "macht": ("deutlich", "klar"),
    "ging": ("aus", "davon aus"), "gingen": ("aus", "davon aus"), "geht": ("aus", "davon aus"),
    "sprach": ("aus",), "sprachen": ("aus",), "spricht": ("aus",),
    "lehnte": ("ab",), "lehnten": ("ab",), "lehnt": ("ab",),
    "schlug": ("vor",), "schlugen": ("vor",), "schlägt": ("vor",),
    "rief": ("auf",), "riefen": ("auf",), "ruft": ("auf",),
    "warf": ("vor",), "warfen": ("vor",), "wirft": ("vor",),
    "führte": ("aus",), "führten": ("aus",), "führt": ("aus",),
    "schloss": ("aus",), "schlossen": ("aus",), "schließt": ("aus",),
}
# Participles and infinitives of separable speech verbs ("hat mitgeteilt,").
SEPARABLE_FORMS: set[str] = {
    "mitgeteilt", "mitteilte", "mitteilten", "mitzuteilen", "angekündigt", "ankündigte",
    "bekanntgegeben", "bekanntgab", "bekanntgaben", "angegeben", "angab", "angaben",
    "hingewiesen", "hinwies", "eingeräumt", "einräumte", "hinzugefügt", "hinzufügte",
    "klargestellt", "klarstellte", "festgestellt", "feststellte", "hervorgehoben",
    "hervorhob", "dargelegt", "darlegte", "angedeutet", "andeutete", "ausgeführt",
    "ausführte", "vorgeworfen", "vorwarf", "zurückgewiesen", "zurückwies", "aufgerufen",
    "zugegeben", "zugab", "verlautete", "verlautet", "verlauten", "vorausgesagt",
    "ausgeschlossen", "ausschloss", "ausgesprochen",
}

# Words that carry a postposed frame: "„…“, so der Sprecher."
POSTPOSED_MARKERS: set[str] = {"so"}

# Prepositional source frames: "laut X", "nach Angaben von X", "X zufolge".
SOURCE_PREPOSITIONS: set[str] = {"laut", "lt."}
SOURCE_POSTPOSITIONS: set[str] = {"zufolge"}
# Adverbs that refer back to the last source: "Demnach sollen …".
SOURCE_ADVERBS: set[str] = {"demnach", "demzufolge"}
# "nach <noun> ..." and "aus <noun>" count as a source frame only with these nouns.
SOURCE_NOUNS: set[str] = {
    "angaben", "informationen", "einschätzung", "auffassung", "ansicht", "meinung",
    "darstellung", "aussage", "aussagen", "berichten", "worten", "schätzungen",
    "erkenntnissen", "meldungen", "medienberichten", "polizeiangaben", "behördenangaben",
    "untersuchungen", "ermittlungen", "recherchen", "überzeugung", "vorstellung",
    "vorstellungen", "sicht", "auskunft", "bericht", "berichts", "studie", "umfrage",
    "meldung", "zeugenaussagen", "schätzung", "darstellungen", "aussagen", "erkenntnis",
    "informationen", "mitteilung", "quellen", "kreisen", "worte", "einschätzungen",
}
SOURCE_NOUN_SUFFIXES: tuple[str, ...] = ("angaben", "berichten", "informationen", "meldungen", "aussagen", "kreisen")
SOURCE_FRAME_LEADS: set[str] = {"nach", "gemäß", "entsprechend"}

# "Wie X mitteilte, ..." – a fronted comparison clause that frames the main clause.
AS_FRAME_WORDS: set[str] = {"wie"}

# Clause openers that start an indirect-speech complement after a frame.
COMPLEMENTIZERS: set[str] = {"dass", "daß", "ob", "wie", "warum", "weshalb", "wer", "was", "wo"}

# Konjunktiv I forms (and the frequent ones of Konjunktiv II) that mark reported speech.
SUBJUNCTIVE: set[str] = {
    "sei", "seien", "seiest", "habe", "könne", "müsse", "solle", "wolle", "dürfe", "werde",
    "gebe", "gehe", "stehe", "liege", "komme", "bleibe", "lasse", "wisse", "sehe", "brauche",
    "fehle", "gelte", "handle", "handele", "trage", "zeige", "bestehe", "diene", "halte",
    "finde", "bedeute", "reiche", "führe", "spiele", "arbeite", "lebe", "laufe", "plane",
    "erwarte", "betrage", "wachse", "falle", "sinke", "steige", "treffe", "nehme", "helfe",
    "ändere", "sorge", "befinde", "verfüge", "besitze", "entspreche", "mache", "unterstütze",
    "hätten", "hätte", "wäre", "wären", "würden", "würde", "könnten", "müssten", "dürften",
    "seiest", "gäbe", "ginge", "käme", "läge", "stünde",
}
# Konjunktiv II is also used for plain conditionals, so it alone is weaker evidence.
SUBJUNCTIVE_WEAK: set[str] = {
    "hätten", "hätte", "wäre", "wären", "würden", "würde", "könnten", "müssten", "dürften",
    "gäbe", "ginge", "käme", "läge", "stünde",
}
# "soll(en) ... worden sein / haben": hearsay without a named source.
REPORTATIVE_MODALS: set[str] = {"soll", "sollen"}
REPORTATIVE_ENDINGS: tuple[str, ...] = ("sein", "haben", "worden sein", "worden", "gewesen sein")

# Anaphoric sentence openers that point back to the previous sentence as the content:
# "Dies teilte die Polizei mit."
ANAPHORS: set[str] = {"dies", "das", "davon", "dieses"}

DETERMINERS: set[str] = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem",
    "einen", "sein", "seine", "seiner", "seines", "seinem", "seinen", "ihr", "ihre", "ihrer",
    "ihres", "ihrem", "ihren", "dessen", "deren", "zwei", "drei", "beide", "beiden",
    "mehrere", "einige", "viele", "andere", "weitere", "diese", "dieser", "dieses", "diesem",
    "diesen",
}
# Words inside a noun phrase that link a head to its complement ("Sprecher des Ministeriums").
NP_LINKS: set[str] = {"von", "vom", "des", "der", "aus", "bei", "beim", "für", "im", "und", "am"}

# Pronouns that can stand for a speaker, with the gender they ask for (None: any).
PRONOUNS: dict[str, str | None] = {"er": "m", "sie": None, "ihm": "m", "ihr": "f"}
# Words that are never a speaker on their own.
NON_SPEAKERS: set[str] = {"man", "es", "das", "dies", "was", "wer", "ich", "wir", "du", "ihr"}

# Role nouns: lowercase endings of job titles and offices ("NATO-Generalsekretär",
# "Bundeskanzlerin", "Polizeisprecher"). A feminine "-in" is accepted on each.
ROLE_SUFFIXES: tuple[str, ...] = (
    "minister", "präsident", "sprecher", "chef", "sekretär", "direktor", "vorsitzende",
    "vorsitzender", "leiter", "kanzler", "experte", "expertin", "abgeordnete", "abgeordneter",
    "kommissar", "botschafter", "bürgermeister", "richter", "anwalt", "anwältin",
    "gouverneur", "general", "trainer", "manager", "vorstand", "berater", "beraterin",
    "sekretärin", "analyst", "ökonom", "forscher", "professor", "präses", "bischof", "papst",
    "könig", "königin", "premier", "premierminister", "senator", "kandidat", "funktionär",
    "beauftragte", "beauftragter", "kommandeur", "offizier", "oberbefehlshaber", "mitglied",
    "gründer", "autor", "politiker", "staatsanwalt", "ermittler", "sprecherin", "leiterin",
    "chefin", "vizepräsident", "ministerpräsident", "regierungschef", "staatschef",
    "koordinator", "aktivist", "journalist", "reporter", "korrespondent", "augenzeuge",
    "zeuge", "arzt", "ärztin", "wissenschaftler", "historiker", "kritiker", "pfarrer",
    "dekan", "rektor", "intendant", "geschäftsführer", "inhaber", "vertreter", "beamte",
    "beamter", "polizist", "kommissarin", "ombudsmann", "diplomat", "unterhändler",
    "lehrer", "kapitän", "vorsteher", "gewerkschafter", "landwirt", "winzer", "pilot",
    "fahrer", "sportler", "spieler", "künstler", "sänger", "schauspieler", "musiker",
    "architekt", "ingenieur", "lotse", "ärztin", "unternehmer", "sprecher", "moderator",
    "regisseur", "schriftsteller", "bauer", "fischer", "händler", "wirt", "polizeichef",
)
# Honorifics and short titles that precede a name.
TITLES: set[str] = {"dr.", "prof.", "herr", "frau", "sir", "lord", "mr.", "mrs.", "ms."}

# Collective nouns that speak as an institution ("die Polizei", "die Regierung").
INSTITUTION_NOUNS: set[str] = {
    "polizei", "regierung", "staatsanwaltschaft", "feuerwehr", "ministerium", "behörde",
    "behörden", "gericht", "armee", "militär", "bundesregierung", "kommission", "partei",
    "gewerkschaft", "verband", "konzern", "unternehmen", "firma", "agentur",
    "nachrichtenagentur", "zeitung", "sender", "verwaltung", "stadt", "ausschuss", "rat",
    "opposition", "veranstalter", "organisation", "organisatoren", "experten", "beobachter",
    "analysten", "ärzte", "ermittler", "wissenschaftler", "kritiker", "anwohner", "zeugen",
    "augenzeugen", "demonstranten", "vereinte", "nato", "uno", "eu", "who",
}

# Clause openers after a frame comma that start no reported clause: adverbial clauses
# ("…, nachdem er …") and relative clauses ("…, der sich …").
ADVERBIAL_SUBORDINATORS: set[str] = {
    "nachdem", "weil", "als", "wenn", "obwohl", "bevor", "während", "sodass", "damit", "um",
    "sofern", "indem", "wobei", "weshalb", "seit", "seitdem", "bis", "sobald", "solange",
    "obgleich", "zumal", "wodurch", "womit", "worauf", "wozu", "wo", "was", "welche",
    "welcher", "welches", "allerdings", "aber", "jedoch", "und", "oder", "sowie",
}
RELATIVE_PRONOUNS: set[str] = {"der", "die", "das", "dem", "den", "deren", "dessen", "denen"}
# ", dass …" after any verb is reported content often enough to count.
THAT_WORDS: set[str] = {"dass", "daß"}
# Words before a one-word quote that make it a quoted fragment, not a title:
# "bezeichnete sie als „haltlos“", "sprach von „Panikverkäufen“".
FRAGMENT_LEADS: set[str] = {"als", "von", "vom", "einem", "einer", "eine", "ein", "wie"}
# Nouns that introduce a quoted word: "die Bezeichnung „Gesindel“".
FRAGMENT_NOUNS: set[str] = {"bezeichnung", "wort", "begriff", "worten", "ausdruck", "vokabel"}

# Finite verbs that make a whole sentence reported speech when a speaker is their subject
# ("Die Polizei spricht von …", "Er bezeichnete es als …"). Narrower than SPEECH_VERBS:
# these are acts of saying, not of thinking, and never participles (passives are facts).
REPORTED_VERBS: set[str] = {
    f"{stem}{end}"
    for stem in ("sag", "erklär", "fordert", "kritisiert", "warnt", "äußert", "bekräftigt",
                 "betont", "bestätigt", "dementiert", "verlangt", "appelliert", "beklagt",
                 "bezeichnet", "begründet", "kündigt", "berichtet", "meldet", "behauptet",
                 "versichert", "verkündet", "mahnt", "droht", "schildert", "beschuldigt",
                 "lobt", "verurteilt", "begrüßt", "bezweifelt", "prognostiziert", "plädiert")
    for end in ("", "e", "en", "et", "ete", "eten", "t", "te", "ten")
} | {
    "spricht", "sprach", "sprachen", "nannte", "nannten", "nennt", "nennen", "warf", "warfen",
    "wirft", "bestritt", "bestreitet", "bestritten", "wies", "wiesen", "rief", "riefen", "ruft",
    "räumte", "räumt", "lehnte", "lehnt", "lehnten", "gab", "gaben", "gibt", "sieht", "sah",
    "hält", "hielt", "rechnet", "rechnete", "erwartet", "erwartete", "schätzt", "schätzte",
    "verspricht", "versprach", "unterstrich", "empfahl", "empfiehlt", "bittet", "bat",
    "will", "wollen", "wollte", "wollten", "forderte", "fordert", "fordern", "forderten",
}
# Auxiliaries of the passive: "wurde … bestätigt" reports a fact, not speech.
PASSIVE_AUX: set[str] = {"wurde", "wurden", "worden", "wird", "werden"}
# Words right before quote marks that announce a title or name, not speech.
TITLE_LEADS: set[str] = {
    "motto", "titel", "namen", "name", "lautet", "heißt", "genannt", "film", "buch", "album",
    "single", "song", "lied", "roman", "stück", "sendung", "serie", "zeitung", "magazin",
    "website", "kampagne", "aktion", "projekt", "operation", "programm", "slogan",
}

# Determiners that make a role noun refer back to a person named before ("der Präsident").
DEFINITE: set[str] = {"der", "die", "das", "den", "dem", "des"}
# Words that make a role another office than the bare noun ("Vizepräsident", "ehemaliger Minister").
LESSER_ROLE_WORDS: tuple[str, ...] = (
    "vize", "stellvertretend", "ehemalig", "früher", "ex", "amtierend", "designiert",
    "staatssekretär", "vorig", "verstorben",
)
# Prepositions before a place; unused in German, whose tagger rarely confuses the two.
PLACE_LEADS: set[str] = set()
NON_ROLE_CAPS: set[str] = set()
TAG_ADVERBS: set[str] = set()
# Nouns of time that end a speaker phrase after "am": "sagte die Ministerin am Montag".
TIME_NOUNS: set[str] = {
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend",
    "sonntag", "morgen", "vormittag", "mittag", "nachmittag", "abend", "wochenende", "rande",
}
