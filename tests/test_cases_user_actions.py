"""User actions of 8.19 and 9.x cases: what each write records, _find, and 8.19's get-all."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_cases import NULL_USER, create

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
LINES = ("8.19.0", "9.2.0", "9.4.0")
CONNECTOR = {"id": "none", "type": ".none", "fields": None, "name": "none"}


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with the cases plugin's API in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


def action(
    kind: str, verb: str, payload: dict[str, Any], found: dict[str, Any], comment_id: Any = None
) -> dict[str, Any]:
    """A user action as _find answers it; id and version taken from the answer."""
    own = (
        {"type": kind, "payload": payload}
        if kind == "create_case"
        else {"payload": payload, "type": kind}
    )
    return {
        **own,
        "created_at": NOW,
        "created_by": NULL_USER,
        "owner": "cases",
        "action": verb,
        "comment_id": comment_id,
        "id": found["id"],
        "version": found["version"],
    }


CREATED = {
    "connector": CONNECTOR,
    "title": "t",
    "description": "d",
    "tags": ["a"],
    "settings": {"syncAlerts": False},
    "owner": "cases",
    "severity": "low",
    "assignees": [],
    "status": "open",
    "category": None,
    "customFields": [],
}


async def history(kb: TestClient[Any, Any]) -> tuple[dict[str, Any], str]:
    """A case created, patched (tags and title) and commented on; the case and comment id."""
    case = await create(kb)
    patch = {"cases": [{"id": case["id"], "version": case["version"], "tags": ["b"], "title": "u"}]}
    assert (await kb.patch("/api/cases", json=patch, headers=XSRF)).status == 200
    comment = {"type": "user", "comment": "c", "owner": "cases"}
    response = await kb.post(f"/api/cases/{case['id']}/comments", json=comment, headers=XSRF)
    added = await response.json()
    return case, added["comments"][0]["id"]


async def test_find_answers_every_user_action_oldest_first(kb: TestClient[Any, Any]) -> None:
    """_find answers create_case, the tags add/delete, the title update and the comment, in
    codec order, with page, perPage and total after them."""
    case, comment_id = await history(kb)
    response = await kb.get(f"/api/cases/{case['id']}/user_actions/_find")
    found = (await response.json())["userActions"]
    expected = {
        "userActions": [
            action("create_case", "create", CREATED, found[0]),
            action("tags", "add", {"tags": ["b"]}, found[1]),
            action("tags", "delete", {"tags": ["a"]}, found[2]),
            action("title", "update", {"title": "u"}, found[3]),
            action(
                "comment",
                "create",
                {"comment": {"comment": "c", "type": "user", "owner": "cases"}},
                found[4],
                comment_id,
            ),
        ],
        "page": 1,
        "perPage": 20,
        "total": 5,
    }
    await expect_json(response, 200, expected)


async def test_find_filters_sorts_and_pages(kb: TestClient[Any, Any]) -> None:
    """types OR-ed (`user` is user comments created), sortOrder desc, page and perPage."""
    case, _ = await history(kb)
    url = f"/api/cases/{case['id']}/user_actions/_find"
    body = await (await kb.get(f"{url}?types=user&types=title")).json()
    assert [a["type"] for a in body["userActions"]] == ["title", "comment"]
    body = await (await kb.get(f"{url}?types=action&sortOrder=desc&perPage=2&page=2")).json()
    kinds = [(a["type"], a["action"]) for a in body["userActions"]]
    assert (kinds, body["page"], body["perPage"], body["total"]) == (
        [("tags", "add"), ("create_case", "create")],
        2,
        2,
        4,
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("types=nope", 'Invalid value "nope" supplied to "types"'),
        (
            "perPage=101",
            "The provided perPage value is too high. The maximum allowed perPage value is 100.",
        ),
        ("page=abc", "cannot parse to a number"),
        ("foo=1", 'invalid keys "foo"'),
    ],
)
async def test_find_refuses_bad_queries(kb: TestClient[Any, Any], query: str, message: str) -> None:
    """A query the io-ts codec refuses is a 400 with its text."""
    case = await create(kb)
    response = await kb.get(f"/api/cases/{case['id']}/user_actions/_find?{query}")
    await expect_json(response, 400, boom(400, "Bad Request", message))


async def test_find_of_an_unknown_case_is_not_found(kb: TestClient[Any, Any]) -> None:
    """_find of a case that does not exist answers the saved-object 404."""
    response = await kb.get("/api/cases/nope/user_actions/_find")
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))


async def test_comment_update_and_delete_are_recorded(kb: TestClient[Any, Any]) -> None:
    """Editing and deleting a comment record update and delete actions with its id."""
    case, comment_id = await history(kb)
    patch = {"id": comment_id, "version": "", "type": "user", "comment": "e", "owner": "cases"}
    listing = await (await kb.get(f"/api/cases/{case['id']}/comments/{comment_id}")).json()
    patch["version"] = listing["version"]
    response = await kb.patch(f"/api/cases/{case['id']}/comments", json=patch, headers=XSRF)
    assert response.status == 200, await response.text()
    url = f"/api/cases/{case['id']}/comments/{comment_id}"
    assert (await kb.delete(url, headers=XSRF)).status == 204
    body = await (await kb.get(f"/api/cases/{case['id']}/user_actions/_find?types=comment")).json()
    got = [(a["action"], a["payload"], a["comment_id"]) for a in body["userActions"]]
    assert got == [
        ("create", {"comment": {"comment": "c", "type": "user", "owner": "cases"}}, comment_id),
        ("update", {"comment": {"type": "user", "comment": "e", "owner": "cases"}}, comment_id),
        ("delete", {"comment": {"comment": "e", "type": "user", "owner": "cases"}}, comment_id),
    ]


async def test_get_all_is_served_by_8_19_only(kb: TestClient[Any, Any], version: str) -> None:
    """8.19 answers the deprecated get-all with its warning and action_id/case_id; 9.x has no
    such route (PR #208086)."""
    case = await create(kb)
    response = await kb.get(f"/api/cases/{case['id']}/user_actions")
    if version != "8.19.0":
        await expect_json(response, 404, boom(404, "Not Found", "Not Found"))
        return
    body = await response.json()
    assert response.headers["warning"] == '299 Kibana-8.19.0 "Deprecated endpoint"'
    [created] = body
    expected = {
        "type": "create_case",
        "payload": CREATED,
        "created_at": NOW,
        "created_by": NULL_USER,
        "owner": "cases",
        "action": "create",
        "action_id": created["action_id"],
        "case_id": case["id"],
        "comment_id": None,
    }
    await expect_json(response, 200, [expected])
    missing = await kb.get("/api/cases/nope/user_actions")
    await expect_json(missing, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))


async def test_user_actions_are_isolated_per_space(kb: TestClient[Any, Any]) -> None:
    """A case of another space has no user actions in the default space (404)."""
    space = {"id": "team", "name": "team", "disabledFeatures": []}
    assert (await kb.post("/api/spaces/space", json=space, headers=XSRF)).status == 200
    body = {**CREATED, "connector": {k: CONNECTOR[k] for k in ("id", "name", "type", "fields")}}
    request = {
        k: body[k] for k in ("title", "description", "tags", "connector", "settings", "owner")
    }
    response = await kb.post("/s/team/api/cases", json=request, headers=XSRF)
    case = await response.json()
    found = await (await kb.get(f"/s/team/api/cases/{case['id']}/user_actions/_find")).json()
    assert found["total"] == 1
    response = await kb.get(f"/api/cases/{case['id']}/user_actions/_find")
    message = f"Saved object [cases/{case['id']}] not found"
    await expect_json(response, 404, boom(404, "Not Found", message))
