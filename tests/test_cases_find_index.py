"""_find's default query read from the case store's index: the same answers as a full scan."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from fakekibana.cases import find
from fakekibana.cases.store import CaseStore
from fakekibana.core.store import Shared
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import line_settings
from tests.test_cases import CASES, create

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SPACES = ("default", "s1")
STATUSES = ("open", "in-progress", "closed")
# Few distinct times, so that ties (a frozen clock) and a clock set back both happen.
TIMES = ("2020-06-01T12:00:00.000Z", "2020-06-01T12:00:01.000Z", "2020-06-01T12:00:02.000Z")


def stored_case(case_id: str, created_at: str, status: str) -> dict[str, Any]:
    """A stored case with the attributes _find reads and answers."""
    attributes = {
        "title": case_id,
        "description": "d",
        "tags": [],
        "owner": "cases",
        "category": None,
        "customFields": [],
        "assignees": [],
        "observables": [],
        "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
        "severity": "low",
        "status": status,
        "settings": {"syncAlerts": False},
        "duration": None,
        "closed_at": None,
        "closed_by": None,
        "created_at": created_at,
        "created_by": {"username": None, "full_name": None, "email": None},
        "updated_at": None,
        "updated_by": None,
        "external_service": None,
    }
    return {"id": case_id, "version": "WzAsMV0=", "attributes": attributes}


def model_find(cases: list[dict[str, Any]], page: int, per_page: int, order: str) -> Any:
    """The answer's ids, total and counts as a stable sort on created_at gives them."""
    ordered = sorted(cases, key=lambda c: c["attributes"]["created_at"], reverse=order == "desc")
    shown = ordered[(page - 1) * per_page : page * per_page]
    counts = [sum(c["attributes"]["status"] == s for c in cases) for s in STATUSES]
    return [c["id"] for c in shown], len(cases), counts


def found(store: CaseStore, space: str, query: dict[str, Any]) -> Any:
    """_find's answer reduced to the model's shape."""
    answer = find.find(store, space, query, lambda _: [])
    counts = [answer[f"count_{s.replace('-', '_')}_cases"] for s in STATUSES]
    return [c["id"] for c in answer["cases"]], answer["total"], counts


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("create"),
            st.sampled_from(SPACES),
            st.sampled_from(TIMES),
            st.sampled_from(STATUSES),
        ),
        st.tuples(st.just("status"), st.integers(0, 30), st.sampled_from(STATUSES)),
        st.tuples(st.just("delete"), st.integers(0, 30)),
        st.tuples(st.just("drop"), st.sampled_from(SPACES)),
        st.tuples(st.just("import")),
    ),
    max_size=40,
)


@settings(max_examples=150)
@given(
    operations=OPERATIONS,
    page=st.integers(1, 4),
    per_page=st.integers(1, 5),
    order=st.sampled_from(["desc", "asc", None]),
)
def test_default_find_answers_as_a_full_sort_would(
    operations: list[tuple[Any, ...]], page: int, per_page: int, order: str | None
) -> None:
    """After any creates, status changes, deletes, space drops and imports, the default _find
    answers each space's page, total and counts as a stable created_at sort and a count do."""
    store = CaseStore(Shared())
    made: list[tuple[str, str]] = []
    for operation in operations:
        if operation[0] == "create":
            _, space, created_at, status = operation
            case_id = f"c{len(made)}"
            store.put(space, stored_case(case_id, created_at, status))
            made.append((space, case_id))
        elif operation[0] == "status" and made:
            space, case_id = made[operation[1] % len(made)]
            document = store.get(space, case_id)
            if document is not None:
                document["attributes"]["status"] = operation[2]
                store.put(space, document)
        elif operation[0] == "delete" and made:
            store.delete(*made[operation[1] % len(made)])
        elif operation[0] == "drop":
            store.reset(operation[1])
        elif operation[0] == "import":
            store.prepare_import(
                {
                    "cases": {
                        "seq": 1,
                        "cases": [
                            {"space": space, **case, "comments": [], "user_actions": []}
                            for space, bucket in store.spaces.items()
                            for case in reversed(list(bucket.values()))
                        ],
                    }
                }
            )()
    query: dict[str, Any] = {"page": str(page), "perPage": str(per_page)}
    if order is not None:
        query["sortOrder"] = order
    for space in SPACES:
        cases = list(store.cases(space).values())
        assert found(store, space, query) == model_find(cases, page, per_page, order or "desc")


def test_default_find_reads_only_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """With cases stored in created_at order, the default _find filters no case: it reads the
    page and the kept counts."""
    store = CaseStore(Shared())
    for index in range(30):
        store.put("default", stored_case(f"c{index}", TIMES[index * 3 // 30], STATUSES[index % 3]))

    def scanned(*_: Any, **__: Any) -> bool:
        raise AssertionError

    monkeypatch.setattr(find, "_matches", scanned)
    ids = [f"c{index}" for index in (20, 21, 22)]
    assert found(store, "default", {"perPage": "3"}) == (ids, 30, [10, 10, 10])


def test_a_filtered_find_still_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """A query with a filter goes through every case's filter, as before."""
    store = CaseStore(Shared())
    store.put("default", stored_case("c0", TIMES[0], "open"))
    calls: list[bool] = []
    monkeypatch.setattr(find, "_matches", lambda *_, **__: calls.append(True) or True)
    find.find(store, "default", {"status": "open"}, lambda _: [])
    assert calls == [True, True]


@pytest.fixture(params=("8.19.0", "9.4.0"))
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A strict fake of each release line with the cases API."""
    return await make_client(line_settings(request.param))


async def test_find_after_the_clock_is_set_back_answers_by_created_at(
    kb: TestClient[Any, Any],
) -> None:
    """A case created after the clock was set back is listed by its created_at, not by when it
    was stored, and the counts follow a close."""
    await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:00:05Z"})
    late = await create(kb, title="late")
    await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:00:01Z"})
    early = await create(kb, title="early")
    change = {"id": early["id"], "version": early["version"], "status": "closed"}
    response = await kb.patch(CASES, json={"cases": [change]}, headers=XSRF)
    [closed] = await response.json()
    assert response.status == 200
    expected = {
        "page": 1,
        "per_page": 20,
        "total": 2,
        "cases": [{**late, "comments": []}, {**closed, "comments": []}],
        "count_open_cases": 1,
        "count_in_progress_cases": 0,
        "count_closed_cases": 1,
    }
    await expect_json(await kb.get(f"{CASES}/_find"), 200, expected)
