"""Hand-made Hypothesis strategies for connector bodies, read from the JSON Schemas in schemas/.

hypothesis-jsonschema 0.23.1 breaks on current Hypothesis (and reads 2020-12 schemas as draft 7),
so this module compiles the small JSON Schema subset fakekibana's schemas use (type, properties,
required, additionalProperties, items, minItems, const, oneOf, minLength, maxLength, minimum,
maximum, $ref) into strategies itself. Kibana's custom checks (URLs that parse, email's
service/host/port, webhook's user and password, recipients) are not in the schemas, so each
type's valid strategy adds them by hand.

It also lists every rule of a schema (a required key, a type, an unknown key, a literal, a length
or number bound) and breaks exactly one of them in an otherwise valid document: the nearly-valid
bodies whose messages tests/test_schema_rules.py pins down.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urldefrag, urljoin

from hypothesis import strategies as st

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet, schema_dir

SCHEMAS = SchemaSet(schema_dir())

JsonPath = tuple[str | int, ...]
Strategy = st.SearchStrategy[Any]

# The connector types and the parts each has a schema for (the others pass through).
TYPES: dict[str, str] = {
    ".email": "email",
    ".index": "index",
    ".pagerduty": "pagerduty",
    ".server-log": "server-log",
    ".servicenow": "servicenow",
    ".slack": "slack",
    ".webhook": "webhook",
    ".jira": "jira",
}
PARTS = ("config", "secrets", "params")


def schema_name(type_id: str, part: str) -> str | None:
    """schemas/<name> of a type's part, or None when Kibana has no validator for it."""
    name = f"connector_types/{TYPES[type_id]}/{part}.json"
    return name if SCHEMAS.has(name) else None


def resolve_at(node: Any, base: str, pointer: str = "") -> tuple[Any, str, str]:
    """Follow $refs until a node without one: the node, its file's URI and its JSON pointer."""
    while isinstance(node, dict) and "$ref" in node:
        base, pointer = urldefrag(urljoin(base, node["$ref"]))
        node = SCHEMAS.documents[base]
        for part in pointer.lstrip("/").split("/") if pointer else ():
            node = node[part]
    return node, base, pointer


def resolve(node: Any, base: str) -> tuple[Any, str]:
    """Follow $refs (to another file or a #/$defs/ pointer) until a node without one."""
    node, base, _ = resolve_at(node, base)
    return node, base


# --- valid values ------------------------------------------------------------------------------

# Text without lone surrogates, in the Basic Multilingual Plane: JavaScript counts UTF-16 units,
# so lengths then agree.
TEXT = st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"])
# Keys a JavaScript object keeps in insertion order and hapi's JSON parser accepts.
KEYS = st.text(st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=6)
JSON_VALUES: Strategy = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**31), 2**31) | st.text(TEXT, max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)
URLS = st.builds(
    "https://{}{}/{}".format,
    st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z]{2,5}){0,2}", fullmatch=True),
    st.sampled_from(["", ":8080", ":443"]),
    st.from_regex(r"[a-z0-9/_-]{0,12}", fullmatch=True),
)
TIMESTAMPS = st.datetimes(
    min_value=datetime.datetime(1971, 1, 1), max_value=datetime.datetime(2100, 1, 1)
).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z")


def from_schema(name: str, overrides: Mapping[JsonPath, Strategy] | None = None) -> Strategy:
    """Values JSON Schema accepts for schemas/<name>; `overrides` replace the strategy at a path."""
    document = SCHEMAS.document(name)
    return _strategy(document, SCHEMA_BASE_URI + name, (), overrides or {})


