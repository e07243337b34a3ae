"""`.swimlane` (Kibana 8.19/9.x): records in a simulated Swimlane application.

SC/swimlane/service.ts (find_string hits): the push result is {id, title: <record name>, url:
<apiUrl>/record/<appId>/<id>, pushedDate}; failures '[Action][Swimlane]: Unable to create
record in application with id <appId>. Status: <s>. Error: <e>. Reason: <r>' (no body:
'unknown'). Record names are fakekibana's ('<first 3 letters of appId, upper-cased>-<n>').
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import allowed_url
from fakekibana.connectors.stack._incidents import IncidentSystem, defined, trimmed
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor


def _new_record(run: Execution, number: int) -> tuple[str, str]:
    return run.token(17), f"{run.config['appId'][:3].upper()}-{number}"


def _wording(what: str, error: str, reason: str) -> str:
    status = 500 if error == messages.CONNECTION_REFUSED else int(error.rsplit(" ", 1)[1])
    return messages.swimlane_error(what, status, error, reason)


SWIMLANE = IncidentSystem(
    "Swimlane",
    ("id", "title", "url", "pushedDate"),
    _new_record,
    lambda run, record_id, _: (
        f"{trimmed(run.config['apiUrl'])}/record/{run.config['appId']}/{record_id}"
    ),
    wording=_wording,
    bad_request_reason=messages.SWIMLANE_NO_BODY,
    not_found_reason=messages.SWIMLANE_NO_BODY,
    no_body_reason=messages.SWIMLANE_NO_BODY,
    kind="record",
)


def _push(run: Execution, params: dict[str, Any]) -> Any:
    incident = dict(params["incident"])
    external_id = incident.pop("externalId")
    app = run.config["appId"]
    what = f"Unable to create record in application with id {app}"
    return SWIMLANE.push(run, external_id, defined(incident), params["comments"], what)


TYPE = TypeSpec(
    ".swimlane",
    "Swimlane",
    "gold",
    subaction_executor(
        "swimlane",
        {"pushToService": SubAction(_push)},
        validate=False,
        unknown="Swimlane",
    ),
    allowed_url("apiUrl", lambda inner: messages.configuring("connector", inner)),
    fault_modes=("error", "down"),
    feature_ids=("alerting", "cases", "siem", "workflows"),
    schema_root="stack_connectors",
    position=40,
    sub_actions=("pushToService",),
)
