"""The Spaces sharing routes per release: shareable references and objects' spaces."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
REFS = "/api/spaces/_get_shareable_references"
UPDATE = "/api/spaces/_update_objects_spaces"


@pytest.fixture(params=["8.19.0", "9.4.0"])
async def kb(make_client: MakeClient, request: pytest.FixtureRequest) -> TestClient[Any, Any]:
    """A strict fake of each release line with the spaces s1 and s2."""
    client = await make_client(line_settings(request.param))
    for space in ("s1", "s2"):
        body = {"id": space, "name": space.upper()}
        await client.post("/api/spaces/space", json=body, headers=XSRF)
    return client


async def so(kb: TestClient[Any, Any], so_type: str, so_id: str, **body: Any) -> None:
    """Create a saved object through the saved objects API."""
    response = await kb.post(
        f"/api/saved_objects/{so_type}/{so_id}",
        json={"attributes": {"title": so_id}, **body},
        headers=XSRF,
    )
    assert response.status == 200, await response.text()


async def test_references_are_collected_breadth_first(kb: TestClient[Any, Any]) -> None:
    """Inputs come first, then the shareable objects they reference, with inbound names;
    references to other kinds of types are left out."""
    await so(kb, "index-pattern", "ip2")
    await so(
        kb,
        "index-pattern",
        "missing-ref-owner",
        references=[
            {"type": "index-pattern", "id": "gone", "name": "g"},
        ],
    )
    await so(
        kb,
        "index-pattern",
        "ip1",
        initialNamespaces=["default", "s1"],
        references=[
            {"type": "index-pattern", "id": "ip2", "name": "ref_0"},
            {"type": "dashboard", "id": "d", "name": "ref_1"},
        ],
    )
    body = {"objects": [{"type": "index-pattern", "id": "ip1"}, {"type": "dashboard", "id": "x"}]}
    response = await kb.post(REFS, json=body, headers=XSRF)
    expected = [
        {
            "type": "index-pattern",
            "id": "ip1",
            "spaces": ["default", "s1"],
            "inboundReferences": [],
        },
        {"type": "dashboard", "id": "x", "spaces": [], "inboundReferences": []},
        {
            "type": "index-pattern",
            "id": "ip2",
            "spaces": ["default"],
            "inboundReferences": [{"type": "index-pattern", "id": "ip1", "name": "ref_0"}],
        },
    ]
    await expect_json(response, 200, {"objects": expected})
    body = {"objects": [{"type": "index-pattern", "id": "missing-ref-owner"}]}
    response = await kb.post(REFS, json=body, headers=XSRF)
    expected = [
        {
            "type": "index-pattern",
            "id": "missing-ref-owner",
            "spaces": ["default"],
            "inboundReferences": [],
        },
        {
            "type": "index-pattern",
            "id": "gone",
            "spaces": [],
            "inboundReferences": [
                {"type": "index-pattern", "id": "missing-ref-owner", "name": "g"}
            ],
            "isMissing": True,
        },
    ]
    await expect_json(response, 200, {"objects": expected})


async def test_an_object_in_another_space_is_missing(kb: TestClient[Any, Any]) -> None:
    """An object the space cannot see answers `spaces: []` and `isMissing`."""
    await so(kb, "index-pattern", "only-s2", initialNamespaces=["s2"])
    body = {"objects": [{"type": "index-pattern", "id": "only-s2"}]}
    response = await kb.post(f"/s/s1{REFS}", json=body, headers=XSRF)
    item = {
        "type": "index-pattern",
        "id": "only-s2",
        "spaces": [],
        "inboundReferences": [],
        "isMissing": True,
    }
    await expect_json(response, 200, {"objects": [item]})


async def test_update_adds_and_removes_spaces(kb: TestClient[Any, Any]) -> None:
    """Spaces are removed, then new ones appended in the order sent; the object follows."""
    await so(kb, "index-pattern", "ip", initialNamespaces=["default", "s1"])
    body = {
        "objects": [{"type": "index-pattern", "id": "ip"}],
        "spacesToAdd": ["s2", "default"],
        "spacesToRemove": ["s1"],
    }
    response = await kb.post(UPDATE, json=body, headers=XSRF)
    expected = {"objects": [{"id": "ip", "type": "index-pattern", "spaces": ["default", "s2"]}]}
    await expect_json(response, 200, expected)
    got = await (await kb.get("/s/s2/api/saved_objects/index-pattern/ip")).json()
    assert got["namespaces"] == ["default", "s2"]
    missing = await kb.get("/s/s1/api/saved_objects/index-pattern/ip")
    assert missing.status == 404


async def test_removing_the_last_space_deletes_the_object(kb: TestClient[Any, Any]) -> None:
    """An object left in no space is deleted."""
    await so(kb, "index-pattern", "ip")
    body = {
        "objects": [{"type": "index-pattern", "id": "ip"}],
        "spacesToAdd": [],
        "spacesToRemove": ["default"],
    }
    response = await kb.post(UPDATE, json=body, headers=XSRF)
    await expect_json(
        response, 200, {"objects": [{"id": "ip", "type": "index-pattern", "spaces": []}]}
    )
    missing = boom(404, "Not Found", "Saved object [index-pattern/ip] not found")
    await expect_json(await kb.get("/api/saved_objects/index-pattern/ip"), 404, missing)


async def test_item_errors(kb: TestClient[Any, Any]) -> None:
    """Unknown, unshareable and missing objects answer their Boom payload per item."""
    await so(kb, "dashboard", "d")
    body = {
        "objects": [
            {"type": "nope", "id": "1"},
            {"type": "dashboard", "id": "d"},
            {"type": "index-pattern", "id": "absent"},
        ],
        "spacesToAdd": ["s1"],
        "spacesToRemove": [],
    }
    response = await kb.post(UPDATE, json=body, headers=XSRF)
    expected = [
        {
            "id": "1",
            "type": "nope",
            "spaces": [],
            "error": boom(404, "Not Found", "Saved object [nope/1] not found"),
        },
        {
            "id": "d",
            "type": "dashboard",
            "spaces": [],
            "error": boom(
                400, "Bad Request", "dashboard doesn't support multiple namespaces: Bad Request"
            ),
        },
        {
            "id": "absent",
            "type": "index-pattern",
            "spaces": [],
            "error": boom(404, "Not Found", "Saved object [index-pattern/absent] not found"),
        },
    ]
    await expect_json(response, 200, {"objects": expected})


@pytest.mark.parametrize(
    ("add", "remove", "message"),
    [
        (
            [],
            [],
            "spacesToAdd and/or spacesToRemove must be a non-empty array of strings: Bad Request",
        ),
        (
            ["s1"],
            ["s1"],
            "spacesToAdd and spacesToRemove cannot contain any of the same strings: Bad Request",
        ),
        (["s1", "s1"], [], "[request body.spacesToAdd]: duplicate space ids are not allowed"),
        (
            ["S1"],
            [],
            '[request body.spacesToAdd.0]: lower case, a-z, 0-9, "_", and "-" are allowed, OR "*"',
        ),
    ],
)
async def test_bad_requests_change_nothing(
    kb: TestClient[Any, Any], add: list[str], remove: list[str], message: str
) -> None:
    """Refused space lists are a 400 and the object keeps its spaces."""
    await so(kb, "index-pattern", "ip")
    body = {
        "objects": [{"type": "index-pattern", "id": "ip"}],
        "spacesToAdd": add,
        "spacesToRemove": remove,
    }
    response = await kb.post(UPDATE, json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    got = await (await kb.get("/api/saved_objects/index-pattern/ip")).json()
    assert got["namespaces"] == ["default"]


async def test_7_8_has_no_sharing_routes(make_client: MakeClient) -> None:
    """Both routes are 404s on 7.8."""
    kb = await make_client(line_settings("7.8.0"))
    for path in (REFS, UPDATE):
        response = await kb.post(path, json={"objects": []}, headers=XSRF)
        await expect_json(response, 404, boom(404, "Not Found", "Not Found"))
