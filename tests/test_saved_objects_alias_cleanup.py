"""Legacy URL aliases go with what they point into (8.19/9.x): deleted objects, objects taken
out of spaces, and deleted spaces; aliases set up through seeds and the state document; and
creates refused over an enabled alias."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings
from tests.test_saved_objects_aliases import LINES_8, alias_attributes, dashboard

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
DISABLE = "/api/spaces/_disable_legacy_url_aliases"


@pytest.fixture(params=LINES_8)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with legacy URL aliases in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def put_alias(
    kb: TestClient[Any, Any], space: str, so_type: str, source: str, target: str
) -> None:
    """Create the alias `<space>:<type>:<source>` to `target`."""
    attributes = {**alias_attributes(source, target, space), "targetType": so_type}
    path = f"{SO}/legacy-url-alias/{space}:{so_type}:{source}"
    response = await kb.post(path, json={"attributes": attributes}, headers=XSRF)
    assert response.status == 200, await response.text()


async def alias_statuses(kb: TestClient[Any, Any], *ids: str) -> list[int]:
    """The GET status of each alias id."""
    return [(await kb.get(f"{SO}/legacy-url-alias/{so_id}")).status for so_id in ids]


async def test_deleting_an_object_deletes_its_aliases_in_its_spaces(
    kb: TestClient[Any, Any], version: str
) -> None:
    """DELETE of the target removes the aliases into its space; one naming another space stays."""
    await dashboard(kb, "new-id")
    await put_alias(kb, "default", "dashboard", "old-id", "new-id")
    await put_alias(kb, "other", "dashboard", "old-id", "new-id")
    await put_alias(kb, "default", "dashboard", "unrelated", "someone-else")
    await expect_json(await kb.delete(f"{SO}/dashboard/new-id", headers=XSRF), 200, {})
    statuses = await alias_statuses(
        kb, "default:dashboard:old-id", "other:dashboard:old-id", "default:dashboard:unrelated"
    )
    assert statuses == [404, 200, 200]


async def test_bulk_delete_deletes_the_aliases_too(kb: TestClient[Any, Any], version: str) -> None:
    """_bulk_delete removes the aliases of each deleted object."""
    await dashboard(kb, "a")
    await dashboard(kb, "b")
    await put_alias(kb, "default", "dashboard", "old-a", "a")
    await put_alias(kb, "default", "dashboard", "old-b", "b")
    items = [{"type": "dashboard", "id": "a"}]
    response = await kb.post(f"{SO}/_bulk_delete", json=items, headers=XSRF)
    expected = {"statuses": [{"success": True, "id": "a", "type": "dashboard"}]}
    await expect_json(response, 200, expected)
    assert await alias_statuses(kb, "default:dashboard:old-a", "default:dashboard:old-b") == [
        404,
        200,
    ]


async def test_unsharing_deletes_the_aliases_in_the_spaces_left(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An index pattern taken out of a space loses its alias there, keeps the others."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    body = {"attributes": {"title": "logs-*"}, "initialNamespaces": ["default", "other"]}
    await kb.post(f"{SO}/index-pattern/ip1", json=body, headers=XSRF)
    await put_alias(kb, "default", "index-pattern", "old", "ip1")
    await put_alias(kb, "other", "index-pattern", "old", "ip1")
    change = {
        "objects": [{"type": "index-pattern", "id": "ip1"}],
        "spacesToAdd": [],
        "spacesToRemove": ["other"],
    }
    response = await kb.post("/api/spaces/_update_objects_spaces", json=change, headers=XSRF)
    expected = {"objects": [{"id": "ip1", "type": "index-pattern", "spaces": ["default"]}]}
    await expect_json(response, 200, expected)
    statuses = await alias_statuses(kb, "default:index-pattern:old", "other:index-pattern:old")
    assert statuses == [200, 404]


async def test_deleting_a_space_deletes_the_aliases_into_it(
    kb: TestClient[Any, Any], version: str
) -> None:
    """DELETE of a space removes the aliases whose targetNamespace is that space."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await put_alias(kb, "other", "dashboard", "old-id", "new-id")
    await put_alias(kb, "default", "dashboard", "old-id", "new-id")
    response = await kb.delete("/api/spaces/space/other", headers=XSRF)
    assert response.status == 204
    assert await alias_statuses(kb, "other:dashboard:old-id", "default:dashboard:old-id") == [
        404,
        200,
    ]
    text = "Saved object [legacy-url-alias/other:dashboard:old-id] not found"
    got = await kb.get(f"{SO}/legacy-url-alias/other:dashboard:old-id")
    await expect_json(got, 404, boom(404, "Not Found", text))


# --- aliases set up through the control plane -------------------------------------------------


async def test_a_seed_file_can_hold_aliases(kb: TestClient[Any, Any], version: str) -> None:
    """POST /_fakekibana/seed creates legacy-url-alias objects as the API would, and resolve
    follows them."""
    seed = {
        "saved_objects": [
            {"type": "dashboard", "id": "new-id", "attributes": {"title": "d"}},
            {
                "type": "legacy-url-alias",
                "id": "default:dashboard:old-id",
                "attributes": alias_attributes("old-id", "new-id"),
            },
        ]
    }
    response = await kb.post("/_fakekibana/seed", json=seed)
    body = await response.json()
    assert (response.status, [o["namespaces"] for o in body["saved_objects"]]) == (
        200,
        [["default"], []],
    )
    resolved = await (await kb.get(f"{SO}/resolve/dashboard/old-id")).json()
    assert (resolved["outcome"], resolved["saved_object"]["id"]) == ("aliasMatch", "new-id")


