"""Spaces and what is stored in them: deletion, reset, the state document, file and journal."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import DEFAULT_SPACE, LINES, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SPACES = "/api/spaces/space"
LOG = {"actionTypeId": ".server-log", "name": "log"}
OPS = {"id": "ops", "name": "Ops", "disabledFeatures": []}


async def create_connector(kb: TestClient[Any, Any], space: str) -> str:
    """A server-log connector in a space (7.8's actions API); its id."""
    response = await kb.post(f"/s/{space}/api/actions/action", json=LOG, headers=XSRF)
    assert response.status == 200
    connector_id: str = (await response.json())["id"]
    return connector_id


def missing(connector_id: str) -> dict[str, Any]:
    """The actions plugin's 404 for a connector not in the space."""
    return boom(404, "Not Found", f"Saved object [action/{connector_id}] not found")


async def test_deleting_a_space_deletes_its_connectors(make_client: MakeClient) -> None:
    """DELETE of a space drops the connectors stored in it, and only those (7.8)."""
    kb = await make_client(line_settings("7.8.0"))
    for space_id in ("ops", "dev"):
        await kb.post(SPACES, json={"id": space_id, "name": space_id}, headers=XSRF)
    doomed = await create_connector(kb, "ops")
    kept = await create_connector(kb, "dev")
    assert (await kb.delete(f"{SPACES}/ops", headers=XSRF)).status == 204
    await expect_json(await kb.get(f"/s/ops/api/actions/action/{doomed}"), 404, missing(doomed))
    assert (await kb.get(f"/s/dev/api/actions/action/{kept}")).status == 200
    # A new space of the same id starts empty.
    await kb.post(SPACES, json={"id": "ops", "name": "ops"}, headers=XSRF)
    await expect_json(await kb.get("/s/ops/api/actions"), 200, [])


async def test_connectors_in_spaces_never_created_are_kept(make_client: MakeClient) -> None:
    """A space that was never created still holds connectors, as Kibana's routes do not check."""
    kb = await make_client(line_settings("7.8.0"))
    connector_id = await create_connector(kb, "adhoc")
    assert (await kb.get(f"/s/adhoc/api/actions/action/{connector_id}")).status == 200
    await expect_json(await kb.get(f"{SPACES}/adhoc"), 404, boom(404, "Not Found", "Not Found"))


@pytest.mark.parametrize("version", LINES)
async def test_reset_brings_back_the_default_space_only(
    make_client: MakeClient, version: str
) -> None:
    """POST /_fakekibana/reset: the created spaces go, the default space comes back as it was;
    a reset of one space empties it but keeps the space."""
    kb = await make_client(line_settings(version))
    await kb.post(SPACES, json={"id": "ops", "name": "Ops"}, headers=XSRF)
    await kb.put(f"{SPACES}/default", json={"id": "default", "name": "Home"}, headers=XSRF)
    assert (await kb.post("/_fakekibana/reset?space=ops")).status == 204
    await expect_json(await kb.get(f"{SPACES}/ops"), 200, OPS)
    assert (await kb.post("/_fakekibana/reset")).status == 204
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


@pytest.mark.parametrize("version", LINES)
async def test_the_state_document_lists_spaces_once_they_change(
    make_client: MakeClient, version: str
) -> None:
    """A fresh Kibana's state has no `spaces`; once there are others, all of them, in order."""
    kb = await make_client(line_settings(version))
    assert "spaces" not in await (await kb.get("/_fakekibana/state")).json()
    await kb.post(SPACES, json={"id": "ops", "name": "Ops"}, headers=XSRF)
    state = await (await kb.get("/_fakekibana/state")).json()
    assert list(state)[-3:] == ["spaces", "clock", "ids"]
    assert state["spaces"] == [
        {
            "id": "default",
            "name": "Default",
            "description": "This is your default space!",
            "color": "#00bfb3",
            "disabledFeatures": [],
            "_reserved": True,
        },
        {"id": "ops", "name": "Ops", "disabledFeatures": []},
    ]


@pytest.mark.parametrize("version", LINES)
async def test_the_state_document_round_trips_spaces(make_client: MakeClient, version: str) -> None:
    """PUT /_fakekibana/state of an export gives another server the same spaces."""
    source = await make_client(line_settings(version))
    body = {"initials": "OP", "id": "ops", "name": "Ops"}
    created = await (await source.post(SPACES, json=body, headers=XSRF)).json()
    exported = await (await source.get("/_fakekibana/state")).json()
    target = await make_client(line_settings(version))
    assert (await target.put("/_fakekibana/state", json=exported)).status == 204
    await expect_json(await target.get(f"{SPACES}/ops"), 200, created)
    assert await (await target.get("/_fakekibana/state")).json() == exported


@pytest.mark.parametrize(
    ("spaces", "message"),
    [
        ({}, "state.spaces: must be an array"),
        ([1], "state.spaces[0]: must be an object"),
        (
            [{"id": "Bad", "name": "x"}],
            "state.spaces[0].id: 'Bad' is not a space id (lower-case letters, digits, _ and -)",
        ),
        ([{"id": "ops"}], "state.spaces[0].name: must be a string"),
        ([{"id": "ops", "name": "x", "owner": 1}], "state.spaces[0]: unknown keys ['owner']"),
        (
            [{"id": "ops", "name": "x"}, {"id": "ops", "name": "y"}],
            "state.spaces[1].id: 'ops' appears twice",
        ),
        ([{"id": "ops", "name": "x"}], "state.spaces: the default space is missing"),
    ],
)
async def test_bad_spaces_in_a_state_are_refused(
    make_client: MakeClient, spaces: Any, message: str
) -> None:
    """A state whose spaces are malformed is a 400 naming the part, and changes nothing."""
    kb = await make_client(line_settings("9.4.0"))
    response = await kb.put("/_fakekibana/state", json={"version": 1, "spaces": spaces})
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


async def test_spaces_survive_a_restart_with_a_state_file(
    make_client: MakeClient, tmp_path: Path
) -> None:
    """--state-file keeps created spaces (and the deletion of their connectors) across starts."""
    path = tmp_path / "state.json"
    first = await make_client(line_settings("7.8.0", state_file=str(path)))
    await first.post(SPACES, json={"id": "ops", "name": "Ops"}, headers=XSRF)
    connector_id = await create_connector(first, "ops")
    assert [space["id"] for space in json.loads(path.read_text())["spaces"]] == ["default", "ops"]
    second = await make_client(line_settings("7.8.0", state_file=str(path)))
    await expect_json(await second.get(f"{SPACES}/ops"), 200, OPS)
    assert (await second.delete(f"{SPACES}/ops", headers=XSRF)).status == 204
    assert json.loads(path.read_text())["connectors"] == []
    third = await make_client(line_settings("7.8.0", state_file=str(path)))
    await expect_json(
        await third.get(f"/s/ops/api/actions/action/{connector_id}"), 404, missing(connector_id)
    )


@pytest.mark.parametrize("version", LINES)
async def test_the_journal_records_spaces_requests(make_client: MakeClient, version: str) -> None:
    """Spaces requests are journaled like every Kibana request, refused ones included."""
    kb = await make_client(line_settings(version))
    await kb.post(SPACES, json={"id": "ops", "name": "Ops"}, headers=XSRF)
    await kb.post(SPACES, json={"id": "ops", "name": "Ops"}, headers=XSRF)
    journal = await (await kb.get(f"/_fakekibana/requests?path={SPACES}")).json()
    assert [(e["method"], e["path"], e["status"]) for e in journal["requests"]] == [
        ("POST", SPACES, 200),
        ("POST", SPACES, 409),
    ]
    assert journal["requests"][0]["body"] == {"id": "ops", "name": "Ops"}
