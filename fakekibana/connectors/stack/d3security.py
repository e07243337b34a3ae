"""`.d3security` (D3 Security, Kibana 8.19/9.x): events posted to a simulated D3 SOAR.

CS/d3security @ 0fc569ed (rows): run / test answer {refid: <D3 reference id>} (a 20-character
token here). The "error" fault: 'Status code: 400. Message: API Error: 400 - Bad Request'
(D3SecurityConnector.getResponseErrorMessage, find_string hit).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor


def _run(run: Execution, _: dict[str, Any]) -> Any:
    return {"refid": run.token(20)}


TYPE = TypeSpec(
    ".d3security",
    "D3 Security",
    "gold",
    subaction_executor(
        "d3security",
        {"run": SubAction(_run), "test": SubAction(_run)},
        api_error("API Error: 400 - Bad Request"),
    ),
    framework_url("url"),
    feature_ids=("alerting", "siem", "workflows", "agentBuilder"),
    schema_root="stack_connectors",
    position=220,
    sub_actions=("run", "test"),
)
