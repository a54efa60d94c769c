"""stix2-validator's verdict on STIX 2.1 content, without its per-object set-up cost.

`lagebild import stix`, the TAXII inbox and `sync pull` accept content only when
stix2-validator (STIX 2.1, default options) lists no error. Run as shipped, the validator
rebuilds a jsonschema validator and a reference registry for every object and resolves
every `$ref` again, parses each timestamp with dateutil and each indicator pattern with
an ANTLR parser: about 3 ms an object. This module reaches the same verdicts and the same
reasons at a fraction of that:

- Schemas: the validator's own schema files (read from the installed package, patched
  the way it patches them) are compiled once per object type into plain predicates
  (`_Compiler`, the subset of JSON Schema 2020-12 those files use, with jsonschema's
  semantics: `re.search`, its type rules and its format checker). When a predicate
  rejects an object, a jsonschema validator built once over a registry of all schema
  files lists the errors, worded by the validator's `pretty_error`: the reasons are the
  validator's, and jsonschema has the last word on the verdict. A schema using a keyword
  the compiler does not know is left to that jsonschema validator entirely.
- MUST checks: the validator's own functions. Three expensive ones (timestamps through
  dateutil, timestamp order through strptime, indicator patterns through an ANTLR
  parser) first try a test that can only prove an input fine (a real calendar day;
  timestamps whose text order is their time order; one comparison of a known observable
  property with a string) and hand anything else to the original function.
- SHOULD checks are skipped: they only produce warnings, and warnings refuse nothing.

Input the fast path does not mirror (content stix2-validator would treat as STIX 2.0,
bundle members that are not objects with a `type`) goes to stix2-validator whole.
"""

from __future__ import annotations

import copy
import inspect
import json
import numbers
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from types import GeneratorType
from typing import Any

Check = Callable[[Any], bool]

OPTIONS_VERSION = "2.1"
_COMPILED_KEYWORDS = {
    "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "enum", "format", "if",
    "items", "maxItems", "maxLength", "maximum", "minItems", "minLength", "minProperties", "minimum",
    "not", "oneOf", "pattern", "patternProperties", "properties", "propertyNames", "required", "type",
}
_MEMBER_KEYWORDS = {"properties", "patternProperties", "additionalProperties"}  # checked together
_CHEAP_KEYWORDS = {"type", "required", "enum", "const"}
_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "number": lambda x: not isinstance(x, bool) and (isinstance(x, (int, float)) or isinstance(x, numbers.Number)),
    "integer": lambda x: not isinstance(x, bool) and (isinstance(x, int) or (isinstance(x, float) and x.is_integer())),
}


class _Unsupported(Exception):
    """A schema uses a keyword (or a value) the compiler does not mirror."""


class _Delegate(Exception):
    """Input outside what the fast path mirrors: ask stix2-validator itself."""


def _always(_: Any) -> bool:
    return True


def _never(_: Any) -> bool:
    return False


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check(x: Any) -> bool:
        for one in checks:
            if not one(x):
                return False
        return True

    return check


def _any_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(x: Any) -> bool:
        for one in checks:
            if one(x):
                return True
        return False

    return check


