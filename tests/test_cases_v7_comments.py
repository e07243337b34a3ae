"""Kibana 7.8's comments of a case: add, change, list, find, get and delete."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_cases_v7 import CASES, NULL_USER, STORED_USER, MakeClient, actions_of, create

# POST comment and push write the case's updated_by as `username, full_name, email` (§3.1).
PUSHER = {"username": None, "full_name": None, "email": None}
PATCH_TYPE = "(Partial<{ comment: string }> & { id: string, version: string })"
ID_VERSION = "{ id: string, version: string }"


@pytest.fixture
async def kb(make_client: MakeClient) -> TestClient[Any, Any]:
    """A strict 7.8 fake with a fixed clock."""
    return await make_client(line_settings("7.8.0"))


def comment_answer(
    comment_id: str, version: str, text: str = "c1", **changes: Any
) -> dict[str, Any]:
    """A comment as 7.8 answers it (§3.1)."""
    comment = {
        "id": comment_id,
        "version": version,
        "comment": text,
        "created_at": NOW,
        "created_by": NULL_USER,
        "pushed_at": None,
        "pushed_by": None,
        "updated_at": None,
        "updated_by": None,
    }
    comment.update(changes)
    return comment


async def add(kb: TestClient[Any, Any], case_id: str, text: str = "c1") -> dict[str, Any]:
    """POST a comment; the case it answers."""
    response = await kb.post(f"{CASES}/{case_id}/comments", json={"comment": text}, headers=XSRF)
    body: dict[str, Any] = await response.json()
    assert response.status == 200, body
    return body


async def test_add_answers_the_case_with_its_comments(kb: TestClient[Any, Any]) -> None:
    """POST comment answers the case with updated_* as the route writes them and every
    comment; a later GET reads updated_by in stored order, and a `create` action is kept."""
    case = await create(kb)
    response = await kb.post(f"{CASES}/{case['id']}/comments", json={"comment": "c1"}, headers=XSRF)
    body = await response.json()
    [comment] = body["comments"]
    expected = {
        **case,
        "version": "WzMsMV0=",
        "comments": [comment_answer(comment["id"], "WzIsMV0=")],
        "updated_at": NOW,
        "updated_by": PUSHER,
    }
    await expect_json(response, 200, expected)
    stored = {**expected, "updated_by": STORED_USER}
    await expect_json(await kb.get(f"{CASES}/{case['id']}"), 200, stored)
    actions = await actions_of(kb, case["id"])
    assert actions[-1] == {
        "action_field": ["comment"],
        "action": "create",
        "action_at": NOW,
        "action_by": NULL_USER,
        "new_value": "c1",
        "old_value": None,
        "action_id": actions[-1]["action_id"],
        "case_id": case["id"],
        "comment_id": comment["id"],
    }


async def test_add_refusals(kb: TestClient[Any, Any]) -> None:
    """An excess key or a missing comment is io-ts's 400, an unknown case the 404."""
    case = await create(kb)
    url = f"{CASES}/{case['id']}/comments"
    response = await kb.post(url, json={}, headers=XSRF)
    text = "Invalid value undefined supplied to : { comment: string }/comment: string"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.post(url, json={"comment": "c", "x": 1}, headers=XSRF)
    text = (
        'Invalid value {"comment":"c","x":1} supplied to : { comment: string }, '
        'excess properties: ["x"]'
    )
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.post(f"{CASES}/nope/comments", json={"comment": "c"}, headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))


