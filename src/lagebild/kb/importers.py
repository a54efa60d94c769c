"""Import office holders into the knowledge base from Wikidata exports or a YAML pack file.

`import_file(kb, path)` reads the whole file first and then adds every recognised term in
ONE transaction with origin "import:<file name>": a file with an error adds nothing, and
importing the same file again adds nothing twice (terms are unique per person, office and
start). Three formats are recognised by their content (YAML also by its suffix):

1. Wikidata SPARQL results in JSON (`{"head": {"vars": [...]}, "results": {"bindings": [...]}}`)
   of a query over P39 (position held) statements. Variables, by meaning (names are matched
   case-insensitively; the first name in each row is the recommended one):

   | meaning                      | variable names accepted                                    |
   |------------------------------|------------------------------------------------------------|
   | person item (URI or Q-id)    | person, item, human, holder                                |
   | English name                 | personLabel, itemLabel, humanLabel, name, personLabelEn    |
   | German name                  | personLabelDe, personLabel_de, itemLabelDe, nameDe         |
   | aliases, "|"-separated       | aliases, alias, aliasesEn, aliasesDe                       |
   | aliases, ", "-separated      | personAltLabel, itemAltLabel, altLabel, personAltLabelDe   |
   | statement (merges rows)      | statement, st                                              |
   | position item                | position, office, positionHeld                             |
   | position's English label     | positionLabel, officeLabel, positionHeldLabel              |
   | start time (required)        | start, startTime, start_time, from                         |
   | start precision (9/10/11)    | startPrecision, start_precision                            |
   | end time                     | end, endTime, end_time, to, until                          |
   | end precision                | endPrecision, end_precision                                |
   | jurisdiction (P1001)         | country, jurisdiction / countryLabel, jurisdictionLabel    |
   | its ISO 3166-1 code (P297)   | countryCode, jurisdictionCode, iso                         |
   | citizenship (P27), fallback  | citizenship, citizenshipLabel, citizenshipCode             |

   Rows of one statement (same `statement`, else same person, position, start and end) are
   merged, so a query that returns one row per alias works too. A row without a start is
   skipped with a warning; a start or end that is not a date is an error naming the binding
   (numbered from 1). Run this query at https://query.wikidata.org and download "JSON"
   (narrow the VALUES list, or replace it by a filter, to choose the offices):

       SELECT ?statement ?person ?personLabel ?personLabelDe
              (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
              ?position ?positionLabel ?start ?startPrecision ?end ?endPrecision
              ?country ?countryLabel ?countryCode
              (SAMPLE(?citizenshipIso) AS ?citizenshipCode)
       WHERE {
         VALUES ?position { wd:Q11696 wd:Q4970706 wd:Q14211 wd:Q81066 wd:Q167662 wd:Q8882 }
         ?person p:P39 ?statement .
         ?statement ps:P39 ?position ; wikibase:rank ?rank .
         FILTER(?rank != wikibase:DeprecatedRank)
         OPTIONAL { ?statement pqv:P580 [ wikibase:timeValue ?start ;
                                          wikibase:timePrecision ?startPrecision ] }
         OPTIONAL { ?statement pqv:P582 [ wikibase:timeValue ?end ;
                                          wikibase:timePrecision ?endPrecision ] }
         OPTIONAL { ?statement pq:P1001 ?statementJurisdiction }
         OPTIONAL { ?position wdt:P1001 ?positionJurisdiction }
         BIND(COALESCE(?statementJurisdiction, ?positionJurisdiction) AS ?country)
         OPTIONAL { ?country wdt:P297 ?countryCode }
         OPTIONAL { ?country rdfs:label ?countryLabel FILTER(LANG(?countryLabel) = "en") }
         OPTIONAL { ?person wdt:P27/wdt:P297 ?citizenshipIso }
         OPTIONAL { ?person rdfs:label ?personLabel FILTER(LANG(?personLabel) = "en") }
         OPTIONAL { ?person rdfs:label ?personLabelDe FILTER(LANG(?personLabelDe) = "de") }
         OPTIONAL { ?person skos:altLabel ?alias FILTER(LANG(?alias) IN ("en", "de")) }
         OPTIONAL { ?position rdfs:label ?positionLabel FILTER(LANG(?positionLabel) = "en") }
       }
       GROUP BY ?statement ?person ?personLabel ?personLabelDe ?position ?positionLabel
                ?start ?startPrecision ?end ?endPrecision ?country ?countryLabel ?countryCode

2. Wikidata JSON dump lines, as in the official `latest-all.json` dumps: one entity per line,
   a leading `[` line, a `,` after each entity and a closing `]` tolerated. Persons are the
   items with `claims.P39`; qualifiers P580 (start), P582 (end), P1001 or P642 (jurisdiction)
   are read; deprecated statements are ignored. Names and aliases come from `labels` and
   `aliases` in en and de (`mul` as a last resort for the name); P27 (citizenship) is the
   fallback country. Other items in the file (positions, countries) lend their English
   label, P1001 and P297 (ISO code) to the mapping, so a dump filtered to persons plus
   the positions they hold maps offices that the table below does not know. Times look like
   "+2021-12-08T00:00:00Z" with a precision: 11 (day) gives the date; 10 (month) and 9 (year)
   give the first day of the month or year, with a warning and a note on the term; anything
   coarser is skipped. A line that is not a JSON entity is an error naming the line.
   The whole dump is read before anything is written, so use a filtered extract
   (e.g. `wikibase-dump-filter --claim P39`), not the full 100 GB dump.

3. YAML in the starter-pack format (see kb/data/README.md), read by `read_pack_file`.

Positions map to the contract's roles in this order:
  - `POSITIONS`: Wikidata position items checked against public Wikidata-derived data.
    The President of the United States is head of state and of government, like the
    other presidents of `BOTH_ROLES_SINCE` (Turkey's since the 2018 system change).
  - otherwise the English position label: organisation offices by name ("Secretary General
    of NATO", "President of the European Council", "High Representative of the Union for
    Foreign Affairs and Security Policy", ...), else a title ("Prime Minister", "Minister of
    Foreign Affairs", "Secretary of State for Defence", ...) plus a country named in the
    label ("... of Italy", "... (Ukraine)", "United States ...", resolved with the CLDR
    English territory names from babel), else the jurisdiction, and, for ministers only,
    the person's citizenship. "Secretary of State" alone is the foreign minister only for
    the United States; presidents of Iran are heads of government (the Supreme Leader is
    the head of state).
Statements whose position maps to no role (or to no country) are skipped and counted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lagebild.errors import InputError
from lagebild.kb.names import slug
from lagebild.kb.pack import PackTerm, read_pack_file

if TYPE_CHECKING:
    from lagebild.kb.base import KnowledgeBase

SPARQL = "wikidata-sparql"
DUMP = "wikidata-dump"
YAML = "starter-pack-yaml"

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
# A big dump can produce thousands of warnings; the report keeps the first ones.
MAX_WARNINGS = 100
KNOWN_FORMATS = "Wikidata SPARQL results (JSON), Wikidata JSON dump lines or a starter-pack YAML file"


@dataclass(frozen=True)
class Office:
    role: str
    country: str | None = None
    org: str | None = None


# Position items whose Q-ids were checked against Wikidata-derived public data (two
# independent sources each, or one export of Wikidata itself). Offices missing here are
# mapped by their English label instead. Note Q740126 is the President of the European
# *Parliament*, not of the Commission.
POSITIONS: dict[str, Office] = {
    "Q11696": Office("head_of_state", "US"),  # President of the United States (+ head of government)
    "Q14213": Office("foreign_minister", "US"),  # United States Secretary of State
    "Q14211": Office("head_of_government", "GB"),  # Prime Minister of the United Kingdom
    "Q4970706": Office("head_of_government", "DE"),  # Chancellor of Germany
    "Q25223": Office("head_of_state", "DE"),  # Federal President of Germany
    "Q568605": Office("foreign_minister", "DE"),  # Federal Minister for Foreign Affairs (Germany)
    "Q23016036": Office("defence_minister", "DE"),  # Federal Minister of Defence (Germany)
    "Q191954": Office("head_of_state", "FR"),  # President of France
    "Q218295": Office("head_of_state", "RU"),  # President of Russia
    "Q796897": Office("head_of_government", "IT"),  # Prime Minister of Italy
    "Q844587": Office("head_of_government", "ES"),  # Prime Minister of Spain
    "Q3058109": Office("head_of_government", "NL"),  # Prime Minister of the Netherlands
    "Q687075": Office("head_of_government", "SE"),  # Prime Minister of Sweden
    "Q2334076": Office("head_of_government", "NO"),  # Prime Minister of Norway
    "Q795477": Office("head_of_government", "DK"),  # Prime Minister of Denmark
    "Q839078": Office("head_of_government", "CA"),  # Prime Minister of Canada
    "Q319145": Office("head_of_government", "AU"),  # Prime Minister of Australia
    "Q191827": Office("head_of_government", "IE"),  # Taoiseach
    "Q192711": Office("head_of_government", "IN"),  # Prime Minister of India
    "Q274948": Office("head_of_government", "JP"),  # Prime Minister of Japan
    "Q208487": Office("head_of_government", "IL"),  # Prime Minister of Israel
    "Q273884": Office("head_of_state", "ZA"),  # President of South Africa (+ head of government)
    "Q5176750": Office("head_of_state", "BR"),  # President of Brazil (+ head of government)
    "Q81066": Office("secretary_general", org="UN"),  # Secretary-General of the United Nations
    "Q167662": Office("secretary_general", org="NATO"),  # Secretary General of NATO
    "Q8882": Office("commission_president", org="EU"),  # President of the European Commission
}

# Where the president is head of state and of government (kb/data/README.md), from when.
BOTH_ROLES_SINCE: dict[str, date | None] = {
    "US": None, "BR": None, "MX": None, "AR": None, "ID": None, "CY": None, "ZA": None,
    "TR": date(2018, 7, 9),
}

# Country items, for jurisdiction and citizenship claims in dumps, which carry no labels.
COUNTRY_ITEMS: dict[str, str] = {
    "Q16": "CA", "Q17": "JP", "Q20": "NO", "Q27": "IE", "Q28": "HU", "Q29": "ES", "Q30": "US",
    "Q31": "BE", "Q32": "LU", "Q33": "FI", "Q34": "SE", "Q35": "DK", "Q36": "PL", "Q37": "LT",
    "Q38": "IT", "Q39": "CH", "Q40": "AT", "Q41": "GR", "Q43": "TR", "Q45": "PT", "Q55": "NL",
    "Q96": "MX", "Q142": "FR", "Q145": "GB", "Q148": "CN", "Q155": "BR", "Q159": "RU",
    "Q183": "DE", "Q189": "IS", "Q191": "EE", "Q211": "LV", "Q212": "UA", "Q213": "CZ",
    "Q215": "SI", "Q218": "RO", "Q219": "BG", "Q221": "MK", "Q222": "AL", "Q224": "HR",
    "Q236": "ME", "Q408": "AU", "Q668": "IN", "Q794": "IR", "Q801": "IL", "Q884": "KR",
}
ORG_ITEMS: dict[str, str] = {"Q7184": "NATO", "Q1065": "UN", "Q458": "EU"}

# Offices of organisations, recognised by their whole English label.
_ORG_LABELS: list[tuple[re.Pattern[str], Office]] = [
    (re.compile(r"secretary[- ]general of (the )?(nato|north atlantic treaty organization)|nato secretary[- ]general"),
     Office("secretary_general", org="NATO")),
    (re.compile(r"secretary[- ]general of the united nations|(united nations|un) secretary[- ]general"),
     Office("secretary_general", org="UN")),
    (re.compile(r"president of the european commission"), Office("commission_president", org="EU")),
    (re.compile(r"president of the european council"), Office("council_president", org="EU")),
    (re.compile(r"high representative (of the union )?for foreign affairs and security policy"),
     Office("high_representative", org="EU")),
]

# National titles once the country is taken out of the label. Anchored (fullmatch), so
# that "Deputy Prime Minister" or "Minister of State for Foreign Affairs" stay unmapped.
_TITLES: list[tuple[str, re.Pattern[str]]] = [
    ("head_of_state", re.compile(
        r"(federal )?president|president of the republic|king|queen|monarch|emperor|grand duke"
        r"|supreme leader|head of state")),
    ("head_of_government", re.compile(
        r"(federal )?chancellor|prime minister|premier|head of government|taoiseach"
        r"|president of the (government|council of ministers)|chairman of the council of ministers")),
    ("foreign_minister", re.compile(
        r"foreign (minister|secretary)|((federal|union) )?minister (of|for) (europe and )?(foreign|external) affairs"
        r"( and [^,]+|, .+)?|secretary of state for foreign\b.*affairs|secretary of foreign affairs"
        r"|minister of international relations and cooperation")),
    ("defence_minister", re.compile(
        r"defen[cs]e (minister|secretary)|((federal|union) )?minister (of|for) (national )?defen[cs]e( and [^,]+)?"
        r"|minister of the armed forces|secretary of (state for )?(national )?defen[cs]e")),
]
_MINISTERS = ("foreign_minister", "defence_minister")

# Names that CLDR's English territory names lack (folded like `_fold`).
_COUNTRY_ALIASES = {
    "united states of america": "US", "usa": "US", "america": "US", "uk": "GB", "britain": "GB",
    "great britain": "GB", "united kingdom of great britain and northern ireland": "GB",
    "russian federation": "RU", "people's republic of china": "CN", "republic of china": "TW",
    "republic of korea": "KR", "korea": "KR", "democratic people's republic of korea": "KP",
    "czech republic": "CZ", "turkey": "TR", "republic of turkey": "TR", "macedonia": "MK",
    "republic of north macedonia": "MK", "french republic": "FR", "federal republic of germany": "DE",
    "islamic republic of iran": "IR", "italian republic": "IT", "kingdom of the netherlands": "NL",
    "kingdom of spain": "ES", "republic of poland": "PL", "ivory coast": "CI", "burma": "MM",
    "holy see": "VA", "palestine": "PS", "state of palestine": "PS", "bosnia and herzegovina": "BA",
}
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


# -- the report ---------------------------------------------------------------------


@dataclass
class ImportReport:
    file: str
    format: str
    terms: int = 0  # terms new to the knowledge base
    persons: int = 0  # distinct persons of those terms
    read: int = 0  # terms recognised in the file, before de-duplication
    skipped: int = 0  # statements left out (unmapped position, no usable date, no name)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "terms": self.terms,
            "persons": self.persons,
            "read": self.read,
            "skipped": self.skipped,
            "warnings": list(self.warnings),
        }


class _Collector:
    """Terms, skips and warnings gathered while a file is parsed (nothing written yet)."""

    def __init__(self) -> None:
        self.terms: list[PackTerm] = []
        self.skipped = 0
        self.warnings: list[str] = []
        self.suppressed = 0
        self.unmapped: Counter[str] = Counter()

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        else:
            self.suppressed += 1

    def skip(self, message: str | None = None) -> None:
        self.skipped += 1
        if message:
            self.warn(message)

    def skip_unmapped(self, position: str) -> None:
        # Usually many statements (member of parliament, ...): one summary line, not one each.
        self.skipped += 1
        self.unmapped[position] += 1

    def final_warnings(self) -> list[str]:
        notes = list(self.warnings)
        if self.unmapped:
            count = sum(self.unmapped.values())
            examples = ", ".join(name for name, _ in self.unmapped.most_common(8))
            notes.append(f"skipped {count} statement(s) of positions that map to no role or country: {examples}")
        if self.suppressed:
            notes.append(f"... and {self.suppressed} more warning(s)")
        return notes


# -- entry point ----------------------------------------------------------------------


def import_file(kb: KnowledgeBase, path: str | Path) -> ImportReport:
    """Add the office holders in `path` to `kb`, all or nothing."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", source=source)
    kind = detect_format(path)
    collected = _Collector()
    if kind == YAML:
        collected.terms = _read_yaml(path)
    elif kind == SPARQL:
        _read_sparql(path, collected)
    else:
        _read_dump(path, collected)
    report = ImportReport(file=source, format=kind, read=len(collected.terms), skipped=collected.skipped,
                          warnings=collected.final_warnings())
    origin = f"import:{path.name}"
    persons: set[str] = set()
    with kb.store.transaction():
        for term in collected.terms:
            # One at a time, to know which terms (and so which persons) were new.
            if kb.add_terms([term], origin=origin):
                report.terms += 1
                persons.add(term.wikidata or slug(term.name))
    report.persons = len(persons)
    return report


