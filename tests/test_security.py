"""Security emulation: Kibana's security_and_spaces assertion tables, the order of checks, auth.

The tables are reference core §8.1-§8.7, scenario users of §7. Kibana's fixture type
`test.index-record` does not exist in the fake, so its part is played by `.slack`: it has no
config validator (so the table's `config` object is stored unchanged, as Kibana stores it) and
one required string secret (so the secrets rows keep their shape). `.server-log`, left out of
enabledActionTypes, plays `test.not-enabled`.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings
from fakekibana.cli import build_parser, main, settings_from_args
from fakekibana.core import messages
from fakekibana.core.security import Principal, parse_principal

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
NF = {"statusCode": 404, "error": "Not Found", "message": "Not Found"}
UNAUTHORIZED = {"statusCode": 401, "error": "Unauthorized", "message": "Unauthorized"}
CFG = {"unencrypted": "This value shouldn't get encrypted"}
SLACK_URL = "https://hooks.slack.com/services/T0/B0/secret"
IDX = {
    "name": "My action",
    "actionTypeId": ".slack",
    "config": CFG,
    "secrets": {"webhookUrl": SLACK_URL},
}
UPDATE = {"name": "My action updated", "config": CFG, "secrets": {"webhookUrl": SLACK_URL}}
USERS = (
    "superuser:superuser-password:superuser",
    "global_read:global_read-password:read",
    "space_1_all:space_1_all-password:all@space1",
    "no_kibana_privileges:no_kibana_privileges-password:none",
)
API_KEYS = ("key-all:key-secret", "key-s1-read:key-s1-secret:read@space1")
ENABLED = (".email", ".index", ".pagerduty", ".slack", ".webhook", ".servicenow", ".jira")
TYPE_IDS = [
    ".email",
    ".index",
    ".pagerduty",
    ".server-log",
    ".servicenow",
    ".slack",
    ".webhook",
    ".jira",
]


def basic(user: str, password: str | None = None) -> dict[str, str]:
    """Basic-auth headers for a scenario user (password `<user>-password` unless given)."""
    pair = f"{user}:{password if password is not None else user + '-password'}"
    return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}


def api_key(key_id: str, key: str) -> dict[str, str]:
    """An `Authorization: ApiKey` header."""
    return {"Authorization": "ApiKey " + base64.b64encode(f"{key_id}:{key}".encode()).decode()}


def prefix(space: str) -> str:
    """getUrlPrefix: empty for the default space."""
    return "" if space == "default" else f"/s/{space}"


def boom(status: int, message: str) -> dict[str, Any]:
    """A Kibana error body."""
    return {"statusCode": status, "error": messages.REASONS[status], "message": message}


def sonf(connector_id: str) -> dict[str, Any]:
    """The saved-object 404 body for an action id."""
    return boom(404, f"Saved object [action/{connector_id}] not found")


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A user acting in a space (reference core §7)."""

    user: str
    space: str

    @property
    def headers(self) -> dict[str, str]:
        """Basic auth for the user, plus kbn-xsrf."""
        return {**basic(self.user), "kbn-xsrf": "foo"}

    @property
    def p(self) -> str:
        """The URL prefix of the scenario's space."""
        return prefix(self.space)


SCENARIOS = {
    "NKP": Scenario("no_kibana_privileges", "space1"),
    "SU": Scenario("superuser", "space1"),
    "GR": Scenario("global_read", "space1"),
    "S1": Scenario("space_1_all", "space1"),
    "S12": Scenario("space_1_all", "space2"),
}
SUPER = {**basic("superuser"), "kbn-xsrf": "foo"}

Client = TestClient[Any, Any]


def secure_settings(**changes: Any) -> Settings:
    """The security_and_spaces Kibana: the scenario users, API keys, `.server-log` disabled."""
    fields: dict[str, Any] = {
        "server_name": "fakekibana-test",
        "users": tuple(parse_principal(u, "--user") for u in USERS),
        "api_keys": tuple(parse_principal(k, "--api-key") for k in API_KEYS),
        "enabled_action_types": ENABLED,
        "strict_responses": True,
    }
    fields.update(changes)
    return Settings(**fields)


@pytest.fixture
async def secure(make_client: Callable[..., Awaitable[Client]]) -> Client:
    """A test client for a fake Kibana with security on."""
    return await make_client(secure_settings())


