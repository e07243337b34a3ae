"""kibana.yml settings through the API: whitelists, enabled types, licences, preconfigured."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings
from fakekibana.connectors.store import Connector
from fakekibana.core.settings import Preconfigured
from tests.conftest import (
    TYPE_REGISTRY,
    XSRF,
    connectors_area,
    create_connector,
    expect_json,
    kibana_error,
)

WHITELIST = ("localhost", "some.non.existent.com")
SN_SIM = "http://localhost:5620/api/_actions-FTS-external-service-simulators/servicenow"
JIRA_SIM = "http://localhost:5620/api/_actions-FTS-external-service-simulators/jira"
NOT_WHITELISTED = "is not whitelisted in the Kibana config xpack.actions.whitelistedHosts"


def settings(**changes: Any) -> Settings:
    """The test server's settings with some fields changed."""
    return Settings(server_name="fakekibana-test", **changes)


async def post(client: TestClient[Any, Any], body: dict[str, Any]) -> Any:
    """POST /api/action."""
    return await client.post("/api/action", json=body, headers=XSRF)


def stored_view(created: dict[str, Any]) -> dict[str, Any]:
    """A stored connector's 7.8 body."""
    return {
        "id": created["id"],
        "actionTypeId": created["actionTypeId"],
        "name": created["name"],
        "config": created["config"],
        "isPreconfigured": False,
    }


@pytest.fixture
async def guarded(make_client: Any) -> TestClient[Any, Any]:
    """A fake whitelisting what Kibana's test config does: localhost, some.non.existent.com."""
    client: TestClient[Any, Any] = await make_client(settings(whitelisted_hosts=WHITELIST))
    return client


