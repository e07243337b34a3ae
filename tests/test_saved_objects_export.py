"""POST /api/saved_objects/_export per release line: ndjson bytes, order, details and 400s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, NOW, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
EXPORT = f"{SO}/_export"
IP_REF = {
    "name": "kibanaSavedObjectMeta.searchSourceJSON.index",
    "type": "index-pattern",
    "id": "ip1",
}
VIS_REF = {"name": "panel_0", "type": "visualization", "id": "vis1"}

# The sample dashboard -> visualization -> index pattern, exported deep (byte for byte).
SAMPLE_9 = (
    '{"attributes":{"title":"logs-*"},"coreMigrationVersion":"8.8.0",'
    f'"created_at":"{NOW}","id":"ip1","managed":false,'
    '"migrationVersion":{"index-pattern":"8.0.0"},"references":[],"type":"index-pattern",'
    f'"typeMigrationVersion":"8.0.0","updated_at":"{NOW}","version":"WzAsMV0="}}\n'
    '{"attributes":{"title":"My vis","visState":"{}"},"coreMigrationVersion":"8.8.0",'
    f'"created_at":"{NOW}","id":"vis1","managed":false,'
    '"migrationVersion":{"visualization":"8.5.0"},"references":[{"id":"ip1",'
    '"name":"kibanaSavedObjectMeta.searchSourceJSON.index","type":"index-pattern"}],'
    f'"type":"visualization","typeMigrationVersion":"8.5.0","updated_at":"{NOW}",'
    '"version":"WzEsMV0="}\n'
    '{"attributes":{"panelsJSON":"[]","title":"My dashboard"},"coreMigrationVersion":"8.8.0",'
    f'"created_at":"{NOW}","id":"dash1","managed":false,'
    '"migrationVersion":{"dashboard":"10.4.0"},"references":[{"id":"vis1","name":"panel_0",'
    '"type":"visualization"}],"type":"dashboard","typeMigrationVersion":"10.4.0",'
    f'"updated_at":"{NOW}","version":"WzIsMV0="}}\n'
    '{"excludedObjects":[],"excludedObjectsCount":0,"exportedCount":3,"missingRefCount":0,'
    '"missingReferences":[]}'
)
SAMPLE_7 = (
    '{"attributes":{"title":"logs-*"},"id":"ip1","migrationVersion":{"index-pattern":"7.6.0"},'
    f'"references":[],"type":"index-pattern","updated_at":"{NOW}","version":"WzAsMV0="}}\n'
    '{"attributes":{"title":"My vis","visState":"{}"},"id":"vis1",'
    '"migrationVersion":{"visualization":"7.4.2"},"references":[{"id":"ip1",'
    '"name":"kibanaSavedObjectMeta.searchSourceJSON.index","type":"index-pattern"}],'
    f'"type":"visualization","updated_at":"{NOW}","version":"WzEsMV0="}}\n'
    '{"attributes":{"panelsJSON":"[]","title":"My dashboard"},"id":"dash1",'
    '"migrationVersion":{"dashboard":"7.3.0"},"references":[{"id":"vis1","name":"panel_0",'
    f'"type":"visualization"}}],"type":"dashboard","updated_at":"{NOW}","version":"WzIsMV0="}}\n'
    '{"exportedCount":3,"missingRefCount":0,"missingReferences":[]}'
)


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def create(
    kb: TestClient[Any, Any],
    so_type: str,
    so_id: str,
    attributes: Any,
    refs: Any = (),
    *,
    at: str = "",
) -> None:
    """Create an object through the API."""
    body = {"attributes": attributes, "references": list(refs)}
    response = await kb.post(f"{at}{SO}/{so_type}/{so_id}", json=body, headers=XSRF)
    assert response.status == 200, await response.text()


async def create_sample(kb: TestClient[Any, Any], at: str = "") -> None:
    """The index pattern, the visualization using it, and the dashboard showing that."""
    await create(kb, "index-pattern", "ip1", {"title": "logs-*"}, at=at)
    vis = {"title": "My vis", "visState": "{}"}
    await create(kb, "visualization", "vis1", vis, [IP_REF], at=at)
    dashboard = {"title": "My dashboard", "panelsJSON": "[]"}
    await create(kb, "dashboard", "dash1", dashboard, [VIS_REF], at=at)


def lines_of(text: str) -> list[str]:
    """The ndjson lines of an export."""
    return text.split("\n")


async def test_export_deep_writes_references_first_byte_for_byte(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A deep export of the dashboard is index pattern, visualization, dashboard, details."""
    await create_sample(kb)
    body = {"objects": [{"type": "dashboard", "id": "dash1"}], "includeReferencesDeep": True}
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/ndjson"
    assert response.headers["Content-Disposition"] == 'attachment; filename="export.ndjson"'
    assert "warning" not in response.headers
    assert await response.text() == (SAMPLE_7 if version.startswith("7.") else SAMPLE_9)


async def test_export_without_references_and_details(
    kb: TestClient[Any, Any], version: str
) -> None:
    """Without includeReferencesDeep only the named object is written; excludeExportDetails
    drops the last line."""
    await create_sample(kb)
    body = {"objects": [{"type": "dashboard", "id": "dash1"}], "excludeExportDetails": True}
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    sample = SAMPLE_7 if version.startswith("7.") else SAMPLE_9
    assert (response.status, await response.text()) == (200, lines_of(sample)[2])


