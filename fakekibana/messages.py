"""Every message text fakekibana copies from Kibana, in one place.

Each function or constant names the Kibana version (or library) whose wording it copies. The
sources are ../shared/reference/kibana-actions-core.md (section numbers given as "core §x") and
kibana-action-types.md ("types §x"), and the elastic/kibana sources where noted.
"""

from __future__ import annotations

# HTTP reason phrases as Boom (hapi) writes them in the "error" field; core §3.1.
# 413 is Boom's own wording, seen in Kibana's http_server tests ("Request Entity Too Large").
REASONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Time-out",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

# hapi's answer for an unknown route, and the security plugin's 404 for a missing privilege
# (identical bodies); core §3.2, §3.6. Kibana 7.7/7.8.
NOT_FOUND = "Not Found"
# hapi / subtext, Kibana 7.x: body that is not JSON, oversized body, unknown content type.
INVALID_JSON = "Invalid request payload JSON format"
UNSUPPORTED_MEDIA_TYPE = "Unsupported Media Type"
# @hapi/content type(), used by subtext (hapi 17/18).
INVALID_CONTENT_TYPE = "Invalid content-type header"
MULTIPART_WITHOUT_BOUNDARY = "Invalid content-type header: multipart missing boundary"
# subtext's decoder, Kibana 7.x: a gzip or deflate body that does not decompress.
INVALID_COMPRESSED_PAYLOAD = "Invalid compressed payload"
# hapi's payload timeout (Boom.clientTimeout); the exact message is UNCONFIRMED, Boom's
# default (the reason phrase of its own 408 table) is used.
REQUEST_TIMEOUT = "Request Time-out"
# Kibana 7.x lifecycle_handlers.ts; core §3.4.
XSRF_REQUIRED = "Request must contain a kbn-xsrf header."
# Kibana 7.x response_adapter toInternalError; core §3.2 (note the trailing period).
INTERNAL_ERROR = "An internal server error occurred."
# Kibana 7.x lifecycle/auth.js: request with no credentials; core §3.5.
UNAUTHORIZED = "Unauthorized"


def payload_too_large(max_bytes: int) -> str:
    """hapi/subtext 413 text, as asserted by Kibana 7.x http_server tests."""
    return f"Payload content length greater than maximum allowed: {max_bytes}"


def version_mismatch(got: str, expected: str) -> str:
    """Kibana 7.x lifecycle_handlers.ts, kbn-version mismatch; core §3.4."""
    return (
        "Browser client is out of date, please refresh the page "
        f'("kbn-version" header was "{got}" but should be "{expected}")'
    )


def bad_credentials(username: str) -> str:
    """The Elasticsearch 401 text Kibana 7.x proxies for wrong credentials; core §3.5.

    UNCONFIRMED wording (the reference gives it as typical), used because it is the most
    plausible text a 7.x Kibana backed by Elasticsearch's native realm returns.
    """
    return (
        f"[security_exception] unable to authenticate user [{username}] for REST request "
        '[/_security/_authenticate], with { header={ WWW-Authenticate="Basic realm=\\"security\\" '
        'charset=\\"UTF-8\\"" } }'
    )


def bad_api_key() -> str:
    """Elasticsearch's 401 for an unknown API key, as Kibana 7.x proxies it.

    UNCONFIRMED wording: modelled on the basic-auth text of core §3.5 for the api-key realm.
    """
    return (
        "[security_exception] unable to authenticate with provided credentials and anonymous "
        "access is not allowed for this request"
    )


def license_expired_plugin(license_type: str) -> str:
    """Kibana 7.x licensing plugin check for the actions plugin (minimum basic); core §3.7.

    Wording from x-pack/plugins/licensing license.ts (xpack.licensing.check.errorExpiredMessage)
    with pluginName = 'actions' (the actions PLUGIN.ID); the reference marks it UNCONFIRMED.
    """
    return f"You cannot use actions because your {license_type} license has expired."


def saved_object_not_found(so_type: str, so_id: str) -> str:
    """Saved-objects 404, Kibana 7.x; core §3.8."""
    return f"Saved object [{so_type}/{so_id}] not found"


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

# --- @kbn/config-schema as bundled with Kibana 7.7/7.8; core §3.3, types §1.4 -----------------
TYPES_FAILED = "types that failed validation:"
UNKNOWN_KEY = "definition for this key is missing"
EMPTY_MAPPING = "expected non-empty but got empty"
# What 7.8's config-schema throws for a missing literal inside a oneOf of objects (the 7.8
# servicenow and jira integration tests assert it verbatim for `params: {}`); types §1.4.
MISSING_LITERAL_CRASH = "Cannot read property 'Symbol(Symbol.iterator)' of undefined"


def expected_type(type_name: str, got: str) -> str:
    """string/number/boolean/array/record mismatch."""
    return f"expected value of type [{type_name}] but got [{got}]"


def expected_object(got: str) -> str:
    """schema.object given a non-object."""
    return f"expected a plain object value, but found [{got}] instead."


def could_not_parse(kind: str) -> str:
    """A string given where an object, record or array is expected, and it is not JSON."""
    return f"could not parse {kind} value from json input"


def expected_literal(value: str) -> str:
    """schema.literal mismatch; 7.7/7.8 have no 'but got' suffix."""
    return f"expected value to equal [{value}]"


def expected_defined(got: str) -> str:
    """schema.oneOf given undefined."""
    return f"expected at least one defined value but got [{got}]"


def min_value(limit: str) -> str:
    """schema.number min."""
    return f"Value must be equal to or greater than [{limit}]."


def max_value(limit: str) -> str:
    """schema.number max."""
    return f"Value must be equal to or lower than [{limit}]."


def min_length(length: int, limit: int) -> str:
    """schema.string minLength.

    The reference leaves the 7.7 wording open (types §1.4); the 7.7.0 build's bundled
    @kbn/config-schema (target/out/types/string_type.js) has exactly this text.
    """
    return f"value has length [{length}] but it must have a minimum length of [{limit}]."


def max_length(length: int, limit: int) -> str:
    """schema.string maxLength; same wording family as min_length."""
    return f"value has length [{length}] but it must have a maximum length of [{limit}]."


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
