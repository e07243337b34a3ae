"""Dashboards' attributes against the type's create schema per release line: create, bulk
create, import, upsert and copy to space (reference kibana-saved-objects-spaces.md §2.8)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from fakekibana.core.adapter import AREAS
from fakekibana.core.configschema import Invalid, SchemaSet, schema_dir
from fakekibana.core.versions import parse_version
from fakekibana.saved_objects.area import SavedObjectsArea
from fakekibana.saved_objects.attributes import AttributeSchemas, AttributesInvalid
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, boom, line_settings
from tests.test_saved_objects import UUID4, dashboard_created, dashboard_got
from tests.test_saved_objects_import import ndjson_form, post_import

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
LINES_8 = [line for line in LINES if not line.startswith("7.")]
ICON = {"8.19.0": "dashboardApp", "9.4.0": "productDashboard"}

# A dashboard using every attribute of the 8.19/9.4 schema.
FULL: dict[str, Any] = {
    "title": "d",
    "description": "all of it",
    "kibanaSavedObjectMeta": {"searchSourceJSON": "{}"},
    "timeRestore": True,
    "timeFrom": "now-15m",
    "timeTo": "now",
    "refreshInterval": {"pause": False, "value": 60000, "display": "1m", "section": 1},
    "controlGroupInput": {
        "panelsJSON": "{}",
        "controlStyle": "oneLine",
        "chainingSystem": "HIERARCHICAL",
        "ignoreParentSettingsJSON": "{}",
        "showApplySelections": False,
    },
    "panelsJSON": "[]",
    "optionsJSON": "{}",
    "hits": 0,
    "version": 1,
    "sections": [{"title": "s", "collapsed": True, "gridData": {"y": 0, "i": "s1"}}],
}


def refused(path: str, text: str) -> str:
    """The whole 400 message of a schema error at `attributes.<path>`."""
    return f"[attributes.{path}]: {text}: Bad Request"


# (attributes, message): each breaks the 8.19/9.4 schema once.
BAD: list[tuple[dict[str, Any], str]] = [
    (
        {"description": "no title"},
        refused("title", "expected value of type [string] but got [undefined]"),
    ),
    ({"title": 5}, refused("title", "expected value of type [string] but got [number]")),
    (
        {"title": 5, "description": 5},
        refused("title", "expected value of type [string] but got [number]"),
    ),
    (
        {"title": "d", "timeFrom": None},
        refused("timeFrom", "expected value of type [string] but got [null]"),
    ),
    (
        {"title": "d", "refreshInterval": {"pause": True}},
        refused("refreshInterval.value", "expected value of type [number] but got [undefined]"),
    ),
    (
        {"title": "d", "kibanaSavedObjectMeta": 5},
        refused(
            "kibanaSavedObjectMeta", "expected a plain object value, but found [number] instead."
        ),
    ),
    (
        {"title": "d", "sections": [{"title": "s", "gridData": {"y": 0}}]},
        refused("sections.0.gridData.i", "expected value of type [string] but got [undefined]"),
    ),
    (
        {"title": "d", "controlGroupInput": {"showApplySelections": "yes"}},
        refused(
            "controlGroupInput.showApplySelections",
            "expected value of type [boolean] but got [string]",
        ),
    ),
]
BAD_IDS = [
    "missing-title",
    "title-number",
    "first-error-only",
    "null",
    "nested-required",
    "nested-object",
    "array-item",
    "nested-boolean",
]


def created(version: str, so_id: str, attributes: Any, seq_no: int = 0) -> Any:
    """create's answer for a dashboard with these attributes."""
    return {**dashboard_created(version, so_id, seq_no), "attributes": attributes}


def got(version: str, so_id: str, attributes: Any, seq_no: int = 0) -> Any:
    """get's answer for a dashboard with these attributes."""
    return {**dashboard_got(version, so_id, seq_no), "attributes": attributes}


