"""Legacy URL aliases and origin conflicts (8.19/9.x): resolve's outcomes, the alias type over
HTTP, _disable_legacy_url_aliases, and import's origin and ambiguous conflicts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_saved_objects import UUID4, dashboard_got, version_of
from tests.test_saved_objects_import import ICONS, post_import

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
DISABLE = "/api/spaces/_disable_legacy_url_aliases"
LINES_8 = ("8.19.0", "9.4.0")


@pytest.fixture(params=LINES_8)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with legacy URL aliases in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


def alias_attributes(source: str, target: str, space: str = "default", **more: Any) -> Any:
    """A dashboard alias's attributes, as the 8.0 conversion writes them (and `purpose`)."""
    return {
        "sourceId": source,
        "targetNamespace": space,
        "targetType": "dashboard",
        "targetId": target,
        "purpose": "savedObjectConversion",
        **more,
    }


async def dashboard(kb: TestClient[Any, Any], so_id: str, at: str = "") -> None:
    """Create a dashboard `{title: "d"}`."""
    body = {"attributes": {"title": "d"}}
    response = await kb.post(f"{at}{SO}/dashboard/{so_id}", json=body, headers=XSRF)
    assert response.status == 200, await response.text()


async def alias(kb: TestClient[Any, Any], source: str, target: str, **more: Any) -> None:
    """Create the alias `default:dashboard:<source>` through the HTTP API, as Kibana allows."""
    body = {"attributes": alias_attributes(source, target, **more)}
    response = await kb.post(
        f"{SO}/legacy-url-alias/default:dashboard:{source}", json=body, headers=XSRF
    )
    assert response.status == 200, await response.text()


