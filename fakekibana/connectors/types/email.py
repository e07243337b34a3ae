"""`.email` (Kibana 7.7/7.8 email.js): nodemailer's service rules, and its answers."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.types import _email_services as email_services
from fakekibana.connectors.types._common import error_result


def _check_email_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    service, host, port = config["service"], config["host"], config["port"]
    if service == "__json":
        return None
    if service is None:
        if host is None and port is None:
            return messages.EMAIL_SERVICE_OR_HOST
        if host is None:
            return messages.EMAIL_HOST_REQUIRED
        if port is None:
            return messages.EMAIL_PORT_REQUIRED
        if not actions.is_whitelisted_hostname(host):
            return messages.email_host_not_whitelisted(host)
        return None
    service_host = email_services.service_host(service)
    if service_host is None:
        return messages.email_service_not_valid(service)
    if not actions.is_whitelisted_hostname(service_host):
        return messages.email_service_not_whitelisted(service, service_host)
    return None


def _check_email_params(params: Mapping[str, Any], _: ActionsConfig) -> str | None:
    if not params["to"] and not params["cc"] and not params["bcc"]:
        return messages.EMAIL_NO_RECIPIENTS
    return None


_EMPHASIS = re.compile(r"(?<![\w*])_(\S(?:.*?\S)?)_(?![\w*])")
_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_LINK = re.compile(r"https?://[^\s<]+[^\s<.,;:!?)\]'\"]")


def render_markdown(text: str) -> str:
    """The HTML Kibana's email type makes of a message: a close subset of markdown-it.

    Paragraphs, **strong**, _emphasis_ and bare links (linkify); everything else is escaped.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph.strip(), quote=False)
        escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
        escaped = _EMPHASIS.sub(r"<em>\1</em>", escaped)
        escaped = _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        out.append(f"<p>{escaped}</p>\n")
    return "".join(out)


def _addresses(values: list[str]) -> list[dict[str, str]] | None:
    return [{"address": value, "name": ""} for value in values] or None


def email_executor(run: Execution) -> dict[str, Any]:
    """Answers as nodemailer does: its JSON transport for service '__json', SMTP otherwise."""
    params, config = run.params, run.config
    if run.fault == "error":
        raise ExecutorError(error_result(run, messages.EMAIL_ERROR, "Connection timeout"))
    sender = config["from"]
    domain = sender.rpartition("@")[2] or "localhost"
    message_id = f"<{run.new_id()}@{domain}>"
    recipients = [*params["to"], *params["cc"], *params["bcc"]]
    envelope = {"from": sender, "to": recipients}
    if config["service"] == "__json":
        data: dict[str, Any] = {
            "envelope": envelope,
            "messageId": message_id,
            "message": {
                "from": {"address": sender, "name": ""},
                "to": _addresses(params["to"]),
                "cc": _addresses(params["cc"]),
                "bcc": _addresses(params["bcc"]),
                "subject": params["subject"],
                "html": render_markdown(params["message"]),
                "text": params["message"],
                "headers": {},
                "messageId": message_id,
            },
        }
    else:
        data = {
            "accepted": recipients,
            "rejected": [],
            "envelopeTime": 1,
            "messageTime": 1,
            "messageSize": len(params["message"].encode()) + 512,
            "response": "250 2.0.0 OK: queued",
            "envelope": envelope,
            "messageId": message_id,
        }
    return {"status": "ok", "data": data, "actionId": run.action_id}


TYPE = TypeSpec(
    ".email",
    "Email",
    "gold",
    email_executor,
    _check_email_config,
    None,
    _check_email_params,
    position=10,
)
