"""Simulated executors: what each connector type returns from _execute, without calling out.

Every result has Kibana 7.8's key order (reference core §5, types §3-§4). An executor that
fails raises ExecutorError (the type's own error result) or any other exception, which the
actions client wraps in Kibana's "an error occurred while running the action executor".
A connector can be told to fail on purpose through its fault mode (Store.faults).
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from fakekibana import messages
from fakekibana.store import Store, iso

server_log = logging.getLogger("fakekibana.server_log")


class ExecutorError(Exception):
    """A type's own error result, returned as the execute answer."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result.get("message"))
        self.result = result


@dataclasses.dataclass
class Execution:
    """One run of a connector."""

    action_id: str
    config: dict[str, Any]
    secrets: dict[str, Any]
    params: dict[str, Any]
    store: Store
    fault: str | None = None


Executor = Callable[[Execution], dict[str, Any]]


# --- .server-log ------------------------------------------------------------------------------

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


# --- .index -------------------------------------------------------------------------------------


def index_executor(run: Execution) -> dict[str, Any]:
    """Keeps the documents and answers like Elasticsearch 7.8's bulk API."""
    started = time.perf_counter()
    documents = run.params["documents"]
    if run.fault == "error" or not documents:
        # What the Elasticsearch client says of an empty bulk request (UNCONFIRMED wording).
        service_message = (
            "[action_request_validation_exception] Validation Failed: 1: no requests added;"
        )
        raise ExecutorError(_error(run, messages.INDEX_ERROR, service_message))
    index = run.config["index"]
    # es_index.js (7.7.0 build): the field name is trimmed, and a blank one writes nothing.
    time_field = (run.config["executionTimeField"] or "").strip()
    stored = run.store.indices.setdefault(index, [])
    items = []
    for document in documents:
        doc = dict(document)
        if time_field:
            doc[time_field] = iso(run.store.clock.now())
        doc_id = run.store.ids.token(20)
        item: dict[str, Any] = {
            "_index": index,
            "_type": "_doc",
            "_id": doc_id,
            "_version": 1,
            "result": "created",
        }
        if run.config["refresh"]:
            item["forced_refresh"] = True
        item["_shards"] = {"total": 2, "successful": 1, "failed": 0}
        item["_seq_no"] = len(stored)
        item["_primary_term"] = 1
        item["status"] = 201
        stored.append({"_id": doc_id, "_source": doc})
        items.append({"index": item})
    took = int((time.perf_counter() - started) * 1000)
    bulk = {"took": took, "errors": False, "items": items}
    return {"status": "ok", "data": bulk, "actionId": run.action_id}


# --- .email -------------------------------------------------------------------------------------

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
        raise ExecutorError(_error(run, messages.EMAIL_ERROR, "Connection timeout"))
    sender = config["from"]
    domain = sender.rpartition("@")[2] or "localhost"
    message_id = f"<{run.store.ids.new()}@{domain}>"
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


# --- .slack, .webhook, .pagerduty ---------------------------------------------------------------


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


def _error(run: Execution, message: str, service_message: str) -> dict[str, Any]:
    return {
        "status": "error",
        "actionId": run.action_id,
        "message": message,
        "serviceMessage": service_message,
    }


# --- .servicenow and .jira (Kibana 7.8 case connectors) ----------------------------------------


@dataclasses.dataclass(frozen=True)
class CasesService:
    """How one external incident system names and shows its records."""

    name: str
    record: str
    credentials: tuple[str, str]

    def new_record(self, run: Execution, number: int) -> tuple[str, str]:
        """A new record's id and its title (incident number or issue key)."""
        if self.name == "ServiceNow":
            return run.store.ids.token(32, "0123456789abcdef"), f"INC{number:07d}"
        return str(10000 + number), f"{run.config['projectKey']}-{number}"

    def view_url(self, api_url: str, record_id: str, title: str) -> str:
        """The link Kibana 7.8 builds from apiUrl (no trailing-slash trimming in 7.8)."""
        if self.name == "ServiceNow":
            return f"{api_url}/nav_to.do?uri=incident.do?sys_id={record_id}"
        return f"{api_url}/browse/{title}"


SERVICENOW = CasesService("ServiceNow", "incident", ("username", "password"))
JIRA = CasesService("Jira", "issue", ("email", "apiToken"))


def _cases_fail(service: CasesService, what: str, inner: str) -> Exception:
    return RuntimeError(messages.cases_service_error(service.name, what, inner))


# SUPPORTED_SOURCE_FIELDS of the 7.8 case connectors.
_CASE_FIELDS = ("title", "description", "comments")


