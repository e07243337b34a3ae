"""User comments of a case in 8.19 and 9.x: add, update, find, delete all."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_cases import CASE_LINES, CASES, NULL_USER, answer, create

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
COMMENT = {"type": "user", "comment": "hello", "owner": "cases"}


@pytest.fixture(params=CASE_LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with the cases plugin's API in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


def comment(comment_id: str, version: str, text: str = "hello", **changes: Any) -> dict[str, Any]:
    """A user comment as answered (§5.2): the request keys, the bookkeeping, id, version."""
    return {
        "comment": text,
        "type": "user",
        "owner": "cases",
        "created_at": NOW,
        "created_by": NULL_USER,
        "pushed_at": None,
        "pushed_by": None,
        "updated_at": None,
        "updated_by": None,
        "id": comment_id,
        "version": version,
        **changes,
    }


async def add(kb: TestClient[Any, Any], case_id: str, text: str = "hello") -> dict[str, Any]:
    """POST a user comment; the 200 body (the case)."""
    response = await kb.post(
        f"{CASES}/{case_id}/comments", json={**COMMENT, "comment": text}, headers=XSRF
    )
    body: dict[str, Any] = await response.json()
    assert response.status == 200, body
    return body


async def test_add_answers_the_case_with_its_comments(kb: TestClient[Any, Any]) -> None:
    """POST …/comments answers the case, updated, with every comment and totalComment."""
    case = await create(kb)
    response = await kb.post(f"{CASES}/{case['id']}/comments", json=COMMENT, headers=XSRF)
    body = await response.json()
    [stored] = body["comments"]
    expected = answer(
        case["id"],
        "WzIsMV0=",
        updated_at=NOW,
        updated_by=NULL_USER,
        totalComment=1,
        comments=[comment(stored["id"], "WzEsMV0=")],
    )
    await expect_json(response, 200, expected)


async def test_get_counts_the_comments(kb: TestClient[Any, Any], version: str) -> None:
    """GET /api/cases/{id} counts user comments; 8.19 lists them, 9.x does not."""
    case = await create(kb)
    added = await add(kb, case["id"])
    response = await kb.get(f"{CASES}/{case['id']}")
    expected = {**added}
    if version.startswith("9."):
        del expected["comments"]
    await expect_json(response, 200, expected)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {},
            'Invalid value "undefined" supplied to "type",'
            'Invalid value "undefined" supplied to "comment",'
            'Invalid value "undefined" supplied to "owner"',
        ),
        (
            {**COMMENT, "comment": "x" * 30001},
            "The length of the comment is too long. The maximum length is 30000.",
        ),
        ({**COMMENT, "extra": 1}, 'invalid keys "extra"'),
    ],
)
async def test_add_refuses_a_body_with_the_decoders_text(
    kb: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """A bad comment body answers 400 with the io-ts texts (§4.1, §5.2)."""
    case = await create(kb)
    response = await kb.post(f"{CASES}/{case['id']}/comments", json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))


async def test_add_to_an_unknown_case_is_a_404(kb: TestClient[Any, Any]) -> None:
    """A comment for an unknown case answers the saved-object 404."""
    response = await kb.post(f"{CASES}/nope/comments", json=COMMENT, headers=XSRF)
    await expect_json(response, 404, boom(404, "Not Found", "Saved object [cases/nope] not found"))


async def test_update_changes_the_comment(kb: TestClient[Any, Any]) -> None:
    """PATCH …/comments with the comment's version rewrites it and stamps updated_*."""
    case = await create(kb)
    [first] = (await add(kb, case["id"]))["comments"]
    patch = {**COMMENT, "comment": "bye", "id": first["id"], "version": first["version"]}
    response = await kb.patch(f"{CASES}/{case['id']}/comments", json=patch, headers=XSRF)
    changed = comment(first["id"], "WzMsMV0=", "bye", updated_at=NOW, updated_by=NULL_USER)
    expected = answer(
        case["id"],
        "WzQsMV0=",
        updated_at=NOW,
        updated_by=NULL_USER,
        totalComment=1,
        comments=[changed],
    )
    await expect_json(response, 200, expected)


async def test_update_with_a_stale_version_is_a_conflict(kb: TestClient[Any, Any]) -> None:
    """A stale comment version answers 409 with Kibana's text."""
    case = await create(kb)
    [first] = (await add(kb, case["id"]))["comments"]
    patch = {**COMMENT, "id": first["id"], "version": "WzAsMV0="}
    response = await kb.patch(f"{CASES}/{case['id']}/comments", json=patch, headers=XSRF)
    message = "This case has been updated. Please refresh before saving additional updates."
    await expect_json(response, 409, boom(409, "Conflict", message))


