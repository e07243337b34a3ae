"""checkOriginConflicts: an imported multi-namespace object that matches objects of the space by
origin (their id or originId is its originId, or its id) rather than by id (8.x/9.x); and
checkReferenceOrigins, the same match for the references an import does not carry.

import/lib/check_origin_conflicts.ts @ 1d91b9aa (elastic/kibana); reference
kibana-saved-objects-spaces.md §2.7 (`ambiguous_conflict`). It runs after checkConflicts, on the
objects that got no regular conflict error, and before the objects are written:

* one import object, one match: the object is written over the match (`destinationId`) when
  overwriting, else a `conflict` error naming the match's id;
* one import object, several matches: an `ambiguous_conflict` error listing them
  (`destinations: [{id, title, updatedAt}]`, newest first, then by id);
* several import objects sharing one origin and matching: each gets a new id without origin,
  as createNewCopies would do, and no error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fakekibana.saved_objects.ndjson_file import Item
from fakekibana.saved_objects.store import SavedObject

if TYPE_CHECKING:
    # The importer calls this module: type-only imports keep the two out of a cycle.
    from fakekibana.saved_objects.client import SavedObjectsClient
    from fakekibana.saved_objects.importer import Plan

Key = tuple[str, str]

# The origin search's perPage: at most ten matches are looked at.
PER_PAGE = 10


def _origin(item: Item) -> str:
    """`originId || id`; an originId that is not a string is taken as absent (simplified:
    Kibana would fail to write such an object later)."""
    origin = item.get("originId")
    return origin if isinstance(origin, str) and origin else str(item["id"])


# (type, id or originId) -> the objects of the space with that id or originId, in write order.
OriginIndex = dict[Key, list[SavedObject]]


def _index(client: SavedObjectsClient, space: str, types: set[str]) -> OriginIndex:
    """One pass over the space's objects of these types, so that each origin search is a
    look-up (an import of n objects stays linear)."""
    index: OriginIndex = {}
    for obj in client.store.find([space], types):
        index.setdefault((obj.type, obj.id), []).append(obj)
        if obj.origin_id and obj.origin_id != obj.id:
            index.setdefault((obj.type, obj.origin_id), []).append(obj)
    return index


def _matches(index: OriginIndex, item: Item, excluded: set[Key]) -> list[SavedObject]:
    """The search for `"<type>:<origin>" | "<origin>"` in `_id` and `originId` in the space,
    sorted by updated_at (newest first), one page, less the objects being imported and the
    retries' destinations."""
    found = list(index.get((item["type"], _origin(item)), []))
    # Elasticsearch's order between equal updated_at values is the index's (write order here).
    found.sort(key=lambda obj: obj.updated_at or "", reverse=True)
    return [obj for obj in found[:PER_PAGE] if (obj.type, obj.id) not in excluded]


def _destination(obj: SavedObject) -> dict[str, Any]:
    """`{id, title, updatedAt}` without the undefined ones (the search asks for `title` only)."""
    found: dict[str, Any] = {"id": obj.id}
    if obj.attributes.get("title") is not None:
        found["title"] = obj.attributes["title"]
    if obj.updated_at is not None:
        found["updatedAt"] = obj.updated_at
    return found


def _sorted(destinations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """transformObjectsToAmbiguousConflictFields' order: updatedAt descending, then id."""
    by_id = sorted(destinations, key=lambda d: d["id"])
    return sorted(by_id, key=lambda d: d.get("updatedAt", ""), reverse=True)


def check_origin_conflicts(
    client: SavedObjectsClient,
    space: str,
    items: Sequence[Item],
    plan: Plan,
    *,
    overwrite: bool,
    retries: dict[Key, Item] | None = None,
) -> None:
    """Add origin conflicts to the plan: errors, destinations and overwrites."""
    retries = retries or {}
    # checkConflicts' filteredObjects: the objects without a regular conflict error.
    conflicted = {(e["type"], e["id"]) for e in plan.errors if e["error"]["type"] == "conflict"}
    excluded = {(item["type"], item["id"]) for item in items}
    excluded |= {(t, r["destinationId"]) for (t, _), r in retries.items() if r.get("destinationId")}
    inexact: list[tuple[Item, list[dict[str, Any]]]] = []
    index = _index(client, space, {item["type"] for item in items})
    for item in items:
        key = (item["type"], item["id"])
        so_type = client.types[item["type"]]
        retry = retries.get(key, {})
        if key in conflicted or not so_type.multi_namespace:
            continue
        if key in plan.overwrites or retry.get("destinationId"):
            continue
        destinations = [_destination(obj) for obj in _matches(index, item, excluded)]
        if destinations:
            inexact.append((item, _sorted(destinations)))
    sources: dict[Key, int] = {}
    for item, _ in inexact:
        source = (item["type"], _origin(item))
        sources[source] = sources.get(source, 0) + 1
    for item, destinations in inexact:
        key = (item["type"], item["id"])
        title = item["attributes"].get("title")
        meta = {} if title is None else {"title": title}
        shared = sources[(item["type"], _origin(item))] > 1
        if not shared and len(destinations) == 1:
            if overwrite or retries.get(key, {}).get("overwrite"):
                plan.destinations[key] = destinations[0]["id"]
                plan.omit_origin.discard(key)
                plan.overwrites.add(key)
            else:
                error = {"type": "conflict", "destinationId": destinations[0]["id"]}
                plan.errors.append(
                    {"type": item["type"], "id": item["id"], "meta": meta, "error": error}
                )
        elif shared:
            plan.destinations[key] = client.new_id()
            plan.omit_origin.add(key)
        else:
            error = {"type": "ambiguous_conflict", "destinations": destinations}
            failed = {"type": item["type"], "id": item["id"], "meta": meta, "error": error}
            plan.errors.append(failed)


def check_reference_origins(
    client: SavedObjectsClient, space: str, items: Sequence[Item]
) -> dict[Key, str]:
    """checkReferenceOrigins (import/lib/check_reference_origins.ts @ 6e34d156): a reference
    to a multi-namespace object outside the file that matches exactly one object of the space
    by id or originId, under another id, points at that object; its existence is not checked
    again (validate_references.ts @ 19e871bb)."""
    in_file = {(item["type"], item["id"]) for item in items}
    wanted: set[Key] = set()
    for item in items:
        for ref in item["references"]:
            key = (ref["type"], ref["id"])
            so_type = client.types.get(ref["type"])
            if key not in in_file and so_type is not None and so_type.multi_namespace:
                wanted.add(key)
    if not wanted:
        return {}
    index = _index(client, space, {so_type for so_type, _ in wanted})
    remapped: dict[Key, str] = {}
    for key in wanted:
        found = index.get(key, [])
        if len(found) == 1 and found[0].id != key[1]:
            remapped[key] = found[0].id
    return remapped
