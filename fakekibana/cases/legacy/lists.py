"""7.8's lists of cases: _find, tags, reporters and the status counts.

find_cases.ts, get_tags.ts, get_reporters.ts and get_status.ts of the 7.7.0 build and the
7.8-era sources (reference kibana-cases.md §2.1). Simplifications: `search` matches any
(`OR`, the default operator) or every (`AND`) whitespace-separated term as a case-insensitive
substring of the search fields (title, description and tags when none are given); `fields`
is accepted and does not trim the answer; Elasticsearch's paging limits are not reproduced
(a page past the end is empty).
"""

from __future__ import annotations

import math
from typing import Any

from fakekibana.cases.legacy import codecs, messages, view
from fakekibana.cases.legacy import iots as rt
from fakekibana.cases.legacy.client import DEFAULT_PER_PAGE, Case
from fakekibana.core.errors import BadRequest

# sortToSnake: anything else, the documented updatedAt included, sorts by created_at (§2.1).
_SORT_FIELDS = {
    "status": "status",
    "createdAt": "created_at",
    "created_at": "created_at",
    "closedAt": "closed_at",
    "closed_at": "closed_at",
}
_SEARCHED = ("title", "description", "tags")


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _filtered(cases: list[Case], query: dict[str, Any]) -> list[Case]:
    """The tags filter OR-ed, the reporters (created_by.username) filter OR-ed, AND-ed."""
    tags, reporters = _many(query.get("tags")), _many(query.get("reporters"))
    return [
        case
        for case in cases
        if (not tags or any(tag in tags for tag in case["attributes"].get("tags", [])))
        and (
            not reporters
            or (case["attributes"].get("created_by") or {}).get("username") in reporters
        )
    ]


def _searched(case: Case, query: dict[str, Any]) -> bool:
    search = query.get("search")
    if not search:
        return True
    fields = query.get("searchFields") or _SEARCHED
    texts = [_text(case["attributes"].get(field)).lower() for field in fields]
    found = [any(term in text for text in texts) for term in search.lower().split()]
    return all(found) if query.get("defaultSearchOperator") == "AND" else any(found)


def _paging(query: dict[str, Any], key: str, default: int) -> int | float:
    value = query.get(key, default)
    # +"Infinity" is a number io-ts accepts and Elasticsearch refuses: a 400 here.
    if not math.isfinite(value):
        raise BadRequest(messages.NOT_A_NUMBER)
    return int(value) if float(value).is_integer() else value


def page_of(items: list[Any], page: float, per_page: float) -> list[Any]:
    """The saved-object find's page: from (page - 1) x perPage, perPage of them."""
    start, size = int((page - 1) * per_page), int(per_page)
    if start < 0 or size <= 0:
        return []
    return items[start : start + size]


def find(cases: list[Case], query: Any, configured: str) -> dict[str, Any]:
    """GET /api/cases/_find: the page and the open/closed counts under the same filters."""
    decoded = rt.decode(codecs.FIND, query)
    page = _paging(decoded, "page", 1)
    per_page = _paging(decoded, "perPage", DEFAULT_PER_PAGE)
    filtered = [c for c in _filtered(cases, decoded) if _searched(c, decoded)]
    status = decoded.get("status")
    matching = [c for c in filtered if status is None or c["attributes"]["status"] == status]
    field = _SORT_FIELDS.get(decoded.get("sortField", ""), "created_at")
    # No sortOrder: Elasticsearch's ascending default (DERIVED). Cases without a value come
    # last either way; ties keep index order.
    descending = decoded.get("sortOrder") == "desc"
    present = [c for c in matching if c["attributes"].get(field) is not None]
    absent = [c for c in matching if c["attributes"].get(field) is None]
    present.sort(key=lambda c: c["attributes"][field], reverse=descending)
    counts = {"open": 0, "closed": 0}
    for case in filtered:
        if case["attributes"]["status"] in counts:
            counts[case["attributes"]["status"]] += 1
    answers = []
    for case in page_of(present + absent, page, per_page):
        answer = view.case(case, configured=configured)
        # totalComment is a real count only here (§3.1).
        answer["totalComment"] = len(case["comments"])
        answers.append(answer)
    return {
        "page": page,
        "per_page": per_page,
        "total": len(matching),
        "cases": answers,
        "count_open_cases": counts["open"],
        "count_closed_cases": counts["closed"],
    }


def tags(cases: list[Case]) -> list[str]:
    """GET /api/cases/tags: unique tags, first seen first over the cases in index order."""
    return list(dict.fromkeys(tag for case in cases for tag in case["attributes"]["tags"]))


def reporters(cases: list[Case]) -> list[dict[str, Any]]:
    """GET /api/cases/reporters: each case's created_by, one per username, users without a
    username skipped."""
    users: dict[str, dict[str, Any]] = {}
    for case in cases:
        user = case["attributes"]["created_by"] or {}
        name = user.get("username")
        if name is not None and name not in users:
            users[name] = dict(user)
    return list(users.values())


def status(cases: list[Case]) -> dict[str, int]:
    """GET /api/cases/status: the open and closed counts."""
    held = [case["attributes"]["status"] for case in cases]
    return {"count_open_cases": held.count("open"), "count_closed_cases": held.count("closed")}
