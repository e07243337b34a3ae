"""Kibana's texts for what the HTTP layer and @kbn/config-schema refuse, in one place.

These are Kibana core's and its libraries' (hapi, Boom, subtext, config-schema), shared by every
area; each area keeps its plugin's own texts in its messages module. Each function or constant
names the Kibana version (or library) whose wording it copies. The sources are
../shared/reference/kibana-actions-core.md ("core §x") and kibana-action-types.md ("types §x").
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
    # Boom.conflict, as the spaces plugin answers a duplicate space id.
    409: "Conflict",
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


def saved_object_not_found(so_type: str, so_id: str) -> str:
    """Saved-objects 404, Kibana 7.x; core §3.8."""
    return f"Saved object [{so_type}/{so_id}] not found"


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


def saved_object_conflict(so_type: str, so_id: str) -> str:
    """Saved-objects 409 (core createConflictError), Kibana 8.x/9.x (reference 9x §4)."""
    return f"Saved object [{so_type}/{so_id}] conflict"


# The actions plugin's validateEmptyStrings (validate_empty_strings.ts @ 54bec3bc), a
# config-schema `validate` function the schemas name with x-kibana-validate; Kibana 8.x/9.x.
# The value is printed trimmed, so always ''.
BLANK_VALUE = "value '' is not valid"