def detect_format(path: Path) -> str:
    """The format of a file, from its suffix (YAML) or its first non-blank line."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return YAML
    source = str(path)
    first = ""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for raw in handle:
                # JSON never starts with "#"; YAML may open with comment lines.
                if raw.strip() and not raw.lstrip().startswith("#"):
                    first = raw.strip()
                    break
    except UnicodeDecodeError:
        raise InputError(f"not UTF-8 text; expected {KNOWN_FORMATS}", source=source) from None
    if not first:
        raise InputError(f"the file is empty; expected {KNOWN_FORMATS}", source=source)
    if first == "[" or first.startswith("[{"):
        return DUMP
    if first.startswith("{"):
        try:
            head = json.loads(first.rstrip(","))
        except json.JSONDecodeError:
            return SPARQL  # a pretty-printed JSON document: only SPARQL results look like that
        if isinstance(head, dict) and ("claims" in head or head.get("type") in ("item", "property", "lexeme")):
            return DUMP
        return SPARQL  # checked in full by the reader
    if re.match(r"(country|org|name|offices)\s*:", first):
        return YAML
    raise InputError(f"not a known format; expected {KNOWN_FORMATS}", source=source)


# -- YAML -------------------------------------------------------------------------------


def _read_yaml(path: Path) -> list[PackTerm]:
    try:
        return read_pack_file(path)
    except (AttributeError, TypeError):
        # read_pack_file expects a mapping with offices -> terms; anything else lands here.
        raise InputError("not a starter-pack YAML file (see kb/data/README.md for the format)",
                         source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None


# -- countries and positions ------------------------------------------------------------


def _fold(text: str) -> str:
    """Case and accents folded, typographic apostrophes straightened, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().casefold()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
            continue
        names[_fold(name)] = code
        # "Myanmar (Burma)": both names count.
        for part in re.findall(r"^(.*?) \((.*)\)$", name):
            for alternative in part:
                names.setdefault(_fold(alternative), code)
    for alias, code in _COUNTRY_ALIASES.items():
        names.setdefault(_fold(alias), code)
    return names


