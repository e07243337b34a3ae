"""Kibana 7.8's cases in the state document and in spaces, and the create contract as
properties: any body is a case or a Kibana-shaped 400, and a case reads back as created."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import strategies
from tests.conftest import XSRF, expect_json, ordered
from tests.kibana_lines import boom, line_settings
from tests.test_cases_v7 import CASES, MakeClient, case_answer, create

CONFIGURATION = {"connector_id": "c1", "connector_name": "sn", "closure_type": "close-by-user"}
few = settings(
    max_examples=max(10, settings().max_examples // 4),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
async def kb(make_client: MakeClient) -> TestClient[Any, Any]:
    """A strict 7.8 fake with a fixed clock."""
    return await make_client(line_settings("7.8.0"))


async def test_the_state_document_round_trips_cases(
    kb: TestClient[Any, Any], make_client: MakeClient
) -> None:
    """An export with a case, a configuration and a deleted case's user actions gives another
    server the same cases, configuration and user actions."""
    case = await create(kb)
    gone = await create(kb)
    assert (await kb.delete(f'{CASES}?ids=["{gone["id"]}"]', headers=XSRF)).status == 204
    await kb.post(f"{CASES}/configure", json=CONFIGURATION, headers=XSRF)
    exported = await (await kb.get("/_fakekibana/state")).json()
    assert list(exported["cases_v7"]["orphan_user_actions"]["default"]) == [gone["id"]]
    target = await make_client(line_settings("7.8.0"))
    assert (await target.put("/_fakekibana/state", json=exported)).status == 204
    assert await (await target.get("/_fakekibana/state")).json() == exported
    await expect_json(await target.get(f"{CASES}/{case['id']}"), 200, case)
    await expect_json(
        await target.get(f"{CASES}/configure"),
        200,
        await (await kb.get(f"{CASES}/configure")).json(),
    )
    gone_actions = await (await kb.get(f"{CASES}/{gone['id']}/user_actions")).json()
    await expect_json(await target.get(f"{CASES}/{gone['id']}/user_actions"), 200, gone_actions)


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ([], "state.cases_v7: must be an object"),
        ({}, "state.cases_v7: needs exactly configurations and orphan_user_actions"),
        (
            {"configurations": {"default": {"id": "x"}}, "orphan_user_actions": {}},
            "state.cases_v7.configurations.default: needs exactly the keys id, version and "
            "attributes",
        ),
        (
            {"configurations": {}, "orphan_user_actions": {"default": {"c": 1}}},
            "state.cases_v7.orphan_user_actions.default.c: must be an array",
        ),
    ],
)
async def test_bad_cases_v7_state_is_refused(
    kb: TestClient[Any, Any], part: Any, message: str
) -> None:
    """A malformed `cases_v7` part is a 400 naming it, and changes nothing."""
    case = await create(kb)
    response = await kb.put("/_fakekibana/state", json={"version": 1, "cases_v7": part})
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(f"{CASES}/{case['id']}"), 200, case)


async def test_a_space_s_cases_go_with_it(kb: TestClient[Any, Any]) -> None:
    """Cases live per space; deleting the space deletes its cases, configuration and user
    actions, and the default space's stay."""
    space = {"id": "ops", "name": "Ops"}
    assert (await kb.post("/api/spaces/space", json=space, headers=XSRF)).status == 200
    mine = await create(kb)
    response = await kb.post(
        "/s/ops/api/cases", json={"title": "o", "description": "d", "tags": []}, headers=XSRF
    )
    theirs = await response.json()
    await kb.post("/s/ops/api/cases/configure", json=CONFIGURATION, headers=XSRF)
    await expect_json(
        await kb.get(f"{CASES}/{theirs['id']}"),
        404,
        boom(404, "Not Found", f"Saved object [cases/{theirs['id']}] not found"),
    )
    await expect_json(await kb.get(f"{CASES}/configure"), 200, {})
    assert (await kb.delete("/api/spaces/space/ops", headers=XSRF)).status == 204
    state = await (await kb.get("/_fakekibana/state")).json()
    assert [c["id"] for c in state["cases"]["cases"]] == [mine["id"]]
    assert "cases_v7" not in state


@few
@given(body=strategies.json_values())
async def test_any_body_is_a_case_or_a_kibana_400(kb: TestClient[Any, Any], body: Any) -> None:
    """Whatever JSON is posted, the answer is a case or a Boom 400, never a 5xx."""
    response = await kb.post(CASES, json=body, headers=XSRF)
    answer = await response.json()
    assert response.status in (200, 400), answer
    if response.status == 400:
        assert list(answer) == ["statusCode", "error", "message"]


@few
@given(
    body=st.fixed_dictionaries(
        {
            "title": strategies.TEXT,
            "description": strategies.TEXT,
            "tags": st.lists(strategies.TEXT, max_size=3),
        }
    ).flatmap(lambda d: st.permutations(list(d.items())).map(dict))
)
async def test_valid_bodies_round_trip(kb: TestClient[Any, Any], body: dict[str, Any]) -> None:
    """A valid body is a case whose keys follow the body's order, and GET answers the same."""
    response = await kb.post(CASES, json=body, headers=XSRF)
    created = await response.json()
    assert response.status == 200, created
    expected = case_answer(created["id"], created["version"])
    head = list(expected.items())[:4]
    tail = [(k, v) for k, v in expected.items() if k not in body and (k, v) not in head]
    assert ordered(created) == ordered(dict([*head, *body.items(), *tail]))
    await expect_json(await kb.get(f"{CASES}/{created['id']}"), 200, created)