def _push_fields(
    run: Execution, push: dict[str, Any], previous: dict[str, Any] | None
) -> dict[str, Any]:
    """The fields sent to the external system, as Kibana 7.8 maps and suffixes them."""
    when = push["updatedAt"] or push["createdAt"]
    user = push["updatedBy"] or push["createdBy"]
    who = user["fullName"] or user["username"]
    verb = "updated" if previous is not None else "created"
    fields: dict[str, Any] = {}
    for entry in run.config["casesConfiguration"]["mapping"]:
        source, action = entry["source"], entry["actionType"]
        if source not in ("title", "description") or action == "nothing":
            continue
        value = push.get(source)
        if value is None:
            continue
        text = f"{value} ({verb} at {when} by {who})"
        if action == "append" and previous is not None and previous.get(entry["target"]):
            text = f"{previous[entry['target']]} \r\n{text}"
        fields[entry["target"]] = text
    return fields


def _field_actions(config: dict[str, Any]) -> dict[str, str]:
    """7.8 case/utils buildMap: each supported mapping's actionType, by its source and target."""
    actions: dict[str, str] = {}
    for entry in config["casesConfiguration"]["mapping"]:
        source, target = entry["source"], entry["target"]
        # normalizeMapping drops unsupported sources and __proto__ (prototype pollution).
        if source in _CASE_FIELDS and "__proto__" not in (source, target):
            actions[source] = entry["actionType"]
            actions[target] = entry["actionType"]
    return actions


def cases_executor(service: CasesService) -> Executor:
    """pushToService for a 7.8 cases connector: create or update a record, then add comments."""

    def execute(run: Execution) -> dict[str, Any]:
        params = run.params
        api_url = run.config["apiUrl"]
        if not api_url or not all(run.secrets[key] for key in service.credentials):
            raise RuntimeError(messages.cases_wrong_configuration(service.name))
        if params["subAction"] != "pushToService":
            raise RuntimeError(messages.CASES_SUBACTION_NOT_IMPLEMENTED)
        push = params["subActionParams"]
        external_id = push["externalId"]
        records = run.store.incidents.setdefault(run.action_id, {})
        if run.fault == "down":
            what = (
                messages.cases_unable_to_get(service.record, external_id)
                if external_id
                else messages.cases_unable_to_create(service.record)
            )
            raise _cases_fail(service, what, messages.CASES_INSTANCE_NOT_ALIVE)
        now = iso(run.store.clock.now())
        if external_id:
            record = records.get(external_id)
            if record is None:
                what = messages.cases_unable_to_get(service.record, external_id)
                raise _cases_fail(service, what, messages.http_request_failed(404))
            record["fields"].update(_push_fields(run, push, record["fields"]))
            record["updated"] = now
        else:
            record_id, title = service.new_record(run, len(records) + 1)
            record = {
                "id": record_id,
                "title": title,
                "fields": _push_fields(run, push, None),
                "created": now,
                "updated": now,
                "comments": [],
            }
            records[record_id] = record
        data: dict[str, Any] = {
            "title": record["title"],
            "id": record["id"],
            "pushedDate": now,
            "url": service.view_url(api_url, record["id"], record["title"]),
        }
        comments = push["comments"]
        comments_action = _field_actions(run.config).get("comments") if comments else "nothing"
        if comments_action is None:
            # 7.8 case/api.ts reads mapping.get('comments').actionType: with no mapping for
            # comments that throws, after the record was pushed (types §3.7, §4).
            raise TypeError(messages.CASES_NO_COMMENTS_MAPPING)
        if comments_action != "nothing":
            data["comments"] = []
            for comment in comments:
                record["comments"].append(comment["comment"])
                data["comments"].append({"commentId": comment["commentId"], "pushedDate": now})
        return {"status": "ok", "actionId": run.action_id, "data": data}

    return execute


EXECUTORS: dict[str, Executor] = {
    ".email": email_executor,
    ".index": index_executor,
    ".pagerduty": pagerduty_executor,
    ".server-log": server_log_executor,
    ".servicenow": cases_executor(SERVICENOW),
    ".slack": slack_executor,
    ".webhook": webhook_executor,
    ".jira": cases_executor(JIRA),
}

# The failure modes each type's executor knows (set with PUT /_fakekibana/connectors/{id}/fault):
# "error" is the service refusing the call, "retry" a 5xx that Kibana marks retryable, "down" an
# incident system that does not answer (Kibana 7.8: "Instance is not alive.").
FAULT_MODES: dict[str, tuple[str, ...]] = {
    ".email": ("error",),
    ".index": ("error",),
    ".pagerduty": ("error", "retry"),
    ".server-log": ("error",),
    ".servicenow": ("down",),
    ".slack": ("error", "retry"),
    ".webhook": ("error", "retry"),
    ".jira": ("down",),
}
