"""The 8.19/9.x stack connector types' executors: results, sub-actions, records and faults."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import ConnectorType, Execution, ExecutorError
from fakekibana.connectors.stack import load_specs
from fakekibana.connectors.stack._subaction import UserError
from fakekibana.connectors.store import ConnectorStore
from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.store import Clock, Ids, Shared
from fakekibana.core.versions import KibanaVersion

NOW = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.UTC)
NOW_ISO = "2026-01-02T03:04:05.678Z"
SEED = 7
HEX = "0123456789abcdef"
SCHEMAS = SchemaSet(schema_dir())
SPECS = {spec.id: spec for spec in load_specs(KibanaVersion("9.4.0"))}
SN = {"apiUrl": "https://dev.service-now.com/"}
SN_SECRETS = {"username": "admin", "password": "p"}
JIRA = {"apiUrl": "https://x.atlassian.net", "projectKey": "PK"}
JIRA_SECRETS = {"email": "e@x.co", "apiToken": "t"}
CASES_WEBHOOK = {
    "createIncidentUrl": "https://cases.example.com/api/case",
    "createIncidentJson": '{"title": {{{case.title}}}}',
    "createIncidentResponseKey": "id",
    "getIncidentUrl": "https://cases.example.com/api/case/{{{external.system.id}}}",
    "getIncidentResponseExternalTitleKey": "key",
    "viewIncidentUrl": "https://cases.example.com/view/{{{external.system.title}}}",
    "updateIncidentUrl": "https://cases.example.com/api/case/{{{external.system.id}}}",
    "updateIncidentJson": '{"title": {{{case.title}}}}',
}
MDE_CONFIG = {
    "clientId": "c",
    "tenantId": "t",
    "oAuthServerUrl": "https://login.microsoftonline.com",
    "oAuthScope": "s",
    "apiUrl": "https://api.securitycenter.microsoft.com",
}


def sub(name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Params of a sub-action connector."""
    return {"subAction": name, "subActionParams": params or {}}


def chat(text: str) -> str:
    """An OpenAI/Anthropic request body with one user message."""
    return json.dumps({"messages": [{"role": "user", "content": text}]})


