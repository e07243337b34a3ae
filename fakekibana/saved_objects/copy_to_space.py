"""The Spaces copy routes: POST /api/spaces/_copy_saved_objects and
/api/spaces/_resolve_copy_saved_objects_errors, an export from the request's space imported
into each destination space.

x-pack/platform/plugins/shared/spaces/server/routes/api/external/copy_to_space.ts @ 12071a2d
and lib/copy_to_spaces/ (elastic/kibana); 7.8: the 7.7 build's x-pack spaces plugin. Reference
kibana-saved-objects-spaces.md §3.1, §3.5. Served by the saved objects area: they are export
and import over its store (an area does not import another area). As §3.5 says, a destination
space that does not exist is not checked: the objects are written under its id all the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fakekibana.core.area import Call
from fakekibana.core.errors import BadRequest, Forbidden, KibanaError, NotFound
from fakekibana.core.gcpause import without_collection_pauses
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import authz, export, importer, messages, resolve_errors
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.ndjson_file import Item
from fakekibana.saved_objects.types import AGNOSTIC

SPACE_ID = re.compile(r"[a-z0-9_\-]+")
Handler = Callable[[SavedObjectsClient, Call], Any]


def _check_body(body: dict[str, Any], copies: bool, spaces: list[str]) -> None:
    """The copy bodies' checks that JSON Schema does not say, in config-schema's order."""
    for index, space in enumerate(spaces):
        if not SPACE_ID.fullmatch(space):
            raise BadRequest(f"[request body.spaces.{index}]: {messages.COPY_SPACE_ID}")
    if len(set(spaces)) != len(spaces):
        raise BadRequest(f"[request body.spaces]: {messages.COPY_DUPLICATE_SPACES}")
    keys = [(o["type"], o["id"]) for o in body["objects"]]
    if len(set(keys)) != len(keys):
        raise BadRequest(f"[request body.objects]: {messages.COPY_DUPLICATE_OBJECTS}")
    if copies and body.get("overwrite") and body.get("createNewCopies", True):
        raise BadRequest(messages.copy_option_clash("overwrite", "createNewCopies"))
    if copies and body.get("compatibilityMode") and body.get("createNewCopies", True):
        raise BadRequest(messages.copy_option_clash("compatibilityMode", "createNewCopies"))


def exported_items(client: SavedObjectsClient, space: str, body: dict[str, Any]) -> list[Item]:
    """The requested objects (and with includeReferences what they reach) as export lines,
    without the types no space holds; a missing object is the route's 404 (§3.1)."""
    roots, missing = [], []
    for ref in body["objects"]:
        obj = (
            client.store.get(space, ref["type"], ref["id"])
            if client.visible_type(ref["type"])
            else None
        )
        if obj is None:
            missing.append({"id": ref["id"], "type": ref["type"]})
        else:
            roots.append(obj)
    if missing:
        raise NotFound(messages.COPY_OBJECTS_NOT_FOUND, {"objects": missing})
    collected, _ = export.collect(client, space, roots, bool(body.get("includeReferences")))
    return [
        export.export_view(client, obj)
        for obj in export.sort_objects(collected)
        if client.types[obj.type].scope != AGNOSTIC
    ]


def _per_space(report: dict[str, Any]) -> dict[str, Any]:
    # copy_to_spaces.ts answers `{success, successCount, successResults, errors}` of the import
    # (no warnings); undefined ones vanish.
    return {
        key: report[key]
        for key in ("success", "successCount", "successResults", "errors")
        if key in report
    }


def _failure(error: KibanaError) -> dict[str, Any]:
    # createEmptyFailureResponse: an import that threw is that space's failure (a 400, or with
    # security on the 403 of a destination space the user may not write to).
    return {"success": False, "successCount": 0, "errors": [error.to_body()]}


def copy_handler(version: KibanaVersion) -> Handler:
    """POST /api/spaces/_copy_saved_objects of this release."""
    copies = version.has("saved_objects.import_copies")
    icons = importer.ICONS_9 if version.has("saved_objects.import_icons_v9") else importer.ICONS_8

    @without_collection_pauses
    def copy_saved_objects_to_spaces(client: SavedObjectsClient, call: Call) -> Any:
        """POST /api/spaces/_copy_saved_objects."""
        body = call.body
        _check_body(body, copies, body["spaces"])
        items = exported_items(client, call.space, body)
        answer: dict[str, Any] = {}
        for space in body["spaces"]:
            try:
                authz.ensure(call.principal, "bulk_create", [i["type"] for i in items], [space])
                if copies:
                    report = importer.import_objects(
                        client,
                        space,
                        items,
                        overwrite=bool(body.get("overwrite")),
                        create_new_copies=body.get("createNewCopies", True),
                        icons=icons,
                        compatibility_mode=bool(body.get("compatibilityMode")),
                    )
                else:
                    overwrite = bool(body.get("overwrite"))
                    report = importer.import_objects_7(client, space, items, overwrite=overwrite)
            except (BadRequest, Forbidden) as error:
                answer[space] = _failure(error)
                continue
            answer[space] = _per_space(report)
        return answer

    return copy_saved_objects_to_spaces


def resolve_copy_handler(version: KibanaVersion) -> Handler:
    """POST /api/spaces/_resolve_copy_saved_objects_errors of this release."""
    copies = version.has("saved_objects.import_copies")
    icons = importer.ICONS_9 if version.has("saved_objects.import_icons_v9") else importer.ICONS_8

    @without_collection_pauses
    def resolve_copy_saved_objects_errors(client: SavedObjectsClient, call: Call) -> Any:
        """POST /api/spaces/_resolve_copy_saved_objects_errors."""
        body = call.body
        retries_by_space: dict[str, list[Item]] = body["retries"]
        for space in retries_by_space:
            if not SPACE_ID.fullmatch(space):
                raise BadRequest(messages.invalid_retry_space(space))
        _check_body(body, copies, [])
        items = exported_items(client, call.space, body)
        answer: dict[str, Any] = {}
        for space, retries in retries_by_space.items():
            try:
                retried = {(retry["type"], retry["id"]) for retry in retries}
                types = [i["type"] for i in items if (i["type"], i["id"]) in retried]
                authz.ensure(call.principal, "bulk_create", types, [space])
                if copies:
                    report = resolve_errors.resolve_errors(
                        client,
                        space,
                        items,
                        retries,
                        create_new_copies=body.get("createNewCopies", True),
                        icons=icons,
                        compatibility_mode=bool(body.get("compatibilityMode")),
                    )
                else:
                    report = resolve_errors.resolve_errors_7(client, space, items, retries)
            except (BadRequest, Forbidden) as error:
                answer[space] = _failure(error)
                continue
            answer[space] = _per_space(report)
        return answer

    return resolve_copy_saved_objects_errors
