"""POST /api/saved_objects/_resolve_import_errors: an import again, for the objects retried.

8.x/9.x: import/resolve_import_errors.ts @ 1bae2905 (elastic/kibana); 7.8: the 7.7 build's
import/resolve_import_errors.js. Reference kibana-saved-objects-spaces.md §2.2, §2.7. Each
retry names an object of the file and how to write it (overwrite, destinationId,
replaceReferences, createNewCopy, ignoreMissingReferences); the objects not retried are skipped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from fakekibana.core.errors import BadRequest
from fakekibana.saved_objects import aliases, importer, messages, origin_conflicts
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.importer import Key, Plan, key_of, title_of
from fakekibana.saved_objects.ndjson_file import Item

_JS_TYPES = {str: "string", bool: "boolean", int: "number", float: "number", list: "Array"}
_RETRY_KEYS = {
    "type": str,
    "id": str,
    "overwrite": bool,
    "destinationId": str,
    "replaceReferences": list,
    "createNewCopy": bool,
    "ignoreMissingReferences": bool,
}


def _js_type(value: Any) -> str:
    if value is None:
        return "null"
    return _JS_TYPES.get(type(value), "Object")


def parse_retries(raw: Any, v8: bool) -> list[Item]:
    """The `retries` field: a JSON array of retries, checked as config-schema would."""
    if raw is None:
        raise BadRequest(messages.retries_field("", "array", "undefined"))
    try:
        retries = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        retries = None
    if not isinstance(retries, list):
        raise BadRequest(messages.RETRIES_NOT_JSON)
    allowed = _RETRY_KEYS if v8 else {k: _RETRY_KEYS[k] for k in ("type", "id", "overwrite")}
    if not v8:
        allowed["replaceReferences"] = list
    for index, retry in enumerate(retries):
        if not isinstance(retry, dict):
            raise BadRequest(messages.retries_field(f".{index}", "object", _js_type(retry)))
        for name, kind in allowed.items():
            value = retry.get(name)
            if value is None and name not in ("type", "id"):
                continue
            if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
                got = "undefined" if name not in retry else _js_type(value)
                expected = "array" if kind is list else _JS_TYPES[kind]
                raise BadRequest(messages.retries_field(f".{index}.{name}", expected, got))
        unknown = sorted(set(retry) - set(allowed))
        if unknown:
            text = (
                f"[request body.retries.{index}.{unknown[0]}]: definition for this key is missing"
            )
            raise BadRequest(text)
        for ref_index, ref in enumerate(retry.get("replaceReferences") or []):
            if not isinstance(ref, dict) or not all(
                isinstance(ref.get(k), str) for k in ("type", "from", "to")
            ):
                where = f".{index}.replaceReferences.{ref_index}"
                raise BadRequest(messages.retries_field(where, "object", _js_type(ref)))
    return retries


def check_retries(retries: Sequence[Item]) -> None:
    """validateRetries: each object, and each destination, retried once."""
    keys = Counter(f"{r['type']}:{r['id']}" for r in retries)
    repeated = [k for k, count in keys.items() if count > 1]
    if repeated:
        raise BadRequest(messages.non_unique_retries(repeated))
    dests = Counter(f"{r['type']}:{r['destinationId']}" for r in retries if r.get("destinationId"))
    repeated = [k for k, count in dests.items() if count > 1]
    if repeated:
        raise BadRequest(messages.non_unique_destinations(repeated))


def _replace_references(item: Item, retry: Item) -> Item:
    mapping = {(r["type"], r["from"]): r["to"] for r in retry.get("replaceReferences") or []}
    if not mapping:
        return item
    refs = [
        {**ref, "id": mapping.get((ref["type"], ref["id"]), ref["id"])}
        for ref in item["references"]
    ]
    return {**item, "references": refs}


def resolve_errors(
    client: SavedObjectsClient,
    space: str,
    items: Sequence[Item],
    retries: list[Item],
    *,
    create_new_copies: bool,
    icons: dict[str, str],
    compatibility_mode: bool = False,
) -> dict[str, Any]:
    """resolveSavedObjectsImportErrors (8.x/9.x)."""
    check_retries(retries)
    by_key: dict[Key, Item] = {(r["type"], r["id"]): r for r in retries}
    supported, unsupported = importer.collect(client, items)
    chosen = [_replace_references(i, by_key[key_of(i)]) for i in supported if key_of(i) in by_key]
    plan = Plan(errors=list(unsupported))
    plan.destinations.update(origin_conflicts.check_reference_origins(client, space, chosen))
    skip = {key for key, retry in by_key.items() if retry.get("ignoreMissingReferences")}
    missing = importer.missing_references(client, space, chosen, skip, plan.destinations)
    for item in chosen:
        refs = missing.get(key_of(item))
        if refs:
            plan.errors.append(
                {
                    "id": item["id"],
                    "type": item["type"],
                    "meta": {} if title_of(item) is None else {"title": title_of(item)},
                    "error": {"type": "missing_references", "references": refs},
                }
            )
    for item in chosen:
        retry = by_key[key_of(item)]
        if create_new_copies:
            plan.destinations[key_of(item)] = client.new_id()
            plan.omit_origin.add(key_of(item))
        elif retry.get("destinationId") and retry["destinationId"] != item["id"]:
            plan.destinations[key_of(item)] = retry["destinationId"]
            if retry.get("createNewCopy"):
                plan.omit_origin.add(key_of(item))
    importer.check_conflicts(client, space, chosen, plan, overwrite=False, retries=by_key)
    if not create_new_copies:
        origin_conflicts.check_origin_conflicts(
            client, space, chosen, plan, overwrite=False, retries=by_key
        )
    first = [i for i in chosen if by_key[key_of(i)].get("overwrite")]
    then = [i for i in chosen if not by_key[key_of(i)].get("overwrite")]
    results = []
    for batch, overwrite in ((first, True), (then, False)):
        written = len(plan.written)
        made = importer.create_objects(
            client, space, batch, plan, icons=icons, create_new_copies=create_new_copies
        )
        if compatibility_mode:
            # Each batch writes its aliases with its own `overwrite` (resolve_import_errors.ts).
            plan.errors += aliases.write_import_aliases(
                client, space, plan.written[written:], overwrite=overwrite
            )
        for made_one in made:
            # resolve_import_errors.ts: `overwrite` from the batch, `managed` last.
            made_one.pop("overwrite", None)
            managed = made_one.pop("managed")
            shown = {k: made_one.pop(k) for k in ("type", "id", "meta")}
            if overwrite:
                shown["overwrite"] = True
            shown.update(made_one)
            shown["managed"] = managed
            results.append(shown)
    plan.overwrites = {key for key, retry in by_key.items() if retry.get("overwrite")}
    return importer.report(client, plan, results, icons)


def resolve_errors_7(
    client: SavedObjectsClient, space: str, items: Sequence[Item], retries: list[Item]
) -> dict[str, Any]:
    """7.8: the retried objects written (overwrite per retry, references replaced);
    `{success, successCount, [errors]}` as its import answers."""
    by_key: dict[Key, Item] = {(r["type"], r["id"]): r for r in retries}
    supported, errors = importer.collect(client, items)
    chosen = [_replace_references(i, by_key[key_of(i)]) for i in supported if key_of(i) in by_key]
    missing = importer.missing_references(client, space, chosen)
    created = 0
    for item in chosen:
        error: dict[str, Any] = {"id": item["id"], "type": item["type"]}
        if title_of(item) is not None:
            error["title"] = title_of(item)
        refs = missing.get(key_of(item))
        if refs:
            error["error"] = {"type": "missing_references", "references": refs, "blocking": []}
            errors.append(error)
            continue
        exists = client.store.get(space, item["type"], item["id"]) is not None
        if exists and not by_key[key_of(item)].get("overwrite"):
            error["error"] = {"type": "conflict"}
            errors.append(error)
            continue
        importer.write(client, space, item, item["id"], None)
        created += 1
    answer: dict[str, Any] = {"success": not errors, "successCount": created}
    if errors:
        answer["errors"] = errors
    return answer
