"""The Kibana 8.19/9.x stack connector types' texts, in one place.

Each text names the Kibana release line it matches and its source: elastic/kibana path @ commit
(8 hex digits), "rows" for the research notes these types were written from (their sources are
cited in the schema files' $comment of the same type), or "reference §x" for
kibana-connectors-9x.md. Prefixes used below:
A/ = x-pack/platform/plugins/shared/actions/server/, SC/ =
x-pack/platform/plugins/shared/stack_connectors/server/connector_types/, CS/ =
src/platform/packages/shared/kbn-connector-schemas/.
"""

from __future__ import annotations

import json
from typing import Any

# --- allow-list and sub-action framework (actions plugin) -------------------------------------


def uri_not_allowed(url: str) -> str:
    """ensureUriAllowed, 8.x/9.x: A/actions_config.ts @ 020614b3 (allowListErrorMessage)."""
    return f'target url "{url}" is not added to the Kibana config xpack.actions.allowedHosts'


def hostname_not_allowed(hostname: str) -> str:
    """ensureHostnameAllowed, 8.x/9.x: A/actions_config.ts @ 020614b3."""
    return (
        f'target hostname "{hostname}" is not added to the Kibana config xpack.actions.allowedHosts'
    )


def url_validation(inner: str) -> str:
    """urlAllowListValidator of sub-action types: A/sub_action_framework/helpers/validators.ts
    @ 437def57 (rows); Kibana's tines test shows it ('error validating url: target url ...')."""
    return f"error validating url: {inner}"


def sub_action_not_registered(sub_action: str, action_id: str, name: str, type_id: str) -> str:
    """A/sub_action_framework/executor.ts @ 33dd4792 (every 8.19/9.x line)."""
    return (
        f'Sub action "{sub_action}" is not registered. Connector id: {action_id}. '
        f"Connector name: {name}. Connector type: {type_id}"
    )


def request_validation_failed(inner: str) -> str:
    """A/sub_action_framework/executor.ts @ 33dd4792: `${reqValidationError}` in parentheses."""
    return f"Request validation failed ({inner})"


def sub_action_request_failed(status: int, message: str) -> str:
    """SubActionConnector.request's error: A/sub_action_framework/sub_action_connector.ts
    @ 35e48284 (addMessageToResponseError)."""
    return f"Status code: {status}. Message: {message}"


def zod_issues_text(issues: list[dict[str, Any]]) -> str:
    """zod v3 ZodError's text, JSON.stringify(issues, null, 2): Kibana's JSM execute test
    (read_file id 3825570006, 9.3+) shows it inside 'Request validation failed (...)'."""
    return json.dumps(issues, indent=2, ensure_ascii=False)


# Classic (non-framework) executors that dispatch on subAction: SC/lib/servicenow/utils.ts
# @ 2e36d1ab (throwIfSubActionIsNotSupported); swimlane and slack_api word it alike (rows).
def unsupported_sub_action(service: str, sub_action: str) -> str:
    """'[Action][ExternalService] -> [<service>] Unsupported subAction type <x>.' (rows)."""
    return f"[Action][ExternalService] -> [{service}] Unsupported subAction type {sub_action}."


# --- per-type config/secrets/params checks ---------------------------------------------------


def configuring(kind: str, inner: str) -> str:
    """'error configuring <kind> action: ...': slack SC/slack/index.ts @ 1155df4a, teams
    SC/teams/index.ts @ 0e1c3c3d, pagerduty SC/pagerduty/index.ts @ 167598a5, servicenow
    ('connector') SC/lib/servicenow/translations.ts @ 538d041d, cases webhook ('cases
    webhook', Kibana's cases_webhook test), torq ('send to Torq') SC/torq/index.ts @ 0fd28cf7."""
    return f"error configuring {kind} action: {inner}"


UNPARSABLE_WEBHOOK_URL = "unable to parse host name from webhookUrl"
# Node's TypeError of `new URL('<bad>')`, as err.toString() and err.message print it (Node 18+
# internal errors carry their code in the name; inferred, not read in Kibana's tests).
NODE_INVALID_URL = "TypeError [ERR_INVALID_URL]: Invalid URL"
NODE_INVALID_URL_MESSAGE = "Invalid URL"


def unable_to_parse_url(err: str) -> str:
    """torq SC/torq/index.ts @ 0fd28cf7; webhook SC/webhook/validations.ts @ 08fc8537 (rows)."""
    return f"unable to parse url: {err}"


