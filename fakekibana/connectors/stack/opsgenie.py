"""`.opsgenie` (Kibana 8.19/9.x): alerts in a simulated Opsgenie (see _alerts.py).

Registration CS/opsgenie @ 15944329 (reference §8.3); config.apiUrl must pass the
framework's allow-list ('error validating url: ...').
"""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.stack import _alerts
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import subaction_executor

TYPE = TypeSpec(
    ".opsgenie",
    "Opsgenie",
    "platinum",
    subaction_executor("opsgenie", _alerts.SUB_ACTIONS),
    framework_url("apiUrl"),
    feature_ids=("alerting", "uptime", "siem", "workflows", "agentBuilder"),
    schema_root="stack_connectors",
    position=170,
    sub_actions=("createAlert", "closeAlert"),
)