# A valid (config, secrets, params) of every type.
EXAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    ".email": ({"from": "a@b.co", "service": "__json"}, {"user": "u", "password": "p"},
               {"to": ["x@y.co"], "subject": "s", "message": "hi"}),
    ".index": ({"index": "logs"}, {}, {"documents": [{"a": 1}]}),
    ".pagerduty": ({}, {"routingKey": "k"}, {"summary": "s", "dedupKey": "d"}),
    ".swimlane": ({"apiUrl": "https://sw.example.com", "appId": "app123", "connectorType": "all"},
                  {"apiToken": "t"}, sub("pushToService", {"incident": {"ruleName": "r"}})),
    ".server-log": ({}, {}, {"message": "m"}),
    ".slack": ({}, {"webhookUrl": "https://hooks.slack.com/x"}, {"message": "m"}),
    ".slack_api": ({}, {"token": "t"}, sub("validChannelId", {"channelId": "C1"})),
    ".webhook": ({"url": "https://example.com/h"}, {"user": "u", "password": "p"},
                 {"body": '{"a":1}'}),
    ".cases-webhook": (CASES_WEBHOOK, {"user": "u", "password": "p"},
                       sub("pushToService", {"incident": {"title": "T"}})),
    ".xmatters": ({"configUrl": "https://x.xmatters.com/a"}, {"user": "u", "password": "p"},
                  {"severity": "high", "ruleName": "r"}),
    ".servicenow": (SN, SN_SECRETS,
                    sub("pushToService", {"incident": {"short_description": "sd"}})),
    ".servicenow-sir": (SN, SN_SECRETS,
                        sub("pushToService", {"incident": {"short_description": "sd"}})),
    ".servicenow-itom": ({"apiUrl": "https://dev.service-now.com"}, SN_SECRETS,
                         sub("addEvent", {"source": "kibana"})),
    ".jira": (JIRA, JIRA_SECRETS,
              sub("pushToService", {"incident": {"summary": "s", "issueType": "10006"}})),
    ".teams": ({}, {"webhookUrl": "https://x.webhook.office.com/x"}, {"message": "m"}),
    ".torq": ({"webhookIntegrationUrl": "https://hooks.torq.io/v1/x"}, {"token": "t"},
              {"body": '{"a":1}'}),
    ".opsgenie": ({"apiUrl": "https://api.opsgenie.com"}, {"apiKey": "k"},
                  sub("createAlert", {"message": "m"})),
    ".jira-service-management": ({"apiUrl": "https://api.atlassian.com"}, {"apiKey": "k"},
                                 sub("closeAlert", {"alias": "a"})),
    ".tines": ({"url": "https://t.tines.com"}, {"email": "e", "token": "t"}, sub("stories")),
    ".gen-ai": ({"apiProvider": "OpenAI", "apiUrl": "https://api.openai.com/v1/chat/completions"},
                {"apiKey": "k"}, sub("run", {"body": chat("hello there")})),
    ".bedrock": ({"apiUrl": "https://bedrock-runtime.us-east-1.amazonaws.com"},
                 {"accessKey": "a", "secret": "s"}, sub("run", {"body": chat("hi")})),
    ".gemini": ({"apiUrl": "https://us-central1-aiplatform.googleapis.com",
                 "gcpRegion": "us-central1", "gcpProjectID": "p"}, {"credentialsJson": "{}"},
                sub("run", {"body": json.dumps(
                    {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]})})),
    ".d3security": ({"url": "https://d3.example.com"}, {"token": "t"}, sub("run")),
    ".resilient": ({"apiUrl": "https://res.example.com", "orgId": "201"},
                   {"apiKeyId": "i", "apiKeySecret": "s"},
                   sub("pushToService", {"incident": {"name": "n"}})),
    ".thehive": ({"url": "https://hive.example.com"}, {"apiKey": "k"},
                 sub("pushToService", {"incident": {"title": "t", "description": "d"}})),
    ".xsoar": ({"url": "https://xsoar.example.com"}, {"apiKey": "k"}, sub("getPlaybooks")),
    ".sentinelone": ({"url": "https://s1.example.com"}, {"token": "t"}, sub("getAgents")),
    ".crowdstrike": ({"url": "https://api.crowdstrike.com"},
                     {"clientId": "c", "clientSecret": "s"},
                     sub("getAgentOnlineStatus", {"ids": ["d1"]})),
    ".inference": ({"provider": "openai", "taskType": "completion", "inferenceId": "inf"},
                   {"providerSecrets": {}}, sub("completion", {"input": "hi"})),
    ".microsoft_defender_endpoint": (MDE_CONFIG, {"clientSecret": "s"},
                                     sub("isolateHost", {"id": "m1", "comment": "c"})),
    ".cases": ({}, {}, {"subAction": "run", "subActionParams": {}}),
    ".observability-ai-assistant": ({}, {}, {}),
}  # fmt: skip


def new_store() -> ConnectorStore:
    """A store whose ids and clock repeat (seed SEED, time NOW)."""
    return ConnectorStore(Shared(Ids(SEED), Clock(NOW)))


def execute(
    type_id: str,
    params: dict[str, Any] | None = None,
    *,
    version: str = "9.4.0",
    fault: str | None = None,
    store: ConnectorStore | None = None,
    config: dict[str, Any] | None = None,
) -> Any:
    """Validate the example (or the given params/config) and run the executor.

    The result dict, or the ExecutorError / exception the executor raised.
    """
    example_config, secrets, example_params = EXAMPLES[type_id]
    connector_type = ConnectorType(SPECS[type_id], SCHEMAS)
    settings = ActionsConfig(["*"], ["*"], KibanaVersion(version))
    run = Execution(
        "c1",
        connector_type.validate_config(example_config if config is None else config, settings),
        connector_type.validate_secrets(secrets, settings),
        connector_type.validate_params(example_params if params is None else params, settings),
        store or new_store(),
        fault,
        "My connector",
        type_id,
        KibanaVersion(version),
    )
    try:
        return connector_type.executor(run)
    except Exception as error:  # noqa: BLE001 - the result under test
        return error


