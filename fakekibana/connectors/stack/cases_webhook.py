"""`.cases-webhook` (Webhook - Case Management, Kibana 8.19/9.x): cases in a simulated system.

SC/cases_webhook (rows; service tests via find_string): every configured URL must parse and be
allowed ('error configuring cases webhook action: ...'); the secrets follow common/auth's rule;
the push result is {id, title, url, pushedDate} (+ comments), the title read with
getIncidentResponseExternalTitleKey (fakekibana's system answers 'CASE-<n>'), the url
viewIncidentUrl with {{{external.system.id}}} and {{{external.system.title}}} filled in;
failures '[Action][Webhook - Case Management]: Unable to create case. Error: <e>.  Reason:
<statusText>'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig, url_hostname
from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._incidents import IncidentSystem, defined
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor
from fakekibana.connectors.stack.webhook import check_auth_secrets

_KIND = "cases webhook"
_URLS = (
    "createIncidentUrl",
    "createCommentUrl",
    "viewIncidentUrl",
    "getIncidentUrl",
    "updateIncidentUrl",
)


def _check_config(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    for field in _URLS:
        url = config.get(field)
        if url is None:
            continue
        if url_hostname(url) is None:
            inner = messages.cases_webhook_unparsable(url, messages.NODE_INVALID_URL)
            return messages.configuring(_KIND, inner)
        if not actions.is_whitelisted_uri(url):
            return messages.configuring(_KIND, messages.uri_not_allowed(url))
    return None


def check_connector(config: Mapping[str, Any], secrets: Mapping[str, Any]) -> str | None:
    """validate.connector: auth asked for and no secret given; TypeSpec has no hook for it."""
    if config.get("hasAuth") and not any(secrets.values()):
        return messages.CASES_WEBHOOK_NO_SECRETS
    return None


def _view_url(run: Execution, record_id: str, title: str) -> str:
    url: str = run.config["viewIncidentUrl"]
    for name, value in (("id", record_id), ("title", title)):
        url = url.replace(f"{{{{{{external.system.{name}}}}}}}", value)
        url = url.replace(f"{{{{external.system.{name}}}}}", value)
    return url


CASES = IncidentSystem(
    "Webhook - Case Management",
    ("id", "title", "url", "pushedDate"),
    lambda run, number: (str(number), f"CASE-{number}"),
    _view_url,
    wording=messages.cases_webhook_error,
    bad_request_reason="Bad Request",
    not_found_reason="Not Found",
    no_body_reason="",
    kind="case",
)


def _push(run: Execution, params: dict[str, Any]) -> Any:
    incident = dict(params["incident"])
    external_id = incident.pop("externalId")
    return CASES.push(run, external_id, defined(incident), params["comments"])


TYPE = TypeSpec(
    ".cases-webhook",
    "Webhook - Case Management",
    "gold",
    subaction_executor("cases-webhook", {"pushToService": SubAction(_push)}, validate=False),
    _check_config,
    check_auth_secrets,
    fault_modes=("error", "down"),
    feature_ids=("cases",),
    schema_root="stack_connectors",
    position=90,
    sub_actions=("pushToService",),
    check_connector=check_connector,
)