async def call(
    client: Client, method: str, path: str, headers: dict[str, str], body: Any = None
) -> tuple[int, Any]:
    """The status and parsed JSON body ('' when there is none)."""
    response = await client.request(method, path, json=body, headers=headers)
    text = await response.text()
    return response.status, (await response.json() if text else "")


async def create(client: Client, space: str, body: dict[str, Any] | None = None) -> str:
    """The id of a connector the harness superuser creates in a space."""
    status, created = await call(client, "POST", f"{prefix(space)}/api/action", SUPER, body or IDX)
    assert status == 200, created
    connector_id: str = created["id"]
    return connector_id


async def stored(client: Client, space: str) -> list[dict[str, Any]]:
    """Every connector of a space, as the superuser's get-all shows it."""
    status, body = await call(client, "GET", f"{prefix(space)}/api/actions", SUPER)
    assert status == 200
    result: list[dict[str, Any]] = body
    return result


def view(connector_id: str, name: str = "My action") -> dict[str, Any]:
    """A stored IDX connector as Kibana 7.8 returns it."""
    return {
        "id": connector_id,
        "actionTypeId": ".slack",
        "name": name,
        "config": CFG,
        "isPreconfigured": False,
    }


def may_read(scenario: Scenario) -> bool:
    """Whether the scenario user holds read in the scenario's space."""
    return scenario.user in ("superuser", "global_read") or (
        scenario.user == "space_1_all" and scenario.space == "space1"
    )


def may_write(scenario: Scenario) -> bool:
    """Whether the scenario user holds all in the scenario's space."""
    return scenario.user == "superuser" or (
        scenario.user == "space_1_all" and scenario.space == "space1"
    )


def scenarios(*names: str) -> pytest.MarkDecorator:
    """Parametrize over the named scenarios."""
    return pytest.mark.parametrize("scenario", [SCENARIOS[n] for n in names], ids=names)


# --- 8.1 create.ts -------------------------------------------------------------------------------


@scenarios("NKP", "GR", "S12")
async def test_c1_create_is_not_found_without_all(secure: Client, scenario: Scenario) -> None:
    """C1: a user without `all` in the space gets 404 Not Found and nothing is stored."""
    assert await call(secure, "POST", f"{scenario.p}/api/action", scenario.headers, IDX) == (
        404,
        NF,
    )
    assert await stored(secure, scenario.space) == []


@scenarios("SU", "S1")
async def test_c1_create_succeeds_with_all(secure: Client, scenario: Scenario) -> None:
    """C1: a user with `all` in the space creates the connector, secrets left out."""
    status, body = await call(secure, "POST", f"{scenario.p}/api/action", scenario.headers, IDX)
    assert status == 200
    assert UUID.fullmatch(body["id"])
    assert body == view(body["id"])
    assert await stored(secure, scenario.space) == [{**view(body["id"]), "referencedByCount": 0}]


CREATE_ERRORS = [
    pytest.param(
        {"name": "My action", "actionTypeId": "test.unregistered-action-type", "config": {}},
        400,
        'Action type "test.unregistered-action-type" is not registered.',
        id="C2",
    ),
    pytest.param(
        {},
        400,
        "[request body.name]: expected value of type [string] but got [undefined]",
        id="C3",
    ),
    pytest.param(
        {"name": "my name", "actionTypeId": ".slack", "config": {"unencrypted": "my text"}},
        400,
        "error validating action type secrets: [webhookUrl]: expected value of type [string] "
        "but got [undefined]",
        id="C4",
    ),
    pytest.param(
        {"name": "my name", "actionTypeId": ".server-log"},
        403,
        'action type ".server-log" is not enabled in the Kibana config '
        "xpack.actions.enabledActionTypes",
        id="C5",
    ),
]


@pytest.mark.parametrize(("body", "status", "message"), CREATE_ERRORS)
@scenarios("NKP", "GR", "S12")
async def test_c2_c5_create_errors_hide_behind_not_found(
    secure: Client, scenario: Scenario, body: dict[str, Any], status: int, message: str
) -> None:
    """C2-C5: the privilege 404 comes before type, body and enabled checks."""
    assert await call(secure, "POST", f"{scenario.p}/api/action", scenario.headers, body) == (
        404,
        NF,
    )