def ok(data: Any) -> dict[str, Any]:
    """Kibana's internal success result."""
    return {"status": "ok", "data": data, "actionId": "c1"}


def test_every_type_succeeds_on_its_example() -> None:
    """Every registered type answers its example with status ok."""
    assert sorted(EXAMPLES) == sorted(SPECS)
    statuses = {type_id: execute(type_id)["status"] for type_id in EXAMPLES}
    assert set(statuses.values()) == {"ok"}


@pytest.mark.parametrize(
    ("type_id", "params", "expected"),
    [
        (".server-log", None, {"status": "ok", "actionId": "c1"}),
        (".slack", None, ok({"text": "ok"})),
        (".teams", None, ok({"text": "m"})),
        (".torq", None, ok('{"a":1}')),
        (".webhook", None, ok('{"a":1}')),
        (".webhook", {}, {"status": "ok", "actionId": "c1"}),
        (".xmatters", None, ok({"ruleName": "r", "severity": "high"})),
        (".pagerduty", None, {"status": "ok", "actionId": "c1", "data": {
            "status": "success", "message": "Event processed", "dedup_key": "d"}}),
        (".slack_api", None, ok({"ok": True, "channel": {"id": "C1", "name": "channel-C1"}})),
        (".tines", None, ok({"stories": [{"id": 1, "name": "fakekibana story",
                                          "published": True}], "incompleteResponse": False})),
        (".tines", sub("webhooks", {"storyId": 3}), ok({"webhooks": [
            {"id": 1, "name": "fakekibana webhook", "storyId": 3}], "incompleteResponse": False})),
        (".xsoar", None, ok({"playbooks": [{"id": "fakekibana-playbook",
                                            "name": "fakekibana playbook"}]})),
        (".xsoar", sub("run", {"name": "n", "createInvestigation": False, "severity": 1}), ok({})),
        (".sentinelone", None, ok({"data": [], "pagination": {"totalItems": 0,
                                                              "nextCursor": None}})),
        (".sentinelone", sub("isolateHost"), ok({"data": {"affected": 1}})),
        (".servicenow-itom", None, ok({})),
        (".inference", None, ok([{"result": "fakekibana: hi"}])),
        (".inference", sub("rerank", {"input": ["a", "b"], "query": "q"}),
         ok([{"index": 0, "score": 1.0, "text": "a"}, {"index": 1, "score": 0.9, "text": "b"}])),
        (".inference", sub("sparse_embedding", {"input": "Hello World"}),
         ok([{"hello": 1.0, "world": 1.0}])),
        (".bedrock", None, ok({"completion": "fakekibana: hi", "stop_reason": "end_turn",
                               "usage": {"input_tokens": 1, "output_tokens": 4}})),
        (".bedrock", sub("invokeAI", {"messages": [{"role": "user", "content": "hi"}]}),
         ok({"message": "fakekibana: hi", "usage": {"input_tokens": 1, "output_tokens": 4}})),
        (".gemini", None, ok({"completion": "fakekibana: hi", "stop_reason": "STOP",
                              "usageMetadata": {"promptTokenCount": 1,
                                                "candidatesTokenCount": 4,
                                                "totalTokenCount": 5}})),
        (".gen-ai", sub("getDashboard", {"dashboardId": "d"}), ok({"available": True})),
        (".cases", None, ok({})),
        (".observability-ai-assistant", None, {"status": "ok", "actionId": "c1"}),
    ],
)  # fmt: skip
def test_success_results(type_id: str, params: dict[str, Any] | None, expected: Any) -> None:
    """A type's executor answers a valid request with Kibana's result shape and fixed data."""
    assert execute(type_id, params) == expected


