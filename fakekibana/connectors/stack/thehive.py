"""`.thehive` (TheHive, Kibana 8.19/9.x): cases and alerts in a simulated TheHive 5.

CS/thehive @ 174aa4cd (rows): pushToService answers {id: <_id, '~<n>'>, title: <case number>,
url: <url>/cases/<id>/details, pushedDate} (+ comments); createAlert answers {}. The "error"
fault is the request error as the framework words it, 'Status code: 400. Message: API Error:
BadRequest - Invalid request' (TheHive's getResponseErrorMessage reading UNCONFIRMED).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._incidents import IncidentSystem, defined, trimmed
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor

_BAD_REQUEST = "API Error: BadRequest - Invalid request"

THEHIVE = IncidentSystem(
    "TheHive",
    ("id", "title", "url", "pushedDate"),
    lambda _, number: (f"~{172000 + number}", str(number)),
    lambda run, record_id, _: f"{trimmed(run.config['url'])}/cases/{record_id}/details",
    call_error=lambda status: messages.sub_action_request_failed(status or 500, _BAD_REQUEST),
    bare=True,
    kind="case",
)


def _push(run: Execution, params: dict[str, Any]) -> Any:
    incident = dict(params["incident"])
    external_id = incident.pop("externalId")
    return THEHIVE.push(run, external_id, defined(incident), params.get("comments"))


def _create_alert(run: Execution, _: dict[str, Any]) -> Any:
    THEHIVE.fault(run, "Unable to create alert")
    return None


TYPE = TypeSpec(
    ".thehive",
    "TheHive",
    "platinum",
    subaction_executor(
        "thehive",
        {"pushToService": SubAction(_push), "createAlert": SubAction(_create_alert)},
    ),
    framework_url("url"),
    feature_ids=("alerting", "siem", "uptime", "cases", "workflows"),
    schema_root="stack_connectors",
    position=240,
    sub_actions=("pushToService", "createAlert"),
)