# .torq: SC/torq/index.ts @ 0fd28cf7.
TORQ_HOST = "url must begin with https://hooks.torq.io or https://hooks.eu.torq.io"
TORQ_INVALID_BODY = "error triggering Torq workflow, invalid body"
TORQ_INVALID_RESPONSE = "error triggering Torq workflow, invalid response"
TORQ_RETRY_LATER = "error triggering Torq workflow, retry later"

# .webhook: SC/webhook/validations.ts @ 08fc8537 and errors.ts @ 090c7a02.
WEBHOOK_CONFIG_PREFIX = "error validation webhook action config: "
WEBHOOK_AUTH_TYPE_WITHOUT_AUTH = "authType must be null or undefined if hasAuth is false"
# The secrets rule, per release (rows): 8.19-9.1 SC/../common/auth/schema.ts @ 0a6baaaa
# (SecretConfigurationSchemaValidation); 9.2 the same file's WebhookSecretConfigurationSchema-
# Validation; 9.3+ CS/common/auth/schemas/v1.ts @ 11b9bae3.
WEBHOOK_SECRETS_8_19 = (
    "must specify one of the following schemas: user and password; crt and key (with optional "
    "password); or pfx (with optional password)"
)
WEBHOOK_SECRETS_9_2 = (
    "must specify one of the following schemas: user and password; crt and key (with optional "
    "password); pfx (with optional password); or OAuth2 client secret"
)
WEBHOOK_SECRETS_9_3 = (
    "must specify one of the following schemas: user and password; crt and key (with optional "
    "password); pfx (with optional password); or clientSecret (for OAuth2)"
)

# .cases-webhook: SC/cases_webhook/translations.ts @ 437def57 (rows).
CASES_WEBHOOK_NO_SECRETS = "must specify a secrets configuration"

# .pagerduty: CS/pagerduty/schemas/v1.ts @ 524c5f66 and SC/pagerduty/index.ts @ 167598a5.
PAGERDUTY_DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue"


def pagerduty_bad_timestamp(timestamp: str) -> str:
    """'error parsing timestamp "<t>"' (9.x zod text; the 8.19 wording is UNCONFIRMED, rows)."""
    return f'error parsing timestamp "{timestamp}"'


def pagerduty_dedup_key_required(event_action: str) -> str:
    """resolve/acknowledge without dedupKey."""
    return f'DedupKey is required when eventAction is "{event_action}"'


def pagerduty_retry(status: int) -> str:
    """429 or 5xx."""
    return f"error posting pagerduty event: http status {status}, retry later"


def pagerduty_unexpected(status: int) -> str:
    """Any other non-202 status."""
    return f"error posting pagerduty event: unexpected status {status}"


# .slack: SC/slack/index.ts @ 1155df4a (rows); the 4xx text as 7.x slack.js words it.
SLACK_ERROR_POSTING = "error posting slack message"


def slack_unexpected_http(status: int, text: str) -> str:
    """A non-2xx answer other than 429/5xx (wording kept from 7.x; 8.x re-read UNCONFIRMED)."""
    return f"unexpected http response from slack: {status} {text}"


# .slack_api: SC/../common/slack_api/schema.ts @ 0ebeefe7 (rows).
SLACK_API_BLOCKS_REQUIRED = 'block kit body must contain field "blocks"'


def slack_api_not_json(error: str) -> str:
    """A postBlockkit text that is not JSON (the error is the JSON parser's)."""
    return f"block kit body is not valid JSON - {error}"


# .teams: SC/teams/index.ts @ 0e1c3c3d.
TEAMS_INVALID_RESPONSE = "error posting to Microsoft Teams, invalid response"
TEAMS_RETRY_LATER = "error posting a Microsoft Teams message, retry later"

# .xmatters: SC/xmatters/index.ts @ 05c84297.
XMATTERS_CONFIG_PREFIX = "Error configuring xMatters action: "
XMATTERS_NO_SECRETS = "Provide either secretsUrl link or user/password to authenticate"
XMATTERS_USER_WITH_URL = (
    "Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic "
    "Authentication."
)
XMATTERS_USER_AND_PASSWORD = "Both user and password must be specified."
XMATTERS_ERROR_POSTING = "Error triggering xMatters workflow"


def xmatters_invalid_secrets_url(err: str) -> str:
    """secretsUrl that `new URL` rejects (err.toString())."""
    return f"Invalid secretsUrl: {err}"


def xmatters_retry(status: int) -> str:
    """429 or 5xx."""
    return f"Error triggering xMatters flow: http status {status}, retry later"


def xmatters_unexpected(status: int) -> str:
    """Any other non-2xx status."""
    return f"Error triggering xMatters flow: unexpected status {status}"


