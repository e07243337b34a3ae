"""The actions plugin's texts (connectors and their types), in one place.

Each function or constant names the Kibana version whose wording it copies. The sources are
../shared/reference/kibana-actions-core.md ("core §x") and kibana-action-types.md ("types §x"),
and the elastic/kibana sources where noted. Texts of Kibana core and config-schema live in
fakekibana.core.messages.
"""

from __future__ import annotations


def license_expired_plugin(license_type: str) -> str:
    """Kibana 7.x licensing plugin check for the actions plugin (minimum basic); core §3.7.

    Wording from x-pack/plugins/licensing license.ts (xpack.licensing.check.errorExpiredMessage)
    with pluginName = 'actions' (the actions PLUGIN.ID); the reference marks it UNCONFIRMED.
    """
    return f"You cannot use actions because your {license_type} license has expired."


def action_type_not_registered(type_id: str) -> str:
    """Kibana 7.7/7.8 action_type_registry; core §2.1."""
    return f'Action type "{type_id}" is not registered.'


def action_type_not_enabled_in_config(type_id: str) -> str:
    """Kibana 7.7/7.8 actions_config.js; core §3.6."""
    return (
        f'action type "{type_id}" is not enabled in the Kibana config '
        "xpack.actions.enabledActionTypes"
    )


def action_type_license_expired(type_id: str, license_type: str) -> str:
    """Kibana 7.7/7.8 license_state.js; core §3.6."""
    return f"Action type {type_id} is disabled because your {license_type} license has expired."


def action_type_license_invalid(type_id: str, license_type: str) -> str:
    """Kibana 7.7/7.8 license_state.js; core §3.6."""
    return (
        f"Action type {type_id} is disabled because your {license_type} license does not "
        "support it. Please upgrade your license."
    )


def preconfigured_not_allowed(action_id: str, operation: str) -> str:
    """Kibana 7.8 actions_client.ts (operation 'update' or 'delete'); core §10."""
    return f"Preconfigured action {action_id} is not allowed to {operation}."


# Wrappers around a connector type's own validation message; core §3.9, Kibana 7.7/7.8
# lib/validate_with_schema.js.
CONFIG_PREFIX = "error validating action type config: "
SECRETS_PREFIX = "error validating action type secrets: "
PARAMS_PREFIX = "error validating action params: "


# --- whitelisting, Kibana 7.7/7.8 actions_config.js; core §3.10, types §1.5 ---------------------
def url_not_whitelisted(url: str) -> str:
    """ensureWhitelistedUri."""
    return (
        f'target url "{url}" is not whitelisted in the Kibana config xpack.actions.whitelistedHosts'
    )


def hostname_not_whitelisted(hostname: str) -> str:
    """ensureWhitelistedHostname."""
    return (
        f'target hostname "{hostname}" is not whitelisted in the Kibana config '
        "xpack.actions.whitelistedHosts"
    )


def configuring(kind: str, inner: str) -> str:
    """Per-type wrapper: 'webhook', 'pagerduty', 'slack', and 7.8's 'connector' for cases types."""
    return f"error configuring {kind} action: {inner}"


SLACK_UNPARSABLE_URL = "unable to parse host name from webhookUrl"
WEBHOOK_USER_PASSWORD = "both user and password must be specified"

# .email custom checks, Kibana 7.7 email.js; types §3.1.
EMAIL_SERVICE_OR_HOST = "either [service] or [host]/[port] is required"
EMAIL_HOST_REQUIRED = "[host] is required if [service] is not provided"
EMAIL_PORT_REQUIRED = "[port] is required if [service] is not provided"
EMAIL_NO_RECIPIENTS = "no [to], [cc], or [bcc] entries"


def email_host_not_whitelisted(host: str) -> str:
    """.email config, host outside xpack.actions.whitelistedHosts."""
    return f"[host] value '{host}' is not in the whitelistedHosts configuration"


def email_service_not_valid(service: str) -> str:
    """.email config, service unknown to nodemailer."""
    return f"[service] value '{service}' is not valid"


def email_service_not_whitelisted(service: str, host: str) -> str:
    """.email config, service whose host is outside xpack.actions.whitelistedHosts."""
    return (
        f"[service] value '{service}' resolves to host '{host}' which is not in the "
        "whitelistedHosts configuration"
    )


# .pagerduty params whose timestamp Date.parse cannot read: Kibana 7.7.0 build's
# builtin_action_types/pagerduty.js validateParams (no value in the text).
PAGERDUTY_BAD_TIMESTAMP = "error parsing timestamp"


# --- execute results, Kibana 7.7/7.8 action_executor and built-in types; core §5 -------------
EXECUTOR_ERROR = "an error occurred while running the action executor"
INDEX_ERROR = "error indexing documents"
SERVER_LOG_ERROR = "error logging message"
EMAIL_ERROR = "error sending email"
SLACK_RETRY_LATER = "error posting a slack message, retry later"
WEBHOOK_INVALID_RESPONSE = "error calling webhook, invalid response"
WEBHOOK_RETRY_LATER = "error calling webhook, retry later"


def slack_unexpected_http(status: int, text: str) -> str:
    """.slack non-2xx answer other than 429/5xx."""
    return f"unexpected http response from slack: {status} {text}"


def pagerduty_retry(status: int) -> str:
    """.pagerduty 429 or 5xx."""
    return f"error posting pagerduty event: http status {status}, retry later"


