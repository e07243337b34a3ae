"""Kibana 7.8's cases API (the `case` plugin): create, get, PATCH, delete and user actions."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana.cases.legacy import esorder
from fakekibana.core.security import Principal
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
CASES = "/api/cases"
BODY: dict[str, Any] = {"title": "t", "description": "d", "tags": ["a"]}
# transformNewCase's user with security off (reference §3.1), and the same user as a later GET
# reads it after an update stored it (Elasticsearch's HashMap order, §3.1).
NULL_USER = {"email": None, "full_name": None, "username": None}
STORED_USER = {"full_name": None, "email": None, "username": None}
CREATE_TYPE = "{ description: string, tags: Array<string>, title: string }"
READER = Principal("reader", "secret", "read")
READ_AUTH = {"Authorization": "Basic " + base64.b64encode(b"reader:secret").decode(), **XSRF}


@pytest.fixture
async def kb(make_client: MakeClient) -> TestClient[Any, Any]:
    """A strict 7.8 fake with a fixed clock."""
    return await make_client(line_settings("7.8.0"))


def case_answer(case_id: str, version: str, **changes: Any) -> dict[str, Any]:
    """The reference's 7.8 example of a created case (§3.1), with changes in place."""
    case: dict[str, Any] = {
        "id": case_id,
        "version": version,
        "comments": [],
        "totalComment": 0,
        "title": "t",
        "description": "d",
        "tags": ["a"],
        "closed_at": None,
        "closed_by": None,
        "connector_id": "none",
        "created_at": NOW,
        "created_by": NULL_USER,
        "external_service": None,
        "status": "open",
        "updated_at": None,
        "updated_by": None,
    }
    case.update(changes)
    return case


def action(
    case_id: str, action_id: str, kind: str, fields: list[str], *, new: Any = None, old: Any = None
) -> dict[str, Any]:
    """A user action as GET …/user_actions answers it (§3.1)."""
    return {
        "action_field": fields,
        "action": kind,
        "action_at": NOW,
        "action_by": NULL_USER,
        "new_value": new,
        "old_value": old,
        "action_id": action_id,
        "case_id": case_id,
        "comment_id": None,
    }


async def create(kb: TestClient[Any, Any], **changes: Any) -> dict[str, Any]:
    """POST /api/cases with BODY (and changes); the 200 body."""
    response = await kb.post(CASES, json={**BODY, **changes}, headers=XSRF)
    body: dict[str, Any] = await response.json()
    assert response.status == 200, body
    return body


async def actions_of(kb: TestClient[Any, Any], case_id: str) -> list[dict[str, Any]]:
    """GET …/user_actions; the 200 body."""
    response = await kb.get(f"{CASES}/{case_id}/user_actions")
    body: list[dict[str, Any]] = await response.json()
    assert response.status == 200, body
    return body


def test_hashmap_order_is_the_reference_s() -> None:
    """Java's HashMap order gives the orders the 7.8 docs show after an update (§3.1)."""
    assert esorder.hashmap_keys(["username", "full_name", "email"]) == [
        "full_name",
        "email",
        "username",
    ]
    keys = ["pushed_at", "pushed_by", "connector_id", "connector_name", "external_id"]
    keys += ["external_title", "external_url"]
    assert esorder.hashmap_keys(keys) == [
        "external_title",
        "pushed_by",
        "external_url",
        "pushed_at",
        "connector_id",
        "external_id",
        "connector_name",
    ]


def test_java_hash_counts_utf16_units() -> None:
    """String.hashCode runs over UTF-16 code units: a character beyond the BMP is two."""
    assert (esorder.java_hash("a"), esorder.java_hash("\U0001f600")) == (97, 1772899)


