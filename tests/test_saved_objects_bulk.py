"""The saved objects bulk routes per release line: each item succeeds or fails on its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, NOW, boom, line_settings
from tests.test_saved_objects import dashboard_created, dashboard_got, version_of

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
UNSUPPORTED = boom(400, "Bad Request", "Unsupported saved object type: 'wigwag': Bad Request")


def not_found(so_type: str, so_id: str) -> dict[str, Any]:
    """The 404 payload inside a bulk answer."""
    return boom(404, "Not Found", f"Saved object [{so_type}/{so_id}] not found")


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def test_bulk_create_answers_each_item(kb: TestClient[Any, Any], version: str) -> None:
    """A new object, a conflict and an unknown type, in request order, per release."""
    await kb.post(f"{SO}/dashboard/taken", json={"attributes": {"title": "d"}}, headers=XSRF)
    items = [
        {"type": "dashboard", "id": "d1", "attributes": {"title": "d"}},
        {"type": "dashboard", "id": "taken", "attributes": {"title": "d"}},
        {"type": "wigwag", "id": "w", "attributes": {}},
    ]
    response = await kb.post(f"{SO}/_bulk_create", json=items, headers=XSRF)
    if version.startswith("7."):
        created: dict[str, Any] = {
            "id": "d1",
            "type": "dashboard",
            "updated_at": NOW,
            "version": version_of(1),
            "attributes": {"title": "d"},
            "references": [],
        }
        conflict = {"statusCode": 409, "message": "version conflict, document already exists"}
    else:
        created = dashboard_created(version, "d1", 1)
        conflict = boom(409, "Conflict", "Saved object [dashboard/taken] conflict")
    expected = [
        created,
        {"id": "taken", "type": "dashboard", "error": conflict},
        {"id": "w", "type": "wigwag", "error": UNSUPPORTED},
    ]
    await expect_json(response, 200, {"saved_objects": expected})


async def test_bulk_create_overwrites_with_the_query_flag(kb: TestClient[Any, Any]) -> None:
    """?overwrite=true replaces an existing object instead of failing it."""
    await kb.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "old"}}, headers=XSRF)
    items = [{"type": "dashboard", "id": "d1", "attributes": {"title": "new"}}]
    response = await kb.post(f"{SO}/_bulk_create?overwrite=true", json=items, headers=XSRF)
    assert (await response.json())["saved_objects"][0]["attributes"] == {"title": "new"}


async def test_bulk_get_keeps_order_on_8_x_and_puts_unsupported_last_on_7_8(
    kb: TestClient[Any, Any], version: str
) -> None:
    """bulk_get: found, missing and unknown-type items, per release's order and error shape."""
    await kb.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    items = [
        {"type": "wigwag", "id": "w"},
        {"type": "dashboard", "id": "d1"},
        {"type": "dashboard", "id": "nope"},
    ]
    response = await kb.post(f"{SO}/_bulk_get", json=items, headers=XSRF)
    unsupported = {"id": "w", "type": "wigwag", "error": UNSUPPORTED}
    if version.startswith("7."):
        missing = {
            "id": "nope",
            "type": "dashboard",
            "error": {"statusCode": 404, "message": "Not found"},
        }
        expected = [dashboard_got(version, "d1"), missing, unsupported]
    else:
        missing = {"id": "nope", "type": "dashboard", "error": not_found("dashboard", "nope")}
        expected = [unsupported, dashboard_got(version, "d1"), missing]
    await expect_json(response, 200, {"saved_objects": expected})


async def test_bulk_get_fields_trim_the_attributes(kb: TestClient[Any, Any]) -> None:
    """`fields` keeps only the named attributes."""
    body = {"attributes": {"title": "d", "description": "x"}}
    await kb.post(f"{SO}/dashboard/d1", json=body, headers=XSRF)
    items = [{"type": "dashboard", "id": "d1", "fields": ["description"]}]
    response = await kb.post(f"{SO}/_bulk_get", json=items, headers=XSRF)
    assert (await response.json())["saved_objects"][0]["attributes"] == {"description": "x"}


async def test_bulk_update_answers_each_item(kb: TestClient[Any, Any], version: str) -> None:
    """Updated, missing and stale items; a stale one leaves its object as it was."""
    await kb.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    await kb.post(f"{SO}/dashboard/d2", json={"attributes": {"title": "d"}}, headers=XSRF)
    items = [
        {"type": "dashboard", "id": "d1", "attributes": {"title": "e"}},
        {"type": "dashboard", "id": "nope", "attributes": {}},
        {"type": "dashboard", "id": "d2", "attributes": {"title": "e"}, "version": version_of(9)},
    ]
    response = await kb.put(f"{SO}/_bulk_update", json=items, headers=XSRF)
    updated: dict[str, Any] = {"id": "d1", "type": "dashboard"}
    if version.startswith("7."):
        stale = {
            "id": "d2",
            "type": "dashboard",
            "error": {"statusCode": 409, "message": "version conflict, document already exists"},
        }
    else:
        updated["namespaces"] = ["default"]
        conflict = boom(409, "Conflict", "Saved object [dashboard/d2] conflict")
        stale = {"type": "dashboard", "id": "d2", "error": conflict}
    updated.update(updated_at=NOW, version=version_of(2), attributes={"title": "e"})
    missing = {"id": "nope", "type": "dashboard", "error": not_found("dashboard", "nope")}
    await expect_json(response, 200, {"saved_objects": [updated, missing, stale]})
    await expect_json(await kb.get(f"{SO}/dashboard/d2"), 200, dashboard_got(version, "d2", 1))


