"""Case configurations of 8.19 and 9.x: get, set, patch, the connectors _find, close-by-pushing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import NOW, boom, line_settings
from tests.test_cases import NONE_CONNECTOR, NULL_USER, create
from tests.test_cases_push import servicenow

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
CONFIGURE = "/api/cases/configure"
# Configuration behaves alike in every line; 9.2 stands between 8.19 and 9.4.
LINES = ("8.19.0", "9.2.0", "9.4.0")
SN_MAPPINGS = [
    {"source": "title", "target": "short_description", "action_type": "overwrite"},
    {"source": "description", "target": "description", "action_type": "overwrite"},
    {"source": "comments", "target": "work_notes", "action_type": "append"},
]


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line with the cases plugin's API in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


def configuration(config_id: str, version: str, **changes: Any) -> dict[str, Any]:
    """A close-by-user configuration of `cases` without connector, as ConfigurationRt orders it."""
    body: dict[str, Any] = {
        "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
        "closure_type": "close-by-user",
        "customFields": [],
        "templates": [],
        "observableTypes": [],
        "owner": "cases",
        "created_at": NOW,
        "created_by": NULL_USER,
        "updated_at": None,
        "updated_by": None,
        "mappings": [],
        "version": version,
        "error": None,
        "id": config_id,
    }
    body.update(changes)
    return body


async def post(kb: TestClient[Any, Any], prefix: str = "", **changes: Any) -> dict[str, Any]:
    """POST /api/cases/configure (close-by-user, no connector, owner cases); the 200 body."""
    request = {"connector": NONE_CONNECTOR, "closure_type": "close-by-user", "owner": "cases"}
    response = await kb.post(prefix + CONFIGURE, json={**request, **changes}, headers=XSRF)
    body: dict[str, Any] = await response.json()
    assert response.status == 200, body
    return body


async def test_get_answers_an_empty_array_without_configuration(kb: TestClient[Any, Any]) -> None:
    """GET /api/cases/configure answers [] while no configuration exists."""
    await expect_json(await kb.get(CONFIGURE), 200, [])


async def test_post_answers_the_configuration_in_codec_order(kb: TestClient[Any, Any]) -> None:
    """POST answers the stored configuration with its defaults, mappings, version and id."""
    request = {"connector": NONE_CONNECTOR, "closure_type": "close-by-user", "owner": "cases"}
    response = await kb.post(CONFIGURE, json=request, headers=XSRF)
    body = await response.json()
    await expect_json(response, 200, configuration(body["id"], "WzAsMV0="))
    await expect_json(await kb.get(CONFIGURE), 200, [body])


async def test_post_replaces_the_owners_configuration(kb: TestClient[Any, Any]) -> None:
    """A second POST for an owner replaces its configuration; other owners keep theirs."""
    await post(kb)
    other = await post(kb, owner="observability")
    latest = await post(kb, closure_type="close-by-pushing")
    await expect_json(await kb.get(CONFIGURE), 200, [other, latest])
    await expect_json(await kb.get(f"{CONFIGURE}?owner=cases"), 200, [latest])
    assert latest["closure_type"] == "close-by-pushing"


async def test_post_keeps_custom_fields_templates_and_observable_types(
    kb: TestClient[Any, Any],
) -> None:
    """customFields, templates and observableTypes are stored as sent."""
    custom = [{"type": "text", "key": "k1", "label": "L", "required": False}]
    templates = [{"key": "t1", "name": "T", "caseFields": None}]
    observables = [{"key": "o1", "label": "O"}]
    body = await post(kb, customFields=custom, templates=templates, observableTypes=observables)
    expected = configuration(
        body["id"],
        "WzAsMV0=",
        customFields=custom,
        templates=templates,
        observableTypes=observables,
    )
    assert body == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {},
            'Invalid value "undefined" supplied to "connector",'
            'Invalid value "undefined" supplied to "closure_type",'
            'Invalid value "undefined" supplied to "owner"',
        ),
        (
            {"connector": NONE_CONNECTOR, "closure_type": "close", "owner": "cases"},
            'Invalid value "close" supplied to "closure_type"',
        ),
        (
            {
                "connector": NONE_CONNECTOR,
                "closure_type": "close-by-user",
                "owner": "cases",
                "x": 1,
            },
            'invalid keys "x"',
        ),
        (
            {
                "connector": NONE_CONNECTOR,
                "closure_type": "close-by-user",
                "owner": "cases",
                "observableTypes": [{"key": "Bad Key", "label": "O"}],
            },
            "Key must be lower case, a-z, 0-9, '_', and '-' are allowed",
        ),
    ],
)
async def test_post_refuses_bad_bodies(
    kb: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """A body the io-ts codec refuses is a 400 with its text, and nothing is stored."""
    response = await kb.post(CONFIGURE, json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(CONFIGURE), 200, [])


async def test_patch_changes_the_configuration(kb: TestClient[Any, Any]) -> None:
    """PATCH with the current version writes the changes, updated_* and a new version; a
    ServiceNow connector brings its field mappings."""
    connector_id = await servicenow(kb)
    created = await post(kb)
    connector = {"id": connector_id, "name": "sn", "type": ".servicenow", "fields": None}
    patch = {
        "version": created["version"],
        "closure_type": "close-by-pushing",
        "connector": connector,
    }
    response = await kb.patch(f"{CONFIGURE}/{created['id']}", json=patch, headers=XSRF)
    expected = configuration(
        created["id"],
        "WzEsMV0=",
        connector={"id": connector_id, "type": ".servicenow", "fields": None, "name": "sn"},
        closure_type="close-by-pushing",
        updated_at=NOW,
        updated_by=NULL_USER,
        mappings=SN_MAPPINGS,
    )
    await expect_json(response, 200, expected)


async def test_patch_with_a_stale_version_conflicts(kb: TestClient[Any, Any]) -> None:
    """PATCH with another version answers 409 and changes nothing."""
    created = await post(kb)
    patch = {"version": "WzksMV0=", "closure_type": "close-by-pushing"}
    response = await kb.patch(f"{CONFIGURE}/{created['id']}", json=patch, headers=XSRF)
    message = (
        "This configuration has been updated. Please refresh before saving additional updates."
    )
    await expect_json(response, 409, boom(409, "Conflict", message))
    await expect_json(await kb.get(CONFIGURE), 200, [created])


async def test_patch_of_an_unknown_configuration_is_not_found(kb: TestClient[Any, Any]) -> None:
    """PATCH of an id that is no configuration answers the saved-object 404."""
    response = await kb.patch(f"{CONFIGURE}/nope", json={"version": "x"}, headers=XSRF)
    message = "Saved object [cases-configure/nope] not found"
    await expect_json(response, 404, boom(404, "Not Found", message))


async def test_patch_refuses_the_owner(kb: TestClient[Any, Any]) -> None:
    """`owner` is no key of the patch codec: 400 invalid keys."""
    created = await post(kb)
    patch = {"version": created["version"], "owner": "observability"}
    response = await kb.patch(f"{CONFIGURE}/{created['id']}", json=patch, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", 'invalid keys "owner"'))


async def test_connectors_find_lists_case_connectors_only(kb: TestClient[Any, Any]) -> None:
    """connectors/_find lists the connectors whose type supports cases, camelCase."""
    connector_id = await servicenow(kb)
    index = {"name": "idx", "connector_type_id": ".index", "config": {"index": "i"}, "secrets": {}}
    assert (await kb.post("/api/actions/connector", json=index, headers=XSRF)).status == 200
    config = {
        "apiUrl": "https://example.service-now.com",
        "usesTableApi": False,
        "isOAuth": False,
        "userIdentifierValue": None,
        "clientId": None,
        "jwtKeyId": None,
    }
    response = await kb.get(f"{CONFIGURE}/connectors/_find")
    body = await response.json()
    [listed] = body
    expected = {
        "id": connector_id,
        "actionTypeId": ".servicenow",
        "name": "sn",
        "isPreconfigured": False,
        "isDeprecated": False,
        "isSystemAction": False,
        "referencedByCount": 0,
        "isMissingSecrets": False,
        # The config's key order is the connectors area's per release.
        "config": {key: listed["config"][key] for key in listed["config"]},
    }
    await expect_json(response, 200, [expected])
    assert listed["config"] == config


async def test_configurations_are_kept_per_space(kb: TestClient[Any, Any]) -> None:
    """A space's configuration is not another's; deleting the space forgets it; the state
    document round-trips them; a reset forgets them."""
    space = {"id": "team", "name": "team", "disabledFeatures": []}
    assert (await kb.post("/api/spaces/space", json=space, headers=XSRF)).status == 200
    in_team = await post(kb, "/s/team")
    await expect_json(await kb.get(CONFIGURE), 200, [])
    await expect_json(await kb.get(f"/s/team{CONFIGURE}"), 200, [in_team])
    kept = await post(kb)
    state = await (await kb.get("/_fakekibana/state")).json()
    assert [c["id"] for c in state["cases"]["configurations"]] == [in_team["id"], kept["id"]]
    assert (await kb.delete("/api/spaces/space/team", headers=XSRF)).status == 204
    state = await (await kb.get("/_fakekibana/state")).json()
    assert [c["id"] for c in state["cases"]["configurations"]] == [kept["id"]]
    assert (await kb.post("/_fakekibana/reset")).status == 204
    await expect_json(await kb.get(CONFIGURE), 200, [])
    assert (await kb.put("/_fakekibana/state", json=state)).status == 204
    await expect_json(await kb.get(CONFIGURE), 200, [kept])


async def test_a_push_closes_the_case_when_configured(kb: TestClient[Any, Any]) -> None:
    """With close-by-pushing, a successful push closes the case (closed_at, closed_by,
    duration) and records a status action before the pushed one."""
    connector_id = await servicenow(kb)
    await post(kb, closure_type="close-by-pushing")
    case = await create(kb)
    url = f"/api/cases/{case['id']}/connector/{connector_id}/_push"
    response = await kb.post(url, headers=XSRF)
    body = await response.json()
    assert response.status == 200, body
    closed = {key: body[key] for key in ("status", "duration", "closed_at", "closed_by")}
    assert closed == {"status": "closed", "duration": 0, "closed_at": NOW, "closed_by": NULL_USER}
    found = await (await kb.get(f"/api/cases/{case['id']}/user_actions/_find")).json()
    kinds = [(a["action"], a["type"], a["payload"]) for a in found["userActions"][1:]]
    assert kinds == [
        ("update", "status", {"status": "closed"}),
        ("push_to_service", "pushed", {"externalService": body["external_service"]}),
    ]


async def test_a_push_leaves_the_case_open_when_closing_by_user(kb: TestClient[Any, Any]) -> None:
    """With close-by-user (or no configuration), a push keeps the case open."""
    connector_id = await servicenow(kb)
    await post(kb)
    case = await create(kb)
    url = f"/api/cases/{case['id']}/connector/{connector_id}/_push"
    body = await (await kb.post(url, headers=XSRF)).json()
    assert (body["status"], body["closed_at"]) == ("open", None)