class _Compiler:
    """JSON Schema (2020-12, as jsonschema evaluates it) to a predicate, for one schema
    and everything it references. Verdict only: the errors come from jsonschema."""

    def __init__(self, format_checker, keywords: frozenset[str]) -> None:
        self._formats = format_checker
        self._keywords = keywords  # every keyword jsonschema acts on
        self._done: dict[int, Check] = {}

    def compile(self, schema: Any, resolver) -> Check:
        from referencing.jsonschema import DRAFT202012

        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise _Unsupported(f"schema {schema!r}")
        key = id(schema)
        if key in self._done:
            return self._done[key]
        later: list[Check] = []
        self._done[key] = lambda x: later[0](x)  # a schema that refers back to itself
        unknown = set(schema) & (self._keywords - _COMPILED_KEYWORDS)
        if unknown:
            raise _Unsupported(", ".join(sorted(unknown)))
        if "$id" in schema:
            resolver = resolver.in_subresource(DRAFT202012.create_resource(schema))
        # Cheap, discriminating keywords first: most invalid input fails on them.
        names = sorted((n for n in schema if n in _COMPILED_KEYWORDS and n not in _MEMBER_KEYWORDS),
                       key=lambda n: n not in _CHEAP_KEYWORDS)
        checks = [getattr(self, "_" + name.lstrip("$"))(schema[name], schema, resolver) for name in names]
        if _MEMBER_KEYWORDS & schema.keys():
            checks.append(self._members(schema, resolver))
        combined = _all_of(checks)
        later.append(combined)
        self._done[key] = combined
        return combined

    def _sub(self, schema: Any, resolver) -> Check:
        return self.compile(schema, resolver)

    def _ref(self, ref: str, schema: dict, resolver) -> Check:
        resolved = resolver.lookup(ref)
        return self.compile(resolved.contents, resolved.resolver)

    def _type(self, value: Any, schema: dict, resolver) -> Check:
        names = value if isinstance(value, list) else [value]
        if any(n not in _TYPES for n in names):
            raise _Unsupported(f"type {value!r}")
        return _any_of([_TYPES[n] for n in names])

    def _enum(self, values: list, schema: dict, resolver) -> Check:
        # jsonschema's equality keeps True apart from 1 and compares strings only to strings
        if not all(isinstance(v, (str, bool)) for v in values):
            raise _Unsupported("enum of other values")
        strings = frozenset(v for v in values if isinstance(v, str))
        flags = [v for v in values if isinstance(v, bool)]
        return lambda x: (isinstance(x, str) and x in strings) or (isinstance(x, bool) and any(x is f for f in flags))

    def _const(self, value: Any, schema: dict, resolver) -> Check:
        if not isinstance(value, str):
            raise _Unsupported("const of another value")
        return lambda x: isinstance(x, str) and x == value

    def _pattern(self, value: str, schema: dict, resolver) -> Check:
        search = re.compile(value).search
        return lambda x: not isinstance(x, str) or search(x) is not None

    def _format(self, value: str, schema: dict, resolver) -> Check:
        conforms = self._formats.conforms
        return lambda x: conforms(x, value)

    def _required(self, names: list[str], schema: dict, resolver) -> Check:
        needed = frozenset(names)
        return lambda x: not isinstance(x, dict) or needed.issubset(x.keys())

    def _members(self, schema: dict, resolver) -> Check:
        """properties, patternProperties and additionalProperties of one schema in one
        pass over the object's names, with the subschemas that apply to each name
        worked out once per name."""
        named = {name: self._sub(sub, resolver) for name, sub in schema.get("properties", {}).items()}
        patterns = [(re.compile(p).search, self._sub(sub, resolver))
                    for p, sub in schema.get("patternProperties", {}).items()]
        joined = "|".join(schema.get("patternProperties", {}))  # how jsonschema finds the extra names
        search = re.compile(joined).search if joined else None
        extra = self._sub(schema["additionalProperties"], resolver) if "additionalProperties" in schema else None

        def applying(name: str) -> tuple[Check, ...]:
            subs = [named[name]] if name in named else []
            subs += [sub for matches, sub in patterns if matches(name)]
            if extra is not None and name not in named and not (search and search(name)):
                subs.append(extra)
            return tuple(subs)

        lookup = _per_name(applying)

        def check(x: Any) -> bool:
            if isinstance(x, dict):
                for name, value in x.items():
                    for sub in lookup(name):
                        if not sub(value):
                            return False
            return True

        return check

    def _items(self, value: Any, schema: dict, resolver) -> Check:
        sub = self._sub(value, resolver)
        return lambda x: not isinstance(x, list) or all(sub(e) for e in x)

    def _contains(self, value: Any, schema: dict, resolver) -> Check:
        if "minContains" in schema or "maxContains" in schema:
            raise _Unsupported("minContains/maxContains")
        sub = self._sub(value, resolver)
        return lambda x: not isinstance(x, list) or any(sub(e) for e in x)

    def _propertyNames(self, value: Any, schema: dict, resolver) -> Check:
        sub = self._sub(value, resolver)
        return lambda x: not isinstance(x, dict) or all(sub(k) for k in x)

    def _minItems(self, n: int, schema: dict, resolver) -> Check:
        return lambda x: not isinstance(x, list) or len(x) >= n

    def _maxItems(self, n: int, schema: dict, resolver) -> Check:
        return lambda x: not isinstance(x, list) or len(x) <= n

    def _minLength(self, n: int, schema: dict, resolver) -> Check:
        return lambda x: not isinstance(x, str) or len(x) >= n

    def _maxLength(self, n: int, schema: dict, resolver) -> Check:
        return lambda x: not isinstance(x, str) or len(x) <= n

    def _minProperties(self, n: int, schema: dict, resolver) -> Check:
        return lambda x: not isinstance(x, dict) or len(x) >= n

    def _minimum(self, n: float, schema: dict, resolver) -> Check:
        number = _TYPES["number"]
        return lambda x: not number(x) or x >= n

    def _maximum(self, n: float, schema: dict, resolver) -> Check:
        number = _TYPES["number"]
        return lambda x: not number(x) or x <= n

    def _allOf(self, value: list, schema: dict, resolver) -> Check:
        return _all_of([self._sub(s, resolver) for s in value])

    def _anyOf(self, value: list, schema: dict, resolver) -> Check:
        return _any_of([self._sub(s, resolver) for s in value])

    def _oneOf(self, value: list, schema: dict, resolver) -> Check:
        subs = [self._sub(s, resolver) for s in value]

        def check(x: Any) -> bool:
            found = 0
            for s in subs:
                if s(x):
                    found += 1
                    if found > 1:
                        return False
            return found == 1

        return check

    def _not(self, value: Any, schema: dict, resolver) -> Check:
        sub = self._sub(value, resolver)
        return lambda x: not sub(x)

    def _if(self, value: Any, schema: dict, resolver) -> Check:
        test = self._sub(value, resolver)
        then = self._sub(schema["then"], resolver) if "then" in schema else _always
        otherwise = self._sub(schema["else"], resolver) if "else" in schema else _always
        return lambda x: then(x) if test(x) else otherwise(x)