async def test_a_bad_version_refuses_the_whole_bulk_update(kb: TestClient[Any, Any]) -> None:
    """An undecodable version is a 400 for the request; no item is written."""
    await kb.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    items = [
        {"type": "dashboard", "id": "d1", "attributes": {"title": "e"}},
        {"type": "dashboard", "id": "d1", "attributes": {}, "version": "x"},
    ]
    response = await kb.put(f"{SO}/_bulk_update", json=items, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", "Invalid version [x]"))
    got = await (await kb.get(f"{SO}/dashboard/d1")).json()
    assert got["attributes"] == {"title": "d"}


async def test_bulk_resolve_and_bulk_delete_exist_from_8_x(
    kb: TestClient[Any, Any], version: str
) -> None:
    """8.x/9.x answer both; on 7.8 their paths are a create of an unknown type's body."""
    await kb.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    items = [{"type": "dashboard", "id": "d1"}, {"type": "dashboard", "id": "nope"}]
    resolved = await kb.post(f"{SO}/_bulk_resolve", json=items, headers=XSRF)
    if version.startswith("7."):
        text = "[request body]: expected a plain object value, but found [Array] instead."
        await expect_json(resolved, 400, boom(400, "Bad Request", text))
        return
    failed = {"type": "dashboard", "id": "nope", "error": not_found("dashboard", "nope")}
    await expect_json(
        resolved,
        200,
        {
            "resolved_objects": [
                {"saved_object": dashboard_got(version, "d1"), "outcome": "exactMatch"},
                {"saved_object": failed, "outcome": "exactMatch"},
            ]
        },
    )
    items.append({"type": "wigwag", "id": "w"})
    deleted = await kb.post(f"{SO}/_bulk_delete", json=items, headers=XSRF)
    await expect_json(
        deleted,
        200,
        {
            "statuses": [
                {"success": True, "id": "d1", "type": "dashboard"},
                {
                    "id": "nope",
                    "type": "dashboard",
                    "error": not_found("dashboard", "nope"),
                    "success": False,
                },
                {"id": "w", "type": "wigwag", "error": UNSUPPORTED, "success": False},
            ]
        },
    )
    assert (await kb.get(f"{SO}/dashboard/d1")).status == 404


async def test_bulk_delete_keeps_shared_objects_without_force(make_client: MakeClient) -> None:
    """A shared object fails with the force text, and is deleted with ?force=true."""
    kb = await make_client(line_settings("9.4.0"))
    body = {"attributes": {"title": "p"}, "initialNamespaces": ["*"]}
    await kb.post(f"{SO}/index-pattern/p1", json=body, headers=XSRF)
    items = [{"type": "index-pattern", "id": "p1"}]
    text = (
        "Unable to delete saved object that exists in multiple namespaces, use the `force` "
        "option to delete it anyway: Bad Request"
    )
    failed = {
        "success": False,
        "id": "p1",
        "type": "index-pattern",
        "error": boom(400, "Bad Request", text),
    }
    response = await kb.post(f"{SO}/_bulk_delete", json=items, headers=XSRF)
    await expect_json(response, 200, {"statuses": [failed]})
    response = await kb.post(f"{SO}/_bulk_delete?force=true", json=items, headers=XSRF)
    await expect_json(
        response, 200, {"statuses": [{"success": True, "id": "p1", "type": "index-pattern"}]}
    )


async def test_bulk_bodies_must_be_arrays_of_items(kb: TestClient[Any, Any]) -> None:
    """A non-array body or an item without `type` is a config-schema 400."""
    response = await kb.post(f"{SO}/_bulk_get", json={"type": "dashboard"}, headers=XSRF)
    text = "[request body]: expected value of type [array] but got [Object]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.post(f"{SO}/_bulk_get", json=[{"id": "x"}], headers=XSRF)
    text = "[request body.0.type]: expected value of type [string] but got [undefined]"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_8_x_bulk_items_may_name_other_spaces(make_client: MakeClient) -> None:
    """bulk_get `namespaces` and bulk_update `namespace` reach an object in another space."""
    kb = await make_client(line_settings("9.4.0"))
    await kb.post(f"/s/ops{SO}/dashboard/o1", json={"attributes": {"title": "o"}}, headers=XSRF)
    items = [{"type": "dashboard", "id": "o1", "namespaces": ["ops"]}]
    response = await kb.post(f"{SO}/_bulk_get", json=items, headers=XSRF)
    assert (await response.json())["saved_objects"][0]["namespaces"] == ["ops"]
    items = [{"type": "dashboard", "id": "o1", "attributes": {"title": "p"}, "namespace": "ops"}]
    response = await kb.put(f"{SO}/_bulk_update", json=items, headers=XSRF)
    expected = {
        "id": "o1",
        "type": "dashboard",
        "namespaces": ["ops"],
        "updated_at": NOW,
        "version": version_of(1),
        "attributes": {"title": "p"},
    }
    await expect_json(response, 200, {"saved_objects": [expected]})
    got = await (await kb.get(f"/s/ops{SO}/dashboard/o1")).json()
    assert got["attributes"] == {"title": "p"}
