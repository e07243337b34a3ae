"""POST .../_execute: every type's simulated result, validation results and executor errors."""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings
from tests.conftest import XSRF, connectors_area, create_connector, expect_json, kibana_error

NOW = datetime.datetime(2020, 3, 10, 12, 24, 20, tzinfo=datetime.UTC)
NOW_ISO = "2020-03-10T12:24:20.000Z"
LATER = datetime.datetime(2020, 4, 27, 14, 17, 45, 490000, tzinfo=datetime.UTC)
LATER_ISO = "2020-04-27T14:17:45.490Z"


async def execute(client: TestClient[Any, Any], connector_id: str, params: Any) -> Any:
    """POST /api/action/{id}/_execute with these params."""
    return await client.post(
        f"/api/action/{connector_id}/_execute", json={"params": params}, headers=XSRF
    )


def invalid(connector_id: str, message: str) -> dict[str, Any]:
    """The 200 result for params, config or secrets failing the type's schema (core §5)."""
    return {"status": "error", "actionId": connector_id, "message": message, "retry": False}


def executor_error(connector_id: str, service_message: str) -> dict[str, Any]:
    """The 200 result wrapping an error the executor threw (core §5)."""
    return {
        "actionId": connector_id,
        "status": "error",
        "message": "an error occurred while running the action executor",
        "serviceMessage": service_message,
        "retry": False,
    }


def fix_clock(client: TestClient[Any, Any], moment: datetime.datetime) -> None:
    """Make the fake's executors see `moment` as now."""
    connectors_area(client).store.shared.clock.fixed = moment


def set_fault(client: TestClient[Any, Any], connector_id: str, mode: str) -> None:
    """Make one connector's executor fail the given way."""
    connectors_area(client).store.faults[connector_id] = mode


# --- request-level behaviour ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/action/{id}/_execute",
        "/api/actions/action/{id}/_execute",
        "/s/space1/api/action/{id}/_execute",
        "/s/space1/api/actions/action/{id}/_execute",
    ],
)
async def test_execute_on_every_path(client: TestClient[Any, Any], path: str) -> None:
    """Both path families execute, in the default space and in a named one."""
    prefix = "/s/space1" if path.startswith("/s/") else ""
    created = await create_connector(client, ".server-log", prefix=prefix)
    response = await client.post(
        path.format(id=created["id"]), json={"params": {"message": "hi"}}, headers=XSRF
    )
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"]})


async def test_execute_of_a_missing_connector(client: TestClient[Any, Any]) -> None:
    """execute.ts E4: an unknown id answers 404 with the saved-objects message."""
    await expect_json(
        await execute(client, "1", {"foo": True}),
        404,
        kibana_error(404, "Saved object [action/1] not found"),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "[request body.params]: expected value of type [object] but got [undefined]"),
        (
            {"params": None},
            "[request body.params]: expected value of type [object] but got [null]",
        ),
        ({"params": []}, "[request body.params]: expected value of type [object] but got [Array]"),
        ({"params": {}, "foo": 1}, "[request body.foo]: definition for this key is missing"),
    ],
)
async def test_execute_body_errors(
    client: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """A bad execute body answers 400 before the connector is looked up (E5)."""
    response = await client.post("/api/action/1/_execute", json=body, headers=XSRF)
    await expect_json(response, 400, kibana_error(400, message))


async def test_params_as_a_json_string_are_parsed(client: TestClient[Any, Any]) -> None:
    """params given as a JSON object string is parsed as config-schema records are."""
    created = await create_connector(client, ".server-log")
    response = await client.post(
        f"/api/action/{created['id']}/_execute",
        json={"params": '{"message": "hi"}'},
        headers=XSRF,
    )
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"]})


# --- .server-log ---------------------------------------------------------------------------------


async def test_server_log_result(client: TestClient[Any, Any], caplog: Any) -> None:
    """.server-log answers {status, actionId} and logs 'Server log: <message>' at the level."""
    created = await create_connector(client, ".server-log")
    caplog.set_level("DEBUG", logger="fakekibana.server_log")
    response = await execute(client, created["id"], {"message": "a\nb", "level": "warn"})
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"]})
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "Server log: a b")
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "[message]: expected value of type [string] but got [undefined]"),
        (
            {"message": "m", "level": "loud"},
            "[level]: types that failed validation:\n"
            "- [level.0]: expected value to equal [trace]\n"
            "- [level.1]: expected value to equal [debug]\n"
            "- [level.2]: expected value to equal [info]\n"
            "- [level.3]: expected value to equal [warn]\n"
            "- [level.4]: expected value to equal [error]\n"
            "- [level.5]: expected value to equal [fatal]",
        ),
        ({"message": "m", "extra": 1}, "[extra]: definition for this key is missing"),
    ],
)
async def test_server_log_invalid_params(
    client: TestClient[Any, Any], params: dict[str, Any], message: str
) -> None:
    """Params failing validation answer 200 with an error result, not a 4xx (core §2.7)."""
    created = await create_connector(client, ".server-log")
    await expect_json(
        await execute(client, created["id"], params),
        200,
        invalid(created["id"], "error validating action params: " + message),
    )


