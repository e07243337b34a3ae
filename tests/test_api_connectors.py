"""Connector CRUD, get-all, the types list and _find, over both path families and spaces."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import (
    SEED_JIRA,
    SEED_SERVICENOW,
    TYPE_REGISTRY,
    XSRF,
    connectors_area,
    create_connector,
    expect_json,
    kibana_error,
)


@dataclasses.dataclass(frozen=True)
class Paths:
    """One family of actions routes: the seed's /api/action... or the 7.8 release's."""

    create: str
    all: str
    types: str
    one_: str

    def one(self, connector_id: str) -> str:
        """The path of one connector."""
        return self.one_.format(id=connector_id)


SEED = Paths("/api/action", "/api/action/_getAll", "/api/action/types", "/api/action/{id}")
RELEASE = Paths(
    "/api/actions/action",
    "/api/actions",
    "/api/actions/list_action_types",
    "/api/actions/action/{id}",
)
FAMILIES = pytest.mark.parametrize("paths", [SEED, RELEASE], ids=["seed", "release"])
PREFIXES = pytest.mark.parametrize("prefix", ["", "/s/space1"], ids=["default", "space1"])


def not_found(connector_id: str) -> dict[str, Any]:
    """The saved-objects 404 for an action id (core §3.8)."""
    return kibana_error(404, f"Saved object [action/{connector_id}] not found")


def stored(created: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A 7.8 stored-connector body: id, actionTypeId, name, config, isPreconfigured (in order)."""
    body = {
        "id": created["id"],
        "actionTypeId": created["actionTypeId"],
        "name": created["name"],
        "config": created["config"],
        "isPreconfigured": False,
    }
    body.update(changes)
    return body


# --- create / get / update / delete --------------------------------------------------------------


@FAMILIES
@PREFIXES
async def test_connector_lifecycle(client: TestClient[Any, Any], paths: Paths, prefix: str) -> None:
    """Create, get, update, delete and get again answer 200, 200, 200, 204 and 404."""
    response = await client.post(
        prefix + paths.create,
        json={"name": "My index", "actionTypeId": ".index", "config": {"index": "logs"}},
        headers=XSRF,
    )
    created = await response.json()
    connector_id = created["id"]
    expected = {
        "id": connector_id,
        "actionTypeId": ".index",
        "name": "My index",
        "config": {"index": "logs", "refresh": False, "executionTimeField": None},
        "isPreconfigured": False,
    }
    await expect_json(response, 200, expected)
    await expect_json(await client.get(prefix + paths.one(connector_id)), 200, expected)

    update = {"name": "Renamed", "config": {"index": "other", "refresh": True}}
    updated = stored(
        expected,
        name="Renamed",
        config={"index": "other", "refresh": True, "executionTimeField": None},
    )
    response = await client.put(prefix + paths.one(connector_id), json=update, headers=XSRF)
    await expect_json(response, 200, updated)
    await expect_json(await client.get(prefix + paths.one(connector_id)), 200, updated)

    response = await client.delete(prefix + paths.one(connector_id), headers=XSRF)
    assert response.status == 204
    assert await response.read() == b""
    response = await client.get(prefix + paths.one(connector_id))
    await expect_json(response, 404, not_found(connector_id))


async def test_both_path_families_share_one_store(client: TestClient[Any, Any]) -> None:
    """A connector created under /api/action is the same one under /api/actions/action."""
    created = await create_connector(client, ".server-log", name="log")
    response = await client.get(RELEASE.one(created["id"]))
    await expect_json(response, 200, stored(created))
    response = await client.delete(RELEASE.one(created["id"]), headers=XSRF)
    assert response.status == 204
    await expect_json(await client.get(SEED.one(created["id"])), 404, not_found(created["id"]))


DEFAULTS = [
    (".index", {"index": "i"}, None, {"index": "i", "refresh": False, "executionTimeField": None}),
    (
        ".webhook",
        {"url": "https://example.com/hook"},
        None,
        {"url": "https://example.com/hook", "method": "post", "headers": None},
    ),
    (
        ".email",
        {"service": "__json", "from": "bob@example.com"},
        None,
        {
            "service": "__json",
            "from": "bob@example.com",
            "host": None,
            "port": None,
            "secure": None,
        },
    ),
    (".pagerduty", None, {"routingKey": "rk"}, {"apiUrl": None}),
    (".server-log", None, None, {}),
    (".server-log", {"anything": [1, {"goes": None}]}, {"x": 1}, {"anything": [1, {"goes": None}]}),
    (".slack", None, {"webhookUrl": "https://hooks.slack.com/x"}, {}),
    (".slack", {"free": "form"}, {"webhookUrl": "https://hooks.slack.com/x"}, {"free": "form"}),
    (
        ".servicenow",
        SEED_SERVICENOW["config"],
        SEED_SERVICENOW["secrets"],
        SEED_SERVICENOW["config"],
    ),
    (".jira", SEED_JIRA["config"], SEED_JIRA["secrets"], SEED_JIRA["config"]),
]


