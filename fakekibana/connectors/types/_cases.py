"""The 7.8 case connectors' shared part (.servicenow, .jira): config check and pushToService.

Kibana 7.8's case/ folder of the actions plugin: the mapping check, the field mapping with its
"(created at ... by ...)" suffixes, comments, and the external service's records and errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, Executor
from fakekibana.connectors.types._common import whitelisted_url
from fakekibana.core import messages as core_messages

_WHITELISTED_API_URL = whitelisted_url("connector", "apiUrl")


def check_cases_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    # 7.8 case/validators: the empty mapping first, then the whitelist, worded "connector".
    if not config["casesConfiguration"]["mapping"]:
        return f"[casesConfiguration.mapping]: {core_messages.EMPTY_MAPPING}"
    return _WHITELISTED_API_URL(config, actions)


@dataclasses.dataclass(frozen=True)
class CasesService:
    """How one external incident system names and shows its records."""

    name: str
    record: str
    credentials: tuple[str, str]

    def new_record(self, run: Execution, number: int) -> tuple[str, str]:
        """A new record's id and its title (incident number or issue key)."""
        if self.name == "ServiceNow":
            return run.token(32, "0123456789abcdef"), f"INC{number:07d}"
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
        records = run.store.records(run.action_id)
        if run.fault is not None:
            # The first call fails: getting the record to update, or creating one. "down" is an
            # instance that does not answer; "error" one that refuses the call (HTTP 400).
            what = (
                messages.cases_unable_to_get(service.record, external_id)
                if external_id
                else messages.cases_unable_to_create(service.record)
            )
            inner = (
                messages.CASES_INSTANCE_NOT_ALIVE
                if run.fault == "down"
                else messages.http_request_failed(400)
            )
            raise _cases_fail(service, what, inner)
        now = run.now_iso()
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
