"""`.server-log` (Kibana 7.7/7.8 server_log.js): logs 'Server log: <message>' at a level."""

from __future__ import annotations

import logging
import re
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec

server_log = logging.getLogger("fakekibana.server_log")

_LEVELS = {
    "trace": logging.DEBUG,
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "fatal": logging.CRITICAL,
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def server_log_executor(run: Execution) -> dict[str, Any]:
    """Logs 'Server log: <message>' at the level asked for."""
    if run.fault == "error":
        # server_log.js orders this result status, message, serviceMessage, actionId.
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.SERVER_LOG_ERROR,
                "serviceMessage": "simulated logger failure",
                "actionId": run.action_id,
            }
        )
    text = _CONTROL.sub(" ", run.params["message"])
    server_log.log(_LEVELS[run.params["level"]], "Server log: %s", text)
    return {"status": "ok", "actionId": run.action_id}


TYPE = TypeSpec(".server-log", "Server log", "basic", server_log_executor, position=40)