def _strategy(
    node: Any, base: str, path: JsonPath, overrides: Mapping[JsonPath, Strategy]
) -> Strategy:
    if path in overrides:
        return overrides[path]
    node, base = resolve(node, base)
    if node is True or node == {}:
        return JSON_VALUES
    if "const" in node:
        return st.just(node["const"])
    if "oneOf" in node:
        return st.one_of([_strategy(alt, base, path, overrides) for alt in node["oneOf"]])
    kind = node["type"]
    if kind == "string":
        return st.text(TEXT, min_size=node.get("minLength", 0), max_size=node.get("maxLength", 12))
    if kind in ("number", "integer"):
        low, high = node.get("minimum"), node.get("maximum")
        numbers: Strategy = st.integers(low, high)
        if kind == "number":
            numbers |= st.floats(low, high, allow_nan=False, allow_infinity=False)
        return numbers
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        items = _strategy(node.get("items", True), base, (*path, 0), overrides)
        return st.lists(items, min_size=node.get("minItems", 0), max_size=3)
    extra = node.get("additionalProperties", True)
    if extra is not False:
        return st.dictionaries(KEYS, _strategy(extra, base, (*path, "*"), overrides), max_size=3)
    required = set(node.get("required", ()))
    props = {k: _strategy(v, base, (*path, k), overrides) for k, v in node["properties"].items()}
    return st.fixed_dictionaries(
        {k: s for k, s in props.items() if k in required},
        optional={k: s for k, s in props.items() if k not in required},
    )


def _email_config() -> Strategy:
    base = from_schema(
        schema_name(".email", "config") or "",
        {
            ("service",): st.sampled_from([None, "__json", "gmail", "Outlook365", "sendgrid"]),
            ("host",): st.none() | st.from_regex(r"smtp\.[a-z]{1,8}\.com", fullmatch=True),
        },
    )

    def complete(config: dict[str, Any]) -> dict[str, Any]:
        # With no service, Kibana needs both a host and a port.
        if config.get("service") is None:
            config = {**config, "host": config.get("host") or "smtp.example.com"}
            config["port"] = config.get("port") or 587
        return config

    return base.map(complete)


def _email_params() -> Strategy:
    def addressed(params: dict[str, Any]) -> dict[str, Any]:
        if params.get("to") or params.get("cc") or params.get("bcc"):
            return params
        return {**params, "to": ["someone@example.com"]}

    return from_schema(schema_name(".email", "params") or "").map(addressed)


def _webhook_secrets() -> Strategy:
    # Kibana wants both user and password, or neither.
    both = st.fixed_dictionaries(
        {"user": st.text(TEXT, min_size=1, max_size=8), "password": st.text(TEXT, min_size=1)}
    )
    neither = st.fixed_dictionaries(
        {}, optional={"user": st.sampled_from([None, ""]), "password": st.sampled_from([None, ""])}
    )
    return both | neither


def _cases_config(type_id: str) -> Strategy:
    return from_schema(schema_name(type_id, "config") or "", {("apiUrl",): URLS})


# Strategies for what Kibana's custom checks want, beyond the schemas.
_VALID: dict[tuple[str, str], Callable[[], Strategy]] = {
    (".email", "config"): _email_config,
    (".email", "params"): _email_params,
    (".pagerduty", "config"): lambda: from_schema(
        schema_name(".pagerduty", "config") or "", {("apiUrl",): st.none() | URLS}
    ),
    (".pagerduty", "params"): lambda: from_schema(
        schema_name(".pagerduty", "params") or "", {("timestamp",): TIMESTAMPS}
    ),
    (".servicenow", "config"): lambda: _cases_config(".servicenow"),
    (".jira", "config"): lambda: _cases_config(".jira"),
    (".slack", "secrets"): lambda: from_schema(
        schema_name(".slack", "secrets") or "", {("webhookUrl",): URLS}
    ),
    (".webhook", "config"): lambda: from_schema(
        schema_name(".webhook", "config") or "", {("url",): URLS}
    ),
    (".webhook", "secrets"): _webhook_secrets,
}