def _per_name(decide: Callable[[str], Any]) -> Callable[[str], Any]:
    """`decide` remembered per property name: objects repeat the same few names, and the
    regular expressions on them are most of the cost of a schema check."""
    known: dict[str, Any] = {}

    def lookup(name: str) -> Any:
        try:
            return known[name]
        except KeyError:
            answer = decide(name)
            if len(known) < _NAMES_REMEMBERED:
                known[name] = answer
            return answer

    return lookup


_NAMES_REMEMBERED = 4096  # bounded: a partner chooses the names


# -- the validator's schemas, once ----------------------------------------------------------
@dataclass
class _Schemas:
    """stix2-validator's 2.1 schemas by name, with a predicate and an error lister each."""

    files: dict[str, Path]
    contents: dict[str, dict]
    registry: Any
    format_checker: Any
    reporter_class: Any
    keywords: frozenset[str]
    _checks: dict[str, Check] = field(default_factory=dict)
    _reporters: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reporter(self, name: str):
        with self._lock:
            if name not in self._reporters:
                self._reporters[name] = self.reporter_class(self.contents[name], registry=self.registry,
                                                           format_checker=self.format_checker)
            return self._reporters[name]

    def check(self, name: str) -> Check:
        found = self._checks.get(name)
        if found is not None:
            return found
        with self._lock:
            if name not in self._checks:
                self._checks[name] = self._compile(name)
            return self._checks[name]

    def _compile(self, name: str) -> Check:
        schema = self.contents[name]
        try:
            return _Compiler(self.format_checker, self.keywords).compile(schema, self.registry.resolver())
        except _Unsupported:
            # jsonschema decides, as in stix2-validator; only slower
            reporter = self.reporter_class(schema, registry=self.registry, format_checker=self.format_checker)
            return reporter.is_valid

    def errors(self, name: str, instance: Any, prefix: str) -> list[str]:
        """The validator's schema errors for `instance` under schema `name`, worded its way."""
        if self.check(name)(instance):
            return []
        from stix2validator.errors import pretty_error

        return [prefix + pretty_error(error, False) for error in self.reporter(name).iter_errors(instance)]


_LOADING = threading.Lock()  # two first requests at once load the validator once
_loaded: dict[str, Any] = {}


def _once(name: str, build: Callable[[], Any]) -> Any:
    found = _loaded.get(name)
    if found is None:
        with _LOADING:
            found = _loaded.get(name)
            if found is None:
                found = _loaded[name] = build()
    return found


def _load() -> _Schemas:
    return _once("schemas", _load_schemas)


