"""`.crowdstrike` (CrowdStrike, Kibana 8.19/9.x): an EDR type answering from a fake Falcon API.

CS/crowdstrike @ 55ad5fd8 (rows). Falcon bodies: hostActions {resources: [{id, path:
'/devices/entities/devices-actions/v2'}], meta: {query_time: 0.1, powered_by: 'device-api',
trace_id}, errors: []}; getAgentDetails {resources: [{device_id, hostname}], ...};
getAgentOnlineStatus {resources: [{id, state: 'online'}], ...}; the RTR sub-actions {}.
The "error" fault: 'Status code: 400. Message: API Error: Bad Request'
(getResponseErrorMessage, find_string hit).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor

SUB_ACTIONS = (
    "getAgentDetails",
    "hostActions",
    "getAgentOnlineStatus",
    "executeRTRCommand",
    "batchActiveResponderExecuteRTR",
    "batchAdminExecuteRTR",
    "getRTRCloudScripts",
)


def _falcon(run: Execution, resources: list[dict[str, Any]]) -> dict[str, Any]:
    meta = {"query_time": 0.1, "powered_by": "device-api", "trace_id": run.new_id()}
    return {"resources": resources, "meta": meta, "errors": []}


def _host_actions(run: Execution, params: dict[str, Any]) -> Any:
    path = "/devices/entities/devices-actions/v2"
    return _falcon(run, [{"id": device, "path": path} for device in params["ids"]])


def _details(run: Execution, params: dict[str, Any]) -> Any:
    return _falcon(run, [{"device_id": d, "hostname": f"host-{d}"} for d in params["ids"]])


def _online(run: Execution, params: dict[str, Any]) -> Any:
    return _falcon(run, [{"id": device, "state": "online"} for device in params["ids"]])


TYPE = TypeSpec(
    ".crowdstrike",
    "CrowdStrike",
    "enterprise",
    subaction_executor(
        "crowdstrike",
        {
            "getAgentDetails": SubAction(_details),
            "hostActions": SubAction(_host_actions),
            "getAgentOnlineStatus": SubAction(_online),
            **{name: SubAction(lambda _, __: None) for name in SUB_ACTIONS[3:]},
        },
        api_error("API Error: Bad Request"),
    ),
    framework_url("url"),
    feature_ids=("endpointSecurity",),
    schema_root="stack_connectors",
    position=270,
    sub_feature="endpointSecurity",
    sub_actions=SUB_ACTIONS,
)
