"""The Cases API of 8.19 and 9.x: create, get, bulk update and delete, and the store."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana.core.security import Principal
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
CASES = "/api/cases"
CASE_LINES = ("8.19.0", "9.4.0")
NONE_CONNECTOR = {"id": "none", "name": "none", "type": ".none", "fields": None}
BODY: dict[str, Any] = {
    "title": "t",
    "description": "d",
    "tags": ["a"],
    "connector": NONE_CONNECTOR,
    "settings": {"syncAlerts": False},
    "owner": "cases",
}
NULL_USER = {"username": None, "full_name": None, "email": None}
ELASTIC = Principal("elastic", "changeme")
AUTH = {"Authorization": "Basic " + base64.b64encode(b"elastic:changeme").decode(), **XSRF}


def answer(case_id: str, version: str, **changes: Any) -> dict[str, Any]:
    """The reference's worked example of a created case (§3.2), with changes in place."""
    case: dict[str, Any] = {
        "title": "t",
        "description": "d",
        "tags": ["a"],
        "owner": "cases",
        "category": None,
        "customFields": [],
        "assignees": [],
        "observables": [],
        "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
        "severity": "low",
        "status": "open",
        "settings": {"syncAlerts": False},
        "duration": None,
        "closed_at": None,
        "closed_by": None,
        "created_at": NOW,
        "created_by": NULL_USER,
        "updated_at": None,
        "updated_by": None,
        "external_service": None,
        "id": case_id,
        "version": version,
        "totalComment": 0,
        "totalAlerts": 0,
        "comments": [],
    }
    case.update(changes)
    return {key: value for key, value in case.items() if value is not ...}


@pytest.fixture(params=CASE_LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with the cases plugin's API in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def create(kb: TestClient[Any, Any], **changes: Any) -> dict[str, Any]:
    """POST /api/cases with BODY (and changes); the 200 body."""
    response = await kb.post(CASES, json={**BODY, **changes}, headers=XSRF)
    created: dict[str, Any] = await response.json()
    assert response.status == 200, created
    return created


def bad(message: str) -> dict[str, Any]:
    """A 400 with Cases' decoder text."""
    return boom(400, "Bad Request", message)


# --- create -------------------------------------------------------------------------------------


async def test_create_answers_the_case_in_codec_order(kb: TestClient[Any, Any]) -> None:
    """POST /api/cases answers the open case grouped as CaseRt decodes it, version [0,1]."""
    response = await kb.post(CASES, json=BODY, headers=XSRF)
    body = await response.json()
    await expect_json(response, 200, answer(body["id"], "WzAsMV0="))


async def test_create_trims_and_keeps_the_optional_fields(kb: TestClient[Any, Any]) -> None:
    """Title, description and tags are trimmed; severity, category and assignees are kept."""
    body = await create(
        kb,
        title=" t ",
        description=" d",
        tags=[" a "],
        severity="high",
        category="c",
        assignees=[{"uid": "u1"}],
    )
    expected = answer(body["id"], "WzAsMV0=", severity="high", category="c")
    expected["assignees"] = [{"uid": "u1"}]
    assert body == expected


async def test_create_with_security_records_the_user(make_client: MakeClient, version: str) -> None:
    """With security on, created_by is the authenticated user, username first."""
    kb = await make_client(line_settings(version, users=(ELASTIC,)))
    response = await kb.post(CASES, json=BODY, headers=AUTH)
    body = await response.json()
    user = {"username": "elastic", "full_name": None, "email": None}
    await expect_json(response, 200, answer(body["id"], "WzAsMV0=", created_by=user))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"title": ..., "description": ..., "tags": ..., "connector": ..., "settings": ...,
             "owner": ...},
            'Invalid value "undefined" supplied to "description",'
            'Invalid value "undefined" supplied to "tags",'
            'Invalid value "undefined" supplied to "title",'
            'Invalid value "undefined" supplied to "connector",'
            'Invalid value "undefined" supplied to "settings",'
            'Invalid value "undefined" supplied to "owner"',
        ),
        ({"title": "x" * 161}, "The length of the title is too long. The maximum length is 160."),
        ({"title": "  "}, "The title field cannot be an empty string."),
        ({"title": 1}, 'Invalid value "1" supplied to "title"'),
        (
            {"description": "x" * 30001},
            "The length of the description is too long. The maximum length is 30000.",
        ),
        ({"tags": [""]}, "The tag field cannot be an empty string."),
        ({"tags": ["x" * 257]}, "The length of the tag is too long. The maximum length is 256."),
        (
            {"tags": [str(n) for n in range(201)]},
            "The length of the field tags is too long. Array must be of length <= 200.",
        ),
        ({"foo": 1}, 'invalid keys "foo"'),
        ({"settings": {"syncAlerts": True, "x": 1}}, 'invalid keys "x"'),
        ({"severity": "x"}, 'Invalid value "x" supplied to "severity"'),
        (
            {"connector": {"id": "x", "name": "x", "type": ".foo", "fields": None}},
            'Invalid value "{"id":"x","name":"x","type":".foo","fields":null}" supplied to '
            '"connector"',
        ),
    ],
)  # fmt: skip
async def test_create_refuses_a_body_with_the_decoders_text(
    kb: TestClient[Any, Any], changes: dict[str, Any], message: str
) -> None:
    """POST /api/cases answers 400 with the io-ts texts of the reference (§4.1)."""
    body = {key: value for key, value in {**BODY, **changes}.items() if value is not ...}
    response = await kb.post(CASES, json=body, headers=XSRF)
    await expect_json(response, 400, bad(message))