# One valid config, secrets and params per type (Kibana's documented examples where it has them).
EXAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    ".email": {
        "config": {"service": "__json", "from": "bob@example.com"},
        "secrets": {},
        "params": {"to": ["alice@example.com"], "subject": "Subject", "message": "Message"},
    },
    ".index": {"config": {"index": "my-index"}, "secrets": {}, "params": {"documents": [{"a": 1}]}},
    ".pagerduty": {"config": {}, "secrets": {"routingKey": "routing-key"}, "params": {}},
    ".server-log": {"config": {}, "secrets": {}, "params": {"message": "Hello"}},
    ".servicenow": {
        "config": {
            "apiUrl": "https://dev87359.service-now.com",
            "casesConfiguration": {
                "mapping": [
                    {"source": "title", "target": "short_description", "actionType": "overwrite"}
                ]
            },
        },
        "secrets": {"username": "admin", "password": "password"},
        "params": {"subAction": "handshake"},
    },
    ".slack": {
        "config": {},
        "secrets": {"webhookUrl": "https://hooks.slack.com/services/T0/B0/x"},
        "params": {"message": "Hello"},
    },
    ".webhook": {"config": {"url": "https://example.com/hook"}, "secrets": {}, "params": {}},
    ".jira": {
        "config": {
            "projectKey": "HMS",
            "apiUrl": "https://hms.atlassian.net",
            "casesConfiguration": {
                "mapping": [{"source": "title", "target": "summary", "actionType": "overwrite"}]
            },
        },
        "secrets": {"email": "admin@hms.gov.co.uk", "apiToken": "token"},
        "params": {"subAction": "handshake"},
    },
}


def valid_part(type_id: str, part: str) -> Strategy:
    """A config, secrets or params object Kibana accepts for the type (any object if no schema)."""
    custom = _VALID.get((type_id, part))
    if custom is not None:
        return custom()
    name = schema_name(type_id, part)
    return from_schema(name) if name else st.dictionaries(KEYS, JSON_VALUES, max_size=3)


def valid_create_body(type_id: str) -> Strategy:
    """A POST /api/action body Kibana accepts for the type."""
    return st.fixed_dictionaries(
        {
            "name": st.text(TEXT, max_size=12),
            "actionTypeId": st.just(type_id),
            "config": valid_part(type_id, "config"),
            "secrets": valid_part(type_id, "secrets"),
        }
    )


def valid_create_bodies() -> Strategy:
    """A valid POST /api/action body of any type."""
    return st.one_of([valid_create_body(type_id) for type_id in TYPES])


def with_defaults(name: str | None, value: dict[str, Any]) -> dict[str, Any]:
    """What Kibana stores for a valid object: missing keys with a default get it, in schema order.

    The model's own reading of `default` (top level and nested objects); it does not use
    fakekibana's validators.
    """
    if name is None:
        return value
    stored: dict[str, Any] = _defaults(SCHEMAS.document(name), SCHEMA_BASE_URI + name, value)
    return stored


def _defaults(node: Any, base: str, value: Any) -> Any:
    node, base = resolve(node, base)
    if not isinstance(value, dict) or node.get("additionalProperties", True) is not False:
        return value
    result = dict(value)
    for key, sub in node["properties"].items():
        if key in value:
            result[key] = _defaults(sub, base, value[key])
        elif "default" in sub:
            result[key] = sub["default"]
    return result


# --- rules, and bodies that break exactly one ------------------------------------------------

Choices = tuple[tuple[JsonPath, int], ...]


@dataclasses.dataclass(frozen=True)
class Rule:
    """One rule of a schema: its kind, where it applies, and the oneOf alternatives on the way."""

    schema: str
    path: JsonPath
    kind: str
    # (path, index): at that path, the document takes that oneOf alternative.
    choices: Choices = ()
    # Where the rule is written: schema URI and JSON pointer (a $ref'd rule is one rule).
    where: str = ""
    node: Any = dataclasses.field(default=None, compare=False, repr=False)
    base: str = dataclasses.field(default="", compare=False, repr=False)

    @property
    def id(self) -> str:
        """A short stable name: schema, path (#i after a oneOf alternative taken), kind."""
        taken = dict(self.choices)
        schema = self.schema.removesuffix(".json").partition("/")[2]
        steps = [schema + (f"#{taken[()]}" if () in taken else "")]
        for depth, step in enumerate(self.path, 1):
            here = self.path[:depth]
            steps.append(f"{step}#{taken[here]}" if here in taken else str(step))
        return f"{steps[0]}:{'.'.join(steps[1:]) or '(root)'}:{self.kind}"


BOUNDS = ("minLength", "maxLength", "minimum", "maximum")


@dataclasses.dataclass
class _Walk:
    """What the rule walk carries down: the schema walked and the rules found."""

    name: str
    out: list[Rule]

    def add(self, at: _At, kind: str, where: str) -> None:
        node, base, _ = resolve_at(at.node, at.base, at.pointer)
        self.out.append(Rule(self.name, at.path, kind, at.choices, where, node, base))


