"""Hypothesis strategies: JSON values, valid connectors of every type, requests, schema instances.

Written by hand (hypothesis-jsonschema does not work with current Hypothesis). Object keys are
never `__proto__` (hapi refuses it) nor array indexes (JavaScript reorders those), so a body's
key order survives the round trip and can be asserted.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urldefrag, urljoin

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet

_INDEX_KEY = re.compile(r"0|[1-9][0-9]*")

# Text in the Basic Multilingual Plane: JSON Schema counts code points and config-schema UTF-16
# units, and the two agree only there (astral characters are checked in test_validation.py).
BMP = st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",))
TEXT = st.text(BMP, max_size=12)
KEYS = st.text(BMP, max_size=8).filter(lambda k: k != "__proto__" and not _INDEX_KEY.fullmatch(k))


def json_scalars(text: SearchStrategy[str] = TEXT) -> SearchStrategy[Any]:
    """null, booleans, numbers JavaScript holds exactly, and strings."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**53) + 1, 2**53 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        text,
    )


@functools.cache
def json_values(max_leaves: int = 8) -> SearchStrategy[Any]:
    """Any JSON value."""
    return st.recursive(
        json_scalars(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
        max_leaves=max_leaves,
    )


def ordered(value: Any) -> Any:
    """The value with every object's key order made visible (dicts compare without it)."""
    if isinstance(value, dict):
        return [[key, ordered(item)] for key, item in value.items()]
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return value


@functools.cache
def json_objects() -> SearchStrategy[dict[str, Any]]:
    """Any JSON object."""
    return st.dictionaries(KEYS, json_values(), max_size=4)


# --- URLs ----------------------------------------------------------------------------------------

HOSTNAMES = st.from_regex(r"[a-z][a-z0-9]{0,9}(\.[a-z]{2,6}){1,2}", fullmatch=True)


def urls() -> SearchStrategy[str]:
    """http(s) URLs that `new URL` parses."""
    return st.builds(
        lambda scheme, host, port, path: (
            f"{scheme}://{host}{'' if port is None else f':{port}'}{path}"
        ),
        st.sampled_from(["http", "https"]),
        HOSTNAMES,
        st.none() | st.integers(1, 65535),
        st.from_regex(r"(/[A-Za-z0-9_.~-]{0,8}){0,3}", fullmatch=True),
    )


# --- valid connectors, by type -------------------------------------------------------------------


def _nullable(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.none() | strategy


def _or_absent(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """None (the key is left out of the request) or a value."""
    return st.none() | strategy


_MAPPING_ENTRY = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["title", "description", "comments"]) | TEXT,
        "target": TEXT,
        "actionType": st.sampled_from(["nothing", "overwrite", "append"]),
    }
)
_CASES_CONFIGURATION = st.fixed_dictionaries(
    {"mapping": st.lists(_MAPPING_ENTRY, min_size=1, max_size=3)}
)
_PORTS = st.integers(1, 65535)
_EMAIL_EXTRAS = {
    "host": _nullable(TEXT),
    "port": _nullable(_PORTS),
    "secure": _nullable(st.booleans()),
}

