"""`.jira` (Kibana 8.19/9.x): issues in a simulated Jira Cloud project.

SC/jira/service.ts @ 02dbce49: the push result is {title: key, id, pushedDate, url:
<apiUrl>/browse/<key>}, comments {commentId, pushedDate}; getIncident is
{id, key, created, updated, ...fields}; issueTypes [{id, name}]; fieldsByIssueType
{<fieldId>: {required, allowedValues, defaultValue, schema, name}}; issues [{id, key, title}];
issue {id, key, title}. Creating without issueType first reads the issue types (so that call
is the one a fault hits: 'Unable to get issue types').
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _servicenow as sn
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import allowed_url
from fakekibana.connectors.stack._incidents import IncidentSystem, defined, trimmed
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor

_SPACE = re.compile(r"\s")
_MAX_OTHER_FIELDS = 20


def _new_issue(run: Execution, number: int) -> tuple[str, str]:
    return str(10000 + number), f"{run.config['projectKey']}-{number}"


JIRA = IncidentSystem(
    "Jira",
    ("title", "id", "pushedDate", "url"),
    _new_issue,
    lambda run, _, key: f"{trimmed(run.config['apiUrl'])}/browse/{key}",
    wording=messages.jira_error,
    bad_request_reason=messages.JIRA_BAD_REQUEST,
    not_found_reason=messages.JIRA_NOT_FOUND,
    no_body_reason=messages.JIRA_NO_ERROR_BODY,
)
ISSUE_TYPES = [{"id": "10006", "name": "Task"}, {"id": "10007", "name": "Bug"}]
FIELDS = {
    "summary": {
        "required": True,
        "allowedValues": [],
        "defaultValue": {},
        "schema": {"type": "string", "system": "summary"},
        "name": "Summary",
    },
    "description": {
        "required": False,
        "allowedValues": [],
        "defaultValue": {},
        "schema": {"type": "string", "system": "description"},
        "name": "Description",
    },
}


def _check_params(params: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    if params["subAction"] != "pushToService":
        return None
    incident = params["subActionParams"]["incident"]
    for label in incident.get("labels") or ():
        if _SPACE.search(label):
            return messages.jira_label_spaces(label)
    other = incident.get("otherFields") or {}
    if len(other) > _MAX_OTHER_FIELDS:
        if actions.version.has("connectors.zod_schemas"):
            return messages.jira_other_fields_9_3(_MAX_OTHER_FIELDS)
        return messages.jira_other_fields_8_19(_MAX_OTHER_FIELDS)
    return None


def _push(run: Execution, params: dict[str, Any]) -> Any:
    incident = dict(params["incident"])
    external_id = incident.pop("externalId")
    other = incident.pop("otherFields") or {}
    what = "Unable to get issue types" if incident.get("issueType") is None else None
    if incident.get("issueType") is None and external_id is None:
        incident["issueType"] = ISSUE_TYPES[0]["id"]
    fields = {**defined(incident), **other}
    return JIRA.push(run, external_id, fields, params.get("comments"), create_what=what)


def _get_incident(run: Execution, params: dict[str, Any]) -> Any:
    record = JIRA.get(run, params["externalId"])
    created, updated = record["created"], record["updated"]
    fields = {"created": created, "updated": updated, **record["fields"]}
    return {"id": record["id"], "key": record["title"], **fields}


def _issue_types(run: Execution, _: dict[str, Any]) -> Any:
    JIRA.fault(run, "Unable to get issue types")
    return [dict(issue_type) for issue_type in ISSUE_TYPES]


def _fields(run: Execution, _: dict[str, Any]) -> Any:
    JIRA.fault(run, "Unable to get issue types")
    return {key: dict(value) for key, value in FIELDS.items()}


def _fields_by_issue_type(run: Execution, _: dict[str, Any]) -> Any:
    JIRA.fault(run, "Unable to get fields")
    return {key: dict(value) for key, value in FIELDS.items()}


def _issues(run: Execution, params: dict[str, Any]) -> Any:
    JIRA.fault(run, "Unable to get issues")
    title = params["title"].lower()
    return [
        {"id": r["id"], "key": r["title"], "title": r["fields"].get("summary")}
        for r in run.store.records(run.action_id).values()
        if title in str(r["fields"].get("summary", "")).lower()
    ]


def _issue(run: Execution, params: dict[str, Any]) -> Any:
    record = JIRA.get(run, params["id"], f"Unable to get issue with id {params['id']}")
    return {"id": record["id"], "key": record["title"], "title": record["fields"].get("summary")}


TYPE = TypeSpec(
    ".jira",
    "Jira",
    "gold",
    subaction_executor(
        "jira",
        {
            "getFields": SubAction(_fields),
            "getIncident": SubAction(_get_incident),
            "pushToService": SubAction(_push),
            "issueTypes": SubAction(_issue_types),
            "fieldsByIssueType": SubAction(_fields_by_issue_type),
            "issues": SubAction(_issues),
            "issue": SubAction(_issue),
            "handshake": sn.not_implemented("handshake"),
        },
        validate=False,
    ),
    allowed_url("apiUrl", lambda inner: messages.configuring("connector", inner)),
    None,
    _check_params,
    fault_modes=("error", "down"),
    feature_ids=("alerting", "cases", "uptime", "siem"),
    schema_root="stack_connectors",
    position=140,
    sub_actions=(
        "getFields",
        "getIncident",
        "pushToService",
        "issueTypes",
        "fieldsByIssueType",
        "issues",
        "issue",
    ),
)