async def test_create_refuses_an_unknown_owner(kb: TestClient[Any, Any]) -> None:
    """An owner no solution registered is refused by the cases authorization (403)."""
    response = await kb.post(CASES, json={**BODY, "owner": "foo"}, headers=XSRF)
    message = 'Unauthorized to create case with owners: "foo"'
    await expect_json(response, 403, boom(403, "Forbidden", message))


async def test_create_refuses_assignees_without_platinum(
    make_client: MakeClient, version: str
) -> None:
    """Assignees need a Platinum licence (403 with Kibana's text)."""
    kb = await make_client(line_settings(version, license="gold"))
    response = await kb.post(CASES, json={**BODY, "assignees": [{"uid": "u"}]}, headers=XSRF)
    message = (
        "In order to assign users to cases, you must be subscribed to an Elastic Platinum license"
    )
    await expect_json(response, 403, boom(403, "Forbidden", message))


# --- get ----------------------------------------------------------------------------------------


async def test_get_answers_comments_in_8_19_only(kb: TestClient[Any, Any], version: str) -> None:
    """GET /api/cases/{id}: 8.19 answers `comments`, 9.x has no such key (PR #207739)."""
    created = await create(kb)
    expected = answer(created["id"], "WzAsMV0=")
    if version.startswith("9."):
        del expected["comments"]
    await expect_json(await kb.get(f"{CASES}/{created['id']}"), 200, expected)


async def test_get_without_comments_in_8_19(make_client: MakeClient) -> None:
    """8.19's includeComments=false leaves `comments` out."""
    kb = await make_client(line_settings("8.19.0"))
    created = await create(kb)
    expected = answer(created["id"], "WzAsMV0=", comments=...)
    response = await kb.get(f"{CASES}/{created['id']}?includeComments=false")
    await expect_json(response, 200, expected)


async def test_get_an_unknown_case_is_the_saved_object_404(kb: TestClient[Any, Any]) -> None:
    """An unknown case id answers the saved-object client's 404."""
    response = await kb.get(f"{CASES}/nope")
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))


async def test_7_8_refuses_the_8_x_body(make_client: MakeClient) -> None:
    """7.8's `case` plugin (tests/test_cases_v7.py) refuses 8.x's keys in its own words."""
    kb = await make_client(line_settings("7.8.0"))
    response = await kb.post(CASES, json=BODY, headers=XSRF)
    text = (
        'Invalid value {"title":"t","description":"d","tags":["a"],"connector":{"id":"none",'
        '"name":"none","type":".none","fields":null},"settings":{"syncAlerts":false},'
        '"owner":"cases"} supplied to : { description: string, tags: Array<string>, title: '
        'string }, excess properties: ["connector","settings","owner"]'
    )
    await expect_json(response, 400, boom(400, "Bad Request", text))


# --- bulk update --------------------------------------------------------------------------------


async def patch(kb: TestClient[Any, Any], *cases: dict[str, Any]) -> Any:
    """PATCH /api/cases with these items."""
    return await kb.patch(CASES, json={"cases": list(cases)}, headers=XSRF)


async def test_patch_updates_and_answers_new_versions(kb: TestClient[Any, Any]) -> None:
    """PATCH changes the title, stamps updated_at/updated_by and answers a new version."""
    created = await create(kb)
    response = await patch(kb, {"id": created["id"], "version": created["version"], "title": "u"})
    expected = answer(created["id"], "WzEsMV0=", title="u", updated_at=NOW, updated_by=NULL_USER)
    await expect_json(response, 200, [expected])


async def test_patch_closing_sets_closed_at_and_duration(
    make_client: MakeClient, version: str
) -> None:
    """Closing sets closed_at, closed_by and duration in seconds; reopening clears them."""
    kb = await make_client(line_settings(version))
    created = await create(kb)
    await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:01:30Z"})
    response = await patch(
        kb, {"id": created["id"], "version": created["version"], "status": "closed"}
    )
    closed: dict[str, Any] = (await response.json())[0]
    at = "2020-06-01T12:01:30.000Z"
    assert closed == answer(
        created["id"],
        "WzEsMV0=",
        status="closed",
        duration=90,
        closed_at=at,
        closed_by=NULL_USER,
        updated_at=at,
        updated_by=NULL_USER,
    )
    response = await patch(kb, {"id": created["id"], "version": "WzEsMV0=", "status": "open"})
    expected = answer(created["id"], "WzIsMV0=", updated_at=at, updated_by=NULL_USER)
    await expect_json(response, 200, [expected])


