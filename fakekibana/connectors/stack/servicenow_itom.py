"""`.servicenow-itom` (ServiceNow ITOM, Kibana 8.19/9.x): events (addEvent) and getChoices.

Registration SC/servicenow_itom/index.ts @ 01ad79c3 (rows): addEvent answers data {} (the
service returns nothing), getChoices as ITSM. The events are kept as records of the connector.
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _servicenow as sn
from fakekibana.connectors.stack._subaction import SubAction

ITOM = sn.system("em_event", "EVT")


def _add_event(run: Execution, params: dict[str, Any]) -> Any:
    # The failure wording of the ITOM service's addEvent is UNCONFIRMED ('Unable to post event'
    # is fakekibana's reading of lib/servicenow/service_itom).
    ITOM.fault(run, "Unable to post event")
    records = run.store.records(run.action_id)
    event_id = run.token(32, "0123456789abcdef")
    now = run.now_iso()
    records[event_id] = {
        "id": event_id,
        "title": event_id,
        "fields": {key: value for key, value in params.items() if value is not None},
        "created": now,
        "updated": now,
        "comments": [],
    }
    return None


TYPE = TypeSpec(
    ".servicenow-itom",
    "ServiceNow ITOM",
    "platinum",
    sn.executor(
        "servicenow-itom",
        {"addEvent": SubAction(_add_event), "getChoices": sn.choices_handler(ITOM)},
    ),
    sn.check_config,
    sn.check_secrets,
    fault_modes=("error", "down"),
    feature_ids=("alerting", "siem", "workflows"),
    schema_root="stack_connectors",
    position=130,
    sub_actions=("addEvent", "getChoices"),
)
