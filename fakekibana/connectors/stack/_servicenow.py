"""What .servicenow, .servicenow-sir and .servicenow-itom share (Kibana 8.19/9.x).

Checks: x-pack/platform/plugins/shared/stack_connectors/server/connector_types/lib/servicenow/
validators.ts @ 089d9d14 and translations.ts @ 538d041d (rows). The simulated instance follows
lib/servicenow/service.ts @ 437def57 and api.ts @ 82ab9ad2: the push result is
{title, id, pushedDate, url} (+ comments), pushedDate is the record's sys_created_on /
sys_updated_on (whole seconds, UTC), the link is <apiUrl>/nav_to.do?uri=<table>.do?sys_id=<id>.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, Executor
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import allowed_url
from fakekibana.connectors.stack._incidents import IncidentSystem, Record, defined, trimmed
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor

SERVICE = "ServiceNow"
OAUTH_CONFIG = ("userIdentifierValue", "clientId", "jwtKeyId")
OAUTH_FIELDS = (*OAUTH_CONFIG, "clientSecret", "privateKey")

_ALLOWED_API_URL = allowed_url("apiUrl", lambda inner: messages.configuring("connector", inner))


def check_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    """validateCommonConfig: the allow-list, then the OAuth config fields in order."""
    problem = _ALLOWED_API_URL(config, actions)
    if problem is not None:
        return problem
    if config.get("isOAuth"):
        for field in OAUTH_CONFIG:
            if config.get(field) is None:
                return messages.servicenow_missing(field, True)
    return None


def check_secrets(secrets: Mapping[str, Any], _: ActionsConfig) -> str | None:
    """validateCommonSecrets."""
    user, password = secrets.get("username"), secrets.get("password")
    client_secret, private_key = secrets.get("clientSecret"), secrets.get("privateKey")
    if not user and not password and not client_secret and not private_key:
        return messages.SERVICENOW_NO_CREDENTIALS
    if bool(user) != bool(password):
        return messages.SERVICENOW_BASIC_PAIR
    if bool(client_secret) != bool(private_key):
        return messages.SERVICENOW_OAUTH_PAIR
    return None


def check_connector(config: Mapping[str, Any], secrets: Mapping[str, Any]) -> str | None:
    """validate.connector (config and secrets together: {...config, ...secrets})."""
    if config.get("isOAuth"):
        for field in OAUTH_FIELDS:
            if _either(config, secrets, field) is None:
                return messages.servicenow_missing(field, True)
        if secrets.get("username") or secrets.get("password"):
            return messages.SERVICENOW_BASIC_WITH_OAUTH
        return None
    for field in ("username", "password"):
        if secrets.get(field) is None:
            return messages.servicenow_missing(field, False)
    for field in OAUTH_FIELDS:
        if secrets[field] if field in secrets else config.get(field):
            return messages.SERVICENOW_OAUTH_WITHOUT_OAUTH
    return None


def _either(config: Mapping[str, Any], secrets: Mapping[str, Any], field: str) -> Any:
    # A field of {...config, ...secrets}, without building the merged object on every create.
    return secrets[field] if field in secrets else config.get(field)


def _sn_time(iso: str) -> str:
    """ServiceNow's 'YYYY-MM-DD HH:MM:SS' (UTC) of an ISO time."""
    when = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return when.strftime("%Y-%m-%d %H:%M:%S")


def _pushed(sn_time: str) -> str:
    """getPushedDate: new Date(addTimeZoneToDate(t)).toISOString()."""
    return sn_time.replace(" ", "T") + ".000Z"


def system(table: str, prefix: str) -> IncidentSystem:
    """The simulated instance for one table (incident, sn_si_incident)."""

    def new_record(run: Execution, number: int) -> tuple[str, str]:
        return run.token(32, "0123456789abcdef"), f"{prefix}{10000 + number:07d}"

    def view_url(run: Execution, record_id: str, _: str) -> str:
        return f"{trimmed(run.config['apiUrl'])}/nav_to.do?uri={table}.do?sys_id={record_id}"

    return IncidentSystem(
        SERVICE,
        ("title", "id", "pushedDate", "url"),
        new_record,
        view_url,
        bad_request_reason=messages.SERVICENOW_BAD_REQUEST,
        not_found_reason=messages.SERVICENOW_NOT_FOUND,
    )


