"""The saved objects API per release line: create and get, their shapes, errors and spaces."""

from __future__ import annotations

import base64
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, NOW, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
WARNING_9 = '299 Kibana-9.4.0 "This%20endpoint%20is%20deprecated"'
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
UUID1 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def version_of(seq_no: int) -> str:
    """The `version` of the object written as the index's seq_no-th write."""
    return base64.b64encode(f"[{seq_no},1]".encode()).decode()


def dashboard_created(version: str, so_id: str, seq_no: int = 0, space: str = "default") -> Any:
    """A dashboard `{title: "d"}` as create answers it on the release (§2.4)."""
    if version.startswith("7."):
        return {
            "type": "dashboard",
            "id": so_id,
            "attributes": {"title": "d"},
            "references": [],
            "migrationVersion": {"dashboard": "7.3.0"},
            "updated_at": NOW,
            "version": version_of(seq_no),
        }
    return {
        "type": "dashboard",
        "id": so_id,
        "namespaces": [space],
        "attributes": {"title": "d"},
        "references": [],
        "managed": False,
        "migrationVersion": {"dashboard": "10.4.0"},
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": "10.4.0",
        "updated_at": NOW,
        "created_at": NOW,
        "version": version_of(seq_no),
    }


def dashboard_got(version: str, so_id: str, seq_no: int = 0, space: str = "default") -> Any:
    """The same dashboard as get answers it (§2.4)."""
    if version.startswith("7."):
        return {
            "id": so_id,
            "type": "dashboard",
            "updated_at": NOW,
            "version": version_of(seq_no),
            "attributes": {"title": "d"},
            "references": [],
            "migrationVersion": {"dashboard": "7.3.0"},
        }
    return {
        "id": so_id,
        "type": "dashboard",
        "namespaces": [space],
        "migrationVersion": {"dashboard": "10.4.0"},
        "updated_at": NOW,
        "created_at": NOW,
        "version": version_of(seq_no),
        "attributes": {"title": "d"},
        "references": [],
        "managed": False,
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": "10.4.0",
    }


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def test_create_with_an_id_answers_the_object_and_get_reads_it(
    kb: TestClient[Any, Any], version: str
) -> None:
    """POST /{type}/{id} answers the release's create shape; GET answers its get shape."""
    response = await kb.post(
        f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF
    )
    await expect_json(response, 200, dashboard_created(version, "d1"))
    await expect_json(await kb.get(f"{SO}/dashboard/d1"), 200, dashboard_got(version, "d1"))


async def test_create_without_an_id_generates_one_per_release(
    kb: TestClient[Any, Any], version: str
) -> None:
    """POST /{type} gives the object a UUID v1 (7.8) or v4 (8.x/9.x)."""
    response = await kb.post(f"{SO}/dashboard", json={"attributes": {"title": "d"}}, headers=XSRF)
    body = await response.json()
    pattern = UUID1 if version.startswith("7.") else UUID4
    assert pattern.fullmatch(body["id"]), body["id"]
    await expect_json(response, 200, dashboard_created(version, body["id"]))


async def test_versions_count_every_write(kb: TestClient[Any, Any], version: str) -> None:
    """Each write takes the index's next seq_no: `WzAsMV0=`, then `WzEsMV0=`."""
    for seq_no, so_id in enumerate(("a", "b")):
        response = await kb.post(
            f"{SO}/dashboard/{so_id}", json={"attributes": {"title": "d"}}, headers=XSRF
        )
        await expect_json(response, 200, dashboard_created(version, so_id, seq_no))
    assert version_of(1) == "WzEsMV0="


async def test_config_puts_namespaces_last_on_8_x(make_client: MakeClient) -> None:
    """A single-namespace type answers `namespaces` after `version` (§2.4 config create)."""
    kb = await make_client(line_settings("9.4.0"))
    response = await kb.post(
        f"{SO}/config/9.4.0", json={"attributes": {"buildNum": 1}}, headers=XSRF
    )
    await expect_json(
        response,
        200,
        {
            "type": "config",
            "id": "9.4.0",
            "attributes": {"buildNum": 1},
            "references": [],
            "managed": False,
            "migrationVersion": {"config": "8.0.0"},
            "coreMigrationVersion": "8.8.0",
            "typeMigrationVersion": "8.0.0",
            "updated_at": NOW,
            "created_at": NOW,
            "version": version_of(0),
            "namespaces": ["default"],
        },
    )


async def test_7_8_keeps_an_empty_migration_version_for_types_without_migrations(
    make_client: MakeClient,
) -> None:
    """7.8's config has no migrations: migrationVersion `{}` is still answered."""
    kb = await make_client(line_settings("7.8.0"))
    response = await kb.post(
        f"{SO}/config/7.8.0", json={"attributes": {"buildNum": 1}}, headers=XSRF
    )
    await expect_json(
        response,
        200,
        {
            "type": "config",
            "id": "7.8.0",
            "attributes": {"buildNum": 1},
            "references": [],
            "migrationVersion": {},
            "updated_at": NOW,
            "version": version_of(0),
        },
    )