def thrown(message: str) -> dict[str, Any]:
    """The Boom error as JSON.stringify writes it inside a bulk item or an import error."""
    payload = {"message": message, "statusCode": 400, "error": "Bad Request"}
    output = {"statusCode": 400, "payload": payload, "headers": {}}
    return {"isBoom": True, "isServer": False, "data": None, "output": output}


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture(params=LINES_8)
def version8(request: pytest.FixtureRequest) -> str:
    """The 8.x/9.x lines in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


@pytest.fixture
async def kb8(make_client: MakeClient, version8: str) -> TestClient[Any, Any]:
    """A strict fake of an 8.x/9.x line."""
    return await make_client(line_settings(version8))


async def absent(kb: TestClient[Any, Any], so_id: str) -> None:
    """The dashboard is not stored."""
    missing = boom(404, "Not Found", f"Saved object [dashboard/{so_id}] not found")
    await expect_json(await kb.get(f"{SO}/dashboard/{so_id}"), 404, missing)


# --- create -------------------------------------------------------------------------------------


async def test_a_valid_dashboard_is_created_and_read_back(
    kb: TestClient[Any, Any], version: str
) -> None:
    """A dashboard using every attribute is created and read back as sent."""
    response = await kb.post(f"{SO}/dashboard/d1", json={"attributes": FULL}, headers=XSRF)
    await expect_json(response, 200, created(version, "d1", FULL))
    await expect_json(await kb.get(f"{SO}/dashboard/d1"), 200, got(version, "d1", FULL))


@pytest.mark.parametrize(("attributes", "message"), BAD, ids=BAD_IDS)
async def test_create_refuses_bad_attributes_and_stores_nothing(
    kb8: TestClient[Any, Any], attributes: Any, message: str
) -> None:
    """8.19/9.4: a schema error is a 400 `[attributes.<path>]: …: Bad Request`, nothing stored."""
    response = await kb8.post(f"{SO}/dashboard/d1", json={"attributes": attributes}, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await absent(kb8, "d1")


@pytest.mark.parametrize(("attributes", "message"), BAD, ids=BAD_IDS)
async def test_7_8_accepts_any_attributes(
    make_client: MakeClient, attributes: Any, message: str
) -> None:
    """7.8 has no attribute schemas: what 8.x refuses is created as sent."""
    kb = await make_client(line_settings("7.8.0"))
    response = await kb.post(f"{SO}/dashboard/d1", json={"attributes": attributes}, headers=XSRF)
    await expect_json(response, 200, created("7.8.0", "d1", attributes))


async def test_unknown_keys_are_ignored_and_kept(kb8: TestClient[Any, Any], version8: str) -> None:
    """8.19/9.4's schema ignores unknown keys at every level; the object keeps them as sent."""
    attributes = {
        "title": "d",
        "wigwag": 1,
        "refreshInterval": {"pause": True, "value": 5, "extra": "x"},
        "sections": [{"title": "s", "gridData": {"y": 0, "i": "a", "x": 1}, "more": True}],
    }
    response = await kb8.post(f"{SO}/dashboard/d1", json={"attributes": attributes}, headers=XSRF)
    await expect_json(response, 200, created(version8, "d1", attributes))
    await expect_json(await kb8.get(f"{SO}/dashboard/d1"), 200, got(version8, "d1", attributes))


async def test_the_description_default_is_not_stored(
    kb8: TestClient[Any, Any], version8: str
) -> None:
    """The validated value (with description '') is discarded, as Kibana's validator does."""
    response = await kb8.post(
        f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF
    )
    await expect_json(response, 200, created(version8, "d1", {"title": "d"}))


async def test_a_conflict_comes_before_the_schema(kb8: TestClient[Any, Any]) -> None:
    """An existing id without overwrite is a 409 even when the attributes are bad too."""
    await kb8.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    response = await kb8.post(f"{SO}/dashboard/d1", json={"attributes": {"title": 5}}, headers=XSRF)
    await expect_json(response, 409, boom(409, "Conflict", "Saved object [dashboard/d1] conflict"))


async def test_other_types_accept_any_attributes(kb8: TestClient[Any, Any], version8: str) -> None:
    """A type without a schema file (config) takes attributes a dashboard could not."""
    response = await kb8.post(f"{SO}/config/c1", json={"attributes": {"title": 5}}, headers=XSRF)
    body = await response.json()
    assert (response.status, body["attributes"]) == (200, {"title": 5})


async def test_a_seeded_dashboard_is_checked_as_create_does(kb8: TestClient[Any, Any]) -> None:
    """A seed entry is created as POST would be: a titleless dashboard refuses the seed."""
    seed = {"saved_objects": [{"type": "dashboard", "id": "s1", "attributes": {}}]}
    response = await kb8.post("/_fakekibana/seed", json=seed)
    no_title = refused("title", "expected value of type [string] but got [undefined]")
    await expect_json(response, 400, boom(400, "Bad Request", f"seed[0]: {no_title}"))
    await absent(kb8, "s1")


# --- upsert and update --------------------------------------------------------------------------


