"""Kibana 7.8's case configuration, the connectors a case can use, and the 7.x push: the
client runs the connector's pushToService, then records the push on the case (§7.1)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import SEED_JIRA, SEED_SERVICENOW, XSRF, create_connector, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_cases_v7 import (
    CASES,
    NULL_USER,
    STORED_USER,
    MakeClient,
    actions_of,
    case_answer,
    create,
)

CONFIGURE = f"{CASES}/configure"
CONFIGURE_TYPE = (
    '{ connector_id: string, connector_name: string, closure_type: ("close-by-user" | '
    '"close-by-pushing") }'
)
PUSH_TYPE = (
    "{ connector_id: string, connector_name: string, external_id: string, external_title: "
    "string, external_url: string }"
)
PUSHER = {"username": None, "full_name": None, "email": None}
SN_URL = SEED_SERVICENOW["config"]["apiUrl"]


@pytest.fixture
async def kb(make_client: MakeClient) -> TestClient[Any, Any]:
    """A strict 7.8 fake with a fixed clock."""
    return await make_client(line_settings("7.8.0"))


async def servicenow(kb: TestClient[Any, Any]) -> dict[str, Any]:
    """The seed page's .servicenow connector, created through POST /api/action."""
    seed = SEED_SERVICENOW
    return await create_connector(
        kb, ".servicenow", seed["config"], seed["secrets"], name=seed["name"]
    )


async def configure(kb: TestClient[Any, Any], connector: dict[str, Any], closure: str) -> Any:
    """POST /api/cases/configure with this connector; the answer."""
    body = {
        "connector_id": connector["id"],
        "connector_name": connector["name"],
        "closure_type": closure,
    }
    response = await kb.post(CONFIGURE, json=body, headers=XSRF)
    answer = await response.json()
    assert response.status == 200, answer
    return answer


async def test_configuration_post_patch_get(kb: TestClient[Any, Any]) -> None:
    """GET answers {} before any POST; POST answers the body, the bookkeeping and version;
    PATCH by version answers code order, a later GET the stored order (§3.1, §6.2)."""
    await expect_json(await kb.get(CONFIGURE), 200, {})
    body = {"connector_id": "c1", "connector_name": "sn", "closure_type": "close-by-user"}
    posted = {
        **body,
        "created_at": NOW,
        "created_by": NULL_USER,
        "updated_at": None,
        "updated_by": None,
        "version": "WzAsMV0=",
    }
    await expect_json(await kb.post(CONFIGURE, json=body, headers=XSRF), 200, posted)
    await expect_json(await kb.get(CONFIGURE), 200, posted)
    change = {"version": "WzAsMV0=", "closure_type": "close-by-pushing"}
    patched = {
        **posted,
        "closure_type": "close-by-pushing",
        "updated_at": NOW,
        "updated_by": NULL_USER,
        "version": "WzEsMV0=",
    }
    await expect_json(await kb.patch(CONFIGURE, json=change, headers=XSRF), 200, patched)
    await expect_json(await kb.get(CONFIGURE), 200, {**patched, "updated_by": STORED_USER})
    text = "This configuration has been updated. Please refresh before saving additional updates."
    response = await kb.patch(CONFIGURE, json=change, headers=XSRF)
    await expect_json(response, 409, boom(409, "Conflict", text))


async def test_configuration_refusals(kb: TestClient[Any, Any]) -> None:
    """PATCH before any POST is the 409 (§4.2); POST {} gives io-ts's four lines (§4.1)."""
    response = await kb.patch(CONFIGURE, json={"version": "x"}, headers=XSRF)
    text = "You can not patch this configuration since you did not created first with a post."
    await expect_json(response, 409, boom(409, "Conflict", text))
    response = await kb.post(CONFIGURE, json={}, headers=XSRF)
    closure = 'closure_type: ("close-by-user" | "close-by-pushing")'
    lines = [
        f"Invalid value undefined supplied to : {CONFIGURE_TYPE}/{tail}"
        for tail in (
            "connector_id: string",
            "connector_name: string",
            f'{closure}/0: "close-by-user"',
            f'{closure}/1: "close-by-pushing"',
        )
    ]
    await expect_json(response, 400, boom(400, "Bad Request", "\n".join(lines)))
    await expect_json(await kb.get(CONFIGURE), 200, {})


