"""The 8.19/9.x stack connector types' custom checks: Kibana's texts, per release line."""

from __future__ import annotations

from typing import Any

import pytest

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.stack import _servicenow, cases_webhook, load_specs, xmatters
from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.versions import KibanaVersion

SCHEMAS = SchemaSet(schema_dir())
SPECS = {spec.id: spec for spec in load_specs(KibanaVersion("9.4.0"))}
NOT_ADDED = "is not added to the Kibana config xpack.actions.allowedHosts"


def actions(version: str = "9.4.0", hosts: tuple[str, ...] = ("*",)) -> ActionsConfig:
    """xpack.actions settings of a release: allowed hosts, every type enabled."""
    return ActionsConfig(hosts, ["*"], KibanaVersion(version))


def check(
    type_id: str, part: str, value: dict[str, Any], settings: ActionsConfig | None = None
) -> str | None:
    """The type's custom check of `part` on the value its schema validates."""
    spec = SPECS[type_id]
    validated = SCHEMAS.validator(f"stack_connectors/{spec.schema_dir}/{part}.json")(value, ())
    custom = {"config": spec.check_config, "secrets": spec.check_secrets}.get(
        part, spec.check_params
    )
    assert custom is not None
    return custom(validated, settings or actions())


ONLY_EXAMPLE = actions(hosts=("example.com",))


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"from": "a@b.co", "service": "__json"}, None),
        ({"from": "a@b.co", "service": "elastic_cloud"}, None),
        ({"from": "a@b.co", "service": "exchange_server"}, "[clientId]/[tenantId] is required"),
        ({"from": "a@b.co", "service": "exchange_server", "tenantId": "t"},
         "[clientId] is required"),
        ({"from": "a@b.co", "service": "exchange_server", "clientId": "c"},
         "[tenantId] is required"),
        ({"from": "a@b.co"}, "[host]/[port] is required"),
        ({"from": "a@b.co", "port": 25}, "[host] is required"),
        ({"from": "a@b.co", "host": "example.com"}, "[port] is required"),
        ({"from": "a@b.co", "host": "smtp.other.org", "port": 25},
         "[host] value 'smtp.other.org' is not in the allowedHosts configuration"),
        ({"from": "a@b.co", "service": "nope"}, "[service] value 'nope' is not valid"),
        ({"from": "a@b.co", "service": "gmail"},
         "[service] value 'gmail' resolves to host 'smtp.gmail.com' which is not in the "
         "allowedHosts configuration"),
    ],
)  # fmt: skip
def test_email_config_rules(config: dict[str, Any], expected: str | None) -> None:
    """.email config: Kibana's service, host and port rules against allowedHosts."""
    assert check(".email", "config", config, ONLY_EXAMPLE) == expected


@pytest.mark.parametrize(
    ("version", "to", "expected"),
    [
        ("8.19.0", [], "no [to], [cc], or [bcc] entries"),
        ("9.2.0", [], "no [to], [cc], or [bcc] entries"),
        ("9.3.0", [" "], "At least one entry in [to], [cc], or [bcc] is required"),
        ("9.4.0", ["x@y.co"], None),
    ],
)
def test_email_recipients_rule_per_release(version: str, to: list[str], expected: str) -> None:
    """.email params without a recipient: the config-schema text, then 9.3's."""
    params = {"to": to, "subject": "s", "message": "m"}
    assert check(".email", "params", params, actions(version)) == expected


def test_index_override_prefix() -> None:
    """.index refuses an indexOverride outside kibana-alert-history-*."""
    params = {"documents": [], "indexOverride": "logs"}
    assert check(".index", "params", params) == 'index must start with "kibana-alert-history-"'
    params["indexOverride"] = "kibana-alert-history-x"
    assert check(".index", "params", params) is None


def test_pagerduty_rules() -> None:
    """.pagerduty: the default events URL must be allowed; timestamps and dedup keys."""
    assert check(".pagerduty", "config", {}, ONLY_EXAMPLE) == (
        "error configuring pagerduty action: target url "
        f'"https://events.pagerduty.com/v2/enqueue" {NOT_ADDED}'
    )
    assert check(".pagerduty", "params", {"timestamp": "yesterday-ish"}) == (
        'error parsing timestamp "yesterday-ish"'
    )
    assert check(".pagerduty", "params", {"eventAction": "resolve"}) == (
        'DedupKey is required when eventAction is "resolve"'
    )
    assert check(".pagerduty", "params", {"eventAction": "resolve", "dedupKey": "k"}) is None


