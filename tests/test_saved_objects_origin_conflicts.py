"""Import's origin conflicts (8.19/9.x): objects that match by origin rather than by id, in
_import, _resolve_import_errors and the Spaces copy."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, line_settings
from tests.test_saved_objects import UUID4
from tests.test_saved_objects_import import ICONS, post_import
from tests.test_saved_objects_resolve_import import post_resolve

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
COPY = "/api/spaces/_copy_saved_objects"


@pytest.fixture(params=("8.19.0", "9.4.0"))
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with origin conflicts in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


def line(so_id: str, title: str, origin: str | None = None) -> str:
    """An export line of a dashboard, with an originId when given."""
    item: dict[str, Any] = {"type": "dashboard", "id": so_id}
    if origin is not None:
        item["originId"] = origin
    item.update(attributes={"title": title}, references=[])
    return json.dumps(item)


async def with_origin(kb: TestClient[Any, Any], *ids: str, origin: str = "src") -> None:
    """Import dashboards that share an origin (titles `Copy <id>`)."""
    text = "\n".join(line(so_id, f"Copy {so_id}", origin) for so_id in ids)
    response = await post_import(kb, text)
    assert (await response.json())["success"] is True


def dashboard_meta(version: str, title: str) -> dict[str, Any]:
    """An import report's meta of a dashboard."""
    return {"title": title, "icon": ICONS[version][2]}


def ambiguous_report(version: str) -> dict[str, Any]:
    """The report of `other-id` (origin `src`) meeting copies d1 and d2 of that origin: one
    ambiguous_conflict listing both (newest first, then by id), nothing written."""
    destinations = [
        {"id": "d1", "title": "Copy d1", "updatedAt": NOW},
        {"id": "d2", "title": "Copy d2", "updatedAt": NOW},
    ]
    error = {
        "type": "dashboard",
        "id": "other-id",
        "meta": dashboard_meta(version, "Source"),
        "error": {"type": "ambiguous_conflict", "destinations": destinations},
    }
    return {"successCount": 0, "success": False, "warnings": [], "errors": [error]}


async def test_one_origin_match_is_a_conflict_naming_it(
    kb: TestClient[Any, Any], version: str
) -> None:
    """An object whose id is another object's originId conflicts with that object: a
    `conflict` with its destinationId, and nothing is written."""
    await with_origin(kb, "dest")
    response = await post_import(kb, line("src", "Source"))
    error = {
        "type": "dashboard",
        "id": "src",
        "meta": dashboard_meta(version, "Source"),
        "error": {"type": "conflict", "destinationId": "dest"},
    }
    expected = {"successCount": 0, "success": False, "warnings": [], "errors": [error]}
    await expect_json(response, 200, expected)
    assert (await kb.get(f"{SO}/dashboard/src")).status == 404


async def test_one_origin_match_is_overwritten_with_overwrite(
    kb: TestClient[Any, Any], version: str
) -> None:
    """With overwrite the object is written over its origin match, keeping its id as originId."""
    await with_origin(kb, "dest")
    response = await post_import(kb, line("src", "Source"), "?overwrite=true")
    result = {
        "type": "dashboard",
        "id": "src",
        "meta": dashboard_meta(version, "Source"),
        "managed": False,
        "overwrite": True,
        "destinationId": "dest",
    }
    expected = {"successCount": 1, "success": True, "warnings": [], "successResults": [result]}
    await expect_json(response, 200, expected)
    got = await (await kb.get(f"{SO}/dashboard/dest")).json()
    assert (got["attributes"], got["originId"]) == ({"title": "Source"}, "src")


