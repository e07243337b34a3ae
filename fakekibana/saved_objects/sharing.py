"""The Spaces sharing routes over the saved objects store (8.19/9.x): which objects a share
takes along, and adding objects to or removing them from spaces.

POST /api/spaces/_get_shareable_references and POST /api/spaces/_update_objects_spaces
(reference kibana-saved-objects-spaces.md §3.1): the spaces plugin's handlers
(routes/api/external/get_shareable_references.ts @ 2977442a, update_objects_spaces.ts
@ a59af1f2) only call the scoped saved objects client, whose repository does the work
(internals/collect_multi_namespace_references.ts @ 3767f521, update_objects_spaces.ts
@ 012f5d98, utils/find_shared_origin_objects.ts @ 328b3b5e). So they are served here, from
the saved objects area. Objects taken out of spaces lose their legacy URL aliases there
(aliases.py), and the references name the spaces of aliases from their ids
(`spacesWithMatchingAliases`). Both are plain (unversioned) routes in those sources: no
elastic-api-version. With security on both need `share_to_space` (authz.py): collecting
references for a share checks the types it found in the request's space, updating the objects'
types in every space it touches; the spaces answered are redacted.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from fakekibana.core import messages as core_messages
from fakekibana.core.area import Call, Route
from fakekibana.core.errors import BadRequest
from fakekibana.core.security import Principal
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import aliases, authz, messages
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.store import ALL_SPACES, SavedObject
from fakekibana.saved_objects.views import boom

Key = tuple[str, str]


def _shareable(client: SavedObjectsClient, so_type: str) -> bool:
    # The scoped client's allowedTypes are the visible types; purpose updateObjectsSpaces
    # keeps the shareable ones (registry.isShareable).
    found = client.visible_type(so_type)
    return found is not None and found.shareable


def _seen(client: SavedObjectsClient, space: str, so_type: str, so_id: str) -> SavedObject | None:
    obj = client.store.existing(space, so_type, so_id)
    if obj is None or not obj.seen_from(space, client.types[so_type].scope):
        return None
    return obj


def _matching_origins(client: SavedObjectsClient, found: list[dict[str, Any]]) -> dict[Key, Any]:
    """findSharedOriginObjects with purpose updateObjectsSpaces: the spaces of the other
    objects that share each found object's origin, by (type, originId || id)."""
    spaces: dict[Key, list[str]] = {}
    types = list(dict.fromkeys(item["type"] for item in found))
    for other in client.store.find([ALL_SPACES], types):
        matched = False
        for item in found:
            if other.type != item["type"] or other.id == item["id"]:
                continue
            origin = item.get("originId")
            if origin:
                matched = matched or origin in (other.id, other.origin_id)
            else:
                matched = matched or other.origin_id == item["id"]
        if not matched:
            continue
        key = (other.type, other.origin_id or other.id)
        known = spaces.get(key, [])
        if ALL_SPACES in other.namespaces or ALL_SPACES in known:
            spaces[key] = [ALL_SPACES]
        else:
            spaces[key] = list(dict.fromkeys([*known, *other.namespaces]))
    return spaces


def collect_references(
    client: SavedObjectsClient, space: str, objects: list[dict[str, str]]
) -> dict[str, Any]:
    """collectMultiNamespaceReferences: the objects and, breadth first, the shareable objects
    they reference, each `{type, id, [originId], spaces, inboundReferences, [isMissing],
    [spacesWithMatchingAliases], [spacesWithMatchingOrigins]}`."""
    inbound: dict[Key, dict[Key, str]] = {(o["type"], o["id"]): {} for o in objects}
    seen: dict[Key, SavedObject | None] = {}
    to_get = [(o["type"], o["id"]) for o in objects if _shareable(client, o["type"])]
    while to_get:
        following: list[Key] = []
        for key in to_get:
            obj = _seen(client, space, *key)
            seen[key] = obj
            if obj is None:
                continue
            for reference in obj.references:
                if not _shareable(client, reference["type"]):
                    continue
                target = (reference["type"], reference["id"])
                names = inbound.setdefault(target, {})
                names.setdefault(key, reference["name"])
                if target not in seen and target not in following:
                    following.append(target)
        to_get = following
    results = []
    for (so_type, so_id), names in inbound.items():
        obj = seen.get((so_type, so_id))
        item: dict[str, Any] = {"type": so_type, "id": so_id}
        if obj is not None and obj.origin_id:
            item["originId"] = obj.origin_id
        item["spaces"] = list(obj.namespaces) if obj is not None else []
        item["inboundReferences"] = [
            {"type": ref_type, "id": ref_id, "name": name}
            for (ref_type, ref_id), name in names.items()
        ]
        if (so_type, so_id) in seen and obj is None:
            item["isMissing"] = True
        results.append(item)
    found = [item for item in results if item["spaces"]]
    with_aliases = aliases.spaces_with_matching_aliases(client, found)
    origins = _matching_origins(client, found)
    for item in results:
        # Only found objects are searched for; both lists sorted, aliases' first.
        alias_spaces = with_aliases.get((item["type"], item["id"]))
        if item["spaces"] and alias_spaces is not None:
            item["spacesWithMatchingAliases"] = sorted(alias_spaces)
        matching = origins.get((item["type"], item.get("originId") or item["id"]))
        if item["spaces"] and matching is not None:
            item["spacesWithMatchingOrigins"] = sorted(matching)
    return {"objects": results}