# --- .index --------------------------------------------------------------------------------------


def bulk_item(index: str, doc_id: str, seq_no: int, *, refresh: bool) -> dict[str, Any]:
    """One item of Elasticsearch 7's bulk response, keys in Elasticsearch's order."""
    item: dict[str, Any] = {
        "_index": index,
        "_type": "_doc",
        "_id": doc_id,
        "_version": 1,
        "result": "created",
    }
    if refresh:
        item["forced_refresh"] = True
    item["_shards"] = {"total": 2, "successful": 1, "failed": 0}
    item["_seq_no"] = seq_no
    item["_primary_term"] = 1
    item["status"] = 201
    return {"index": item}


@pytest.mark.parametrize("refresh", [False, True])
async def test_index_result_is_a_bulk_response(client: TestClient[Any, Any], refresh: bool) -> None:
    """.index answers {status, data: <bulk response>, actionId}; refresh adds forced_refresh."""
    created = await create_connector(client, ".index", {"index": "logs", "refresh": refresh})
    response = await execute(client, created["id"], {"documents": [{"a": 1}, {"b": 2}]})
    body = await response.json()
    items = body["data"]["items"]
    ids = [item["index"]["_id"] for item in items]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{20}", i) for i in ids)
    assert isinstance(body["data"]["took"], int)
    expected = {
        "status": "ok",
        "data": {
            "took": body["data"]["took"],
            "errors": False,
            "items": [bulk_item("logs", ids[n], n, refresh=refresh) for n in range(2)],
        },
        "actionId": created["id"],
    }
    await expect_json(response, 200, expected)


async def test_index_writes_the_execution_time_field(client: TestClient[Any, Any]) -> None:
    """executionTimeField gets the execution time; _seq_no continues across executions."""
    created = await create_connector(
        client, ".index", {"index": "timed", "executionTimeField": "@timestamp"}
    )
    fix_clock(client, NOW)
    await execute(client, created["id"], {"documents": [{"a": 1}]})
    response = await execute(client, created["id"], {"documents": [{"a": 2}]})
    body = await response.json()
    assert body["data"]["items"][0]["index"]["_seq_no"] == 1
    kept = connectors_area(client).store.indices["timed"]
    assert [doc["_source"] for doc in kept] == [
        {"a": 1, "@timestamp": NOW_ISO},
        {"a": 2, "@timestamp": NOW_ISO},
    ]


async def test_index_trims_the_execution_time_field(client: TestClient[Any, Any]) -> None:
    """es_index.js trims executionTimeField, and a blank one adds no field."""
    trimmed = await create_connector(
        client, ".index", {"index": "trim", "executionTimeField": "  at  "}
    )
    blank = await create_connector(client, ".index", {"index": "blank", "executionTimeField": " "})
    fix_clock(client, NOW)
    await execute(client, trimmed["id"], {"documents": [{"a": 1}]})
    await execute(client, blank["id"], {"documents": [{"b": 2}]})
    indices = connectors_area(client).store.indices
    assert [doc["_source"] for doc in indices["trim"]] == [{"a": 1, "at": NOW_ISO}]
    assert [doc["_source"] for doc in indices["blank"]] == [{"b": 2}]


async def test_index_with_no_documents_is_an_indexing_error(client: TestClient[Any, Any]) -> None:
    """An empty documents list gives the .index error result (types §3.2).

    The serviceMessage is the code's rendering of Elasticsearch's empty-bulk refusal
    (UNCONFIRMED wording).
    """
    created = await create_connector(client, ".index", {"index": "i"})
    expected = {
        "status": "error",
        "actionId": created["id"],
        "message": "error indexing documents",
        "serviceMessage": (
            "[action_request_validation_exception] Validation Failed: 1: no requests added;"
        ),
    }
    await expect_json(await execute(client, created["id"], {"documents": []}), 200, expected)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "[documents]: expected value of type [array] but got [undefined]"),
        ({"documents": [1]}, "[documents.0]: expected value of type [object] but got [number]"),
        ({"documents": {}}, "[documents]: expected value of type [array] but got [Object]"),
    ],
)
async def test_index_invalid_params(
    client: TestClient[Any, Any], params: dict[str, Any], message: str
) -> None:
    """.index params must be {documents: array of objects}."""
    created = await create_connector(client, ".index", {"index": "i"})
    await expect_json(
        await execute(client, created["id"], params),
        200,
        invalid(created["id"], "error validating action params: " + message),
    )


