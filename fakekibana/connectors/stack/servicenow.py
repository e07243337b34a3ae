"""`.servicenow` (ServiceNow ITSM, Kibana 8.19/9.x): incidents in a simulated instance.

Registration SC/servicenow_itsm/index.ts @ 12071a2d (reference §8.2); 9.x sub-actions
getFields, pushToService, getChoices, getIncident, closeIncident (handshake is in the params
schema but not supported: '[Action][ExternalService] subAction handshake not implemented.').
closeIncident follows lib/servicenow/service.ts @ 437def57: by externalId or else by
correlation_id; nothing found -> data {}; already closed (state '7') -> its push result;
otherwise state 7 'Closed/Resolved by Caller'.
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _servicenow as sn
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._subaction import SubAction

ITSM = sn.system("incident", "INC")


def _close_incident(run: Execution, params: dict[str, Any]) -> Any:
    incident = params["incident"]
    external_id, correlation_id = incident.get("externalId"), incident.get("correlation_id")
    ITSM.fault(run, "Unable to close incident")
    if external_id is None and correlation_id is None:
        inner = messages.incident_error(
            "Unable to close incident",
            "No correlationId or incidentId found.",
            messages.SERVICENOW_NO_ERROR_BODY,
        )
        raise RuntimeError(messages.action_error(sn.SERVICE, inner))
    records = run.store.records(run.action_id)
    if external_id:
        record = records.get(external_id)
    else:
        # ORDERBYDESCsys_created_on^correlation_id=<id>: the newest match.
        matches = [
            r for r in records.values() if r["fields"].get("correlation_id") == correlation_id
        ]
        record = matches[-1] if matches else None
    if record is None:
        return None
    if record["fields"].get("state") != "7":
        record["fields"].update(
            {
                "state": "7",
                "close_code": "Closed/Resolved by Caller",
                "close_notes": "Closed by Caller",
            }
        )
        record["updated"] = run.now_iso()
    return ITSM.result(run, record, sn.updated_pushed(record))


TYPE = TypeSpec(
    ".servicenow",
    "ServiceNow ITSM",
    "platinum",
    sn.executor(
        "servicenow",
        {
            "getFields": sn.fields_handler(ITSM),
            "pushToService": sn.push_handler(ITSM, "comments"),
            "getChoices": sn.choices_handler(ITSM),
            "getIncident": sn.get_incident_handler(ITSM),
            "closeIncident": SubAction(_close_incident),
            "handshake": sn.not_implemented("handshake"),
        },
    ),
    sn.check_config,
    sn.check_secrets,
    fault_modes=("error", "down"),
    feature_ids=("alerting", "cases", "uptime", "siem", "workflows"),
    schema_root="stack_connectors",
    position=110,
    sub_actions=("getFields", "pushToService", "getChoices", "getIncident", "closeIncident"),
    check_connector=sn.check_connector,
)
