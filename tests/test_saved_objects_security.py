"""Saved objects with security on, per release line: the client's `Unable to <action> <types>`
403s, 8.x/9.x find's empty page and namespace redaction, and refused writes changing nothing.

Roles (saved_objects/authz.py): `superuser` all, `read` reads everywhere, `all@s1` everything
in s1 only, `none` nothing. Texts: reference kibana-saved-objects-spaces.md §3.1 and the
security extension / 7.7 wrapper named in authz.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from fakekibana.core.security import Principal
from fakekibana.saved_objects import authz
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, boom, line_settings
from tests.test_spaces_security import as_user

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
USERS = (
    "elastic:pw:superuser",
    "reader:pw:read",
    "nobody:pw:none",
    "s1all:pw:all@s1",
    "s1read:pw:read@s1",
)
SO = "/api/saved_objects"
DASHBOARD = {"attributes": {"title": "d"}}
ADMIN = as_user("elastic", **XSRF)
EMPTY_PAGE = {"page": 1, "per_page": 20, "total": 0, "saved_objects": []}


def unable(action: str, types: str) -> dict[str, Any]:
    """The saved objects client's refusal."""
    return boom(403, "Forbidden", f"Unable to {action} {types}")


def copy_refused(path: str) -> dict[str, Any]:
    """8.x/9.x's route authz refusal of the copy routes (reference §3.1)."""
    return boom(
        403,
        "Forbidden",
        f"API [POST {path}] is unauthorized for user, this action is granted by the Kibana "
        "privileges [copySavedObjectsToSpaces]",
    )


@pytest.fixture(params=LINES)
async def world(make_client: MakeClient, request: pytest.FixtureRequest) -> dict[str, Any]:
    """A secured fake with a space s1, where the superuser made dashboard `d1` in the default
    space and dashboard `d2` in s1."""
    kb = await make_client(line_settings(request.param, users=USERS))
    space = {"id": "s1", "name": "S1"}
    made = await kb.post("/api/spaces/space", json=space, headers=ADMIN)
    assert made.status == 200, await made.text()
    for prefix, so_id in (("", "d1"), ("/s/s1", "d2")):
        made = await kb.post(f"{prefix}{SO}/dashboard/{so_id}", json=DASHBOARD, headers=ADMIN)
        assert made.status == 200, await made.text()
    return {"kb": kb, "v8": request.param != "7.8.0"}


async def state(kb: TestClient[Any, Any]) -> Any:
    """The whole state document."""
    return await (await kb.get("/_fakekibana/state")).json()


async def test_a_reader_reads_the_same_object_as_the_superuser(world: dict[str, Any]) -> None:
    """`read` gets the dashboard exactly as the superuser does."""
    kb = world["kb"]
    expected = await (await kb.get(f"{SO}/dashboard/d1", headers=ADMIN)).json()
    response = await kb.get(f"{SO}/dashboard/d1", headers=as_user("reader"))
    await expect_json(response, 200, expected)


async def test_a_reader_is_refused_every_write_and_nothing_changes(world: dict[str, Any]) -> None:
    """`read` gets `Unable to <action> dashboard` on create, update, delete and the bulk
    writes; the state is what it was."""
    kb, v8 = world["kb"], world["v8"]
    reader = as_user("reader", **XSRF)
    before = await state(kb)
    writes: list[tuple[str, str, Any, str]] = [
        ("POST", f"{SO}/dashboard/new", DASHBOARD, "create"),
        ("PUT", f"{SO}/dashboard/d1", DASHBOARD, "update"),
        ("DELETE", f"{SO}/dashboard/d1", None, "delete"),
        ("POST", f"{SO}/_bulk_create", [{"type": "dashboard", **DASHBOARD}], "bulk_create"),
        (
            "PUT",
            f"{SO}/_bulk_update",
            [{"type": "dashboard", "id": "d1", **DASHBOARD}],
            "bulk_update",
        ),
    ]
    if v8:
        writes.append(
            ("POST", f"{SO}/_bulk_delete", [{"type": "dashboard", "id": "d1"}], "bulk_delete")
        )
    for method, path, body, action in writes:
        response = await kb.request(method, path, json=body, headers=reader)
        await expect_json(response, 403, unable(action, "dashboard"))
    assert await state(kb) == before