def sn_record(record: Record) -> dict[str, Any]:
    """getIncident's answer: the table row as ServiceNow's Table API returns it."""
    return {
        "sys_id": record["id"],
        "number": record["title"],
        **record["fields"],
        "sys_created_on": _sn_time(record["created"]),
        "sys_updated_on": _sn_time(record["updated"]),
    }


def updated_pushed(record: Record) -> str:
    """The pushedDate of a record's last change (sys_updated_on, read back as ISO)."""
    return _pushed(_sn_time(record["updated"]))


def _as_pushed(data: dict[str, Any]) -> dict[str, Any]:
    """Kibana re-reads the row after writing it: pushedDate keeps whole seconds."""
    data["pushedDate"] = _pushed(_sn_time(data["pushedDate"]))
    for comment in data.get("comments", []):
        comment["pushedDate"] = data["pushedDate"]
    return data


def push_handler(sn: IncidentSystem, comment_field: str) -> SubAction:
    """pushToService: create (caller_id/opened_by = username) or update, then comments."""

    def handle(run: Execution, params: dict[str, Any]) -> Any:
        incident = dict(params["incident"])
        external_id = incident.pop("externalId")
        fields = defined(incident)
        if external_id is None:
            user = run.secrets.get("username")
            fields = {**fields, "caller_id": user, "opened_by": user}
        data = sn.push(run, external_id, fields, params.get("comments"))
        record = run.store.records(run.action_id)[data["id"]]
        for comment in params.get("comments") or ():
            record["fields"][comment_field] = comment["comment"]
        return _as_pushed(data)

    return SubAction(handle)


def get_incident_handler(sn: IncidentSystem) -> SubAction:
    """getIncident: the stored row."""

    def handle(run: Execution, params: dict[str, Any]) -> Any:
        return sn_record(sn.get(run, params["externalId"]))

    return SubAction(handle)


# The instance's sys_dictionary rows (sysparm_fields=max_length,element,column_label,mandatory)
# and sys_choice rows; the values are fakekibana's, the shapes ServiceNow's (rows).
FIELDS = [
    {"max_length": "160", "element": "short_description", "column_label": "Short description",
     "mandatory": "false"},
    {"max_length": "4000", "element": "description", "column_label": "Description",
     "mandatory": "false"},
    {"max_length": "4000", "element": "comments", "column_label": "Additional comments",
     "mandatory": "false"},
]  # fmt: skip
CHOICES = {
    "urgency": ["1 - High", "2 - Medium", "3 - Low"],
    "severity": ["1 - High", "2 - Medium", "3 - Low"],
    "impact": ["1 - High", "2 - Medium", "3 - Low"],
    "priority": ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning"],
    "category": ["Inquiry / Help", "Software", "Hardware", "Network", "Database"],
}


def fields_handler(sn: IncidentSystem) -> SubAction:
    """getFields: the instance's sys_dictionary rows."""

    def handle(run: Execution, _: dict[str, Any]) -> Any:
        sn.fault(run, "Unable to get fields")
        return [dict(row) for row in FIELDS]

    return SubAction(handle)


def choices_handler(sn: IncidentSystem) -> SubAction:
    """getChoices: the sys_choice rows of the fields asked for, field by field."""

    def handle(run: Execution, params: dict[str, Any]) -> Any:
        sn.fault(run, "Unable to get choices")
        rows = []
        for field in params["fields"]:
            for label in CHOICES.get(field, []):
                value = label.split(" - ")[0] if " - " in label else label.lower()
                row = {"dependent_value": "", "label": label, "value": value, "element": field}
                rows.append(row)
        return rows

    return SubAction(handle)


def not_implemented(sub_action: str) -> SubAction:
    """A sub-action the params schema accepts but the 9.x executor does not support."""

    def handle(_: Execution, __: dict[str, Any]) -> Any:
        raise RuntimeError(messages.sub_action_not_implemented(sub_action))

    return SubAction(handle, remote=False)


def executor(folder: str, sub_actions: dict[str, SubAction]) -> Executor:
    """The classic ServiceNow executor: its params schema already validated the sub-action."""
    return subaction_executor(folder, sub_actions, validate=False)