def test_gen_ai_run_is_a_chat_completion() -> None:
    """.gen-ai run answers an OpenAI chat completion echoing the last user message."""
    expected_id = "chatcmpl-" + Ids(SEED).token(24)
    assert execute(".gen-ai") == ok(
        {
            "id": expected_id,
            "object": "chat.completion",
            "created": int(NOW.timestamp()),
            "model": "gpt-4.1",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "fakekibana: hello there"},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 3, "completion_tokens": 6, "total_tokens": 9},
        }
    )


def test_gen_ai_invoke_ai_and_bad_body() -> None:
    """.gen-ai invokeAI answers {message, usage}; a run body that is not JSON throws."""
    params = sub("invokeAI", {"messages": [{"role": "user", "content": "abcdefgh"}]})
    assert execute(".gen-ai", params) == ok(
        {
            "message": "fakekibana: abcdefgh",
            "usage": {"prompt_tokens": 2, "completion_tokens": 5, "total_tokens": 7},
        }
    )
    error = execute(".gen-ai", sub("run", {"body": "nope"}))
    assert str(error) == "Unexpected token 'n', \"nope\" is not valid JSON"


def test_opsgenie_create_alert_and_blank_message() -> None:
    """.opsgenie answers Opsgenie's 202 body; a blank message fails validation (user)."""
    assert execute(".opsgenie") == ok(
        {"result": "Request will be processed", "took": 0.107, "requestId": Ids(SEED).new()}
    )
    error = execute(".opsgenie", sub("createAlert", {"message": "  "}), version="9.2.0")
    assert isinstance(error, UserError)
    assert error.error_source == "user"
    assert str(error) == (
        "Request validation failed (Error: [message]: must be populated with a value other "
        "than just whitespace)"
    )


def test_unknown_sub_action() -> None:
    """An unregistered sub-action names the connector, as the framework's executor does."""
    error = execute(".gen-ai", {"subAction": "invalidAction"})
    assert type(error) is RuntimeError
    assert str(error) == (
        'Sub action "invalidAction" is not registered. Connector id: c1. '
        "Connector name: My connector. Connector type: .gen-ai"
    )


def test_request_validation_text_per_release() -> None:
    """Bad sub-action params fail with config-schema's text on 9.2, zod's issues on 9.3+."""
    params = sub("closeAlert", {})
    assert str(execute(".opsgenie", params, version="8.19.0")) == (
        "Request validation failed (Error: [alias]: expected value of type [string] but got "
        "[undefined])"
    )
    issues = [
        {
            "code": "invalid_type",
            "expected": "string",
            "received": "undefined",
            "path": ["alias"],
            "message": "Required",
        }
    ]
    assert str(execute(".jira-service-management", params, version="9.3.0")) == (
        f"Request validation failed ({json.dumps(issues, indent=2)})"
    )
    unknown = sub("webhooks", {"storyId": 1, "extra": 2})
    assert str(execute(".tines", unknown, version="9.4.0")) == (
        "Request validation failed ("
        + json.dumps(
            [
                {
                    "code": "unrecognized_keys",
                    "keys": ["extra"],
                    "path": [],
                    "message": "Unrecognized key(s) in object: 'extra'",
                }
            ],
            indent=2,
        )
        + ")"
    )


def test_bedrock_message_content_rule() -> None:
    """.bedrock invokeAI needs exactly one of content and rawContent per message."""
    params = sub("invokeAI", {"messages": [{"role": "user"}]})
    assert str(execute(".bedrock", params, version="9.2.0")) == (
        "Request validation failed (Error: [messages.0]: Must specify either content or rawContent)"
    )