def _load_schemas() -> _Schemas:
    import stix2validator.validator as reference
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    folder = Path(reference.__file__).parent / f"schemas-{OPTIONS_VERSION}" / "schemas"
    files: dict[str, Path] = {}
    # Found the way the validator finds them: the first file named TYPE.json, walking the folder.
    for root, _dirs, names in os.walk(folder, followlinks=True):
        if "examples" in root:
            continue
        for name in names:
            if name.endswith(".json"):
                files.setdefault(name[:-5], Path(root) / name)
    contents = {name: reference.patch_schema(json.loads(path.read_text(encoding="utf-8")), str(path))
                for name, path in files.items()}
    registry = Registry().with_resources(
        (path.as_uri(), DRAFT202012.create_resource(contents[name])) for name, path in files.items()).crawl()
    # The validator checks a bundle's members one by one, against their own schemas, and
    # blanks the member list in the bundle schema; the placeholder it puts there is no
    # JSON Schema keyword, so it constrains nothing.
    if "bundle" in contents:
        bundle = copy.deepcopy(contents["bundle"])
        bundle["properties"]["objects"] = {"objects": {"type": "array", "minItems": 1}}
        contents["bundle"] = bundle
    return _Schemas(files, contents, registry, Draft202012Validator.FORMAT_CHECKER, reference.STIXValidator,
                    frozenset(Draft202012Validator.VALIDATORS))


# -- MUST checks ----------------------------------------------------------------------------
_SIMPLE_PATTERN = re.compile(r"\[([a-z][a-z0-9-]*):([a-z_][a-z0-9_]*) ?!?= ?'(?:[^'\\]|\\['\\])*'\]")


@lru_cache(maxsize=4096)
def _real_day(day: str) -> bool:
    try:
        datetime(int(day[:4]), int(day[5:7]), int(day[8:10]))
    except ValueError:
        return False
    return True


class _Musts:
    """The validator's MUST checks, three of them behind fronts that answer only when
    they can prove an input fine and otherwise call the validator's own function."""

    def __init__(self) -> None:
        from stix2validator import ValidationOptions
        from stix2validator.errors import pretty_error
        from stix2validator.util import has_cyber_observable_data
        from stix2validator.v21 import enums, musts

        self.options = ValidationOptions(version=OPTIONS_VERSION)
        self.options.set_check_codes(OPTIONS_VERSION)
        self.pretty, self.observable, self.enums, self.musts = pretty_error, has_cyber_observable_data, enums, musts
        self.time_shape = musts.TIMESTAMP_FORMAT_RE
        fronts = {musts.timestamp: self.timestamp, musts.timestamp_compare: self.timestamp_compare,
                  musts.patterns: self.patterns}
        # The validator calls a check with the object alone and, when that call fails
        # for want of an argument, with the options too; which one is known in advance.
        self.checks = [(fronts.get(check, check), not _takes_one(check)) for check in musts.list_musts(self.options)]

    def errors(self, instance: dict) -> list[str]:
        """The checks on an object and on every STIX object listed in its properties, in
        the validator's order and wording."""
        errors: list[str] = []
        for check, takes_options in self.checks:
            result = check(instance, self.options) if takes_options else check(instance)
            if result is None:
                continue
            if isinstance(result, (tuple, GeneratorType)) or isinstance(result, Iterable):
                for error in result:
                    errors.append(self.pretty(error, False))
            else:
                errors.append(self.pretty(result, False))
        for value in instance.values():
            if type(value) is list:
                for item in value:
                    if isinstance(item, dict) and "id" in item and "type" in item:
                        errors += self.errors(item)
        return errors

    def timestamp(self, instance: dict):
        if not self.observable(instance, OPTIONS_VERSION):
            names = ["created", "modified", *self.enums.TIMESTAMP_PROPERTIES.get(instance["type"], [])]
            if all(self._surely_fine_time(instance[n]) for n in names if n in instance):
                return ()
        return self.musts.timestamp(instance)

    def _surely_fine_time(self, value: Any) -> bool:
        """True only when the check cannot object to `value`: a string not in the timestamp
        shape (the schema's business) or a real calendar day without a leap second (what
        dateutil parses)."""
        if not isinstance(value, str):
            return False
        if self.time_shape.match(value) is None:
            return True
        return value[17:19] != "60" and _real_day(value[:10])

    def timestamp_compare(self, instance: dict):
        pairs = [("modified", "ge", "created"), *self.enums.TIMESTAMP_COMPARE.get(instance.get("type", ""), [])]
        for later, op, earlier in pairs:
            if later in instance and earlier in instance and not self._surely_ordered(instance[later], op,
                                                                                      instance[earlier]):
                return self.musts.timestamp_compare(instance)
        return ()

    def _surely_ordered(self, later: Any, op: str, earlier: Any) -> bool:
        """True only when the validator's comparison holds. For two strings it compares
        text unless both are timestamps and both parse; two timestamps of the same length
        have the same layout, so their text order is their time order too. Only timestamps
        of different lengths need the validator."""
        if not (isinstance(later, str) and isinstance(earlier, str)) or op not in ("ge", "gt"):
            return False
        if len(later) != len(earlier) and self.time_shape.match(later) and self.time_shape.match(earlier):
            return False
        return later >= earlier if op == "ge" else later > earlier

    def patterns(self, instance: dict, options):
        pattern = instance.get("pattern")
        version = instance.get("pattern_version", instance.get("spec_version", "2.1"))
        if (instance["type"] == "indicator" and instance.get("pattern_type", "") == "stix"
                and isinstance(pattern, str) and version == "2.1"):
            # One comparison of a known property of a known observable with a string
            # literal: the grammar accepts it and the object and property checks pass.
            match = _SIMPLE_PATTERN.fullmatch(pattern)
            if match and match[2] in self.enums.OBSERVABLE_PROPERTIES.get(match[1], ()) \
                    and match[1] in self.enums.OBSERVABLE_TYPES:
                return ()
        return self.musts.patterns(instance, options)