async def test_a_taken_id_is_a_409_and_overwrite_replaces(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Create over an existing id conflicts unless ?overwrite=true, which writes it again."""
    body = {"attributes": {"title": "d"}}
    await kb.post(f"{SO}/dashboard/d1", json=body, headers=XSRF)
    conflict = boom(409, "Conflict", "Saved object [dashboard/d1] conflict")
    await expect_json(await kb.post(f"{SO}/dashboard/d1", json=body, headers=XSRF), 409, conflict)
    response = await kb.post(f"{SO}/dashboard/d1?overwrite=true", json=body, headers=XSRF)
    await expect_json(response, 200, dashboard_created(version, "d1", 1))


async def test_unknown_and_hidden_types_are_refused(kb: TestClient[Any, Any]) -> None:
    """Create of an unknown or hidden type is a 400; get of either is a 404; nothing is kept."""
    body = {"attributes": {"title": "d"}}
    for so_type in ("wigwag", "action"):
        response = await kb.post(f"{SO}/{so_type}/x", json=body, headers=XSRF)
        text = f"Unsupported saved object type: '{so_type}': Bad Request"
        await expect_json(response, 400, boom(400, "Bad Request", text))
        missing = boom(404, "Not Found", f"Saved object [{so_type}/x] not found")
        await expect_json(await kb.get(f"{SO}/{so_type}/x"), 404, missing)
    state = await (await kb.get("/_fakekibana/state")).json()
    assert "saved_objects" not in state


async def test_bad_bodies_get_config_schema_texts(kb: TestClient[Any, Any], version: str) -> None:
    """A body without attributes, or with a key the release lacks, is a 400 in Kibana's words."""
    response = await kb.post(f"{SO}/dashboard", json={}, headers=XSRF)
    text = "[request body.attributes]: expected value of type [object] but got [undefined]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    body = {"attributes": {"title": "t"}, "initialNamespaces": ["default"]}
    response = await kb.post(f"{SO}/dashboard", json=body, headers=XSRF)
    if version.startswith("7."):
        text = "[request body.initialNamespaces]: definition for this key is missing"
        await expect_json(response, 400, boom(400, "Bad Request", text))
    else:
        assert response.status == 200


async def test_objects_stay_in_their_space(kb: TestClient[Any, Any], version: str) -> None:
    """An object created under /s/ops is found there, not in the default space."""
    body = {"attributes": {"title": "d"}}
    response = await kb.post(f"/s/ops{SO}/dashboard/d1", json=body, headers=XSRF)
    await expect_json(response, 200, dashboard_created(version, "d1", space="ops"))
    missing = boom(404, "Not Found", "Saved object [dashboard/d1] not found")
    await expect_json(await kb.get(f"{SO}/dashboard/d1"), 404, missing)
    got = await kb.get(f"/s/ops{SO}/dashboard/d1")
    await expect_json(got, 200, dashboard_got(version, "d1", space="ops"))


async def test_a_multi_namespace_id_is_unique_across_spaces(make_client: MakeClient) -> None:
    """8.x: a dashboard id taken in one space conflicts in another, even with overwrite."""
    kb = await make_client(line_settings("9.4.0"))
    body = {"attributes": {"title": "d"}}
    await kb.post(f"/s/ops{SO}/dashboard/d1", json=body, headers=XSRF)
    conflict = boom(409, "Conflict", "Saved object [dashboard/d1] conflict")
    response = await kb.post(f"{SO}/dashboard/d1?overwrite=true", json=body, headers=XSRF)
    await expect_json(response, 409, conflict)


async def test_initial_namespaces_place_and_share_objects(make_client: MakeClient) -> None:
    """initialNamespaces: a shareable type goes to several spaces, an isolated one to one."""
    kb = await make_client(line_settings("9.4.0"))
    body = {"attributes": {"title": "p"}, "initialNamespaces": ["a", "b"]}
    response = await kb.post(f"{SO}/index-pattern/p1", json=body, headers=XSRF)
    assert (await response.json())["namespaces"] == ["a", "b"]
    assert (await kb.get(f"/s/b{SO}/index-pattern/p1")).status == 200
    assert (await kb.get(f"{SO}/index-pattern/p1")).status == 404
    body = {"attributes": {"title": "d"}, "initialNamespaces": ["a", "b"]}
    response = await kb.post(f"{SO}/dashboard/d1", json=body, headers=XSRF)
    text = (
        '"initialNamespaces" can only specify a single space when used with space-isolated '
        "types: Bad Request"
    )
    await expect_json(response, 400, boom(400, "Bad Request", text))
    assert (await kb.get(f"/s/a{SO}/dashboard/d1")).status == 404


async def test_the_deprecation_warning_is_sent_from_8_17(
    kb: TestClient[Any, Any], version: str
) -> None:
    """8.19 and 9.x answer with Kibana's deprecation warning, refusals included; 7.8 never."""
    response = await kb.post(
        f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF
    )
    expected = {
        "7.8.0": None,
        "8.19.0": '299 Kibana-8.19.0 "This%20endpoint%20is%20deprecated"',
        "9.4.0": WARNING_9,
    }[version]
    assert response.headers.get("warning") == expected
    missing = await kb.get(f"{SO}/dashboard/nope")
    assert (missing.status, missing.headers.get("warning")) == (404, expected)
    invalid = await kb.post(f"{SO}/dashboard", json={}, headers=XSRF)
    assert (invalid.status, invalid.headers.get("warning")) == (400, expected)
    # A request no route matches is not a deprecated route's.
    unrouted = await kb.get(f"{SO}/a/b/c/d")
    assert (unrouted.status, unrouted.headers.get("warning")) == (404, None)
