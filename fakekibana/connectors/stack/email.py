"""`.email` (Kibana 8.19/9.x): nodemailer's service rules, and its answers.

Checks: SC/email/index.ts @ 00cb7c75 (rows): '__json' and 'elastic_cloud' pass; 'exchange_server'
needs clientId/tenantId; 'other' (the default) needs host/port and an allowed host; any other
service must be one nodemailer knows and resolve to an allowed host. Execute over the API is
never a notification, so messageHTML and attachments are refused (thrown, errorSource user).
Answers as the 7.x module does (nodemailer's JSON transport for '__json', SMTP info otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._subaction import UserError
from fakekibana.connectors.types import _email_services as email_services
from fakekibana.connectors.types.email import email_executor


def _check_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    service, host, port = config["service"], config["host"], config["port"]
    if service in ("__json", "elastic_cloud"):
        return None
    if service == "exchange_server":
        client_id, tenant_id = config["clientId"], config["tenantId"]
        if client_id is None and tenant_id is None:
            return messages.EMAIL_CLIENT_TENANT_REQUIRED
        if client_id is None:
            return messages.EMAIL_CLIENT_REQUIRED
        if tenant_id is None:
            return messages.EMAIL_TENANT_REQUIRED
        return None
    if service == "other":
        if host is None and port is None:
            return messages.EMAIL_HOST_PORT_REQUIRED
        if host is None:
            return messages.EMAIL_HOST_REQUIRED
        if port is None:
            return messages.EMAIL_PORT_REQUIRED
        if not actions.is_whitelisted_hostname(host):
            return messages.email_host_not_allowed(host)
        return None
    service_host = email_services.service_host(service)
    if service_host is None:
        return messages.email_service_not_valid(service)
    if not actions.is_whitelisted_hostname(service_host):
        return messages.email_service_not_allowed(service, service_host)
    return None


def _check_params(params: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    # 9.3+ counts only non-blank entries (rows: 'no non-blank entry in to/cc/bcc').
    if actions.version.has("connectors.zod_schemas"):
        addresses = [a for a in (*params["to"], *params["cc"], *params["bcc"]) if a.strip()]
        return None if addresses else messages.EMAIL_NO_RECIPIENTS_9_3
    if not params["to"] and not params["cc"] and not params["bcc"]:
        return messages.EMAIL_NO_RECIPIENTS_8_19
    return None


def execute_email(run: Execution) -> dict[str, Any]:
    """Refuses HTML and attachments outside notifications, then sends as nodemailer does."""
    if run.params.get("messageHTML") is not None:
        raise UserError(messages.EMAIL_HTML_NOT_NOTIFICATION)
    if run.params.get("attachments"):
        raise UserError(messages.EMAIL_ATTACHMENTS_NOT_NOTIFICATION)
    return email_executor(run)


TYPE = TypeSpec(
    ".email",
    "Email",
    "gold",
    execute_email,
    _check_config,
    None,
    _check_params,
    feature_ids=("alerting", "uptime", "siem", "workflows", "agentBuilder"),
    schema_root="stack_connectors",
    position=10,
)
