"""Kibana 8.19/9.x's connectors API: routes, order of checks, texts and key order per line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings
from fakekibana.core.settings import Preconfigured
from tests.conftest import XSRF, expect_json

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
LINES = ("8.19.0", "9.2.0", "9.4.0")
# The 9.x registry's non-system types in registration order (reference §8.1), and 8.19's.
TYPES_9X = [
    ".email", ".index", ".pagerduty", ".swimlane", ".server-log", ".slack", ".slack_api",
    ".webhook", ".cases-webhook", ".xmatters", ".servicenow", ".servicenow-sir",
    ".servicenow-itom", ".jira", ".teams", ".torq", ".opsgenie", ".tines", ".gen-ai", ".bedrock",
    ".gemini", ".d3security", ".resilient", ".thehive", ".xsoar", ".sentinelone", ".crowdstrike",
    ".inference", ".microsoft_defender_endpoint",
]  # fmt: skip
LOG = {"name": "audit log", "connector_type_id": ".server-log"}
PRECONFIGURED = Preconfigured("my-log", ".server-log", "Preconfigured log", {}, {})


def boom(status: int, message: str) -> dict[str, Any]:
    """Kibana's Boom error body."""
    reasons = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict"}
    return {"statusCode": status, "error": reasons[status], "message": message}


def stored(line: str, connector_id: str, **changes: Any) -> dict[str, Any]:
    """A saved server-log connector as that line answers it (§6.1)."""
    view: dict[str, Any] = {
        "id": connector_id,
        "name": "audit log",
        "config": {},
        "connector_type_id": ".server-log",
        "is_preconfigured": False,
        "is_deprecated": False,
        "is_missing_secrets": False,
        "is_system_action": False,
    }
    if line >= "9.3":
        view["is_connector_type_deprecated"] = False
    return {**view, **changes}


@pytest.fixture(params=LINES)
async def kb(request: pytest.FixtureRequest, make_client: MakeClient) -> TestClient[Any, Any]:
    """A strict fake of each release line, with one preconfigured connector."""
    settings = Settings(
        kibana_version=request.param,
        server_name="v8",
        strict_responses=True,
        preconfigured=(PRECONFIGURED,),
    )
    return await make_client(settings)


def line_of(kb: TestClient[Any, Any]) -> str:
    """The client's release line, '8.19' or '9.x'."""
    from fakekibana.core.control import CONTROL  # noqa: PLC0415

    return ".".join(kb.app[CONTROL].settings.kibana_version.split(".")[:2])


async def create(kb: TestClient[Any, Any], body: dict[str, Any], path: str = "") -> Any:
    """POST /api/actions/connector[path], expecting 200; the answer."""
    response = await kb.post("/api/actions/connector" + path, json=body, headers=XSRF)
    assert response.status == 200, await response.text()
    return await response.json()


async def test_create_answers_the_lines_key_order(kb: TestClient[Any, Any]) -> None:
    """A created connector has the line's keys in order, secrets never shown; get agrees."""
    created = await create(kb, {**LOG, "secrets": {}})
    await expect_json(
        await kb.get(f"/api/actions/connector/{created['id']}"),
        200,
        stored(line_of(kb), created["id"]),
    )
    assert created == stored(line_of(kb), created["id"])


async def test_caller_chosen_id_and_its_conflict(kb: TestClient[Any, Any]) -> None:
    """POST /connector/{id} keeps the id; the same id again, in any space, is a 409."""
    created = await create(kb, LOG, "/my-log-2")
    assert created["id"] == "my-log-2"
    for prefix in ("", "/s/other"):
        response = await kb.post(prefix + "/api/actions/connector/my-log-2", json=LOG, headers=XSRF)
        await expect_json(response, 409, boom(409, "Saved object [action/my-log-2] conflict"))