def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of an English country name ("the Netherlands" -> "NL")."""
    if not name:
        return None
    folded = _fold(name)
    if folded.startswith("the "):
        folded = folded[4:]
    return _country_names().get(folded)


def _iso_code(value: str | None) -> str | None:
    if value and re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        code = value.strip().upper()
        return code if code in _country_names().values() else None
    return None


def _split_place(label: str) -> tuple[str, str | None]:
    """A folded position label split into title and country: ("minister of defence", "UA")."""
    parenthesis = re.fullmatch(r"(.*?)\s*\(([^()]+)\)", label)
    if parenthesis and (code := country_code(parenthesis[2])):
        return parenthesis[1], code
    # The leftmost " of " followed by a country: "president of the council of ministers of italy".
    for joint in re.finditer(r"\s+of\s+", label):
        if code := country_code(label[joint.end():]):
            return label[:joint.start()], code
    words = label.split()
    for size in range(len(words) - 1, 0, -1):  # "united states secretary of state"
        if code := country_code(" ".join(words[:size])):
            return " ".join(words[size:]), code
    return label, None


def _title_role(title: str, country: str | None) -> str | None:
    if title == "secretary of state":
        # Elsewhere a secretary of state is a cabinet or junior minister of any portfolio.
        return "foreign_minister" if country == "US" else None
    for role, pattern in _TITLES:
        if pattern.fullmatch(title):
            return role
    return None


def map_position(qid: str | None, label: str | None, *, jurisdiction: str | None = None,
                 org: str | None = None, citizenship: str | None = None) -> Office | None:
    """The contract office of a Wikidata position, or None when it maps to no role.

    `jurisdiction` and `citizenship` are ISO codes, `org` an organisation acronym (from a
    P1001/P642 qualifier); they are used only when the label names no country.
    """
    if qid and qid in POSITIONS:
        return POSITIONS[qid]
    if not label:
        return None
    text = _fold(label)
    for pattern, office in _ORG_LABELS:
        if pattern.fullmatch(text):
            return office
    title, country = _split_place(text)
    if org and re.fullmatch(r"secretary[- ]general", title):
        return Office("secretary_general", org=org)
    role = _title_role(title, country)
    if role is None:
        return None
    if country is None:
        # A president "of" nowhere named is only placed by its jurisdiction; ministers are
        # nearly always citizens of the state they serve.
        country = jurisdiction or (citizenship if role in _MINISTERS else None)
    if country is None:
        return None
    if role == "head_of_state" and country == "IR" and "president" in title:
        role = "head_of_government"
    return Office(role, country)


def _with_both_roles(office: Office, start: date, end: date | None) -> Iterator[tuple[Office, date, date | None]]:
    """The office, and for presidential systems the head-of-government term it implies."""
    yield office, start, end
    if office.role != "head_of_state" or office.country not in BOTH_ROLES_SINCE:
        return
    since = BOTH_ROLES_SINCE[office.country]
    begin = max(start, since) if since else start
    if end is None or end > begin:
        yield Office("head_of_government", office.country), begin, end


# -- Wikidata times -------------------------------------------------------------------------

_TIME = re.compile(
    r"([+-]?)(\d{1,16})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_PRECISION_NAMES = {9: "year", 10: "month"}


def parse_wikidata_time(value: str, precision: int | None = None) -> tuple[date | None, str | None]:
    """A Wikidata time as (day, note).

    Day precision (11, or none given) gives the date and no note; month (10) and year (9)
    precision give the first day with a note saying so; coarser precision or a year before
    1 or after 9999 gives (None, reason). Raises ValueError when `value` is not a date.
    """
    match = _TIME.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date")
    sign, year_text, month_text, day_text = match.group(1, 2, 3, 4)
    year, month, day = int(year_text), int(month_text), int(day_text)
    if precision is None:  # zeros mark an unknown month or day
        precision = 9 if month == 0 else 10 if day == 0 else 11
    if precision < 9:
        return None, "precision coarser than a year"
    if sign == "-" or not 1 <= year <= 9999:
        return None, f"year {sign}{year} is outside the supported range"
    if month > 12 or day > 31:
        raise ValueError(f"{value!r} is not a date")
    if precision == 9:
        return date(year, 1, 1), "year precision: 1 January used"
    if precision == 10:
        return date(year, month or 1, 1), "month precision: the first day used"
    try:
        return date(year, month, day), None
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None


# -- one statement to terms ----------------------------------------------------------------


@dataclass
class _Statement:
    """One P39 statement, whatever the format: the common ground of SPARQL rows and dumps."""

    where: str  # "binding 3" or "line 7", for messages
    person: str | None  # Q-id
    name: str | None
    aliases: list[str]
    position: str | None  # Q-id
    position_label: str | None
    start: tuple[str, int | None] | None  # (time, precision); None: no start
    end: tuple[str, int | None] | None  # None: open
    end_unknown: bool = False  # an end exists but its date is unknown
    jurisdiction: str | None = None  # ISO code
    org: str | None = None
    citizenship: str | None = None  # ISO code


def _statement_terms(st: _Statement, out: _Collector, source: str) -> None:
    label = st.position_label or st.position or "?"
    office = map_position(st.position, st.position_label, jurisdiction=st.jurisdiction, org=st.org,
                          citizenship=st.citizenship)
    if office is None:
        out.skip_unmapped(label)
        return
    who = st.name or st.person or "?"
    if not st.name:
        out.skip(f"{st.where}: {who} ({label}) has no English or German name; skipped")
        return
    if st.start is None:
        out.skip(f"{st.where}: {who} ({label}) has no start date; skipped")
        return
    if st.end_unknown:
        out.skip(f"{st.where}: {who} ({label}) ended on an unknown date; skipped")
        return
    start, start_note = _when(st.start, st, "start", source)
    end, end_note = _when(st.end, st, "end", source) if st.end else (None, None)
    if start is None or (st.end and end is None):
        out.skip(f"{st.where}: {who} ({label}): {start_note or end_note}; skipped")
        return
    if end is not None and end <= start:
        out.skip(f"{st.where}: {who} ({label}) ends ({end}) before it starts ({start}); skipped")
        return
    notes = [f"{part} {note}" for part, note in (("start:", start_note), ("end:", end_note)) if note]
    for note in notes:
        out.warn(f"{st.where}: {who} ({label}) {note}")
    aliases = [a for a in dict.fromkeys(st.aliases) if a and a != st.name]
    for term_office, term_start, term_end in _with_both_roles(office, start, end):
        out.terms.append(PackTerm(
            name=st.name,
            role=term_office.role,
            country=term_office.country,
            org=term_office.org,
            start=term_start,
            end=term_end,
            source=f"{WIKIDATA_PAGE}{st.person}" if st.person else None,
            wikidata=st.person,
            aliases=aliases,
            note=("Wikidata " + "; ".join(notes)) if notes else None,
            title_en=st.position_label,
        ))


def _when(value: tuple[str, int | None], st: _Statement, part: str, source: str) -> tuple[date | None, str | None]:
    try:
        return parse_wikidata_time(*value)
    except ValueError as exc:
        raise InputError(f"{st.where}: {part} {exc}", source=source) from None


# -- SPARQL results ----------------------------------------------------------------------------

_SPARQL_VARS: dict[str, tuple[str, ...]] = {
    "person": ("person", "item", "human", "holder"),
    "name": ("personLabel", "itemLabel", "humanLabel", "name", "personLabelEn", "personLabel_en", "nameEn"),
    "name_de": ("personLabelDe", "personLabel_de", "itemLabelDe", "nameDe"),
    "aliases": ("aliases", "alias", "aliasesEn", "aliasesDe", "aliases_de", "aliasDe"),
    "alt_labels": ("personAltLabel", "itemAltLabel", "altLabel", "personAltLabelDe", "itemAltLabelDe", "altLabelDe"),
    "statement": ("statement", "st"),
    "position": ("position", "office", "positionHeld"),
    "position_label": ("positionLabel", "officeLabel", "positionHeldLabel"),
    "start": ("start", "startTime", "start_time", "from"),
    "start_precision": ("startPrecision", "start_precision"),
    "end": ("end", "endTime", "end_time", "to", "until"),
    "end_precision": ("endPrecision", "end_precision"),
    "country": ("country", "jurisdiction"),
    "country_label": ("countryLabel", "jurisdictionLabel"),
    "country_code": ("countryCode", "jurisdictionCode", "iso", "countryIso"),
    "citizenship": ("citizenship",),
    "citizenship_label": ("citizenshipLabel",),
    "citizenship_code": ("citizenshipCode",),
}
# Fields that may be given by several variables at once (English and German aliases).
_MULTI = {"aliases", "alt_labels", "name_de"}


def _sparql_columns(variables: Iterable[str]) -> dict[str, list[str]]:
    """For each meaning, the variables of this result that carry it (matched case-insensitively)."""
    by_lower = {v.lower(): v for v in variables}
    columns: dict[str, list[str]] = {}
    for meaning, names in _SPARQL_VARS.items():
        present = [by_lower[n.lower()] for n in names if n.lower() in by_lower]
        if present:
            columns[meaning] = present if meaning in _MULTI else present[:1]
    return columns


def _read_sparql(path: Path, out: _Collector) -> None:
    source = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=source) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); "
                         f"expected {KNOWN_FORMATS}", source=source) from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise InputError(f"not a known format; expected {KNOWN_FORMATS}", source=source)
    bindings = data["results"].get("bindings")
    head = data.get("head")
    head_vars = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(bindings, list) or not isinstance(head_vars, list):
        raise InputError("SPARQL results need head.vars and results.bindings lists", source=source)
    columns = _sparql_columns(str(v) for v in head_vars)
    if "start" not in columns or not ({"position", "position_label"} & columns.keys()) \
            or not ({"person", "name"} & columns.keys()):
        raise InputError(
            "the SPARQL results lack the variables needed: a person (person or personLabel), a position "
            f"(position or positionLabel) and a start; found: {', '.join(map(str, head_vars)) or 'none'}",
            source=source,
        )
    merged: dict[tuple, _Statement] = {}
    for number, binding in enumerate(bindings, 1):
        statement = _sparql_statement(binding, columns, f"binding {number}", source)
        key = _statement_key(binding, columns, statement)
        if key in merged:
            known = merged[key]
            known.aliases.extend(a for a in statement.aliases if a not in known.aliases)
            known.name = known.name or statement.name
            known.jurisdiction = known.jurisdiction or statement.jurisdiction
            known.citizenship = known.citizenship or statement.citizenship
        else:
            merged[key] = statement
    for statement in merged.values():
        _statement_terms(statement, out, source)


def _statement_key(binding: dict, columns: dict[str, list[str]], st: _Statement) -> tuple:
    statement_uri = _sparql_value(binding, columns, "statement")
    if statement_uri:
        return ("statement", statement_uri)
    return (st.person or st.name, st.position or st.position_label, st.start, st.end, st.end_unknown)


def _sparql_value(binding: dict, columns: dict[str, list[str]], meaning: str) -> str | None:
    for variable in columns.get(meaning, ()):
        cell = binding.get(variable)
        if isinstance(cell, dict) and isinstance(cell.get("value"), str) and cell["value"].strip():
            return cell["value"].strip()
    return None


def _sparql_values(binding: dict, columns: dict[str, list[str]], meaning: str) -> list[str]:
    values = []
    for variable in columns.get(meaning, ()):
        cell = binding.get(variable)
        if isinstance(cell, dict) and isinstance(cell.get("value"), str) and cell["value"].strip():
            values.append(cell["value"].strip())
    return values


def _is_unknown(binding: dict, columns: dict[str, list[str]], meaning: str) -> bool:
    """Wikidata's "unknown value" comes out of SPARQL as a blank node or a genid IRI."""
    for variable in columns.get(meaning, ()):
        cell = binding.get(variable)
        if isinstance(cell, dict) and (cell.get("type") == "bnode" or ".well-known/genid/" in str(cell.get("value"))):
            return True
    return False