async def test_export_by_type_sorts_by_id_then_dependencies(
    kb: TestClient[Any, Any], version: str
) -> None:
    """By type, objects go by id, each after what it references; details count them."""
    await create_sample(kb)
    await create(kb, "visualization", "a-vis", {"title": "A"}, [IP_REF])
    body = {"type": ["visualization", "index-pattern"]}
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    assert response.status == 200
    lines = lines_of(await response.text())
    assert [line.split('"id":"')[1].split('"')[0] for line in lines[:3]] == ["ip1", "a-vis", "vis1"]
    assert '"exportedCount":3,"missingRefCount":0,"missingReferences":[]' in lines[3]


async def test_export_deep_counts_missing_references(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A reference that is not there is listed in the details line (7.8's has three keys)."""
    await create(kb, "dashboard", "dash1", {"title": "d"}, [VIS_REF])
    body = {"objects": [{"type": "dashboard", "id": "dash1"}], "includeReferencesDeep": True}
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    assert response.status == 200
    excluded = "" if version.startswith("7.") else '"excludedObjects":[],"excludedObjectsCount":0,'
    assert lines_of(await response.text())[1] == (
        f'{{{excluded}"exportedCount":1,"missingRefCount":1,'
        '"missingReferences":[{"id":"vis1","type":"visualization"}]}'
    )


async def test_export_of_a_missing_object_lists_it(kb: TestClient[Any, Any], version: str) -> None:
    """A missing object is a 400 whose attributes hold the bulk_get error (§2.6)."""
    body = {"objects": [{"type": "dashboard", "id": "1"}]}
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    if version.startswith("7."):
        expected: dict[str, Any] = {
            **boom(400, "Bad Request", "Bad Request"),
            "attributes": {
                "objects": [
                    {
                        "id": "1",
                        "type": "dashboard",
                        "error": {"statusCode": 404, "message": "Not found"},
                    }
                ]
            },
        }
    else:
        expected = {
            **boom(400, "Bad Request", "Error fetching objects to export"),
            "attributes": {
                "objects": [
                    {
                        "id": "1",
                        "type": "dashboard",
                        "error": boom(404, "Not Found", "Saved object [dashboard/1] not found"),
                    }
                ]
            },
        }
    await expect_json(response, 400, expected)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Either `type` or `objects` are required."),
        ({"type": []}, "Either `type` or `objects` are required."),
        (
            {"type": "dashboard", "objects": [{"type": "dashboard", "id": "1"}]},
            'Can\'t specify both "types" and "objects" properties when exporting',
        ),
        (
            {"objects": [{"type": "dashboard", "id": "1"}], "search": "x"},
            'Can\'t specify both "search" and "objects" properties when exporting',
        ),
        ({"type": ["wigwags", "dashboard"]}, "Trying to export non-exportable type(s): wigwags"),
        (
            {"objects": [{"type": "wigwags", "id": "1"}]},
            "Trying to export object(s) with non-exportable types: wigwags:1",
        ),
        ({"type": "space"}, "Trying to export non-exportable type(s): space"),
    ],
)
async def test_export_refusals(kb: TestClient[Any, Any], body: Any, message: str) -> None:
    """Each refused export is Kibana's 400 text."""
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))


async def test_export_without_a_body_is_a_validation_error(kb: TestClient[Any, Any]) -> None:
    """No body is config-schema's plain-object error."""
    response = await kb.post(EXPORT, headers=XSRF)
    text = "[request body]: expected a plain object value, but found [null] instead."
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_export_has_reference_per_release(make_client: MakeClient) -> None:
    """8.x/9.x filter a by-type export by reference and refuse it with objects; 7.8's body
    has no hasReference."""
    kb = await make_client(line_settings("9.4.0"))
    await create_sample(kb)
    body = {"type": "*", "hasReference": {"type": "index-pattern", "id": "ip1"}}
    response = await kb.post(EXPORT, json={**body, "excludeExportDetails": True}, headers=XSRF)
    assert (response.status, await response.text()) == (200, lines_of(SAMPLE_9)[1])
    refused = {"objects": [{"type": "dashboard", "id": "1"}], "hasReference": []}
    response = await kb.post(
        EXPORT, json={**refused, "hasReference": [body["hasReference"]]}, headers=XSRF
    )
    text = 'Can\'t specify both "references" and "objects" properties when exporting'
    await expect_json(response, 400, boom(400, "Bad Request", text))
    old = await make_client(line_settings("7.8.0"))
    response = await old.post(EXPORT, json=body, headers=XSRF)
    text = "[request body.hasReference]: definition for this key is missing"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_export_search_and_spaces(kb: TestClient[Any, Any], version: str) -> None:
    """`search` narrows a by-type export; objects of other spaces are not exported."""
    await create_sample(kb)
    await kb.post("/api/spaces/space", json={"id": "other", "name": "Other"}, headers=XSRF)
    await create(kb, "dashboard", "dash2", {"title": "Elsewhere"}, at="/s/other")
    body = {"type": "dashboard", "search": "dashboard", "excludeExportDetails": True}
    response = await kb.post(EXPORT, json=body, headers=XSRF)
    sample = SAMPLE_7 if version.startswith("7.") else SAMPLE_9
    assert (response.status, await response.text()) == (200, lines_of(sample)[2])
    response = await kb.post(f"/s/other{EXPORT}", json={"type": "dashboard"}, headers=XSRF)
    lines = lines_of(await response.text())
    assert (response.status, len(lines), '"id":"dash2"' in lines[0]) == (200, 2, True)


async def test_export_of_too_many_objects_is_refused(kb: TestClient[Any, Any]) -> None:
    """More objects than maxImportExportSize is config-schema's array size error."""
    objects = [{"type": "dashboard", "id": str(i)} for i in range(10_001)]
    response = await kb.post(EXPORT, json={"objects": objects}, headers=XSRF)
    text = "[request body.objects]: array size is [10001], but cannot be greater than [10000]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
