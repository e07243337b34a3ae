"""JSON in and out as Kibana's JavaScript does it, including what orjson refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import given
from hypothesis import strategies as st

from fakekibana.core import jsonio
from tests.conftest import XSRF


def test_dumps_writes_what_orjson_refuses() -> None:
    """Lone surrogates, huge integers and non-finite floats fall back to the standard library."""
    raw = jsonio.Raw(b'{"x":1}')
    assert jsonio.dumps({"s": "\ud800", "r": raw}) == b'{"s":"\\ud800","r":{"x":1}}'
    assert jsonio.dumps({"big": 2**70, "f": float("inf")}) == (
        b'{"big":1180591620717411303424,"f":null}'
    )
    assert jsonio.dumps({"k": "é", "r": raw}) == '{"k":"é","r":{"x":1}}'.encode()


async def test_a_deeply_nested_config_is_echoed(client: TestClient[Any, Any]) -> None:
    """A config nested deeper than orjson writes (255 levels) is stored and echoed unchanged."""
    deep: Any = 1
    for _ in range(900):
        deep = {"a": deep}
    body = {"name": "deep", "actionTypeId": ".server-log", "config": {"deep": deep}}
    created = await client.post("/api/action", data=json.dumps(body), headers=XSRF)
    assert created.status == 200
    connector_id = (await created.json())["id"]
    got = await client.get(f"/api/action/{connector_id}")
    assert got.status == 200
    assert json.loads(await got.read())["config"] == {"deep": deep}


_JSONISH = st.sampled_from(
    [
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b'"',
        b"a",
        b"\\",
        b"u",
        b"d800",
        b"0",
        b"1",
        b"-",
        b".",
        b"e",
        b"E",
        b"+",
        b" ",
        b"true",
        b"null",
        b"NaN",
        b"\xff",
        b"\xc3\xa9",
        b"\x01",
        b"\xef\xbb\xbf",
        b"18446744073709551617",
        b"1e400",
        b"5.0",
        b'"12":',
        b'"\\u0031":',
        b'"__proto__":',
        b'"__pr\\u006fto__":',
        b'"8.8.0"',
    ]
)


@given(
    st.one_of(
        st.lists(_JSONISH, max_size=12).map(b"".join),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
            ),
            max_leaves=8,
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_loads_reads_as_the_standard_library_reads(raw: bytes) -> None:
    """orjson's reading gives what the standard library's gives, or an error where it errs."""

    def standard(data: bytes) -> Any:
        # The hooked decoder reads every body as JavaScript does (keys in JS order, no
        # __proto__); loads may only take shortcuts that give the same.
        return jsonio._HOOKED.decode(data.decode("utf-8", "replace"))

    try:
        expected: Any = ("value", json.dumps(standard(raw), allow_nan=True))
    except (ValueError, RecursionError):
        expected = "error"
    try:
        got: Any = ("value", json.dumps(jsonio.loads(raw), allow_nan=True))
    except (ValueError, RecursionError):
        got = "error"
    assert got == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # bourne refuses a __proto__ key however it is written.
        (b'{"__pr\\u006fto__": 1}', ValueError),
        (b'{"a": {"__proto__": 1}}', ValueError),
        # Array-index keys first, ascending, as JavaScript keeps them (escaped digits too).
        (b'{"b": 1, "\\u0031": 2, "0": 3}', {"0": 3, "1": 2, "b": 1}),
        (b'{"x": [{"b": 0, "10": 1, "9": 2}]}', {"x": [{"9": 2, "10": 1, "b": 0}]}),
        # A float that is an integer is one; one beyond 64 bits stays exact.
        (b'{"a": 5.0, "b": 18446744073709551617}', {"a": 5, "b": 18446744073709551617}),
        (
            b'{"apiUrl": "https://dev87359.service-now.com"}',
            {"apiUrl": "https://dev87359.service-now.com"},
        ),
    ],
)
def test_loads_reads_keys_and_numbers_as_javascript(raw: bytes, expected: Any) -> None:
    if expected is ValueError:
        with pytest.raises(ValueError, match=r"^__proto__$"):
            jsonio.loads(raw)
        return
    got = jsonio.loads(raw)
    assert list(_walk_keys(got)) == list(_walk_keys(expected))
    assert got == expected


def _walk_keys(value: Any) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_keys(item)