# (config, secrets) that pass each type's schema and custom checks under the default settings;
# None leaves the key out of the create body.
CONNECTOR_PARTS: dict[str, SearchStrategy[tuple[Any, Any]]] = {
    ".email": st.tuples(
        st.one_of(
            st.fixed_dictionaries(
                {"service": st.just("__json"), "from": TEXT}, optional=_EMAIL_EXTRAS
            ),
            st.fixed_dictionaries(
                {"host": HOSTNAMES, "port": _PORTS, "from": TEXT},
                optional={"service": st.none(), "secure": _nullable(st.booleans())},
            ),
            st.fixed_dictionaries(
                {"service": st.sampled_from(["gmail", "Outlook365", "sendgrid"]), "from": TEXT},
                optional=_EMAIL_EXTRAS,
            ),
        ),
        _or_absent(
            st.fixed_dictionaries(
                {}, optional={"user": _nullable(TEXT), "password": _nullable(TEXT)}
            )
        ),
    ),
    ".index": st.tuples(
        st.fixed_dictionaries(
            {"index": TEXT},
            optional={"refresh": st.booleans(), "executionTimeField": _nullable(TEXT)},
        ),
        _or_absent(json_objects()),
    ),
    ".pagerduty": st.tuples(
        _or_absent(st.fixed_dictionaries({}, optional={"apiUrl": _nullable(urls())})),
        st.fixed_dictionaries({"routingKey": TEXT}),
    ),
    ".server-log": st.tuples(_or_absent(json_objects()), _or_absent(json_objects())),
    ".servicenow": st.tuples(
        st.fixed_dictionaries({"apiUrl": urls(), "casesConfiguration": _CASES_CONFIGURATION}),
        st.fixed_dictionaries({"password": TEXT, "username": TEXT}),
    ),
    ".slack": st.tuples(_or_absent(json_objects()), st.fixed_dictionaries({"webhookUrl": urls()})),
    ".webhook": st.tuples(
        st.fixed_dictionaries(
            {"url": urls()},
            optional={
                "method": st.sampled_from(["post", "put"]),
                "headers": _nullable(st.dictionaries(KEYS, TEXT, max_size=3)),
            },
        ),
        _or_absent(
            st.one_of(
                st.fixed_dictionaries(
                    {"user": st.text(BMP, min_size=1), "password": st.text(BMP, min_size=1)}
                ),
                st.fixed_dictionaries(
                    {},
                    optional={
                        "user": st.sampled_from([None, ""]),
                        "password": st.sampled_from([None, ""]),
                    },
                ),
            )
        ),
    ),
    ".jira": st.tuples(
        st.fixed_dictionaries(
            {"projectKey": TEXT, "apiUrl": urls(), "casesConfiguration": _CASES_CONFIGURATION}
        ),
        st.fixed_dictionaries({"email": TEXT, "apiToken": TEXT}),
    ),
}

# What each type's config schema fills in for a missing key, in schema order (types §3).
CONFIG_DEFAULTS: dict[str, dict[str, Any]] = {
    ".email": {"service": None, "host": None, "port": None, "secure": None},
    ".index": {"refresh": False, "executionTimeField": None},
    ".pagerduty": {"apiUrl": None},
    ".webhook": {"method": "post", "headers": None},
}


def echoed_config(type_id: str, config: dict[str, Any] | None) -> dict[str, Any]:
    """The config Kibana answers for a valid one: as sent, then the missing defaults."""
    echoed = dict(config or {})
    for key, value in CONFIG_DEFAULTS.get(type_id, {}).items():
        echoed.setdefault(key, value)
    return echoed


def create_bodies(type_id: str) -> SearchStrategy[dict[str, Any]]:
    """Valid POST /api/action bodies for one type, config and secrets present or not."""

    def body(name: str, parts: tuple[Any, Any], order: list[str]) -> dict[str, Any]:
        config, secrets = parts
        fields = {"name": name, "actionTypeId": type_id, "config": config, "secrets": secrets}
        return {key: fields[key] for key in order if fields[key] is not None}

    return st.builds(
        body,
        TEXT,
        CONNECTOR_PARTS[type_id],
        st.permutations(["name", "actionTypeId", "config", "secrets"]),
    )


# --- valid params, by type (for the fixed connectors in test_properties.py) ----------------------

