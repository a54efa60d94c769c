"""The starter pack: the reviewed YAML files under kb/data/holders/, shipped with lagebild."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path

from lagebild.errors import InputError
from lagebild.kb.model import ORGANISATIONS, ROLES

STARTER_ORIGIN = "starter"


@dataclass
class PackTerm:
    name: str
    role: str
    country: str | None
    org: str | None
    start: date
    end: date | None
    source: str | None
    acting: bool = False
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    note: str | None = None
    title_en: str | None = None
    title_de: str | None = None


def pack_dir() -> Path:
    return Path(str(files("lagebild.kb") / "data" / "holders"))


def pack_files() -> list[Path]:
    return sorted(pack_dir().glob("*.yaml"))


def pack_hash() -> str:
    digest = hashlib.sha256()
    for path in pack_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _yaml_loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _as_date(value, *, source: str, what: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what}: {value!r} is not an ISO date", source=source) from None


def read_pack_file(path: Path) -> list[PackTerm]:
    import yaml

    source = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", source=source) from None
    country, org = data.get("country"), data.get("org")
    if (country is None) == (org is None):
        raise InputError("needs exactly one of 'country' and 'org'", source=source)
    if org is not None and org not in ORGANISATIONS:
        raise InputError(f"org {org!r} is not one of {', '.join(ORGANISATIONS)}", source=source)
    if country is not None and not (isinstance(country, str) and len(country) == 2 and country.isupper()):
        raise InputError(f"country {country!r} is not an ISO 3166-1 alpha-2 code (quote NO)", source=source)
    terms = []
    for role, office in (data.get("offices") or {}).items():
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; valid: {', '.join(ROLES)}", source=source)
        title = office.get("title") or {}
        for entry in office.get("terms") or []:
            what = f"{role} {entry.get('name')!r}"
            start = _as_date(entry.get("start"), source=source, what=what)
            if not entry.get("name") or start is None:
                raise InputError(f"{what}: every term needs a name and a start", source=source)
            terms.append(
                PackTerm(
                    name=entry["name"],
                    role=role,
                    country=country,
                    org=org,
                    start=start,
                    end=_as_date(entry.get("end"), source=source, what=what),
                    source=entry.get("source"),
                    acting=bool(entry.get("acting", False)),
                    wikidata=entry.get("wikidata"),
                    aliases=[str(a) for a in entry.get("aliases") or []],
                    note=entry.get("note"),
                    title_en=title.get("en"),
                    title_de=title.get("de"),
                )
            )
    return terms


def read_pack() -> list[PackTerm]:
    return [term for path in pack_files() for term in read_pack_file(path)]