def _takes_one(check: Callable) -> bool:
    try:
        inspect.signature(check).bind(None)
    except TypeError:
        return False
    return True


def _musts() -> _Musts:
    return _once("musts", _Musts)


# -- schema checks, chosen the validator's way ----------------------------------------------
def _prefix(obj: dict) -> str:
    if "id" not in obj:
        return ""
    try:
        return obj["id"] + ": "
    except TypeError:
        return "unidentifiable object: "


def _schema_name(schemas: _Schemas, kind: Any, default: str) -> str:
    return kind if isinstance(kind, str) and kind in schemas.files else default


def _schema_errors(obj: dict) -> list[str]:
    """The schema errors the validator lists for one object (2.1, its own schemas)."""
    schemas = _load()
    prefix = _prefix(obj)
    core = "core"
    if ("type" in obj and "id" in obj and "created" not in obj and "modified" not in obj
            and obj["type"] != "marking-definition"):
        core = "cyber-observable-core"
    errors = schemas.errors(_schema_name(schemas, obj["type"], core), obj, prefix)
    if obj["type"] == "observed-data" and "objects" in obj:
        nested = obj["objects"]
        if not isinstance(nested, dict):
            return errors + [prefix + "Observed Data objects must be in dict format."]
        for key, value in nested.items():
            where = f"{prefix}object '{key}': "
            if "type" not in value:
                errors.append(where + "Observable object must contain a 'type' property.")
                continue
            name = _schema_name(schemas, value["type"], "cyber-observable-core")
            errors += schemas.errors(name, value, where)
    return errors


# -- the public side ------------------------------------------------------------------------
def warm() -> None:
    """Load the validator and compile every schema now rather than on the first request."""
    schemas = _load()
    for name in schemas.files:
        schemas.check(name)
    _musts()


def object_errors(obj: dict) -> list[str]:
    """What `stix2validator.validate_instance(obj, ValidationOptions(version="2.1"))` lists
    as errors for one object (it raises where the validator raises)."""
    if not (isinstance(obj, dict) and "id" in obj and "type" in obj) or obj.get("type") == "bundle":
        return _reference_errors(obj)
    return _schema_errors(obj) + _musts().errors(obj)


def bundle_errors(bundle: dict) -> list[str]:
    """What stix2-validator (2.1) lists as errors for a whole bundle: the bundle, each
    member against its schema, then the MUST checks. Empty when the bundle is valid."""
    try:
        members = _members(bundle)
    except _Delegate:
        return _reference_errors(bundle)
    errors = _schema_errors(bundle)
    for obj in members:
        errors += _schema_errors(obj)
    return errors + _musts().errors(bundle)


def _members(bundle: Any) -> list[dict]:
    """The bundle's objects, when the fast path mirrors the validator on all of them."""
    if not (isinstance(bundle, dict) and bundle.get("type") == "bundle" and "id" in bundle):
        raise _Delegate
    if bundle.get("spec_version", OPTIONS_VERSION) != OPTIONS_VERSION:
        raise _Delegate  # the validator would read the members as STIX 2.0
    members = bundle.get("objects", [])
    if not isinstance(members, list):
        raise _Delegate
    for obj in members:
        # Members without spec_version may be read as 2.0, and other versions draw
        # warnings the validator builds from their ids; both are its business.
        if not (isinstance(obj, dict) and "type" in obj and obj.get("spec_version") == OPTIONS_VERSION):
            raise _Delegate
    return members


def _reference_errors(instance: Any) -> list[str]:
    from stix2validator import ValidationOptions, validate_instance

    result = validate_instance(instance, ValidationOptions(version=OPTIONS_VERSION))
    return [str(error) for error in result.errors]
