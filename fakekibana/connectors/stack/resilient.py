"""`.resilient` (IBM Resilient, Kibana 8.19/9.x): incidents in a simulated IBM QRadar SOAR.

SC/resilient/index.ts @ 1d137a13 and resilient.ts @ 04f88c55 (rows): a sub-action framework
type; pushToService answers {id, title: <id>, pushedDate, url: <apiUrl>/#incidents/<id>}
(+ comments); incidentTypes and severity [{id, name}]; getFields the incident fields
[{name, input_type, read_only, required, text, prefix, values}]. Failures: '[Action][IBM
Resilient]: Unable to create incident. Error: Status code: 400. Message: <...>.' (the
service's wrapping of the request error; wording UNCONFIRMED).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._incidents import IncidentSystem, defined, trimmed
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor

RESILIENT = IncidentSystem(
    "IBM Resilient",
    ("id", "title", "pushedDate", "url"),
    lambda _, number: (str(number), str(number)),
    lambda run, record_id, _: f"{trimmed(run.config['apiUrl'])}/#incidents/{record_id}",
    wording=lambda what, error, _: f"{what}. Error: {error}.",
    call_error=lambda status: messages.sub_action_request_failed(status or 500, "Bad Request"),
)
INCIDENT_TYPES = [{"id": "17", "name": "Malware"}, {"id": "21", "name": "Denial of Service"}]
SEVERITY = [{"id": "4", "name": "Low"}, {"id": "5", "name": "Medium"}, {"id": "6", "name": "High"}]
FIELDS = [
    {
        "name": "name",
        "input_type": "text",
        "read_only": False,
        "required": "always",
        "text": "Name",
        "prefix": None,
        "values": [],
    },
    {
        "name": "description",
        "input_type": "textarea",
        "read_only": False,
        "required": None,
        "text": "Description",
        "prefix": None,
        "values": [],
    },
]


def _push(run: Execution, params: dict[str, Any]) -> Any:
    incident = dict(params["incident"])
    external_id = incident.pop("externalId")
    return RESILIENT.push(run, external_id, defined(incident), params.get("comments"))


def _listing(rows: list[dict[str, Any]], what: str) -> SubAction:
    def handle(run: Execution, _: dict[str, Any]) -> Any:
        RESILIENT.fault(run, what)
        return [dict(row) for row in rows]

    return SubAction(handle)


TYPE = TypeSpec(
    ".resilient",
    "IBM Resilient",
    "platinum",
    subaction_executor(
        "resilient",
        {
            "pushToService": SubAction(_push),
            "incidentTypes": _listing(INCIDENT_TYPES, "Unable to get incident types"),
            "severity": _listing(SEVERITY, "Unable to get severity"),
            "getFields": _listing(FIELDS, "Unable to get fields"),
        },
    ),
    framework_url("apiUrl"),
    feature_ids=("alerting", "cases", "siem"),
    schema_root="stack_connectors",
    position=230,
    sub_actions=("pushToService", "incidentTypes", "severity", "getFields"),
)