@pytest.mark.parametrize(("body", "status", "message"), CREATE_ERRORS)
@scenarios("SU", "S1")
async def test_c2_c5_create_errors_for_privileged_users(
    secure: Client, scenario: Scenario, body: dict[str, Any], status: int, message: str
) -> None:
    """C2-C5: a user with `all` gets the type, validation or not-enabled error."""
    reason = {400: "Bad Request", 403: "Forbidden"}[status]
    assert await call(secure, "POST", f"{scenario.p}/api/action", scenario.headers, body) == (
        status,
        {"statusCode": status, "error": reason, "message": message},
    )
    assert await stored(secure, scenario.space) == []


# --- 8.2 get.ts ----------------------------------------------------------------------------------


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_g1_get(secure: Client, scenario: Scenario) -> None:
    """G1: readers of the space get the connector; the others get 404 Not Found."""
    connector_id = await create(secure, scenario.space)
    expected = (200, view(connector_id)) if may_read(scenario) else (404, NF)
    path = f"{scenario.p}/api/action/{connector_id}"
    assert await call(secure, "GET", path, scenario.headers) == expected


@scenarios("NKP", "S12", "S1", "GR", "SU")
async def test_g2_get_from_another_space(secure: Client, scenario: Scenario) -> None:
    """G2: in space `other` readers there get the saved-object 404, the others Not Found."""
    connector_id = await create(secure, scenario.space)
    expected = sonf(connector_id) if scenario.user in ("global_read", "superuser") else NF
    path = f"/s/other/api/action/{connector_id}"
    assert await call(secure, "GET", path, scenario.headers) == (404, expected)


# --- 8.3 find.ts ---------------------------------------------------------------------------------

FIND_QUERIES = [
    pytest.param("search=.slack&search_fields=actionTypeId", id="F1"),
    pytest.param("filter=action.attributes.actionTypeId:.slack", id="F2"),
]


@pytest.mark.parametrize("query", FIND_QUERIES)
@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_f1_f2_find(secure: Client, scenario: Scenario, query: str) -> None:
    """F1, F2: readers of the space find the connector; the others get 404 Not Found."""
    connector_id = await create(secure, scenario.space)
    result = await call(secure, "GET", f"{scenario.p}/api/action/_find?{query}", scenario.headers)
    if not may_read(scenario):
        assert result == (404, NF)
    else:
        item = {**view(connector_id), "referencedByCount": 0}
        assert result == (200, {"page": 1, "perPage": 20, "total": 1, "data": [item]})


@scenarios("NKP", "S12", "S1", "GR", "SU")
async def test_f4_find_in_another_space(secure: Client, scenario: Scenario) -> None:
    """F4: in space `other` global readers find nothing; users without a privilege there 404."""
    await create(secure, scenario.space)
    path = "/s/other/api/action/_find?search=.slack&search_fields=actionTypeId"
    expected = (
        (200, {"page": 1, "perPage": 20, "total": 0, "data": []})
        if scenario.user in ("global_read", "superuser")
        else (404, NF)
    )
    assert await call(secure, "GET", path, scenario.headers) == expected


# --- 8.4 update.ts -------------------------------------------------------------------------------


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_u1_update(secure: Client, scenario: Scenario) -> None:
    """U1: users with `all` update the connector; the others get 404 and it stays as it was."""
    connector_id = await create(secure, scenario.space)
    path = f"{scenario.p}/api/action/{connector_id}"
    result = await call(secure, "PUT", path, scenario.headers, UPDATE)
    if may_write(scenario):
        assert result == (200, view(connector_id, "My action updated"))
        name = "My action updated"
    else:
        assert result == (404, NF)
        name = "My action"
    assert await stored(secure, scenario.space) == [
        {**view(connector_id, name), "referencedByCount": 0}
    ]


@scenarios("NKP", "S12", "GR", "S1", "SU")
async def test_u2_update_from_another_space(secure: Client, scenario: Scenario) -> None:
    """U2: updating through space `other` is a saved-object 404 for the superuser, else NF."""
    connector_id = await create(secure, scenario.space)
    path = f"/s/other/api/action/{connector_id}"
    expected = sonf(connector_id) if scenario.user == "superuser" else NF
    assert await call(secure, "PUT", path, scenario.headers, UPDATE) == (404, expected)