# --- .email --------------------------------------------------------------------------------------

MESSAGE_ID = re.compile(
    r"<[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@(.+)>"
)


async def test_email_json_transport_result(client: TestClient[Any, Any]) -> None:
    """.email with service __json answers nodemailer's JSON-transport message (types §3.1)."""
    created = await create_connector(
        client,
        ".email",
        {"service": "__json", "from": "bob@example.com"},
        {"user": "email-user", "password": "email-password"},
    )
    params = {
        "to": ["kibana-action-test@elastic.co"],
        "subject": "email-subject",
        "message": "_italic_ **bold** https://elastic.co link",
    }
    response = await execute(client, created["id"], params)
    body = await response.json()
    message_id = body["data"]["messageId"]
    match = MESSAGE_ID.fullmatch(message_id)
    assert match is not None
    assert match.group(1) == "example.com"
    expected = {
        "status": "ok",
        "data": {
            "envelope": {"from": "bob@example.com", "to": ["kibana-action-test@elastic.co"]},
            "messageId": message_id,
            "message": {
                "from": {"address": "bob@example.com", "name": ""},
                "to": [{"address": "kibana-action-test@elastic.co", "name": ""}],
                "cc": None,
                "bcc": None,
                "subject": "email-subject",
                "html": '<p><em>italic</em> <strong>bold</strong> <a href="https://elastic.co">'
                "https://elastic.co</a> link</p>\n",
                "text": "_italic_ **bold** https://elastic.co link",
                "headers": {},
                "messageId": message_id,
            },
        },
        "actionId": created["id"],
    }
    await expect_json(response, 200, expected)


async def test_email_cc_and_bcc_join_the_envelope(client: TestClient[Any, Any]) -> None:
    """cc and bcc recipients are listed in the message and all go into the envelope."""
    created = await create_connector(client, ".email", {"service": "__json", "from": "a@b.c"})
    params = {"cc": ["c@d.e"], "bcc": ["f@g.h"], "subject": "s", "message": "<b>&"}
    body = await (await execute(client, created["id"], params)).json()
    assert body["data"]["envelope"] == {"from": "a@b.c", "to": ["c@d.e", "f@g.h"]}
    message = body["data"]["message"]
    assert (message["to"], message["cc"], message["bcc"], message["html"]) == (
        None,
        [{"address": "c@d.e", "name": ""}],
        [{"address": "f@g.h", "name": ""}],
        "<p>&lt;b&gt;&amp;</p>\n",
    )


async def test_email_smtp_result(client: TestClient[Any, Any]) -> None:
    """An SMTP (non-__json) .email answers nodemailer's SMTP info (the code's simulation)."""
    created = await create_connector(
        client, ".email", {"host": "smtp.example.com", "port": 587, "from": "a@b.c"}
    )
    response = await execute(
        client, created["id"], {"to": ["x@y.z"], "subject": "s", "message": "hello"}
    )
    body = await response.json()
    message_id = body["data"]["messageId"]
    assert MESSAGE_ID.fullmatch(message_id)
    expected = {
        "status": "ok",
        "data": {
            "accepted": ["x@y.z"],
            "rejected": [],
            "envelopeTime": 1,
            "messageTime": 1,
            "messageSize": 517,
            "response": "250 2.0.0 OK: queued",
            "envelope": {"from": "a@b.c", "to": ["x@y.z"]},
            "messageId": message_id,
        },
        "actionId": created["id"],
    }
    await expect_json(response, 200, expected)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"subject": "s", "message": "m"}, "no [to], [cc], or [bcc] entries"),
        ({"to": [], "subject": "s", "message": "m"}, "no [to], [cc], or [bcc] entries"),
        (
            {"to": ["a@b.c"], "message": "m"},
            "[subject]: expected value of type [string] but got [undefined]",
        ),
        (
            {"to": "a@b.c", "subject": "s", "message": "m"},
            "[to]: could not parse array value from json input",
        ),
    ],
)
async def test_email_invalid_params(
    client: TestClient[Any, Any], params: dict[str, Any], message: str
) -> None:
    """.email params need subject, message and at least one recipient (types §3.1)."""
    created = await create_connector(client, ".email", {"service": "__json", "from": "a@b.c"})
    await expect_json(
        await execute(client, created["id"], params),
        200,
        invalid(created["id"], "error validating action params: " + message),
    )


# --- .slack, .webhook, .pagerduty ----------------------------------------------------------------


