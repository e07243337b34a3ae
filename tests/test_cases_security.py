"""Cases of 8.19 and 9.x with security on: the cases authorization's 403 on every route that
checks it, for a user who may only read and for one who may do nothing.

The fake's roles stand for feature privileges (README, Cases): `read` may get, `all` may
write; Kibana's text names the operation and the case's owner (reference kibana-cases.md
§4.2, `Unauthorized to <verb> <docType> with owners: "<owner>"`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings
from tests.test_cases import BODY, CASES
from tests.test_spaces_security import as_user

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
USERS = ("elastic:pw:superuser", "reader:pw:read", "nobody:pw:none")
LINES = ("8.19.0", "9.4.0")
SERVICENOW = {
    "name": "sn",
    "connector_type_id": ".servicenow",
    "config": {"apiUrl": "https://sn.example.com", "usesTableApi": False},
    "secrets": {"username": "u", "password": "p"},
}


def refused(operation: str) -> dict[str, Any]:
    """The cases authorization's 403 for an operation on a `cases` case."""
    return boom(403, "Forbidden", f'Unauthorized to {operation} with owners: "cases"')


@pytest.fixture(params=LINES)
async def world(make_client: MakeClient, request: pytest.FixtureRequest) -> dict[str, Any]:
    """A secured fake where the superuser made a connector, a case with a comment, and a
    configuration."""
    kb = await make_client(line_settings(request.param, users=USERS))
    admin = as_user("elastic", **XSRF)

    async def made(path: str, body: Any, method: str = "post") -> Any:
        response = await kb.request(method.upper(), path, json=body, headers=admin)
        answer = await response.json()
        assert response.status == 200, answer
        return answer

    connector = await made("/api/actions/connector", SERVICENOW)
    case = await made(CASES, BODY)
    commented = await made(
        f"{CASES}/{case['id']}/comments", {"type": "user", "comment": "c", "owner": "cases"}
    )
    configuration = await made(
        f"{CASES}/configure",
        {
            "owner": "cases",
            "closure_type": "close-by-user",
            "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
        },
    )
    return {
        "kb": kb,
        "connector": connector["id"],
        "case": commented,
        "comment": commented["comments"][0],
        "configuration": configuration,
    }


def writes(world: dict[str, Any]) -> list[tuple[str, str, Any, str]]:
    """(method, path, body, operation) of every write the cases authorization checks."""
    case, comment = world["case"], world["comment"]
    configuration = world["configuration"]
    return [
        (
            "PATCH",
            CASES,
            {"cases": [{"id": case["id"], "version": case["version"], "title": "t2"}]},
            "update case",
        ),
        ("DELETE", f'{CASES}?ids=["{case["id"]}"]', None, "delete case"),
        (
            "POST",
            f"{CASES}/{case['id']}/comments",
            {"type": "user", "comment": "more", "owner": "cases"},
            "create comment",
        ),
        (
            "PATCH",
            f"{CASES}/{case['id']}/comments",
            {
                "id": comment["id"],
                "version": comment["version"],
                "type": "user",
                "comment": "edited",
                "owner": "cases",
            },
            "update comment",
        ),
        ("DELETE", f"{CASES}/{case['id']}/comments/{comment['id']}", None, "delete comment"),
        ("DELETE", f"{CASES}/{case['id']}/comments", None, "delete comment"),
        (
            "POST",
            f"{CASES}/configure",
            {
                "owner": "cases",
                "closure_type": "close-by-pushing",
                "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
            },
            "create case configuration",
        ),
        (
            "PATCH",
            f"{CASES}/configure/{configuration['id']}",
            {"version": configuration["version"], "closure_type": "close-by-pushing"},
            "update case configuration",
        ),
        (
            "POST",
            f"{CASES}/{case['id']}/connector/{world['connector']}/_push",
            None,
            "push case",
        ),
    ]


async def test_a_reader_may_get_but_not_write(world: dict[str, Any]) -> None:
    """`read` gets the case (200) and is refused each write with its operation's 403; nothing
    changes."""
    kb, case = world["kb"], world["case"]
    reader = as_user("reader", **XSRF)
    before = await (await kb.get("/_fakekibana/state")).json()
    response = await kb.get(f"{CASES}/{case['id']}", headers=reader)
    assert response.status == 200, await response.text()
    for method, path, body, operation in writes(world):
        response = await kb.request(method, path, json=body, headers=reader)
        await expect_json(response, 403, refused(operation))
    assert await (await kb.get("/_fakekibana/state")).json() == before


async def test_a_user_without_privileges_may_not_even_get(world: dict[str, Any]) -> None:
    """A role with no privilege is refused the case itself: `Unauthorized to get case`."""
    kb, case = world["kb"], world["case"]
    response = await kb.get(f"{CASES}/{case['id']}", headers=as_user("nobody"))
    await expect_json(response, 403, refused("get case"))