async def test_several_origin_matches_are_an_ambiguous_conflict(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Two objects sharing the imported object's origin: an ambiguous_conflict listing both
    (newest first, then by id), and nothing is written."""
    await with_origin(kb, "d2", "d1")
    response = await post_import(kb, line("other-id", "Source", origin="src"), "?overwrite=true")
    await expect_json(response, 200, ambiguous_report(version))
    assert (await kb.get(f"{SO}/dashboard/other-id")).status == 404


async def test_import_objects_sharing_an_origin_become_new_copies(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Two imported objects of one origin that match: each gets a new id and no origin, as
    createNewCopies would give, without an error."""
    await with_origin(kb, "dest")
    text = "\n".join([line("a", "A", origin="src"), line("b", "B", origin="src")])
    body = await (await post_import(kb, text)).json()
    new_ids = [result.get("destinationId", "") for result in body.get("successResults", [])]
    assert len(new_ids) == 2
    assert all(UUID4.fullmatch(new_id) for new_id in new_ids)
    results = [
        {
            "type": "dashboard",
            "id": so_id,
            "meta": dashboard_meta(version, so_id.upper()),
            "managed": False,
            "destinationId": new_id,
            "createNewCopy": True,
        }
        for so_id, new_id in zip(("a", "b"), new_ids, strict=True)
    ]
    assert body == {"successCount": 2, "success": True, "warnings": [], "successResults": results}
    got = await (await kb.get(f"{SO}/dashboard/{new_ids[0]}")).json()
    assert (got["attributes"], "originId" in got) == ({"title": "A"}, False)


async def test_resolve_import_errors_settles_an_ambiguous_conflict(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A retry with overwrite and a destinationId writes the object over the chosen match."""
    await with_origin(kb, "d1", "d2")
    retries = [{"type": "dashboard", "id": "other-id", "overwrite": True, "destinationId": "d2"}]
    response = await post_resolve(kb, line("other-id", "Source", origin="src"), retries)
    result = {
        "type": "dashboard",
        "id": "other-id",
        "meta": dashboard_meta(version, "Source"),
        "overwrite": True,
        "destinationId": "d2",
        "managed": False,
    }
    expected = {"successCount": 1, "success": True, "warnings": [], "successResults": [result]}
    await expect_json(response, 200, expected)
    got = await (await kb.get(f"{SO}/dashboard/d2")).json()
    assert (got["attributes"], got["originId"]) == ({"title": "Source"}, "src")
    assert (await (await kb.get(f"{SO}/dashboard/d1")).json())["attributes"] == {"title": "Copy d1"}


async def test_resolve_import_errors_without_destination_reports_the_origin_conflict(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A retry without destinationId meets the origin check again: still ambiguous."""
    await with_origin(kb, "d1", "d2")
    retries = [{"type": "dashboard", "id": "other-id"}]
    response = await post_resolve(kb, line("other-id", "Source", origin="src"), retries)
    await expect_json(response, 200, ambiguous_report(version))


async def test_copying_again_meets_the_first_copy_by_origin(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Copied without createNewCopies, a dashboard gets a new id in the other space; copied
    again, it conflicts with that copy by origin, and overwrite writes over it."""
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await post_import(kb, line("src", "Source"))
    body = {"spaces": ["other"], "objects": [{"type": "dashboard", "id": "src"}]}
    body["createNewCopies"] = False
    first = await (await kb.post(COPY, json=body, headers=XSRF)).json()
    copy_id = first["other"]["successResults"][0]["destinationId"]
    assert UUID4.fullmatch(copy_id)
    error = {
        "type": "dashboard",
        "id": "src",
        "meta": dashboard_meta(version, "Source"),
        "error": {"type": "conflict", "destinationId": copy_id},
    }
    again = await kb.post(COPY, json=body, headers=XSRF)
    expected = {"other": {"success": False, "successCount": 0, "errors": [error]}}
    await expect_json(again, 200, expected)
    overwrite = await kb.post(COPY, json={**body, "overwrite": True}, headers=XSRF)
    result = {
        "type": "dashboard",
        "id": "src",
        "meta": dashboard_meta(version, "Source"),
        "managed": False,
        "overwrite": True,
        "destinationId": copy_id,
    }
    expected = {"other": {"success": True, "successCount": 1, "successResults": [result]}}
    await expect_json(overwrite, 200, expected)


def visualization(ref_id: str) -> str:
    """An export line of a visualization using the index pattern `ref_id`."""
    ref = {"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern"}
    item = {
        "type": "visualization",
        "id": "vis",
        "attributes": {"title": "Vis"},
        "references": [{**ref, "id": ref_id}],
    }
    return json.dumps(item)


def index_pattern(so_id: str, origin: str) -> str:
    """An export line of an index pattern with an originId."""
    item = {"type": "index-pattern", "id": so_id, "originId": origin}
    return json.dumps({**item, "attributes": {"title": so_id}, "references": []})


async def test_a_reference_follows_its_one_origin_match(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A reference to an object missing from the space but matched there by origin points at
    the match: no missing_references error, and the written object refers to it."""
    assert (await (await post_import(kb, index_pattern("ip-copy", "ip-src"))).json())["success"]
    response = await post_import(kb, visualization("ip-src"))
    result = {
        "type": "visualization",
        "id": "vis",
        "meta": {"title": "Vis", "icon": ICONS[version][1]},
        "managed": False,
    }
    expected = {"successCount": 1, "success": True, "warnings": [], "successResults": [result]}
    await expect_json(response, 200, expected)
    got = await (await kb.get(f"{SO}/visualization/vis")).json()
    assert [ref["id"] for ref in got["references"]] == ["ip-copy"]


async def test_a_reference_with_two_origin_matches_stays_missing(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Two objects sharing the referenced origin: the reference is left as it is, missing."""
    text = "\n".join([index_pattern("ip-a", "ip-src"), index_pattern("ip-b", "ip-src")])
    assert (await (await post_import(kb, text)).json())["success"]
    response = await post_import(kb, visualization("ip-src"))
    error = {
        "id": "vis",
        "type": "visualization",
        "meta": {"title": "Vis", "icon": ICONS[version][1]},
        "error": {
            "type": "missing_references",
            "references": [{"type": "index-pattern", "id": "ip-src"}],
        },
    }
    expected = {"successCount": 0, "success": False, "warnings": [], "errors": [error]}
    await expect_json(response, 200, expected)