async def test_patch_comment_changes_it_by_version(kb: TestClient[Any, Any]) -> None:
    """PATCH comment writes the text and updated_*; the answer's comments are read back (the
    comment's updated_by in stored order); a stale version is the 409; a missing field io-ts's
    400 naming the intersection's member."""
    case = await create(kb)
    [comment] = (await add(kb, case["id"]))["comments"]
    url = f"{CASES}/{case['id']}/comments"
    change = {"id": comment["id"], "version": comment["version"], "comment": "c2"}
    response = await kb.patch(url, json=change, headers=XSRF)
    body = await response.json()
    changed = comment_answer(
        comment["id"], "WzUsMV0=", "c2", updated_at=NOW, updated_by=STORED_USER
    )
    assert (response.status, body["comments"], body["version"]) == (200, [changed], "WzYsMV0=")
    response = await kb.patch(url, json=change, headers=XSRF)
    text = "This case has been updated. Please refresh before saving additional updates."
    await expect_json(response, 409, boom(409, "Conflict", text))
    response = await kb.patch(url, json={}, headers=XSRF)
    text = "\n".join(
        f"Invalid value undefined supplied to : {PATCH_TYPE}/1: {ID_VERSION}/{key}: string"
        for key in ("id", "version")
    )
    await expect_json(response, 400, boom(400, "Bad Request", text))
    actions = await actions_of(kb, case["id"])
    assert (actions[-1]["action"], actions[-1]["new_value"], actions[-1]["old_value"]) == (
        "update",
        "c2",
        "c1",
    )


async def test_comments_of_another_case(kb: TestClient[Any, Any]) -> None:
    """GET by id does not check the case; PATCH and DELETE answer Kibana's text with its
    stray ')'; an unknown comment is the saved-object 404 (§2.1, §4.2)."""
    first, second = await create(kb), await create(kb)
    [comment] = (await add(kb, first["id"]))["comments"]
    await expect_json(
        await kb.get(f"{CASES}/{second['id']}/comments/{comment['id']}"), 200, comment
    )
    text = f"This comment {comment['id']} does not exist in {second['id']})."
    response = await kb.delete(f"{CASES}/{second['id']}/comments/{comment['id']}", headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", text))
    change = {"id": comment["id"], "version": comment["version"], "comment": "x"}
    response = await kb.patch(f"{CASES}/{second['id']}/comments", json=change, headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", text))
    response = await kb.get(f"{CASES}/{first['id']}/comments/nope")
    text = "Saved object [cases-comments/nope] not found"
    await expect_json(response, 404, boom(404, "Not Found", text))


async def test_list_and_find_comments(kb: TestClient[Any, Any]) -> None:
    """GET …/comments lists them oldest first (none for an unknown case); _find pages them
    by created_at, descending on request."""
    case = await create(kb)
    await add(kb, case["id"], "c1")
    body = await add(kb, case["id"], "c2")
    first, second = body["comments"]
    await expect_json(await kb.get(f"{CASES}/{case['id']}/comments"), 200, [first, second])
    await expect_json(await kb.get(f"{CASES}/nope/comments"), 200, [])
    response = await kb.get(f"{CASES}/{case['id']}/comments/_find?perPage=1&sortOrder=desc")
    await expect_json(response, 200, {"page": 1, "per_page": 1, "total": 2, "comments": [second]})


async def test_get_returns_twenty_comments_and_delete_all_deletes_twenty(
    kb: TestClient[Any, Any],
) -> None:
    """GET case and DELETE all comments see the saved-object client's default page of 20
    (§2.1, DERIVED): 21 comments leave one behind."""
    case = await create(kb)
    for index in range(21):
        await add(kb, case["id"], f"c{index}")
    got = await (await kb.get(f"{CASES}/{case['id']}")).json()
    assert [c["comment"] for c in got["comments"]] == [f"c{index}" for index in range(20)]
    response = await kb.delete(f"{CASES}/{case['id']}/comments", headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    left = await (await kb.get(f"{CASES}/{case['id']}/comments")).json()
    assert [c["comment"] for c in left] == ["c20"]
    actions = await actions_of(kb, case["id"])
    assert [a["action"] for a in actions].count("delete") == 20


async def test_delete_one_comment(kb: TestClient[Any, Any]) -> None:
    """DELETE one comment answers 204, records `delete` and leaves the case's version."""
    case = await create(kb)
    body = await add(kb, case["id"])
    [comment] = body["comments"]
    url = f"{CASES}/{case['id']}/comments/{comment['id']}"
    response = await kb.delete(url, headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    got = await (await kb.get(f"{CASES}/{case['id']}")).json()
    assert (got["comments"], got["version"]) == ([], body["version"])
    actions = await actions_of(kb, case["id"])
    assert (actions[-1]["action"], actions[-1]["comment_id"], actions[-1]["new_value"]) == (
        "delete",
        comment["id"],
        None,
    )
