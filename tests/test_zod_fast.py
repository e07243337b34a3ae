"""zod_fast.py without HTTP: the fast path gives zod's own output for a valid value, or defers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet, schema_dir
from fakekibana.core.schema_checks import MISSING
from fakekibana.core.zod import ZodInvalid, ZodSchemaSet
from fakekibana.core.zod_fast import FastCompiler, Slow
from fakekibana.core.zod_types import VALID, ZodIssue
from tests.strategies import SchemaInstances, ordered

SCHEMAS = SchemaSet(schema_dir())
ZOD = ZodSchemaSet(SCHEMAS)
INSTANCES = SchemaInstances(SCHEMAS)
CONNECTOR_SCHEMAS = sorted(
    path.relative_to(schema_dir()).as_posix()
    for path in (schema_dir() / "stack_connectors").glob("*/*.json")
)


def _both(name: str, value: Any) -> tuple[Any, tuple[int, Any]]:
    """The fast path's answer (Slow when it defers) and the full parser's (status, output)."""
    node, base = SCHEMAS.resolve(name, SCHEMA_BASE_URI)
    fast = FastCompiler(ZOD).compile(node, base)
    issues: list[ZodIssue] = []
    full = ZOD.compile_node(node, base)(value, (), issues)
    try:
        return fast(value), full
    except Slow:
        return Slow, full


@pytest.mark.parametrize("name", CONNECTOR_SCHEMAS)
@given(data=st.data())
def test_fast_path_agrees_with_zod(name: str, data: st.DataObject) -> None:
    """On each connector schema, what the fast path takes is valid to zod, with zod's output."""
    value = data.draw(INSTANCES.near(name), label="value")
    fast, (status, output) = _both(name, value)
    event("deferred" if fast is Slow else "fast")
    if fast is not Slow:
        assert status == VALID
        assert ordered(fast) == ordered(output)


def test_fast_path_takes_the_benchmark_body() -> None:
    """The seed-sized ServiceNow config and secrets pass without the full parse."""
    config = {"apiUrl": "https://dev87359.service-now.com"}
    secrets = {"username": "admin", "password": "securePassword123!"}
    for name, value in (
        ("stack_connectors/servicenow/config.json", config),
        ("stack_connectors/servicenow/secrets.json", secrets),
    ):
        fast, (status, output) = _both(name, value)
        assert status == VALID
        assert fast is not Slow
        assert ordered(fast) == ordered(output)


def test_fast_path_defers_what_it_cannot_order(tmp_path: Path) -> None:
    """An object kept with an array-index key goes to the full parse, which orders it as JS does."""
    schema = {"type": "object", "properties": {"b": {"type": "string"}}}
    (tmp_path / "main.json").write_text(json.dumps(schema), encoding="utf-8")
    zod = ZodSchemaSet(SchemaSet(tmp_path))
    node, base = zod.schemas.resolve("main.json", SCHEMA_BASE_URI)
    with pytest.raises(Slow):
        FastCompiler(zod).compile(node, base)({"b": "x", "1": 2})
    assert list(zod.validator("main.json")({"b": "x", "1": 2})) == ["1", "b"]


def test_fast_path_defers_a_wrong_value_to_zod_words() -> None:
    """A wrong value still fails with formatZodError's text: the fast path decides nothing."""
    with pytest.raises(ZodInvalid) as caught:
        ZOD.validator("stack_connectors/servicenow/secrets.json")({"username": 1, "password": "p"})
    assert str(caught.value) == 'Field "username": Expected string, received number'


def test_fast_path_leaves_an_absent_optional_key_out() -> None:
    """A missing optional key stays missing, as zod's mergeObjectSync leaves undefined out."""
    fast, (status, output) = _both("stack_connectors/servicenow/config.json", {"apiUrl": "u"})
    assert status == VALID
    assert fast is not Slow
    assert MISSING not in fast.values()
    assert ordered(fast) == ordered(output)
