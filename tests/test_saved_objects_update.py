"""The saved objects API per release line: update, upsert, delete with force, and resolve."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, NOW, boom, line_settings
from tests.test_saved_objects import dashboard_got, version_of

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
BODY = {"attributes": {"title": "d"}}


def missing(so_type: str, so_id: str) -> dict[str, Any]:
    """The saved objects 404."""
    return boom(404, "Not Found", f"Saved object [{so_type}/{so_id}] not found")


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line, with dashboard d1 `{title: "d"}` (seq_no 0)."""
    client = await make_client(line_settings(version))
    response = await client.post(f"{SO}/dashboard/d1", json=BODY, headers=XSRF)
    assert response.status == 200
    return client


async def test_update_answers_the_sent_attributes_and_stores_them_merged(
    kb: TestClient[Any, Any], version: str
) -> None:
    """PUT answers the request's attributes; a get shows them merged into the stored ones."""
    body = {"attributes": {"description": "x"}, "version": version_of(0)}
    expected: dict[str, Any] = {
        "id": "d1",
        "type": "dashboard",
        "updated_at": NOW,
        "version": version_of(1),
    }
    if not version.startswith("7."):
        expected["namespaces"] = ["default"]
    expected["attributes"] = {"description": "x"}
    await expect_json(await kb.put(f"{SO}/dashboard/d1", json=body, headers=XSRF), 200, expected)
    got = await (await kb.get(f"{SO}/dashboard/d1")).json()
    assert got["attributes"] == {"title": "d", "description": "x"}


async def test_update_with_references_answers_them_before_attributes(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Sent references replace the stored ones and are answered just before `attributes`."""
    refs = [{"name": "p", "type": "index-pattern", "id": "p1"}]
    response = await kb.put(
        f"{SO}/dashboard/d1", json={"attributes": {}, "references": refs}, headers=XSRF
    )
    body = await response.json()
    assert list(body)[-2:] == ["references", "attributes"]
    assert body["references"] == refs


async def test_update_errors_change_nothing(kb: TestClient[Any, Any], version: str) -> None:
    """Unknown id, hidden type, bad and stale versions: Kibana's answers, nothing written."""
    await expect_json(
        await kb.put(f"{SO}/dashboard/nope", json=BODY, headers=XSRF),
        404,
        missing("dashboard", "nope"),
    )
    await expect_json(
        await kb.put(f"{SO}/action/x", json=BODY, headers=XSRF), 404, missing("action", "x")
    )
    bad = {"attributes": {}, "version": "nope"}
    await expect_json(
        await kb.put(f"{SO}/dashboard/d1", json=bad, headers=XSRF),
        400,
        boom(400, "Bad Request", "Invalid version [nope]"),
    )
    stale = {"attributes": {"title": "new"}, "version": version_of(7)}
    text = (
        "version_conflict_engine_exception\n\tRoot causes:\n\t\tversion_conflict_engine_exception: "
        "[dashboard:d1]: version conflict, required seqNo [7], primary term [1]. current "
        "document has seqNo [0] and primary term [1]"
    )
    response = await kb.put(f"{SO}/dashboard/d1", json=stale, headers=XSRF)
    await expect_json(response, 409, boom(409, "Conflict", text))
    await expect_json(await kb.get(f"{SO}/dashboard/d1"), 200, dashboard_got(version, "d1"))


async def test_upsert_creates_a_missing_object(make_client: MakeClient) -> None:
    """8.x/9.x: `upsert` of a missing object creates it and answers the upsert attributes."""
    kb = await make_client(line_settings("9.4.0"))
    body = {"attributes": {"title": "a"}, "upsert": {"title": "u"}}
    await expect_json(
        await kb.put(f"{SO}/dashboard/new", json=body, headers=XSRF),
        200,
        {
            "id": "new",
            "type": "dashboard",
            "created_at": NOW,
            "updated_at": NOW,
            "version": version_of(0),
            "namespaces": ["default"],
            "references": [],
            "attributes": {"title": "u"},
        },
    )
    got = await (await kb.get(f"{SO}/dashboard/new")).json()
    assert got["attributes"] == {"title": "u"}


async def test_7_8_has_no_upsert(make_client: MakeClient) -> None:
    """7.8's update body has no `upsert` key."""
    kb = await make_client(line_settings("7.8.0"))
    body = {"attributes": {}, "upsert": {}}
    text = "[request body.upsert]: definition for this key is missing"
    await expect_json(
        await kb.put(f"{SO}/dashboard/x", json=body, headers=XSRF),
        400,
        boom(400, "Bad Request", text),
    )


async def test_delete_answers_an_empty_object(kb: TestClient[Any, Any]) -> None:
    """DELETE answers 200 `{}`; the object is gone; a second delete is a 404."""
    await expect_json(await kb.delete(f"{SO}/dashboard/d1", headers=XSRF), 200, {})
    await expect_json(await kb.get(f"{SO}/dashboard/d1"), 404, missing("dashboard", "d1"))
    await expect_json(
        await kb.delete(f"{SO}/dashboard/d1", headers=XSRF), 404, missing("dashboard", "d1")
    )


async def test_delete_of_an_unknown_type_per_release(
    kb: TestClient[Any, Any], version: str
) -> None:
    """7.8 answers `Not Found` for an unknown type; 8.x/9.x name the object."""
    text = "Not Found" if version.startswith("7.") else "Saved object [wigwag/x] not found"
    await expect_json(
        await kb.delete(f"{SO}/wigwag/x", headers=XSRF), 404, boom(404, "Not Found", text)
    )


async def test_a_shared_object_needs_force(make_client: MakeClient) -> None:
    """8.x/9.x: an object in two spaces is deleted only with ?force=true."""
    kb = await make_client(line_settings("9.4.0"))
    body = {"attributes": {"title": "p"}, "initialNamespaces": ["default", "ops"]}
    await kb.post(f"{SO}/index-pattern/p1", json=body, headers=XSRF)
    text = (
        "Unable to delete saved object that exists in multiple namespaces, use the `force` "
        "option to delete it anyway: Bad Request"
    )
    await expect_json(
        await kb.delete(f"{SO}/index-pattern/p1", headers=XSRF), 400, boom(400, "Bad Request", text)
    )
    assert (await kb.get(f"/s/ops{SO}/index-pattern/p1")).status == 200
    await expect_json(await kb.delete(f"{SO}/index-pattern/p1?force=true", headers=XSRF), 200, {})
    assert (await kb.get(f"/s/ops{SO}/index-pattern/p1")).status == 404


async def test_resolve_answers_an_exact_match(kb: TestClient[Any, Any], version: str) -> None:
    """8.x/9.x resolve wraps the get shape; 7.8 has no resolve route (404 Not Found)."""
    response = await kb.get(f"{SO}/resolve/dashboard/d1")
    if version.startswith("7."):
        await expect_json(response, 404, boom(404, "Not Found", "Not Found"))
        return
    await expect_json(
        response, 200, {"saved_object": dashboard_got(version, "d1"), "outcome": "exactMatch"}
    )
    await expect_json(
        await kb.get(f"{SO}/resolve/dashboard/nope"), 404, missing("dashboard", "nope")
    )
    text = "Unsupported saved object type: 'wigwag': Bad Request"
    await expect_json(await kb.get(f"{SO}/resolve/wigwag/x"), 400, boom(400, "Bad Request", text))
