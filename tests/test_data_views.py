"""The data views API per release: create, get, list, update, delete over index-pattern objects."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
DV = "/api/data_views"
API_VERSION = "2023-10-31"


def version_of(seq_no: int) -> str:
    """The saved object `version` of the index's seq_no-th write."""
    return base64.b64encode(f"[{seq_no},1]".encode()).decode()


def spec(view_id: str, seq_no: int = 0, title: str = "logs-*", **extra: Any) -> dict[str, Any]:
    """The spec of a data view created with only a title (and what `extra` replaces)."""
    body: dict[str, Any] = {
        "id": view_id,
        "version": version_of(seq_no),
        "title": title,
        "sourceFilters": [],
        "fieldFormats": {},
        "runtimeFieldMap": {},
        "fieldAttrs": {},
        "allowNoIndex": False,
        "name": title,
        "allowHidden": False,
    }
    body.update(extra)
    return body


@pytest.fixture(params=["8.19.0", "9.4.0"])
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A strict fake of each release line that has data views."""
    return await make_client(line_settings(request.param))


async def create(kb: TestClient[Any, Any], data_view: dict[str, Any], **body: Any) -> Any:
    """POST /api/data_views/data_view; the answer."""
    return await kb.post(f"{DV}/data_view", json={"data_view": data_view, **body}, headers=XSRF)


async def test_create_answers_the_spec_with_namespaces_and_the_api_version(
    kb: TestClient[Any, Any],
) -> None:
    """Create answers the spec in toSpec's order, `name` = title, `namespaces` last."""
    response = await create(kb, {"title": "logs-*", "id": "v1"})
    assert response.headers["elastic-api-version"] == API_VERSION
    expected = {"data_view": {**spec("v1"), "namespaces": ["default"]}}
    await expect_json(response, 200, expected)
    got = await kb.get(f"{DV}/data_view/v1")
    assert got.headers["elastic-api-version"] == API_VERSION
    await expect_json(got, 200, {"data_view": spec("v1")})


async def test_a_full_spec_round_trips(kb: TestClient[Any, Any]) -> None:
    """Every optional spec key comes back in toSpec's order."""
    sent = {
        "name": "Logs",
        "allowNoIndex": True,
        "runtimeFieldMap": {"r": {"type": "keyword", "script": {"source": "emit('x')"}}},
        "fieldFormats": {"bytes": {"id": "bytes"}},
        "type": "rollup",
        "typeMeta": {"params": {}},
        "sourceFilters": [{"value": "secret*"}],
        "timeFieldName": "@timestamp",
        "title": "logs-*",
        "id": "full",
        "fieldAttrs": {"a": {"customLabel": "A"}},
    }
    response = await create(kb, sent)
    expected = {
        "id": "full",
        "version": version_of(0),
        "title": "logs-*",
        "timeFieldName": "@timestamp",
        "sourceFilters": [{"value": "secret*"}],
        "typeMeta": {"params": {}},
        "type": "rollup",
        "fieldFormats": {"bytes": {"id": "bytes"}},
        "runtimeFieldMap": {"r": {"type": "keyword", "script": {"source": "emit('x')"}}},
        "fieldAttrs": {"a": {"customLabel": "A"}},
        "allowNoIndex": True,
        "name": "Logs",
        "allowHidden": False,
    }
    await expect_json(response, 200, {"data_view": {**expected, "namespaces": ["default"]}})
    await expect_json(await kb.get(f"{DV}/data_view/full"), 200, {"data_view": expected})


async def test_a_data_view_is_an_index_pattern_saved_object(kb: TestClient[Any, Any]) -> None:
    """The saved objects API reads the data view's attributes as Kibana stores them."""
    await create(kb, {"title": "logs-*", "id": "v1", "timeFieldName": "@timestamp"})
    response = await kb.get("/api/saved_objects/index-pattern/v1")
    body = await response.json()
    assert (response.status, body["namespaces"], body["attributes"]) == (
        200,
        ["default"],
        {
            "fieldAttrs": "{}",
            "title": "logs-*",
            "timeFieldName": "@timestamp",
            "sourceFilters": "[]",
            "fieldFormatMap": "{}",
            "runtimeFieldMap": "{}",
            # The route names it after its title (create_data_view.ts @ 2752c390).
            "name": "logs-*",
            "allowHidden": False,
        },
    )
    found = await (await kb.get("/api/saved_objects/_find?type=index-pattern")).json()
    assert [obj["id"] for obj in found["saved_objects"]] == ["v1"]


async def test_list_answers_id_namespaces_title_and_the_set_keys(kb: TestClient[Any, Any]) -> None:
    """GET /api/data_views lists `{id, namespaces, title[, type, typeMeta, name]}`."""
    await create(kb, {"title": "a-*", "id": "a"})
    await create(kb, {"title": "b-*", "id": "b", "name": "B", "type": "rollup"})
    response = await kb.get(DV)
    assert response.headers["elastic-api-version"] == API_VERSION
    expected = [
        {"id": "a", "namespaces": ["default"], "title": "a-*", "name": "a-*"},
        {"id": "b", "namespaces": ["default"], "title": "b-*", "type": "rollup", "name": "B"},
    ]
    await expect_json(response, 200, {"data_view": expected})


