"""`.microsoft_defender_endpoint` (Kibana 8.19/9.x): an EDR type over a fake Defender API.

CS/microsoft_defender_endpoint @ 731a3af2 (rows). fakekibana answers: getAgentDetails a
machine {id, computerDnsName, healthStatus: 'Active'}; isolateHost / releaseHost / runScript /
cancelAction a machineAction {id, type: 'Isolate' | 'Unisolate' | 'LiveResponse' | 'Cancel',
status: 'Pending', machineId}; the others {}. The "error" fault: 'Status code: 400. Message:
API Error: Bad Request' (its getResponseErrorMessage appends the response body: not reproduced).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor

SUB_ACTIONS = (
    "testConnector",
    "getAgentDetails",
    "getAgentList",
    "isolateHost",
    "releaseHost",
    "getActions",
    "getLibraryFiles",
    "runScript",
    "getActionResults",
    "cancelAction",
)
_ACTION_TYPES = {
    "isolateHost": "Isolate",
    "releaseHost": "Unisolate",
    "runScript": "LiveResponse",
    "cancelAction": "Cancel",
}


def _machine(_: Execution, params: dict[str, Any]) -> Any:
    return {"id": params["id"], "computerDnsName": f"host-{params['id']}", "healthStatus": "Active"}


def _machine_action(name: str) -> SubAction:
    def handle(run: Execution, params: dict[str, Any]) -> Any:
        machine = params.get("id", params.get("actionId"))
        return {
            "id": run.new_id(),
            "type": _ACTION_TYPES[name],
            "status": "Pending",
            "machineId": machine,
        }

    return SubAction(handle)


TYPE = TypeSpec(
    ".microsoft_defender_endpoint",
    "Microsoft Defender for Endpoint",
    "enterprise",
    subaction_executor(
        "microsoft_defender_endpoint",
        {
            **{name: SubAction(lambda _, __: None) for name in SUB_ACTIONS},
            "getAgentDetails": SubAction(_machine),
            **{name: _machine_action(name) for name in _ACTION_TYPES},
        },
        api_error("API Error: Bad Request"),
    ),
    framework_url("oAuthServerUrl", "apiUrl"),
    feature_ids=("endpointSecurity",),
    schema_root="stack_connectors",
    position=290,
    sub_feature="endpointSecurity",
    sub_actions=SUB_ACTIONS,
)
