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
