"""Connector (action) types: one row each, their JSON Schemas, and Kibana's custom checks.

A type is data: id, display name, minimum licence, and the schemas under
schemas/connector_types/<id without dot>/{config,secrets,params}.json. A missing schema file
means Kibana has no validator for that part, so the value passes unchanged (types §1.3). Where
Kibana runs a custom check after the schema, the row names it; every check returns Kibana's
message, or None when the value is fine.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
from collections.abc import Callable, Mapping
from typing import Any

from fakekibana import email_services, messages
from fakekibana.actions_config import ActionsConfig, url_hostname
from fakekibana.validation import Check, Invalid, SchemaSet

CustomCheck = Callable[[Mapping[str, Any], ActionsConfig], "str | None"]

LICENSE_RANK = {
    "basic": 10,
    "standard": 20,
    "gold": 30,
    "platinum": 40,
    "enterprise": 50,
    "trial": 60,
}


@dataclasses.dataclass(frozen=True)
class TypeRow:
    """One connector type as Kibana registers it."""

    id: str
    name: str
    minimum_license: str
    check_config: CustomCheck | None = None
    check_secrets: CustomCheck | None = None
    check_params: CustomCheck | None = None

    @property
    def schema_dir(self) -> str:
        """schemas/connector_types/<this folder>/."""
        return self.id.lstrip(".")


# --- custom checks, Kibana 7.7/7.8 (reference types §3, §4) ---------------------------------


def _whitelisted_url(kind: str, field: str, default: str | None = None) -> CustomCheck:
    def check(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
        url = config.get(field) or default
        if url is not None and not actions.is_whitelisted_uri(url):
            return messages.configuring(kind, messages.url_not_whitelisted(url))
        return None

    return check


def _check_cases_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    # 7.8 case/validators: the empty mapping first, then the whitelist, worded "connector".
    if not config["casesConfiguration"]["mapping"]:
        return f"[casesConfiguration.mapping]: {messages.EMPTY_MAPPING}"
    return _whitelisted_url("connector", "apiUrl")(config, actions)


def _check_slack_secrets(secrets: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    hostname = url_hostname(secrets["webhookUrl"])
    if hostname is None:
        return messages.configuring("slack", messages.SLACK_UNPARSABLE_URL)
    if not actions.is_whitelisted_hostname(hostname):
        return messages.configuring("slack", messages.hostname_not_whitelisted(hostname))
    return None


def _check_webhook_secrets(secrets: Mapping[str, Any], _: ActionsConfig) -> str | None:
    if bool(secrets["user"]) != bool(secrets["password"]):
        return messages.WEBHOOK_USER_PASSWORD
    return None


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


def parse_js_date(text: str) -> datetime.datetime | None:
    """JavaScript's Date.parse for the forms clients send: ISO 8601 and RFC 2822."""
    try:
        return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _check_pagerduty_params(params: Mapping[str, Any], _: ActionsConfig) -> str | None:
    timestamp = params.get("timestamp")
    if timestamp is not None and parse_js_date(timestamp) is None:
        return messages.PAGERDUTY_BAD_TIMESTAMP
    return None


# The 7.8 profile's built-in types, in registration order (7.7's order with .jira appended;
# .jira's place and its platinum licence are UNCONFIRMED, types §2).
TYPES_7_8: tuple[TypeRow, ...] = (
    TypeRow(".email", "Email", "gold", _check_email_config, None, _check_email_params),
    TypeRow(".index", "Index", "basic"),
    TypeRow(
        ".pagerduty",
        "PagerDuty",
        "gold",
        _whitelisted_url("pagerduty", "apiUrl", "https://events.pagerduty.com/v2/enqueue"),
        None,
        _check_pagerduty_params,
    ),
    TypeRow(".server-log", "Server log", "basic"),
    TypeRow(".servicenow", "ServiceNow", "platinum", _check_cases_config),
    TypeRow(".slack", "Slack", "gold", None, _check_slack_secrets),
    TypeRow(
        ".webhook", "Webhook", "gold", _whitelisted_url("webhook", "url"), _check_webhook_secrets
    ),
    TypeRow(".jira", "Jira", "platinum", _check_cases_config),
)


class ConnectorType:
    """A registered type: its row plus compiled validators for config, secrets and params."""

    def __init__(self, row: TypeRow, schemas: SchemaSet) -> None:
        self.row = row
        self.id = row.id
        self.name = row.name
        self.minimum_license = row.minimum_license
        self._config = self._load(schemas, "config")
        self._secrets = self._load(schemas, "secrets")
        self._params = self._load(schemas, "params")

    def _load(self, schemas: SchemaSet, part: str) -> Check | None:
        name = f"connector_types/{self.row.schema_dir}/{part}.json"
        return schemas.validator(name) if schemas.has(name) else None

    @staticmethod
    def _run(
        check: Check | None,
        custom: CustomCheck | None,
        value: dict[str, Any],
        actions: ActionsConfig,
        prefix: str,
    ) -> dict[str, Any]:
        if check is None:
            return value
        try:
            validated: dict[str, Any] = check(value, ())
        except Invalid as failure:
            raise ValueError(prefix + failure.format()) from None
        if custom is not None:
            problem = custom(validated, actions)
            if problem is not None:
                raise ValueError(prefix + problem)
        return validated

    def validate_config(self, value: dict[str, Any], actions: ActionsConfig) -> dict[str, Any]:
        """The validated config, or ValueError with Kibana's whole message."""
        return self._run(
            self._config, self.row.check_config, value, actions, messages.CONFIG_PREFIX
        )

    def validate_secrets(self, value: dict[str, Any], actions: ActionsConfig) -> dict[str, Any]:
        """The validated secrets, or ValueError with Kibana's whole message."""
        return self._run(
            self._secrets, self.row.check_secrets, value, actions, messages.SECRETS_PREFIX
        )

    def validate_params(self, value: dict[str, Any], actions: ActionsConfig) -> dict[str, Any]:
        """The validated params, or ValueError with Kibana's whole message."""
        return self._run(
            self._params, self.row.check_params, value, actions, messages.PARAMS_PREFIX
        )


def load_types(rows: tuple[TypeRow, ...], schemas: SchemaSet) -> dict[str, ConnectorType]:
    """The registry: type id -> ConnectorType, in registration order."""
    return {row.id: ConnectorType(row, schemas) for row in rows}