async def test_slack_result(client: TestClient[Any, Any]) -> None:
    """.slack answers {status, data: {text: 'ok'}, actionId} (types §3.5)."""
    created = await create_connector(client, ".slack", secrets={"webhookUrl": "https://x.y/z"})
    await expect_json(
        await execute(client, created["id"], {"message": "hi"}),
        200,
        {"status": "ok", "data": {"text": "ok"}, "actionId": created["id"]},
    )


async def test_slack_empty_message(client: TestClient[Any, Any]) -> None:
    """An empty slack message fails minLength 1 (types §5.4)."""
    created = await create_connector(client, ".slack", secrets={"webhookUrl": "https://x.y/z"})
    await expect_json(
        await execute(client, created["id"], {"message": ""}),
        200,
        invalid(
            created["id"],
            "error validating action params: [message]: "
            "value has length [0] but it must have a minimum length of [1].",
        ),
    )


async def test_webhook_result_echoes_the_body_sent(client: TestClient[Any, Any]) -> None:
    """.webhook's data is the body it sent; without a body there is no data key (types §3.6)."""
    created = await create_connector(client, ".webhook", {"url": "https://x.y/hook"})
    await expect_json(
        await execute(client, created["id"], {"body": '{"a": 1}'}),
        200,
        {"status": "ok", "data": '{"a": 1}', "actionId": created["id"]},
    )
    await expect_json(
        await execute(client, created["id"], {}),
        200,
        {"status": "ok", "actionId": created["id"]},
    )


async def test_pagerduty_result(client: TestClient[Any, Any]) -> None:
    """.pagerduty answers {status, actionId, data} with dedup_key action:<id> (types §5.4)."""
    created = await create_connector(client, ".pagerduty", secrets={"routingKey": "rk"})
    data = {
        "status": "success",
        "message": "Event processed",
        "dedup_key": f"action:{created['id']}",
    }
    await expect_json(
        await execute(client, created["id"], {"summary": "just a test"}),
        200,
        {"status": "ok", "actionId": created["id"], "data": data},
    )
    data = {"status": "success", "message": "Event processed", "dedup_key": "mine"}
    await expect_json(
        await execute(client, created["id"], {"dedupKey": "mine", "eventAction": "resolve"}),
        200,
        {"status": "ok", "actionId": created["id"], "data": data},
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"severity": "meh"},
            "[severity]: types that failed validation:\n"
            "- [severity.0]: expected value to equal [critical]\n"
            "- [severity.1]: expected value to equal [error]\n"
            "- [severity.2]: expected value to equal [warning]\n"
            "- [severity.3]: expected value to equal [info]",
        ),
        (
            {"dedupKey": "k" * 256},
            "[dedupKey]: value has length [256] but it must have a maximum length of [255].",
        ),
        ({"timestamp": "not a date"}, "error parsing timestamp"),
    ],
)
async def test_pagerduty_invalid_params(
    client: TestClient[Any, Any], params: dict[str, Any], message: str
) -> None:
    """.pagerduty params: literals, lengths and a parseable timestamp.

    The timestamp message is pagerduty.js's of the 7.7.0 build, without the value.
    """
    created = await create_connector(client, ".pagerduty", secrets={"routingKey": "rk"})
    await expect_json(
        await execute(client, created["id"], params),
        200,
        invalid(created["id"], "error validating action params: " + message),
    )


async def test_pagerduty_accepts_iso_and_rfc_2822_timestamps(client: TestClient[Any, Any]) -> None:
    """Timestamps Date.parse reads (ISO 8601, RFC 2822) pass the params check."""
    created = await create_connector(client, ".pagerduty", secrets={"routingKey": "rk"})
    data = {
        "status": "success",
        "message": "Event processed",
        "dedup_key": f"action:{created['id']}",
    }
    for timestamp in ("2020-03-10T12:24:20.000Z", "Tue, 10 Mar 2020 12:24:20 GMT"):
        await expect_json(
            await execute(client, created["id"], {"timestamp": timestamp}),
            200,
            {"status": "ok", "actionId": created["id"], "data": data},
        )


# --- simulated failures: each type's own error result -------------------------------------------

