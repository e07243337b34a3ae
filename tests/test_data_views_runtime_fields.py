"""A data view's runtime fields per release: create, replace, read, update and delete."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
VIEW = "/api/data_views/data_view/v"
RUNTIME = {"type": "keyword", "script": {"source": "emit('x')"}}


@pytest.fixture(params=["8.19.0", "9.4.0"])
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A strict fake of each release line with the data view `v` (title `t`)."""
    client = await make_client(line_settings(request.param))
    body = {"data_view": {"title": "t", "id": "v"}}
    await client.post("/api/data_views/data_view", json=body, headers=XSRF)
    return client


def view(seq_no: int, runtime: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The spec of `v` after its seq_no-th write, with that runtimeFieldMap."""
    body: dict[str, Any] = {
        "id": "v",
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
    body.update(extra)
    return body


def field(name: str, runtime: dict[str, Any], kbn_type: str = "string", **extra: Any) -> Any:
    """A runtime field's spec (DataViewField.toSpec)."""
    body: dict[str, Any] = {
        "count": 0,
        "name": name,
        "type": kbn_type,
        "esTypes": [runtime["type"]],
        "scripted": False,
        "searchable": True,
        "aggregatable": True,
        "readFromDocValues": False,
        **extra,
        "shortDotsEnable": False,
        "runtimeField": runtime,
    }
    return body


async def test_create_answers_the_fields_then_the_data_view(kb: TestClient[Any, Any]) -> None:
    """POST …/runtime_field answers `{fields, data_view}` and GET reads the same field."""
    body = {"name": "r", "runtimeField": RUNTIME}
    response = await kb.post(f"{VIEW}/runtime_field", json=body, headers=XSRF)
    assert response.headers["elastic-api-version"] == "2023-10-31"
    expected = {"fields": [field("r", RUNTIME)], "data_view": view(1, {"r": RUNTIME})}
    await expect_json(response, 200, expected)
    await expect_json(await kb.get(f"{VIEW}/runtime_field/r"), 200, expected)


async def test_an_existing_name_is_a_400(kb: TestClient[Any, Any]) -> None:
    """Creating a field a second time is refused with Kibana's text; nothing changes."""
    body = {"name": "r", "runtimeField": RUNTIME}
    await kb.post(f"{VIEW}/runtime_field", json=body, headers=XSRF)
    other = {"name": "r", "runtimeField": {"type": "long"}}
    response = await kb.post(f"{VIEW}/runtime_field", json=other, headers=XSRF)
    text = "Field [name = r] already exists."
    await expect_json(response, 400, boom(400, "Bad Request", text))
    got = await (await kb.get(VIEW)).json()
    assert got["data_view"]["runtimeFieldMap"] == {"r": RUNTIME}


async def test_put_replaces_and_labels_go_to_field_attrs(kb: TestClient[Any, Any]) -> None:
    """PUT replaces the field; its label and popularity are kept in fieldAttrs."""
    await kb.post(f"{VIEW}/runtime_field", json={"name": "r", "runtimeField": RUNTIME})
    sent = {"type": "long", "customLabel": "R", "popularity": 3}
    response = await kb.put(
        f"{VIEW}/runtime_field", json={"name": "r", "runtimeField": sent}, headers=XSRF
    )
    stored = {"type": "long"}
    attrs = {"r": {"customLabel": "R", "count": 3}}
    expected = {
        "fields": [field("r", stored, "number", customLabel="R") | {"count": 3}],
        "data_view": view(1, {"r": stored}, fieldAttrs=attrs),
    }
    await expect_json(response, 200, expected)


async def test_update_lays_changes_over_the_field(kb: TestClient[Any, Any]) -> None:
    """POST …/runtime_field/{name} keeps what the change leaves out."""
    await kb.post(
        f"{VIEW}/runtime_field", json={"name": "r", "runtimeField": RUNTIME}, headers=XSRF
    )
    change = {"runtimeField": {"script": {"source": "emit('y')"}}}
    response = await kb.post(f"{VIEW}/runtime_field/r", json=change, headers=XSRF)
    stored = {"type": "keyword", "script": {"source": "emit('y')"}}
    expected = {"fields": [field("r", stored)], "data_view": view(2, {"r": stored})}
    await expect_json(response, 200, expected)


async def test_delete_and_missing_fields(kb: TestClient[Any, Any]) -> None:
    """DELETE answers an empty 200; a missing field is then a 404 for get, update, delete."""
    await kb.post(
        f"{VIEW}/runtime_field", json={"name": "r", "runtimeField": RUNTIME}, headers=XSRF
    )
    response = await kb.delete(f"{VIEW}/runtime_field/r", headers=XSRF)
    assert (response.status, await response.read()) == (200, b"")
    missing = boom(404, "Not Found", "Field [index_pattern = v, field = r] not found.")
    await expect_json(await kb.get(f"{VIEW}/runtime_field/r"), 404, missing)
    change = {"runtimeField": {"type": "long"}}
    response = await kb.post(f"{VIEW}/runtime_field/r", json=change, headers=XSRF)
    await expect_json(response, 404, missing)
    await expect_json(await kb.delete(f"{VIEW}/runtime_field/r", headers=XSRF), 404, missing)
    await expect_json(await kb.get(VIEW), 200, {"data_view": view(2, {})})


async def test_an_unknown_data_view_or_type_is_refused(kb: TestClient[Any, Any]) -> None:
    """A missing data view is its 404; an unknown runtime type a 400; neither writes."""
    body = {"name": "r", "runtimeField": RUNTIME}
    response = await kb.post(
        "/api/data_views/data_view/nope/runtime_field", json=body, headers=XSRF
    )
    missing = boom(404, "Not Found", "Saved object [index-pattern/nope] not found")
    await expect_json(response, 404, missing)
    bad = {"name": "r", "runtimeField": {"type": "text"}}
    response = await kb.post(f"{VIEW}/runtime_field", json=bad, headers=XSRF)
    assert response.status == 400
    await expect_json(await kb.get(VIEW), 200, {"data_view": view(0, {})})


async def test_a_composite_field_answers_its_subfields(kb: TestClient[Any, Any]) -> None:
    """A composite runtime field makes one field per subfield, `<name>.<sub>`."""
    composite = {
        "type": "composite",
        "script": {"source": "emit(['a': 1])"},
        "fields": {"a": {"type": "long"}},
    }
    body = {"name": "c", "runtimeField": composite}
    response = await kb.post(f"{VIEW}/runtime_field", json=body, headers=XSRF)
    sub = field("c.a", {"type": "long"}, "number") | {"runtimeField": composite}
    expected = {"fields": [sub], "data_view": view(1, {"c": composite})}
    await expect_json(response, 200, expected)


async def test_odd_objects_written_through_saved_objects_never_fail(
    kb: TestClient[Any, Any],
) -> None:
    """An index-pattern whose attributes Kibana would never write reads with defaults."""
    odd = {
        "title": 5,
        "runtimeFieldMap": '{"r": {}, "c": {"type": "composite", "fields": 3}}',
        "fieldAttrs": "not json",
        "sourceFilters": "{}",
    }
    response = await kb.post(
        "/api/saved_objects/index-pattern/odd", json={"attributes": odd}, headers=XSRF
    )
    assert response.status == 200
    runtime = {"r": {}, "c": {"type": "composite", "fields": 3}}
    got = await kb.get("/api/data_views/data_view/odd/runtime_field/r")
    unknown = field("r", {"type": "unknown"}, "unknown") | {"runtimeField": {}}
    expected = view(1, runtime, id="odd", title="", name="")
    await expect_json(got, 200, {"fields": [unknown], "data_view": expected})
    got = await kb.get("/api/data_views/data_view/odd/runtime_field/c")
    await expect_json(got, 200, {"fields": [], "data_view": expected})
    listed = await kb.get("/api/data_views")
    assert listed.status == 200
