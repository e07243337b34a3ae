"""Kibana's saved-objects texts, each with the reference section or source it matches.

Reference: /work/shared/reference/kibana-saved-objects-spaces.md (§1.1 for the decorated errors:
a bad request's reason gets `: Bad Request` appended). 7.8 sources are the 7.7 build
`kibana/src/core/server/saved_objects/` of soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1
("7.7 build"). Not-found and conflict texts are the core's (fakekibana.core.messages).
"""

from __future__ import annotations

from collections.abc import Sequence

# Boom's reason phrases, for the error objects embedded in bulk answers.
REASONS = {400: "Bad Request", 404: "Not Found", 409: "Conflict"}


def bad_request(reason: str) -> str:
    """SavedObjectsErrorHelpers.createBadRequestError(reason) (§1.1)."""
    return f"{reason}: Bad Request"


def unsupported_type(so_type: str) -> str:
    """createUnsupportedTypeError (§1.1): create or bulk item of an unknown or hidden type."""
    return bad_request(f"Unsupported saved object type: '{so_type}'")


def invalid_version(version: str) -> str:
    """decodeVersion of a string that is not base64 JSON `[int,int]` (§2.3): no suffix."""
    return f"Invalid version [{version}]"


def stale_version(raw_id: str, expected: int, current: int) -> str:
    """A valid `version` that is not the object's: Elasticsearch's version conflict as the
    client wraps it. UNCONFIRMED exact text (§1.1 gives it as plausible)."""
    cause = (
        f"[{raw_id}]: version conflict, required seqNo [{expected}], primary term [1]. "
        f"current document has seqNo [{current}] and primary term [1]"
    )
    return (
        "version_conflict_engine_exception\n\tRoot causes:\n\t\t"
        f"version_conflict_engine_exception: {cause}"
    )


# 7.7 build repository.js getBulkOperationError: a bulk create over an existing id (7.8).
BULK_CONFLICT_7 = "version conflict, document already exists"
# 7.7 build repository.js bulkGet: a missing object's error has no `error` key (7.8).
BULK_NOT_FOUND_7 = "Not found"

# §2.9, delete.ts @ ebcba525: an object shared to several spaces, deleted without `force`.
DELETE_SHARED = bad_request(
    "Unable to delete saved object that exists in multiple namespaces, "
    "use the `force` option to delete it anyway"
)

# §2.8 (validation.ts / the repository's create and bulk_get checks).
INITIAL_NAMESPACES_AGNOSTIC = bad_request(
    '"initialNamespaces" cannot be used on space-agnostic types'
)
INITIAL_NAMESPACES_SINGLE = bad_request(
    '"initialNamespaces" can only specify a single space when used with space-isolated types'
)
INITIAL_NAMESPACES_EMPTY = bad_request('"initialNamespaces" must be a non-empty array of strings')
BULK_GET_NAMESPACES_AGNOSTIC = bad_request('"namespaces" cannot be used on space-agnostic types')


# --- find (§2.5; filter_utils.js of the 7.7 build and filter_utils.ts @ d407a22c) ---------------
INVALID_AGGS = "invalid aggs value"


def filter_not_allowed_type(so_type: str) -> str:
    """A filter key whose type is not among the searched types (joined errors get one
    `: Bad Request` suffix, so these texts have none)."""
    return f"This type {so_type} is not allowed"


def filter_needs_type(key: str, types: Sequence[str]) -> str:
    """A filter key without a `<type>.` prefix (`types.join()`: comma-separated)."""
    return f"This key '{key}' need to be wrapped by a saved object type like {','.join(types)}"


def filter_not_attributes(key: str) -> str:
    """A `<type>.<x>` filter key that is neither a root field nor `<type>.attributes.<x>`."""
    return f"This key '{key}' does NOT match the filter proposition SavedObjectType.attributes.key"


def kql_syntax(detail: str) -> str:
    """A filter KQL cannot parse: `KQLSyntaxError: <detail>: Bad Request` (§2.5). The detail is
    fakekibana's own (Kibana's is its parser's expectation list): DERIVED."""
    return bad_request(f"KQLSyntaxError: {detail}")


def kql_unsupported(what: str) -> str:
    """KQL that Kibana accepts but the fake does not evaluate (a clear 400, never a wrong page)."""
    return bad_request(f"fakekibana does not support {what} in a saved objects filter")


AGGS_UNSUPPORTED = bad_request("fakekibana does not support aggs on _find")


def multi_type_sort(field: str) -> str:
    """sorting_params.js (7.7 build): several types sorted by a field that is not a root one."""
    return f"Unable to sort multiple types by field {field}, not a root property"


# --- Spaces sharing (internals/update_objects_spaces.ts @ 012f5d98; routes @ a59af1f2) -----

SPACES_TO_CHANGE_EMPTY = bad_request(
    "spacesToAdd and/or spacesToRemove must be a non-empty array of strings"
)
SPACES_TO_CHANGE_OVERLAP = bad_request(
    "spacesToAdd and spacesToRemove cannot contain any of the same strings"
)


def not_shareable(so_type: str) -> str:
    """An _update_objects_spaces item of a type that is not `multiple` (an item's error)."""
    return bad_request(f"{so_type} doesn't support multiple namespaces")


def duplicate_space_ids(key: str) -> str:
    """The route's spacesSchema `validate` on the whole array (config-schema's
    `[request body.<key>]: <text>`)."""
    return f"[request body.{key}]: duplicate space ids are not allowed"