def test_email_refuses_html_outside_notifications() -> None:
    """.email over the API refuses messageHTML (thrown as a user error)."""
    params = {"to": ["x@y.co"], "subject": "s", "message": "m", "messageHTML": "<p>m</p>"}
    error = execute(".email", params)
    assert isinstance(error, UserError)
    assert str(error) == "HTML email can only be sent via notifications"


def test_index_uses_the_override_and_drops_type() -> None:
    """.index writes to indexOverride and its bulk items carry no _type."""
    store = new_store()
    params = {"documents": [{"a": 1}], "indexOverride": "kibana-alert-history-x"}
    result = execute(".index", params, store=store)
    item = result["data"]["items"][0]["index"]
    assert item == {
        "_index": "kibana-alert-history-x",
        "_id": Ids(SEED).token(20),
        "_version": 1,
        "result": "created",
        "_shards": {"total": 2, "successful": 1, "failed": 0},
        "_seq_no": 0,
        "_primary_term": 1,
        "status": 201,
    }
    assert store.indices["kibana-alert-history-x"][0]["_source"] == {"a": 1}


def test_servicenow_push_get_and_close_agree() -> None:
    """.servicenow pushToService, getIncident and closeIncident share the instance's records."""
    store = new_store()
    sys_id = Ids(SEED).token(32, HEX)
    url = f"https://dev.service-now.com/nav_to.do?uri=incident.do?sys_id={sys_id}"
    incident = {"short_description": "sd", "correlation_id": "rule:alert"}
    pushed = execute(
        ".servicenow",
        sub(
            "pushToService",
            {"incident": incident, "comments": [{"comment": "c", "commentId": "1"}]},
        ),
        store=store,
    )
    assert pushed == ok(
        {
            "title": "INC0010001",
            "id": sys_id,
            "pushedDate": "2026-01-02T03:04:05.000Z",
            "url": url,
            "comments": [{"commentId": "1", "pushedDate": "2026-01-02T03:04:05.000Z"}],
        }
    )
    got = execute(".servicenow", sub("getIncident", {"externalId": sys_id}), store=store)
    assert got == ok(
        {
            "sys_id": sys_id,
            "number": "INC0010001",
            "short_description": "sd",
            "correlation_id": "rule:alert",
            "caller_id": "admin",
            "opened_by": "admin",
            "comments": "c",
            "sys_created_on": "2026-01-02 03:04:05",
            "sys_updated_on": "2026-01-02 03:04:05",
        }
    )
    close = sub("closeIncident", {"incident": {"correlation_id": "rule:alert"}})
    closed = {
        "title": "INC0010001",
        "id": sys_id,
        "pushedDate": "2026-01-02T03:04:05.000Z",
        "url": url,
    }
    assert execute(".servicenow", close, store=store) == ok(closed)
    assert store.records("c1")[sys_id]["fields"]["state"] == "7"
    assert execute(".servicenow", close, store=store) == ok(closed)
    nothing = sub("closeIncident", {"incident": {"externalId": "missing"}})
    assert execute(".servicenow", nothing, store=store) == ok({})


def test_servicenow_errors() -> None:
    """.servicenow words a missing record, an unset close target and handshake as Kibana does."""
    error = execute(".servicenow", sub("getIncident", {"externalId": "x"}))
    assert str(error) == (
        "[Action][ServiceNow]: Unable to get incident with id x. Error: Request failed with "
        "status code 404 Reason: No Record found: Record doesn't exist or ACL restricts the "
        "record retrieval"
    )
    error = execute(".servicenow", sub("closeIncident", {"incident": {}}))
    assert str(error) == (
        "[Action][ServiceNow]: Unable to close incident. Error: No correlationId or incidentId "
        "found. Reason: unknown: errorResponse was null"
    )
    error = execute(".servicenow-sir", sub("handshake"))
    assert str(error) == "[Action][ExternalService] subAction handshake not implemented."


