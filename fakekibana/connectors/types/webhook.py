"""`.webhook` (Kibana 7.7/7.8 webhook.js): URL and user/password rules, and 2xx answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.types._common import whitelisted_url


def _check_webhook_secrets(secrets: Mapping[str, Any], _: ActionsConfig) -> str | None:
    if bool(secrets["user"]) != bool(secrets["password"]):
        return messages.WEBHOOK_USER_PASSWORD
    return None


def webhook_executor(run: Execution) -> dict[str, Any]:
    """A 2xx answer: Kibana returns the body it sent as data (absent when there is none)."""
    # webhook.js orders its error results status, message[, retry], actionId, serviceMessage
    # (types §3.6).
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.WEBHOOK_RETRY_LATER,
                "retry": True,
                "actionId": run.action_id,
                "serviceMessage": "[500] Internal Server Error",
            }
        )
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.WEBHOOK_INVALID_RESPONSE,
                "actionId": run.action_id,
                "serviceMessage": "[400] Bad Request",
            }
        )
    result: dict[str, Any] = {"status": "ok"}
    if "body" in run.params:
        result["data"] = run.params["body"]
    result["actionId"] = run.action_id
    return result


TYPE = TypeSpec(
    ".webhook",
    "Webhook",
    "gold",
    webhook_executor,
    whitelisted_url("webhook", "url"),
    _check_webhook_secrets,
    fault_modes=("error", "retry"),
    position=70,
)