async def test_an_upsert_is_checked_but_an_update_is_not(
    kb8: TestClient[Any, Any], version8: str
) -> None:
    """update.ts validates the upsert of a missing object only; an update merges unchecked."""
    body = {"attributes": {"title": "a"}, "upsert": {"title": 5}}
    response = await kb8.put(f"{SO}/dashboard/new", json=body, headers=XSRF)
    message = refused("title", "expected value of type [string] but got [number]")
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await absent(kb8, "new")
    await kb8.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    response = await kb8.put(f"{SO}/dashboard/d1", json={"attributes": {"title": 5}}, headers=XSRF)
    assert response.status == 200
    await expect_json(
        await kb8.get(f"{SO}/dashboard/d1"), 200, got(version8, "d1", {"title": 5}, 1)
    )


# --- bulk create --------------------------------------------------------------------------------


async def test_bulk_create_fails_the_bad_items_alone(
    kb8: TestClient[Any, Any], version8: str
) -> None:
    """A bad item answers `{id, type, error}` with the thrown error (a generated id when none was
    sent); the good one is created; the bad ones are not stored."""
    items = [
        {"type": "dashboard", "id": "b1", "attributes": {"title": 5}},
        {"type": "dashboard", "id": "g1", "attributes": {"title": "d"}},
        {"type": "dashboard", "attributes": {"description": "x"}},
    ]
    response = await kb8.post(f"{SO}/_bulk_create", json=items, headers=XSRF)
    body = await response.json()
    generated = body["saved_objects"][2]["id"]
    assert UUID4.fullmatch(generated), generated
    title_number = refused("title", "expected value of type [string] but got [number]")
    no_title = refused("title", "expected value of type [string] but got [undefined]")
    expected = [
        {"id": "b1", "type": "dashboard", "error": thrown(title_number)},
        created(version8, "g1", {"title": "d"}),
        {"id": generated, "type": "dashboard", "error": thrown(no_title)},
    ]
    await expect_json(response, 200, {"saved_objects": expected})
    await absent(kb8, "b1")
    await absent(kb8, generated)


async def test_bulk_create_on_7_8_accepts_any_attributes(make_client: MakeClient) -> None:
    """7.8's bulk create writes a titleless dashboard."""
    kb = await make_client(line_settings("7.8.0"))
    items = [{"type": "dashboard", "id": "b1", "attributes": {"title": 5}}]
    response = await kb.post(f"{SO}/_bulk_create", json=items, headers=XSRF)
    body = await response.json()
    assert (response.status, body["saved_objects"][0]["attributes"]) == (200, {"title": 5})


# --- import and copy ----------------------------------------------------------------------------


def ndjson(*objects: dict[str, Any]) -> str:
    """An export file of these objects."""
    return "\n".join(json.dumps({"references": [], **obj}) for obj in objects)


async def test_import_reports_a_bad_dashboard_as_unknown(
    kb8: TestClient[Any, Any], version8: str
) -> None:
    """The bad object is an `unknown` error carrying the thrown error; the good one is written."""
    text = ndjson(
        {"type": "dashboard", "id": "b1", "attributes": {"title": 5}},
        {"type": "dashboard", "id": "g1", "attributes": {"title": "good"}},
        {"type": "dashboard", "id": "b2", "attributes": {"panelsJSON": "[]"}},
    )
    response = await post_import(kb8, text)
    icon = ICON[version8]
    title_number = refused("title", "expected value of type [string] but got [number]")
    no_title = refused("title", "expected value of type [string] but got [undefined]")
    expected = {
        "successCount": 1,
        "success": False,
        "warnings": [],
        "successResults": [
            {
                "type": "dashboard",
                "id": "g1",
                "meta": {"title": "good", "icon": icon},
                "managed": False,
            }
        ],
        "errors": [
            {
                "id": "b1",
                "type": "dashboard",
                "meta": {"title": 5, "icon": icon},
                "error": {**thrown(title_number), "type": "unknown"},
            },
            {
                "id": "b2",
                "type": "dashboard",
                "meta": {"icon": icon},
                "error": {**thrown(no_title), "type": "unknown"},
            },
        ],
    }
    await expect_json(response, 200, expected)
    await absent(kb8, "b1")
    await absent(kb8, "b2")
    assert (await kb8.get(f"{SO}/dashboard/g1")).status == 200