async def test_connectors_find_lists_servicenow_and_jira(kb: TestClient[Any, Any]) -> None:
    """configure/connectors/_find answers the .servicenow and .jira connectors as GET
    /api/actions lists them (a plain array, §6.1 UNCONFIRMED)."""
    sn = await servicenow(kb)
    jira = await create_connector(
        kb, ".jira", SEED_JIRA["config"], SEED_JIRA["secrets"], name="Jira"
    )
    await create_connector(kb, ".index", {"index": "i"}, name="Index")
    listed = await (await kb.get("/api/actions")).json()
    expected = [c for c in listed if c["id"] in (sn["id"], jira["id"])]
    assert [c["actionTypeId"] for c in expected] == [".jira", ".servicenow"]
    await expect_json(await kb.get(f"{CONFIGURE}/connectors/_find"), 200, expected)


def push_params(case: dict[str, Any], external_id: str | None) -> dict[str, Any]:
    """What a 7.8 client sends to pushToService for a case (kibana-action-types.md §4)."""
    user = {"fullName": None, "username": "elastic"}
    return {
        "subAction": "pushToService",
        "subActionParams": {
            "caseId": case["id"],
            "title": case["title"],
            "description": case["description"],
            "createdAt": case["created_at"],
            "createdBy": user,
            "updatedAt": None,
            "updatedBy": None,
            "externalId": external_id,
            "comments": [
                {
                    "commentId": c["id"],
                    "comment": c["comment"],
                    "createdAt": c["created_at"],
                    "createdBy": user,
                    "updatedAt": None,
                    "updatedBy": None,
                }
                for c in case["comments"]
            ],
        },
    }


async def run_push(kb: TestClient[Any, Any], connector_id: str, case: dict[str, Any]) -> Any:
    """POST /api/action/{id}/_execute with pushToService; the connector's data."""
    response = await kb.post(
        f"/api/action/{connector_id}/_execute",
        json={"params": push_params(case, None)},
        headers=XSRF,
    )
    result = await response.json()
    assert (response.status, result["status"]) == (200, "ok"), result
    return result["data"]


