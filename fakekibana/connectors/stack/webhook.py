"""`.webhook` (Kibana 8.19/9.x): URL and auth rules, and 2xx answers.

Config SC/webhook/validations.ts @ 08fc8537 (rows): the URL must parse and be allowed;
authType needs hasAuth. Secrets: one of none, user+password, crt+key, pfx (and from 9.2 a
clientSecret alone), worded per release (messages.WEBHOOK_SECRETS_*). Executor
SC/webhook/index.ts @ 027ff216 and errors.ts @ 090c7a02: data is the body sent (absent without
one); a 4xx is 'error calling webhook, invalid response' with errorSource 'user' (400 is one of
its userErrorCodes), a 5xx 'error calling webhook, retry later' (retry: true).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages as actions_messages
from fakekibana.connectors.actions_config import ActionsConfig, url_hostname
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.stack import messages


def _check_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    url = config["url"]
    problem = None
    if url_hostname(url) is None:
        problem = messages.unable_to_parse_url(messages.NODE_INVALID_URL)
    elif not actions.is_whitelisted_uri(url):
        problem = messages.uri_not_allowed(url)
    elif not config["hasAuth"] and config.get("authType") is not None:
        problem = messages.WEBHOOK_AUTH_TYPE_WITHOUT_AUTH
    return None if problem is None else messages.WEBHOOK_CONFIG_PREFIX + problem


def check_auth_secrets(secrets: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    """The secrets rule shared with .cases-webhook (common/auth)."""
    user, password = secrets.get("user"), secrets.get("password")
    crt, key, pfx = secrets.get("crt"), secrets.get("key"), secrets.get("pfx")
    client_secret = secrets.get("clientSecret")
    oauth = actions.version.has("connectors.webhook.oauth2")
    if not (user or password or crt or key or pfx or client_secret):
        return None
    if user and password and not (crt or key or pfx or client_secret):
        return None
    if crt and key and not (user or pfx or client_secret):
        return None
    if pfx and not (crt or key or user or client_secret):
        return None
    if oauth and client_secret and not (user or password or crt or key or pfx):
        return None
    if actions.version.has("connectors.zod_schemas"):
        return messages.WEBHOOK_SECRETS_9_3
    return messages.WEBHOOK_SECRETS_9_2 if oauth else messages.WEBHOOK_SECRETS_8_19


def webhook_executor(run: Execution) -> dict[str, Any]:
    """A 2xx answer: Kibana returns the body it sent as data (absent when there is none)."""
    if run.fault == "retry":
        raise ExecutorError(
            {
                "status": "error",
                "message": actions_messages.WEBHOOK_RETRY_LATER,
                "retry": True,
                "actionId": run.action_id,
                "serviceMessage": "[500] Internal Server Error",
            }
        )
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "message": actions_messages.WEBHOOK_INVALID_RESPONSE,
                "actionId": run.action_id,
                "serviceMessage": "[400] Bad Request",
                "errorSource": "user",
            }
        )
    result: dict[str, Any] = {"status": "ok"}
    if run.params.get("body") is not None:
        result["data"] = run.params["body"]
    result["actionId"] = run.action_id
    return result


TYPE = TypeSpec(
    ".webhook",
    "Webhook",
    "gold",
    webhook_executor,
    _check_config,
    check_auth_secrets,
    fault_modes=("error", "retry"),
    feature_ids=("alerting", "uptime", "siem"),
    schema_root="stack_connectors",
    position=80,
)
