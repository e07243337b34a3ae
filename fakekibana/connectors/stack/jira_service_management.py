"""`.jira-service-management` (Kibana 9.2+): alerts in a simulated JSM Operations (see _alerts).

SC/jira-service-management/index.ts @ 027ff216 (rows); registered right after .opsgenie
(registerConnectorTypes, find_string hit of the newest connector_types/index.ts), absent from
8.19-9.1 (gate connectors.type..jira-service-management). JSM's error wording is taken to be
Opsgenie's (the connector derives from it; UNCONFIRMED).
"""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.stack import _alerts
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import subaction_executor

TYPE = TypeSpec(
    ".jira-service-management",
    "Jira Service Management",
    "platinum",
    subaction_executor("jira-service-management", _alerts.SUB_ACTIONS),
    framework_url("apiUrl"),
    feature_ids=("alerting", "uptime", "siem", "workflows", "agentBuilder"),
    schema_root="stack_connectors",
    position=175,
    gate="connectors.type..jira-service-management",
    sub_actions=("createAlert", "closeAlert"),
)