async def test_create_answers_the_reference_example(kb: TestClient[Any, Any]) -> None:
    """A new case answers id, version, comments, totalComment, the body in the client's order,
    then the bookkeeping with connector_id `none` (§3.1)."""
    response = await kb.post(
        CASES, json={"tags": ["a"], "title": "t", "description": "d"}, headers=XSRF
    )
    body = await response.json()
    expected = {
        **{
            key: value
            for key, value in case_answer(body["id"], "WzAsMV0=").items()
            if key not in BODY
        },
    }
    ordered = {
        "id": body["id"],
        "version": "WzAsMV0=",
        "comments": [],
        "totalComment": 0,
        "tags": ["a"],
        "title": "t",
        "description": "d",
        **{
            k: v
            for k, v in expected.items()
            if k not in ("id", "version", "comments", "totalComment")
        },
    }
    await expect_json(response, 200, ordered)
    await expect_json(await kb.get(f"{CASES}/{body['id']}"), 200, ordered)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (
            {},
            "\n".join(
                f"Invalid value undefined supplied to : {CREATE_TYPE}/{key}"
                for key in ("description: string", "tags: Array<string>", "title: string")
            ),
        ),
        ({**BODY, "title": 1}, f"Invalid value 1 supplied to : {CREATE_TYPE}/title: string"),
        (
            {**BODY, "tags": [1]},
            f"Invalid value 1 supplied to : {CREATE_TYPE}/tags: Array<string>/0: string",
        ),
        (
            {**BODY, "tags": [], "foo": 1},
            'Invalid value {"title":"t","description":"d","tags":[],"foo":1} supplied to : '
            f'{CREATE_TYPE}, excess properties: ["foo"]',
        ),
        (None, "[request body]: expected a plain object value, but found [null] instead."),
        ([], "[request body]: expected a plain object value, but found [Array] instead."),
    ],
)
async def test_create_refuses_bodies_in_io_ts_words(
    kb: TestClient[Any, Any], sent: Any, message: str
) -> None:
    """A body io-ts or the escape hatch refuses is a 400 with the reference's text (§4.1),
    and nothing is stored."""
    response = await kb.post(CASES, json=sent, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    state = await (await kb.get("/_fakekibana/state")).json()
    assert "cases" not in state


async def test_configured_connector_is_the_new_case_s(kb: TestClient[Any, Any]) -> None:
    """A case created after a configuration carries its connector_id (§2.1, 7.7 → 7.8)."""
    configure = {"connector_id": "c1", "connector_name": "sn", "closure_type": "close-by-user"}
    response = await kb.post(f"{CASES}/configure", json=configure, headers=XSRF)
    assert response.status == 200
    case = await create(kb)
    assert case == case_answer(case["id"], "WzEsMV0=", connector_id="c1")


async def test_get_without_comments_and_with_a_bad_include_comments(
    kb: TestClient[Any, Any],
) -> None:
    """includeComments is JSON.parse'd: `0` leaves comments out, a non-JSON text is a 400
    (Kibana: 500), an unknown query key config-schema's 400, an unknown case the 404."""
    case = await create(kb)
    url = f"{CASES}/{case['id']}"
    await expect_json(await kb.get(url + "?includeComments=0"), 200, case)
    await expect_json(
        await kb.get(url + "?includeComments=yes"),
        400,
        boom(400, "Bad Request", "Unexpected token y in JSON at position 0"),
    )
    await expect_json(
        await kb.get(url + "?foo=1"),
        400,
        boom(400, "Bad Request", "[request query.foo]: definition for this key is missing"),
    )
    await expect_json(
        await kb.get(f"{CASES}/nope"),
        404,
        boom(404, "Not Found", "Saved object [cases/nope] not found"),
    )


async def test_patch_answers_code_order_and_get_reads_stored_order(
    kb: TestClient[Any, Any],
) -> None:
    """Closing a case answers the users as PATCH writes them; a later GET reads the users an
    update stored in HashMap order (§3.1), and the user actions record each change in the
    order of the request's keys."""
    case = await create(kb)
    change = {"id": case["id"], "version": case["version"], "status": "closed", "tags": ["b"]}
    response = await kb.patch(CASES, json={"cases": [change]}, headers=XSRF)
    written = {
        "tags": ["b"],
        "closed_at": NOW,
        "closed_by": NULL_USER,
        "status": "closed",
        "updated_at": NOW,
        "updated_by": NULL_USER,
    }
    await expect_json(response, 200, [case_answer(case["id"], "WzIsMV0=", **written)])
    stored = {**written, "closed_by": STORED_USER, "updated_by": STORED_USER}
    await expect_json(
        await kb.get(f"{CASES}/{case['id']}"), 200, case_answer(case["id"], "WzIsMV0=", **stored)
    )
    actions = await actions_of(kb, case["id"])
    ids = [a["action_id"] for a in actions]
    created = '{"title":"t","description":"d","tags":["a"]}'
    assert actions == [
        action(
            case["id"], ids[0], "create", ["description", "status", "tags", "title"], new=created
        ),
        action(case["id"], ids[1], "update", ["status"], new="closed", old="open"),
        action(case["id"], ids[2], "add", ["tags"], new="b"),
        action(case["id"], ids[3], "delete", ["tags"], new="a"),
    ]


async def test_patch_refusals(kb: TestClient[Any, Any]) -> None:
    """Unknown ids (404), stale versions (409) and no change (406) answer the reference's
    texts, and the case stays as it was."""
    case = await create(kb)
    cases = [{"id": case["id"], "version": case["version"], "title": "t"}]
    response = await kb.patch(CASES, json={"cases": cases}, headers=XSRF)
    await expect_json(
        response,
        406,
        boom(406, "Not Acceptable", "All update fields are identical to current version."),
    )
    stale = [{"id": case["id"], "version": "WzksMV0=", "title": "x"}]
    response = await kb.patch(CASES, json={"cases": stale}, headers=XSRF)
    text = (
        f"These cases {case['id']} has been updated. Please refresh before saving additional "
        "updates."
    )
    await expect_json(response, 409, boom(409, "Conflict", text))
    unknown = [{"id": "a", "version": "v"}, {"id": "b", "version": "v"}]
    response = await kb.patch(CASES, json={"cases": unknown}, headers=XSRF)
    text = "These cases a, b do not exist. Please check you have the correct ids."
    await expect_json(response, 404, boom(404, "Not Found", text))
    await expect_json(await kb.get(f"{CASES}/{case['id']}"), 200, case)


async def test_patch_connector_id_is_a_user_action(kb: TestClient[Any, Any]) -> None:
    """Changing connector_id records `update` from `none` (the 7.8-era test's action)."""
    case = await create(kb)
    change = {"id": case["id"], "version": case["version"], "connector_id": "c1"}
    response = await kb.patch(CASES, json={"cases": [change]}, headers=XSRF)
    assert response.status == 200
    actions = await actions_of(kb, case["id"])
    assert actions[-1] == action(
        case["id"], actions[-1]["action_id"], "update", ["connector_id"], new="c1", old="none"
    )


async def test_delete_keeps_the_user_actions_and_adds_one(kb: TestClient[Any, Any]) -> None:
    """DELETE answers 204; the case is gone, its user actions stay with one more `create`
    over every field (§2.1); an unknown id is a 404 that deletes nothing."""
    first, second = await create(kb), await create(kb)
    response = await kb.delete(f'{CASES}?ids=["{first["id"]}","nope"]', headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))
    response = await kb.delete(f"{CASES}?ids={first['id']}&ids={second['id']}", headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    await expect_json(
        await kb.get(f"{CASES}/{first['id']}"),
        404,
        boom(404, "Not Found", f"Saved object [cases/{first['id']}] not found"),
    )
    actions = await actions_of(kb, first["id"])
    fields = ["comment", "description", "status", "tags", "title"]
    assert [a["action"] for a in actions] == ["create", "create"]
    assert actions[1] == action(first["id"], actions[1]["action_id"], "create", fields)


async def test_delete_with_a_bare_id_is_config_schema_s_400(kb: TestClient[Any, Any]) -> None:
    """A single bare `ids` value is not a JSON array (§2.1, DERIVED)."""
    response = await kb.delete(f"{CASES}?ids=abc", headers=XSRF)
    text = "[request query.ids]: could not parse array value from json input"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_unknown_case_has_no_user_actions(kb: TestClient[Any, Any]) -> None:
    """GET …/user_actions of an unknown case is an empty array (no case check)."""
    await expect_json(await kb.get(f"{CASES}/nope/user_actions"), 200, [])


async def test_a_read_user_may_read_but_not_write(make_client: MakeClient) -> None:
    """With security on, a `read` user is refused a write in the saved-object layer's words
    (UNCONFIRMED text) and may read."""
    kb = await make_client(line_settings("7.8.0", users=(READER,)))
    response = await kb.post(CASES, json=BODY, headers=READ_AUTH)
    await expect_json(response, 403, boom(403, "Forbidden", "Unable to create cases"))
    await expect_json(await kb.get(f"{CASES}/nope/user_actions", headers=READ_AUTH), 200, [])


async def test_the_elastic_user_is_recorded(make_client: MakeClient) -> None:
    """With security on, created_by names the authenticated user (§3.1)."""
    kb = await make_client(line_settings("7.8.0", users=(Principal("elastic", "changeme"),)))
    auth = {"Authorization": "Basic " + base64.b64encode(b"elastic:changeme").decode(), **XSRF}
    response = await kb.post(CASES, json=BODY, headers=auth)
    body = await response.json()
    elastic = {"email": None, "full_name": None, "username": "elastic"}
    await expect_json(response, 200, case_answer(body["id"], "WzAsMV0=", created_by=elastic))