async def test_the_7_x_push_walk_through(kb: TestClient[Any, Any]) -> None:
    """Create a .servicenow connector and configure it, create and comment a case, run
    pushToService, record the push: the case answers external_service and its pushed comment,
    a later GET reads them in stored order, the user action holds the JSON of
    external_service, and the incident is in the state document."""
    sn = await servicenow(kb)
    await configure(kb, sn, "close-by-user")
    case = await create(kb)
    assert case["connector_id"] == sn["id"]
    response = await kb.post(f"{CASES}/{case['id']}/comments", json={"comment": "c1"}, headers=XSRF)
    commented = await response.json()
    data = await run_push(kb, sn["id"], commented)
    body = {
        "connector_id": sn["id"],
        "connector_name": sn["name"],
        "external_id": data["id"],
        "external_title": data["title"],
        "external_url": data["url"],
    }
    assert (data["title"], data["url"]) == (
        "INC0000001",
        f"{SN_URL}/nav_to.do?uri=incident.do?sys_id={data['id']}",
    )
    response = await kb.post(f"{CASES}/{case['id']}/_push", json=body, headers=XSRF)
    [comment] = commented["comments"]
    # Every write to the index advances _seq_no: the configuration 0, the case 1 and its
    # action 2, the comment 3, the case 4 and the action 5; the push writes the case (6), then
    # the comment (7).
    external = {"pushed_at": NOW, "pushed_by": PUSHER, **body}
    pushed_comment = {**comment, "version": "WzcsMV0=", "pushed_at": NOW, "pushed_by": PUSHER}
    expected = case_answer(
        case["id"],
        "WzYsMV0=",
        comments=[pushed_comment],
        connector_id=sn["id"],
        external_service=external,
        updated_at=NOW,
        updated_by=PUSHER,
    )
    await expect_json(response, 200, expected)
    stored_external = {
        "external_title": data["title"],
        "pushed_by": STORED_USER,
        "external_url": data["url"],
        "pushed_at": NOW,
        "connector_id": sn["id"],
        "external_id": data["id"],
        "connector_name": sn["name"],
    }
    stored = {
        **expected,
        "comments": [{**pushed_comment, "pushed_by": STORED_USER}],
        "external_service": stored_external,
        "updated_by": STORED_USER,
    }
    await expect_json(await kb.get(f"{CASES}/{case['id']}"), 200, stored)
    actions = await actions_of(kb, case["id"])
    assert [a["action"] for a in actions] == ["create", "create", "push-to-service"]
    assert (actions[-1]["action_field"], json.loads(actions[-1]["new_value"])) == (
        ["pushed"],
        external,
    )
    assert list(json.loads(actions[-1]["new_value"])) == list(external)
    state = await (await kb.get("/_fakekibana/state")).json()
    incident = state["incidents"][sn["id"]][data["id"]]
    assert (incident["title"], incident["comments"]) == ("INC0000001", ["c1"])
    [stored_case] = state["cases"]["cases"]
    assert stored_case["attributes"]["external_service"] == stored_external


async def test_push_closes_the_case_when_configured(kb: TestClient[Any, Any]) -> None:
    """With close-by-pushing the push closes the case and records the status change before
    the push (§3.1); pushing it again is the closed-case 409."""
    sn = await servicenow(kb)
    await configure(kb, sn, "close-by-pushing")
    case = await create(kb)
    data = await run_push(kb, sn["id"], case)
    body = {
        "connector_id": sn["id"],
        "connector_name": sn["name"],
        "external_id": data["id"],
        "external_title": data["title"],
        "external_url": data["url"],
    }
    response = await kb.post(f"{CASES}/{case['id']}/_push", json=body, headers=XSRF)
    answer = await response.json()
    assert (response.status, answer["status"], answer["closed_at"], answer["closed_by"]) == (
        200,
        "closed",
        NOW,
        NULL_USER,
    )
    actions = await actions_of(kb, case["id"])
    assert [(a["action"], a["new_value"]) for a in actions[1:2]] == [("update", "closed")]
    assert actions[2]["action"] == "push-to-service"
    response = await kb.post(f"{CASES}/{case['id']}/_push", json=body, headers=XSRF)
    text = "This case t is closed. You can not pushed if the case is closed."
    await expect_json(response, 409, boom(409, "Conflict", text))


async def test_push_refusals(kb: TestClient[Any, Any]) -> None:
    """A body without its keys is io-ts's five lines, an unknown case the saved-object 404,
    a case whose connector is `none` Kibana's 404; nothing changes."""
    case = await create(kb)
    url = f"{CASES}/{case['id']}/_push"
    response = await kb.post(url, json={}, headers=XSRF)
    lines = [
        f"Invalid value undefined supplied to : {PUSH_TYPE}/{key}: string"
        for key in ("connector_id", "connector_name", "external_id", "external_title")
    ]
    lines.append(f"Invalid value undefined supplied to : {PUSH_TYPE}/external_url: string")
    await expect_json(response, 400, boom(400, "Bad Request", "\n".join(lines)))
    body = dict.fromkeys(
        ("connector_id", "connector_name", "external_id", "external_title", "external_url"), "x"
    )
    response = await kb.post(f"{CASES}/nope/_push", json=body, headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))
    response = await kb.post(url, json=body, headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Connector not found or set to none"))
    await expect_json(await kb.get(f"{CASES}/{case['id']}"), 200, case)
