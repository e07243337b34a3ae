"""`.xsoar` (Cortex XSOAR, Kibana 8.19/9.x): playbooks and incidents of a simulated XSOAR.

CS/xsoar @ 74d1c62f and SC/xsoar/index.ts @ 8c1b8aca (rows): getPlaybooks answers
{playbooks: [{id: 'fakekibana-playbook', name: 'fakekibana playbook'}]}, run {}. The "error"
fault: 'Status code: 400. Message: API Error: Bad Request' (the XSOAR connector's
getResponseErrorMessage was not read: UNCONFIRMED).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor


def _playbooks(_: Execution, __: dict[str, Any]) -> Any:
    return {"playbooks": [{"id": "fakekibana-playbook", "name": "fakekibana playbook"}]}


TYPE = TypeSpec(
    ".xsoar",
    "XSOAR",
    "platinum",
    subaction_executor(
        "xsoar",
        {"getPlaybooks": SubAction(_playbooks), "run": SubAction(lambda _, __: None)},
        api_error("API Error: Bad Request"),
    ),
    framework_url("url"),
    feature_ids=("siem",),
    schema_root="stack_connectors",
    position=250,
    sub_actions=("getPlaybooks", "run"),
)
