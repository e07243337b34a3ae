"""GET /api/saved_objects/_find per release line: paging, search, filter, references, sort."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, NOW, boom, line_settings
from tests.test_saved_objects import version_of

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
FIND = f"{SO}/_find"
# Written in this order (seq_no 0, 1, 2) into the default space.
OBJECTS = (
    (
        "dashboard",
        "d1",
        {"title": "Sales overview", "hits": 3},
        [{"name": "p", "type": "index-pattern", "id": "p1"}],
    ),
    ("dashboard", "d2", {"title": "Web traffic", "hits": 1}, []),
    (
        "visualization",
        "v1",
        {"title": "Sales bars"},
        [{"name": "p", "type": "index-pattern", "id": "p1"}],
    ),
)


def ids(body: dict[str, Any]) -> list[str]:
    """The ids of a find answer's objects, in order."""
    return [obj["id"] for obj in body["saved_objects"]]


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line holding OBJECTS."""
    client = await make_client(line_settings(version))
    for so_type, so_id, attributes, references in OBJECTS:
        body = {"attributes": attributes, "references": references}
        response = await client.post(f"{SO}/{so_type}/{so_id}", json=body, headers=XSRF)
        assert response.status == 200
    return client


async def found(kb: TestClient[Any, Any], query: str) -> list[str]:
    """The ids a 200 find answers for a query string."""
    response = await kb.get(f"{FIND}?{query}")
    body = await response.json()
    assert response.status == 200, body
    return ids(body)


async def test_a_find_answers_the_release_shape(kb: TestClient[Any, Any], version: str) -> None:
    """One dashboard: 7.8's serializer shape, or 8.x/9.x's with the version keys and score last."""
    response = await kb.get(f"{FIND}?type=dashboard&per_page=1")
    if version.startswith("7."):
        hit: dict[str, Any] = {
            "type": "dashboard",
            "id": "d1",
            "attributes": OBJECTS[0][2],
            "references": OBJECTS[0][3],
            "migrationVersion": {"dashboard": "7.3.0"},
            "updated_at": NOW,
            "version": version_of(0),
        }
    else:
        hit = {
            "type": "dashboard",
            "id": "d1",
            "namespaces": ["default"],
            "attributes": OBJECTS[0][2],
            "references": OBJECTS[0][3],
            "managed": False,
            "migrationVersion": {"dashboard": "10.4.0"},
            "updated_at": NOW,
            "created_at": NOW,
            "version": version_of(0),
            "coreMigrationVersion": "8.8.0",
            "typeMigrationVersion": "10.4.0",
            "score": 0,
        }
    await expect_json(response, 200, {"page": 1, "per_page": 1, "total": 2, "saved_objects": [hit]})


async def test_type_is_required(kb: TestClient[Any, Any]) -> None:
    """Without `type` the query fails validation."""
    text = "[request query.type]: expected at least one defined value but got [undefined]"
    await expect_json(await kb.get(FIND), 400, boom(400, "Bad Request", text))


async def test_unknown_and_hidden_types_find_an_empty_page(kb: TestClient[Any, Any]) -> None:
    """Types the API may not use give `total: 0`, page and per_page echoed (§2.5)."""
    response = await kb.get(f"{FIND}?type=wigwag&type=action&page=2&per_page=5")
    await expect_json(response, 200, {"page": 2, "per_page": 5, "total": 0, "saved_objects": []})


async def test_pages_and_several_types(kb: TestClient[Any, Any]) -> None:
    """Hits come in write order; page and per_page slice them; total counts them all."""
    assert await found(kb, "type=dashboard&type=visualization") == ["d1", "d2", "v1"]
    assert await found(kb, "type=dashboard&type=visualization&per_page=2&page=2") == ["v1"]
    response = await kb.get(f"{FIND}?type=dashboard&per_page=0")
    await expect_json(response, 200, {"page": 1, "per_page": 0, "total": 2, "saved_objects": []})


async def test_search_with_fields_and_operators(kb: TestClient[Any, Any]) -> None:
    """`search` matches words, prefixes and phrases, in `search_fields` when given."""
    both = "type=dashboard&type=visualization"
    assert await found(kb, f"{both}&search=sales") == ["d1", "v1"]
    assert await found(kb, f"{both}&search=traf*") == ["d2"]
    assert await found(kb, f"{both}&search=sales%20bars&default_search_operator=AND") == ["v1"]
    assert await found(kb, f"{both}&search=%22sales%20overview%22") == ["d1"]
    assert await found(kb, f"{both}&search=sales&search_fields=description") == []


async def test_filters_on_attributes(kb: TestClient[Any, Any]) -> None:
    """KQL on `<type>.attributes.<field>` with AND, OR, NOT and parentheses."""
    base = "type=dashboard&type=visualization&filter="
    assert await found(kb, base + "dashboard.attributes.title:sales") == ["d1"]
    query = "dashboard.attributes.hits:1%20or%20visualization.attributes.title:bars"
    assert await found(kb, base + query) == ["d2", "v1"]
    query = "not%20(dashboard.attributes.title:web)%20and%20dashboard.attributes.title:*"
    assert await found(kb, base + query) == ["d1"]
    assert await found(kb, base + "dashboard.attributes.title:%22web%20traffic%22") == ["d2"]


async def test_filter_keys_are_checked_in_kibanas_words(kb: TestClient[Any, Any]) -> None:
    """A type not searched, a key without a type, and a non-attribute key are 400s (§2.5)."""
    cases = {
        "type=visualization&filter=dashboard.attributes.title:x": (
            "This type dashboard is not allowed: Bad Request"
        ),
        "type=dashboard&type=visualization&filter=title:x": (
            "This key 'title' need to be wrapped by a saved object type like "
            "dashboard,visualization: Bad Request"
        ),
        "type=dashboard&filter=dashboard.title:x": (
            "This key 'dashboard.title' does NOT match the filter proposition "
            "SavedObjectType.attributes.key: Bad Request"
        ),
    }
    for query, text in cases.items():
        await expect_json(await kb.get(f"{FIND}?{query}"), 400, boom(400, "Bad Request", text))


async def test_unsupported_and_malformed_kql_are_400s(kb: TestClient[Any, Any]) -> None:
    """Ranges are refused by name; a broken expression is a KQLSyntaxError."""
    response = await kb.get(f"{FIND}?type=dashboard&filter=dashboard.attributes.hits%20%3E%202")
    text = (
        "fakekibana does not support ranges and nested queries in a saved objects filter: "
        "Bad Request"
    )
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.get(f"{FIND}?type=dashboard&filter=dashboard.attributes.title:x%20and")
    text = "KQLSyntaxError: unexpected end of input at 32: Bad Request"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_has_reference(kb: TestClient[Any, Any], version: str) -> None:
    """has_reference (a JSON `{type,id}`) keeps the objects that reference it."""
    ref = "%7B%22type%22%3A%22index-pattern%22%2C%22id%22%3A%22p1%22%7D"
    both = "type=dashboard&type=visualization"
    assert await found(kb, f"{both}&has_reference={ref}") == ["d1", "v1"]
    if not version.startswith("7."):
        assert await found(kb, f"{both}&has_no_reference={ref}") == ["d2"]


async def test_sort_and_fields(kb: TestClient[Any, Any]) -> None:
    """sort_field sorts ascending; `fields` keeps only the named attributes."""
    assert await found(kb, "type=dashboard&sort_field=hits") == ["d2", "d1"]
    response = await kb.get(f"{FIND}?type=dashboard&fields=hits&sort_field=hits")
    body = await response.json()
    assert [obj["attributes"] for obj in body["saved_objects"]] == [{"hits": 1}, {"hits": 3}]
    response = await kb.get(f"{FIND}?type=dashboard&type=visualization&sort_field=title")
    text = "Unable to sort multiple types by field title, not a root property"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_spaces_and_namespaces(kb: TestClient[Any, Any], version: str) -> None:
    """A space finds its own objects; 8.x/9.x `namespaces=*` finds every space's."""
    body = {"attributes": {"title": "Ops board"}}
    await kb.post(f"/s/ops{SO}/dashboard/o1", json=body, headers=XSRF)
    assert await found(kb, "type=dashboard") == ["d1", "d2"]
    response = await kb.get(f"/s/ops{FIND}?type=dashboard")
    assert ids(await response.json()) == ["o1"]
    response = await kb.get(f"{FIND}?type=dashboard&namespaces=*")
    if version.startswith("7."):
        text = "[request query.namespaces]: definition for this key is missing"
        await expect_json(response, 400, boom(400, "Bad Request", text))
    else:
        assert ids(await response.json()) == ["d1", "d2", "o1"]


