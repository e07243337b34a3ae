"""POST /api/saved_objects/_import: an export file written into a space, with Kibana's report.

8.x/9.x: import/import_saved_objects.ts @ 127c4f53 and import/lib/{collect_saved_objects @
1d91b9aa, validate_references @ 19e871bb, check_conflicts @ 6ddcc0ab, create_saved_objects @
15b99338}.ts; 7.8: the 7.7 build's import/*.js (soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1).
Reference kibana-saved-objects-spaces.md §2.7. Origin conflicts (`ambiguous_conflict`) are
origin_conflicts.py's, compatibilityMode's legacy URL aliases aliases.py's. Not modelled:
import hooks' warnings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from fakekibana.core.errors import BadRequest
from fakekibana.saved_objects import aliases, messages, origin_conflicts
from fakekibana.saved_objects.attributes import AttributesInvalid
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.ndjson_file import Item
from fakekibana.saved_objects.store import SavedObject
from fakekibana.saved_objects.types import AGNOSTIC

# savedObjects.maxImportExportSize's default (§2.7).
IMPORT_LIMIT = 10_000
# The reference types Kibana checks on import (REF_TYPES_TO_VALIDATE).
CHECKED_REFERENCES = ("index-pattern", "search")
# management.icon of the types whose icon the reference gives (§2.7); others have none here.
ICONS_9 = {
    "index-pattern": "pattern",
    "visualization": "chartBarVertical",
    "dashboard": "productDashboard",
    "tag": "tag",
}
ICONS_8 = {
    "index-pattern": "indexPatternApp",
    "visualization": "visualizeApp",
    "dashboard": "dashboardApp",
    "tag": "tag",
}

Key = tuple[str, str]


@dataclasses.dataclass
class Plan:
    """What an import decided: new ids, overwrites, errors (Kibana's importStateMap)."""

    destinations: dict[Key, str] = dataclasses.field(default_factory=dict)
    omit_origin: set[Key] = dataclasses.field(default_factory=set)
    overwrites: set[Key] = dataclasses.field(default_factory=set)
    errors: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    # The objects create_objects wrote (compatibilityMode's aliases point at them).
    written: list[SavedObject] = dataclasses.field(default_factory=list)


def key_of(item: Item) -> Key:
    """`type:id` of an import line."""
    return (item["type"], item["id"])


def title_of(item: Item) -> Any:
    """`attributes.title` (undefined when absent), as errors carry it."""
    return item["attributes"].get("title")


def meta(client: SavedObjectsClient, title: Any, so_type: str, icons: dict[str, str]) -> Any:
    """`{title, icon}` without the undefined ones."""
    found: dict[str, Any] = {} if title is None else {"title": title}
    if so_type in icons:
        found["icon"] = icons[so_type]
    return found


def meta_title(item: Item) -> dict[str, Any]:
    """An error's `meta: {title}`, empty when the title is undefined."""
    return {} if title_of(item) is None else {"title": title_of(item)}


def success_title(item: Item) -> Any:
    """The type's getTitle, else attributes.title (config, index-pattern: §2.7)."""
    if item["type"] == "config":
        return f"Advanced Settings [{item['id']}]"
    if item["type"] == "index-pattern":
        return item["attributes"].get("name") or item["attributes"].get("title")
    return title_of(item)


def collect(
    client: SavedObjectsClient, items: Sequence[Item], limit: int = IMPORT_LIMIT
) -> tuple[list[Item], list[dict[str, Any]]]:
    """collectSavedObjects: the limit, unsupported types (an error each), unique `type:id`s."""
    if len(items) > limit:
        raise BadRequest(messages.import_too_many(limit))
    supported, errors = [], []
    seen: dict[Key, int] = {}
    for item in items:
        key = key_of(item)
        seen[key] = seen.get(key, 0) + 1
        so_type = client.visible_type(item["type"])
        if so_type is None or not so_type.importable:
            error: dict[str, Any] = {"id": item["id"], "type": item["type"]}
            if client.v8:
                error["meta"] = {} if title_of(item) is None else {"title": title_of(item)}
            elif title_of(item) is not None:
                error["title"] = title_of(item)
            error["error"] = {"type": "unsupported_type"}
            errors.append(error)
        else:
            supported.append(item)
    repeated = [f"{t}:{i}" for (t, i), count in seen.items() if count > 1]
    if repeated and client.v8:
        raise BadRequest(messages.import_non_unique(repeated))
    return supported, errors


def missing_references(
    client: SavedObjectsClient,
    space: str,
    items: Sequence[Item],
    skip: set[Key] | None = None,
    remapped: dict[Key, str] | None = None,
) -> dict[Key, list[dict[str, str]]]:
    """validateReferences: per object, its index-pattern and search references that are
    neither in the file nor in the space (each checked once: linear in the references); one
    with an origin match (`remapped`) is not checked."""
    in_file = {key_of(item) for item in items} | set(remapped or {})
    exists: dict[Key, bool] = {}
    found: dict[Key, list[dict[str, str]]] = {}
    for item in items:
        if skip and key_of(item) in skip:
            continue
        missing: list[dict[str, str]] = []
        for ref in item["references"]:
            key = (ref["type"], ref["id"])
            if ref["type"] not in CHECKED_REFERENCES or key in in_file:
                continue
            if key not in exists:
                exists[key] = client.store.get(space, *key) is not None
            if not exists[key] and {"type": key[0], "id": key[1]} not in missing:
                missing.append({"type": key[0], "id": key[1]})
        if missing:
            found[key_of(item)] = missing
    return found


def check_conflicts(
    client: SavedObjectsClient,
    space: str,
    items: Sequence[Item],
    plan: Plan,
    *,
    overwrite: bool,
    retries: dict[Key, Item] | None = None,
) -> None:
    """checkConflicts: an object in the space conflicts unless overwritten; a multi-namespace
    object of that id elsewhere cannot be overwritten, so the import gets a new id (8.x/9.x)."""
    for item in items:
        retry = (retries or {}).get(key_of(item), {})
        dest = retry.get("destinationId") or item["id"]
        existing = client.store.existing(space, item["type"], dest)
        if existing is None:
            continue
        so_type = client.types[item["type"]]
        if not existing.seen_from(space, so_type.scope):
            plan.destinations[key_of(item)] = client.new_id()
            if retry.get("createNewCopy"):
                plan.omit_origin.add(key_of(item))
        elif not overwrite and not retry.get("overwrite"):
            error: dict[str, Any] = {"type": "conflict"}
            if retry.get("destinationId"):
                error["destinationId"] = retry["destinationId"]
            plan.errors.append(
                {
                    "type": item["type"],
                    "id": item["id"],
                    "meta": {} if title_of(item) is None else {"title": title_of(item)},
                    "error": error,
                }
            )
        else:
            plan.overwrites.add(key_of(item))


def write(
    client: SavedObjectsClient, space: str, item: Item, so_id: str, origin_id: str | None
) -> SavedObject:
    """bulkCreate of one import object (overwriting): the file's attributes, references,
    managed and originId; the stored migrationVersion on 7.8."""
    so_type = client.types[item["type"]]
    existing = client.store.existing(space, so_type.name, so_id)
    if so_type.scope == AGNOSTIC:
        namespaces: list[str] = []
    elif existing is not None and so_type.multi_namespace:
        namespaces = existing.namespaces
    else:
        namespaces = [space]
    now = client.now()
    obj = SavedObject(
        type=so_type.name,
        id=so_id,
        attributes=item["attributes"],
        references=item["references"],
        namespaces=namespaces,
        created_at=now if client.v8 else None,
        updated_at=now,
        migration_version=None
        if client.v8
        else client._migration_7(so_type, item.get("migrationVersion") or {}),
        managed=bool(item.get("managed", False)) if client.v8 else False,
        origin_id=origin_id if so_type.multi_namespace else None,
    )
    return client.store.put(obj)


def remap(item: Item, destinations: dict[Key, str]) -> list[dict[str, Any]]:
    """The references with the new ids of objects given one."""
    return [
        {**ref, "id": destinations[(ref["type"], ref["id"])]}
        if (ref["type"], ref["id"]) in destinations
        else ref
        for ref in item["references"]
    ]


def create_objects(
    client: SavedObjectsClient,
    space: str,
    items: Sequence[Item],
    plan: Plan,
    *,
    icons: dict[str, str],
    create_new_copies: bool,
) -> list[dict[str, Any]]:
    """createSavedObjects: the objects without errors, written only when no error is
    resolvable (conflict, missing_references); their success entries either way."""
    failed = {(error["type"], error["id"]) for error in plan.errors}
    todo = [item for item in items if key_of(item) not in failed]
    write_them = not any(
        error["error"]["type"] in ("conflict", "ambiguous_conflict", "missing_references")
        for error in plan.errors
    )
    results = []
    for item in todo:
        key = key_of(item)
        dest = plan.destinations.get(key)
        origin = item.get("originId")
        if dest is not None:
            origin = None if key in plan.omit_origin else (origin or item["id"])
        mapped = {**item, "references": remap(item, plan.destinations)}
        if write_them:
            try:
                client.attribute_schemas.check(item["type"], dest or item["id"], item["attributes"])
            except AttributesInvalid as failure:
                # bulkCreate's item error, which extract_errors.ts @ 6ddcc0ab spreads into an
                # `unknown` one (not a 409), under the file's id and title (§2.8).
                error = {**failure.thrown(), "type": "unknown"}
                named = {"id": item["id"], "type": item["type"], "meta": meta_title(item)}
                plan.errors.append({**named, "error": error})
                continue
            plan.written.append(write(client, space, mapped, dest or item["id"], origin))
        result: dict[str, Any] = {
            "type": item["type"],
            "id": item["id"],
            "meta": meta(client, success_title(item), item["type"], icons),
            "managed": bool(item.get("managed", False)),
        }
        if key in plan.overwrites:
            result["overwrite"] = True
        if dest is not None:
            result["destinationId"] = dest
            if origin is None and not create_new_copies:
                result["createNewCopy"] = True
        results.append(result)
    return results


def report(
    client: SavedObjectsClient, plan: Plan, results: list[dict[str, Any]], icons: dict[str, str]
) -> dict[str, Any]:
    """`{successCount, success, warnings, [successResults], [errors]}` (8.x/9.x)."""
    errors = []
    for error in plan.errors:
        shown = dict(error)
        shown["meta"] = {**error["meta"], **meta(client, None, error["type"], icons)}
        if (error["type"], error["id"]) in plan.overwrites:
            shown["overwrite"] = True
        errors.append(shown)
    answer: dict[str, Any] = {
        "successCount": len(results),
        "success": not plan.errors,
        "warnings": [],
    }
    if results:
        answer["successResults"] = results
    if errors:
        answer["errors"] = errors
    return answer


def import_objects(
    client: SavedObjectsClient,
    space: str,
    items: Sequence[Item],
    *,
    overwrite: bool,
    create_new_copies: bool,
    icons: dict[str, str],
    compatibility_mode: bool = False,
) -> dict[str, Any]:
    """importSavedObjectsFromStream (8.x/9.x)."""
    supported, unsupported = collect(client, items)
    plan = Plan(errors=list(unsupported))
    plan.destinations.update(origin_conflicts.check_reference_origins(client, space, supported))
    missing = missing_references(client, space, supported, remapped=plan.destinations)
    for item in supported:
        refs = missing.get(key_of(item))
        if not refs:
            continue
        plan.errors.append(
            {
                "id": item["id"],
                "type": item["type"],
                "meta": {} if title_of(item) is None else {"title": title_of(item)},
                "error": {"type": "missing_references", "references": refs},
            }
        )
    if create_new_copies:
        for item in supported:
            plan.destinations[key_of(item)] = client.new_id()
            plan.omit_origin.add(key_of(item))
    else:
        check_conflicts(client, space, supported, plan, overwrite=overwrite)
        origin_conflicts.check_origin_conflicts(client, space, supported, plan, overwrite=overwrite)
    results = create_objects(
        client, space, supported, plan, icons=icons, create_new_copies=create_new_copies
    )
    if compatibility_mode:
        plan.errors += aliases.write_import_aliases(
            client, space, plan.written, overwrite=overwrite
        )
    return report(client, plan, results, icons)


def import_objects_7(
    client: SavedObjectsClient, space: str, items: Sequence[Item], *, overwrite: bool
) -> dict[str, Any]:
    """7.8's importSavedObjectsFromStream: `{success, successCount, [errors]}`; objects whose
    checked references are missing (or that use such an object) are left out."""
    supported, errors = collect(client, items)
    missing = missing_references(client, space, supported)
    failed: dict[Key, dict[str, Any]] = {}
    for item in supported:
        refs = missing.get(key_of(item))
        if refs:
            error: dict[str, Any] = {"id": item["id"], "type": item["type"]}
            if title_of(item) is not None:
                error["title"] = title_of(item)
            error["error"] = {"type": "missing_references", "references": refs, "blocking": []}
            failed[key_of(item)] = error
    todo = []
    for item in supported:
        if key_of(item) in failed:
            continue
        blocked = False
        for ref in item["references"]:
            blocker = failed.get((ref["type"], ref["id"]))
            if blocker is not None:
                blocker["error"]["blocking"].append({"type": item["type"], "id": item["id"]})
                blocked = True
        if not blocked:
            todo.append(item)
    errors += failed.values()
    created = 0
    for item in todo:
        if not overwrite and client.store.get(space, item["type"], item["id"]) is not None:
            error = {"id": item["id"], "type": item["type"]}
            if title_of(item) is not None:
                error["title"] = title_of(item)
            error["error"] = {"type": "conflict"}
            errors.append(error)
            continue
        write(client, space, item, item["id"], None)
        created += 1
    answer: dict[str, Any] = {"success": not errors, "successCount": created}
    if errors:
        answer["errors"] = errors
    return answer