def test_servicenow_sir_and_choices() -> None:
    """.servicenow-sir numbers SIR records in sn_si_incident; getChoices lists field choices."""
    sys_id = Ids(SEED).token(32, HEX)
    pushed = execute(".servicenow-sir")
    assert pushed["data"]["title"] == "SIR0010001"
    assert pushed["data"]["url"] == (
        f"https://dev.service-now.com/nav_to.do?uri=sn_si_incident.do?sys_id={sys_id}"
    )
    choices = execute(".servicenow", sub("getChoices", {"fields": ["urgency"]}))
    assert choices == ok(
        [
            {"dependent_value": "", "label": "1 - High", "value": "1", "element": "urgency"},
            {"dependent_value": "", "label": "2 - Medium", "value": "2", "element": "urgency"},
            {"dependent_value": "", "label": "3 - Low", "value": "3", "element": "urgency"},
        ]
    )


def test_jira_push_get_issue_and_issues_agree() -> None:
    """.jira keeps its issues: pushToService, getIncident, issue and issues read the same one."""
    store = new_store()
    pushed = execute(".jira", store=store)
    assert pushed == ok(
        {
            "title": "PK-1",
            "id": "10001",
            "pushedDate": NOW_ISO,
            "url": "https://x.atlassian.net/browse/PK-1",
        }
    )
    got = execute(".jira", sub("getIncident", {"externalId": "10001"}), store=store)
    assert got == ok(
        {
            "id": "10001",
            "key": "PK-1",
            "created": NOW_ISO,
            "updated": NOW_ISO,
            "summary": "s",
            "issueType": "10006",
        }
    )
    one = {"id": "10001", "key": "PK-1", "title": "s"}
    assert execute(".jira", sub("issue", {"id": "10001"}), store=store) == ok(one)
    assert execute(".jira", sub("issues", {"title": "S"}), store=store) == ok([one])
    update = sub("pushToService", {"incident": {"summary": "t", "externalId": "10001"}})
    assert execute(".jira", update, store=store)["data"]["title"] == "PK-1"
    error = execute(".jira", sub("issue", {"id": "9"}), store=store)
    assert str(error) == (
        "[Action][Jira]: Unable to get issue with id 9. Error: Request failed with status code "
        "404. Reason: Issue does not exist or you do not have permission to see it."
    )


@pytest.mark.parametrize(
    ("type_id", "expected"),
    [
        (".resilient", {"id": "1", "title": "1", "pushedDate": NOW_ISO,
                        "url": "https://res.example.com/#incidents/1"}),
        (".thehive", {"id": "~172001", "title": "1",
                      "url": "https://hive.example.com/cases/~172001/details",
                      "pushedDate": NOW_ISO}),
        (".cases-webhook", {"id": "1", "title": "CASE-1",
                            "url": "https://cases.example.com/view/CASE-1",
                            "pushedDate": NOW_ISO}),
    ],
)  # fmt: skip
def test_case_systems_push_results(type_id: str, expected: dict[str, Any]) -> None:
    """Each case connector's push result has its service's keys in its service's order."""
    result = execute(type_id)
    assert result == ok(expected)
    assert list(result["data"]) == list(expected)


def test_swimlane_push_result() -> None:
    """.swimlane answers {id, title, url, pushedDate} for a new record."""
    record_id = Ids(SEED).token(17)
    assert execute(".swimlane") == ok(
        {
            "id": record_id,
            "title": "APP-1",
            "url": f"https://sw.example.com/record/app123/{record_id}",
            "pushedDate": NOW_ISO,
        }
    )


def test_random_bodies_follow_the_id_sequence() -> None:
    """D3, CrowdStrike and Defender bodies take their ids from the fake's sequence."""
    assert execute(".d3security") == ok({"refid": Ids(SEED).token(20)})
    assert execute(".crowdstrike") == ok(
        {
            "resources": [{"id": "d1", "state": "online"}],
            "meta": {"query_time": 0.1, "powered_by": "device-api", "trace_id": Ids(SEED).new()},
            "errors": [],
        }
    )
    assert execute(".microsoft_defender_endpoint") == ok(
        {"id": Ids(SEED).new(), "type": "Isolate", "status": "Pending", "machineId": "m1"}
    )