async def test_an_id_of_other_characters(kb: TestClient[Any, Any]) -> None:
    """9.4 refuses ids outside [a-z0-9-] and longer than 36; 8.19 and 9.2 take any id."""
    long_id = "a" * 37
    bad = await kb.post("/api/actions/connector/My_Id", json=LOG, headers=XSRF)
    too_long = await kb.post(f"/api/actions/connector/{long_id}", json=LOG, headers=XSRF)
    if line_of(kb) == "9.4":
        characters = "Connector ID must contain only lowercase letters, numbers, and hyphens."
        await expect_json(bad, 400, boom(400, f"[request params.id]: {characters}"))
        length = "value has length [37] but it must have a maximum length of [36]."
        await expect_json(too_long, 400, boom(400, f"[request params.id]: {length}"))
    else:
        assert ((await bad.json())["id"], (await too_long.json())["id"]) == ("My_Id", long_id)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "[request body.name]: expected value of type [string] but got [undefined]"),
        ({**LOG, "name": "  "}, "[request body.name]: value '' is not valid"),
        (
            {**LOG, "connector_type_id": ""},
            "[request body.connector_type_id]: value '' is not valid",
        ),
        (
            {"name": "w", "connector_type_id": ".webhook", "config": {"url": " "}},
            "[request body.config.url]: value '' is not valid",
        ),
        (
            {**LOG, "secrets": {"list": ["a", ""]}},
            "[request body.secrets.list]: value '' is not valid",
        ),
        (
            {**LOG, "actionTypeId": ".x"},
            "[request body.actionTypeId]: definition for this key is missing",
        ),
        ({**LOG, "connector_type_id": ".nope"}, 'Action type ".nope" is not registered.'),
        (
            {**LOG, "connector_type_id": ".cases"},
            "System action creation is forbidden. Action type: .cases.",
        ),
    ],
)
async def test_create_refusals(
    kb: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """Body rules (blank strings with their key path), unknown and system types are 400s."""
    response = await kb.post("/api/actions/connector", json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, message))
    assert await (await kb.get("/api/actions/connectors")).json() == [
        await preconfigured_listed(kb)
    ]


async def preconfigured_listed(kb: TestClient[Any, Any]) -> dict[str, Any]:
    """The preconfigured connector as get-all lists it: no config, no is_missing_secrets."""
    view: dict[str, Any] = {
        "id": "my-log",
        "name": "Preconfigured log",
        "connector_type_id": ".server-log",
        "is_preconfigured": True,
        "is_deprecated": False,
        "referenced_by_count": 0,
        "is_system_action": False,
    }
    if line_of(kb) >= "9.3":
        view["is_connector_type_deprecated"] = False
    return view


async def test_config_errors_in_each_lines_words(kb: TestClient[Any, Any]) -> None:
    """A missing apiUrl is config-schema's text up to 9.2 and zod's from 9.3."""
    body = {"name": "j", "connector_type_id": ".jira", "config": {"projectKey": "CK"}}
    response = await kb.post("/api/actions/connector", json=body, headers=XSRF)
    if line_of(kb) >= "9.3":
        message = 'error validating connector type config: Field "apiUrl": Required'
    else:
        message = (
            "error validating action type config: [apiUrl]: expected value of type [string] "
            "but got [undefined]"
        )
    await expect_json(response, 400, boom(400, message))