@pytest.mark.parametrize("type_id", [".slack", ".teams"])
def test_webhook_url_secrets(type_id: str) -> None:
    """.slack and .teams: webhookUrl must parse and be allowed as a whole URL."""
    kind = type_id.lstrip(".")
    assert check(type_id, "secrets", {"webhookUrl": "fee-fi-fo-fum"}) == (
        f"error configuring {kind} action: unable to parse host name from webhookUrl"
    )
    url = "http://slack.mynonexistent.com/other/stuff/in/the/path"
    assert check(type_id, "secrets", {"webhookUrl": url}, ONLY_EXAMPLE) == (
        f'error configuring {kind} action: target url "{url}" {NOT_ADDED}'
    )


def test_slack_api_rules() -> None:
    """.slack_api: slack.com/api must be allowed; a Block Kit text needs "blocks"."""
    assert check(".slack_api", "secrets", {"token": "t"}, ONLY_EXAMPLE) == (
        f'error configuring slack action: target url "https://slack.com/api/" {NOT_ADDED}'
    )
    params = {"subAction": "postBlockkit", "subActionParams": {"text": "{}"}}
    assert check(".slack_api", "params", params) == 'block kit body must contain field "blocks"'


def test_webhook_config_rules() -> None:
    """.webhook config: URL parse, allow-list and authType without hasAuth."""
    prefix = "error validation webhook action config: "
    assert check(".webhook", "config", {"url": "nope"}) == (
        prefix + "unable to parse url: TypeError [ERR_INVALID_URL]: Invalid URL"
    )
    assert check(".webhook", "config", {"url": "https://other.org/x"}, ONLY_EXAMPLE) == (
        prefix + f'target url "https://other.org/x" {NOT_ADDED}'
    )
    config = {
        "url": "https://example.com",
        "hasAuth": False,
        "authType": "webhook-authentication-basic",
    }
    assert check(".webhook", "config", config) == (
        prefix + "authType must be null or undefined if hasAuth is false"
    )


@pytest.mark.parametrize(
    ("version", "secrets", "expected"),
    [
        ("8.19.0", {"user": "u"},
         "must specify one of the following schemas: user and password; crt and key (with "
         "optional password); or pfx (with optional password)"),
        ("8.19.0", {"clientSecret": "s"},
         "must specify one of the following schemas: user and password; crt and key (with "
         "optional password); or pfx (with optional password)"),
        ("9.2.0", {"user": "u"},
         "must specify one of the following schemas: user and password; crt and key (with "
         "optional password); pfx (with optional password); or OAuth2 client secret"),
        ("9.2.0", {"clientSecret": "s"}, None),
        ("9.3.0", {"user": "u", "pfx": "p"},
         "must specify one of the following schemas: user and password; crt and key (with "
         "optional password); pfx (with optional password); or clientSecret (for OAuth2)"),
        ("9.4.0", {"crt": "c", "key": "k", "password": "p"}, None),
        ("9.4.0", {}, None),
    ],
)  # fmt: skip
def test_webhook_secrets_rule_per_release(
    version: str, secrets: dict[str, Any], expected: str | None
) -> None:
    """.webhook secrets: the allowed sets and the rule's wording of each release line."""
    assert check(".webhook", "secrets", secrets, actions(version)) == expected


def test_cases_webhook_url_and_connector_rules() -> None:
    """.cases-webhook: every URL must be allowed; hasAuth needs some secret."""
    url = "http://casesWebhook.mynonexistent.com"
    config = {
        "createIncidentUrl": url,
        "createIncidentJson": "{}",
        "createIncidentResponseKey": "id",
        "getIncidentUrl": f"{url}/{{{{{{external.system.id}}}}}}",
        "getIncidentResponseExternalTitleKey": "key",
        "viewIncidentUrl": f"{url}/view",
        "updateIncidentUrl": f"{url}/update",
        "updateIncidentJson": "{}",
    }
    assert check(".cases-webhook", "config", config, ONLY_EXAMPLE) == (
        f'error configuring cases webhook action: target url "{url}" {NOT_ADDED}'
    )
    assert cases_webhook.check_connector({"hasAuth": True}, {"user": None}) == (
        "must specify a secrets configuration"
    )


def test_xmatters_rules() -> None:
    """.xmatters: config allow-list, the secrets combinations and validate.connector."""
    url = "https://events.xmatters.com/v2/enqueue"
    assert check(".xmatters", "config", {"configUrl": url}, ONLY_EXAMPLE) == (
        f'Error configuring xMatters action: target url "{url}" {NOT_ADDED}'
    )
    assert check(".xmatters", "secrets", {}) == (
        "Provide either secretsUrl link or user/password to authenticate"
    )
    assert check(".xmatters", "secrets", {"secretsUrl": url, "user": "u"}) == (
        "Cannot use user/password for URL authentication. Provide valid secretsUrl or use "
        "Basic Authentication."
    )
    assert check(".xmatters", "secrets", {"secretsUrl": "nope"}) == (
        "Invalid secretsUrl: TypeError [ERR_INVALID_URL]: Invalid URL"
    )
    assert check(".xmatters", "secrets", {"user": "u"}) == (
        "Both user and password must be specified."
    )
    secrets = {"user": None, "password": None, "secretsUrl": url}
    assert xmatters.check_connector({"usesBasic": True, "configUrl": None}, secrets) == (
        "secretsUrl should not be provided when usesBasic is true"
    )