async def test_resolve_follows_an_alias_whose_source_is_gone(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An alias to an existing object, with no object of the old id, is an aliasMatch."""
    await dashboard(kb, "new-id")
    await alias(kb, "old-id", "new-id")
    response = await kb.get(f"{SO}/resolve/dashboard/old-id")
    expected = {
        "saved_object": dashboard_got(version, "new-id", 0),
        "outcome": "aliasMatch",
        "alias_target_id": "new-id",
        "alias_purpose": "savedObjectConversion",
    }
    await expect_json(response, 200, expected)


async def test_resolve_reports_a_conflict_when_both_exist(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An object of the old id and the alias's target both in the space: a conflict, with the
    old-id object answered."""
    await dashboard(kb, "new-id")
    await dashboard(kb, "old-id")
    await alias(kb, "old-id", "new-id")
    response = await kb.get(f"{SO}/resolve/dashboard/old-id")
    expected = {
        "saved_object": dashboard_got(version, "old-id", 1),
        "outcome": "conflict",
        "alias_target_id": "new-id",
        "alias_purpose": "savedObjectConversion",
    }
    await expect_json(response, 200, expected)


async def test_a_disabled_alias_is_ignored(kb: TestClient[Any, Any], version: str) -> None:
    """A disabled alias is not followed: the old id alone is a 404, beside it an exactMatch."""
    await dashboard(kb, "new-id")
    await alias(kb, "old-id", "new-id", disabled=True)
    text = "Saved object [dashboard/old-id] not found"
    await expect_json(
        await kb.get(f"{SO}/resolve/dashboard/old-id"), 404, boom(404, "Not Found", text)
    )
    await dashboard(kb, "old-id")
    response = await kb.get(f"{SO}/resolve/dashboard/old-id")
    expected = {"saved_object": dashboard_got(version, "old-id", 2), "outcome": "exactMatch"}
    await expect_json(response, 200, expected)


async def test_an_alias_to_a_missing_target_resolves_nothing(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An alias whose target is not in the space leaves the old id a 404."""
    await alias(kb, "old-id", "gone")
    text = "Saved object [dashboard/old-id] not found"
    await expect_json(
        await kb.get(f"{SO}/resolve/dashboard/old-id"), 404, boom(404, "Not Found", text)
    )


async def test_an_alias_counts_its_resolves_in_the_state(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Each resolve through an enabled alias adds to resolveCounter and sets lastResolved."""
    await dashboard(kb, "new-id")
    await alias(kb, "old-id", "new-id")
    for _ in range(2):
        assert (await kb.get(f"{SO}/resolve/dashboard/old-id")).status == 200
    got = await (await kb.get(f"{SO}/legacy-url-alias/default:dashboard:old-id")).json()
    expected = alias_attributes("old-id", "new-id", resolveCounter=2, lastResolved=NOW)
    assert (got["attributes"], got["version"]) == (expected, version_of(3))


async def test_bulk_resolve_answers_each_outcome(kb: TestClient[Any, Any], version: str) -> None:
    """_bulk_resolve gives each object its own outcome, in request order, errors inline."""
    await dashboard(kb, "new-id")
    await dashboard(kb, "plain")
    await alias(kb, "old-id", "new-id")
    items = [
        {"type": "dashboard", "id": "old-id"},
        {"type": "dashboard", "id": "plain"},
        {"type": "dashboard", "id": "nope"},
        {"type": "wigwag", "id": "x"},
    ]
    response = await kb.post(f"{SO}/_bulk_resolve", json=items, headers=XSRF)
    missing = boom(404, "Not Found", "Saved object [dashboard/nope] not found")
    unsupported = boom(400, "Bad Request", "Unsupported saved object type: 'wigwag': Bad Request")
    expected = {
        "resolved_objects": [
            {
                "saved_object": dashboard_got(version, "new-id", 0),
                "outcome": "aliasMatch",
                "alias_target_id": "new-id",
                "alias_purpose": "savedObjectConversion",
            },
            {"saved_object": dashboard_got(version, "plain", 1), "outcome": "exactMatch"},
            {
                "saved_object": {"type": "dashboard", "id": "nope", "error": missing},
                "outcome": "exactMatch",
            },
            {
                "saved_object": {"type": "wigwag", "id": "x", "error": unsupported},
                "outcome": "exactMatch",
            },
        ]
    }
    await expect_json(response, 200, expected)


async def test_aliases_are_per_space(kb: TestClient[Any, Any], version: str) -> None:
    """An alias of the default space does not resolve the old id in another space."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await dashboard(kb, "new-id", at="/s/other")
    await alias(kb, "old-id", "new-id")
    response = await kb.get(f"/s/other{SO}/resolve/dashboard/old-id")
    text = "Saved object [dashboard/old-id] not found"
    await expect_json(response, 404, boom(404, "Not Found", text))


async def test_the_alias_type_is_served_but_not_exported(
    kb: TestClient[Any, Any], version: str
) -> None:
    """legacy-url-alias is a visible, space-agnostic type (hidden: false) that _export refuses."""
    await alias(kb, "old-id", "new-id")
    response = await kb.get(f"{SO}/legacy-url-alias/default:dashboard:old-id")
    expected = {
        "id": "default:dashboard:old-id",
        "type": "legacy-url-alias",
        "namespaces": [],
        "migrationVersion": {"legacy-url-alias": "8.2.0"},
        "updated_at": NOW,
        "created_at": NOW,
        "version": version_of(0),
        "attributes": alias_attributes("old-id", "new-id"),
        "references": [],
        "managed": False,
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": "8.2.0",
    }
    await expect_json(response, 200, expected)
    body = {"type": "legacy-url-alias"}
    exported = await kb.post(f"{SO}/_export", json=body, headers=XSRF)
    text = "Trying to export non-exportable type(s): legacy-url-alias"
    await expect_json(exported, 400, boom(400, "Bad Request", text))


async def test_7_8_has_no_aliases(make_client: MakeClient) -> None:
    """7.8 knows neither the alias type nor the disable route."""
    kb = await make_client(line_settings("7.8.0"))
    body = {"attributes": alias_attributes("old-id", "new-id")}
    response = await kb.post(
        f"{SO}/legacy-url-alias/default:dashboard:old", json=body, headers=XSRF
    )
    text = "Unsupported saved object type: 'legacy-url-alias': Bad Request"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    body = {"aliases": []}
    response = await kb.post(DISABLE, json=body, headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Not Found"))


# --- POST /api/spaces/_disable_legacy_url_aliases ----------------------------------------------


async def test_disable_turns_an_alias_off(kb: TestClient[Any, Any], version: str) -> None:
    """The route answers 204 with no body, and the alias stops resolving; unknown aliases are
    ignored."""
    await dashboard(kb, "new-id")
    await alias(kb, "old-id", "new-id")
    aliases = [
        {"targetSpace": "default", "targetType": "dashboard", "sourceId": "old-id"},
        {"targetSpace": "nowhere", "targetType": "dashboard", "sourceId": "unknown"},
    ]
    response = await kb.post(DISABLE, json={"aliases": aliases}, headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    text = "Saved object [dashboard/old-id] not found"
    await expect_json(
        await kb.get(f"{SO}/resolve/dashboard/old-id"), 404, boom(404, "Not Found", text)
    )
    got = await (await kb.get(f"{SO}/legacy-url-alias/default:dashboard:old-id")).json()
    assert got["attributes"] == alias_attributes("old-id", "new-id", disabled=True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, "[request body]: expected a plain object value, but found [null] instead."),
        ({}, "[request body.aliases]: expected value of type [array] but got [undefined]"),
        (
            {"aliases": [{"targetSpace": "default", "targetType": "dashboard"}]},
            "[request body.aliases.0.sourceId]: "
            "expected value of type [string] but got [undefined]",
        ),
        (
            {"aliases": [{"targetSpace": 1, "targetType": "dashboard", "sourceId": "a"}]},
            "[request body.aliases.0.targetSpace]: "
            "expected value of type [string] but got [number]",
        ),
        (
            {"aliases": [], "extra": True},
            "[request body.extra]: definition for this key is missing",
        ),
        (
            {"aliases": [{"targetSpace": "a", "targetType": "b", "sourceId": "c"}] * 1001},
            "[request body.aliases]: array size is [1001], but cannot be greater than [1000]",
        ),
    ],
)
async def test_disable_refuses_bad_bodies(
    kb: TestClient[Any, Any], version: str, body: Any, message: str
) -> None:
    """Bodies config-schema refuses are a 400 in its words, and nothing changes."""
    await alias(kb, "old-id", "new-id")
    response = await kb.post(DISABLE, json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    got = await (await kb.get(f"{SO}/legacy-url-alias/default:dashboard:old-id")).json()
    assert (got["attributes"], got["version"]) == (
        alias_attributes("old-id", "new-id"),
        version_of(0),
    )


# --- compatibilityMode: the aliases import writes --------------------------------------------

FINE = '{"type":"dashboard","id":"ok","attributes":{"title":"Fine"},"references":[]}'


async def import_taken_elsewhere(kb: TestClient[Any, Any], query: str) -> Any:
    """Import the dashboard `ok` while another space holds that id, so it gets a new id."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await dashboard(kb, "ok", at="/s/other")
    return await post_import(kb, FINE, query)


async def test_compatibility_mode_writes_an_alias_to_the_new_id(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An object imported under a new id in compatibilityMode leaves an alias from its old
    id, so resolve of the old id is an aliasMatch of purpose savedObjectImport."""
    response = await import_taken_elsewhere(kb, "?compatibilityMode=true")
    body = await response.json()
    new_id = body["successResults"][0]["destinationId"]
    assert (response.status, body["success"], UUID4.fullmatch(new_id) is not None) == (
        200,
        True,
        True,
    )
    got = await (await kb.get(f"{SO}/legacy-url-alias/default:dashboard:ok")).json()
    expected = {
        "sourceId": "ok",
        "targetNamespace": "default",
        "targetType": "dashboard",
        "targetId": new_id,
        "purpose": "savedObjectImport",
    }
    assert got["attributes"] == expected
    resolved = await (await kb.get(f"{SO}/resolve/dashboard/ok")).json()
    assert (resolved["outcome"], resolved["saved_object"]["id"], resolved["alias_purpose"]) == (
        "aliasMatch",
        new_id,
        "savedObjectImport",
    )


async def test_without_compatibility_mode_no_alias_is_written(
    kb: TestClient[Any, Any], version: str
) -> None:
    """The same import without compatibilityMode writes no alias."""
    response = await import_taken_elsewhere(kb, "")
    assert (await response.json())["success"] is True
    text = "Saved object [legacy-url-alias/default:dashboard:ok] not found"
    got = await kb.get(f"{SO}/legacy-url-alias/default:dashboard:ok")
    await expect_json(got, 404, boom(404, "Not Found", text))


async def test_an_existing_alias_is_an_unknown_import_error(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Without overwrite an alias that exists already cannot be written: the object is
    imported, the alias is an `unknown` error with its Boom payload, and success is false."""
    await alias(kb, "ok", "elsewhere")
    response = await import_taken_elsewhere(kb, "?compatibilityMode=true")
    body = await response.json()
    new_id = body["successResults"][0]["destinationId"]
    conflict = "Saved object [legacy-url-alias/default:dashboard:ok] conflict"
    error = {
        "id": "default:dashboard:ok",
        "type": "legacy-url-alias",
        "meta": {"title": f"Legacy URL alias (ok -> {new_id})"},
        "error": {**boom(409, "Conflict", conflict), "type": "unknown"},
        "managed": False,
    }
    result = {
        "type": "dashboard",
        "id": "ok",
        "meta": {"title": "Fine", "icon": ICONS[version][2]},
        "managed": False,
        "destinationId": new_id,
    }
    expected = {
        "successCount": 1,
        "success": False,
        "warnings": [],
        "successResults": [result],
        "errors": [error],
    }
    await expect_json(response, 200, expected)
    got = await (await kb.get(f"{SO}/legacy-url-alias/default:dashboard:ok")).json()
    assert got["attributes"]["targetId"] == "elsewhere"


async def test_copy_in_compatibility_mode_writes_the_alias_in_the_destination(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A copy without new copies but with compatibilityMode leaves, in the destination space,
    an alias from the copied id to the copy's new id."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await dashboard(kb, "src")
    objects = [{"type": "dashboard", "id": "src"}]
    body = {"spaces": ["other"], "objects": objects, "createNewCopies": False}
    response = await kb.post(
        "/api/spaces/_copy_saved_objects", json={**body, "compatibilityMode": True}, headers=XSRF
    )
    copy_id = (await response.json())["other"]["successResults"][0]["destinationId"]
    got = await (await kb.get(f"{SO}/legacy-url-alias/other:dashboard:src")).json()
    expected = {
        "sourceId": "src",
        "targetNamespace": "other",
        "targetType": "dashboard",
        "targetId": copy_id,
        "purpose": "savedObjectImport",
    }
    assert (response.status, got["attributes"]) == (200, expected)
    resolved = await (await kb.get(f"/s/other{SO}/resolve/dashboard/src")).json()
    assert (resolved["outcome"], resolved["alias_target_id"]) == ("aliasMatch", copy_id)
