"""The default data view per release: the space's `defaultIndex`, kept in its config object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
DEFAULT = "/api/data_views/default"


@pytest.fixture(params=["8.19.0", "9.4.0"])
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A strict fake of each release line that has data views."""
    return await make_client(line_settings(request.param))


async def set_default(kb: TestClient[Any, Any], body: dict[str, Any], space: str = "") -> Any:
    """POST /api/data_views/default; the answer."""
    return await kb.post(f"{space}{DEFAULT}", json=body, headers=XSRF)


async def test_none_is_set_at_first(kb: TestClient[Any, Any]) -> None:
    """A fresh space answers an empty id with the API version header."""
    response = await kb.get(DEFAULT)
    assert response.headers["elastic-api-version"] == "2023-10-31"
    await expect_json(response, 200, {"data_view_id": ""})


async def test_set_then_get(kb: TestClient[Any, Any]) -> None:
    """Any id is stored when no default exists, and read back."""
    await expect_json(await set_default(kb, {"data_view_id": "abc"}), 200, {"acknowledged": True})
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": "abc"})


async def test_without_force_an_existing_default_is_kept(kb: TestClient[Any, Any]) -> None:
    """Without `force` the first default stays (still acknowledged); `force` replaces it."""
    await set_default(kb, {"data_view_id": "first"})
    response = await set_default(kb, {"data_view_id": "second"})
    await expect_json(response, 200, {"acknowledged": True})
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": "first"})
    await set_default(kb, {"data_view_id": "second", "force": True})
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": "second"})


async def test_force_with_null_clears_it(kb: TestClient[Any, Any]) -> None:
    """`data_view_id: null` with `force` clears the default."""
    await set_default(kb, {"data_view_id": "first"})
    await set_default(kb, {"data_view_id": None, "force": True})
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": ""})


async def test_the_default_is_per_space_in_its_config_object(
    kb: TestClient[Any, Any], request: pytest.FixtureRequest
) -> None:
    """Each space has its own default, the `defaultIndex` of its config object."""
    await kb.post("/api/spaces/space", json={"id": "s1", "name": "S1"}, headers=XSRF)
    await set_default(kb, {"data_view_id": "in-s1"}, "/s/s1")
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": ""})
    await expect_json(await kb.get(f"/s/s1{DEFAULT}"), 200, {"data_view_id": "in-s1"})
    version = request.node.callspec.params["kb"]
    config = await kb.get(f"/s/s1/api/saved_objects/config/{version}")
    body = await config.json()
    assert (config.status, body["attributes"]) == (200, {"defaultIndex": "in-s1"})


async def test_a_missing_id_is_null(kb: TestClient[Any, Any]) -> None:
    """schema.nullable defaults the id to null: with `force` the default is cleared."""
    await set_default(kb, {"data_view_id": "first"})
    await expect_json(await set_default(kb, {"force": True}), 200, {"acknowledged": True})
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": ""})


async def test_a_bad_body_is_a_400_and_changes_nothing(kb: TestClient[Any, Any]) -> None:
    """A non-boolean `force` is refused with config-schema's text."""
    response = await set_default(kb, {"data_view_id": "x", "force": "yes"})
    text = "[request body.force]: expected value of type [boolean] but got [string]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    await expect_json(await kb.get(DEFAULT), 200, {"data_view_id": ""})