async def test_resolve_import_errors_checks_an_overwrite(
    kb8: TestClient[Any, Any], version8: str
) -> None:
    """A retried overwrite with bad attributes is an `unknown` error; the stored object stays."""
    await kb8.post(f"{SO}/dashboard/g1", json={"attributes": {"title": "good"}}, headers=XSRF)
    text = ndjson({"type": "dashboard", "id": "g1", "attributes": {"title": 5}})
    retries = json.dumps([{"type": "dashboard", "id": "g1", "overwrite": True}])
    form = ndjson_form(text, retries=retries)
    response = await kb8.post(f"{SO}/_resolve_import_errors", data=form, headers=XSRF)
    message = refused("title", "expected value of type [string] but got [number]")
    error = {
        "id": "g1",
        "type": "dashboard",
        "meta": {"title": 5, "icon": ICON[version8]},
        "error": {**thrown(message), "type": "unknown"},
        "overwrite": True,
    }
    expected = {"successCount": 0, "success": False, "warnings": [], "errors": [error]}
    await expect_json(response, 200, expected)
    stored = await kb8.get(f"{SO}/dashboard/g1")
    assert (await stored.json())["attributes"] == {"title": "good"}


async def test_visualizations_are_not_checked(kb8: TestClient[Any, Any]) -> None:
    """visualization's only schema is for 8.8.0 and its documents are at 8.5.0, so the
    validator finds no schema for them (validator.ts previousVersionWithSchema, DERIVED)."""
    response = await kb8.post(
        f"{SO}/visualization/v1", json={"attributes": {"title": 5}}, headers=XSRF
    )
    body = await response.json()
    assert (response.status, body["attributes"]) == (200, {"title": 5})


async def test_import_on_7_8_accepts_any_attributes(make_client: MakeClient) -> None:
    """7.8's import writes a titleless dashboard."""
    kb = await make_client(line_settings("7.8.0"))
    response = await post_import(kb, ndjson({"type": "dashboard", "id": "b1", "attributes": {}}))
    await expect_json(response, 200, {"success": True, "successCount": 1})


async def test_copy_to_space_reports_a_bad_dashboard(
    kb8: TestClient[Any, Any], version8: str
) -> None:
    """A dashboard made bad by an update is not copied: its space's report has the error."""
    await kb8.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    await kb8.put(f"{SO}/dashboard/d1", json={"attributes": {"title": 5}}, headers=XSRF)
    body = {"spaces": ["other"], "objects": [{"type": "dashboard", "id": "d1"}]}
    response = await kb8.post("/api/spaces/_copy_saved_objects", json=body, headers=XSRF)
    message = refused("title", "expected value of type [string] but got [number]")
    error = {
        "id": "d1",
        "type": "dashboard",
        "meta": {"title": 5, "icon": ICON[version8]},
        "error": {**thrown(message), "type": "unknown"},
    }
    expected = {"other": {"success": False, "successCount": 0, "errors": [error]}}
    await expect_json(response, 200, expected)
    found = await kb8.get("/s/other/api/saved_objects/_find?type=dashboard")
    assert (await found.json())["total"] == 0


# --- per release (no HTTP) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "sections", "routing"),
    [
        ("7.8.0", False, False),
        ("8.19.0", True, False),
        ("9.0.0", False, False),
        ("9.1.0", True, False),
        ("9.2.0", True, False),
        ("9.3.0", True, True),
        ("9.4.0", True, True),
    ],
)
def test_each_release_checks_the_keys_its_model_version_has(
    line: str, sections: bool, routing: bool
) -> None:
    """sections (v3) is checked on 8.19 and 9.1+, projectRouting (v4) from 9.3; elsewhere they
    are unknown keys, ignored; 7.8 checks nothing at all."""
    version = parse_version(line)
    checks = AttributeSchemas(SchemaSet(schema_dir(), version), version)
    found = []
    for attributes in ({"title": "d", "sections": 5}, {"title": "d", "projectRouting": 5}):
        try:
            checks.check("dashboard", "d1", attributes)
        except AttributesInvalid as failure:
            found.append(failure.message)
        else:
            found.append(None)
    assert found == [
        refused("sections", "expected value of type [array] but got [number]")
        if sections
        else None,
        refused("projectRouting", "expected value of type [string] but got [number]")
        if routing
        else None,
    ]