def pagerduty_unexpected(status: int) -> str:
    """.pagerduty other non-202 status."""
    return f"error posting pagerduty event: unexpected status {status}"


def cases_service_error(service: str, what: str, inner: str) -> str:
    """Kibana 7.8 case connectors: '[Action][ServiceNow]: Unable to create incident. Error: …'."""
    return f"[Action][{service}]: {what}. Error: {inner}"


def cases_wrong_configuration(service: str) -> str:
    """Kibana 7.8 servicenow/jira createExternalService with an empty apiUrl or credential
    (note: no brackets around the service name in this one)."""
    return f"[Action]{service}: Wrong configuration."


def cases_unable_to_get(record: str, record_id: str) -> str:
    """Kibana 7.8 servicenow service.ts getIncident (jira: 'issue')."""
    return f"Unable to get {record} with id {record_id}"


def cases_unable_to_create(record: str) -> str:
    """Kibana 7.8 servicenow service.ts createIncident (jira: 'issue')."""
    return f"Unable to create {record}"


def http_request_failed(status: int) -> str:
    """axios's message for a non-2xx answer, as Kibana's services pass it on."""
    return f"Request failed with status code {status}"


CASES_INSTANCE_NOT_ALIVE = "Instance is not alive."
CASES_SUBACTION_NOT_IMPLEMENTED = "[Action][ExternalService] subAction not implemented."
# Node's TypeError when 7.8 case/api.ts reads the comments mapping of a connector without one
# (types §3.7: "the executor throws a TypeError"); Node 10/12 wording.
CASES_NO_COMMENTS_MAPPING = "Cannot read property 'actionType' of undefined"


# --- Kibana 8.19 / 9.x actions plugin (reference kibana-connectors-9x.md §4, §5, §7) ---------

# Wrappers from 9.3 on (lib/validate_with_schema.ts @ 16ca7f52); 8.19-9.2 keep the 7.x ones.
CONNECTOR_CONFIG_PREFIX = "error validating connector type config: "
CONNECTOR_SECRETS_PREFIX = "error validating connector type secrets: "
# validate.connector, every line.
CONNECTOR_PREFIX = "error validating action type connector: "
# action_executor.ts: whatever an executor throws.
RUN_ERROR = "an error occurred while running the action"
# execute/execute.ts: res.badRequest({ body: '<string>' }) for a system connector.
SYSTEM_EXECUTION = "Execution of system action is not allowed"


def preconfigured_exists(connector_id: str) -> str:
    """M/create/create.ts: create with the id of a preconfigured connector."""
    return f"This {connector_id} already exists in a preconfigured action."


def system_type_creation(type_id: str) -> str:
    """M/create/create.ts: create of a system type."""
    return f"System action creation is forbidden. Action type: {type_id}."


def preconfigured_can_not_update(connector_id: str) -> str:
    """M/update/update.ts."""
    return f"Preconfigured action {connector_id} can not be updated."


def system_can_not_update(connector_id: str) -> str:
    """M/update/update.ts."""
    return f"System action {connector_id} can not be updated."


def system_not_allowed(connector_id: str, operation: str) -> str:
    """M/delete: a system connector (operation 'delete')."""
    return f"System action {connector_id} is not allowed to {operation}."


def connector_not_found(connector_id: str) -> str:
    """M/get/get.ts: GET of a system connector."""
    return f"Connector {connector_id} not found"


def unauthorized_create(type_id: str) -> str:
    """S&S create.ts: the actions authorization's 403 for create."""
    return f'Unauthorized to create a "{type_id}" action'


def unauthorized(operation: str) -> str:
    """The actions authorization's 403 for the other operations ('update' is in Kibana's tests;
    'get', 'delete' and 'execute' follow it, UNCONFIRMED, reference §4)."""
    return f"Unauthorized to {operation} actions"


# validate_connector_id.ts @ 25e080bb, 9.4+; the `[request params.id]: ` prefix is inferred
# from config-schema (UNCONFIRMED, reference §2.3).
CONNECTOR_ID_REQUIRED = "Connector ID is required."
CONNECTOR_ID_TOO_LONG = "Connector ID must be 36 characters or less."
CONNECTOR_ID_CHARACTERS = "Connector ID must contain only lowercase letters, numbers, and hyphens."


# --- 9.4 OAuth callback (routes/oauth_callback.ts @ f555c2e7695e34c9d7e3700551557accf450380c)
# The copy at that commit is alexh-tigera/kibana's, a fork of elastic/kibana; the texts below,
# the page template and the script (fakekibana/connectors/oauth_callback.py) are the same in
# elastic/kibana's stored copy of the file (index id 51801932868, commit not given by the index).
# Kibana 9.4.0's i18n defaultMessages, only those fakekibana can reach (see that module).
# The "Authentication Required" page (getCurrentUser() is null: 401).
OAUTH_AUTH_REQUIRED_TITLE = "Authorization Failed"
OAUTH_AUTH_REQUIRED_HEADING = "Authentication Required"
OAUTH_AUTH_REQUIRED_MESSAGE = "You must be logged in to complete the OAuth authorization."
OAUTH_AUTH_REQUIRED_DETAILS = "Please log in and try again."
# respondWithError's page (200), and its details for a user without a profile uid.
OAUTH_ERROR_TITLE = "OAuth Authorization Failed"
OAUTH_ERROR_HEADING = "Authorization Failed"
OAUTH_ERROR_MESSAGE = "You can close this window and try again."
OAUTH_MISSING_PROFILE_UID = "Unable to retrieve Kibana user profile ID."