def _qid(value: str | None) -> str | None:
    """The Q-id of an entity URI or of a bare Q-id; None for anything else."""
    if not value:
        return None
    match = re.search(r"(?:^|/)(Q\d+)$", value.strip())
    return match[1] if match else None


def _sparql_statement(binding: object, columns: dict[str, list[str]], where: str, source: str) -> _Statement:
    if not isinstance(binding, dict) or not all(isinstance(cell, dict) for cell in binding.values()):
        raise InputError(f"{where}: not a SPARQL result binding (an object of variable cells)", source=source)

    def value(meaning: str) -> str | None:
        return _sparql_value(binding, columns, meaning)

    person = _qid(value("person"))
    names = [n for n in (value("name"), *_sparql_values(binding, columns, "name_de")) if n and n != person]
    aliases = names[1:]
    for joined in _sparql_values(binding, columns, "aliases"):
        aliases.extend(part.strip() for part in joined.split("|") if part.strip())
    for joined in _sparql_values(binding, columns, "alt_labels"):  # the label service joins with ", "
        aliases.extend(part.strip() for part in joined.split(", ") if part.strip())
    position_label = value("position_label")
    if position_label and _qid(position_label) == position_label:
        position_label = None  # the label service's fallback is the bare Q-id
    country_item = _qid(value("country"))
    citizenship_item = _qid(value("citizenship"))
    start_unknown = _is_unknown(binding, columns, "start")
    end_unknown = _is_unknown(binding, columns, "end")
    return _Statement(
        where=where,
        person=person,
        name=names[0] if names else None,
        aliases=aliases,
        position=_qid(value("position")),
        position_label=position_label,
        start=None if start_unknown else _sparql_time(value("start"), value("start_precision"), where, source),
        end=None if end_unknown else _sparql_time(value("end"), value("end_precision"), where, source),
        end_unknown=end_unknown,
        jurisdiction=(_iso_code(value("country_code")) or COUNTRY_ITEMS.get(country_item or "")
                      or country_code(value("country_label"))),
        org=ORG_ITEMS.get(country_item or ""),
        citizenship=(_iso_code(value("citizenship_code")) or COUNTRY_ITEMS.get(citizenship_item or "")
                     or country_code(value("citizenship_label"))),
    )


