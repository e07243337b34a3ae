"""`.sentinelone` (SentinelOne, Kibana 8.19/9.x): an EDR type answering from a fake console.

Sub-actions per the rows file (registration behind the sentinelOneConnectorOn flag, on by
default). fakekibana answers getAgents {data: [], pagination: {totalItems: 0, nextCursor:
null}}, isolateHost / releaseHost {data: {affected: 1}}, the others {}. The "error" fault:
'Status code: 400. Message: API Error: Bad Request' (getResponseErrorMessage, find_string hit).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor

SUB_ACTIONS = (
    "executeScript",
    "getAgents",
    "isolateHost",
    "releaseHost",
    "getRemoteScripts",
    "getRemoteScriptStatus",
    "getRemoteScriptResults",
    "downloadRemoteScriptResults",
    "fetchAgentFiles",
    "downloadAgentFile",
    "getActivities",
)


def _answer(name: str) -> SubAction:
    def handle(_: Execution, __: dict[str, Any]) -> Any:
        if name == "getAgents":
            return {"data": [], "pagination": {"totalItems": 0, "nextCursor": None}}
        if name in ("isolateHost", "releaseHost"):
            return {"data": {"affected": 1}}
        return None

    return SubAction(handle)


TYPE = TypeSpec(
    ".sentinelone",
    "Sentinel One",
    "enterprise",
    subaction_executor(
        "sentinelone",
        {name: _answer(name) for name in SUB_ACTIONS},
        api_error("API Error: Bad Request"),
    ),
    framework_url("url"),
    feature_ids=("endpointSecurity",),
    schema_root="stack_connectors",
    position=260,
    sub_feature="endpointSecurity",
    sub_actions=SUB_ACTIONS,
)