def _changed_spaces(
    current: list[str], add: list[str], remove: list[str]
) -> tuple[list[str], bool]:
    # analyzeSpaceChanges: the current spaces less the removed, then the added ones not
    # already there (in the order sent); an update is needed if anything changes.
    to_add = dict.fromkeys(add)
    kept = []
    removed = False
    for name in current:
        to_add.pop(name, None)
        if name in remove:
            removed = True
        else:
            kept.append(name)
    return kept + list(to_add), bool(to_add) or removed


def update_objects_spaces(
    client: SavedObjectsClient, space: str, body: dict[str, Any], principal: Principal | None = None
) -> dict[str, Any]:
    """updateObjectsSpaces: each object `{id, type, spaces}` or `{id, type, spaces: [], error}`;
    an object left in no space is deleted."""
    add, remove = body["spacesToAdd"], body["spacesToRemove"]
    for key, values in (("spacesToAdd", add), ("spacesToRemove", remove)):
        if len(set(values)) != len(values):
            raise BadRequest(messages.duplicate_space_ids(key))
    if not add and not remove:
        raise BadRequest(messages.SPACES_TO_CHANGE_EMPTY)
    if set(add) & set(remove):
        raise BadRequest(messages.SPACES_TO_CHANGE_OVERLAP)
    # authorizeUpdateSpaces: the types of the objects it may share, in every space it touches.
    shared_types = [o["type"] for o in body["objects"] if _shareable(client, o["type"])]
    authz.ensure(principal, "share_to_space", shared_types, [space, *add, *remove])
    # Every object is read before any is written, as the repository's mget precedes its bulk.
    plans: list[tuple[str, str, SavedObject | None, dict[str, Any] | None]] = []
    for item in body["objects"]:
        so_type, so_id = item["type"], item["id"]
        not_found = boom(404, core_messages.saved_object_not_found(so_type, so_id))
        if client.visible_type(so_type) is None:
            plans.append((so_type, so_id, None, not_found))
        elif not _shareable(client, so_type):
            plans.append((so_type, so_id, None, boom(400, messages.not_shareable(so_type))))
        else:
            obj = _seen(client, space, so_type, so_id)
            plans.append((so_type, so_id, obj, None if obj is not None else not_found))
    results: list[dict[str, Any]] = []
    cleanups: list[aliases.AliasCleanup | None] = []
    for so_type, so_id, obj, error in plans:
        if obj is None:
            results.append({"id": so_id, "type": so_type, "spaces": [], "error": error})
            continue
        spaces, required = _changed_spaces(obj.namespaces, add, remove)
        if required:
            if spaces:
                client.store.put(
                    dataclasses.replace(obj, namespaces=spaces, updated_at=client.now())
                )
            else:
                client.store.delete(obj)
            cleanups.append(_alias_cleanup(so_type, so_id, obj.namespaces, spaces, remove))
        results.append({"id": so_id, "type": so_type, "spaces": authz.redact(principal, spaces)})
    aliases.delete_aliases(client, cleanups)
    return {"objects": results}


def _alias_cleanup(
    so_type: str, so_id: str, before: list[str], after: list[str], remove: list[str]
) -> aliases.AliasCleanup | None:
    """update_objects_spaces.ts: an object taken out of spaces loses its aliases there (or
    everywhere but its spaces when it leaves `*`); none while it stays in all spaces."""
    removed = [name for name in before if name in remove]
    if not removed or ALL_SPACES in after:
        return None
    if ALL_SPACES in removed:
        return (so_type, so_id, after, False)
    return (so_type, so_id, removed, True)


def get_shareable_references(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/spaces/_get_shareable_references (purpose updateObjectsSpaces)."""
    answer = collect_references(client, call.space, call.body["objects"])
    principal = call.principal
    if principal is None:
        return answer
    # authorizeAndRedactMultiNamespaceReferences: share_to_space for every type collected.
    authz.ensure(principal, "share_to_space", [o["type"] for o in answer["objects"]], [call.space])
    objects = []
    for item in answer["objects"]:
        shown = {**item, "spaces": authz.redact(principal, item["spaces"])}
        if "spacesWithMatchingOrigins" in item:
            shown["spacesWithMatchingOrigins"] = authz.redact(
                principal, item["spacesWithMatchingOrigins"]
            )
        objects.append(shown)
    return {"objects": objects}


def update_objects_spaces_route(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/spaces/_update_objects_spaces."""
    return update_objects_spaces(client, call.space, call.body, call.principal)


_ROWS: tuple[tuple[str, str, Callable[[SavedObjectsClient, Call], Any]], ...] = (
    ("/api/spaces/_get_shareable_references", "get_shareable_references", get_shareable_references),
    ("/api/spaces/_update_objects_spaces", "update_objects_spaces", update_objects_spaces_route),
)


def build_sharing_routes(client: SavedObjectsClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The two sharing routes where the release has them (not 7.8)."""
    if not version.has("saved_objects.sharing"):
        return ()
    return tuple(
        Route(
            "POST",
            (path,),
            name,
            functools.partial(handler, client),
            "saved_objects",
            None,
            tag="spaces",
            plugin="spaces",
        )
        for path, name, handler in _ROWS
    )
