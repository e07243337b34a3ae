"""The data views API's own error texts, each with the Kibana release it matches.

Reference kibana-saved-objects-spaces.md §6. Errors go through the plugin's handle_errors
(util/handle_errors.ts@538d041d): not-found errors answer 404, every other error 400, each
with Kibana's usual body `{statusCode, error, message[, attributes]}` (response.notFound /
response.badRequest with `{message}` render Boom's body).
"""

from __future__ import annotations

# The `elastic-api-version` answer header of a versioned public route (§1.3).
API_VERSION = "2023-10-31"


def duplicate_by_name(name: str) -> str:
    """9.x: create without `override` when a data view of that name exists (§6)."""
    return f"Duplicate data view: {name}"


def duplicate_by_title(title: str) -> str:
    """8.19 (older releases' text, §6 "older"): the same refusal, by title."""
    return f"Duplicate index pattern: {title}"


def runtime_field_exists(name: str) -> str:
    """POST …/runtime_field when the data view has a field of that name (§6)."""
    return f"Field [name = {name}] already exists."


def runtime_field_missing(view_id: str, name: str) -> str:
    """GET/POST/DELETE …/runtime_field/{name} of an unknown runtime field: DERIVED from
    the plugin's ErrorIndexPatternFieldNotFound (a 404); the text is UNCONFIRMED."""
    return f"Field [index_pattern = {view_id}, field = {name}] not found."


# 8.x/9.x: the write routes' requiredPrivileges ['indexPatterns:manage'] (create_data_view.ts
# @ 2752c390, default_data_view.ts @ 027ff216, delete_runtime_field.ts @ 040d41b1 ...), in the
# words of Kibana's authz (`{api}`: the request's method and path, core Route.forbidden).
MANAGE_FORBIDDEN = (
    "API [{api}] is unauthorized for user, this action is granted by the Kibana privileges "
    "[indexPatterns:manage]"
)
# A read of a data view by a user who may not read saved objects in the space: the saved
# objects client's 403 `Unable to get index-pattern`, which the plugin's handle_errors answers
# as a 400 (only not-found errors keep their status). DERIVED from handle_errors.ts @ 538d041d.
UNABLE_TO_GET = "Unable to get index-pattern"
# The same for a create whose `namespaces` name a space the user may not write to (the
# client's create authorizes initialNamespaces): `Unable to create index-pattern`, a 400. DERIVED.
UNABLE_TO_CREATE = "Unable to create index-pattern"
