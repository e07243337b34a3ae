"""Pushing a case in 8.19 and 9.x: Kibana runs the connector and records external_service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_cases import BODY, CASE_LINES, CASES, NULL_USER, answer, create

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
API_URL = "https://example.service-now.com"
SN_FIELDS = {
    "impact": "2",
    "severity": "1",
    "urgency": "3",
    "category": None,
    "subcategory": None,
}


@pytest.fixture(params=CASE_LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with the cases plugin's API in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def servicenow(kb: TestClient[Any, Any]) -> str:
    """A .servicenow connector; its id."""
    body = {
        "name": "sn",
        "connector_type_id": ".servicenow",
        "config": {"apiUrl": API_URL, "usesTableApi": False},
        "secrets": {"username": "u", "password": "p"},
    }
    response = await kb.post("/api/actions/connector", json=body, headers=XSRF)
    created: dict[str, Any] = await response.json()
    assert response.status == 200, created
    connector_id: str = created["id"]
    return connector_id


async def sn_case(kb: TestClient[Any, Any], connector_id: str) -> dict[str, Any]:
    """A case whose connector is the ServiceNow one, with one comment; the case."""
    connector = {"id": connector_id, "name": "sn", "type": ".servicenow", "fields": SN_FIELDS}
    case = await create(kb, connector=connector)
    comment = {"type": "user", "comment": "c1", "owner": "cases"}
    response = await kb.post(f"{CASES}/{case['id']}/comments", json=comment, headers=XSRF)
    added: dict[str, Any] = await response.json()
    assert response.status == 200, added
    return added


async def test_push_creates_the_incident_and_records_it(kb: TestClient[Any, Any]) -> None:
    """The push runs pushToService; the case answers external_service, pushed comments, and
    the incident reads back through getIncident and the state document."""
    connector_id = await servicenow(kb)
    case = await sn_case(kb, connector_id)
    response = await kb.post(
        f"{CASES}/{case['id']}/connector/{connector_id}/_push", json={}, headers=XSRF
    )
    body = await response.json()
    assert response.status == 200, body
    external_id = body["external_service"]["external_id"]
    external = {
        "connector_id": connector_id,
        "pushed_at": NOW,
        "pushed_by": NULL_USER,
        "connector_name": "sn",
        "external_id": external_id,
        "external_title": "INC0010001",
        "external_url": f"{API_URL}/nav_to.do?uri=incident.do?sys_id={external_id}",
    }
    [comment] = case["comments"]
    pushed_comment = {**comment, "pushed_at": NOW, "pushed_by": NULL_USER, "version": "WzMsMV0="}
    expected = answer(
        case["id"],
        "WzQsMV0=",
        connector={"id": connector_id, "type": ".servicenow", "fields": SN_FIELDS, "name": "sn"},
        updated_at=NOW,
        updated_by=NULL_USER,
        external_service=external,
        totalComment=1,
        comments=[pushed_comment],
    )
    await expect_json(response, 200, expected)
    run = {"params": {"subAction": "getIncident", "subActionParams": {"externalId": external_id}}}
    response = await kb.post(
        f"/api/actions/connector/{connector_id}/_execute", json=run, headers=XSRF
    )
    incident = {
        "sys_id": external_id,
        "number": "INC0010001",
        "short_description": "t",
        "description": "d\n\nAdded by Unknown.",
        "severity": "1",
        "urgency": "3",
        "impact": "2",
        "correlation_id": case["id"],
        "correlation_display": "Elastic Case",
        "caller_id": "u",
        "opened_by": "u",
        "comments": "c1\n\nAdded by Unknown.",
        "sys_created_on": "2020-06-01 12:00:00",
        "sys_updated_on": "2020-06-01 12:00:00",
    }
    # The key order of the row is the connectors area's (its params schema per release).
    read = await response.json()
    assert (response.status, read) == (
        200,
        {"status": "ok", "data": incident, "connector_id": connector_id},
    )
    state = await (await kb.get("/_fakekibana/state")).json()
    record = state["incidents"][connector_id][external_id]
    assert (record["title"], record["comments"]) == ("INC0010001", ["c1\n\nAdded by Unknown."])
    [stored] = state["cases"]["cases"]
    assert stored["attributes"]["external_service"] == external


async def test_a_second_push_updates_the_same_incident(kb: TestClient[Any, Any]) -> None:
    """A second push to the same connector sends the external id: one incident, updated."""
    connector_id = await servicenow(kb)
    case = await sn_case(kb, connector_id)
    url = f"{CASES}/{case['id']}/connector/{connector_id}/_push"
    first = await (await kb.post(url, headers=XSRF)).json()
    second = await (await kb.post(url, headers=XSRF)).json()
    assert second["external_service"]["external_id"] == first["external_service"]["external_id"]
    state = await (await kb.get("/_fakekibana/state")).json()
    assert list(state["incidents"][connector_id]) == [first["external_service"]["external_id"]]


async def test_a_failing_connector_fails_the_push_and_changes_nothing(
    kb: TestClient[Any, Any],
) -> None:
    """A connector in the `error` fault mode answers 424 with its service message; the case
    stays as it was."""
    connector_id = await servicenow(kb)
    case = await sn_case(kb, connector_id)
    fault = await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": "error"})
    assert fault.status < 300
    before = await (await kb.get(f"{CASES}/{case['id']}")).json()
    response = await kb.post(
        f"{CASES}/{case['id']}/connector/{connector_id}/_push", json={}, headers=XSRF
    )
    body = await response.json()
    assert (response.status, list(body), body["statusCode"], body["error"]) == (
        424,
        ["statusCode", "error", "message"],
        424,
        "Failed Dependency",
    )
    assert body["message"].startswith("[Action][ServiceNow]: Unable to create incident.")
    await expect_json(await kb.get(f"{CASES}/{case['id']}"), 200, before)


async def test_push_to_unknown_case_or_connector_is_a_404(kb: TestClient[Any, Any]) -> None:
    """An unknown case or connector answers the saved-object 404s."""
    connector_id = await servicenow(kb)
    response = await kb.post(f"{CASES}/nope/connector/{connector_id}/_push", headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))
    case = await create(kb)
    response = await kb.post(f"{CASES}/{case['id']}/connector/nope/_push", headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [action/nope] not found"))


def test_body_constant_is_the_worked_example() -> None:
    """The shared create body is the reference's worked example (§3.2)."""
    assert list(BODY) == ["title", "description", "tags", "connector", "settings", "owner"]