async def test_no_privilege_refuses_reads_with_the_types_sorted(world: dict[str, Any]) -> None:
    """`none` is refused get and bulk_get; bulk_get names each type once, sorted."""
    kb = world["kb"]
    nobody = as_user("nobody", **XSRF)
    response = await kb.get(f"{SO}/dashboard/d1", headers=nobody)
    await expect_json(response, 403, unable("get", "dashboard"))
    items = [
        {"type": "index-pattern", "id": "x"},
        {"type": "dashboard", "id": "d1"},
        {"type": "dashboard", "id": "y"},
    ]
    response = await kb.post(f"{SO}/_bulk_get", json=items, headers=nobody)
    await expect_json(response, 403, unable("bulk_get", "dashboard,index-pattern"))


async def test_find_without_privilege_is_a_403_on_7_8_and_an_empty_page_after(
    world: dict[str, Any],
) -> None:
    """7.8's wrapper refuses the find (403); 8.x/9.x answer an empty page."""
    kb = world["kb"]
    response = await kb.get(f"{SO}/_find?type=dashboard", headers=as_user("nobody"))
    if world["v8"]:
        await expect_json(response, 200, EMPTY_PAGE)
    else:
        await expect_json(response, 403, unable("find", "dashboard"))


async def test_a_space_role_acts_in_its_space_only(world: dict[str, Any]) -> None:
    """`all@s1` reads and writes in s1; in the default space it is refused (find: 7.8's 403,
    8.x/9.x's empty page) and writes nothing."""
    kb = world["kb"]
    user = as_user("s1all", **XSRF)
    response = await kb.get(f"/s/s1{SO}/dashboard/d2", headers=user)
    assert response.status == 200, await response.text()
    response = await kb.put(f"/s/s1{SO}/dashboard/d2", json=DASHBOARD, headers=user)
    assert response.status == 200, await response.text()
    before = await state(kb)
    response = await kb.post(f"{SO}/dashboard/new", json=DASHBOARD, headers=user)
    await expect_json(response, 403, unable("create", "dashboard"))
    response = await kb.get(f"{SO}/dashboard/d1", headers=user)
    await expect_json(response, 403, unable("get", "dashboard"))
    response = await kb.get(f"{SO}/_find?type=dashboard", headers=user)
    if world["v8"]:
        await expect_json(response, 200, EMPTY_PAGE)
    else:
        await expect_json(response, 403, unable("find", "dashboard"))
    assert await state(kb) == before


async def test_an_unsupported_type_keeps_its_own_error_after_7_8(world: dict[str, Any]) -> None:
    """8.x/9.x refuse an unknown type before authorizing (400); 7.8's wrapper authorizes first."""
    kb = world["kb"]
    response = await kb.post(f"{SO}/nope", json=DASHBOARD, headers=as_user("reader", **XSRF))
    if world["v8"]:
        text = "Unsupported saved object type: 'nope': Bad Request"
        await expect_json(response, 400, boom(400, "Bad Request", text))
    else:
        await expect_json(response, 403, unable("create", "nope"))


async def test_export_needs_the_reads(world: dict[str, Any]) -> None:
    """`read` exports; `none` is refused: by objects a bulk_get, by type 7.8's find and the
    8.x/9.x point in time's bare `unauthorized`."""
    kb, v8 = world["kb"], world["v8"]
    by_type = {"type": ["dashboard"], "excludeExportDetails": True}
    response = await kb.post(f"{SO}/_export", json=by_type, headers=as_user("reader", **XSRF))
    assert response.status == 200, await response.text()
    nobody = as_user("nobody", **XSRF)
    response = await kb.post(f"{SO}/_export", json=by_type, headers=nobody)
    expected = boom(403, "Forbidden", "unauthorized") if v8 else unable("find", "dashboard")
    await expect_json(response, 403, expected)
    by_objects = {"objects": [{"type": "dashboard", "id": "d1"}]}
    response = await kb.post(f"{SO}/_export", json=by_objects, headers=nobody)
    await expect_json(response, 403, unable("bulk_get", "dashboard"))


def ndjson_form(lines: str) -> FormData:
    """An import form with one file part."""
    form = FormData()
    form.add_field("file", lines.encode(), filename="export.ndjson")
    return form