@dataclasses.dataclass(frozen=True)
class _At:
    """A place in the walk: the schema node (and its URI and pointer) and the document path."""

    node: Any
    base: str
    pointer: str
    path: JsonPath
    choices: Choices


def rules(name: str) -> list[Rule]:
    """Every rule of schemas/<name> below its root, in schema order."""
    walk = _Walk(name, [])
    node, base, pointer = resolve_at(SCHEMAS.document(name), SCHEMA_BASE_URI + name, "")
    if "oneOf" in node:
        for index, alt in enumerate(node["oneOf"]):
            at = _At(alt, base, f"{pointer}/oneOf/{index}", (), (((), index),))
            _inside(walk, at)
    else:
        _inside(walk, _At(node, base, pointer, (), ()))
    return walk.out


def _rules(walk: _Walk, at: _At, required_at: str | None) -> None:
    node, base, pointer = resolve_at(at.node, at.base, at.pointer)
    here = f"{base}#{pointer}"
    if required_at is not None:
        walk.add(at, "required", required_at)
    if node is True or node == {}:
        return
    if "const" in node or ("oneOf" in node and all("const" in alt for alt in node["oneOf"])):
        walk.add(at, "literal", here)
        return
    walk.add(at, "type", here)
    if "oneOf" in node:
        for index, alt in enumerate(node["oneOf"]):
            if resolve(alt, base)[0] != {"const": None}:
                choices = (*at.choices, (at.path, index))
                _inside(walk, _At(alt, base, f"{pointer}/oneOf/{index}", at.path, choices))
        return
    _inside(walk, _At(node, base, pointer, at.path, at.choices))


def _inside(walk: _Walk, at: _At) -> None:
    node, base, pointer = resolve_at(at.node, at.base, at.pointer)
    for kind in BOUNDS:
        if kind in node:
            walk.add(at, kind, f"{base}#{pointer}/{kind}")
    kind = node.get("type")
    if kind == "array" and node.get("items", True) not in (True, {}):
        items = _At(node["items"], base, f"{pointer}/items", (*at.path, 0), at.choices)
        _rules(walk, items, None)
    if kind != "object":
        return
    extra = node.get("additionalProperties", True)
    if extra is False:
        required = set(node.get("required", ()))
        for key, sub in node["properties"].items():
            child = _At(sub, base, f"{pointer}/properties/{key}", (*at.path, key), at.choices)
            # A key with a default is never missing: config-schema validates the default.
            must = key in required and not (isinstance(sub, dict) and "default" in sub)
            _rules(walk, child, f"{base}#{pointer}/required/{key}" if must else None)
        walk.add(at, "unknown", f"{base}#{pointer}/additionalProperties")
    elif extra not in (True, {}):
        values = _At(extra, base, f"{pointer}/additionalProperties", (*at.path, "k"), at.choices)
        _rules(walk, values, None)


UNKNOWN_KEY = "zzz"


def minimal(name: str, rule: Rule | None = None) -> Any:
    """The smallest document JSON Schema accepts; with a rule, one that reaches the rule's path."""
    along = {rule.path[:i] for i in range(len(rule.path) + 1)} if rule else set()
    choices = dict(rule.choices) if rule else {}
    return _minimal(SCHEMAS.document(name), SCHEMA_BASE_URI + name, (), choices, along)


def _minimal(
    node: Any, base: str, path: JsonPath, choices: dict[JsonPath, int], along: set[JsonPath]
) -> Any:
    node, base = resolve(node, base)
    if node is True or node == {}:
        return {}
    if "const" in node:
        return node["const"]
    if "oneOf" in node:
        return _minimal(node["oneOf"][choices.get(path, 0)], base, path, choices, along)
    kind = node["type"]
    if kind == "string":
        return "x" * node.get("minLength", 1)
    if kind in ("number", "integer"):
        return node.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "array":
        count = max(node.get("minItems", 0), 1 if (*path, 0) in along else 0)
        item = node.get("items", True)
        return [_minimal(item, base, (*path, 0), choices, along) for _ in range(count)]
    extra = node.get("additionalProperties", True)
    if extra is not False:
        if (*path, "k") in along:
            return {"k": _minimal(extra, base, (*path, "k"), choices, along)}
        return {}
    return {
        key: _minimal(sub, base, (*path, key), choices, along)
        for key, sub in node["properties"].items()
        if key in node.get("required", ()) or (*path, key) in along
    }