@pytest.mark.parametrize(
    ("type_id", "config", "secrets", "echoed"),
    DEFAULTS,
    ids=[f"{row[0]}-{index}" for index, row in enumerate(DEFAULTS)],
)
async def test_config_is_echoed_validated_with_defaults(
    client: TestClient[Any, Any],
    type_id: str,
    config: dict[str, Any] | None,
    secrets: dict[str, Any] | None,
    echoed: dict[str, Any],
) -> None:
    """The answered config is the validated one: defaults appended, pass-through types as sent."""
    body: dict[str, Any] = {"name": "c", "actionTypeId": type_id}
    if config is not None:
        body["config"] = copy.deepcopy(config)
    if secrets is not None:
        body["secrets"] = secrets
    response = await client.post("/api/action", json=body, headers=XSRF)
    created = await response.json()
    expected = {
        "id": created["id"],
        "actionTypeId": type_id,
        "name": "c",
        "config": echoed,
        "isPreconfigured": False,
    }
    await expect_json(response, 200, expected)
    await expect_json(await client.get(f"/api/action/{created['id']}"), 200, expected)


async def test_secrets_never_appear_in_any_response(client: TestClient[Any, Any]) -> None:
    """Secrets are stored but absent from create, get, update, _getAll and _find answers."""
    secret = "s3cr3t-value-that-must-not-leak"
    body = {**SEED_SERVICENOW, "secrets": {"username": secret, "password": secret}}
    response = await client.post("/api/action", json=body, headers=XSRF)
    texts = [await response.text()]
    connector_id = json.loads(texts[0])["id"]
    update = {"name": "u", "config": SEED_SERVICENOW["config"], "secrets": body["secrets"]}
    for answer in (
        await client.get(f"/api/action/{connector_id}"),
        await client.put(f"/api/action/{connector_id}", json=update, headers=XSRF),
        await client.get("/api/action/_getAll"),
        await client.get("/api/actions"),
        await client.get("/api/action/_find"),
    ):
        assert answer.status == 200
        texts.append(await answer.text())
    for text in texts:
        assert secret not in text
        assert '"secrets"' not in text
    kept = connectors_area(client).store.get("default", connector_id)
    assert kept is not None
    assert kept.secrets == {"username": secret, "password": secret}


