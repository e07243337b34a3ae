"""The bulk operations: each item succeeds or fails alone, answered in Kibana's item shapes.

8.x/9.x: src/core/packages/saved-objects/api-server-internal/src/lib/apis/bulk_*.ts (bulk_update
@ 363cc85d, bulk_delete @ a8c5a472; reference kibana-saved-objects-spaces.md §2.4, §2.9).
7.8: the 7.7 build's repository.js (soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1).
A bad `version` anywhere refuses the whole request before anything is written, as Kibana
decodes versions while it builds the Elasticsearch request.
"""

from __future__ import annotations

from typing import Any

from fakekibana.core import messages as core_messages
from fakekibana.core.errors import BadRequest, KibanaError
from fakekibana.saved_objects import aliases, messages
from fakekibana.saved_objects.attributes import AttributesInvalid
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.store import ALL_SPACES, SavedObject, decode_version
from fakekibana.saved_objects.views import boom

Item = dict[str, Any]


def _failed(item: Item, error: dict[str, Any]) -> Item:
    """`{id, type, error}`; `id` is left out when the request had none (undefined)."""
    failed: Item = {"id": item["id"]} if item.get("id") is not None else {}
    failed.update(type=item["type"], error=error)
    return failed


def bulk_create(
    client: SavedObjectsClient, space: str, items: list[Item], overwrite: bool
) -> dict[str, Any]:
    """POST /_bulk_create: `{saved_objects: [...]}` in request order."""
    answers: list[Item] = []
    for item in items:
        so_type = client.visible_type(item["type"])
        if so_type is None:
            answers.append(_failed(item, boom(400, messages.unsupported_type(item["type"]))))
            continue
        try:
            obj = client.create(
                space,
                item["type"],
                item["attributes"],
                so_id=item.get("id"),
                overwrite=overwrite,
                references=item.get("references"),
                initial_namespaces=item.get("initialNamespaces"),
                migration_version=item.get("migrationVersion"),
            )
        except AttributesInvalid as failure:
            # bulk_create.ts: the validation error itself, not its Boom payload (§2.8).
            answers.append(failure.bulk_item())
            continue
        except KibanaError as failure:
            if not client.v8 and failure.status == 409:
                # 7.7 build getBulkOperationError: Elasticsearch's conflict, no `error`.
                error = {"statusCode": 409, "message": messages.BULK_CONFLICT_7}
                answers.append(_failed(item, error))
            elif isinstance(failure, aliases.AliasConflict):
                # bulk_create.ts: the conflict's payload and the preflight's metadata (key order
                # DERIVED; saved_object_api_integration/common/suites/bulk_create.ts checks them).
                metadata = {"spacesWithConflictingAliases": failure.spaces}
                error = {**boom(409, failure.message), "metadata": metadata}
                answers.append(_failed(item, error))
            else:
                answers.append(_failed(item, boom(failure.status, failure.message)))
            continue
        if client.v8:
            answers.append(client.views.created(obj, so_type))
        else:
            answers.append(client.views.bulk_created_7(obj))
    return {"saved_objects": answers}


def _lookup(client: SavedObjectsClient, space: str, item: Item) -> SavedObject | None:
    """The object an item names, in the item's `namespaces` (8.x bulk_get) or the space."""
    spaces = item.get("namespaces") or [space]
    if ALL_SPACES in spaces:
        obj = client.store.existing(space, item["type"], item["id"])
        return obj if obj is not None and obj.namespaces else None
    for where in spaces:
        obj = client.store.get(where, item["type"], item["id"])
        if obj is not None:
            return obj
    return None


