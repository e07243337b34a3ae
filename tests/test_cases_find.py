"""The Cases lists of 8.19 and 9.x: _find with filters, paging and sorting; tags, reporters,
status."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings
from tests.test_cases import AUTH, BODY, CASE_LINES, CASES, ELASTIC, create

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
FIND = f"{CASES}/_find"


@pytest.fixture(params=CASE_LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with the cases plugin's API in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


def listed(case: dict[str, Any]) -> dict[str, Any]:
    """A case as _find lists it: with `comments: []`."""
    return {**case, "comments": []}


async def three(kb: TestClient[Any, Any]) -> list[dict[str, Any]]:
    """Three cases: a (tags x), b (tags y, high), c (tags x y, observability, then closed)."""
    a = await create(kb, title="alpha", tags=["x"])
    await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:00:01Z"})
    b = await create(kb, title="beta", tags=["y"], severity="high")
    await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:00:02Z"})
    c = await create(kb, title="gamma", tags=["x", "y"], owner="observability")
    response = await kb.patch(
        CASES,
        json={"cases": [{"id": c["id"], "version": c["version"], "status": "closed"}]},
        headers=XSRF,
    )
    [closed] = await response.json()
    return [a, b, closed]


async def test_find_answers_the_page_newest_first(kb: TestClient[Any, Any]) -> None:
    """_find without a query: page 1 of 20, sorted by createdAt descending, with the counts."""
    a, b, c = await three(kb)
    expected = {
        "page": 1,
        "per_page": 20,
        "total": 3,
        "cases": [listed(c), listed(b), listed(a)],
        "count_open_cases": 2,
        "count_in_progress_cases": 0,
        "count_closed_cases": 1,
    }
    await expect_json(await kb.get(FIND), 200, expected)


async def test_find_filters_pages_and_sorts(kb: TestClient[Any, Any]) -> None:
    """Tags are OR-ed, filters AND-ed; the counts ignore the status filter; sortField works."""
    a, b, c = await three(kb)
    response = await kb.get(f"{FIND}?tags=x&tags=y&status=open&sortField=title&sortOrder=asc")
    expected = {
        "page": 1,
        "per_page": 20,
        "total": 2,
        "cases": [listed(a), listed(b)],
        "count_open_cases": 2,
        "count_in_progress_cases": 0,
        "count_closed_cases": 1,
    }
    await expect_json(response, 200, expected)
    response = await kb.get(f"{FIND}?owner=cases&severity=high&perPage=1&page=1")
    page = await response.json()
    assert (page["total"], [x["id"] for x in page["cases"]]) == (1, [b["id"]])
    response = await kb.get(f"{FIND}?search=gam&perPage=2&page=1")
    page = await response.json()
    assert (page["total"], [x["id"] for x in page["cases"]]) == (1, [c["id"]])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo=1", 'invalid keys "foo"'),
        ("page=abc", "cannot parse to a number"),
        ("status=foo", 'Invalid value "foo" supplied to "status"'),
        (
            "perPage=101",
            "The provided perPage value is too high. The maximum allowed perPage value is 100.",
        ),
        (
            "page=101&perPage=100",
            "The number of documents is too high. Paginating through more than 10000 documents "
            "is not possible.",
        ),
    ],
)
async def test_find_refuses_a_query_with_the_decoders_text(
    kb: TestClient[Any, Any], query: str, message: str
) -> None:
    """_find answers 400 with the io-ts and paging texts of the reference (§4.1, §5.1)."""
    await expect_json(await kb.get(f"{FIND}?{query}"), 400, boom(400, "Bad Request", message))


async def test_tags_are_unique_and_filtered_by_owner(kb: TestClient[Any, Any]) -> None:
    """GET /api/cases/tags answers each tag once; `owner` narrows the cases."""
    await three(kb)
    await expect_json(await kb.get(f"{CASES}/tags"), 200, ["x", "y"])
    await expect_json(await kb.get(f"{CASES}/tags?owner=cases"), 200, ["x", "y"])
    await expect_json(await kb.get(f"{CASES}/tags?owner=securitySolution"), 200, [])


async def test_reporters_skip_users_without_a_username(
    make_client: MakeClient, version: str
) -> None:
    """GET /api/cases/reporters lists the users with a username, once each."""
    kb = await make_client(line_settings(version))
    await create(kb)
    await expect_json(await kb.get(f"{CASES}/reporters"), 200, [])
    secure = await make_client(line_settings(version, users=(ELASTIC,)))
    for _ in range(2):
        assert (await secure.post(CASES, json=BODY, headers=AUTH)).status == 200
    user = {"username": "elastic", "full_name": None, "email": None}
    await expect_json(await secure.get(f"{CASES}/reporters", headers=AUTH), 200, [user])


async def test_status_counts_in_8_19_and_is_a_case_id_in_9(
    kb: TestClient[Any, Any], version: str
) -> None:
    """8.19 answers the three counts with the deprecation warning; 9.x reads `status` as a
    case id (404, §2.2 DERIVED)."""
    await three(kb)
    response = await kb.get(f"{CASES}/status")
    if version.startswith("8."):
        counts = {"count_open_cases": 2, "count_in_progress_cases": 0, "count_closed_cases": 1}
        assert response.headers["warning"] == '299 Kibana-8.19.0 "Deprecated endpoint"'
        await expect_json(response, 200, counts)
    else:
        message = "Saved object [cases/status] not found"
        await expect_json(response, 404, boom(404, "Not Found", message))