async def test_unregistered_type_is_refused(client: TestClient[Any, Any]) -> None:
    """An unknown actionTypeId answers 400 before its config is looked at (core §2.1)."""
    body = {"name": "My action", "actionTypeId": "test.unregistered-action-type", "config": 5}
    response = await client.post("/api/action", json=body, headers=XSRF)
    await expect_json(
        response,
        400,
        kibana_error(
            400, "[request body.config]: expected value of type [object] but got [number]"
        ),
    )
    body["config"] = {"nonsense": True}
    response = await client.post("/api/action", json=body, headers=XSRF)
    await expect_json(
        response,
        400,
        kibana_error(400, 'Action type "test.unregistered-action-type" is not registered.'),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "[request body.name]: expected value of type [string] but got [undefined]"),
        (
            {"name": "x"},
            "[request body.actionTypeId]: expected value of type [string] but got [undefined]",
        ),
        (
            {"name": "x", "actionTypeId": ".index", "id": "mine"},
            "[request body.id]: definition for this key is missing",
        ),
        (
            {"name": None, "actionTypeId": ".index"},
            "[request body.name]: expected value of type [string] but got [null]",
        ),
        (
            {"name": "x", "actionTypeId": ".index", "secrets": []},
            "[request body.secrets]: expected value of type [object] but got [Array]",
        ),
        (
            {"name": "x", "actionTypeId": ".index", "config": {}},
            "error validating action type config: [index]: "
            "expected value of type [string] but got [undefined]",
        ),
        (
            {"name": "x", "actionTypeId": ".index", "config": {"index": "i", "extra": 1}},
            "error validating action type config: [extra]: definition for this key is missing",
        ),
        (
            {"name": "x", "actionTypeId": ".servicenow", "config": {}, "secrets": {}},
            "error validating action type config: [apiUrl]: "
            "expected value of type [string] but got [undefined]",
        ),
        (
            {"name": "x", "actionTypeId": ".servicenow", "config": SEED_SERVICENOW["config"]},
            "error validating action type secrets: [password]: "
            "expected value of type [string] but got [undefined]",
        ),
        (
            {"name": "x", "actionTypeId": ".pagerduty", "secrets": {}},
            "error validating action type secrets: [routingKey]: "
            "expected value of type [string] but got [undefined]",
        ),
        (
            {
                "name": "x",
                "actionTypeId": ".webhook",
                "config": {"url": "http://a.b"},
                "secrets": {"user": "u"},
            },
            "error validating action type secrets: both user and password must be specified",
        ),
    ],
)
async def test_create_refuses_invalid_bodies(
    client: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """Invalid create bodies answer 400 with the first error only, and store nothing."""
    response = await client.post("/api/action", json=body, headers=XSRF)
    await expect_json(response, 400, kibana_error(400, message))
    await expect_json(await client.get("/api/action/_getAll"), 200, [])


async def test_empty_name_is_allowed(client: TestClient[Any, Any]) -> None:
    """config-schema strings accept '' (core §2.1: empty string allowed)."""
    created = await create_connector(client, ".server-log", name="")
    assert created["name"] == ""


async def test_update_refuses_action_type_id(client: TestClient[Any, Any]) -> None:
    """PUT does not accept actionTypeId: it is an unknown key (core §2.3)."""
    created = await create_connector(client, ".server-log")
    body = {"name": "x", "actionTypeId": ".index"}
    response = await client.put(f"/api/action/{created['id']}", json=body, headers=XSRF)
    await expect_json(
        response,
        400,
        kibana_error(400, "[request body.actionTypeId]: definition for this key is missing"),
    )
    await expect_json(await client.get(f"/api/action/{created['id']}"), 200, stored(created))


async def test_update_replaces_config_and_secrets(client: TestClient[Any, Any]) -> None:
    """PUT replaces config and secrets wholesale: nothing of the old ones is merged in."""
    created = await create_connector(
        client,
        ".webhook",
        {"url": "https://a.example/x", "method": "put", "headers": {"X-A": "1"}},
        {"user": "bob", "password": "pw"},
    )
    response = await client.put(
        f"/api/action/{created['id']}",
        json={"name": "n2", "config": {"url": "https://b.example/y"}},
        headers=XSRF,
    )
    expected = stored(
        created,
        name="n2",
        config={"url": "https://b.example/y", "method": "post", "headers": None},
    )
    await expect_json(response, 200, expected)
    kept = connectors_area(client).store.get("default", created["id"])
    assert kept is not None
    assert kept.secrets == {"user": None, "password": None}


async def test_update_without_required_secrets_fails(client: TestClient[Any, Any]) -> None:
    """Leaving secrets out validates {} against the type's secrets schema (core §2.3)."""
    created = await create_connector(
        client, ".servicenow", SEED_SERVICENOW["config"], SEED_SERVICENOW["secrets"]
    )
    response = await client.put(
        f"/api/action/{created['id']}",
        json={"name": "n", "config": SEED_SERVICENOW["config"]},
        headers=XSRF,
    )
    await expect_json(
        response,
        400,
        kibana_error(
            400,
            "error validating action type secrets: [password]: "
            "expected value of type [string] but got [undefined]",
        ),
    )
    await expect_json(await client.get(f"/api/action/{created['id']}"), 200, stored(created))


async def test_update_errors(client: TestClient[Any, Any]) -> None:
    """update.ts U3-U6: body errors answer 400 before the id is looked up; a missing id is 404."""
    await expect_json(
        await client.put("/api/action/1", json={}, headers=XSRF),
        400,
        kibana_error(
            400, "[request body.name]: expected value of type [string] but got [undefined]"
        ),
    )
    await expect_json(
        await client.put("/api/action/1", json={"name": "x", "config": None}, headers=XSRF),
        400,
        kibana_error(400, "[request body.config]: expected value of type [object] but got [null]"),
    )
    await expect_json(
        await client.put("/api/action/1", json={"name": "My action updated"}, headers=XSRF),
        404,
        not_found("1"),
    )
    created = await create_connector(
        client, ".servicenow", SEED_SERVICENOW["config"], SEED_SERVICENOW["secrets"]
    )
    body = {
        "name": "x",
        "config": SEED_SERVICENOW["config"],
        "secrets": {"username": "u", "password": 42},
    }
    await expect_json(
        await client.put(f"/api/action/{created['id']}", json=body, headers=XSRF),
        400,
        kibana_error(
            400,
            "error validating action type secrets: [password]: "
            "expected value of type [string] but got [number]",
        ),
    )


async def test_delete_of_a_missing_connector(client: TestClient[Any, Any]) -> None:
    """DELETE of an unknown id answers 404 Saved object [action/<id>] not found."""
    await expect_json(await client.delete("/api/action/2", headers=XSRF), 404, not_found("2"))


async def test_delete_ignores_a_json_body(client: TestClient[Any, Any]) -> None:
    """DELETE has no body validation: a JSON body is parsed and ignored (core §2.4)."""
    created = await create_connector(client, ".server-log")
    response = await client.delete(
        f"/api/action/{created['id']}", json={"anything": [1]}, headers=XSRF
    )
    assert response.status == 204
    assert await response.read() == b""


async def test_get_of_a_missing_connector(client: TestClient[Any, Any]) -> None:
    """GET of an unknown id answers 404 with the saved-objects message."""
    await expect_json(await client.get("/api/action/nope"), 404, not_found("nope"))


# --- spaces --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/action"),
        ("GET", "/api/action/_getAll"),
        ("GET", "/api/actions"),
        ("GET", "/api/action/types"),
        ("GET", "/api/action/_find"),
        ("GET", "/api/action/x"),
        ("PUT", "/api/action/x"),
        ("DELETE", "/api/action/x"),
        ("POST", "/api/action/x/_execute"),
    ],
)
@pytest.mark.parametrize("space", ["default", "Upper", "sp%20ace"])
async def test_unroutable_space_prefixes_are_not_found(
    client: TestClient[Any, Any], method: str, path: str, space: str
) -> None:
    """/s/default/... and ids outside [a-z0-9_-] match no route: hapi's 404 Not Found (core §4)."""
    response = await client.request(method, f"/s/{space}{path}", json={}, headers=XSRF)
    await expect_json(response, 404, kibana_error(404, "Not Found"))


