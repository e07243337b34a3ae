"""The legacy /api/index_patterns mirror of the data views API, with its own body keys."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
IP = "/api/index_patterns"
RUNTIME = {"type": "long", "script": {"source": "emit(1)"}}


@pytest.fixture(params=["8.19.0", "9.4.0"])
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A strict fake of each release line that has data views."""
    return await make_client(line_settings(request.param))


def spec(seq_no: int, runtime: dict[str, Any]) -> dict[str, Any]:
    """The spec of the index pattern `p` (title `t`) after its seq_no-th write."""
    return {
        "id": "p",
        "version": base64.b64encode(f"[{seq_no},1]".encode()).decode(),
        "title": "t",
        "sourceFilters": [],
        "fieldFormats": {},
        "runtimeFieldMap": runtime,
        "fieldAttrs": {},
        "allowNoIndex": False,
        "name": "t",
        "allowHidden": False,
    }


async def test_crud_answers_under_index_pattern(kb: TestClient[Any, Any]) -> None:
    """Create, get and delete answer under `index_pattern`; the data views API sees it."""
    body = {"index_pattern": {"title": "t", "id": "p"}}
    response = await kb.post(f"{IP}/index_pattern", json=body, headers=XSRF)
    assert response.headers["elastic-api-version"] == "2023-10-31"
    expected = {"index_pattern": {**spec(0, {}), "namespaces": ["default"]}}
    await expect_json(response, 200, expected)
    await expect_json(await kb.get(f"{IP}/index_pattern/p"), 200, {"index_pattern": spec(0, {})})
    await expect_json(await kb.get("/api/data_views/data_view/p"), 200, {"data_view": spec(0, {})})
    response = await kb.delete(f"{IP}/index_pattern/p", headers=XSRF)
    assert (response.status, await response.read()) == (200, b"")


async def test_a_data_view_key_is_refused(kb: TestClient[Any, Any]) -> None:
    """The legacy body names `index_pattern`: a `data_view` body is a 400."""
    body = {"data_view": {"title": "t"}}
    response = await kb.post(f"{IP}/index_pattern", json=body, headers=XSRF)
    text = "[request body.index_pattern]: expected a plain object value, but found [undefined] "
    text += "instead."
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_default_uses_index_pattern_id(kb: TestClient[Any, Any]) -> None:
    """The default is `index_pattern_id`, shared with the data views API's."""
    response = await kb.post(f"{IP}/default", json={"index_pattern_id": "p"}, headers=XSRF)
    await expect_json(response, 200, {"acknowledged": True})
    await expect_json(await kb.get(f"{IP}/default"), 200, {"index_pattern_id": "p"})
    await expect_json(await kb.get("/api/data_views/default"), 200, {"data_view_id": "p"})


async def test_runtime_fields_answer_index_pattern_and_field(kb: TestClient[Any, Any]) -> None:
    """A runtime field answers `{index_pattern, field}` with the one field."""
    await kb.post(
        f"{IP}/index_pattern", json={"index_pattern": {"title": "t", "id": "p"}}, headers=XSRF
    )
    body = {"name": "n", "runtimeField": RUNTIME}
    response = await kb.post(f"{IP}/index_pattern/p/runtime_field", json=body, headers=XSRF)
    field = {
        "count": 0,
        "name": "n",
        "type": "number",
        "esTypes": ["long"],
        "scripted": False,
        "searchable": True,
        "aggregatable": True,
        "readFromDocValues": False,
        "shortDotsEnable": False,
        "runtimeField": RUNTIME,
    }
    expected = {"index_pattern": spec(1, {"n": RUNTIME}), "field": field}
    await expect_json(response, 200, expected)
    got = await kb.get(f"{IP}/index_pattern/p/runtime_field/n")
    await expect_json(got, 200, expected)


async def test_7_8_has_no_index_patterns_api(make_client: MakeClient) -> None:
    """The legacy paths are 404s on 7.8 too."""
    kb = await make_client(line_settings("7.8.0"))
    response = await kb.get(f"{IP}/index_pattern/p")
    await expect_json(response, 404, boom(404, "Not Found", "Not Found"))