async def test_update_of_another_cases_comment_is_a_404(kb: TestClient[Any, Any]) -> None:
    """A comment of another case answers 404 with Kibana's stray ')'; an unknown one the
    saved-object 404."""
    one, two = await create(kb), await create(kb)
    [first] = (await add(kb, one["id"]))["comments"]
    patch = {**COMMENT, "id": first["id"], "version": first["version"]}
    response = await kb.patch(f"{CASES}/{two['id']}/comments", json=patch, headers=XSRF)
    message = f"This comment {first['id']} does not exist in {two['id']})."
    await expect_json(response, 404, boom(404, "Not Found", message))
    patch["id"] = "nope"
    response = await kb.patch(f"{CASES}/{two['id']}/comments", json=patch, headers=XSRF)
    message = "Saved object [cases-comments/nope] not found"
    await expect_json(response, 404, boom(404, "Not Found", message))


async def test_find_pages_the_comments(kb: TestClient[Any, Any]) -> None:
    """…/comments/_find answers {page, per_page, total, comments}, newest first by default."""
    case = await create(kb)
    await add(kb, case["id"], "one")
    [one, two] = (await add(kb, case["id"], "two"))["comments"]
    response = await kb.get(f"{CASES}/{case['id']}/comments/_find")
    expected = {"page": 1, "per_page": 20, "total": 2, "comments": [two, one]}
    await expect_json(response, 200, expected)
    response = await kb.get(f"{CASES}/{case['id']}/comments/_find?sortOrder=asc&perPage=1")
    expected = {"page": 1, "per_page": 1, "total": 2, "comments": [one]}
    await expect_json(response, 200, expected)
    response = await kb.get(f"{CASES}/{case['id']}/comments/_find?perPage=101")
    message = "The provided perPage value is too high. The maximum allowed perPage value is 100."
    await expect_json(response, 400, boom(400, "Bad Request", message))


async def test_delete_all_comments(kb: TestClient[Any, Any]) -> None:
    """DELETE …/comments answers 204 and leaves the case without comments."""
    case = await create(kb)
    await add(kb, case["id"])
    response = await kb.delete(f"{CASES}/{case['id']}/comments", headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    found = await (await kb.get(f"{CASES}/{case['id']}/comments/_find")).json()
    assert found == {"page": 1, "per_page": 20, "total": 0, "comments": []}


async def test_get_and_delete_one_comment(kb: TestClient[Any, Any]) -> None:
    """GET …/comments/{id} answers the comment; DELETE answers 204 and it is gone."""
    case = await create(kb)
    [first] = (await add(kb, case["id"]))["comments"]
    url = f"{CASES}/{case['id']}/comments/{first['id']}"
    await expect_json(await kb.get(url), 200, comment(first["id"], "WzEsMV0="))
    response = await kb.delete(url, headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    message = f"Saved object [cases-comments/{first['id']}] not found"
    await expect_json(await kb.get(url), 404, boom(404, "Not Found", message))


async def test_delete_of_another_cases_comment_is_a_404(kb: TestClient[Any, Any]) -> None:
    """DELETE of a comment through another case answers Kibana's text with its stray ')'."""
    one, two = await create(kb), await create(kb)
    [first] = (await add(kb, one["id"]))["comments"]
    response = await kb.delete(f"{CASES}/{two['id']}/comments/{first['id']}", headers=XSRF)
    message = f"This comment {first['id']} does not exist in {two['id']})."
    await expect_json(response, 404, boom(404, "Not Found", message))


async def test_get_all_comments_is_deprecated_in_8_19_and_gone_in_9(
    kb: TestClient[Any, Any], version: str
) -> None:
    """8.19 answers every comment with the deprecation warning; 9.x has no such GET route."""
    case = await create(kb)
    [first] = (await add(kb, case["id"]))["comments"]
    response = await kb.get(f"{CASES}/{case['id']}/comments")
    if version.startswith("8."):
        assert response.headers["warning"] == '299 Kibana-8.19.0 "Deprecated endpoint"'
        await expect_json(response, 200, [comment(first["id"], "WzEsMV0=")])
    else:
        await expect_json(response, 404, boom(404, "Not Found", "Not Found"))
