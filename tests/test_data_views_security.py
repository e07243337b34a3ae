"""Data views of 8.19 and 9.x with security on: the write routes' `indexPatterns:manage` 403,
the reads' saved-objects refusal (a 400 after the plugin's handle_errors), and space roles.

Roles (saved_objects/authz.py, data_views/routes.py): `superuser` all, `read` reads
everywhere, `all@s1` everything in s1 only, `none` nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings
from tests.test_data_views import spec
from tests.test_spaces_security import as_user

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
USERS = ("elastic:pw:superuser", "reader:pw:read", "nobody:pw:none", "s1all:pw:all@s1")
DV = "/api/data_views"
ADMIN = as_user("elastic", **XSRF)


def manage_refused(api: str) -> dict[str, Any]:
    """Kibana's authz refusal of a route needing `indexPatterns:manage`."""
    return boom(
        403,
        "Forbidden",
        f"API [{api}] is unauthorized for user, this action is granted by the Kibana "
        "privileges [indexPatterns:manage]",
    )


@pytest.fixture(params=["8.19.0", "9.4.0"])
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A secured fake with a space s1 and a data view `v1` in the default space."""
    client = await make_client(line_settings(request.param, users=USERS))
    made = await client.post("/api/spaces/space", json={"id": "s1", "name": "S1"}, headers=ADMIN)
    assert made.status == 200, await made.text()
    body = {"data_view": {"title": "logs-*", "id": "v1"}}
    made = await client.post(f"{DV}/data_view", json=body, headers=ADMIN)
    assert made.status == 200, await made.text()
    return client


async def state(kb: TestClient[Any, Any]) -> Any:
    """The whole state document."""
    return await (await kb.get("/_fakekibana/state")).json()


async def test_a_reader_reads_but_every_write_is_refused(kb: TestClient[Any, Any]) -> None:
    """`read` gets the data view; each write route answers the authz 403 naming its method
    and path (legacy mirror included), before the body is validated, and nothing changes."""
    reader = as_user("reader", **XSRF)
    response = await kb.get(f"{DV}/data_view/v1", headers=reader)
    await expect_json(response, 200, {"data_view": spec("v1")})
    before = await state(kb)
    writes = [
        ("POST", f"{DV}/data_view"),
        ("POST", f"{DV}/data_view/v1"),
        ("DELETE", f"{DV}/data_view/v1"),
        ("POST", f"{DV}/default"),
        ("POST", f"{DV}/data_view/v1/runtime_field"),
        ("PUT", f"{DV}/data_view/v1/runtime_field"),
        ("POST", f"{DV}/data_view/v1/runtime_field/f"),
        ("DELETE", f"{DV}/data_view/v1/runtime_field/f"),
        ("POST", "/api/index_patterns/index_pattern"),
    ]
    for method, path in writes:
        response = await kb.request(method, path, json={}, headers=reader)
        await expect_json(response, 403, manage_refused(f"{method} {path}"))
    assert await state(kb) == before


async def test_no_privilege_lists_nothing_and_gets_the_clients_refusal(
    kb: TestClient[Any, Any],
) -> None:
    """`none` lists no data view, a get is the saved objects client's refusal as a 400, and
    the default reads as unset."""
    nobody = as_user("nobody")
    response = await kb.get(DV, headers=nobody)
    await expect_json(response, 200, {"data_view": []})
    response = await kb.get(f"{DV}/data_view/v1", headers=nobody)
    await expect_json(response, 400, boom(400, "Bad Request", "Unable to get index-pattern"))
    set_default = {"data_view_id": "v1", "force": True}
    made = await kb.post(f"{DV}/default", json=set_default, headers=ADMIN)
    assert made.status == 200, await made.text()
    response = await kb.get(f"{DV}/default", headers=as_user("reader"))
    await expect_json(response, 200, {"data_view_id": "v1"})
    response = await kb.get(f"{DV}/default", headers=nobody)
    await expect_json(response, 200, {"data_view_id": ""})


async def test_a_space_role_manages_its_space_only(kb: TestClient[Any, Any]) -> None:
    """`all@s1` creates in s1; in the default space it is refused, the text without the
    space prefix it was not called with, and under /s/s1 the path loses its prefix."""
    user = as_user("s1all", **XSRF)
    body = {"data_view": {"title": "s1-*", "id": "v2"}}
    response = await kb.post(f"/s/s1{DV}/data_view", json=body, headers=user)
    await expect_json(response, 200, {"data_view": {**spec("v2", 1, "s1-*"), "namespaces": ["s1"]}})
    before = await state(kb)
    response = await kb.post(f"{DV}/data_view", json=body, headers=user)
    await expect_json(response, 403, manage_refused(f"POST {DV}/data_view"))
    response = await kb.delete(f"{DV}/data_view/v1?x=1", headers=user)
    await expect_json(response, 403, manage_refused(f"DELETE {DV}/data_view/v1?x=1"))
    assert await state(kb) == before


async def test_a_create_into_a_space_the_user_may_not_write_is_refused(
    kb: TestClient[Any, Any],
) -> None:
    """`all@s1` creating in s1 a data view also meant for the default space gets the saved
    objects client's refusal as a 400; nothing is written."""
    before = await state(kb)
    body = {"data_view": {"title": "both-*", "namespaces": ["s1", "default"]}}
    response = await kb.post(f"/s/s1{DV}/data_view", json=body, headers=as_user("s1all", **XSRF))
    await expect_json(response, 400, boom(400, "Bad Request", "Unable to create index-pattern"))
    assert await state(kb) == before