def _sparql_time(time: str | None, precision: str | None, where: str, source: str) -> tuple[str, int | None] | None:
    if time is None:
        return None
    if precision is None:
        return time, None
    try:
        return time, int(precision)
    except ValueError:
        raise InputError(f"{where}: time precision {precision!r} is not a number", source=source) from None


# -- JSON dump lines -------------------------------------------------------------------------


@dataclass
class _ItemInfo:
    """What a non-person item in the dump lends to the mapping of positions and countries."""

    label: str | None
    iso: str | None
    jurisdiction: str | None  # Q-id


def _read_dump(path: Path, out: _Collector) -> None:
    source = str(path)
    persons: list[tuple[int, dict]] = []
    items: dict[str, _ItemInfo] = {}
    for number, entity in _dump_entities(path):
        try:
            if entity.get("claims", {}).get("P39"):
                persons.append((number, entity))
            else:
                items[entity["id"]] = _item_info(entity)
        except (AttributeError, KeyError, TypeError, IndexError) as exc:
            raise InputError(f"line {number}: unexpected entity structure ({exc.__class__.__name__}: {exc})",
                             source=source) from None
    for number, entity in persons:
        try:
            statements = list(_entity_statements(entity, items, f"line {number}", out))
        except (AttributeError, KeyError, TypeError, IndexError) as exc:
            raise InputError(f"line {number}: unexpected entity structure ({exc.__class__.__name__}: {exc})",
                             source=source) from None
        for statement in statements:
            _statement_terms(statement, out, source)