def bulk_get(client: SavedObjectsClient, space: str, items: list[Item]) -> dict[str, Any]:
    """POST /_bulk_get: request order (8.x/9.x); 7.8 answers the unsupported types last."""
    answers: list[Item] = []
    unsupported: list[Item] = []
    for item in items:
        so_type = client.visible_type(item["type"])
        if so_type is None:
            failed = _failed(item, boom(400, messages.unsupported_type(item["type"])))
            (answers if client.v8 else unsupported).append(failed)
            continue
        if client.v8 and item.get("namespaces") is not None and so_type.scope == "agnostic":
            answers.append(_failed(item, boom(400, messages.BULK_GET_NAMESPACES_AGNOSTIC)))
            continue
        obj = _lookup(client, space, item)
        if obj is None:
            if client.v8:
                text = core_messages.saved_object_not_found(item["type"], item["id"])
                answers.append(_failed(item, boom(404, text)))
            else:
                error = {"statusCode": 404, "message": messages.BULK_NOT_FOUND_7}
                answers.append(_failed(item, error))
            continue
        answers.append(client.views.got(obj, so_type, item.get("fields")))
    return {"saved_objects": answers + unsupported}


def bulk_resolve(client: SavedObjectsClient, space: str, items: list[Item]) -> dict[str, Any]:
    """POST /_bulk_resolve: `{resolved_objects: [{saved_object, outcome, ...}]}`; a failed item
    is `{saved_object: {type, id, error}, outcome: "exactMatch"}` (aliases.py)."""
    return aliases.bulk_resolve(client, space, items)


def bulk_update(client: SavedObjectsClient, space: str, items: list[Item]) -> dict[str, Any]:
    """PUT /_bulk_update: `{saved_objects: [...]}` in request order."""
    for item in items:
        version = item.get("version")
        if version is not None and decode_version(version) is None:
            raise BadRequest(messages.invalid_version(version))
    answers: list[Item] = []
    for item in items:
        so_type, so_id = item["type"], item["id"]
        not_found = boom(404, core_messages.saved_object_not_found(so_type, so_id))
        where = item.get("namespace", space)
        if client.v8 and where == ALL_SPACES and client.visible_type(so_type) is not None:
            error = boom(400, messages.bad_request('"namespace" cannot be "*"'))
            answers.append({"id": so_id, "type": so_type, "error": error})
            continue
        try:
            obj, _ = client.update(where, so_type, so_id, item)
        except KibanaError as failure:
            if failure.status == 404:
                answers.append({"id": so_id, "type": so_type, "error": not_found})
            elif not client.v8:
                error = {"statusCode": 409, "message": messages.BULK_CONFLICT_7}
                answers.append({"id": so_id, "type": so_type, "error": error})
            else:
                # bulk_update.ts: a failed write is `{type, id, error}`, Kibana's conflict.
                error = boom(409, core_messages.saved_object_conflict(so_type, so_id))
                answers.append({"type": so_type, "id": so_id, "error": error})
            continue
        answers.append(client.views.bulk_updated(obj, item))
    return {"saved_objects": answers}


def bulk_delete(
    client: SavedObjectsClient, space: str, items: list[Item], force: bool
) -> dict[str, Any]:
    """POST /_bulk_delete?force: `{statuses: [...]}`, key orders as bulk_delete.ts builds them."""
    statuses: list[Item] = []
    cleanups: list[aliases.AliasCleanup | None] = []
    for item in items:
        so_type_name, so_id = item["type"], item["id"]
        so_type = client.visible_type(so_type_name)
        if so_type is None:
            error = boom(400, messages.unsupported_type(so_type_name))
            statuses.append({"id": so_id, "type": so_type_name, "error": error, "success": False})
            continue
        obj = client.store.get(space, so_type_name, so_id)
        not_found = boom(404, core_messages.saved_object_not_found(so_type_name, so_id))
        if obj is None:
            if so_type.multi_namespace:
                failed = {"id": so_id, "type": so_type_name, "error": not_found, "success": False}
            else:
                # Elasticsearch's `not_found` result, built in another order.
                failed = {"success": False, "type": so_type_name, "id": so_id, "error": not_found}
            statuses.append(failed)
            continue
        shared = len(obj.namespaces) > 1 or ALL_SPACES in obj.namespaces
        if so_type.multi_namespace and shared and not force:
            error = boom(400, messages.DELETE_SHARED)
            statuses.append({"success": False, "id": so_id, "type": so_type_name, "error": error})
            continue
        client.store.delete(obj)
        cleanups.append(aliases.cleanup_after_delete(client, obj))
        statuses.append({"success": True, "id": so_id, "type": so_type_name})
    aliases.delete_aliases(client, cleanups)
    return {"statuses": statuses}