async def test_preconfigured_and_system_connectors(kb: TestClient[Any, Any]) -> None:
    """Preconfigured and system connectors refuse create, update and delete with Kibana's texts."""
    system = "system-connector-.cases"
    checks = [
        (
            await kb.post("/api/actions/connector/my-log", json=LOG, headers=XSRF),
            400,
            "This my-log already exists in a preconfigured action.",
        ),
        (
            await kb.put("/api/actions/connector/my-log", json={"name": "n"}, headers=XSRF),
            400,
            "Preconfigured action my-log can not be updated.",
        ),
        (
            await kb.put(f"/api/actions/connector/{system}", json={"name": "n"}, headers=XSRF),
            400,
            f"System action {system} can not be updated.",
        ),
        (
            await kb.delete("/api/actions/connector/my-log", headers=XSRF),
            400,
            "Preconfigured action my-log is not allowed to delete.",
        ),
        (
            await kb.delete(f"/api/actions/connector/{system}", headers=XSRF),
            400,
            f"System action {system} is not allowed to delete.",
        ),
        (await kb.get(f"/api/actions/connector/{system}"), 404, f"Connector {system} not found"),
        (
            await kb.post(
                f"/api/actions/connector/{system}/_execute", json={"params": {}}, headers=XSRF
            ),
            400,
            "Execution of system action is not allowed",
        ),
    ]
    for response, status, message in checks:
        await expect_json(response, status, boom(status, message))
    preconfigured = await (await kb.get("/api/actions/connector/my-log")).json()
    listed = await preconfigured_listed(kb)
    assert preconfigured == {k: v for k, v in listed.items() if k != "referenced_by_count"}


async def test_update_replaces_and_refuses_the_type(kb: TestClient[Any, Any]) -> None:
    """PUT keeps the type, replaces name; connector_type_id in the body is an unknown key."""
    created = await create(kb, LOG)
    path = f"/api/actions/connector/{created['id']}"
    refused = await kb.put(path, json={"name": "n", "connector_type_id": ".index"}, headers=XSRF)
    await expect_json(
        refused,
        400,
        boom(400, "[request body.connector_type_id]: definition for this key is missing"),
    )
    updated = await kb.put(path, json={"name": "renamed"}, headers=XSRF)
    await expect_json(updated, 200, stored(line_of(kb), created["id"], name="renamed"))
    missing = await kb.put("/api/actions/connector/nope", json={"name": "n"}, headers=XSRF)
    await expect_json(missing, 404, boom(404, "Saved object [action/nope] not found"))