def _dump_entities(path: Path) -> Iterator[tuple[int, dict]]:
    source = str(path)
    with path.open(encoding="utf-8-sig") as handle:
        number = 0
        try:
            for number, raw in enumerate(handle, 1):
                line = raw.strip()
                if line.endswith(","):
                    line = line[:-1].rstrip()
                if line in ("", "[", "]"):
                    continue
                try:
                    entity = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"line {number}: not a valid JSON entity ({exc.msg}, column {exc.colno})",
                                     source=source) from None
                if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
                    raise InputError(f"line {number}: not a Wikidata entity (a JSON object with an 'id')",
                                     source=source)
                yield number, entity
        except UnicodeDecodeError:
            raise InputError(f"line {number + 1}: not UTF-8 text", source=source) from None


def _item_info(entity: dict) -> _ItemInfo:
    claims = entity.get("claims") or {}
    iso = next((v for v in _claim_strings(claims.get("P297"))), None)
    jurisdiction = next((q for q in _claim_items(claims.get("P1001"))), None) or \
        next((q for q in _claim_items(claims.get("P17"))), None)
    return _ItemInfo(label=_label(entity, ("en", "mul")), iso=_iso_code(iso), jurisdiction=jurisdiction)


def _label(entity: dict, languages: Iterable[str]) -> str | None:
    labels = entity.get("labels") or {}
    for language in languages:
        value = (labels.get(language) or {}).get("value")
        if value:
            return value
    return None