def _accepts(node: Any, base: str, value: Any) -> bool:
    """Whether a schema node takes a value of this JSON type (bounds and keys aside)."""
    node, base = resolve(node, base)
    if node is True or node == {}:
        return True
    if "const" in node:
        return bool(value == node["const"] and type(value) is type(node["const"]))
    if "oneOf" in node:
        return any(_accepts(alt, base, value) for alt in node["oneOf"])
    kinds: dict[str, type | tuple[type, ...]] = {
        "string": str,
        "boolean": bool,
        "null": type(None),
        "array": list,
        "object": dict,
        "integer": int,
        "number": (int, float),
    }
    return isinstance(value, kinds[node["type"]]) and not (
        isinstance(value, bool) and node["type"] in ("integer", "number")
    )


def _wrong_type(rule: Rule) -> Any:
    # A value of another JSON type that no alternative takes, and that config-schema cannot
    # coerce (it reads numbers, booleans, arrays and objects out of strings).
    candidates: tuple[Any, ...] = (42, True, [], "x")
    for candidate in candidates:
        if not _accepts(rule.node, rule.base, candidate):
            return candidate
    msg = f"no wrong-typed value for {rule.id}"
    raise ValueError(msg)


def break_rule(rule: Rule, document: Any) -> Any:
    """A copy of a valid document with that one rule broken.

    What the rule's path needs (an optional key, an array element, another oneOf alternative)
    is taken from the minimal document that reaches it.
    """
    document = _reach(json.loads(json.dumps(document)), minimal(rule.schema, rule), rule)
    node = rule.node
    if rule.kind == "unknown":
        _get(document, rule.path)[UNKNOWN_KEY] = 1
        return document
    parent = _get(document, rule.path[:-1])
    if rule.kind == "required":
        del parent[rule.path[-1]]
        return document
    value: Any
    if rule.kind == "literal":
        value = UNKNOWN_KEY
    elif rule.kind == "type":
        value = _wrong_type(rule)
    elif rule.kind == "minLength":
        value = "x" * (node["minLength"] - 1)
    elif rule.kind == "maxLength":
        value = "x" * (node["maxLength"] + 1)
    elif rule.kind == "minimum":
        value = node["minimum"] - 1
    else:
        value = node["maximum"] + 1
    parent[rule.path[-1]] = value
    return document


def _reach(document: Any, reaching: Any, rule: Rule) -> Any:
    """The document, with the minimal document's values wherever the rule's path leaves it."""
    chosen = {path for path, _ in rule.choices}
    if () in chosen:
        document = reaching
    node, template = document, reaching
    for depth, step in enumerate(rule.path):
        here = rule.path[: depth + 1]
        if isinstance(node, list):
            if len(node) <= int(step):
                node.append(template[step])
        elif step not in node or here in chosen:
            node[step] = template[step]
        node, template = node[step], template[step]
    return document


def _get(document: Any, path: JsonPath) -> Any:
    node = document
    for step in path:
        node = node[step]
    return node


# The route bodies whose rules are checked too (their messages name `request body`).
BODY_SCHEMAS = (
    "actions/create_connector.request.json",
    "actions/update_connector.request.json",
    "actions/execute_connector.request.json",
)


def part_of(rule: Rule) -> tuple[str, str]:
    """(type id, part) of a connector schema's rule; ('body', route) for a route body's."""
    if rule.schema in BODY_SCHEMAS:
        return "body", rule.schema.removeprefix("actions/").removesuffix(".request.json")
    folder, _, part = rule.schema.removeprefix("connector_types/").partition("/")
    type_id = next(t for t, f in TYPES.items() if f == folder)
    return type_id, part.removesuffix(".json")


def all_rules() -> list[Rule]:
    """Every rule of every connector schema and route body, each written rule once."""
    names = [name for t in TYPES for p in PARTS if (name := schema_name(t, p))]
    found: dict[str, Rule] = {}
    for name in [*names, *BODY_SCHEMAS]:
        for rule in rules(name):
            found.setdefault(rule.where, rule)
    return list(found.values())
