"""`.observability-ai-assistant` (Kibana 8.19/9.x system type): minimal here.

A system type registered by the observability AI assistant plugin (rule_connector, find_string
hits; rows): never listed, never executed through the public API. Its executor answers
{status: 'ok'}; its "error" fault throws fakekibana's own text.
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec


def assistant_executor(run: Execution) -> dict[str, Any]:
    """Accepts the run; the assistant's conversation is not simulated."""
    if run.fault is not None:
        msg = "fakekibana: the observability AI assistant system action failed (fault mode)"
        raise RuntimeError(msg)
    return {"status": "ok", "actionId": run.action_id}


TYPE = TypeSpec(
    ".observability-ai-assistant",
    "Observability AI Assistant",
    "enterprise",
    assistant_executor,
    feature_ids=("alerting",),
    schema_root="stack_connectors",
    position=310,
    is_system=True,
)
