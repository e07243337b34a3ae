"""`.xmatters` (Kibana 8.19/9.x): basic-auth or URL-key authentication, and flow triggers.

SC/xmatters/index.ts @ 05c84297: the config and secrets rules, and the executor: data is the
payload posted ({alertActionGroupName, signalId, ruleName, date, severity (default 'High'),
spaceId, tags}, undefined keys dropped); 429/5xx 'Error triggering xMatters flow: http status
<s>, retry later' (retry: true), other non-2xx '... unexpected status <s>'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig, url_hostname
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.stack import messages

_PAYLOAD = ("alertActionGroupName", "signalId", "ruleName", "date", "severity", "spaceId", "tags")


def _check_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    url = config["configUrl"]
    if config["usesBasic"] and url is not None and url_hostname(url) is None:
        inner = messages.unable_to_parse_url(messages.NODE_INVALID_URL_MESSAGE)
        return messages.XMATTERS_CONFIG_PREFIX + inner
    if url and not actions.is_whitelisted_uri(url):
        return messages.XMATTERS_CONFIG_PREFIX + messages.uri_not_allowed(url)
    return None


def _check_secrets(secrets: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    user, password, url = secrets["user"], secrets["password"], secrets["secretsUrl"]
    if not url and not user and not password:
        return messages.XMATTERS_NO_SECRETS
    if url:
        if user or password:
            return messages.XMATTERS_USER_WITH_URL
        if url_hostname(url) is None:
            return messages.xmatters_invalid_secrets_url(messages.NODE_INVALID_URL)
        if not actions.is_whitelisted_uri(url):
            return messages.uri_not_allowed(url)
        return None
    if not user or not password:
        return messages.XMATTERS_USER_AND_PASSWORD
    return None


def check_connector(config: Mapping[str, Any], secrets: Mapping[str, Any]) -> str | None:
    """validateConnector (config and secrets together); TypeSpec has no hook for it yet."""
    if config["usesBasic"]:
        if secrets["secretsUrl"]:
            return messages.XMATTERS_SECRETS_URL_WITH_BASIC
        if secrets["user"] is None:
            return messages.XMATTERS_MISSING_USER
        if secrets["password"] is None:
            return messages.XMATTERS_MISSING_PASSWORD
        if config["configUrl"] is None:
            return messages.XMATTERS_MISSING_CONFIG_URL
        return None
    if secrets["user"] or secrets["password"]:
        return messages.XMATTERS_USER_WITHOUT_BASIC
    if config["configUrl"]:
        return messages.XMATTERS_CONFIG_URL_WITHOUT_BASIC
    if secrets["secretsUrl"] is None:
        return messages.XMATTERS_MISSING_SECRETS_URL
    return None


def xmatters_executor(run: Execution) -> dict[str, Any]:
    """Triggers the flow; Kibana returns the payload it posted."""
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "actionId": run.action_id,
                "message": messages.xmatters_retry(503),
                "retry": True,
            }
        )
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "actionId": run.action_id,
                "message": messages.xmatters_unexpected(400),
            }
        )
    payload = {key: run.params.get(key) for key in _PAYLOAD}
    payload["severity"] = payload["severity"] or "High"
    data = {key: value for key, value in payload.items() if value is not None}
    return {"status": "ok", "data": data, "actionId": run.action_id}


TYPE = TypeSpec(
    ".xmatters",
    "xMatters",
    "gold",
    xmatters_executor,
    _check_config,
    _check_secrets,
    fault_modes=("error", "retry"),
    feature_ids=("alerting", "siem"),
    schema_root="stack_connectors",
    position=100,
    check_connector=check_connector,
)