# --- whitelisted hosts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"actionTypeId": ".webhook", "config": {"url": "http://x.mynonexistent.com/hook"}},
            "error validating action type config: error configuring webhook action: "
            f'target url "http://x.mynonexistent.com/hook" {NOT_WHITELISTED}',
        ),
        (
            {"actionTypeId": ".webhook", "config": {"url": "localhost/hook"}},
            "error validating action type config: error configuring webhook action: "
            f'target url "localhost/hook" {NOT_WHITELISTED}',
        ),
        (
            {"actionTypeId": ".pagerduty", "secrets": {"routingKey": "k"}},
            "error validating action type config: error configuring pagerduty action: "
            f'target url "https://events.pagerduty.com/v2/enqueue" {NOT_WHITELISTED}',
        ),
        (
            {
                "actionTypeId": ".pagerduty",
                "config": {"apiUrl": ""},
                "secrets": {"routingKey": "k"},
            },
            "error validating action type config: error configuring pagerduty action: "
            f'target url "https://events.pagerduty.com/v2/enqueue" {NOT_WHITELISTED}',
        ),
        (
            {
                "actionTypeId": ".pagerduty",
                "config": {"apiUrl": "https://pd.example/v2"},
                "secrets": {"routingKey": "k"},
            },
            "error validating action type config: error configuring pagerduty action: "
            f'target url "https://pd.example/v2" {NOT_WHITELISTED}',
        ),
        (
            {
                "actionTypeId": ".slack",
                "secrets": {"webhookUrl": "http://slack.mynonexistent.com/other/stuff/in/the/path"},
            },
            "error validating action type secrets: error configuring slack action: "
            f'target hostname "slack.mynonexistent.com" {NOT_WHITELISTED}',
        ),
        (
            {"actionTypeId": ".slack", "secrets": {"webhookUrl": "fee-fi-fo-fum"}},
            "error validating action type secrets: error configuring slack action: "
            "unable to parse host name from webhookUrl",
        ),
        (
            {"actionTypeId": ".email", "config": {"from": "a@b.c", "service": "gmail"}},
            "error validating action type config: [service] value 'gmail' resolves to host "
            "'smtp.gmail.com' which is not in the whitelistedHosts configuration",
        ),
        (
            {
                "actionTypeId": ".email",
                "config": {"from": "a@b.c", "host": "stmp.gmail.com", "port": 666},
            },
            "error validating action type config: "
            "[host] value 'stmp.gmail.com' is not in the whitelistedHosts configuration",
        ),
    ],
)
async def test_whitelisted_hosts_refuse_other_hosts(
    guarded: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """Each type checks its URL or host against whitelistedHosts, with its own wording."""
    response = await post(guarded, {"name": "c", **body})
    await expect_json(response, 400, kibana_error(400, message))
    await expect_json(await guarded.get("/api/action/_getAll"), 200, [])


@pytest.mark.parametrize(
    ("type_id", "config", "secrets"),
    [
        (".webhook", {"url": "http://localhost:9200/hook"}, None),
        (".pagerduty", {"apiUrl": "http://localhost/pd"}, {"routingKey": "k"}),
        (".slack", None, {"webhookUrl": "https://some.non.existent.com/services/x"}),
        (".email", {"from": "a@b.c", "host": "some.non.existent.com", "port": 666}, None),
        (".email", {"from": "a@b.c", "service": "__json", "host": "evil.example"}, None),
    ],
)
async def test_whitelisted_hosts_are_accepted(
    guarded: TestClient[Any, Any],
    type_id: str,
    config: dict[str, Any] | None,
    secrets: dict[str, Any] | None,
) -> None:
    """Whitelisted hosts pass; email's __json service skips the host checks (types §3.1)."""
    await create_connector(guarded, type_id, config, secrets)


async def test_unparsable_urls_fail_even_with_star(client: TestClient[Any, Any]) -> None:
    """With the default ['*'], a URL `new URL` cannot parse is still refused (types §1.5)."""
    response = await post(
        client, {"name": "c", "actionTypeId": ".webhook", "config": {"url": "not a url"}}
    )
    await expect_json(
        response,
        400,
        kibana_error(
            400,
            "error validating action type config: error configuring webhook action: "
            f'target url "not a url" {NOT_WHITELISTED}',
        ),
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "[from]: expected value of type [string] but got [undefined]"),
        ({"from": "a@b.c"}, "either [service] or [host]/[port] is required"),
        ({"from": "a@b.c", "host": "localhost"}, "[port] is required if [service] is not provided"),
        ({"from": "a@b.c", "port": 25}, "[host] is required if [service] is not provided"),
        ({"from": "a@b.c", "service": "pigeon"}, "[service] value 'pigeon' is not valid"),
        (
            {"from": "a@b.c", "port": 0, "host": "localhost"},
            "[port]: types that failed validation:\n"
            "- [port.0]: Value must be equal to or greater than [1].\n"
            "- [port.1]: expected value to equal [null]",
        ),
    ],
)
async def test_email_config_checks(
    guarded: TestClient[Any, Any], config: dict[str, Any], message: str
) -> None:
    """.email's schema then its custom checks, in email.js's order (types §3.1)."""
    response = await post(guarded, {"name": "c", "actionTypeId": ".email", "config": config})
    await expect_json(
        response, 400, kibana_error(400, "error validating action type config: " + message)
    )


async def test_email_json_service_echo(guarded: TestClient[Any, Any]) -> None:
    """types §5.4 email: __json with only from echoes host, port and secure as null."""
    created = await create_connector(
        guarded, ".email", {"from": "bob@example.com", "service": "__json"}, {}
    )
    expected = {
        "id": created["id"],
        "actionTypeId": ".email",
        "name": "My connector",
        "config": {
            "from": "bob@example.com",
            "service": "__json",
            "host": None,
            "port": None,
            "secure": None,
        },
        "isPreconfigured": False,
    }
    await expect_json(await guarded.get(f"/api/action/{created['id']}"), 200, expected)


async def test_update_checks_the_whitelist_too(guarded: TestClient[Any, Any]) -> None:
    """PUT re-runs the type's checks: a new non-whitelisted URL is refused and nothing changes."""
    created = await create_connector(guarded, ".webhook", {"url": "http://localhost/a"})
    response = await guarded.put(
        f"/api/action/{created['id']}",
        json={"name": "x", "config": {"url": "http://elsewhere.example/a"}},
        headers=XSRF,
    )
    await expect_json(
        response,
        400,
        kibana_error(
            400,
            "error validating action type config: error configuring webhook action: "
            f'target url "http://elsewhere.example/a" {NOT_WHITELISTED}',
        ),
    )
    await expect_json(await guarded.get(f"/api/action/{created['id']}"), 200, stored_view(created))


