"""`.slack` (Kibana 7.7/7.8 slack.js): the webhook URL's host rule, and Slack's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig, url_hostname
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec


def _check_slack_secrets(secrets: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    hostname = url_hostname(secrets["webhookUrl"])
    if hostname is None:
        return messages.configuring("slack", messages.SLACK_UNPARSABLE_URL)
    if not actions.is_whitelisted_hostname(hostname):
        return messages.configuring("slack", messages.hostname_not_whitelisted(hostname))
    return None


def slack_executor(run: Execution) -> dict[str, Any]:
    """Answers as Slack's incoming webhook: {text: 'ok'}."""
    # slack.js orders its error results status, message[, retry], actionId (types §3.5).
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.SLACK_RETRY_LATER,
                "retry": True,
                "actionId": run.action_id,
            }
        )
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.slack_unexpected_http(400, "Bad Request"),
                "actionId": run.action_id,
            }
        )
    return {"status": "ok", "data": {"text": "ok"}, "actionId": run.action_id}


TYPE = TypeSpec(
    ".slack",
    "Slack",
    "gold",
    slack_executor,
    None,
    _check_slack_secrets,
    fault_modes=("error", "retry"),
    position=60,
)