def test_servicenow_rules() -> None:
    """.servicenow: the allow-list, OAuth fields, credential pairs and validate.connector."""
    config = {"apiUrl": "https://sn.other.org"}
    assert check(".servicenow", "config", config, ONLY_EXAMPLE) == (
        f'error configuring connector action: target url "https://sn.other.org" {NOT_ADDED}'
    )
    config = {"apiUrl": "https://example.com", "isOAuth": True, "userIdentifierValue": "u"}
    assert check(".servicenow-sir", "config", config) == (
        "clientId must be provided when isOAuth = true"
    )
    assert check(".servicenow-itom", "secrets", {}) == (
        "Either basic auth or OAuth credentials must be specified"
    )
    assert check(".servicenow", "secrets", {"username": "u"}) == (
        "username and password must both be specified"
    )
    assert check(".servicenow", "secrets", {"clientSecret": "s"}) == (
        "clientSecret and privateKey must both be specified"
    )
    assert _servicenow.check_connector({"isOAuth": False}, {"username": "u", "password": None}) == (
        "password must be provided when isOAuth = false"
    )


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("9.2.0", "A maximum of 20 otherFields can be defined at a time."),
        ("9.3.0", "A maximum of 20 fields in otherFields can be defined at a time."),
    ],
)
def test_jira_rules(version: str, expected: str) -> None:
    """.jira: labels without spaces, at most 20 otherFields (wording per release)."""
    incident: dict[str, Any] = {"summary": "s", "labels": ["a b"]}
    params = {"subAction": "pushToService", "subActionParams": {"incident": incident}}
    assert check(".jira", "params", params) == "The label a b cannot contain spaces"
    incident["labels"] = ["ab"]
    incident["otherFields"] = {f"f{n}": n for n in range(21)}
    assert check(".jira", "params", params, actions(version)) == expected
    config = {"apiUrl": "https://jira.other.org", "projectKey": "P"}
    assert check(".jira", "config", config, ONLY_EXAMPLE) == (
        f'error configuring connector action: target url "https://jira.other.org" {NOT_ADDED}'
    )


def test_torq_rules() -> None:
    """.torq: the URL must parse, be allowed and point at Torq's hooks host."""
    prefix = "error configuring send to Torq action: "
    assert check(".torq", "config", {"webhookIntegrationUrl": "nope"}) == (
        prefix + "unable to parse url: TypeError [ERR_INVALID_URL]: Invalid URL"
    )
    url = "https://hooks.torq.io/v1/x"
    assert check(".torq", "config", {"webhookIntegrationUrl": url}, ONLY_EXAMPLE) == (
        prefix + f'target url "{url}" {NOT_ADDED}'
    )
    assert check(".torq", "config", {"webhookIntegrationUrl": "https://example.com"}) == (
        prefix + "url must begin with https://hooks.torq.io or https://hooks.eu.torq.io"
    )
    assert check(".torq", "config", {"webhookIntegrationUrl": "http://localhost:9/x"}) is None


@pytest.mark.parametrize(
    ("type_id", "config", "url"),
    [
        (".tines", {"url": "https://t.other.org"}, "https://t.other.org"),
        (".opsgenie", {"apiUrl": "https://o.other.org"}, "https://o.other.org"),
        (
            ".microsoft_defender_endpoint",
            {
                "clientId": "c",
                "tenantId": "t",
                "oAuthServerUrl": "https://login.other.org",
                "oAuthScope": "s",
                "apiUrl": "https://api.other.org",
            },
            "https://login.other.org",
        ),
    ],
)
def test_framework_url_allow_list(type_id: str, config: dict[str, Any], url: str) -> None:
    """Sub-action framework types word a refused URL 'error validating url: ...'."""
    assert check(type_id, "config", config, ONLY_EXAMPLE) == (
        f'error validating url: target url "{url}" {NOT_ADDED}'
    )


def test_inference_task_type() -> None:
    """.inference refuses a task type it has no sub-action for."""
    config = {"provider": "openai", "taskType": "translate", "inferenceId": "i"}
    assert check(".inference", "config", config) == (
        "Error configuring Inference API action: Error: Task type is not supported: translate "
        "by Inference Endpoint."
    )
    config["taskType"] = "chat_completion"
    assert check(".inference", "config", config) is None
