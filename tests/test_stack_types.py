"""The 8.19/9.x stack connector registry: rows per release, schema folders, schema round trips."""

from __future__ import annotations

import pkgutil
from typing import Any

import pytest

from fakekibana.connectors import stack
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import ConnectorType, TypeSpec
from fakekibana.connectors.stack import load_specs
from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.versions import GATES, KibanaVersion

SCHEMAS = SchemaSet(schema_dir())
AUS = ("alerting", "uptime", "siem")
GENAI = (
    "generativeAIForSecurity",
    "generativeAIForObservability",
    "generativeAIForSearchPlayground",
)
GENAI_SPO = (
    "generativeAIForSecurity",
    "generativeAIForSearchPlayground",
    "generativeAIForObservability",
)
ITSM = ("alerting", "cases", "uptime", "siem", "workflows")
SIR = ("alerting", "cases", "siem", "workflows")
JSM = ".jira-service-management"
MDE = ".microsoft_defender_endpoint"

# Kibana 9.4's registry (registerConnectorTypes order, then the system types): id, name,
# minimum licence, every supported feature id (the later ones included).
REGISTRY_9_4: list[tuple[str, str, str, tuple[str, ...]]] = [
    (".email", "Email", "gold", (*AUS, "workflows", "agentBuilder")),
    (".index", "Index", "basic", AUS),
    (".pagerduty", "PagerDuty", "gold", (*AUS, "workflows")),
    (".swimlane", "Swimlane", "gold", ("alerting", "cases", "siem", "workflows")),
    (".server-log", "Server log", "basic", AUS),
    (".slack", "Slack", "gold", AUS),
    (".slack_api", "Slack API", "gold", ("uptime", "alerting", "siem")),
    (".webhook", "Webhook", "gold", AUS),
    (".cases-webhook", "Webhook - Case Management", "gold", ("cases",)),
    (".xmatters", "xMatters", "gold", ("alerting", "siem")),
    (".servicenow", "ServiceNow ITSM", "platinum", ITSM),
    (".servicenow-sir", "ServiceNow SecOps", "platinum", SIR),
    (".servicenow-itom", "ServiceNow ITOM", "platinum", ("alerting", "siem", "workflows")),
    (".jira", "Jira", "gold", ("alerting", "cases", "uptime", "siem")),
    (".teams", "Microsoft Teams", "gold", (*AUS, "workflows", "agentBuilder")),
    (".torq", "Torq", "gold", AUS),
    (".opsgenie", "Opsgenie", "platinum", (*AUS, "workflows", "agentBuilder")),
    (JSM, "Jira Service Management", "platinum", (*AUS, "workflows", "agentBuilder")),
    (".tines", "Tines", "gold", ("siem",)),
    (".gen-ai", "OpenAI", "enterprise", GENAI),
    (".bedrock", "Amazon Bedrock", "enterprise", (*GENAI, "workflows")),
    (".gemini", "Google Gemini", "enterprise", (*GENAI_SPO, "workflows")),
    (".d3security", "D3 Security", "gold", ("alerting", "siem", "workflows", "agentBuilder")),
    (".resilient", "IBM Resilient", "platinum", ("alerting", "cases", "siem")),
    (".thehive", "TheHive", "platinum", ("alerting", "siem", "uptime", "cases", "workflows")),
    (".xsoar", "XSOAR", "platinum", ("siem",)),
    (".sentinelone", "Sentinel One", "enterprise", ("endpointSecurity",)),
    (".crowdstrike", "CrowdStrike", "enterprise", ("endpointSecurity",)),
    (".inference", "AI Connector", "enterprise", GENAI_SPO),
    (MDE, "Microsoft Defender for Endpoint", "enterprise", ("endpointSecurity",)),
    (".cases", "Cases", "platinum", ("uptime", "alerting")),
    (".observability-ai-assistant", "Observability AI Assistant", "enterprise", ("alerting",)),
]  # fmt: skip


def listed_features(spec: TypeSpec, version: KibanaVersion) -> tuple[str, ...]:
    """The feature ids a release lists: a later id only where its gate holds."""
    return tuple(
        feature
        for feature in spec.feature_ids
        if f"connectors.feature.{feature}" not in GATES
        or version.has(f"connectors.feature.{feature}")
    )


