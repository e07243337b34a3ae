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


def attributes_invalid(schema_error: str) -> str:
    """validateObjectForCreate: the type's create schema refused the attributes, its config-schema
    error (`[attributes.<path>]: ...`) made a bad request (§2.8; apis/helpers/validation.ts @
    ebcba5252588e6ff2093c982b32636bce230c358)."""
    return bad_request(schema_error)


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


# --- export (§2.6; routes/export.ts @ 06b740bc, export/errors.ts @ af4126d8; 7.8 from the 7.7
# build's export/get_sorted_objects_for_export.js) ------------------------------------------------
EXPORT_NEEDS_TYPE_OR_OBJECTS = "Either `type` or `objects` are required."
EXPORT_TYPES_AND_OBJECTS = 'Can\'t specify both "types" and "objects" properties when exporting'
EXPORT_SEARCH_AND_OBJECTS = 'Can\'t specify both "search" and "objects" properties when exporting'
EXPORT_REFERENCES_AND_OBJECTS = (
    'Can\'t specify both "references" and "objects" properties when exporting'
)
EXPORT_FETCH_ERROR = "Error fetching objects to export"


def export_non_exportable_types(types: Sequence[str]) -> str:
    """routes/utils.ts validateTypes: types that are not importable and exportable."""
    return f"Trying to export non-exportable type(s): {', '.join(types)}"


def export_non_exportable_objects(keys: Sequence[str]) -> str:
    """routes/utils.ts validateObjects: objects (`type:id`) of such types."""
    return f"Trying to export object(s) with non-exportable types: {', '.join(keys)}"


def export_too_many_objects(limit: int) -> str:
    """The route's own check of a by-objects export (and 7.8's for both kinds)."""
    return f"Can't export more than {limit} objects"


def export_size_exceeded(limit: int) -> str:
    """SavedObjectsExportError.exportSizeExceeded (8.x/9.x by-type exports, §2.6)."""
    return (
        f"Can't export more than {limit} objects. If your server has enough memory, this limit "
        'can be increased by adjusting the "savedObjects.maxImportExportSize" setting.'
    )


def array_too_long(where: str, size: int, limit: int) -> str:
    """config-schema's arrayOf maxSize error (`{maxSize: maxImportExportSize}` on `objects`)."""
    return f"[{where}]: array size is [{size}], but cannot be greater than [{limit}]"


# --- import (§2.7; import/errors.ts @ 2c3968bb, routes/import.ts @ 03527cbb; 7.7 build) -----------
def invalid_file_extension(extension: str) -> str:
    """The file part's name does not end in .ndjson (Node's path.extname, lower-cased)."""
    return f"Invalid file extension {extension}"


def import_too_many(limit: int) -> str:
    """SavedObjectsImportError.importSizeExceeded (7.8's createLimitStream: the same text)."""
    return f"Can't import more than {limit} objects"


def import_non_unique(keys: Sequence[str]) -> str:
    """SavedObjectsImportError.nonUniqueImportObjects: `type:id`s joined by commas."""
    return f"Non-unique import objects detected: [{','.join(keys)}]"


def non_unique_retries(keys: Sequence[str]) -> str:
    """SavedObjectsImportError.nonUniqueRetryObjects."""
    return f"Non-unique retry objects: [{','.join(keys)}]"


def non_unique_destinations(keys: Sequence[str]) -> str:
    """SavedObjectsImportError.nonUniqueRetryDestinations."""
    return f"Non-unique retry destinations: [{','.join(keys)}]"


# config-schema's schema.stream() when the `file` part is missing (DERIVED from its type name).
IMPORT_FILE_MISSING = "[request body.file]: expected value of type [Stream] but got [undefined]"


def not_valid_json(line: str, position: int) -> str:
    """JSON.parse's SyntaxError of a line (Node 20's wording; the 7.8 Node 10 text differs).
    UNCONFIRMED: V8 shortens long inputs in this text; the fake quotes the whole line."""
    if position >= len(line):
        return "Unexpected end of JSON input"
    return f"Unexpected token '{line[position]}', \"{line}\" is not valid JSON"


