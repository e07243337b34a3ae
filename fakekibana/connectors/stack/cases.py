"""`.cases` (Kibana 8.19/9.x system type): the cases plugin's system action, minimal here.

A system type: never listed, never created or executed through the public API (reference
§2.4, §4). Registered by the cases plugin (x-pack/platform/plugins/shared/cases/server/
connectors/cases/index.ts, find_string hits; rows), sub-action run; its executor answers
{status: 'ok', data: {}} here. Feature ids: 8.19's [uptime, alerting] (9.3 adds siem, which no
gate expresses; system types are never listed). Its "error" fault throws fakekibana's own
text (the cases connector's failures were not read).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec


def cases_executor(run: Execution) -> dict[str, Any]:
    """Accepts the run; the case work itself is not simulated."""
    if run.fault is not None:
        msg = "fakekibana: the cases system action failed (fault mode)"
        raise RuntimeError(msg)
    return {"status": "ok", "data": {}, "actionId": run.action_id}


TYPE = TypeSpec(
    ".cases",
    "Cases",
    "platinum",
    cases_executor,
    feature_ids=("uptime", "alerting"),
    schema_root="stack_connectors",
    position=300,
    is_system=True,
    sub_actions=("run",),
)
