"""`.torq` (Kibana 8.19/9.x): a Torq webhook integration; answers with the body it posted.

SC/torq/index.ts @ 0fd28cf7: the URL must parse, pass the allow-list, and be on
hooks.torq.io / hooks.eu.torq.io (or localhost); the body must be JSON ('error triggering
Torq workflow, invalid body', serviceMessage = JSON.parse's message); a non-2xx answer is
'... invalid response', a 5xx '... retry later' (retry: true), serviceMessage
'[<status>] <statusText>'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig, url_hostname
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.stack import _jsjson, messages

_KIND = "send to Torq"
_TORQ_HOSTS = frozenset({"hooks.torq.io", "hooks.eu.torq.io", "localhost"})


def _check_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    url = config["webhookIntegrationUrl"]
    hostname = url_hostname(url)
    if hostname is None:
        return messages.configuring(_KIND, messages.unable_to_parse_url(messages.NODE_INVALID_URL))
    if not actions.is_whitelisted_uri(url):
        return messages.configuring(_KIND, messages.uri_not_allowed(url))
    if hostname not in _TORQ_HOSTS:
        return messages.configuring(_KIND, messages.TORQ_HOST)
    return None


def _error(run: Execution, message: str, service_message: str) -> ExecutorError:
    return ExecutorError(
        {
            "status": "error",
            "message": message,
            "actionId": run.action_id,
            "serviceMessage": service_message,
        }
    )


def torq_executor(run: Execution) -> dict[str, Any]:
    """Parses the body, then posts it; Kibana returns the body string it was given."""
    body = run.params["body"]
    try:
        _jsjson.parse(body or "null")
    except _jsjson.JSONParseError as err:
        raise _error(run, messages.TORQ_INVALID_BODY, str(err)) from None
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.TORQ_RETRY_LATER,
                "retry": True,
                "actionId": run.action_id,
                "serviceMessage": "[500] Internal Server Error",
            }
        )
    if run.fault == "error":
        raise _error(run, messages.TORQ_INVALID_RESPONSE, "[400] Bad Request")
    return {"status": "ok", "data": body, "actionId": run.action_id}


TYPE = TypeSpec(
    ".torq",
    "Torq",
    "gold",
    torq_executor,
    _check_config,
    fault_modes=("error", "retry"),
    feature_ids=("alerting", "uptime", "siem"),
    schema_root="stack_connectors",
    position=160,
    # No kbn-connector-schemas/torq: its config-schema validators stay (SC/torq/index.ts).
    connector_schemas=False,
)