# fakekibana's own: a line that is JSON but not an object with string `type` and `id`
# (Kibana fails on it further in, not with a documented answer).
IMPORT_LINE_NOT_OBJECT = (
    "fakekibana: each line of an import file must be a JSON object with string `type` and `id`"
)


def import_option_clash(first: str, second: str) -> str:
    """The query's own validate (import.ts, resolve_import_errors.ts): config-schema puts the
    `[request query]: ` prefix before it (DERIVED)."""
    return f"[request query]: cannot use [{first}] with [{second}]"


# --- resolve_import_errors' `retries` field, config-schema's texts (DERIVED from its types) ----
def retries_field(path: str, expected: str, got: str) -> str:
    """A retries value of the wrong type: `[request body.retries.0.type]: ...`."""
    return f"[request body.retries{path}]: expected value of type [{expected}] but got [{got}]"


RETRIES_NOT_JSON = "[request body.retries]: could not parse array value from json input"


# --- Spaces copy (§3.1, §3.5; x-pack spaces routes/api/external/copy_to_space.ts @ 12071a2d) -----
COPY_SPACE_ID = 'lower case, a-z, 0-9, "_", and "-" are allowed'
COPY_DUPLICATE_SPACES = "duplicate space ids are not allowed"
COPY_DUPLICATE_OBJECTS = "duplicate objects are not allowed"
COPY_OBJECTS_NOT_FOUND = "Saved objects not found"


def copy_option_clash(first: str, second: str) -> str:
    """The copy bodies' own validate (config-schema prefixes `[request body]: `, DERIVED)."""
    return f"[request body]: cannot use [{first}] with [{second}]"


def invalid_retry_space(space: str) -> str:
    """A retries key that is not a space id. The `key("…")` path is UNCONFIRMED."""
    return f'[request body.retries.key("{space}")]: Invalid space id: {space}'


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


# --- security (saved_objects/authz.py) ---------------------------------------------------------
def unable(action: str, types: Sequence[str]) -> str:
    """A missing saved-object privilege, decorated Forbidden (403): the types sorted, unique,
    joined by commas. 8.x/9.x: saved_objects_security_extension.ts @ 009ae43c enforceAuthorization;
    7.8: the 7.7 build's secure_saved_objects_client_wrapper.js ensureAuthorized (same text)."""
    return f"Unable to {action} {','.join(sorted(set(types)))}"


# 8.x/9.x: authorizeOpenPointInTime (same source) refuses a user who may find none of the
# types in none of the spaces with a bare decorated Forbidden('unauthorized'); a by-type
# export opens its point in time with it, and the finder rethrows every error but a 404.
EXPORT_UNAUTHORIZED = "unauthorized"

# 8.x/9.x: the copy routes' requiredPrivileges ['copySavedObjectsToSpaces'] (§3.1; the resolve
# route's text from the spaces API integration suite, resolve_copy_to_space.ts). `{api}` is
# the request's method and path (core Route.forbidden).
COPY_FORBIDDEN = (
    "API [{api}] is unauthorized for user, this action is granted by the Kibana privileges "
    "[copySavedObjectsToSpaces]"
)


# --- legacy URL aliases (8.x/9.x) ---------------------------------------------------------------


def alias_title(source_id: str, target_id: str) -> str:
    """extract_errors.ts @ 6ddcc0ab: the `meta.title` of an alias import could not write."""
    return f"Legacy URL alias ({source_id} -> {target_id})"


def array_too_big(where: str, size: int, limit: int) -> str:
    """config-schema's arrayOf maxSize (array_type.ts 'array.max'), e.g. the disable route's
    `aliases` (maxSize 1000, disable_legacy_url_aliases.ts @ 0b22416a)."""
    return f"[{where}]: array size is [{size}], but cannot be greater than [{limit}]"