def rows(version: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(id, name, licence, listed feature ids) of every type the release registers."""
    release = KibanaVersion(version)
    return [
        (spec.id, spec.name, spec.minimum_license, listed_features(spec, release))
        for spec in load_specs(release)
    ]


def without(features: tuple[str, ...], *dropped: str) -> tuple[str, ...]:
    """The feature ids less some."""
    return tuple(feature for feature in features if feature not in dropped)


def test_registry_9_4_lists_every_type_in_registration_order() -> None:
    """Kibana 9.4 registers all 32 types in registerConnectorTypes order, system types last."""
    assert rows("9.4.0") == REGISTRY_9_4


def test_registry_9_2_has_jsm_but_no_later_feature_ids() -> None:
    """9.2 registers .jira-service-management and lists neither workflows nor agentBuilder."""
    expected = [
        (type_id, name, licence, without(features, "workflows", "agentBuilder"))
        for type_id, name, licence, features in REGISTRY_9_4
    ]
    assert rows("9.2.0") == expected


def test_registry_8_19_lacks_jsm() -> None:
    """8.19 registers every type but .jira-service-management, without the later feature ids."""
    expected = [
        (type_id, name, licence, without(features, "workflows", "agentBuilder"))
        for type_id, name, licence, features in REGISTRY_9_4
        if type_id != ".jira-service-management"
    ]
    assert rows("8.19.0") == expected


def test_registry_9_3_lists_workflows_but_not_agent_builder() -> None:
    """9.3 lists the workflows feature id and not yet agentBuilder."""
    teams = next(row for row in rows("9.3.0") if row[0] == ".teams")
    assert teams == (".teams", "Microsoft Teams", "gold", (*AUS, "workflows"))


def test_system_types_and_sub_features() -> None:
    """Only .cases and the AI assistant are system types; the EDR types have a sub_feature."""
    specs = load_specs(KibanaVersion("9.4.0"))
    assert [spec.id for spec in specs if spec.is_system] == [
        ".cases",
        ".observability-ai-assistant",
    ]
    assert [(spec.id, spec.sub_feature) for spec in specs if spec.sub_feature] == [
        (".sentinelone", "endpointSecurity"),
        (".crowdstrike", "endpointSecurity"),
        (".microsoft_defender_endpoint", "endpointSecurity"),
    ]


def test_every_type_has_the_error_fault_mode() -> None:
    """Each type's fault modes start with "error"."""
    specs = load_specs(KibanaVersion("9.4.0"))
    assert {spec.fault_modes[0] for spec in specs} == {"error"}


def test_module_names_follow_type_ids() -> None:
    """Each type module is named after its id without the dot, '-' as '_'."""
    modules = sorted(
        module.name
        for module in pkgutil.iter_modules(stack.__path__)
        if not module.name.startswith("_") and module.name != "messages"
    )
    ids = sorted(
        spec.id.lstrip(".").replace("-", "_") for spec in load_specs(KibanaVersion("9.4.0"))
    )
    assert modules == ids


def test_schema_folders_and_modules_match() -> None:
    """Every non-system type has a schema folder, and every folder belongs to a type."""
    specs = load_specs(KibanaVersion("9.4.0"))
    folders = sorted(
        path.name for path in (schema_dir() / "stack_connectors").iterdir() if path.is_dir()
    )
    assert sorted(spec.schema_dir for spec in specs if not spec.is_system) == folders
    for folder in folders:
        for part in ("config", "secrets", "params"):
            assert (schema_dir() / "stack_connectors" / folder / f"{part}.json").is_file()


ACTIONS = ActionsConfig(["*"], ["*"], KibanaVersion("9.4.0"))
SPECS = {spec.id: spec for spec in load_specs(KibanaVersion("9.4.0"))}

# (type, part, value given, value validated with the schema's defaults)
ROUND_TRIPS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    (".email", "config", {"from": "a@example.com", "host": "smtp.example.com", "port": 25},
     {"service": "other", "host": "smtp.example.com", "port": 25, "secure": None,
      "from": "a@example.com", "hasAuth": True, "tenantId": None, "clientId": None,
      "oauthTokenUrl": None}),
    (".email", "params", {"to": ["b@example.com"], "subject": "s", "message": "m"},
     {"to": ["b@example.com"], "cc": [], "bcc": [], "subject": "s", "message": "m",
      "messageHTML": None, "kibanaFooterLink": {"path": "/", "text": "Go to Elastic"}}),
    (".index", "config", {"index": "logs"},
     {"index": "logs", "refresh": False, "executionTimeField": None}),
    (".server-log", "params", {"message": "m"}, {"message": "m", "level": "info"}),
    (".webhook", "config", {"url": "https://example.com"},
     {"url": "https://example.com", "method": "post", "headers": None, "hasAuth": True}),
    (".webhook", "secrets", {"user": "u", "password": "p"},
     {"user": "u", "password": "p", "crt": None, "key": None, "pfx": None,
      "clientSecret": None, "secretHeaders": None}),
    (".xmatters", "config", {}, {"configUrl": None, "usesBasic": True}),
    (".servicenow", "config", {"apiUrl": "https://sn.example.com"},
     {"apiUrl": "https://sn.example.com", "isOAuth": False, "userIdentifierValue": None,
      "clientId": None, "jwtKeyId": None, "usesTableApi": True}),
    (".servicenow", "params", {"subAction": "getIncident",
                               "subActionParams": {"externalId": "x"}},
     {"subAction": "getIncident", "subActionParams": {"externalId": "x"}}),
    (".opsgenie", "params", {"subAction": "createAlert"},
     {"subAction": "createAlert", "subActionParams": {}}),
    (".pagerduty", "config", {}, {"apiUrl": None}),
]  # fmt: skip


@pytest.mark.parametrize(("type_id", "part", "given", "expected"), ROUND_TRIPS)
def test_schema_round_trip_fills_defaults(
    type_id: str, part: str, given: dict[str, Any], expected: dict[str, Any]
) -> None:
    """A valid value comes back from the type's schema with Kibana's defaults filled in."""
    connector_type = ConnectorType(SPECS[type_id], SCHEMAS)
    validate = {
        "config": connector_type.validate_config,
        "secrets": connector_type.validate_secrets,
        "params": connector_type.validate_params,
    }[part]
    assert validate(given, ACTIONS) == expected
