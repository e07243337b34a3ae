"""Kibana 7.8's case lists: _find with its filters, paging and sorting, tags, reporters and
the status counts."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana.core.security import Principal
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings
from tests.test_cases_v7 import CASES, MakeClient, case_answer, create

FIND_TYPE = (
    'Partial<{ tags: (Array<string> | string), status: ("open" | "closed"), reporters: '
    '(Array<string> | string), defaultSearchOperator: ("AND" | "OR"), fields: Array<string>, '
    "page: NumberFromString, perPage: NumberFromString, search: string, searchFields: "
    'Array<string>, sortField: string, sortOrder: ("desc" | "asc") }>'
)


@pytest.fixture
async def kb(make_client: MakeClient) -> TestClient[Any, Any]:
    """A strict 7.8 fake with a fixed clock."""
    return await make_client(line_settings("7.8.0"))


async def close(kb: TestClient[Any, Any], case: dict[str, Any]) -> dict[str, Any]:
    """PATCH the case closed; its answer."""
    change = {"id": case["id"], "version": case["version"], "status": "closed"}
    response = await kb.patch(CASES, json={"cases": [change]}, headers=XSRF)
    [closed] = await response.json()
    assert response.status == 200, closed
    return dict(closed)


async def found_titles(kb: TestClient[Any, Any], query: str) -> list[str]:
    """The titles _find answers for this query, in order."""
    response = await kb.get(f"{CASES}/_find?{query}")
    body = await response.json()
    assert response.status == 200, body
    return [case["title"] for case in body["cases"]]


async def test_find_answers_the_page_with_comment_counts(kb: TestClient[Any, Any]) -> None:
    """_find answers page, per_page, total, the cases with their real totalComment and the
    two counts (§2.1)."""
    case = await create(kb)
    response = await kb.post(f"{CASES}/{case['id']}/comments", json={"comment": "c"}, headers=XSRF)
    commented = await response.json()
    stored_user = {"full_name": None, "email": None, "username": None}
    expected_case = case_answer(
        case["id"],
        commented["version"],
        totalComment=1,
        updated_at=commented["updated_at"],
        updated_by=stored_user,
    )
    await expect_json(
        await kb.get(f"{CASES}/_find"),
        200,
        {
            "page": 1,
            "per_page": 20,
            "total": 1,
            "cases": [expected_case],
            "count_open_cases": 1,
            "count_closed_cases": 0,
        },
    )


async def test_find_filters_tags_or_reporters_and_status(kb: TestClient[Any, Any]) -> None:
    """Tags are OR-ed, status AND-ed; the counts use the tag filter but not the status."""
    await create(kb, title="a", tags=["x"])
    await close(kb, await create(kb, title="b", tags=["y"]))
    await create(kb, title="c", tags=["z"])
    assert await found_titles(kb, "tags=x&tags=y") == ["a", "b"]
    assert await found_titles(kb, "tags=y&status=open") == []
    response = await kb.get(f"{CASES}/_find?tags=x&tags=y&status=closed")
    body = await response.json()
    assert (body["total"], body["count_open_cases"], body["count_closed_cases"]) == (1, 1, 1)
    assert await found_titles(kb, "reporters=elastic") == []


async def test_find_sorts_pages_and_ignores_unknown_keys(kb: TestClient[Any, Any]) -> None:
    """Ascending by created_at unless sortOrder=desc; updatedAt sorts by created_at too; a
    page past the end is empty; unknown query keys are ignored (§2.1)."""
    for minute, title in ((3, "a"), (1, "b"), (2, "c")):
        response = await kb.put("/_fakekibana/clock", json={"now": f"2020-06-01T12:0{minute}:00Z"})
        assert response.status == 200
        await create(kb, title=title)
    assert await found_titles(kb, "foo=1") == ["b", "c", "a"]
    assert await found_titles(kb, "sortField=updatedAt&sortOrder=desc") == ["a", "c", "b"]
    assert await found_titles(kb, "perPage=2&page=2") == ["a"]
    assert await found_titles(kb, "perPage=2&page=3") == []
    response = await kb.get(f"{CASES}/_find?perPage=2&page=2")
    body = await response.json()
    assert (body["page"], body["per_page"], body["total"]) == (2, 2, 3)


async def test_find_sorts_by_status_and_searches(kb: TestClient[Any, Any]) -> None:
    """sortField=status sorts `closed` before `open`; search matches titles and
    descriptions, any term by default and every term with AND."""
    await create(kb, title="alpha one", description="first")
    await close(kb, await create(kb, title="beta two", description="second"))
    assert await found_titles(kb, "sortField=status") == ["beta two", "alpha one"]
    assert await found_titles(kb, "search=one%20two") == ["alpha one", "beta two"]
    query = "search=one%20first&defaultSearchOperator=AND"
    assert await found_titles(kb, query) == ["alpha one"]
    assert await found_titles(kb, "search=second&searchFields=title&searchFields=tags") == []


async def test_find_refuses_in_io_ts_words(kb: TestClient[Any, Any]) -> None:
    """A bad status gives the union's two lines, a bad page NumberFromString's message, a
    single searchFields (not an array) the array's line (§4.1)."""
    response = await kb.get(f"{CASES}/_find?status=foo")
    text = "\n".join(
        f'Invalid value "foo" supplied to : {FIND_TYPE}/status: ("open" | "closed")/{member}'
        for member in ('0: "open"', '1: "closed"')
    )
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.get(f"{CASES}/_find?page=abc")
    await expect_json(response, 400, boom(400, "Bad Request", "cannot parse to a number"))
    response = await kb.get(f"{CASES}/_find?searchFields=title")
    text = f'Invalid value "title" supplied to : {FIND_TYPE}/searchFields: Array<string>'
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_tags_status_and_reporters_without_security(kb: TestClient[Any, Any]) -> None:
    """Tags are unique in first-seen order; status counts both; reporters skips the users
    without a username (security off)."""
    await create(kb, tags=["b", "a"])
    await close(kb, await create(kb, tags=["a", "c"]))
    await expect_json(await kb.get(f"{CASES}/tags"), 200, ["b", "a", "c"])
    await expect_json(
        await kb.get(f"{CASES}/status"), 200, {"count_open_cases": 1, "count_closed_cases": 1}
    )
    await expect_json(await kb.get(f"{CASES}/reporters"), 200, [])


async def test_reporters_are_unique_by_username(make_client: MakeClient) -> None:
    """With security on, each reporter appears once, as created_by was written."""
    kb = await make_client(line_settings("7.8.0", users=(Principal("elastic", "changeme"),)))
    auth = {"Authorization": "Basic " + base64.b64encode(b"elastic:changeme").decode(), **XSRF}
    for _ in range(2):
        response = await kb.post(
            CASES, json={"title": "t", "description": "d", "tags": []}, headers=auth
        )
        assert response.status == 200
    await expect_json(
        await kb.get(f"{CASES}/reporters", headers=auth),
        200,
        [{"email": None, "full_name": None, "username": "elastic"}],
    )
    assert await found_titles_with(kb, "reporters=elastic", auth) == ["t", "t"]


async def found_titles_with(
    kb: TestClient[Any, Any], query: str, headers: dict[str, str]
) -> list[str]:
    """found_titles with credentials."""
    response = await kb.get(f"{CASES}/_find?{query}", headers=headers)
    body = await response.json()
    assert response.status == 200, body
    return [case["title"] for case in body["cases"]]