async def test_the_state_document_carries_aliases(kb: TestClient[Any, Any], version: str) -> None:
    """An alias written into the state document (here disabled) is read back as it was."""
    await dashboard(kb, "new-id")
    await put_alias(kb, "default", "dashboard", "old-id", "new-id")
    state = await (await kb.get("/_fakekibana/state")).json()
    for item in state["saved_objects"]["objects"]:
        if item["type"] == "legacy-url-alias":
            item["attributes"]["disabled"] = True
    assert (await kb.post("/_fakekibana/reset")).status == 204
    assert (await kb.put("/_fakekibana/state", json=state)).status == 204
    text = "Saved object [dashboard/old-id] not found"
    response = await kb.get(f"{SO}/resolve/dashboard/old-id")
    await expect_json(response, 404, boom(404, "Not Found", text))


# --- creating over an alias -------------------------------------------------------------------


async def test_create_over_an_enabled_alias_conflicts(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An object created with an id an enabled alias of its space holds is a 409, even with
    overwrite (preflightCheckForCreate's aliasConflict)."""
    await put_alias(kb, "default", "dashboard", "old-id", "new-id")
    conflict = boom(409, "Conflict", "Saved object [dashboard/old-id] conflict")
    for query in ("", "?overwrite=true"):
        response = await kb.post(
            f"{SO}/dashboard/old-id{query}", json={"attributes": {"title": "d"}}, headers=XSRF
        )
        await expect_json(response, 409, conflict)
    assert (await kb.get(f"{SO}/dashboard/old-id")).status == 404


async def test_bulk_create_names_the_spaces_with_conflicting_aliases(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A bulk_create item over an alias fails with the spaces of the conflicting aliases, also
    when created in all spaces."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await put_alias(kb, "default", "dashboard", "old-id", "new-id")
    await put_alias(kb, "other", "index-pattern", "ip-old", "ip-new")
    items = [
        {"type": "dashboard", "id": "old-id", "attributes": {"title": "d"}},
        {
            "type": "index-pattern",
            "id": "ip-old",
            "attributes": {"title": "logs-*"},
            "initialNamespaces": ["*"],
        },
    ]
    response = await kb.post(f"{SO}/_bulk_create", json=items, headers=XSRF)

    def failed(so_type: str, so_id: str, space: str) -> Any:
        message = f"Saved object [{so_type}/{so_id}] conflict"
        metadata = {"spacesWithConflictingAliases": [space]}
        error = {**boom(409, "Conflict", message), "metadata": metadata}
        return {"id": so_id, "type": so_type, "error": error}

    expected = {
        "saved_objects": [
            failed("dashboard", "old-id", "default"),
            failed("index-pattern", "ip-old", "other"),
        ]
    }
    await expect_json(response, 200, expected)


# --- sharing sees aliases; odd aliases break nothing ------------------------------------------


async def test_shareable_references_name_the_spaces_with_matching_aliases(
    kb: TestClient[Any, Any], version: str
) -> None:
    """_get_shareable_references lists, sorted, the spaces of enabled aliases from a found
    object's id; disabled ones are left out."""
    await kb.post(f"{SO}/index-pattern/ip1", json={"attributes": {"title": "t"}}, headers=XSRF)
    await put_alias(kb, "zeta", "index-pattern", "ip1", "elsewhere")
    await put_alias(kb, "alpha", "index-pattern", "ip1", "elsewhere")
    await put_alias(kb, "default", "index-pattern", "ip1", "elsewhere")
    body = {
        "aliases": [{"targetSpace": "default", "targetType": "index-pattern", "sourceId": "ip1"}]
    }
    assert (await kb.post(DISABLE, json=body, headers=XSRF)).status == 204
    objects = {"objects": [{"type": "index-pattern", "id": "ip1"}]}
    response = await kb.post("/api/spaces/_get_shareable_references", json=objects, headers=XSRF)
    expected = {
        "objects": [
            {
                "type": "index-pattern",
                "id": "ip1",
                "spaces": ["default"],
                "inboundReferences": [],
                "spacesWithMatchingAliases": ["alpha", "zeta"],
            }
        ]
    }
    await expect_json(response, 200, expected)


async def test_aliases_holding_odd_attributes_break_nothing(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An alias whose attributes are not strings (the API accepts any JSON) names no object:
    resolve, create, delete and sharing go on as without it."""
    odd = {"sourceId": ["x"], "targetNamespace": {}, "targetType": 1, "targetId": ["y"]}
    response = await kb.post(
        f"{SO}/legacy-url-alias/default:dashboard:d1", json={"attributes": odd}, headers=XSRF
    )
    assert response.status == 200
    text = "Saved object [dashboard/d1] not found"
    await expect_json(await kb.get(f"{SO}/resolve/dashboard/d1"), 404, boom(404, "Not Found", text))
    items = [{"type": "index-pattern", "id": "ip1", "attributes": {}, "initialNamespaces": ["*"]}]
    created = await kb.post(f"{SO}/_bulk_create", json=items, headers=XSRF)
    assert created.status == 200
    objects = {"objects": [{"type": "index-pattern", "id": "ip1"}]}
    shared = await kb.post("/api/spaces/_get_shareable_references", json=objects, headers=XSRF)
    assert shared.status == 200
    deleted = await kb.delete(f"{SO}/index-pattern/ip1?force=true", headers=XSRF)
    await expect_json(deleted, 200, {})
