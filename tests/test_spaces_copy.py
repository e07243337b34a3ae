"""The Spaces copy routes per release line: copy to spaces and resolve copy errors (§3.5)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, boom, line_settings
from tests.test_saved_objects import UUID4
from tests.test_saved_objects_export import create_sample
from tests.test_saved_objects_import import ICONS, SAMPLE_KEYS

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
COPY = "/api/spaces/_copy_saved_objects"
RESOLVE = "/api/spaces/_resolve_copy_saved_objects_errors"
DASH = [{"type": "dashboard", "id": "dash1"}]


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line with the sample in the default space and a second
    space `other`."""
    client = await make_client(line_settings(version))
    await create_sample(client)
    await client.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    return client


async def test_copy_with_references_per_release(kb: TestClient[Any, Any], version: str) -> None:
    """The dashboard and what it uses land in the other space: new copies (UUID v4 ids) on
    8.x/9.x, the same ids on 7.8."""
    body = {"spaces": ["other"], "objects": DASH, "includeReferences": True}
    response = await kb.post(COPY, json=body, headers=XSRF)
    if version.startswith("7."):
        await expect_json(response, 200, {"other": {"success": True, "successCount": 3}})
        assert (await kb.get("/s/other/api/saved_objects/dashboard/dash1")).status == 200
        return
    answer = await response.json()
    results = answer["other"].pop("successResults")
    assert (response.status, answer) == (200, {"other": {"success": True, "successCount": 3}})
    new_ids = [result.pop("destinationId") for result in results]
    assert all(UUID4.fullmatch(new_id) for new_id in new_ids)
    assert results == [
        {"type": t, "id": i, "meta": {"title": title, "icon": icon}, "managed": False}
        for (t, i, title), icon in zip(SAMPLE_KEYS, ICONS[version], strict=True)
    ]
    got = await (await kb.get(f"/s/other/api/saved_objects/dashboard/{new_ids[2]}")).json()
    assert got["references"][0]["id"] == new_ids[1]


async def test_copy_of_a_missing_object_is_a_404(kb: TestClient[Any, Any]) -> None:
    """An object that is not in the source space: `Saved objects not found` (§3.1)."""
    objects = [*DASH, {"type": "dashboard", "id": "nope"}]
    response = await kb.post(COPY, json={"spaces": ["other"], "objects": objects}, headers=XSRF)
    expected = {
        **boom(404, "Not Found", "Saved objects not found"),
        "attributes": {"objects": [{"id": "nope", "type": "dashboard"}]},
    }
    await expect_json(response, 404, expected)


async def test_a_destination_space_that_does_not_exist_is_not_checked(
    kb: TestClient[Any, Any], version: str
) -> None:
    """The copy is written under the missing space's id all the same (§3.5)."""
    response = await kb.post(COPY, json={"spaces": ["ghost"], "objects": DASH}, headers=XSRF)
    body = await response.json()
    assert (response.status, body["ghost"]["success"], body["ghost"]["successCount"]) == (
        200,
        True,
        1,
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"spaces": ["Bad"]},
            '[request body.spaces.0]: lower case, a-z, 0-9, "_", and "-" are allowed',
        ),
        ({"spaces": ["a", "a"]}, "[request body.spaces]: duplicate space ids are not allowed"),
        ({"objects": DASH * 2}, "[request body.objects]: duplicate objects are not allowed"),
    ],
)
async def test_copy_body_refusals(kb: TestClient[Any, Any], body: Any, message: str) -> None:
    """Space ids and uniqueness are checked as the route's schema does."""
    response = await kb.post(
        COPY, json={"spaces": ["other"], "objects": DASH, **body}, headers=XSRF
    )
    await expect_json(response, 400, boom(400, "Bad Request", message))


async def test_copy_options_per_release(kb: TestClient[Any, Any], version: str) -> None:
    """8.x/9.x default to createNewCopies, so overwrite alone clashes; 7.8 has neither."""
    body = {"spaces": ["other"], "objects": DASH, "overwrite": True}
    response = await kb.post(COPY, json=body, headers=XSRF)
    if version.startswith("7."):
        await expect_json(response, 200, {"other": {"success": True, "successCount": 1}})
        response = await kb.post(COPY, json={**body, "createNewCopies": False}, headers=XSRF)
        text = "[request body.createNewCopies]: definition for this key is missing"
        await expect_json(response, 400, boom(400, "Bad Request", text))
        return
    text = "[request body]: cannot use [overwrite] with [createNewCopies]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.post(COPY, json={**body, "createNewCopies": False}, headers=XSRF)
    body = await response.json()
    # A dashboard id lives in one space only: the copy gets a new id, the old one as origin.
    result = body["other"]["successResults"][0]
    assert (result["id"], UUID4.fullmatch(result["destinationId"]) is not None) == ("dash1", True)


async def test_resolve_copy_errors_per_release(kb: TestClient[Any, Any], version: str) -> None:
    """7.8 overwrites the conflicts it retries; 8.x/9.x write new copies of the retried."""
    body = {"spaces": ["other"], "objects": DASH}
    await kb.post(COPY, json=body, headers=XSRF)
    retries = {"other": [{"type": "dashboard", "id": "dash1", "overwrite": True}]}
    if version.startswith("7."):
        response = await kb.post(COPY, json=body, headers=XSRF)
        conflict = {
            "id": "dash1",
            "type": "dashboard",
            "title": "My dashboard",
            "error": {"type": "conflict"},
        }
        expected = {"other": {"success": False, "successCount": 0, "errors": [conflict]}}
        await expect_json(response, 200, expected)
        response = await kb.post(RESOLVE, json={"retries": retries, "objects": DASH}, headers=XSRF)
        await expect_json(response, 200, {"other": {"success": True, "successCount": 1}})
        return
    response = await kb.post(RESOLVE, json={"retries": retries, "objects": DASH}, headers=XSRF)
    answer = await response.json()
    result = answer["other"]["successResults"][0]
    assert UUID4.fullmatch(result.pop("destinationId"))
    meta = {"title": "My dashboard", "icon": ICONS[version][2]}
    assert (response.status, answer) == (
        200,
        {
            "other": {
                "success": True,
                "successCount": 1,
                "successResults": [
                    {
                        "type": "dashboard",
                        "id": "dash1",
                        "meta": meta,
                        "overwrite": True,
                        "managed": False,
                    }
                ],
            }
        },
    )


async def test_resolve_copy_refuses_a_bad_space_key(kb: TestClient[Any, Any]) -> None:
    """A retries key that is not a space id is a 400."""
    body = {"retries": {"Bad Space": []}, "objects": DASH}
    response = await kb.post(RESOLVE, json=body, headers=XSRF)
    text = '[request body.retries.key("Bad Space")]: Invalid space id: Bad Space'
    await expect_json(response, 400, boom(400, "Bad Request", text))