async def test_import_needs_bulk_create_in_the_space(world: dict[str, Any]) -> None:
    """`read` is refused an import (`Unable to bulk_create dashboard`) and nothing is
    written; `all@s1` imports into s1."""
    kb = world["kb"]
    line = '{"type":"dashboard","id":"imp","attributes":{"title":"i"},"references":[]}'
    before = await state(kb)
    response = await kb.post(
        f"{SO}/_import", data=ndjson_form(line), headers=as_user("reader", **XSRF)
    )
    await expect_json(response, 403, unable("bulk_create", "dashboard"))
    assert await state(kb) == before
    response = await kb.post(
        f"/s/s1{SO}/_import", data=ndjson_form(line), headers=as_user("s1all", **XSRF)
    )
    body = await response.json()
    assert (response.status, body["success"], body["successCount"]) == (200, True, 1)


async def test_copy_needs_the_route_privilege(world: dict[str, Any]) -> None:
    """`read` is refused both copy routes before validation: 8.x/9.x's authz 403 naming the
    path without the space prefix, 7.8's access tag 404."""
    kb, v8 = world["kb"], world["v8"]
    reader = as_user("reader", **XSRF)
    for path in (
        "/api/spaces/_copy_saved_objects",
        "/api/spaces/_resolve_copy_saved_objects_errors",
    ):
        response = await kb.post(f"/s/s1{path}", json={}, headers=reader)
        if v8:
            await expect_json(response, 403, copy_refused(path))
        else:
            await expect_json(response, 404, boom(404, "Not Found", "Not Found"))


async def test_copy_into_a_space_the_user_may_not_write_fails_there(world: dict[str, Any]) -> None:
    """`all@s1` copying from s1 to the default space gets that space's failure, the client's
    403 as its error, and nothing is written."""
    kb, v8 = world["kb"], world["v8"]
    body: dict[str, Any] = {"spaces": ["default"], "objects": [{"type": "dashboard", "id": "d2"}]}
    if not v8:
        body = {**body, "overwrite": False}
    before = await state(kb)
    response = await kb.post(
        "/s/s1/api/spaces/_copy_saved_objects", json=body, headers=as_user("s1all", **XSRF)
    )
    failure = {"success": False, "successCount": 0, "errors": [unable("bulk_create", "dashboard")]}
    await expect_json(response, 200, {"default": failure})
    assert await state(kb) == before


async def test_sharing_and_redaction(world: dict[str, Any]) -> None:
    """8.x/9.x: sharing needs share_to_space in every space it touches, and a space role sees
    the spaces it may not enter as `?`, sorted last."""
    kb = world["kb"]
    if not world["v8"]:
        pytest.skip("7.8 has no sharing and no namespaces")
    made = await kb.post(
        f"{SO}/index-pattern/ip",
        json={"attributes": {"title": "logs-*"}, "initialNamespaces": ["default", "s1"]},
        headers=ADMIN,
    )
    assert made.status == 200, await made.text()
    user = as_user("s1all", **XSRF)
    response = await kb.get(f"/s/s1{SO}/index-pattern/ip", headers=user)
    body = await response.json()
    assert (response.status, body["namespaces"]) == (200, ["s1", "?"])
    response = await kb.get(f"/s/s1{SO}/_find?type=index-pattern", headers=user)
    body = await response.json()
    assert [o["namespaces"] for o in body["saved_objects"]] == [["s1", "?"]]
    before = await state(kb)
    share = {
        "objects": [{"type": "index-pattern", "id": "ip"}],
        "spacesToAdd": ["s2"],
        "spacesToRemove": [],
    }
    response = await kb.post("/s/s1/api/spaces/_update_objects_spaces", json=share, headers=user)
    await expect_json(response, 403, unable("share_to_space", "index-pattern"))
    reader = as_user("reader", **XSRF)
    response = await kb.post(
        "/api/spaces/_get_shareable_references",
        json={"objects": [{"type": "index-pattern", "id": "ip"}]},
        headers=reader,
    )
    await expect_json(response, 403, unable("share_to_space", "index-pattern"))
    assert await state(kb) == before


async def test_import_checks_the_references_it_reads_first(world: dict[str, Any]) -> None:
    """`none` importing a dashboard that references an index pattern outside the file is
    refused the references' bulk_get before the bulk_create; nothing is written."""
    kb = world["kb"]
    line = (
        '{"type":"dashboard","id":"imp","attributes":{"title":"i"},'
        '"references":[{"type":"index-pattern","id":"gone","name":"p"}]}'
    )
    before = await state(kb)
    response = await kb.post(
        f"{SO}/_import", data=ndjson_form(line), headers=as_user("nobody", **XSRF)
    )
    await expect_json(response, 403, unable("bulk_get", "index-pattern"))
    assert await state(kb) == before