async def test_the_schema_is_read_on_the_first_dashboard_write(make_client: MakeClient) -> None:
    """Start-up reads no attribute schema; the first dashboard create reads the dashboard's."""
    kb = await make_client(line_settings("9.4.0"))
    area = kb.app[AREAS]["saved_objects"]
    assert isinstance(area, SavedObjectsArea)
    assert area.client.attribute_schemas.compiled() == ()
    await kb.post(f"{SO}/config/c1", json={"attributes": {}}, headers=XSRF)
    assert area.client.attribute_schemas.compiled() == ()
    await kb.post(f"{SO}/dashboard/d1", json={"attributes": {"title": "d"}}, headers=XSRF)
    assert area.client.attribute_schemas.compiled() == ("dashboard",)


@pytest.mark.parametrize(
    ("unknowns", "expected"),
    [
        ("ignore", {"a": "x"}),
        ("allow", {"a": "x", "b": 1}),
        ("forbid", "[attributes.b]: definition for this key is missing"),
    ],
)
def test_x_kibana_unknowns_drops_keeps_or_refuses_other_keys(
    tmp_path: Path, unknowns: str, expected: Any
) -> None:
    """An object marked ignore drops unknown keys, allow keeps them, forbid refuses them."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "x-kibana-unknowns": unknowns,
    }
    (tmp_path / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    check = SchemaSet(tmp_path).validator("s.json")
    try:
        result = check({"a": "x", "b": 1}, ())
    except Invalid as failure:
        result = failure.format("attributes")
    assert result == expected


# --- properties ---------------------------------------------------------------------------------

shared_client = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT = st.text(max_size=8)
NUMBER = st.integers(min_value=-(10**6), max_value=10**6)


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects holding any subset of these fields."""
    return st.fixed_dictionaries({}, optional=fields)


VALID_DASHBOARDS = st.fixed_dictionaries(
    {"title": TEXT},
    optional={
        "description": TEXT,
        "kibanaSavedObjectMeta": optional(searchSourceJSON=TEXT),
        "timeRestore": st.booleans(),
        "timeFrom": TEXT,
        "timeTo": TEXT,
        "refreshInterval": st.fixed_dictionaries(
            {"pause": st.booleans(), "value": NUMBER}, optional={"display": TEXT, "section": NUMBER}
        ),
        "controlGroupInput": optional(
            panelsJSON=TEXT, controlStyle=TEXT, showApplySelections=st.booleans()
        ),
        "panelsJSON": TEXT,
        "hits": NUMBER,
        "version": NUMBER,
        "sections": st.lists(
            st.fixed_dictionaries(
                {"title": TEXT, "gridData": st.fixed_dictionaries({"y": NUMBER, "i": TEXT})},
                optional={"collapsed": st.booleans()},
            ),
            max_size=2,
        ),
    },
)
# The file's own JSON Schema, which the generated dashboards must satisfy (or, with a bad title,
# break), so the strategy cannot drift from the data it tests.
JSON_SCHEMA = Draft202012Validator(
    json.loads((schema_dir() / "saved_objects/attributes/dashboard.json").read_text("utf-8"))
)
NOT_STRINGS = st.one_of(st.none(), st.booleans(), NUMBER, st.lists(TEXT, max_size=2))
JS_TYPES = {type(None): "null", bool: "boolean", int: "number", list: "Array"}


@shared_client
@given(attributes=VALID_DASHBOARDS)
async def test_valid_dashboards_are_created_and_round_trip(
    kb8: TestClient[Any, Any], version8: str, attributes: dict[str, Any]
) -> None:
    """Any dashboard valid against the schema is created and GET answers it as sent."""
    assert JSON_SCHEMA.is_valid(attributes)
    await kb8.post("/_fakekibana/reset")
    response = await kb8.post(f"{SO}/dashboard/d1", json={"attributes": attributes}, headers=XSRF)
    await expect_json(response, 200, created(version8, "d1", attributes))
    await expect_json(await kb8.get(f"{SO}/dashboard/d1"), 200, got(version8, "d1", attributes))


@shared_client
@given(attributes=VALID_DASHBOARDS, title=NOT_STRINGS)
async def test_a_wrong_typed_title_is_always_refused(
    kb8: TestClient[Any, Any], attributes: dict[str, Any], title: Any
) -> None:
    """Any otherwise valid dashboard whose title is not a string gets the title's 400 and is
    not stored."""
    body = {"attributes": {**attributes, "title": title}}
    assert not JSON_SCHEMA.is_valid(body["attributes"])
    response = await kb8.post(f"{SO}/dashboard/d1", json=body, headers=XSRF)
    kind = JS_TYPES[type(title)]
    message = refused("title", f"expected value of type [string] but got [{kind}]")
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await absent(kb8, "d1")