async def test_data_views_keep_to_their_space(kb: TestClient[Any, Any]) -> None:
    """A data view created in a space is listed and read there only."""
    await kb.post("/api/spaces/space", json={"id": "s1", "name": "S1"}, headers=XSRF)
    response = await kb.post(
        f"/s/s1{DV}/data_view", json={"data_view": {"title": "x", "id": "x"}}, headers=XSRF
    )
    await expect_json(response, 200, {"data_view": {**spec("x", title="x"), "namespaces": ["s1"]}})
    await expect_json(await kb.get(DV), 200, {"data_view": []})
    missing = boom(404, "Not Found", "Saved object [index-pattern/x] not found")
    await expect_json(await kb.get(f"{DV}/data_view/x"), 404, missing)
    listed = {"id": "x", "namespaces": ["s1"], "title": "x", "name": "x"}
    await expect_json(await kb.get(f"/s/s1{DV}"), 200, {"data_view": [listed]})


async def test_create_refuses_a_duplicate_per_release(
    make_client: MakeClient,
) -> None:
    """9.x refuses a duplicate name, 8.19 a duplicate title, each with its text; nothing is
    written."""
    for version, sent, text in (
        ("9.4.0", {"title": "other", "name": "N"}, "Duplicate data view: N"),
        ("8.19.0", {"title": "t"}, "Duplicate index pattern: t"),
    ):
        kb = await make_client(line_settings(version))
        await create(kb, {"title": "t", "name": "N", "id": "first"})
        await expect_json(await create(kb, sent), 400, boom(400, "Bad Request", text))
        assert [item["id"] for item in (await (await kb.get(DV)).json())["data_view"]] == ["first"]


async def test_override_replaces_the_duplicate(kb: TestClient[Any, Any]) -> None:
    """With `override` the duplicate is deleted (a write of its own) and the new one written."""
    await create(kb, {"title": "t", "id": "first"})
    response = await create(kb, {"title": "t", "id": "second"}, override=True)
    await expect_json(
        response, 200, {"data_view": {**spec("second", 2, "t"), "namespaces": ["default"]}}
    )
    listed = {"id": "second", "namespaces": ["default"], "title": "t", "name": "t"}
    await expect_json(await kb.get(DV), 200, {"data_view": [listed]})


async def test_an_existing_id_is_a_400_conflict(kb: TestClient[Any, Any]) -> None:
    """handle_errors turns the saved objects conflict into a 400 with its text."""
    await create(kb, {"title": "a", "id": "same"})
    response = await create(kb, {"title": "b", "id": "same"})
    text = "Saved object [index-pattern/same] conflict"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_validation_errors_are_kibana_texts(kb: TestClient[Any, Any]) -> None:
    """A body without a title or with a null body is a 400 naming the part."""
    response = await kb.post(f"{DV}/data_view", json={"data_view": {}}, headers=XSRF)
    text = "[request body.data_view.title]: expected value of type [string] but got [undefined]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.post(
        f"{DV}/data_view", json={"data_view": {"title": "t"}, "override": 1}, headers=XSRF
    )
    text = "[request body.override]: expected value of type [boolean] but got [number]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    await expect_json(await kb.get(DV), 200, {"data_view": []})


async def test_update_changes_the_spec_and_the_version(kb: TestClient[Any, Any]) -> None:
    """POST /data_view/{id} applies the changes and answers the new spec."""
    await create(kb, {"title": "t", "id": "v"})
    response = await kb.post(
        f"{DV}/data_view/v",
        json={"data_view": {"timeFieldName": "ts", "name": "Named"}},
        headers=XSRF,
    )
    expected = {
        "id": "v",
        "version": version_of(1),
        "title": "t",
        "timeFieldName": "ts",
        "sourceFilters": [],
        "fieldFormats": {},
        "runtimeFieldMap": {},
        "fieldAttrs": {},
        "allowNoIndex": False,
        "name": "Named",
        "allowHidden": False,
    }
    await expect_json(response, 200, {"data_view": expected})
    await expect_json(await kb.get(f"{DV}/data_view/v"), 200, {"data_view": expected})


async def test_update_and_delete_of_a_missing_view_are_404s(kb: TestClient[Any, Any]) -> None:
    """Update and delete of an unknown id answer the saved object's 404."""
    missing = boom(404, "Not Found", "Saved object [index-pattern/nope] not found")
    response = await kb.post(f"{DV}/data_view/nope", json={"data_view": {}}, headers=XSRF)
    await expect_json(response, 404, missing)
    await expect_json(await kb.delete(f"{DV}/data_view/nope", headers=XSRF), 404, missing)


async def test_delete_answers_an_empty_200(kb: TestClient[Any, Any]) -> None:
    """DELETE answers 200 with no body and the data view is gone."""
    await create(kb, {"title": "t", "id": "v"})
    response = await kb.delete(f"{DV}/data_view/v", headers=XSRF)
    assert (response.status, await response.read()) == (200, b"")
    assert response.headers["elastic-api-version"] == API_VERSION
    missing = boom(404, "Not Found", "Saved object [index-pattern/v] not found")
    await expect_json(await kb.get(f"{DV}/data_view/v"), 404, missing)


async def test_7_8_has_no_data_views_api(make_client: MakeClient) -> None:
    """Every data views path is a 404 on 7.8."""
    kb = await make_client(line_settings("7.8.0"))
    for method, path in (("GET", DV), ("POST", f"{DV}/data_view"), ("GET", f"{DV}/data_view/x")):
        response = await kb.request(method, path, json={}, headers=XSRF)
        await expect_json(response, 404, boom(404, "Not Found", "Not Found"))