UPDATE_ERRORS = [
    pytest.param(
        "1",
        {"name": "My action updated", "config": None},
        (
            400,
            {
                "statusCode": 400,
                "error": "Bad Request",
                "message": "[request body.config]: expected value of type [object] but got [null]",
            },
        ),
        id="U3",
    ),
    pytest.param("1", UPDATE, (404, sonf("1")), id="U4"),
    pytest.param(
        "1",
        {},
        (
            400,
            {
                "statusCode": 400,
                "error": "Bad Request",
                "message": "[request body.name]: expected value of type [string] but got "
                "[undefined]",
            },
        ),
        id="U5",
    ),
]


@pytest.mark.parametrize(("connector_id", "body", "allowed"), UPDATE_ERRORS)
@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_u3_u5_update_errors(
    secure: Client,
    scenario: Scenario,
    connector_id: str,
    body: dict[str, Any],
    allowed: tuple[int, Any],
) -> None:
    """U3-U5: users with `all` get the validation or saved-object error, the others NF."""
    path = f"{scenario.p}/api/action/{connector_id}"
    privileged = may_write(scenario)
    expected = allowed if privileged else (404, NF)
    assert await call(secure, "PUT", path, scenario.headers, body) == expected


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_u6_update_with_invalid_secrets(secure: Client, scenario: Scenario) -> None:
    """U6: a secret of the wrong type is a secrets validation error for users with `all`."""
    connector_id = await create(secure, scenario.space)
    path = f"{scenario.p}/api/action/{connector_id}"
    body = {**UPDATE, "secrets": {"webhookUrl": 42}}
    privileged = may_write(scenario)
    expected = (
        (
            400,
            {
                "statusCode": 400,
                "error": "Bad Request",
                "message": "error validating action type secrets: [webhookUrl]: expected value "
                "of type [string] but got [number]",
            },
        )
        if privileged
        else (404, NF)
    )
    assert await call(secure, "PUT", path, scenario.headers, body) == expected


# --- 8.5 delete.ts -------------------------------------------------------------------------------


@scenarios("NKP", "GR", "S12", "SU", "S1")
async def test_d1_delete(secure: Client, scenario: Scenario) -> None:
    """D1: users with `all` delete (204, empty body); for the others it stays, with 404."""
    connector_id = await create(secure, scenario.space)
    path = f"{scenario.p}/api/action/{connector_id}"
    result = await call(secure, "DELETE", path, scenario.headers)
    if may_write(scenario):
        assert result == (204, "")
        assert await stored(secure, scenario.space) == []
    else:
        assert result == (404, NF)
        assert await stored(secure, scenario.space) == [
            {**view(connector_id), "referencedByCount": 0}
        ]


@scenarios("NKP", "GR", "S12", "S1", "SU")
async def test_d2_delete_from_another_space(secure: Client, scenario: Scenario) -> None:
    """D2: deleting through space `other` is a saved-object 404 for the superuser, else NF."""
    connector_id = await create(secure, scenario.space)
    path = f"/s/other/api/action/{connector_id}"
    expected = sonf(connector_id) if scenario.user == "superuser" else NF
    assert await call(secure, "DELETE", path, scenario.headers) == (404, expected)


@scenarios("NKP", "GR", "S12", "SU", "S1")
async def test_d3_delete_unknown(secure: Client, scenario: Scenario) -> None:
    """D3: deleting id 2 is a saved-object 404 for users with `all`, else NF."""
    privileged = may_write(scenario)
    path = f"{scenario.p}/api/action/2"
    expected = sonf("2") if privileged else NF
    assert await call(secure, "DELETE", path, scenario.headers) == (404, expected)


# --- 8.6 execute.ts ------------------------------------------------------------------------------


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_e1_execute(secure: Client, scenario: Scenario) -> None:
    """E1: execute needs only read, so global_read executes too."""
    connector_id = await create(secure, scenario.space)
    path = f"{scenario.p}/api/action/{connector_id}/_execute"
    body = {"params": {"message": "Testing 123"}}
    expected = (
        (200, {"status": "ok", "data": {"text": "ok"}, "actionId": connector_id})
        if may_read(scenario)
        else (404, NF)
    )
    assert await call(secure, "POST", path, scenario.headers, body) == expected