async def test_spaces_are_isolated(client: TestClient[Any, Any]) -> None:
    """A connector of space1 is not found from space2 or the default space (core §4)."""
    created = await create_connector(client, ".server-log", prefix="/s/space1")
    connector_id = created["id"]
    for prefix in ("/s/space2", ""):
        await expect_json(
            await client.get(f"{prefix}/api/action/{connector_id}"), 404, not_found(connector_id)
        )
        await expect_json(
            await client.put(
                f"{prefix}/api/action/{connector_id}", json={"name": "x"}, headers=XSRF
            ),
            404,
            not_found(connector_id),
        )
        await expect_json(
            await client.delete(f"{prefix}/api/action/{connector_id}", headers=XSRF),
            404,
            not_found(connector_id),
        )
        await expect_json(
            await client.post(
                f"{prefix}/api/action/{connector_id}/_execute",
                json={"params": {"message": "m"}},
                headers=XSRF,
            ),
            404,
            not_found(connector_id),
        )
        await expect_json(await client.get(f"{prefix}/api/action/_getAll"), 200, [])
        await expect_json(
            await client.get(f"{prefix}/api/action/_find"),
            200,
            {"page": 1, "perPage": 20, "total": 0, "data": []},
        )
    await expect_json(
        await client.get(f"/s/space1/api/action/{connector_id}"), 200, stored(created)
    )


async def test_space_ids_may_use_digits_dashes_and_underscores(
    client: TestClient[Any, Any],
) -> None:
    """A space id matching [a-z0-9_-]+ is a space of its own; it need not exist beforehand."""
    created = await create_connector(client, ".server-log", prefix="/s/a-1_b")
    await expect_json(
        await client.get(f"/s/a-1_b/api/action/{created['id']}"), 200, stored(created)
    )


# --- get all -------------------------------------------------------------------------------------


@FAMILIES
async def test_get_all_is_sorted_by_name_with_referenced_by_count(
    client: TestClient[Any, Any], paths: Paths
) -> None:
    """_getAll lists the space's connectors sorted by name, each with referencedByCount 0."""
    await expect_json(await client.get(paths.all), 200, [])
    made = [
        await create_connector(client, ".server-log", name=name)
        for name in ("b", "a", "C", "10", "B")
    ]
    by_name = {c["name"]: c for c in made}
    # localeCompare: digits before letters, case-insensitive with lower case first on ties.
    expected = [
        {**stored(by_name[name]), "referencedByCount": 0} for name in ("10", "a", "b", "B", "C")
    ]
    await expect_json(await client.get(paths.all), 200, expected)