async def test_patch_with_a_stale_version_is_a_conflict(kb: TestClient[Any, Any]) -> None:
    """A stale version answers 409 with Kibana's text ("has been updated")."""
    created = await create(kb)
    await patch(kb, {"id": created["id"], "version": created["version"], "title": "u"})
    response = await patch(kb, {"id": created["id"], "version": created["version"], "title": "v"})
    message = (
        f"These cases {created['id']} has been updated. Please refresh before saving "
        "additional updates."
    )
    await expect_json(response, 409, boom(409, "Conflict", message))


async def test_patch_of_unknown_cases_is_a_404(kb: TestClient[Any, Any]) -> None:
    """Unknown ids are listed in the 404's text."""
    response = await patch(kb, {"id": "a", "version": "v"}, {"id": "b", "version": "v"})
    message = "These cases a, b do not exist. Please check you have the correct ids."
    await expect_json(response, 404, boom(404, "Not Found", message))


async def test_patch_without_changes_is_not_acceptable(kb: TestClient[Any, Any]) -> None:
    """A PATCH that changes nothing answers 406."""
    created = await create(kb)
    response = await patch(kb, {"id": created["id"], "version": created["version"], "title": "t"})
    message = "All update fields are identical to current version."
    await expect_json(response, 406, boom(406, "Not Acceptable", message))


async def test_patch_of_the_owner_is_refused(kb: TestClient[Any, Any]) -> None:
    """Changing the owner answers 400 naming the case."""
    created = await create(kb)
    response = await patch(
        kb, {"id": created["id"], "version": created["version"], "owner": "observability"}
    )
    message = f"Updating the owner of a case is not allowed ids: [{created['id']}]"
    await expect_json(response, 400, bad(message))


async def test_patch_decodes_with_the_decoders_text(kb: TestClient[Any, Any]) -> None:
    """A PATCH body without `cases` answers the io-ts text."""
    response = await kb.patch(CASES, json={}, headers=XSRF)
    await expect_json(response, 400, bad('Invalid value "undefined" supplied to "cases"'))


# --- delete -------------------------------------------------------------------------------------


async def test_delete_answers_204_and_forgets_the_case(kb: TestClient[Any, Any]) -> None:
    """DELETE /api/cases?ids=[…] answers 204 with no body; the case is gone."""
    created = await create(kb)
    response = await kb.delete(f'{CASES}?ids=["{created["id"]}"]', headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    response = await kb.get(f"{CASES}/{created['id']}")
    message = f"Saved object [cases/{created['id']}] not found"
    await expect_json(response, 404, boom(404, "Not Found", message))


async def test_delete_of_an_unknown_case_is_a_404(kb: TestClient[Any, Any]) -> None:
    """Deleting an unknown id answers the bulk-get's 404."""
    response = await kb.delete(f'{CASES}?ids=["nope"]', headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))


# --- the store ----------------------------------------------------------------------------------


async def test_state_document_holds_the_cases_and_round_trips(
    make_client: MakeClient, version: str
) -> None:
    """GET /_fakekibana/state writes the cases; PUT brings them back into another fake."""
    kb = await make_client(line_settings(version))
    created = await create(kb)
    state = await (await kb.get("/_fakekibana/state")).json()
    attributes = {
        key: value
        for key, value in answer(created["id"], "").items()
        if key not in ("id", "version", "totalComment", "totalAlerts", "comments")
    }
    attributes["connector"] = NONE_CONNECTOR | {"type": ".none", "fields": None}
    assert state["cases"]["seq"] == 1
    [stored] = state["cases"]["cases"]
    assert (stored["space"], stored["id"], stored["version"], stored["comments"]) == (
        "default",
        created["id"],
        "WzAsMV0=",
        [],
    )
    assert stored["attributes"] == attributes
    other = await make_client(line_settings(version))
    assert (await other.put("/_fakekibana/state", json=state)).status == 204
    await expect_json(
        await other.get(f"{CASES}/{created['id']}"),
        200,
        await (await kb.get(f"{CASES}/{created['id']}")).json(),
    )


async def test_reset_and_space_deletion_forget_cases(kb: TestClient[Any, Any]) -> None:
    """A reset forgets every case; deleting a space forgets the cases stored in it."""
    space = {"id": "team", "name": "team", "disabledFeatures": []}
    assert (await kb.post("/api/spaces/space", json=space, headers=XSRF)).status == 200
    response = await kb.post(f"/s/team{CASES}", json=BODY, headers=XSRF)
    in_team = await response.json()
    kept = await create(kb)
    assert (await kb.delete("/api/spaces/space/team", headers=XSRF)).status == 204
    state = await (await kb.get("/_fakekibana/state")).json()
    assert [c["id"] for c in state["cases"]["cases"]] == [kept["id"]]
    assert in_team["id"] != kept["id"]
    assert (await kb.post("/_fakekibana/reset")).status == 204
    state = await (await kb.get("/_fakekibana/state")).json()
    assert "cases" not in state