@scenarios("NKP", "S12", "S1", "GR", "SU")
async def test_e2_execute_from_another_space(secure: Client, scenario: Scenario) -> None:
    """E2: executing through space `other` is a saved-object 404 for global readers, else NF."""
    connector_id = await create(secure, scenario.space)
    path = f"/s/other/api/action/{connector_id}/_execute"
    expected = sonf(connector_id) if scenario.user in ("global_read", "superuser") else NF
    body = {"params": {"message": "Testing 123"}}
    assert await call(secure, "POST", path, scenario.headers, body) == (404, expected)


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_e3_execute_after_update(secure: Client, scenario: Scenario) -> None:
    """E3: a connector the superuser updated executes for readers of the space."""
    connector_id = await create(secure, scenario.space)
    path = f"{scenario.p}/api/action/{connector_id}"
    assert await call(secure, "PUT", path, SUPER, UPDATE) == (
        200,
        view(connector_id, "My action updated"),
    )
    body = {"params": {"message": "Testing 123"}}
    expected = (
        (200, {"status": "ok", "data": {"text": "ok"}, "actionId": connector_id})
        if may_read(scenario)
        else (404, NF)
    )
    assert await call(secure, "POST", path + "/_execute", scenario.headers, body) == expected


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_e4_e5_execute_errors(secure: Client, scenario: Scenario) -> None:
    """E4, E5: readers get the saved-object 404 and the params validation error, others NF."""
    path = f"{scenario.p}/api/action/1/_execute"
    e4 = await call(secure, "POST", path, scenario.headers, {"params": {"foo": True}})
    e5 = await call(secure, "POST", path, scenario.headers, {})
    if may_read(scenario):
        assert e4 == (404, sonf("1"))
        assert e5 == (
            400,
            {
                "statusCode": 400,
                "error": "Bad Request",
                "message": "[request body.params]: expected value of type [object] but got "
                "[undefined]",
            },
        )
    else:
        assert e4 == (404, NF)
        assert e5 == (404, NF)


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_e6_execute_email(secure: Client, scenario: Scenario) -> None:
    """E6: an email connector created, then updated to the JSON service, executes for readers."""
    created = {
        "name": "test email action",
        "actionTypeId": ".email",
        "config": {"from": "email-from@example.com", "host": "email-host.example.com", "port": 666},
        "secrets": {"user": "email-user", "password": "email-password"},
    }
    connector_id = await create(secure, scenario.space, created)
    updated = {
        "name": "a test email action 2",
        "config": {"from": "email-from@example.com", "service": "__json"},
        "secrets": {"user": "email-user", "password": "email-password"},
    }
    path = f"{scenario.p}/api/action/{connector_id}"
    status, _ = await call(secure, "PUT", path, SUPER, updated)
    assert status == 200
    params = {"to": ["X"], "subject": "email-subject", "message": "email-message"}
    status, body = await call(
        secure, "POST", path + "/_execute", scenario.headers, {"params": params}
    )
    if not may_read(scenario):
        assert (status, body) == (404, NF)
        return
    assert status == 200
    message_id = body["data"]["messageId"]
    assert re.fullmatch(r"<[0-9a-f-]{36}@example\.com>", message_id)
    assert body == {
        "status": "ok",
        "data": {
            "envelope": {"from": "email-from@example.com", "to": ["X"]},
            "messageId": message_id,
            "message": {
                "from": {"address": "email-from@example.com", "name": ""},
                "to": [{"address": "X", "name": ""}],
                "cc": None,
                "bcc": None,
                "subject": "email-subject",
                "html": "<p>email-message</p>\n",
                "text": "email-message",
                "headers": {},
                "messageId": message_id,
            },
        },
        "actionId": connector_id,
    }


# --- 8.7 list_action_types.ts --------------------------------------------------------------------


@scenarios("NKP", "S12", "GR", "SU", "S1")
async def test_t1_list_types(secure: Client, scenario: Scenario) -> None:
    """T1: readers of the space list the types; the others get 404 Not Found."""
    status, body = await call(secure, "GET", f"{scenario.p}/api/action/types", scenario.headers)
    if not may_read(scenario):
        assert (status, body) == (404, NF)
        return
    assert status == 200
    assert [t["id"] for t in body] == TYPE_IDS
    assert body[TYPE_IDS.index(".slack")] == {
        "id": ".slack",
        "name": "Slack",
        "minimumLicenseRequired": "gold",
        "enabled": True,
        "enabledInConfig": True,
        "enabledInLicense": True,
    }


# --- the order of checks (core §3.2) -------------------------------------------------------------