async def test_aggs_are_checked_then_refused(make_client: MakeClient) -> None:
    """8.x/9.x: aggs that are not JSON get Kibana's text; valid ones a clear 400."""
    kb = await make_client(line_settings("9.4.0"))
    response = await kb.get(f"{FIND}?type=dashboard&aggs=nope")
    await expect_json(response, 400, boom(400, "Bad Request", "invalid aggs value"))
    response = await kb.get(f"{FIND}?type=dashboard&aggs=%7B%7D")
    text = "fakekibana does not support aggs on _find: Bad Request"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_has_reference_lists_and_operators(make_client: MakeClient) -> None:
    """8.x/9.x: a list of references with has_reference_operator=AND needs them all."""
    kb = await make_client(line_settings("9.4.0"))
    refs = [
        {"name": "a", "type": "index-pattern", "id": "p1"},
        {"name": "b", "type": "tag", "id": "t1"},
    ]
    # A dashboard needs a title on 9.x (its create schema, reference §2.8).
    titled = {"title": "t"}
    await kb.post(
        f"{SO}/dashboard/both", json={"attributes": titled, "references": refs}, headers=XSRF
    )
    await kb.post(
        f"{SO}/dashboard/one", json={"attributes": titled, "references": refs[:1]}, headers=XSRF
    )
    wanted = (
        "%5B%7B%22type%22%3A%22index-pattern%22%2C%22id%22%3A%22p1%22%7D%2C"
        "%7B%22type%22%3A%22tag%22%2C%22id%22%3A%22t1%22%7D%5D"
    )
    assert await found(kb, f"type=dashboard&has_reference={wanted}") == ["both", "one"]
    query = f"type=dashboard&has_reference={wanted}&has_reference_operator=AND"
    assert await found(kb, query) == ["both"]
