"""The Spaces API with security on: who may list, read, create, update and delete spaces.

fakekibana's roles stand for Kibana privileges (reference kibana-saved-objects-spaces.md §3.1):
space.manage is global, held by superusers only; `login` at a space by any role of that space
(`read` holds it everywhere); savedObjectsManagement's copy and share actions by `all`.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import DEFAULT_SPACE, LINES, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SPACES = "/api/spaces/space"
USERS = (
    "elastic:pw:superuser",
    "reader:pw:read",
    "ops:pw:all@ops",
    "viewer:pw:read@ops",
    "nobody:pw:none",
)
OPS = {"id": "ops", "name": "Ops", "disabledFeatures": []}


def as_user(user: str, **extra: str) -> dict[str, str]:
    """Headers with a user's basic credentials (and others)."""
    token = base64.b64encode(f"{user}:pw".encode()).decode()
    return {"Authorization": f"Basic {token}", **extra}


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A secured fake of the release line with the `ops` space created by a superuser."""
    client = await make_client(line_settings(version, users=USERS))
    created = await client.post(
        SPACES, json={"id": "ops", "name": "Ops"}, headers=as_user("elastic", **XSRF)
    )
    assert created.status == 200
    return client


async def test_credentials_are_needed(kb: TestClient[Any, Any]) -> None:
    """Without credentials every Spaces route answers 401."""
    await expect_json(await kb.get(SPACES), 401, boom(401, "Unauthorized", "Unauthorized"))
    response = await kb.post(SPACES, json=OPS, headers=XSRF)
    await expect_json(response, 401, boom(401, "Unauthorized", "Unauthorized"))


@pytest.mark.parametrize(
    ("user", "ids"),
    [
        ("elastic", ["default", "ops"]),
        ("reader", ["default", "ops"]),
        ("ops", ["ops"]),
        ("viewer", ["ops"]),
    ],
)
async def test_each_user_lists_the_spaces_they_may_enter(
    kb: TestClient[Any, Any], user: str, ids: list[str]
) -> None:
    """GET /api/spaces/space lists the spaces the user holds `login` in."""
    listed = await (await kb.get(SPACES, headers=as_user(user))).json()
    assert [space["id"] for space in listed] == ids


async def test_a_user_without_spaces_is_forbidden(kb: TestClient[Any, Any]) -> None:
    """No space to list answers Boom's bare 403."""
    response = await kb.get(SPACES, headers=as_user("nobody"))
    await expect_json(response, 403, boom(403, "Forbidden", "Forbidden"))


async def test_get_checks_the_space_privilege_first(kb: TestClient[Any, Any]) -> None:
    """GET of a space outside the user's is a 403, even for a space that does not exist."""
    await expect_json(await kb.get(f"{SPACES}/ops", headers=as_user("viewer")), 200, OPS)
    for space_id in ("default", "nowhere"):
        response = await kb.get(f"{SPACES}/{space_id}", headers=as_user("ops"))
        message = f"Unauthorized to get {space_id} space"
        await expect_json(response, 403, boom(403, "Forbidden", message))
    response = await kb.get(f"{SPACES}/default", headers=as_user("reader"))
    await expect_json(response, 200, DEFAULT_SPACE)


@pytest.mark.parametrize("user", ["reader", "ops", "viewer", "nobody"])
async def test_only_superusers_manage_spaces(kb: TestClient[Any, Any], user: str) -> None:
    """Create, update and delete need space.manage (global): 403 for everyone else, and
    nothing changes."""
    headers = as_user(user, **XSRF)
    response = await kb.post(SPACES, json={"id": "new", "name": "New"}, headers=headers)
    await expect_json(response, 403, boom(403, "Forbidden", "Unauthorized to create spaces"))
    response = await kb.put(f"{SPACES}/ops", json={"id": "ops", "name": "X"}, headers=headers)
    await expect_json(response, 403, boom(403, "Forbidden", "Unauthorized to update spaces"))
    response = await kb.delete(f"{SPACES}/ops", headers=headers)
    await expect_json(response, 403, boom(403, "Forbidden", "Unauthorized to delete spaces"))
    listed = await (await kb.get(SPACES, headers=as_user("elastic"))).json()
    assert listed == [DEFAULT_SPACE, OPS]


async def test_superusers_manage_spaces(kb: TestClient[Any, Any]) -> None:
    """A superuser updates and deletes the space."""
    headers = as_user("elastic", **XSRF)
    response = await kb.put(f"{SPACES}/ops", json={"id": "ops", "name": "Ops2"}, headers=headers)
    await expect_json(response, 200, {"id": "ops", "name": "Ops2", "disabledFeatures": []})
    assert (await kb.delete(f"{SPACES}/ops", headers=headers)).status == 204


@pytest.mark.parametrize(("user", "ids"), [("ops", ["ops"]), ("viewer", None), ("reader", None)])
async def test_the_copy_purpose_needs_all(
    kb: TestClient[Any, Any], user: str, ids: list[str] | None
) -> None:
    """?purpose=copySavedObjectsIntoSpace lists the spaces the user may write into."""
    response = await kb.get(f"{SPACES}?purpose=copySavedObjectsIntoSpace", headers=as_user(user))
    if ids is None:
        await expect_json(response, 403, boom(403, "Forbidden", "Forbidden"))
    else:
        assert [space["id"] for space in await response.json()] == ids


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_authorized_purposes_are_listed_per_space(
    make_client: MakeClient, version: str
) -> None:
    """?include_authorized_purposes=true adds each space's purposes, in Kibana's order."""
    client = await make_client(line_settings(version, users=USERS))
    await client.post(SPACES, json={"id": "ops", "name": "Ops"}, headers=as_user("elastic", **XSRF))
    query = f"{SPACES}?include_authorized_purposes=true"
    purposes = (
        "any",
        "copySavedObjectsIntoSpace",
        "findSavedObjects",
        "shareSavedObjectsIntoSpace",
    )
    viewer = dict(zip(purposes, (True, False, True, False), strict=True))
    response = await client.get(query, headers=as_user("viewer"))
    await expect_json(response, 200, [{**OPS, "authorizedPurposes": viewer}])
    everything = dict.fromkeys(purposes, True)
    response = await client.get(query, headers=as_user("elastic"))
    expected = [
        {**DEFAULT_SPACE, "authorizedPurposes": everything},
        {**OPS, "authorizedPurposes": everything},
    ]
    await expect_json(response, 200, expected)


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_authorized_purposes_do_nothing_without_security(
    make_client: MakeClient, version: str
) -> None:
    """Without security the flag changes nothing (no authorization is done)."""
    client = await make_client(line_settings(version))
    response = await client.get(f"{SPACES}?include_authorized_purposes=true")
    await expect_json(response, 200, [DEFAULT_SPACE])
