"""_find, tags, reporters and status of the cases plugin (8.19 / 9.x).

server/client/cases/find.ts and the cases service (reference kibana-cases.md §2.2, §3.2,
§5.1). The query is decoded with io-ts (`FindCasesParamsRt`), so unknown keys are refused with
`invalid keys "<k>"`. Simplifications: `search` matches any (`OR`, the default operator) or
every (`AND`) whitespace-separated term as a case-insensitive substring of the search fields;
`from`/`to` compare ISO times with `created_at` (date math is not evaluated).
"""

from __future__ import annotations

import datetime
import itertools
import math
from typing import Any

from fakekibana.cases import codecs, messages, view
from fakekibana.cases import decode as rt
from fakekibana.cases.store import Case, CaseStore
from fakekibana.core.errors import BadRequest


def number_from_string(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
    """NumberFromString: a number's text, else its own message (§4.1)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return rt.MISSING, [messages.NOT_A_NUMBER]
    if not math.isfinite(number):  # NaN, Infinity
        return rt.MISSING, [messages.NOT_A_NUMBER]
    # Paging works in whole pages (Elasticsearch's from/size are integers).
    return int(number), []


def _one_or_many(item: rt.Codec) -> rt.Codec:
    return rt.union(rt.array(item), item)


# FindCasesParamsRt (common/types/api/case/v1.ts, §5.1), in the reference's order.
SORT_FIELDS = {
    "title": "title",
    "category": "category",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "closedAt": "closed_at",
    "status": "status",
    "severity": "severity",
}
FIND = rt.strict(
    {
        "tags": _one_or_many(rt.string),
        "status": _one_or_many(rt.keyof(*codecs.STATUSES)),
        "severity": _one_or_many(rt.keyof(*codecs.SEVERITIES)),
        "assignees": _one_or_many(rt.string),
        "reporters": _one_or_many(rt.string),
        "defaultSearchOperator": rt.keyof("AND", "OR"),
        "from": rt.string,
        "to": rt.string,
        "search": rt.string,
        "searchFields": _one_or_many(rt.keyof("title", "description")),
        "sortField": rt.keyof(*SORT_FIELDS),
        "sortOrder": rt.keyof("desc", "asc"),
        "owner": _one_or_many(rt.string),
        "category": _one_or_many(rt.string),
        "page": number_from_string,
        "perPage": number_from_string,
    },
    optional=True,
)
OWNER_QUERY = rt.strict({"owner": _one_or_many(rt.string)}, optional=True)
# How Elasticsearch holds severity and status (numbers sorted as such; the cases service's
# ES model, server/common/constants).
_RANKS = {
    "severity": {"low": 0, "medium": 10, "high": 20, "critical": 30},
    "status": {"open": 0, "in-progress": 10, "closed": 20},
}


def _many(value: Any) -> list[Any] | None:
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def _time(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _matches(attributes: dict[str, Any], query: dict[str, Any], with_status: bool) -> bool:
    """Whether a case passes the filters: values OR-ed within a filter, filters AND-ed."""
    values_of: dict[str, list[Any]] = {
        "tags": attributes["tags"],
        "status": [attributes["status"]],
        "severity": [attributes["severity"]],
        "owner": [attributes["owner"]],
        "category": [attributes["category"]],
        "reporters": [attributes["created_by"]["username"]],
        "assignees": [a["uid"] for a in attributes["assignees"]],
    }
    for key, held in values_of.items():
        wanted = _many(query.get(key))
        if wanted is None or (key == "status" and not with_status):
            continue
        if not any(value in wanted for value in held):
            return False
    created = _time(attributes["created_at"])
    start = _time(query["from"]) if "from" in query else None
    end = _time(query["to"]) if "to" in query else None
    if created is not None and (
        (start is not None and created < start) or (end is not None and created > end)
    ):
        return False
    search = query.get("search")
    if search:
        fields = _many(query.get("searchFields")) or ["title", "description"]
        texts = [str(attributes[field]).lower() for field in fields]
        terms = search.lower().split()
        found = [any(term in text for text in texts) for term in terms]
        if not (all(found) if query.get("defaultSearchOperator") == "AND" else any(found)):
            return False
    return True


def _sort_key(attributes: dict[str, Any], field: str) -> Any:
    value = attributes[field]
    return _RANKS[field][value] if field in _RANKS else value


# The query keys that filter; without them (and with createdAt order) _find reads the index.
_FILTERS = (
    "tags",
    "status",
    "severity",
    "assignees",
    "reporters",
    "from",
    "to",
    "owner",
    "category",
)


def _scan(
    cases: list[Case], decoded: dict[str, Any], page: int, per_page: int
) -> tuple[list[Case], int, dict[str, int]]:
    """Any query: filter and sort every case; the page, the total and the status counts."""
    matching = [c for c in cases if _matches(c["attributes"], decoded, with_status=True)]
    field = SORT_FIELDS[decoded.get("sortField", "createdAt")]
    descending = decoded.get("sortOrder", "desc") == "desc"
    # Elasticsearch puts documents without a value last in either order.
    present = [c for c in matching if c["attributes"][field] is not None]
    absent = [c for c in matching if c["attributes"][field] is None]
    present.sort(key=lambda c: _sort_key(c["attributes"], field), reverse=descending)
    ordered = present + absent
    start = (page - 1) * per_page
    counted = [c for c in cases if _matches(c["attributes"], decoded, with_status=False)]
    counts = {status: 0 for status in codecs.STATUSES}
    for case in counted:
        counts[case["attributes"]["status"]] += 1
    return ordered[start : start + per_page], len(matching), counts


def _newest(cases: dict[str, Case], stop: int) -> list[Case]:
    """The first `stop` cases of _scan's stable created_at-descending sort, for cases stored in
    created_at order: read back from the newest, each run of equal created_at in stored order
    (a stable sort keeps ties as they were)."""
    found: list[Case] = []
    run: list[Case] = []
    run_at = None
    for case in reversed(cases.values()):
        created = case["attributes"]["created_at"]
        if created != run_at:
            found.extend(reversed(run))
            if len(found) >= stop:
                return found[:stop]
            run, run_at = [], created
        run.append(case)
    found.extend(reversed(run))
    return found[:stop]


def _unfiltered(decoded: dict[str, Any], page: int, per_page: int) -> bool:
    """Whether the query is the cases list's default one: no filter, createdAt order."""
    return (
        page >= 1
        and per_page >= 1
        and decoded.get("sortField", "createdAt") == "createdAt"
        and not decoded.get("search")
        and not any(key in decoded for key in _FILTERS)
    )


def find(store: CaseStore, space: str, query: Any, comments: Any) -> dict[str, Any]:
    """GET /api/cases/_find: the page of matching cases and the status counts (§3.2)."""
    decoded = rt.decode_or_throw(FIND, query)
    page, per_page = decoded.get("page", 1), decoded.get("perPage", 20)
    # paginationSchema (§4.1): perPage at most 100, page x perPage at most 10000.
    if per_page > codecs.MAX_CASES_PER_PAGE:
        raise BadRequest(messages.per_page_too_high(codecs.MAX_CASES_PER_PAGE))
    if page * per_page > codecs.MAX_DOCS_PER_PAGE:
        raise BadRequest(messages.TOO_MANY_DOCUMENTS)
    cases = store.cases(space)
    index = store.index.ordered(space)
    if index is not None and _unfiltered(decoded, page, per_page):
        # What _scan answers, without reading every case (index.py says why).
        start, stop = (page - 1) * per_page, page * per_page
        if decoded.get("sortOrder", "desc") == "desc":
            shown = _newest(cases, stop)[start:]
        else:
            shown = list(itertools.islice(cases.values(), start, stop))
        total = len(cases)
        counts = {status: index.counts.get(status, 0) for status in codecs.STATUSES}
    else:
        shown, total, counts = _scan(list(cases.values()), decoded, page, per_page)
    return {
        "page": page,
        "per_page": per_page,
        "total": total,
        "cases": [view.case(c, len(comments(c)), []) for c in shown],
        "count_open_cases": counts["open"],
        "count_in_progress_cases": counts["in-progress"],
        "count_closed_cases": counts["closed"],
    }


def _owned(cases: list[Case], query: Any) -> list[Case]:
    owners = _many(rt.decode_or_throw(OWNER_QUERY, query).get("owner"))
    return [c for c in cases if owners is None or c["attributes"]["owner"] in owners]


def tags(cases: list[Case], query: Any) -> list[str]:
    """GET /api/cases/tags: unique tags, ascending (a terms aggregation ordered by _key;
    UNCONFIRMED, the reference gives no order for 8.19/9.x)."""
    return sorted({tag for case in _owned(cases, query) for tag in case["attributes"]["tags"]})


def reporters(cases: list[Case], query: Any) -> list[dict[str, Any]]:
    """GET /api/cases/reporters: one user per username, by username, users without one
    skipped (a terms aggregation on created_by.username ordered by _key, its newest case's
    created_by; UNCONFIRMED beyond the reference's 7.x rule)."""
    users: dict[str, dict[str, Any]] = {}
    for case in _owned(cases, query):
        user = case["attributes"]["created_by"]
        if user.get("username") is not None:
            users[user["username"]] = user
    return [users[name] for name in sorted(users)]


def status(cases: list[Case], query: Any) -> dict[str, int]:
    """GET /api/cases/status (8.19 only): the three counts."""
    counts = {status: 0 for status in codecs.STATUSES}
    for case in _owned(cases, query):
        counts[case["attributes"]["status"]] += 1
    return {
        "count_open_cases": counts["open"],
        "count_in_progress_cases": counts["in-progress"],
        "count_closed_cases": counts["closed"],
    }