def _ranked(statements: list | None) -> list[dict]:
    """Statements without the deprecated ones (known to be wrong), preferred first."""
    usable = [s for s in statements or [] if s.get("rank") != "deprecated"]
    return sorted(usable, key=lambda s: s.get("rank") != "preferred")


def _snak_item(snak: dict) -> str | None:
    if snak.get("snaktype") != "value":
        return None
    value = snak["datavalue"]["value"]
    if "id" in value:
        return value["id"]
    return f"Q{value['numeric-id']}" if "numeric-id" in value else None


def _claim_items(statements: list | None) -> Iterator[str]:
    for statement in _ranked(statements):
        if item := _snak_item(statement["mainsnak"]):
            yield item


def _claim_strings(statements: list | None) -> Iterator[str]:
    for statement in _ranked(statements):
        snak = statement["mainsnak"]
        if snak.get("snaktype") == "value" and isinstance(snak["datavalue"]["value"], str):
            yield snak["datavalue"]["value"]


def _qualifier_time(qualifiers: dict, prop: str) -> tuple[str, tuple[str, int | None] | None]:
    """("value", (time, precision)), ("unknown", None) or ("none", None)."""
    for snak in qualifiers.get(prop) or []:
        if snak.get("snaktype") == "somevalue":
            return "unknown", None
        if snak.get("snaktype") == "value":
            value = snak["datavalue"]["value"]
            precision = value.get("precision")
            return "value", (str(value["time"]), int(precision) if precision is not None else None)
    return "none", None