# --- types ---------------------------------------------------------------------------------------

TYPES = TYPE_REGISTRY


@FAMILIES
@PREFIXES
async def test_types_list(client: TestClient[Any, Any], paths: Paths, prefix: str) -> None:
    """The types list has every 7.8 type in registration order, all enabled (core §2.6).

    .jira's place at the end and its platinum licence are the code's choice (types §2:
    UNCONFIRMED).
    """
    expected = [
        {
            "id": type_id,
            "name": name,
            "minimumLicenseRequired": licence,
            "enabled": True,
            "enabledInConfig": True,
            "enabledInLicense": True,
        }
        for type_id, name, licence in TYPES
    ]
    await expect_json(await client.get(prefix + paths.types), 200, expected)


# --- _find (7.7's paged list) --------------------------------------------------------------------


def found(created: dict[str, Any], **only: bool) -> dict[str, Any]:
    """A _find item: id, the attributes, isPreconfigured false, referencedByCount 0."""
    item = {"id": created["id"]}
    for key in ("actionTypeId", "name", "config"):
        if not only or only.get(key):
            item[key] = created[key]
    item["isPreconfigured"] = False
    item["referencedByCount"] = 0
    return item


def page(number: int, per_page: int, total: int, data: list[dict[str, Any]]) -> dict[str, Any]:
    """A _find answer."""
    return {"page": number, "perPage": per_page, "total": total, "data": data}


@pytest.fixture
async def five(client: TestClient[Any, Any]) -> list[dict[str, Any]]:
    """Five connectors in the default space: three server-log, an index and a webhook."""
    return [
        await create_connector(client, ".server-log", name="My action"),
        await create_connector(client, ".server-log", name="Other log"),
        await create_connector(client, ".index", {"index": "i"}, name="My index"),
        await create_connector(client, ".webhook", {"url": "http://a.b"}, name="Web hook"),
        await create_connector(client, ".server-log", name="last one"),
    ]


async def test_find_defaults(client: TestClient[Any, Any], five: list[dict[str, Any]]) -> None:
    """_find answers page 1 of 20 with every connector in creation order.

    Items carry isPreconfigured: false, as 7.8's actionFromSavedObject adds it; 7.7's find.ts
    (core §8.3) shows items without it — 7.8 has no _find, so this is the code's choice.
    """
    body = await expect_json(
        await client.get("/api/action/_find"), 200, page(1, 20, 5, [found(c) for c in five])
    )
    assert list(body["data"][0]) == [
        "id",
        "actionTypeId",
        "name",
        "config",
        "isPreconfigured",
        "referencedByCount",
    ]


@pytest.mark.parametrize(
    ("query", "number", "per_page", "indexes"),
    [
        ("per_page=2", 1, 2, [0, 1]),
        ("per_page=2&page=2", 2, 2, [2, 3]),
        ("per_page=2&page=3", 3, 2, [4]),
        ("per_page=2&page=4", 4, 2, []),
        ("per_page=0", 1, 0, []),
        ("page=1&per_page=100", 1, 100, [0, 1, 2, 3, 4]),
    ],
)
async def test_find_pages(
    client: TestClient[Any, Any],
    five: list[dict[str, Any]],
    *,
    query: str,
    number: int,
    per_page: int,
    indexes: list[int],
) -> None:
    """page and per_page (numeric strings) choose the window; total counts every match."""
    expected = page(number, per_page, 5, [found(five[i]) for i in indexes])
    await expect_json(await client.get(f"/api/action/_find?{query}"), 200, expected)