async def test_delete_then_gone(kb: TestClient[Any, Any]) -> None:
    """DELETE answers 204 with no body; the connector is gone, a second delete a 404."""
    created = await create(kb, LOG)
    path = f"/api/actions/connector/{created['id']}"
    response = await kb.delete(path, headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    gone = boom(404, f"Saved object [action/{created['id']}] not found")
    await expect_json(await kb.delete(path, headers=XSRF), 404, gone)
    await expect_json(await kb.get(path), 404, gone)


async def test_get_all_sorts_by_name_with_counts(kb: TestClient[Any, Any]) -> None:
    """GET /connectors lists saved and preconfigured connectors by name, in the space only."""
    second = await create(kb, {**LOG, "name": "b log"})
    first = await create(kb, {**LOG, "name": "A log"})
    await kb.post("/s/ops/api/actions/connector", json={**LOG, "name": "ops"}, headers=XSRF)
    line = line_of(kb)

    def listed(created: dict[str, Any]) -> dict[str, Any]:
        view = stored(line, created["id"], name=created["name"])
        out: dict[str, Any] = {}
        for key, value in view.items():
            out[key] = value
            if key == "is_deprecated":
                out["referenced_by_count"] = 0
        return out

    expected = [listed(first), listed(second), await preconfigured_listed(kb)]
    await expect_json(await kb.get("/api/actions/connectors"), 200, expected)
    await expect_json(await kb.get("/s/default/api/actions/connectors"), 200, expected)


async def test_types_in_registration_order_without_system_types(kb: TestClient[Any, Any]) -> None:
    """connector_types lists the registry in order, no system type, feature_id exact."""
    types = await (await kb.get("/api/actions/connector_types")).json()
    ids = [t["id"] for t in types]
    expected = [t for t in TYPES_9X if t != ".jira-service-management"]
    assert [i for i in ids if i != ".jira-service-management"] == expected
    cases = await (await kb.get("/api/actions/connector_types?feature_id=cases")).json()
    assert all("cases" in t["supported_feature_ids"] for t in cases)
    assert {t["id"] for t in cases} >= {".servicenow", ".jira", ".cases-webhook"}
    assert await (await kb.get("/api/actions/connector_types?feature_id=Cases")).json() == []
    server_log = next(t for t in types if t["id"] == ".server-log")
    keys = [
        "id", "name", "enabled", "enabled_in_config", "enabled_in_license",
        "minimum_license_required", "supported_feature_ids", "is_system_action_type",
    ]  # fmt: skip
    if line_of(kb) >= "9.3":
        keys.append("is_deprecated")
    assert list(server_log) == keys
    assert server_log["name"] == "Server log"


async def test_execute_results(kb: TestClient[Any, Any]) -> None:
    """Execute answers the transform's keys; bad params are a 200 error with errorSource user."""
    created = await create(kb, LOG)
    path = f"/api/actions/connector/{created['id']}/_execute"
    ok = await kb.post(path, json={"params": {"message": "hello"}}, headers=XSRF)
    await expect_json(ok, 200, {"status": "ok", "connector_id": created["id"]})
    bad = await kb.post(path, json={"params": {}}, headers=XSRF)
    message = (
        'error validating action params: Field "message": Required'
        if line_of(kb) >= "9.3"
        else "error validating action params: [message]: expected value of type [string] "
        "but got [undefined]"
    )
    await expect_json(
        bad,
        200,
        {
            "status": "error",
            "message": message,
            "errorSource": "user",
            "connector_id": created["id"],
            "retry": False,
        },
    )


async def test_legacy_routes_per_line(kb: TestClient[Any, Any]) -> None:
    """8.19 serves the camelCase routes with the 8.x keys; 9.x answers them 404; 7.7's never."""
    body = {"name": "audit log", "actionTypeId": ".server-log"}
    response = await kb.post("/api/actions/action", json=body, headers=XSRF)
    seed = await kb.get("/api/action/_getAll")
    await expect_json(seed, 404, boom(404, "Not Found"))
    if line_of(kb) != "8.19":
        await expect_json(response, 404, boom(404, "Not Found"))
        await expect_json(await kb.get("/api/actions"), 404, boom(404, "Not Found"))
        return
    created = await response.json()
    legacy = {
        "id": created["id"],
        "actionTypeId": ".server-log",
        "name": "audit log",
        "config": {},
        "isPreconfigured": False,
        "isDeprecated": False,
        "isMissingSecrets": False,
    }
    assert created == legacy
    await expect_json(await kb.get(f"/api/actions/action/{created['id']}"), 200, legacy)
    executed = await kb.post(
        f"/api/actions/action/{created['id']}/_execute",
        json={"params": {"message": "m"}},
        headers=XSRF,
    )
    await expect_json(executed, 200, {"status": "ok", "actionId": created["id"]})
    # One store: the snake_case route sees the camelCase connector.
    snake = await kb.get(f"/api/actions/connector/{created['id']}")
    await expect_json(snake, 200, stored("8.19", created["id"]))


async def test_disabled_type_and_licence(make_client: MakeClient) -> None:
    """enabledActionTypes and the licence refuse a create with the 7.x texts (403)."""
    kb = await make_client(
        Settings(
            kibana_version="9.4.0",
            strict_responses=True,
            license="basic",
            enabled_action_types=(".server-log", ".email"),
        )
    )
    disabled = await kb.post(
        "/api/actions/connector",
        json={"name": "x", "connector_type_id": ".index", "config": {"index": "i"}},
        headers=XSRF,
    )
    await expect_json(
        disabled,
        403,
        boom(
            403,
            'action type ".index" is not enabled in the Kibana config '
            "xpack.actions.enabledActionTypes",
        ),
    )
    email = {
        "name": "e",
        "connector_type_id": ".email",
        "config": {"from": "a@b.co", "service": "gmail"},
    }
    licence = await kb.post("/api/actions/connector", json=email, headers=XSRF)
    await expect_json(
        licence,
        403,
        boom(
            403,
            "Action type .email is disabled because your basic license does not support it. "
            "Please upgrade your license.",
        ),
    )


async def test_missing_privilege_is_a_403_after_the_body(make_client: MakeClient) -> None:
    """A read user gets the 400 of a bad body, then 403 with the operation's text."""
    import base64  # noqa: PLC0415

    kb = await make_client(
        Settings(kibana_version="9.4.0", strict_responses=True).with_options(
            users=["viewer:pw:read"]
        )
    )
    auth = {"Authorization": "Basic " + base64.b64encode(b"viewer:pw").decode(), **XSRF}
    bad = await kb.post("/api/actions/connector", json={}, headers=auth)
    await expect_json(
        bad,
        400,
        boom(400, "[request body.name]: expected value of type [string] but got [undefined]"),
    )
    refused = await kb.post("/api/actions/connector", json=LOG, headers=auth)
    await expect_json(refused, 403, boom(403, 'Unauthorized to create a ".server-log" action'))
    listed = await kb.get("/api/actions/connectors", headers=auth)
    assert (listed.status, await listed.json()) == (200, [])


async def test_allowed_hosts_refuse_other_hosts(make_client: MakeClient) -> None:
    """xpack.actions.allowedHosts (8.x's name) refuses a webhook elsewhere with 8.x's text."""
    kb = await make_client(
        Settings(kibana_version="9.4.0", strict_responses=True).with_options(
            allowed_hosts="hooks.example.com"
        )
    )
    body = {
        "name": "hook",
        "connector_type_id": ".webhook",
        "config": {"url": "https://evil.example.org/x"},
        "secrets": {"user": "u", "password": "p"},
    }
    refused = await kb.post("/api/actions/connector", json=body, headers=XSRF)
    await expect_json(
        refused,
        400,
        boom(
            400,
            "error validating connector type config: error validation webhook action config: "
            "target url "
            '"https://evil.example.org/x" is not added to the Kibana config '
            "xpack.actions.allowedHosts",
        ),
    )
    allowed = {**body, "config": {"url": "https://hooks.example.com/x"}}
    assert (await kb.post("/api/actions/connector", json=allowed, headers=XSRF)).status == 200


def test_allowed_hosts_from_the_command_line_and_kibana_yml(tmp_path: Any) -> None:
    """--allowed-hosts and xpack.actions.allowedHosts fill the same setting as 7.x's name."""
    from fakekibana.cli import build_parser, settings_from_args  # noqa: PLC0415

    args = build_parser().parse_args(["--allowed-hosts", "a.io, b.io"])
    assert settings_from_args(args).whitelisted_hosts == ("a.io", "b.io")
    config = tmp_path / "kibana.yml"
    config.write_text("xpack.actions.allowedHosts: [c.io]\n", encoding="utf-8")
    args = build_parser().parse_args(["--config", str(config)])
    assert settings_from_args(args).whitelisted_hosts == ("c.io",)


async def test_servicenow_on_the_table_api_is_deprecated(kb: TestClient[Any, Any]) -> None:
    """isConnectorDeprecated: usesTableApi true (its default) is deprecated, false is not,
    in the create answer, get and the list alike."""
    for uses_table_api in (True, False):
        body = {
            "name": f"sn {uses_table_api}",
            "connector_type_id": ".servicenow",
            "config": {"apiUrl": "https://x.service-now.com", "usesTableApi": uses_table_api},
            "secrets": {"username": "u", "password": "p"},
        }
        created = await create(kb, body)
        got = await (await kb.get(f"/api/actions/connector/{created['id']}")).json()
        listed = await (await kb.get("/api/actions/connectors")).json()
        in_list = next(c for c in listed if c["id"] == created["id"])
        flags = (created["is_deprecated"], got["is_deprecated"], in_list["is_deprecated"])
        assert flags == (uses_table_api,) * 3
