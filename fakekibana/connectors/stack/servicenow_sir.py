"""`.servicenow-sir` (ServiceNow SecOps, Kibana 8.19/9.x): security incidents (sn_si_incident).

Registration SC/servicenow_sir/index.ts @ 01ad79c3 (rows); sub-actions getFields,
pushToService, getChoices, getIncident; comments go to work_notes (the SIR commentFieldKey).
"""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.stack import _servicenow as sn

SIR = sn.system("sn_si_incident", "SIR")

TYPE = TypeSpec(
    ".servicenow-sir",
    "ServiceNow SecOps",
    "platinum",
    sn.executor(
        "servicenow-sir",
        {
            "getFields": sn.fields_handler(SIR),
            "pushToService": sn.push_handler(SIR, "work_notes"),
            "getChoices": sn.choices_handler(SIR),
            "getIncident": sn.get_incident_handler(SIR),
            "handshake": sn.not_implemented("handshake"),
        },
    ),
    sn.check_config,
    sn.check_secrets,
    fault_modes=("error", "down"),
    feature_ids=("alerting", "cases", "siem", "workflows"),
    schema_root="stack_connectors",
    position=120,
    sub_actions=("getFields", "pushToService", "getChoices", "getIncident"),
    check_connector=sn.check_connector,
)