async def test_unknown_route_is_404_before_authentication(secure: Client) -> None:
    """An unknown path or method answers 404 Not Found even without credentials."""
    assert await call(secure, "GET", "/api/nothing", {}) == (404, NF)
    assert await call(secure, "PATCH", "/api/action/1", {}) == (404, NF)
    assert await call(secure, "GET", "/s/default/api/action/types", {}) == (404, NF)


async def test_authentication_comes_before_payload_and_xsrf(secure: Client) -> None:
    """Without credentials a malformed body without kbn-xsrf answers 401, not 400."""
    response = await secure.post(
        "/api/action", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 401
    assert await response.json() == UNAUTHORIZED


async def test_payload_parse_comes_before_privilege(secure: Client) -> None:
    """An unprivileged user sending malformed JSON gets the payload 400, not the 404."""
    headers = {**SCENARIOS["NKP"].headers, "Content-Type": "application/json"}
    response = await secure.post("/s/space1/api/action", data=b"{not json", headers=headers)
    assert response.status == 400
    assert await response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Invalid request payload JSON format",
    }


async def test_xsrf_comes_before_privilege(secure: Client) -> None:
    """An unprivileged user without kbn-xsrf gets the xsrf 400, not the 404."""
    headers = basic("no_kibana_privileges")
    assert await call(secure, "POST", "/s/space1/api/action", headers, {}) == (
        400,
        boom(400, messages.XSRF_REQUIRED),
    )


async def test_version_comes_before_privilege(secure: Client) -> None:
    """An unprivileged user with a wrong kbn-version gets the version 400, not the 404."""
    headers = {**basic("no_kibana_privileges"), "kbn-version": "6.0.0"}
    assert await call(secure, "GET", "/s/space1/api/action/types", headers) == (
        400,
        {
            "statusCode": 400,
            "error": "Bad Request",
            "message": messages.version_mismatch("6.0.0", "7.8.0"),
            "attributes": {"expected": "7.8.0", "got": "6.0.0"},
        },
    )


async def test_privilege_comes_before_query_validation(secure: Client) -> None:
    """An unprivileged user with an invalid _find query gets 404, a reader the 400."""
    path = "/s/space1/api/action/_find?page=0"
    assert await call(secure, "GET", path, SCENARIOS["NKP"].headers) == (404, NF)
    assert await call(secure, "GET", path, SCENARIOS["GR"].headers) == (
        400,
        {
            "statusCode": 400,
            "error": "Bad Request",
            "message": "[request query.page]: Value must be equal to or greater than [1].",
        },
    )


async def test_privilege_comes_before_licence(
    make_client: Callable[..., Awaitable[Client]],
) -> None:
    """With an expired licence an unprivileged user gets 404 and the superuser the 403."""
    client = await make_client(secure_settings(license_expired=True))
    path = "/s/space1/api/action/types"
    assert await call(client, "GET", path, SCENARIOS["NKP"].headers) == (404, NF)
    assert await call(client, "GET", path, SUPER) == (
        403,
        {
            "statusCode": 403,
            "error": "Forbidden",
            "message": "You cannot use actions because your platinum license has expired.",
        },
    )


# --- authentication -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer abc",
        "Basic",
        "Basic !!!",
        "Basic é",
        "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
        # No colon: the decoded value may be a token, and is never echoed.
        "Basic " + base64.b64encode(b"a-bare-token").decode(),
        "ApiKey " + base64.b64encode(b"a-bare-token").decode(),
    ],
    ids=[
        "none",
        "empty",
        "other-scheme",
        "no-credentials",
        "not-base64",
        "non-ascii",
        "not-utf8",
        "basic-no-colon",
        "apikey-no-colon",
    ],
)
async def test_missing_or_malformed_credentials_are_401(
    secure: Client, authorization: str | None
) -> None:
    """A request without usable credentials answers Kibana's plain 401."""
    headers = {} if authorization is None else {"Authorization": authorization}
    assert await call(secure, "GET", "/api/action/types", headers) == (401, UNAUTHORIZED)


async def test_wrong_password_is_401_without_the_password(secure: Client) -> None:
    """A wrong password answers Elasticsearch's 401 naming the user, never the password."""
    status, body = await call(secure, "GET", "/api/action/types", basic("superuser", "hunter2"))
    assert (status, body) == (
        401,
        boom(401, messages.bad_credentials("superuser")),
    )
    assert "hunter2" not in str(body)


