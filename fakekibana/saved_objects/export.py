"""POST /api/saved_objects/_export: the objects of a space as ndjson, references first.

8.x/9.x: routes/export.ts @ 06b740bc and export/saved_objects_exporter.ts @ 22a23d9d,
collect_exported_objects.ts @ 06f94ca3, sort_objects.ts @ 82ab9ad2 (elastic/kibana); 7.8: the 7.7
build's routes/export.js and export/get_sorted_objects_for_export.js (soipachara43/
NetworkTrafficAnalysis @ 2ffd9cf1). Reference kibana-saved-objects-spaces.md §2.6.
`collect` and `ndjson` are also what the Spaces copy routes build on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fakekibana.core import jsonio
from fakekibana.core.area import Reply
from fakekibana.core.errors import BadRequest
from fakekibana.core.security import Principal
from fakekibana.saved_objects import authz, bulk, messages
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.find import _reference_matcher, _search_matcher
from fakekibana.saved_objects.store import SavedObject

# savedObjects.maxImportExportSize's default (§2.2).
EXPORT_LIMIT = 10_000
# EXPORT_ALL_TYPES_TOKEN (export/constants.ts): every importable and exportable type (8.x/9.x).
ALL_TYPES = "*"
HEADERS = (("Content-Disposition", 'attachment; filename="export.ndjson"'),)
NDJSON = "application/ndjson"

Ref = tuple[str, str]


def exportable_types(client: SavedObjectsClient) -> list[str]:
    """getImportableAndExportableTypes: the types the HTTP API serves. Hidden types Kibana
    exports (action, alert, cases) are kept by other areas, not in this store, so the fake
    treats them as not exportable (DERIVED)."""
    return [
        name for name, so_type in client.types.items() if not so_type.hidden and so_type.importable
    ]


def stable(value: Any) -> Any:
    """json-stable-stringify's order: every object's keys sorted (code point order)."""
    if isinstance(value, dict):
        return {key: stable(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [stable(item) for item in value]
    return value


def export_view(client: SavedObjectsClient, obj: SavedObject) -> dict[str, Any]:
    """The object as an export line holds it: the get shape without `namespaces` (the exporter
    drops them, and find's `score`; the key sets of get and find hits are the same)."""
    view = client.views.got(obj, client.types[obj.type])
    view.pop("namespaces", None)
    return view


def ndjson(lines: Iterable[Any]) -> bytes:
    """Lines of sorted-key JSON joined by `\\n`, without a trailing newline."""
    return b"\n".join(jsonio.dumps(stable(line)) for line in lines)


def collect(
    client: SavedObjectsClient, space: str, roots: Sequence[SavedObject], deep: bool
) -> tuple[list[SavedObject], list[dict[str, str]]]:
    """collectExportedObjects: the roots, and with `deep` every object they reach, level by
    level (each reference fetched once), and the references that were not found."""
    processed: set[Ref] = set()
    collected: list[SavedObject] = []
    missing: list[dict[str, str]] = []
    current = list(roots)
    while current:
        fresh = []
        for obj in current:
            key = (obj.type, obj.id)
            if key not in processed:
                processed.add(key)
                fresh.append(obj)
        collected.extend(fresh)
        if not deep:
            break
        wanted: dict[Ref, None] = {}
        for obj in fresh:
            for ref in obj.references:
                key = (ref["type"], ref["id"])
                if key not in processed:
                    wanted[key] = None
        current = []
        for so_type, so_id in wanted:
            # bulkGet: an unknown or hidden type is an error result too, so a missing reference.
            found = (
                client.store.get(space, so_type, so_id) if client.visible_type(so_type) else None
            )
            if found is None:
                missing.append({"type": so_type, "id": so_id})
            else:
                current.append(found)
    return collected, missing


def sort_objects(objects: Sequence[SavedObject]) -> list[SavedObject]:
    """sortObjects: each object after the objects it references (depth first, in order; a
    cycle is cut where it closes). Iterative, so a long reference chain cannot overflow."""
    by_key = {(obj.type, obj.id): obj for obj in objects}
    traversed: set[Ref] = set()
    ordered: list[SavedObject] = []
    for root in objects:
        if (root.type, root.id) in traversed:
            continue
        traversed.add((root.type, root.id))
        stack = [(root, iter(root.references))]
        while stack:
            obj, refs = stack[-1]
            for ref in refs:
                target = by_key.get((ref["type"], ref["id"]))
                if target is not None and (target.type, target.id) not in traversed:
                    traversed.add((target.type, target.id))
                    stack.append((target, iter(target.references)))
                    break
            else:
                stack.pop()
                ordered.append(obj)
    return ordered


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return [value] if isinstance(value, str | dict) else list(value)


def _check_options(client: SavedObjectsClient, body: dict[str, Any]) -> None:
    """The route's checks, in each release's order (validateOptions; 7.8's route)."""
    types, objects = _as_list(body.get("type")), body.get("objects") or []
    if len(objects) > EXPORT_LIMIT:
        # config-schema's maxSize, checked with the body.
        raise BadRequest(
            messages.array_too_long("request body.objects", len(objects), EXPORT_LIMIT)
        )
    supported = set(exportable_types(client))
    if client.v8:
        supported.add(ALL_TYPES)
    bad_types = [name for name in types if name not in supported]
    bad_objects = [f"{o['type']}:{o['id']}" for o in objects if o["type"] not in supported]
    if not client.v8:
        # 7.8: the types, then the objects, before the exporter's own checks.
        if bad_types:
            raise BadRequest(messages.export_non_exportable_types(bad_types))
        if bad_objects:
            raise BadRequest(messages.export_non_exportable_objects(bad_objects))
    if not types and not objects:
        raise BadRequest(messages.EXPORT_NEEDS_TYPE_OR_OBJECTS)
    if types and objects:
        raise BadRequest(messages.EXPORT_TYPES_AND_OBJECTS)
    if objects:
        if isinstance(body.get("search"), str):
            raise BadRequest(messages.EXPORT_SEARCH_AND_OBJECTS)
        if _as_list(body.get("hasReference")):
            raise BadRequest(messages.EXPORT_REFERENCES_AND_OBJECTS)
        if bad_objects:
            raise BadRequest(messages.export_non_exportable_objects(bad_objects))
    elif bad_types:
        raise BadRequest(messages.export_non_exportable_types(bad_types))


def _by_objects(client: SavedObjectsClient, space: str, items: list[Any]) -> list[SavedObject]:
    answer = bulk.bulk_get(client, space, [{"type": i["type"], "id": i["id"]} for i in items])
    failed = [item for item in answer["saved_objects"] if "error" in item]
    if failed:
        # 8.x: objectFetchError; 7.8: a bare Boom.badRequest() with the same attributes.
        text = messages.EXPORT_FETCH_ERROR if client.v8 else "Bad Request"
        raise BadRequest(text, {"objects": failed})
    found = []
    for item in items:
        obj = client.store.get(space, item["type"], item["id"])
        assert obj is not None  # bulk_get found it
        found.append(obj)
    return found


def _by_types(client: SavedObjectsClient, space: str, body: dict[str, Any]) -> list[SavedObject]:
    types = _as_list(body["type"])
    if ALL_TYPES in types:
        types = exportable_types(client)
    matchers = []
    if body.get("search") is not None:
        matchers.append(_search_matcher(body["search"], None, "OR"))
    if _as_list(body.get("hasReference")):
        matchers.append(_reference_matcher(body["hasReference"], "OR"))
    hits = [obj for obj in client.store.find([space], types) if all(m(obj) for m in matchers)]
    if len(hits) > EXPORT_LIMIT:
        limit = EXPORT_LIMIT
        text = messages.export_size_exceeded(limit) if client.v8 else None
        raise BadRequest(text or messages.export_too_many_objects(limit))
    # Sorted by id, as Kibana sorts what the finder returns.
    hits.sort(key=lambda obj: obj.id)
    return hits


def export_objects(
    client: SavedObjectsClient, space: str, body: dict[str, Any], principal: Principal | None = None
) -> Reply:
    """The export of a validated body, as Kibana answers it (200 ndjson, a 400, or with
    security on the client's 403)."""
    _check_options(client, body)
    authz.check_export(
        principal, client.v8, space, _as_list(body.get("type")), body.get("objects") or []
    )
    by_objects = bool(body.get("objects"))
    roots = _by_objects(client, space, body["objects"]) if by_objects else None
    roots = roots if roots is not None else _by_types(client, space, body)
    deep = bool(body.get("includeReferencesDeep"))
    collected, missing = collect(client, space, roots, deep)
    if not by_objects:
        # byIdAscComparator over everything collected; by objects keeps the request's order.
        collected.sort(key=lambda obj: obj.id)
    exported = sort_objects(collected)
    lines: list[Any] = [export_view(client, obj) for obj in exported]
    if not body.get("excludeExportDetails"):
        details: dict[str, Any] = {
            "exportedCount": len(exported),
            "missingRefCount": len(missing),
            "missingReferences": missing,
        }
        if client.v8:
            details.update(excludedObjectsCount=0, excludedObjects=[])
        lines.append(details)
    return Reply(200, ndjson(lines), NDJSON, HEADERS)
