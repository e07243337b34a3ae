"""The saved objects routes that move objects in and out: _export, _import,
_resolve_import_errors, and the Spaces copy routes built on them.

routes/export.ts, import.ts, resolve_import_errors.ts @ the commits reference
kibana-saved-objects-spaces.md §2.1 names; 7.8: the 7.7 build's routes/*.js. None of them is
deprecated (no `warning` header, §1.2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.core import jsonio
from fakekibana.core.area import Call, Reply
from fakekibana.core.errors import BadRequest, KibanaError
from fakekibana.core.gcpause import without_collection_pauses
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import (
    authz,
    copy_to_space,
    export,
    importer,
    messages,
    resolve_errors,
)
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.ndjson_file import file_part, read_items

PREFIX = "/api/saved_objects"
# savedObjects.maxImportPayloadBytes' default (§2.2, UNCONFIRMED): the import routes' body.maxBytes.
MAX_IMPORT_BYTES = 26_214_400
SPACES = {"tag": "spaces", "plugin": "spaces"}
# The copy routes' 7.x access tag (reference §3.1: route tag access:copySavedObjectsToSpaces).
COPY_ACCESS = "access:copySavedObjectsToSpaces"
JSON = "application/json; charset=utf-8"
Row = tuple[str, tuple[str, ...], Callable[[SavedObjectsClient, Call], Any], dict[str, Any]]


def _boom_with_attributes(error: KibanaError) -> Reply:
    # The core's error schemas know `attributes` only as the kbn-version mismatch's; these
    # routes document their own (`attributes.objects`) in their response schemas.
    return Reply(error.status, jsonio.dumps(error.to_body()), JSON)


def answering_attributes(
    handler: Callable[[SavedObjectsClient, Call], Any],
) -> Callable[[SavedObjectsClient, Call], Any]:
    """The handler, its errors with `attributes` answered here (as export's are)."""

    def answered(client: SavedObjectsClient, call: Call) -> Any:
        try:
            return handler(client, call)
        except KibanaError as error:
            if error.attributes is None:
                raise
            return _boom_with_attributes(error)

    answered.__name__ = handler.__name__
    return answered


@without_collection_pauses
def export_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/_export."""
    try:
        return export.export_objects(client, call.space, call.body, call.principal)
    except KibanaError as error:
        if error.attributes is None:
            raise
        return _boom_with_attributes(error)


def check_query_clashes(query: dict[str, Any]) -> None:
    """The import queries' own validate: overwrite or compatibilityMode with createNewCopies."""
    if query.get("overwrite") and query.get("createNewCopies"):
        raise BadRequest(messages.import_option_clash("overwrite", "createNewCopies"))
    if query.get("createNewCopies") and query.get("compatibilityMode"):
        raise BadRequest(messages.import_option_clash("createNewCopies", "compatibilityMode"))


def check_import(
    client: SavedObjectsClient, call: Call, items: list[Any], retried: list[Any] | None = None
) -> None:
    """With security on, the import's checks in the request's space, in Kibana's order: after
    collectSavedObjects' own 400s (limit, non-unique objects), validateReferences' bulk_get of
    the index-pattern and search references the file does not hold, then the bulk_create
    (checkConflicts, then bulkCreate) of the types it would write. Resolving errors writes
    only the retried objects (an empty `retries` writes nothing and checks nothing)."""
    if call.principal is None:
        return
    supported, _ = importer.collect(client, items)
    in_file = {(item["type"], item["id"]) for item in supported}
    referenced = [
        ref["type"]
        for item in supported
        for ref in item["references"]
        if ref["type"] in importer.CHECKED_REFERENCES and (ref["type"], ref["id"]) not in in_file
    ]
    authz.ensure(call.principal, "bulk_get", referenced, [call.space])
    if retried is not None:
        keys = {(retry["type"], retry["id"]) for retry in retried}
        supported = [item for item in supported if (item["type"], item["id"]) in keys]
    types = [item["type"] for item in supported]
    authz.ensure(call.principal, "bulk_create", types, [call.space])


def import_handler(version: KibanaVersion) -> Callable[[SavedObjectsClient, Call], Any]:
    """POST /api/saved_objects/_import of this release."""
    copies = version.has("saved_objects.import_copies")
    icons = importer.ICONS_9 if version.has("saved_objects.import_icons_v9") else importer.ICONS_8

    @without_collection_pauses
    def import_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
        """POST /api/saved_objects/_import."""
        check_query_clashes(call.query)
        items = read_items(file_part(call.body))
        check_import(client, call, items)
        overwrite = bool(call.query.get("overwrite"))
        if not copies:
            return importer.import_objects_7(client, call.space, items, overwrite=overwrite)
        return importer.import_objects(
            client,
            call.space,
            items,
            overwrite=overwrite,
            create_new_copies=bool(call.query.get("createNewCopies")),
            icons=icons,
            compatibility_mode=bool(call.query.get("compatibilityMode")),
        )

    return import_saved_objects


def resolve_handler(version: KibanaVersion) -> Callable[[SavedObjectsClient, Call], Any]:
    """POST /api/saved_objects/_resolve_import_errors of this release."""
    copies = version.has("saved_objects.import_copies")
    icons = importer.ICONS_9 if version.has("saved_objects.import_icons_v9") else importer.ICONS_8

    @without_collection_pauses
    def resolve_import_errors(client: SavedObjectsClient, call: Call) -> Any:
        """POST /api/saved_objects/_resolve_import_errors."""
        check_query_clashes(call.query)
        part = file_part(call.body)
        retries = resolve_errors.parse_retries(call.body.get("retries"), copies)
        items = read_items(part)
        check_import(client, call, items, retries)
        if not copies:
            return resolve_errors.resolve_errors_7(client, call.space, items, retries)
        return resolve_errors.resolve_errors(
            client,
            call.space,
            items,
            retries,
            create_new_copies=bool(call.query.get("createNewCopies")),
            icons=icons,
            compatibility_mode=bool(call.query.get("compatibilityMode")),
        )

    return resolve_import_errors


def rows(version: KibanaVersion) -> list[Row]:
    """The rows of this release, static paths (they go before the `{type}` routes)."""
    variant = "" if version.has("saved_objects.v8") else ".v7"
    # The copy routes' copySavedObjectsToSpaces privilege (`all` in the request's space among
    # fakekibana's roles): 8.x's requiredPrivileges refusal (403), 7.8's access tag (404).
    copy_text = messages.COPY_FORBIDDEN if version.has("saved_objects.v8") else None
    copy = {"privilege": "all", "forbidden": copy_text, "access": COPY_ACCESS}
    multipart = {"multipart": True, "max_bytes": MAX_IMPORT_BYTES, "headers": ()}
    return [
        ("POST", (f"{PREFIX}/_export",), export_saved_objects, {"variant": variant, "headers": ()}),
        (
            "POST",
            (f"{PREFIX}/_import",),
            import_handler(version),
            {"query": True, "variant": variant, **multipart},
        ),
        (
            "POST",
            (f"{PREFIX}/_resolve_import_errors",),
            resolve_handler(version),
            # 7.8's route validates no query: whatever is sent is ignored.
            {"query": version.has("saved_objects.import_copies"), **multipart},
        ),
        # The Spaces copy routes (§3.5): the spaces plugin's paths and tag.
        (
            "POST",
            ("/api/spaces/_copy_saved_objects",),
            answering_attributes(copy_to_space.copy_handler(version)),
            {"variant": variant, "headers": (), **SPACES, **copy},
        ),
        (
            "POST",
            ("/api/spaces/_resolve_copy_saved_objects_errors",),
            answering_attributes(copy_to_space.resolve_copy_handler(version)),
            {"variant": variant, "headers": (), **SPACES, **copy},
        ),
    ]