async def test_unknown_user_is_401(secure: Client) -> None:
    """An unknown user name answers the same 401 as a wrong password."""
    assert await call(secure, "GET", "/api/action/types", basic("mallory", "x")) == (
        401,
        boom(401, messages.bad_credentials("mallory")),
    )


async def test_non_ascii_password_authenticates(
    make_client: Callable[..., Awaitable[Client]],
) -> None:
    """A password with non-ASCII characters logs in, and a wrong one is a 401, not a 500."""
    client = await make_client(
        Settings(server_name="t", users=(Principal("jürgen", "pässwörd", "superuser"),))
    )
    status, _ = await call(client, "GET", "/api/action/types", basic("jürgen", "pässwörd"))
    assert status == 200
    assert await call(client, "GET", "/api/action/types", basic("jürgen", "pässwort")) == (
        401,
        {"statusCode": 401, "error": "Unauthorized", "message": messages.bad_credentials("jürgen")},
    )


async def test_api_key_authenticates(secure: Client) -> None:
    """An ApiKey header with a configured id and key acts with the key's role."""
    headers = {**api_key("key-all", "key-secret"), "kbn-xsrf": "foo"}
    status, created = await call(secure, "POST", "/s/space2/api/action", headers, IDX)
    assert (status, created) == (200, view(created["id"]))
    reader = {**api_key("key-s1-read", "key-s1-secret"), "kbn-xsrf": "foo"}
    assert await call(secure, "POST", "/s/space1/api/action", reader, IDX) == (404, NF)
    status, _ = await call(secure, "GET", "/s/space1/api/actions", reader)
    assert status == 200
    assert await call(secure, "GET", "/s/space2/api/actions", reader) == (404, NF)


async def test_wrong_api_key_is_401(secure: Client) -> None:
    """A wrong key, or a user's password sent as an API key, answers the API-key 401."""
    expected = (
        401,
        boom(401, messages.bad_api_key()),
    )
    assert await call(secure, "GET", "/api/action/types", api_key("key-all", "nope")) == expected
    assert (
        await call(secure, "GET", "/api/action/types", api_key("superuser", "superuser-password"))
        == expected
    )


async def test_basic_and_api_key_namespaces_are_separate(secure: Client) -> None:
    """An API key sent as basic credentials does not log in."""
    assert await call(secure, "GET", "/api/action/types", basic("key-all", "key-secret")) == (
        401,
        boom(401, messages.bad_credentials("key-all")),
    )


async def test_scheme_is_case_insensitive(secure: Client) -> None:
    """`basic` and `APIKEY` work as well as `Basic` and `ApiKey`."""
    token = base64.b64encode(b"global_read:global_read-password").decode()
    status, _ = await call(secure, "GET", "/api/action/types", {"Authorization": "basic " + token})
    assert status == 200
    key = base64.b64encode(b"key-all:key-secret").decode()
    status, _ = await call(secure, "GET", "/api/action/types", {"Authorization": "APIKEY " + key})
    assert status == 200


async def test_security_is_off_by_default(client: Client) -> None:
    """Without users or API keys no credentials are needed, and any sent are ignored."""
    status, _ = await call(client, "GET", "/api/action/types", {})
    assert status == 200
    status, _ = await call(client, "GET", "/api/action/types", basic("nobody", "x"))
    assert status == 200


# --- GET /api/status ------------------------------------------------------------------------------


async def test_status_requires_credentials(secure: Client) -> None:
    """With security on, /api/status answers 401 to anonymous requests, as 7.x does by default."""
    assert await call(secure, "GET", "/api/status", {}) == (401, UNAUTHORIZED)


@pytest.mark.parametrize("user", ["no_kibana_privileges", "global_read", "space_1_all"])
async def test_status_needs_no_privilege(secure: Client, user: str) -> None:
    """Any authenticated user reads /api/status: the route has no access tags."""
    status, body = await call(secure, "GET", "/api/status", basic(user))
    assert status == 200
    assert body["status"]["overall"]["state"] == "green"


# --- credentials never leak -----------------------------------------------------------------------


