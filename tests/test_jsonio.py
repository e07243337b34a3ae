"""JSON in and out as Kibana's JavaScript does it, including what orjson refuses."""

from __future__ import annotations

import json
from typing import Any

from aiohttp.test_utils import TestClient

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
