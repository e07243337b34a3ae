"""configschema_fast.py without HTTP: the fast path gives the compiled check's own output for a
plainly valid value, or defers to it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet, schema_dir
from fakekibana.core.configschema_fast import FastCompiler, Slow
from fakekibana.core.schema_checks import Invalid
from fakekibana.core.versions import parse_version
from tests.strategies import SchemaInstances, json_values, ordered

SCHEMAS = SchemaSet(schema_dir())
INSTANCES = SchemaInstances(SCHEMAS)


def _compiles(name: str) -> bool:
    node, base = SCHEMAS.resolve(name, SCHEMA_BASE_URI)
    try:
        SCHEMAS.compile_node(node, base)
    except TypeError:  # a response schema, which only the contract checker reads
        return False
    return True


# Every file the config-schema compiler takes: route bodies and queries, and the connector
# schemas of the config-schema lines (7.8, 8.19, 9.0-9.2).
NAMES = sorted(
    name
    for name in (
        path.relative_to(schema_dir()).as_posix()
        for path in schema_dir().rglob("*.json")
        if not path.name.endswith(".response.json")
    )
    if _compiles(name)
)


def _drawable(name: str) -> bool:
    try:
        INSTANCES.valid(name)
    except KeyError:  # a node without a type, which the generator does not read
        return False
    return True


# The connector create and update bodies, which the generator cannot read (their config and
# secrets are records of any value): their keys, with names, records and anything else.
_BODY_KEYS = ["name", "connector_type_id", "actionTypeId", "config", "secrets", "extra"]
_TEXTS = st.sampled_from(["", " ", "a", "ServiceNow", ".servicenow", "\t"]) | st.text(max_size=4)
BODIES = st.dictionaries(
    st.sampled_from(_BODY_KEYS),
    _TEXTS
    | st.dictionaries(st.sampled_from(["apiUrl", "a", ""]), _TEXTS | json_values(), max_size=3)
    | json_values(),
    max_size=5,
)


def _values(name: str) -> Any:
    return INSTANCES.near(name) if _drawable(name) else BODIES | json_values()


def _both(schemas: SchemaSet, name: str, value: Any) -> tuple[Any, Any]:
    """The fast path's answer (Slow when it defers) and the compiled check's (Invalid when it
    refuses)."""
    node, base = schemas.resolve(name, SCHEMA_BASE_URI)
    try:
        full = schemas.compile_node(node, base)(value, ())
    except Invalid:
        full = Invalid
    try:
        return FastCompiler(schemas).compile(node, base)(value), full
    except Slow:
        return Slow, full


def test_the_schemas_are_many() -> None:
    """The parametrization below reaches the files it means to (bodies of every area)."""
    assert len(NAMES) > 100
    assert "connectors/create_connector.request.json" in NAMES
    assert "actions/create_connector.request.json" in NAMES
    assert len([name for name in NAMES if not _drawable(name)]) == 4


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_fast_path_agrees_with_the_compiled_check(name: str, data: st.DataObject) -> None:
    """On each schema, what the fast path takes the compiled check takes, with its output."""
    value = data.draw(_values(name), label="value")
    fast, full = _both(SCHEMAS, name, value)
    event("deferred" if fast is Slow else "fast")
    if fast is not Slow:
        assert full is not Invalid
        assert ordered(fast) == ordered(full)


def test_the_benchmark_body_takes_the_fast_path() -> None:
    """A seed-sized create body passes without the compiled check, on a release's own schemas
    (x-fakekibana-since decides which properties exist)."""
    body = {
        "name": "ServiceNow",
        "connector_type_id": ".servicenow",
        "config": {"apiUrl": "https://dev87359.service-now.com"},
        "secrets": {"username": "admin", "password": "securePassword123!"},
    }
    schemas = SchemaSet(schema_dir(), parse_version("9.4.0"))
    fast, full = _both(schemas, "connectors/create_connector.request.json", body)
    assert fast is not Slow
    assert ordered(fast) == ordered(full) == ordered(body)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"name": " ", "connector_type_id": ".email"}, "a blank name"),
        ({"name": "a", "connector_type_id": ".email", "config": {"x": ""}}, "a blank value"),
        ({"name": "a", "connector_type_id": ".email", "extra": 1}, "an unknown key"),
        ({"name": "a"}, "a missing required key"),
        ({"name": "a", "connector_type_id": ".email", "config": "{}"}, "a string to coerce"),
        ([], "not an object"),
    ],
)
def test_what_is_not_plainly_valid_is_deferred(body: Any, why: str) -> None:
    fast, _ = _both(SCHEMAS, "connectors/create_connector.request.json", body)
    assert fast is Slow, why