async def test_push_to_jira_sends_labels_and_fields(kb: TestClient[Any, Any]) -> None:
    """A Jira push sends summary, description, priority, issueType and the tags as labels with
    whitespace runs as '-' (jira/format.ts); the issue reads back through getIncident."""
    body = {
        "name": "j",
        "connector_type_id": ".jira",
        "config": {"apiUrl": "https://example.atlassian.net", "projectKey": "CK"},
        "secrets": {"email": "e@example.com", "apiToken": "t"},
    }
    response = await kb.post("/api/actions/connector", json=body, headers=XSRF)
    connector_id = (await response.json())["id"]
    fields = {"issueType": "10006", "priority": "High", "parent": None}
    connector = {"id": connector_id, "name": "j", "type": ".jira", "fields": fields}
    case = await create(kb, connector=connector, tags=["a  b", "c"])
    url = f"{CASES}/{case['id']}/connector/{connector_id}/_push"
    pushed = await (await kb.post(url, headers=XSRF)).json()
    external = pushed["external_service"]
    assert (external["external_title"], external["external_url"]) == (
        "CK-1",
        "https://example.atlassian.net/browse/CK-1",
    )
    run = {
        "params": {
            "subAction": "getIncident",
            "subActionParams": {"externalId": external["external_id"]},
        }
    }
    response = await kb.post(
        f"/api/actions/connector/{connector_id}/_execute", json=run, headers=XSRF
    )
    data = (await response.json())["data"]
    sent = {key: data.get(key) for key in ("summary", "description", "priority", "labels")}
    assert (data["key"], data["issueType"], sent) == (
        "CK-1",
        "10006",
        {
            "summary": "t",
            "description": "d\n\nAdded by Unknown.",
            "priority": "High",
            "labels": ["a-b", "c"],
        },
    )