@pytest.mark.parametrize(
    ("query", "indexes"),
    [
        ("search=.index&search_fields=actionTypeId", [2]),
        ("search=.server-log&search_fields=actionTypeId", [0, 1, 4]),
        ('search=.index&search_fields=["actionTypeId"]', [2]),
        ("search=.index&search_fields=actionTypeId&search_fields=name", [2]),
        ("search=my&search_fields=name", [0, 2]),
        ("search=MY%20index&search_fields=name", [0, 2]),
        ("search=MY%20index&search_fields=name&default_search_operator=AND", [2]),
        ("search=web*&search_fields=name", [3]),
        ("search=.index", [2]),
        ("search=nothing-matches", []),
        ("filter=action.attributes.actionTypeId:.index", [2]),
        ('filter=action.attributes.name:"My action"', [0]),
        (
            "filter=action.attributes.actionTypeId:.index%20or%20action.attributes.name:last",
            [2],
        ),
        (
            "filter=action.attributes.actionTypeId:.server-log%20and%20"
            'action.attributes.name:"last one"',
            [4],
        ),
        ("sort_field=name", [0, 2, 1, 3, 4]),
        ("sort_field=name&sort_order=desc", [4, 3, 1, 2, 0]),
        ('has_reference={"type":"alert","id":"1"}', []),
    ],
)
async def test_find_search_filter_and_sort(
    client: TestClient[Any, Any], five: list[dict[str, Any]], query: str, indexes: list[int]
) -> None:
    """search on name words or the exact actionTypeId keyword, KQL filters, sorting.

    has_reference matches nothing because nothing in the fake refers to a connector; sorting
    by name is by code point, the code's stand-in for Elasticsearch's keyword sort.
    """
    expected = page(1, 20, len(indexes), [found(five[i]) for i in indexes])
    await expect_json(await client.get(f"/api/action/_find?{query}"), 200, expected)


async def test_find_fields_limits_attributes(
    client: TestClient[Any, Any], five: list[dict[str, Any]]
) -> None:
    """fields (a JSON array or repeated) keeps only those attributes, after the id."""
    expected = page(1, 1, 5, [found(five[0], name=True)])
    await expect_json(
        await client.get("/api/action/_find?per_page=1&fields=" + quote('["name"]')),
        200,
        expected,
    )
    expected = page(1, 1, 5, [found(five[0], name=True, config=True)])
    await expect_json(
        await client.get("/api/action/_find?per_page=1&fields=name&fields=config"), 200, expected
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "[request query.page]: Value must be equal to or greater than [1]."),
        ("per_page=-1", "[request query.per_page]: Value must be equal to or greater than [0]."),
        (
            "per_page=abc",
            "[request query.per_page]: expected value of type [number] but got [string]",
        ),
        (
            "default_search_operator=xyz",
            "[request query.default_search_operator]: types that failed validation:\n"
            "- [request query.default_search_operator.0]: expected value to equal [OR]\n"
            "- [request query.default_search_operator.1]: expected value to equal [AND]",
        ),
        (
            "sort_order=up",
            "[request query.sort_order]: types that failed validation:\n"
            "- [request query.sort_order.0]: expected value to equal [asc]\n"
            "- [request query.sort_order.1]: expected value to equal [desc]",
        ),
        ("foo=1", "[request query.foo]: definition for this key is missing"),
        ("fields=name", "[request query.fields]: could not parse array value from json input"),
        (
            'has_reference={"type":"alert"}',
            "[request query.has_reference]: types that failed validation:\n"
            "- [request query.has_reference.0.id]: "
            "expected value of type [string] but got [undefined]\n"
            "- [request query.has_reference.1]: expected value to equal [null]",
        ),
        (
            "has_reference=x",
            "[request query.has_reference]: types that failed validation:\n"
            "- [request query.has_reference.0]: could not parse object value from json input\n"
            "- [request query.has_reference.1]: expected value to equal [null]",
        ),
        ("page=0&foo=1", "[request query.page]: Value must be equal to or greater than [1]."),
    ],
)
async def test_find_query_errors(client: TestClient[Any, Any], query: str, message: str) -> None:
    """An invalid _find query answers 400 with config-schema's message for the first error."""
    await expect_json(
        await client.get(f"/api/action/_find?{query}"), 400, kibana_error(400, message)
    )


async def test_find_refuses_a_filter_it_cannot_emulate(client: TestClient[Any, Any]) -> None:
    """A KQL filter beyond field:value with and/or is a plain 400 (the code's own message)."""
    await expect_json(
        await client.get(f"/api/action/_find?filter={quote('not (a:b)')}"),
        400,
        kibana_error(400, "fakekibana does not emulate this KQL filter: not (a:b)"),
    )


async def test_find_search_in_another_space(client: TestClient[Any, Any]) -> None:
    """find.ts F4 / SO-F2: the same search from another space finds nothing."""
    created = await create_connector(client, ".index", {"index": "i"}, prefix="/s/space1")
    query = "search=.index&search_fields=actionTypeId"
    await expect_json(
        await client.get(f"/s/space1/api/action/_find?{query}"),
        200,
        page(1, 20, 1, [found(created)]),
    )
    await expect_json(
        await client.get(f"/s/other/api/action/_find?{query}"), 200, page(1, 20, 0, [])
    )