# .email: SC/email/index.ts @ 00cb7c75 (rows) for 9.x; the params text per release (rows).
EMAIL_HOST_PORT_REQUIRED = "[host]/[port] is required"
EMAIL_HOST_REQUIRED = "[host] is required"
EMAIL_PORT_REQUIRED = "[port] is required"
EMAIL_CLIENT_TENANT_REQUIRED = "[clientId]/[tenantId] is required"
EMAIL_CLIENT_REQUIRED = "[clientId] is required"
EMAIL_TENANT_REQUIRED = "[tenantId] is required"
EMAIL_NO_RECIPIENTS_8_19 = "no [to], [cc], or [bcc] entries"
EMAIL_NO_RECIPIENTS_9_3 = "At least one entry in [to], [cc], or [bcc] is required"


def email_host_not_allowed(host: str) -> str:
    """service 'other' with a host outside xpack.actions.allowedHosts."""
    return f"[host] value '{host}' is not in the allowedHosts configuration"


def email_service_not_valid(service: str) -> str:
    """A service nodemailer does not know."""
    return f"[service] value '{service}' is not valid"


def email_service_not_allowed(service: str, host: str) -> str:
    """A well-known service whose host is outside xpack.actions.allowedHosts."""
    return (
        f"[service] value '{service}' resolves to host '{host}' which is not in the "
        "allowedHosts configuration"
    )


# .index: reference §8.3; CS/es_index/schemas/v1.ts @ 34ab3873 (rows).
INDEX_OVERRIDE_PREFIX = 'index must start with "kibana-alert-history-"'

# .server-log: its error text is 7.x's (SERVER_LOG_ERROR above), unchanged in
# SC/server_log/index.ts @ 0703cc83 (UNCONFIRMED re-read).

# --- incident systems (classic executors: thrown errors, wrapped by the framework) ------------


def action_error(service: str, text: str) -> str:
    """getErrorMessage of A/lib/axios_utils: '[Action][<service>]: <text>'."""
    return f"[Action][{service}]: {text}"


def incident_error(what: str, error: str, reason: str) -> str:
    """8.x ServiceNow/Jira wording: '<what>. Error: <error> Reason: <reason>' (ServiceNow:
    Kibana's service tests, find_string hits; Jira SC/jira/service.ts @ 02dbce49 puts a period
    after <error>; see jira_error). Newest main adds '[status=…]' suffixes (SC/lib/servicenow/
    utils.ts @ 2e36d1ab), release UNCONFIRMED, not used."""
    return f"{what}. Error: {error} Reason: {reason}"


def jira_error(what: str, error: str, reason: str) -> str:
    """SC/jira/service.ts @ 02dbce49 (wrapError)."""
    return f"{what}. Error: {error}. Reason: {reason}"


def request_failed(status: int) -> str:
    """axios's AxiosError message for a non-2xx status."""
    return f"Request failed with status code {status}"


# Node's error for a refused connection (what "down" simulates).
CONNECTION_REFUSED = "connect ECONNREFUSED 127.0.0.1:443"
SERVICENOW_NO_ERROR_BODY = "unknown: errorResponse was null"
JIRA_NO_ERROR_BODY = "unknown: errorResponse was null"


# .servicenow family: SC/lib/servicenow/translations.ts @ 538d041d and validators.ts @ 089d9d14
# (rows); the unsupported sub-action text SC/lib/servicenow/utils.ts @ 2e36d1ab.
SERVICENOW_NO_CREDENTIALS = "Either basic auth or OAuth credentials must be specified"
SERVICENOW_BASIC_PAIR = "username and password must both be specified"
SERVICENOW_OAUTH_PAIR = "clientSecret and privateKey must both be specified"
SERVICENOW_BASIC_WITH_OAUTH = "Username and password should not be provided with isOAuth = true"
SERVICENOW_OAUTH_WITHOUT_OAUTH = (
    "clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be "
    "provided with isOAuth = false"
)
# The bodies fakekibana's instance answers 400 and 404 with ({error: {message, detail}}, read
# as '<message>: <detail>'); the 404 pair is ServiceNow's own wording.
SERVICENOW_BAD_REQUEST = "Exception while reading request: Operation Failed"
SERVICENOW_NOT_FOUND = "No Record found: Record doesn't exist or ACL restricts the record retrieval"


def servicenow_missing(field: str, is_oauth: bool) -> str:
    """'<field> must be provided when isOAuth = <true|false>'."""
    return f"{field} must be provided when isOAuth = {'true' if is_oauth else 'false'}"


def sub_action_not_implemented(sub_action: str) -> str:
    """A sub-action the classic executor's api has but does not support (9.x handshake)."""
    return f"[Action][ExternalService] subAction {sub_action} not implemented."