def test_redaction_hides_the_spaces_a_space_role_may_not_enter() -> None:
    """A space role sees other spaces as `?`, sorted after the others (`*` kept); a global
    reader and security off see the list as stored."""
    namespaces = ["c", "b", "*", "a"]
    assert authz.redact(Principal("u", "p", "all@b"), namespaces) == ["*", "b", "?", "?"]
    assert authz.redact(Principal("u", "p", "read"), namespaces) == namespaces
    assert authz.redact(None, namespaces) == namespaces


def test_find_keeps_the_spaces_the_user_may_search() -> None:
    """`*` becomes a space role's own space, other spaces it may not search go, and a user
    without privileges keeps none."""
    assert authz.readable(Principal("u", "p", "read@s1"), ["*", "default", "s1"]) == ["s1"]
    assert authz.readable(Principal("u", "p", "read"), ["*"]) == ["*"]
    assert authz.readable(Principal("u", "p", "none"), ["default"]) == []


async def test_resolve_is_authorized_as_a_bulk_get(world: dict[str, Any]) -> None:
    """8.x/9.x resolve goes through the internal bulk resolve: `Unable to bulk_get <type>`."""
    kb = world["kb"]
    if not world["v8"]:
        pytest.skip("7.8 has no resolve")
    response = await kb.get(f"{SO}/resolve/dashboard/d1", headers=as_user("nobody"))
    await expect_json(response, 403, unable("bulk_get", "dashboard"))
    response = await kb.post(
        f"{SO}/_bulk_resolve",
        json=[{"type": "dashboard", "id": "d1"}],
        headers=as_user("nobody", **XSRF),
    )
    await expect_json(response, 403, unable("bulk_get", "dashboard"))


async def test_a_space_reader_reads_in_its_space_only(world: dict[str, Any]) -> None:
    """`read@s1` gets in s1 but may not write there, nor read in the default space."""
    kb = world["kb"]
    user = as_user("s1read", **XSRF)
    expected = await (await kb.get(f"/s/s1{SO}/dashboard/d2", headers=ADMIN)).json()
    response = await kb.get(f"/s/s1{SO}/dashboard/d2", headers=user)
    await expect_json(response, 200, expected)
    before = await state(kb)
    response = await kb.post(f"/s/s1{SO}/dashboard/new", json=DASHBOARD, headers=user)
    await expect_json(response, 403, unable("create", "dashboard"))
    response = await kb.get(f"{SO}/dashboard/d1", headers=user)
    await expect_json(response, 403, unable("get", "dashboard"))
    assert await state(kb) == before


async def test_a_bulk_item_is_checked_in_its_own_spaces(world: dict[str, Any]) -> None:
    """8.x/9.x: only the type whose item names a space the user may not read is refused."""
    kb = world["kb"]
    if not world["v8"]:
        pytest.skip("7.8's bulk_get has no per-item namespaces")
    items = [
        {"type": "dashboard", "id": "d2"},
        {"type": "index-pattern", "id": "x", "namespaces": ["default"]},
    ]
    response = await kb.post(f"/s/s1{SO}/_bulk_get", json=items, headers=as_user("s1all", **XSRF))
    await expect_json(response, 403, unable("bulk_get", "index-pattern"))


async def test_a_bulk_update_into_every_space_keeps_its_item_error(world: dict[str, Any]) -> None:
    """8.x/9.x: an item with namespace `*` is its own 400 before anything is authorized, so a
    space role gets that item error, not a 403."""
    kb = world["kb"]
    if not world["v8"]:
        pytest.skip("7.8's bulk_update has no per-item namespace")
    items = [{"type": "index-pattern", "id": "x", "namespace": "*", "attributes": {}}]
    response = await kb.put(f"/s/s1{SO}/_bulk_update", json=items, headers=as_user("s1all", **XSRF))
    error = boom(400, "Bad Request", '"namespace" cannot be "*": Bad Request')
    expected = {"saved_objects": [{"id": "x", "type": "index-pattern", "error": error}]}
    await expect_json(response, 200, expected)