FAULTS = [
    (
        ".server-log",
        None,
        None,
        {"message": "m"},
        "error",
        lambda i: {
            "status": "error",
            "message": "error logging message",
            "serviceMessage": "simulated logger failure",
            "actionId": i,
        },
    ),
    (
        ".index",
        {"index": "i"},
        None,
        {"documents": [{}]},
        "error",
        lambda i: {
            "status": "error",
            "actionId": i,
            "message": "error indexing documents",
            "serviceMessage": (
                "[action_request_validation_exception] Validation Failed: 1: no requests added;"
            ),
        },
    ),
    (
        ".email",
        {"service": "__json", "from": "a@b.c"},
        None,
        {"to": ["x@y.z"], "subject": "s", "message": "m"},
        "error",
        lambda i: {
            "status": "error",
            "actionId": i,
            "message": "error sending email",
            "serviceMessage": "Connection timeout",
        },
    ),
    (
        ".slack",
        None,
        {"webhookUrl": "https://x.y/z"},
        {"message": "m"},
        "retry",
        lambda i: {
            "status": "error",
            "message": "error posting a slack message, retry later",
            "retry": True,
            "actionId": i,
        },
    ),
    (
        ".slack",
        None,
        {"webhookUrl": "https://x.y/z"},
        {"message": "m"},
        "error",
        lambda i: {
            "status": "error",
            "message": "unexpected http response from slack: 400 Bad Request",
            "actionId": i,
        },
    ),
    (
        ".webhook",
        {"url": "https://x.y/h"},
        None,
        {},
        "retry",
        lambda i: {
            "status": "error",
            "message": "error calling webhook, retry later",
            "retry": True,
            "actionId": i,
            "serviceMessage": "[500] Internal Server Error",
        },
    ),
    (
        ".webhook",
        {"url": "https://x.y/h"},
        None,
        {},
        "error",
        lambda i: {
            "status": "error",
            "message": "error calling webhook, invalid response",
            "actionId": i,
            "serviceMessage": "[400] Bad Request",
        },
    ),
    (
        ".pagerduty",
        None,
        {"routingKey": "rk"},
        {},
        "retry",
        lambda i: {
            "status": "error",
            "actionId": i,
            "message": "error posting pagerduty event: http status 502, retry later",
            "retry": True,
        },
    ),
    (
        ".pagerduty",
        None,
        {"routingKey": "rk"},
        {},
        "error",
        lambda i: {
            "status": "error",
            "actionId": i,
            "message": "error posting pagerduty event: unexpected status 418",
        },
    ),
]


@pytest.mark.parametrize(
    ("type_id", "config", "secrets", "params", "mode", "result"),
    FAULTS,
    ids=[f"{row[0]}-{row[4]}" for row in FAULTS],
)
async def test_simulated_failures_have_kibanas_key_order(
    client: TestClient[Any, Any],
    *,
    type_id: str,
    config: dict[str, Any] | None,
    secrets: dict[str, Any] | None,
    params: dict[str, Any],
    mode: str,
    result: Any,
) -> None:
    """A failing service gives the type's own error result, keys in the type's order (types §3)."""
    created = await create_connector(client, type_id, config, secrets)
    set_fault(client, created["id"], mode)
    await expect_json(await execute(client, created["id"], params), 200, result(created["id"]))


# --- .servicenow and .jira (7.8) -----------------------------------------------------------------

