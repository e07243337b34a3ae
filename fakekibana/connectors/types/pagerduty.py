"""`.pagerduty` (Kibana 7.7/7.8 pagerduty.js): the events API URL rule, timestamps, answers."""

from __future__ import annotations

import datetime
import email.utils
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.types._common import whitelisted_url


def parse_js_date(text: str) -> datetime.datetime | None:
    """JavaScript's Date.parse for the forms clients send: ISO 8601 and RFC 2822."""
    try:
        return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _check_pagerduty_params(params: Mapping[str, Any], _: ActionsConfig) -> str | None:
    timestamp = params.get("timestamp")
    if timestamp is not None and parse_js_date(timestamp) is None:
        return messages.PAGERDUTY_BAD_TIMESTAMP
    return None


def pagerduty_executor(run: Execution) -> dict[str, Any]:
    """PagerDuty's 202 answer for an event."""
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "actionId": run.action_id,
                "message": messages.pagerduty_retry(502),
                "retry": True,
            }
        )
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "actionId": run.action_id,
                "message": messages.pagerduty_unexpected(418),
            }
        )
    dedup_key = run.params.get("dedupKey") or f"action:{run.action_id}"
    data = {"status": "success", "message": "Event processed", "dedup_key": dedup_key}
    return {"status": "ok", "actionId": run.action_id, "data": data}


TYPE = TypeSpec(
    ".pagerduty",
    "PagerDuty",
    "gold",
    pagerduty_executor,
    whitelisted_url("pagerduty", "apiUrl", "https://events.pagerduty.com/v2/enqueue"),
    None,
    _check_pagerduty_params,
    fault_modes=("error", "retry"),
    position=30,
)