# .jira: SC/jira/translations.ts @ 64b061b2 (config-schema era) and CS/jira/schemas/v1.ts
# @ 3ac3829e with CS/common/utils/validators.ts @ 0fc569ed (9.3+, rows).
def jira_label_spaces(label: str) -> str:
    """A label with whitespace."""
    return f"The label {label} cannot contain spaces"


def jira_other_fields_8_19(limit: int) -> str:
    """otherFields with more than `limit` keys, config-schema era."""
    return f"A maximum of {limit} otherFields can be defined at a time."


def jira_other_fields_9_3(limit: int) -> str:
    """otherFields with more than `limit` keys, 9.3+ (common validators)."""
    return f"A maximum of {limit} fields in otherFields can be defined at a time."


# The bodies fakekibana's Jira answers 400 and 404 with ({errorMessages: [...]}); the 404 text
# is Jira Cloud's own.
JIRA_BAD_REQUEST = "Field 'summary' cannot be set. It is not on the appropriate screen, or unknown."
JIRA_NOT_FOUND = "Issue does not exist or you do not have permission to see it."


# .email executor refusals (thrown, errorSource user): SC/email/index.ts, config-schema era
# (rows, read_file id 2923475094) for 8.19-9.x.
EMAIL_HTML_NOT_NOTIFICATION = "HTML email can only be sent via notifications"
EMAIL_ATTACHMENTS_NOT_NOTIFICATION = "Email attachments can only be sent via notifications"


# .xmatters validateConnector: SC/xmatters/index.ts @ 05c84297.
XMATTERS_SECRETS_URL_WITH_BASIC = "secretsUrl should not be provided when usesBasic is true"
XMATTERS_MISSING_USER = "Provide valid Username"
XMATTERS_MISSING_PASSWORD = "Provide valid Password"
XMATTERS_MISSING_CONFIG_URL = "Provide valid configUrl"
XMATTERS_USER_WITHOUT_BASIC = "Username and password should not be provided when usesBasic is false"
XMATTERS_CONFIG_URL_WITHOUT_BASIC = "configUrl should not be provided when usesBasic is false"
XMATTERS_MISSING_SECRETS_URL = "Provide valid secretsUrl with API Key"


# .swimlane: SC/swimlane/service.ts (find_string hits; Kibana's service test: 'Status: 500.
# Error: An error has occurred. Reason: unknown').
def swimlane_error(what: str, status: int, error: str, reason: str) -> str:
    """'<what>. Status: <s>. Error: <error>. Reason: <reason>'."""
    return f"{what}. Status: {status}. Error: {error}. Reason: {reason}"


SWIMLANE_NO_BODY = "unknown"


# .cases-webhook: SC/cases_webhook/service.ts (Kibana's service and integration tests:
# 'Unable to create case. Error: An error has occurred.  Reason: Required field', and with no
# reason 'Error: JSON Error: Create case JSON body must be valid JSON.  ').
def cases_webhook_error(what: str, error: str, reason: str) -> str:
    """'<what>. Error: <error>.  Reason: <statusText>' (two spaces; no reason, nothing)."""
    return f"{what}. Error: {error}.  " + (f"Reason: {reason}" if reason else "")


def cases_webhook_unparsable(url: str, err: str) -> str:
    """A URL of the config that does not parse (rows; placeholder reading UNCONFIRMED)."""
    return f"unable to parse {url}: {err}"


# .slack_api: the service's error result for Slack's {ok: false, error} (fakekibana's reading
# of SC/slack_api/service.ts; UNCONFIRMED).
SLACK_API_ERROR_POSTING = "error posting slack message"


# .bedrock invokeAI messages: CS/bedrock/schemas/v1.ts @ 027ff216 (rows).
BEDROCK_CONTENT_NEITHER = "Must specify either content or rawContent"
BEDROCK_CONTENT_BOTH = "content and rawContent can not be used at the same time"


# .inference: SC/inference/index.ts @ 15e7e739 (rows).
def inference_task_not_supported(task: str) -> str:
    """A taskType the connector has no sub-action for."""
    return (
        "Error configuring Inference API action: Error: Task type is not supported: "
        f"{task} by Inference Endpoint."
    )


# .opsgenie / .jira-service-management createAlert: a message of only whitespace
# (CS/opsgenie/constants.ts @ 0fb6c790, rows); fakekibana's Opsgenie refuses with its 401
# 'Key format is not valid!' (Opsgenie's own text for a bad GenieKey).
OPSGENIE_BLANK_MESSAGE = "must be populated with a value other than just whitespace"
OPSGENIE_BAD_KEY = "Key format is not valid!"
OPSGENIE_ACCEPTED = "Request will be processed"