_USER = st.fixed_dictionaries({"username": TEXT}, optional={"fullName": _nullable(TEXT)})
_COMMENT = st.fixed_dictionaries(
    {"commentId": TEXT, "comment": TEXT, "createdAt": TEXT, "createdBy": _USER},
    optional={"updatedAt": _nullable(TEXT), "updatedBy": _nullable(_USER)},
)
_PUSH = st.fixed_dictionaries(
    {
        "subAction": st.just("pushToService"),
        "subActionParams": st.fixed_dictionaries(
            {"caseId": TEXT, "title": TEXT, "createdAt": TEXT, "createdBy": _USER},
            optional={
                "description": _nullable(TEXT),
                "comments": _nullable(st.lists(_COMMENT, max_size=2)),
                "externalId": st.none(),
                "updatedAt": _nullable(TEXT),
                "updatedBy": _nullable(_USER),
            },
        ),
    }
)
PARAMS: dict[str, SearchStrategy[dict[str, Any]]] = {
    ".email": st.fixed_dictionaries(
        {"to": st.lists(TEXT, min_size=1, max_size=2), "subject": TEXT, "message": TEXT},
        optional={"cc": st.lists(TEXT, max_size=2), "bcc": st.lists(TEXT, max_size=2)},
    ),
    ".index": st.fixed_dictionaries(
        {"documents": st.lists(json_objects(), min_size=1, max_size=3)}
    ),
    ".pagerduty": st.fixed_dictionaries(
        {},
        optional={
            "eventAction": st.sampled_from(["trigger", "resolve", "acknowledge"]),
            "dedupKey": st.text(BMP, max_size=255),
            "summary": st.text(BMP, max_size=40),
            "source": TEXT,
            "severity": st.sampled_from(["critical", "error", "warning", "info"]),
            "timestamp": st.datetimes().map(lambda d: d.isoformat()),
            "component": TEXT,
            "group": TEXT,
            "class": TEXT,
        },
    ),
    ".server-log": st.fixed_dictionaries(
        {"message": TEXT},
        optional={"level": st.sampled_from(["trace", "debug", "info", "warn", "error", "fatal"])},
    ),
    ".servicenow": _PUSH,
    ".slack": st.fixed_dictionaries({"message": st.text(BMP, min_size=1, max_size=12)}),
    ".webhook": st.fixed_dictionaries({}, optional={"body": TEXT}),
    ".jira": _PUSH,
}


# --- arbitrary requests --------------------------------------------------------------------------

_SEGMENTS = st.sampled_from(
    [
        "api",
        "action",
        "actions",
        "s",
        "space1",
        "default",
        "Upper",
        "_getAll",
        "_find",
        "types",
        "list_action_types",
        "_execute",
        "connector",
        "status",
    ]
) | st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=6)
_CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "application/xml",
        "application/vnd.x+json",
        "json",
    ]
)
_HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8)


def paths() -> SearchStrategy[str]:
    """URL paths made mostly of the actions API's own segments."""
    return st.lists(_SEGMENTS, max_size=6).map(
        lambda segments: "/" + "/".join(quote(s, safe="") for s in segments)
    )


def headers() -> SearchStrategy[dict[str, str]]:
    """Some of kbn-xsrf, kbn-version and Content-Type."""
    return st.fixed_dictionaries(
        {},
        optional={
            "kbn-xsrf": _HEADER_TEXT,
            "kbn-version": st.sampled_from(["7.8.0", "7.7.0", ""]),
            "Content-Type": _CONTENT_TYPES,
        },
    )


def raw_bodies() -> SearchStrategy[bytes]:
    """Request bodies: JSON of anything, JSON of near-valid bodies, or raw bytes."""
    near_valid = st.sampled_from(sorted(CONNECTOR_PARTS)).flatmap(create_bodies)
    return st.one_of(
        st.just(b""),
        json_values().map(lambda v: json.dumps(v).encode()),
        near_valid.map(lambda v: json.dumps(v).encode()),
        st.fixed_dictionaries({"params": json_values()}).map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=40),
    )


def queries() -> SearchStrategy[dict[str, str]]:
    """Query strings: mostly _find's own parameters with arbitrary values."""
    names = st.sampled_from(
        [
            "per_page",
            "page",
            "search",
            "default_search_operator",
            "search_fields",
            "sort_field",
            "sort_order",
            "has_reference",
            "fields",
            "filter",
        ]
    ) | st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=5)
    values = _HEADER_TEXT | json_values().map(json.dumps) | st.integers(-3, 30).map(str)
    return st.dictionaries(names, values, max_size=3)