def _resolve_country(item: str | None, items: dict[str, _ItemInfo]) -> str | None:
    if not item:
        return None
    if item in COUNTRY_ITEMS:
        return COUNTRY_ITEMS[item]
    info = items.get(item)
    return (info.iso or country_code(info.label)) if info else None


def _entity_statements(entity: dict, items: dict[str, _ItemInfo], where: str, out: _Collector) -> Iterator[_Statement]:
    person = entity["id"]
    name = _label(entity, ("en", "de", "mul"))
    aliases = [v for v in (_label(entity, ("de",)),) if v]
    for language in ("en", "de", "mul"):
        aliases.extend(a["value"] for a in (entity.get("aliases") or {}).get(language) or [] if a.get("value"))
    claims = entity.get("claims") or {}
    citizenship = next((c for c in (_resolve_country(q, items) for q in _claim_items(claims.get("P27"))) if c), None)
    for statement in claims.get("P39") or []:
        if statement.get("rank") == "deprecated":
            out.skip()  # marked wrong by Wikidata editors
            continue
        position = _snak_item(statement["mainsnak"])
        if position is None:  # "unknown value" / "no value" for the position itself
            out.skip()
            continue
        qualifiers = statement.get("qualifiers") or {}
        start_kind, start = _qualifier_time(qualifiers, "P580")
        end_kind, end = _qualifier_time(qualifiers, "P582")
        place = [_snak_item(s) for p in ("P1001", "P642") for s in qualifiers.get(p) or []]
        place = [q for q in place if q]
        info = items.get(position)
        if info and info.jurisdiction:
            place.append(info.jurisdiction)
        yield _Statement(
            where=where,
            person=person,
            name=name,
            aliases=list(aliases),
            position=position,
            position_label=info.label if info else None,
            start=start if start_kind == "value" else None,
            end=end if end_kind == "value" else None,
            end_unknown=end_kind == "unknown",
            jurisdiction=next((c for c in (_resolve_country(q, items) for q in place) if c), None),
            org=next((ORG_ITEMS[q] for q in place if q in ORG_ITEMS), None),
            citizenship=citizenship,
        )