async def test_credentials_never_appear_in_answers_or_logs(
    secure: Client, caplog: pytest.LogCaptureFixture
) -> None:
    """Passwords and keys, right or wrong, appear in no response body and no log record."""
    secrets = ["superuser-password", "key-secret", "hunter2", "bare-token-s3cret"]
    attempts = [
        basic("superuser"),
        basic("superuser", "hunter2"),
        api_key("key-all", "key-secret"),
        api_key("key-all", "hunter2"),
        {"Authorization": "Basic " + base64.b64encode(b"bare-token-s3cret").decode()},
    ]
    caplog.set_level(logging.DEBUG)
    bodies = []
    for headers in attempts:
        for method, path in [("GET", "/api/action/types"), ("POST", "/api/action")]:
            response = await secure.request(
                method, path, data=b"{bad", headers={**headers, "kbn-xsrf": "x"}
            )
            bodies.append(await response.text())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert all(secret not in body for body in bodies)
        assert secret not in logged


# --- configuration -------------------------------------------------------------------------------


def test_cli_reads_users_and_api_keys() -> None:
    """--user and --api-key become principals, superuser when no role is given."""
    args = build_parser().parse_args(
        ["--user", "a:pw", "--user", "b:pw:none", "--api-key", "k:s:read@space1"]
    )
    settings = settings_from_args(args)
    assert settings.users == (Principal("a", "pw", "superuser"), Principal("b", "pw", "none"))
    assert settings.api_keys == (Principal("k", "s", "read@space1"),)


def test_cli_reads_users_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """FAKEKIBANA_USERS and FAKEKIBANA_API_KEYS are comma-separated fallbacks for the flags."""
    monkeypatch.setenv("FAKEKIBANA_USERS", "a:pw:read, b:pw2")
    monkeypatch.setenv("FAKEKIBANA_API_KEYS", "k:s")
    settings = settings_from_args(build_parser().parse_args([]))
    assert settings.users == (Principal("a", "pw", "read"), Principal("b", "pw2", "superuser"))
    assert settings.api_keys == (Principal("k", "s", "superuser"),)


@pytest.mark.parametrize("value", ["a", "a:", ":pw", "a:pw:admin", "a:pw:all@Space1", "a:b:c:d"])
def test_cli_refuses_a_bad_user(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --user exits with status 2 and names the expected form."""
    assert main(["--port", "0", "--user", value]) == 2
    assert capsys.readouterr().err == (
        "fakekibana: --user must be NAME:SECRET[:ROLE] with ROLE superuser, read, all@SPACE, "
        "read@SPACE or none\n"
    )


async def test_journal_never_holds_credentials_or_secrets(secure: Client) -> None:
    """GET /_fakekibana/requests shows each request with credentials and secrets redacted."""
    await secure.get("/api/action/types", headers=basic("superuser"))
    await secure.get("/api/action/types", headers=basic("superuser", "hunter2"))
    await secure.get("/api/action/types", headers=api_key("key-all", "key-secret"))
    await secure.post("/api/action", json=IDX, headers=SUPER)
    await secure.post("/api/action", data=b'{"secrets":{"password":"pw-in-bad-json"', headers=SUPER)
    response = await secure.get("/_fakekibana/requests")
    assert response.status == 200
    text = await response.text()
    for secret in [
        "superuser-password",
        "hunter2",
        "key-secret",
        SLACK_URL,
        "pw-in-bad-json",
        basic("superuser")["Authorization"].split()[1],
        api_key("key-all", "key-secret")["Authorization"].split()[1],
    ]:
        assert secret not in text
    entries = (await response.json())["requests"]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/api/action/types", 200),
        ("GET", "/api/action/types", 401),
        ("GET", "/api/action/types", 200),
        ("POST", "/api/action", 200),
        ("POST", "/api/action", 400),
    ]
    assert [e["headers"]["Authorization"] for e in entries] == [
        "Basic [REDACTED]",
        "Basic [REDACTED]",
        "ApiKey [REDACTED]",
        "Basic [REDACTED]",
        "Basic [REDACTED]",
    ]
    assert entries[3]["body"] == {**IDX, "secrets": {"webhookUrl": "[REDACTED]"}}


async def test_status_allow_anonymous_opens_only_the_status_route(make_client: Any) -> None:
    """With status.allowAnonymous, /api/status needs no credentials; other routes still 401."""
    client = await make_client(
        Settings(
            server_name="t",
            users=(Principal("elastic", "changeme"),),
            status_allow_anonymous=True,
        )
    )
    status = await client.get("/api/status")
    assert status.status == 200
    assert (await status.json())["status"]["overall"]["state"] == "green"
    types = await client.get("/api/action/types")
    assert types.status == 401
    assert await types.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Unauthorized",
    }