SN_SIM = "http://localhost:5620/api/_actions-FTS-external-service-simulators/servicenow"
JIRA_SIM = "http://localhost:5620/api/_actions-FTS-external-service-simulators/jira"
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
SN = (
    ".servicenow",
    {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": SN_MAPPING}},
    {"password": "elastic", "username": "changeme"},
)
JIRA = (
    ".jira",
    {"apiUrl": JIRA_SIM, "projectKey": "CK", "casesConfiguration": {"mapping": JIRA_MAPPING}},
    {"apiToken": "elastic", "email": "elastic@elastic.co"},
)
CASES = pytest.mark.parametrize("connector", [SN, JIRA], ids=["servicenow", "jira"])
USER = {"fullName": "Elastic User", "username": "elastic"}
S: dict[str, Any] = {
    "caseId": "123",
    "title": "a title",
    "description": "a description",
    "createdAt": "2020-03-13T08:34:53.450Z",
    "createdBy": USER,
    "updatedAt": None,
    "updatedBy": None,
    "externalId": None,
    "comments": [
        {
            "commentId": "456",
            "version": "WzU3LDFd",
            "comment": "first comment",
            "createdAt": "2020-03-13T08:34:53.450Z",
            "createdBy": USER,
            "updatedAt": None,
            "updatedBy": None,
        }
    ],
}
L = (
    "error validating action params: types that failed validation:\n"
    "- [0.subAction]: expected value to equal [getIncident]\n"
    "- [1.subAction]: expected value to equal [handshake]\n"
)
COMMENTS_FAIL = (
    L + "- [2.subActionParams.comments]: types that failed validation:\n"
    " - [subActionParams.comments.0.0.{}]: expected value of type [string] but got [undefined]\n"
    " - [subActionParams.comments.1]: expected value to equal [null]"
)
BAD_COMMENT = {
    **S,
    "caseId": "success",
    "title": "success",
    "createdAt": "success",
    "createdBy": {"username": "elastic"},
}


def push(**sub: Any) -> dict[str, Any]:
    """pushToService params with these subActionParams."""
    return {"subAction": "pushToService", "subActionParams": sub}


CASES_ROWS = [
    # servicenow 5.2 rows 8-16 / jira 5.3 rows 9-17 (7.8 form: caseId).
    (
        {},
        "error validating action params: "
        "Cannot read property 'Symbol(Symbol.iterator)' of undefined",
    ),
    (
        {"subAction": "non-supported"},
        L + "- [2.subAction]: expected value to equal [pushToService]",
    ),
    (
        {"subAction": "pushToService"},
        L + "- [2.subActionParams.caseId]: expected value of type [string] but got [undefined]",
    ),
    (
        push(),
        L + "- [2.subActionParams.caseId]: expected value of type [string] but got [undefined]",
    ),
    (
        push(caseId="success"),
        L + "- [2.subActionParams.title]: expected value of type [string] but got [undefined]",
    ),
    (
        push(caseId="success", title="success"),
        L + "- [2.subActionParams.createdAt]: expected value of type [string] but got [undefined]",
    ),
    (push(**{**BAD_COMMENT, "comments": [{}]}), COMMENTS_FAIL.format("commentId")),
    (
        push(**{**BAD_COMMENT, "comments": [{"commentId": "success"}]}),
        COMMENTS_FAIL.format("comment"),
    ),
    (
        push(**{**BAD_COMMENT, "comments": [{"commentId": "success", "comment": "success"}]}),
        COMMENTS_FAIL.format("createdAt"),
    ),
]


@CASES
@pytest.mark.parametrize(
    ("params", "message"), CASES_ROWS, ids=[str(n) for n in range(len(CASES_ROWS))]
)
async def test_cases_param_errors(
    make_client: Any, connector: tuple[str, Any, Any], params: dict[str, Any], message: str
) -> None:
    """Each invalid pushToService of the 7.8 servicenow/jira tests gives its exact error result."""
    client = await cases_client(make_client)
    created = await create_connector(client, *connector)
    await expect_json(
        await execute(client, created["id"], params), 200, invalid(created["id"], message)
    )


async def cases_client(make_client: Any) -> TestClient[Any, Any]:
    """A fake whose whitelist holds the simulators' host, as Kibana's test config does."""
    return await make_client(
        Settings(
            server_name="fakekibana-test", whitelisted_hosts=("localhost", "some.non.existent.com")
        )
    )


@CASES
async def test_cases_comment_version_is_refused(
    client: TestClient[Any, Any], connector: tuple[str, Any, Any]
) -> None:
    """A comment with `version` (7.7's field) is refused.

    Whether 7.8 still accepted `version` is UNCONFIRMED (types §4); the code follows the 7.9
    schema, which has no such key.
    """
    created = await create_connector(client, *connector)
    message = (
        L + "- [2.subActionParams.comments]: types that failed validation:\n"
        " - [subActionParams.comments.0.0.version]: definition for this key is missing\n"
        " - [subActionParams.comments.1]: expected value to equal [null]"
    )
    await expect_json(
        await execute(client, created["id"], push(**S)), 200, invalid(created["id"], message)
    )


def without_version(params: dict[str, Any]) -> dict[str, Any]:
    """S with its comments' 7.7 `version` key removed."""
    result = copy.deepcopy(params)
    for comment in result["comments"] or ():
        comment.pop("version", None)
    return result


async def test_servicenow_push_creates_then_updates(make_client: Any) -> None:
    """servicenow 5.2 row 17, then an update by externalId keeps the incident's id and number."""
    client = await cases_client(make_client)
    created = await create_connector(client, *SN)
    fix_clock(client, NOW)
    response = await execute(client, created["id"], push(**{**S, "comments": []}))
    body = await response.json()
    sys_id = body["data"]["id"]
    assert re.fullmatch(r"[0-9a-f]{32}", sys_id)
    url = f"{SN_SIM}/nav_to.do?uri=incident.do?sys_id={sys_id}"
    # Key order of data: title before id, as 7.8's servicenow service.ts builds it.
    data = {"title": "INC0000001", "id": sys_id, "pushedDate": NOW_ISO, "url": url}
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"], "data": data})

    fix_clock(client, LATER)
    update = push(
        **{**without_version(S), "externalId": sys_id, "updatedAt": LATER_ISO, "updatedBy": USER}
    )
    data = {
        "title": "INC0000001",
        "id": sys_id,
        "pushedDate": LATER_ISO,
        "url": url,
        "comments": [{"commentId": "456", "pushedDate": LATER_ISO}],
    }
    await expect_json(
        await execute(client, created["id"], update),
        200,
        {"status": "ok", "actionId": created["id"], "data": data},
    )
    second = await execute(client, created["id"], push(**{**S, "comments": None}))
    assert (await second.json())["data"]["title"] == "INC0000002"


async def test_jira_push_creates_then_updates(make_client: Any) -> None:
    """jira 5.3 row 18 (title CK-1, url <apiUrl>/browse/CK-1), then an update by externalId."""
    client = await cases_client(make_client)
    created = await create_connector(client, *JIRA)
    fix_clock(client, NOW)
    response = await execute(client, created["id"], push(**{**S, "comments": []}))
    issue_id = (await response.json())["data"]["id"]
    assert re.fullmatch(r"[0-9]+", issue_id)
    data = {
        "title": "CK-1",
        "id": issue_id,
        "pushedDate": NOW_ISO,
        "url": f"{JIRA_SIM}/browse/CK-1",
    }
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"], "data": data})

    fix_clock(client, LATER)
    update = push(**{**without_version(S), "externalId": issue_id})
    data = {
        "title": "CK-1",
        "id": issue_id,
        "pushedDate": LATER_ISO,
        "url": f"{JIRA_SIM}/browse/CK-1",
        "comments": [{"commentId": "456", "pushedDate": LATER_ISO}],
    }
    await expect_json(
        await execute(client, created["id"], update),
        200,
        {"status": "ok", "actionId": created["id"], "data": data},
    )


async def test_cases_url_is_built_from_api_url_as_given(client: TestClient[Any, Any]) -> None:
    """The record url is apiUrl + path, with no trailing-slash trimming (7.8 service code)."""
    config = {
        "apiUrl": "https://dev.service-now.com/",
        "casesConfiguration": {"mapping": SN_MAPPING},
    }
    created = await create_connector(client, ".servicenow", config, SN[2])
    body = await (await execute(client, created["id"], push(**{**S, "comments": None}))).json()
    sys_id = body["data"]["id"]
    assert (
        body["data"]["url"]
        == f"https://dev.service-now.com//nav_to.do?uri=incident.do?sys_id={sys_id}"
    )


async def test_comments_mapped_to_nothing_are_not_pushed(client: TestClient[Any, Any]) -> None:
    """With the comments mapping set to 'nothing', data has no comments."""
    mapping = [
        *SN_MAPPING[:2],
        {"source": "comments", "target": "comments", "actionType": "nothing"},
    ]
    config = {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": mapping}}
    created = await create_connector(client, ".servicenow", config, SN[2])
    fix_clock(client, NOW)
    response = await execute(client, created["id"], push(**without_version(S)))
    sys_id = (await response.json())["data"]["id"]
    data = {
        "title": "INC0000001",
        "id": sys_id,
        "pushedDate": NOW_ISO,
        "url": f"{SN_SIM}/nav_to.do?uri=incident.do?sys_id={sys_id}",
    }
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"], "data": data})


async def test_comments_without_a_comments_mapping_throw(client: TestClient[Any, Any]) -> None:
    """Comments pushed with no comments mapping hit 7.8's TypeError, after the incident is made."""
    config = {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": SN_MAPPING[:2]}}
    created = await create_connector(client, ".servicenow", config, SN[2])
    await expect_json(
        await execute(client, created["id"], push(**without_version(S))),
        200,
        executor_error(created["id"], "Cannot read property 'actionType' of undefined"),
    )
    assert len(connectors_area(client).store.incidents[created["id"]]) == 1


@pytest.mark.parametrize(
    ("last_entry", "pushed"),
    [
        ({"source": "description", "target": "comments", "actionType": "append"}, True),
        ({"source": "other", "target": "comments", "actionType": "append"}, False),
        ({"source": "__proto__", "target": "comments", "actionType": "append"}, False),
        ({"source": "comments", "target": "__proto__", "actionType": "append"}, False),
    ],
    ids=["by-target", "unsupported-source", "proto-source", "proto-target"],
)
async def test_comments_mapping_is_found_as_build_map_finds_it(
    client: TestClient[Any, Any], last_entry: dict[str, str], pushed: bool
) -> None:
    """buildMap keys supported entries by source and by target, dropping others and __proto__."""
    config = {"apiUrl": SN_SIM, "casesConfiguration": {"mapping": [SN_MAPPING[0], last_entry]}}
    created = await create_connector(client, ".servicenow", config, SN[2])
    fix_clock(client, NOW)
    response = await execute(client, created["id"], push(**without_version(S)))
    if not pushed:
        await expect_json(
            response,
            200,
            executor_error(created["id"], "Cannot read property 'actionType' of undefined"),
        )
        return
    sys_id = (await response.json())["data"]["id"]
    data = {
        "title": "INC0000001",
        "id": sys_id,
        "pushedDate": NOW_ISO,
        "url": f"{SN_SIM}/nav_to.do?uri=incident.do?sys_id={sys_id}",
        "comments": [{"commentId": "456", "pushedDate": NOW_ISO}],
    }
    await expect_json(response, 200, {"status": "ok", "actionId": created["id"], "data": data})


@CASES
@pytest.mark.parametrize(
    "params",
    [
        {"subAction": "getIncident", "subActionParams": {"externalId": "1"}},
        {"subAction": "handshake"},
        {"subAction": "handshake", "subActionParams": {}},
    ],
)
async def test_other_sub_actions_are_not_implemented(
    client: TestClient[Any, Any], connector: tuple[str, Any, Any], params: dict[str, Any]
) -> None:
    """getIncident and handshake pass the schema but the 7.8 executor throws (wording INFERRED)."""
    created = await create_connector(client, *connector)
    await expect_json(
        await execute(client, created["id"], params),
        200,
        executor_error(created["id"], "[Action][ExternalService] subAction not implemented."),
    )


@pytest.mark.parametrize(
    ("connector", "service", "record"),
    [(SN, "ServiceNow", "incident"), (JIRA, "Jira", "issue")],
    ids=["servicenow", "jira"],
)
async def test_update_of_an_unknown_external_id(
    client: TestClient[Any, Any], connector: tuple[str, Any, Any], service: str, record: str
) -> None:
    """Updating a record the service does not have gives the service's 'Unable to get' error."""
    created = await create_connector(client, *connector)
    params = push(**{**without_version(S), "externalId": "404"})
    await expect_json(
        await execute(client, created["id"], params),
        200,
        executor_error(
            created["id"],
            f"[Action][{service}]: Unable to get {record} with id 404. "
            "Error: Request failed with status code 404",
        ),
    )


@pytest.mark.parametrize(
    ("connector", "message"),
    [
        (SN, "[Action][ServiceNow]: Unable to create incident. Error: Instance is not alive."),
        (JIRA, "[Action][Jira]: Unable to create issue. Error: Instance is not alive."),
    ],
    ids=["servicenow", "jira"],
)
async def test_service_down(
    client: TestClient[Any, Any], connector: tuple[str, Any, Any], message: str
) -> None:
    """A service that does not answer gives 'Instance is not alive.' in the envelope (types §4)."""
    created = await create_connector(client, *connector)
    set_fault(client, created["id"], "down")
    await expect_json(
        await execute(client, created["id"], push(**without_version(S))),
        200,
        executor_error(created["id"], message),
    )


async def test_empty_credentials_are_a_wrong_configuration(client: TestClient[Any, Any]) -> None:
    """An empty username passes the schema; the 7.8 service refuses it when run."""
    created = await create_connector(client, SN[0], SN[1], {"password": "p", "username": ""})
    await expect_json(
        await execute(client, created["id"], push(**without_version(S))),
        200,
        executor_error(created["id"], "[Action]ServiceNow: Wrong configuration."),
    )


# --- re-validation of what is stored ------------------------------------------------------------


async def test_execute_revalidates_params_then_config_then_secrets(
    client: TestClient[Any, Any],
) -> None:
    """Stored config and secrets are validated again at execute time, after the params."""
    created = await create_connector(client, ".pagerduty", secrets={"routingKey": "rk"})
    kept = connectors_area(client).store.get("default", created["id"])
    assert kept is not None
    kept.config = {"apiUrl": 5}
    kept.secrets = {}
    await expect_json(
        await execute(client, created["id"], {"severity": 1}),
        200,
        invalid(
            created["id"],
            "error validating action params: [severity]: types that failed validation:\n"
            "- [severity.0]: expected value to equal [critical]\n"
            "- [severity.1]: expected value to equal [error]\n"
            "- [severity.2]: expected value to equal [warning]\n"
            "- [severity.3]: expected value to equal [info]",
        ),
    )
    await expect_json(
        await execute(client, created["id"], {}),
        200,
        invalid(
            created["id"],
            "error validating action type config: [apiUrl]: types that failed validation:\n"
            "- [apiUrl.0]: expected value of type [string] but got [number]\n"
            "- [apiUrl.1]: expected value to equal [null]",
        ),
    )
    kept.config = {}
    await expect_json(
        await execute(client, created["id"], {}),
        200,
        invalid(
            created["id"],
            "error validating action type secrets: [routingKey]: "
            "expected value of type [string] but got [undefined]",
        ),
    )