# --- 7.8 servicenow.ts (types §5.2 rows 1-7) and jira.ts (types §5.3 rows 1-8) --------------------

SN_MAPPING = [
    {"source": "title", "target": "short_description", "actionType": "overwrite"},
    {"source": "description", "target": "description", "actionType": "overwrite"},
    {"source": "comments", "target": "comments", "actionType": "append"},
]
JIRA_MAPPING = [
    {"source": "title", "target": "summary", "actionType": "overwrite"},
    {"source": "description", "target": "description", "actionType": "overwrite"},
    {"source": "comments", "target": "comments", "actionType": "append"},
]
SN_SECRETS = {"password": "elastic", "username": "changeme"}
JIRA_SECRETS = {"apiToken": "elastic", "email": "elastic@elastic.co"}


@pytest.mark.parametrize(
    ("body", "config"),
    [
        (
            {
                "name": "A servicenow action",
                "actionTypeId": ".servicenow",
                "config": {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": SN_MAPPING}},
                "secrets": SN_SECRETS,
            },
            {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": SN_MAPPING}},
        ),
        (
            {
                "name": "A jira action",
                "actionTypeId": ".jira",
                "config": {
                    "apiUrl": JIRA_SIM,
                    "projectKey": "CK",
                    "casesConfiguration": {"mapping": JIRA_MAPPING},
                },
                "secrets": JIRA_SECRETS,
            },
            {
                "apiUrl": JIRA_SIM,
                "projectKey": "CK",
                "casesConfiguration": {"mapping": JIRA_MAPPING},
            },
        ),
    ],
    ids=["servicenow-1", "jira-1"],
)
async def test_cases_connector_create_and_get(
    guarded: TestClient[Any, Any], body: dict[str, Any], config: dict[str, Any]
) -> None:
    """Row 1: create answers {id, actionTypeId, name, config, isPreconfigured:false}; GET agrees."""
    response = await post(guarded, body)
    created = await response.json()
    expected = {
        "id": created["id"],
        "actionTypeId": body["actionTypeId"],
        "name": body["name"],
        "config": config,
        "isPreconfigured": False,
    }
    await expect_json(response, 200, expected)
    await expect_json(await guarded.get(f"/api/action/{created['id']}"), 200, expected)


def sn(config: dict[str, Any], secrets: dict[str, Any] | None = SN_SECRETS) -> dict[str, Any]:
    """A servicenow create body."""
    body = {"name": "A servicenow action", "actionTypeId": ".servicenow", "config": config}
    if secrets is not None:
        body["secrets"] = secrets
    return body


def jira(config: dict[str, Any], secrets: dict[str, Any] | None = JIRA_SECRETS) -> dict[str, Any]:
    """A jira create body."""
    body = {"name": "A jira action", "actionTypeId": ".jira", "config": config}
    if secrets is not None:
        body["secrets"] = secrets
    return body


BAD_ENTRY = [{"source": "title", "target": "description", "actionType": "non-supported"}]
BAD_ACTION_TYPE = (
    "[casesConfiguration.mapping.0.actionType]: types that failed validation:\n"
    "- [casesConfiguration.mapping.0.actionType.0]: expected value to equal [nothing]\n"
    "- [casesConfiguration.mapping.0.actionType.1]: expected value to equal [overwrite]\n"
    "- [casesConfiguration.mapping.0.actionType.2]: expected value to equal [append]"
)
CONFIG = "error validating action type config: "
CASES_CREATE_ROWS = [
    (
        "sn-2",
        sn({}, None),
        CONFIG + "[apiUrl]: expected value of type [string] but got [undefined]",
    ),
    (
        "sn-3",
        sn(
            {
                "apiUrl": "http://servicenow.mynonexistent.com",
                "casesConfiguration": {"mapping": SN_MAPPING},
            }
        ),
        CONFIG + "error configuring connector action: "
        f'target url "http://servicenow.mynonexistent.com" {NOT_WHITELISTED}',
    ),
    (
        "sn-4",
        sn({"apiUrl": SN_SIM, "casesConfiguration": {"mapping": SN_MAPPING}}, None),
        "error validating action type secrets: [password]: "
        "expected value of type [string] but got [undefined]",
    ),
    (
        "sn-5",
        sn({"apiUrl": SN_SIM}),
        CONFIG + "[casesConfiguration.mapping]: expected value of type [array] but got [undefined]",
    ),
    (
        "sn-6",
        sn({"apiUrl": SN_SIM, "casesConfiguration": {"mapping": []}}),
        CONFIG + "[casesConfiguration.mapping]: expected non-empty but got empty",
    ),
    (
        "sn-7",
        sn({"apiUrl": SN_SIM, "casesConfiguration": {"mapping": BAD_ENTRY}}),
        CONFIG + BAD_ACTION_TYPE,
    ),
    (
        "jira-2",
        jira({"projectKey": "CK"}, None),
        CONFIG + "[apiUrl]: expected value of type [string] but got [undefined]",
    ),
    (
        "jira-3",
        jira({"apiUrl": JIRA_SIM}),
        CONFIG + "[projectKey]: expected value of type [string] but got [undefined]",
    ),
    (
        "jira-4",
        jira(
            {
                "apiUrl": "http://jira.mynonexistent.com",
                "projectKey": "CK",
                "casesConfiguration": {"mapping": JIRA_MAPPING},
            }
        ),
        CONFIG + "error configuring connector action: "
        f'target url "http://jira.mynonexistent.com" {NOT_WHITELISTED}',
    ),
    (
        "jira-5",
        jira(
            {
                "apiUrl": JIRA_SIM,
                "projectKey": "CK",
                "casesConfiguration": {"mapping": JIRA_MAPPING},
            },
            None,
        ),
        "error validating action type secrets: [email]: "
        "expected value of type [string] but got [undefined]",
    ),
    (
        "jira-6",
        jira({"apiUrl": JIRA_SIM, "projectKey": "CK"}),
        CONFIG + "[casesConfiguration.mapping]: expected value of type [array] but got [undefined]",
    ),
    (
        "jira-7",
        jira({"apiUrl": JIRA_SIM, "projectKey": "CK", "casesConfiguration": {"mapping": []}}),
        CONFIG + "[casesConfiguration.mapping]: expected non-empty but got empty",
    ),
    (
        "jira-8",
        jira(
            {"apiUrl": JIRA_SIM, "projectKey": "CK", "casesConfiguration": {"mapping": BAD_ENTRY}}
        ),
        CONFIG + BAD_ACTION_TYPE,
    ),
    (
        "empty-before-whitelist",
        sn(
            {"apiUrl": "http://servicenow.mynonexistent.com", "casesConfiguration": {"mapping": []}}
        ),
        CONFIG + "[casesConfiguration.mapping]: expected non-empty but got empty",
    ),
]


@pytest.mark.parametrize(
    ("body", "message"),
    [row[1:] for row in CASES_CREATE_ROWS],
    ids=[row[0] for row in CASES_CREATE_ROWS],
)
async def test_cases_connector_create_errors(
    guarded: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """Rows 2-7 (servicenow) and 2-8 (jira): 400 with the exact message.

    Row 7/8 (a bad mapping actionType) is asserted only as 400 by Kibana's tests; the message
    is types §6 item 4's INFERRED oneOf failure.
    """
    await expect_json(await post(guarded, body), 400, kibana_error(400, message))


# --- enabled action types ------------------------------------------------------------------------

ENABLED = (".server-log", ".index")
DISABLED_EMAIL = (
    'action type ".email" is not enabled in the Kibana config xpack.actions.enabledActionTypes'
)


def types_list(in_config: set[str], in_license: set[str]) -> list[dict[str, Any]]:
    """The expected types list given which types the config and the licence allow."""
    return [
        {
            "id": type_id,
            "name": name,
            "minimumLicenseRequired": licence,
            "enabled": type_id in in_config and type_id in in_license,
            "enabledInConfig": type_id in in_config,
            "enabledInLicense": type_id in in_license,
        }
        for type_id, name, licence in TYPE_REGISTRY
    ]


ALL_TYPES = {
    ".email",
    ".index",
    ".pagerduty",
    ".server-log",
    ".servicenow",
    ".slack",
    ".webhook",
    ".jira",
}


@pytest.fixture
async def restricted(make_client: Any) -> TestClient[Any, Any]:
    """A fake with enabledActionTypes [.server-log, .index] and a stored .email connector."""
    client: TestClient[Any, Any] = await make_client(settings(enabled_action_types=ENABLED))
    connectors_area(client).store.put(
        "default",
        Connector(
            "uuid-actionId",
            ".email",
            "an action created before .email was disabled",
            {"service": "__json", "from": "a@b.c", "host": None, "port": None, "secure": None},
            {"user": None, "password": None},
        ),
    )
    return client


async def test_types_list_shows_config_flags(restricted: TestClient[Any, Any]) -> None:
    """enabledInConfig follows xpack.actions.enabledActionTypes; enabled needs both flags."""
    await expect_json(
        await restricted.get("/api/actions/list_action_types"),
        200,
        types_list(set(ENABLED), ALL_TYPES),
    )


async def test_disabled_type_cannot_be_created(restricted: TestClient[Any, Any]) -> None:
    """type_not_enabled N1 (7.7 build): a disabled type answers 403 after validation passes."""
    body = {
        "name": "My action",
        "actionTypeId": ".email",
        "config": {"service": "__json", "from": "a@b.c"},
    }
    await expect_json(await post(restricted, body), 403, kibana_error(403, DISABLED_EMAIL))
    body["config"] = {}
    await expect_json(
        await post(restricted, body),
        400,
        kibana_error(
            400,
            "error validating action type config: [from]: "
            "expected value of type [string] but got [undefined]",
        ),
    )


async def test_a_connector_of_a_disabled_type(restricted: TestClient[Any, Any]) -> None:
    """N2-N5: execute and update are 403, get and delete work, lists still show it."""
    connector_id = "uuid-actionId"
    view = {
        "id": connector_id,
        "actionTypeId": ".email",
        "name": "an action created before .email was disabled",
        "config": {
            "service": "__json",
            "from": "a@b.c",
            "host": None,
            "port": None,
            "secure": None,
        },
        "isPreconfigured": False,
    }
    response = await restricted.post(
        f"/api/action/{connector_id}/_execute",
        json={"params": {"to": ["x@y.z"], "subject": "s", "message": "m"}},
        headers=XSRF,
    )
    await expect_json(response, 403, kibana_error(403, DISABLED_EMAIL))
    await expect_json(await restricted.get(f"/api/action/{connector_id}"), 200, view)
    update = {"name": "updated", "config": {"service": "__json", "from": "a@b.c"}}
    response = await restricted.put(f"/api/action/{connector_id}", json=update, headers=XSRF)
    await expect_json(response, 403, kibana_error(403, DISABLED_EMAIL))
    await expect_json(await restricted.get(f"/api/action/{connector_id}"), 200, view)
    await expect_json(
        await restricted.get("/api/action/_getAll"), 200, [{**view, "referencedByCount": 0}]
    )
    await expect_json(
        await restricted.get("/api/action/_find"),
        200,
        {"page": 1, "perPage": 20, "total": 1, "data": [{**view, "referencedByCount": 0}]},
    )
    response = await restricted.delete(f"/api/action/{connector_id}", headers=XSRF)
    assert response.status == 204
    await expect_json(
        await restricted.get(f"/api/action/{connector_id}"),
        404,
        kibana_error(404, f"Saved object [action/{connector_id}] not found"),
    )


async def test_enabled_types_still_work(restricted: TestClient[Any, Any]) -> None:
    """Types in enabledActionTypes are created and executed as usual."""
    created = await create_connector(restricted, ".server-log")
    response = await restricted.post(
        f"/api/action/{created['id']}/_execute", json={"params": {"message": "m"}}, headers=XSRF
    )
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"]})


# --- licences ------------------------------------------------------------------------------------

RANK = ["basic", "standard", "gold", "platinum", "enterprise", "trial"]
MINIMUM = {
    ".email": "gold",
    ".index": "basic",
    ".pagerduty": "gold",
    ".server-log": "basic",
    ".servicenow": "platinum",
    ".slack": "gold",
    ".webhook": "gold",
    ".jira": "platinum",
}


@pytest.mark.parametrize("licence", RANK)
async def test_types_list_shows_licence_flags(make_client: Any, licence: str) -> None:
    """enabledInLicense holds exactly for types whose minimum licence the current one meets."""
    client = await make_client(settings(license=licence))
    allowed = {t for t, minimum in MINIMUM.items() if RANK.index(minimum) <= RANK.index(licence)}
    await expect_json(await client.get("/api/action/types"), 200, types_list(ALL_TYPES, allowed))


def unsupported(type_id: str, licence: str) -> dict[str, Any]:
    """The 403 for a type the licence does not cover (core §3.6)."""
    return kibana_error(
        403,
        f"Action type {type_id} is disabled because your {licence} license does not support it. "
        "Please upgrade your license.",
    )


@pytest.mark.parametrize(
    ("licence", "body"),
    [
        ("basic", {"actionTypeId": ".email", "config": {"service": "__json", "from": "a@b.c"}}),
        ("basic", {"actionTypeId": ".slack", "secrets": {"webhookUrl": "http://a.b"}}),
        ("standard", {"actionTypeId": ".webhook", "config": {"url": "http://a.b"}}),
        (
            "gold",
            {
                "actionTypeId": ".servicenow",
                "config": {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": SN_MAPPING}},
                "secrets": SN_SECRETS,
            },
        ),
    ],
)
async def test_licence_too_low_to_create(
    make_client: Any, licence: str, body: dict[str, Any]
) -> None:
    """Creating a type above the licence answers 403 with license_state's message."""
    client = await make_client(settings(license=licence))
    await expect_json(
        await post(client, {"name": "n", **body}), 403, unsupported(body["actionTypeId"], licence)
    )
    await expect_json(await client.get("/api/action/_getAll"), 200, [])


async def test_basic_licence_and_a_stored_email_connector(make_client: Any) -> None:
    """Under basic a stored .email connector can be read and deleted, not run or updated."""
    client = await make_client(settings(license="basic"))
    connectors_area(client).store.put(
        "default",
        Connector(
            "e1",
            ".email",
            "mail",
            {"service": "__json", "from": "a@b.c", "host": None, "port": None, "secure": None},
            {"user": None, "password": None},
        ),
    )
    response = await client.post(
        "/api/action/e1/_execute",
        json={"params": {"to": ["x@y.z"], "subject": "s", "message": "m"}},
        headers=XSRF,
    )
    await expect_json(response, 403, unsupported(".email", "basic"))
    response = await client.put(
        "/api/action/e1",
        json={"name": "x", "config": {"service": "__json", "from": "a@b.c"}},
        headers=XSRF,
    )
    await expect_json(response, 403, unsupported(".email", "basic"))
    assert (await client.get("/api/action/e1")).status == 200
    assert (await client.delete("/api/action/e1", headers=XSRF)).status == 204


async def test_config_check_comes_before_the_licence_check(make_client: Any) -> None:
    """A type both disabled in config and above the licence gets the config message."""
    client = await make_client(settings(license="basic", enabled_action_types=(".index",)))
    body = {"name": "n", "actionTypeId": ".email", "config": {"service": "__json", "from": "a@b.c"}}
    await expect_json(await post(client, body), 403, kibana_error(403, DISABLED_EMAIL))


EXPIRED = kibana_error(403, "You cannot use actions because your platinum license has expired.")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/action", {"name": "n", "actionTypeId": ".server-log"}),
        ("POST", "/api/actions/action", {"name": "n", "actionTypeId": ".server-log"}),
        ("GET", "/api/action/x", None),
        ("GET", "/s/space1/api/actions/action/x", None),
        ("PUT", "/api/action/x", {"name": "n"}),
        ("DELETE", "/api/action/x", None),
        ("GET", "/api/action/_getAll", None),
        ("GET", "/api/actions", None),
        ("GET", "/api/action/_find", None),
        ("GET", "/api/action/types", None),
        ("GET", "/api/actions/list_action_types", None),
        ("POST", "/api/action/x/_execute", {"params": {}}),
    ],
)
async def test_expired_licence_closes_every_actions_route(
    make_client: Any, method: str, path: str, body: Any
) -> None:
    """With an expired licence every actions route answers 403 from the plugin check.

    The message is the licensing plugin's errorExpiredMessage with pluginName 'actions' — the
    reference leaves the exact text UNCONFIRMED (core §3.7); this is the code's choice.
    """
    client = await make_client(settings(license_expired=True))
    response = await client.request(method, path, json=body, headers=XSRF)
    await expect_json(response, 403, EXPIRED)


async def test_expired_licence_still_validates_the_request_first(make_client: Any) -> None:
    """Route validation runs before the handler's licence check: a bad body is still a 400."""
    client = await make_client(settings(license_expired=True))
    await expect_json(
        await post(client, {}),
        400,
        kibana_error(
            400, "[request body.name]: expected value of type [string] but got [undefined]"
        ),
    )


async def test_expired_licence_leaves_status_alone(make_client: Any) -> None:
    """GET /api/status is not an actions route: it answers 200 with an expired licence."""
    client = await make_client(settings(license_expired=True))
    response = await client.get("/api/status")
    assert response.status == 200
    assert (await response.json())["version"]["number"] == "7.8.0"


# --- preconfigured connectors (7.8, core §10) ---------------------------------------------------

SLACK = Preconfigured(
    "my-slack1", ".slack", "Slack#xyz", {}, {"webhookUrl": "https://hooks.slack.com/services/abc"}
)
HOOK = Preconfigured(
    "custom-system-abc-connector",
    ".webhook",
    "Another connector",
    {"url": "https://elsewhere.example/hook"},
    {},
)


@pytest.fixture
async def preconfigured(make_client: Any) -> TestClient[Any, Any]:
    """A fake with two preconfigured connectors, a whitelist, and only .index enabled."""
    client: TestClient[Any, Any] = await make_client(
        settings(
            preconfigured=(SLACK, HOOK),
            enabled_action_types=(".index",),
            whitelisted_hosts=("hooks.slack.com", "localhost"),
        )
    )
    return client


def preconfigured_view(connector: Preconfigured) -> dict[str, Any]:
    """How 7.8 shows a preconfigured connector: no config, isPreconfigured true."""
    return {
        "id": connector.id,
        "actionTypeId": connector.action_type_id,
        "name": connector.name,
        "isPreconfigured": True,
    }


async def test_get_all_merges_preconfigured_by_name(preconfigured: TestClient[Any, Any]) -> None:
    """_getAll lists stored and preconfigured connectors together, sorted by name."""
    stored = await create_connector(preconfigured, ".index", {"index": "i"}, name="Middle")
    expected = [
        {**preconfigured_view(HOOK), "referencedByCount": 0},
        {**stored_view(stored), "referencedByCount": 0},
        {**preconfigured_view(SLACK), "referencedByCount": 0},
    ]
    await expect_json(await preconfigured.get("/api/actions"), 200, expected)
    await expect_json(
        await preconfigured.get("/s/space1/api/action/_getAll"),
        200,
        [
            {**preconfigured_view(HOOK), "referencedByCount": 0},
            {**preconfigured_view(SLACK), "referencedByCount": 0},
        ],
    )


async def test_find_lists_only_saved_objects(preconfigured: TestClient[Any, Any]) -> None:
    """7.7's _find reads saved objects only: preconfigured connectors are not in it."""
    await expect_json(
        await preconfigured.get("/api/action/_find"),
        200,
        {"page": 1, "perPage": 20, "total": 0, "data": []},
    )


@pytest.mark.parametrize("prefix", ["", "/s/space1"])
@pytest.mark.parametrize("path", ["/api/action/{id}", "/api/actions/action/{id}"])
async def test_get_preconfigured_has_no_config(
    preconfigured: TestClient[Any, Any], prefix: str, path: str
) -> None:
    """GET of a preconfigured id answers {id, actionTypeId, name, isPreconfigured:true} anywhere."""
    response = await preconfigured.get(prefix + path.format(id=SLACK.id))
    await expect_json(response, 200, preconfigured_view(SLACK))


async def test_preconfigured_cannot_be_updated_or_deleted(
    preconfigured: TestClient[Any, Any],
) -> None:
    """PUT and DELETE of a preconfigured id answer 400 (core §10), before any other check."""
    response = await preconfigured.put(
        f"/api/action/{SLACK.id}", json={"name": "x", "config": {"bad": 1}}, headers=XSRF
    )
    await expect_json(
        response,
        400,
        kibana_error(400, f"Preconfigured action {SLACK.id} is not allowed to update."),
    )
    response = await preconfigured.delete(f"/s/space1/api/actions/action/{SLACK.id}", headers=XSRF)
    await expect_json(
        response,
        400,
        kibana_error(400, f"Preconfigured action {SLACK.id} is not allowed to delete."),
    )
    await expect_json(
        await preconfigured.get(f"/api/action/{SLACK.id}"), 200, preconfigured_view(SLACK)
    )


async def test_preconfigured_of_a_disabled_type_executes(
    preconfigured: TestClient[Any, Any],
) -> None:
    """A preconfigured .slack runs though enabledActionTypes omits .slack (isActionExecutable)."""
    response = await preconfigured.post(
        f"/s/space1/api/action/{SLACK.id}/_execute",
        json={"params": {"message": "hi"}},
        headers=XSRF,
    )
    await expect_json(response, 200, {"status": "ok", "data": {"text": "ok"}, "actionId": SLACK.id})
    body = {"name": "n", "actionTypeId": ".slack", "secrets": copy.deepcopy(dict(SLACK.secrets))}
    await expect_json(
        await post(preconfigured, body),
        403,
        kibana_error(
            403,
            'action type ".slack" is not enabled in the Kibana config '
            "xpack.actions.enabledActionTypes",
        ),
    )


async def test_preconfigured_of_an_unlicensed_type_executes(make_client: Any) -> None:
    """Under basic a preconfigured .slack still runs: 7.8's isActionExecutable looks at the id."""
    client = await make_client(settings(preconfigured=(SLACK,), license="basic"))
    response = await client.post(
        f"/api/action/{SLACK.id}/_execute", json={"params": {"message": "hi"}}, headers=XSRF
    )
    await expect_json(response, 200, {"status": "ok", "data": {"text": "ok"}, "actionId": SLACK.id})


async def test_preconfigured_config_is_validated_when_run(
    preconfigured: TestClient[Any, Any],
) -> None:
    """A preconfigured webhook whose URL is not whitelisted fails at execute time, with 200."""
    response = await preconfigured.post(
        f"/api/action/{HOOK.id}/_execute", json={"params": {}}, headers=XSRF
    )
    await expect_json(
        response,
        200,
        {
            "status": "error",
            "actionId": HOOK.id,
            "message": "error validating action type config: error configuring webhook action: "
            f'target url "https://elsewhere.example/hook" {NOT_WHITELISTED}',
            "retry": False,
        },
    )


async def test_preconfigured_params_are_validated(preconfigured: TestClient[Any, Any]) -> None:
    """Params of a preconfigured connector are validated like any other's."""
    response = await preconfigured.post(
        f"/api/action/{SLACK.id}/_execute", json={"params": {}}, headers=XSRF
    )
    await expect_json(
        response,
        200,
        {
            "status": "error",
            "actionId": SLACK.id,
            "message": "error validating action params: [message]: "
            "expected value of type [string] but got [undefined]",
            "retry": False,
        },
    )