# --- instances of a JSON Schema (the subset schemas/ uses) ---------------------------------------


class SchemaInstances:
    """Strategies for values valid against one of schemas/, and for values one edit away."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.documents = schemas.documents
        self._valid: dict[str, SearchStrategy[Any]] = {}
        self._near: dict[str, SearchStrategy[Any]] = {}

    def valid(self, name: str) -> SearchStrategy[Any]:
        """Values JSON Schema accepts for schemas/<name>."""
        if name not in self._valid:
            uri = SCHEMA_BASE_URI + name
            self._valid[name] = self._node(self.documents[uri], uri)
        return self._valid[name]

    def near(self, name: str) -> SearchStrategy[Any]:
        """Valid values, values with one subtree replaced, removed or added, and any JSON."""
        if name not in self._near:
            valid = self.valid(name)
            self._near[name] = st.one_of(valid, _edited(valid), json_values())
        return self._near[name]

    def _resolve(self, ref: str, base: str) -> tuple[Any, str]:
        document_uri, fragment = urldefrag(urljoin(base, ref))
        node = self.documents[document_uri]
        for part in filter(None, fragment.split("/")):
            node = node[part]
        return node, document_uri

    def _node(self, node: Any, base: str) -> SearchStrategy[Any]:
        if node is True or node == {}:
            return json_values()
        if "$ref" in node:
            return self._node(*self._resolve(node["$ref"], base))
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        if "oneOf" in node or "anyOf" in node:
            return st.one_of(
                [self._node(alt, base) for alt in node.get("oneOf", node.get("anyOf"))]
            )
        kind = node["type"]
        if kind == "string" and "pattern" in node:
            # Patterns are written to mean the same to ECMAScript and Python (schemas/spaces).
            low, high = node.get("minLength", 0), node.get("maxLength")
            return st.from_regex(node["pattern"], fullmatch=True).filter(
                lambda text: low <= len(text) and (high is None or len(text) <= high)
            )
        if kind == "string":
            low = node.get("minLength", 0)
            return st.text(
                BMP, min_size=low, max_size=min(node.get("maxLength", low + 12), low + 12)
            )
        if kind in ("number", "integer"):
            low, high = node.get("minimum"), node.get("maximum")
            integers = st.integers(
                None if low is None else int(low), None if high is None else int(high)
            )
            if kind == "integer":
                return integers
            return integers | st.floats(low, high, allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        if kind == "array":
            items = self._node(node.get("items", True), base)
            return st.lists(items, min_size=node.get("minItems", 0), max_size=3)
        if kind == "object":
            properties = node.get("properties", {})
            extra = node.get("additionalProperties", True)
            if extra is False:
                required = set(node.get("required", ()))
                return st.fixed_dictionaries(
                    {k: self._node(v, base) for k, v in properties.items() if k in required},
                    optional={
                        k: self._node(v, base) for k, v in properties.items() if k not in required
                    },
                )
            others = st.dictionaries(
                KEYS.filter(lambda key: key not in properties), self._node(extra, base), max_size=3
            )
            if not properties:
                return others
            named = st.fixed_dictionaries(
                {}, optional={k: self._node(v, base) for k, v in properties.items()}
            )
            return st.tuples(named, others).map(lambda pair: {**pair[1], **pair[0]})
        msg = f"no strategy for {node!r}"
        raise TypeError(msg)


def _subtrees(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _subtrees(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _subtrees(item, (*path, index))


@st.composite
def _edited(draw: st.DrawFn, valid: SearchStrategy[Any]) -> Any:
    """A valid value with one edit: a subtree replaced or removed, or a key added."""
    value = copy.deepcopy(draw(valid))
    path = draw(st.sampled_from(list(_subtrees(value))))
    if not path:
        return draw(json_values())
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    edit = draw(st.sampled_from(["replace", "remove", "add"]))
    if edit == "replace":
        parent[path[-1]] = draw(json_values())
    elif edit == "remove":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(KEYS)] = draw(json_values())
    else:
        parent.append(draw(json_values()))
    return value
