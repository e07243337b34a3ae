"""`.teams` (Microsoft Teams, Kibana 8.19/9.x): an incoming webhook; answers {text: message}.

SC/teams/index.ts @ 0e1c3c3d: webhookUrl must parse and be allowed; a non-2xx answer is
'error posting to Microsoft Teams, invalid response' with serviceMessage '[<status>]
<statusText>', a 5xx 'error posting a Microsoft Teams message, retry later' (retry: true).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import webhook_url_secret


def teams_executor(run: Execution) -> dict[str, Any]:
    """Posts {text: message}; Kibana returns what it posted."""
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.TEAMS_RETRY_LATER,
                "retry": True,
                "actionId": run.action_id,
            }
        )
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.TEAMS_INVALID_RESPONSE,
                "actionId": run.action_id,
                "serviceMessage": "[400] Bad Request",
            }
        )
    return {"status": "ok", "data": {"text": run.params["message"]}, "actionId": run.action_id}


TYPE = TypeSpec(
    ".teams",
    "Microsoft Teams",
    "gold",
    teams_executor,
    None,
    webhook_url_secret("teams"),
    fault_modes=("error", "retry"),
    feature_ids=("alerting", "uptime", "siem", "workflows", "agentBuilder"),
    schema_root="stack_connectors",
    position=150,
)
