"""Helpers several 7.x type modules share: the whitelisted-URL check and the error result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import CustomCheck, Execution


def whitelisted_url(kind: str, field: str, default: str | None = None) -> CustomCheck:
    """A config check: the URL in `field` (or the default) is whitelisted (types §1.5)."""

    def check(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
        url = config.get(field) or default
        if url is not None and not actions.is_whitelisted_uri(url):
            return messages.configuring(kind, messages.url_not_whitelisted(url))
        return None

    return check


def error_result(run: Execution, message: str, service_message: str) -> dict[str, Any]:
    """{status, actionId, message, serviceMessage}: the error result of .index and .email."""
    return {
        "status": "error",
        "actionId": run.action_id,
        "message": message,
        "serviceMessage": service_message,
    }