# The exact failure of each type's "error" fault on its example.
ERRORS: dict[str, Any] = {
    ".email": {"status": "error", "actionId": "c1", "message": "error sending email",
               "serviceMessage": "Connection timeout"},
    ".webhook": {"status": "error", "message": "error calling webhook, invalid response",
                 "actionId": "c1", "serviceMessage": "[400] Bad Request", "errorSource": "user"},
    ".teams": {"status": "error", "message": "error posting to Microsoft Teams, invalid response",
               "actionId": "c1", "serviceMessage": "[400] Bad Request"},
    ".torq": {"status": "error", "message": "error triggering Torq workflow, invalid response",
              "actionId": "c1", "serviceMessage": "[400] Bad Request"},
    ".xmatters": {"status": "error", "actionId": "c1",
                  "message": "Error triggering xMatters flow: unexpected status 400"},
    ".servicenow": "[Action][ServiceNow]: Unable to create incident. Error: Request failed with "
                   "status code 400 Reason: Exception while reading request: Operation Failed",
    ".jira": "[Action][Jira]: Unable to create incident. Error: Request failed with status code "
             "400. Reason: Field 'summary' cannot be set. It is not on the appropriate screen, "
             "or unknown.",
    ".swimlane": "[Action][Swimlane]: Unable to create record in application with id app123. "
                 "Status: 400. Error: Request failed with status code 400. Reason: unknown",
    ".cases-webhook": "[Action][Webhook - Case Management]: Unable to create case. Error: "
                      "Request failed with status code 400.  Reason: Bad Request",
    ".opsgenie": "Status code: 401. Message: Key format is not valid!",
    ".gen-ai": "Status code: 400. Message: API Error: Bad Request - Invalid request",
    ".d3security": "Status code: 400. Message: API Error: 400 - Bad Request",
    ".tines": "Status code: 400. Message: API Error: Bad Request",
}  # fmt: skip


@pytest.mark.parametrize(
    ("type_id", "mode"),
    [(spec.id, mode) for spec in SPECS.values() for mode in spec.fault_modes],
)
def test_every_fault_mode_fails(type_id: str, mode: str) -> None:
    """Each fault mode of each type ends in an error result or a thrown error."""
    result = execute(type_id, fault=mode)
    if isinstance(result, ExecutorError):
        assert result.result["status"] == "error"
        assert result.result["actionId"] == "c1"
    else:
        assert isinstance(result, Exception)
        assert str(result)
    if mode == "error" and type_id in ERRORS:
        expected = ERRORS[type_id]
        shown = result.result if isinstance(result, ExecutorError) else str(result)
        assert shown == expected


@pytest.mark.parametrize(
    ("type_id", "expected"),
    [
        (".servicenow", "[Action][ServiceNow]: Unable to create incident. Error: connect "
                        "ECONNREFUSED 127.0.0.1:443 Reason: unknown: errorResponse was null"),
        (".cases-webhook", "[Action][Webhook - Case Management]: Unable to create case. Error: "
                           "connect ECONNREFUSED 127.0.0.1:443.  "),
    ],
)  # fmt: skip
def test_down_mode_is_an_unanswered_call(type_id: str, expected: str) -> None:
    """The "down" fault is a refused connection, worded by the type's service."""
    assert str(execute(type_id, fault="down")) == expected


def test_retry_modes_set_retry() -> None:
    """The "retry" fault of the HTTP types is a retryable error result."""
    for type_id in (".webhook", ".teams", ".torq", ".xmatters", ".slack", ".pagerduty"):
        result = execute(type_id, fault="retry")
        assert isinstance(result, ExecutorError)
        assert result.result["retry"] is True
