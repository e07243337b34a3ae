"""Legacy URL aliases (8.x/9.x): resolve's outcomes, the aliases import writes, and
POST /api/spaces/_disable_legacy_url_aliases.

A legacy URL alias is a `legacy-url-alias` saved object (space-agnostic) with the id
`<targetNamespace>:<targetType>:<sourceId>` and the attributes `sourceId, targetNamespace,
targetType, targetId, [purpose], [disabled], [resolveCounter], [lastResolved]`
(legacy_alias/types.ts @ b4099342). Resolve: internals/internal_bulk_resolve.ts @ 183a24c0;
import's aliases: import/lib/create_saved_objects.ts @ 15b99338 and extract_errors.ts @ 6ddcc0ab;
the disable route: spaces routes/api/external/disable_legacy_url_aliases.ts @ 0b22416a and
spaces_client.ts disableLegacyUrlAliases (all elastic/kibana). Reference
kibana-saved-objects-spaces.md §2.4, §3.1. The spaces route only writes saved objects, so the
saved objects area serves it, as it serves the other Spaces routes over its store.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any

from fakekibana.core import messages as core_messages
from fakekibana.core.area import Call, Route
from fakekibana.core.errors import BadRequest, Conflict, KibanaError, NotFound
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import messages
from fakekibana.saved_objects.store import ALL_SPACES, SavedObject
from fakekibana.saved_objects.views import boom

if TYPE_CHECKING:
    # The client calls resolve() here: a type-only import keeps the two out of a cycle.
    from fakekibana.saved_objects.client import SavedObjectsClient

ALIAS_TYPE = "legacy-url-alias"
# disable_legacy_url_aliases.ts @ 0b22416a: `aliases: schema.arrayOf(..., { maxSize: 1000 })`.
MAX_ALIASES = 1000


def alias_id(space: str, so_type: str, source_id: str) -> str:
    """The alias object's id (generateRawLegacyUrlAliasId without the type prefix)."""
    return f"{space}:{so_type}:{source_id}"


def _truthy(value: Any) -> bool:
    """JavaScript truthiness of a JSON value (`!legacyUrlAlias.disabled`)."""
    return value not in (None, False, 0, "")


def _pair(attributes: dict[str, Any], first: str, second: str) -> tuple[str, str] | None:
    """Two string attributes of an alias, or None: aliases written through the HTTP API may
    hold any JSON, which names no object."""
    one, two = attributes.get(first), attributes.get(second)
    return (one, two) if isinstance(one, str) and isinstance(two, str) else None


def _touch(client: SavedObjectsClient, alias: SavedObject) -> None:
    """fetchAndUpdateAliases' painless script: an enabled alias counts the resolve and
    records when; a disabled one is left as it is. Seen only in the state document, as
    Kibana's is only in its index."""
    if _truthy(alias.attributes.get("disabled")):
        return
    now = client.now()
    attributes = dict(alias.attributes)
    counter = attributes.get("resolveCounter")
    # A counter that is not a number (only a state document can hold one) starts again at 1
    # (DERIVED: painless would concatenate a string or fail on others).
    if isinstance(counter, (int, float)) and not isinstance(counter, bool):
        attributes["resolveCounter"] = counter + 1
    else:
        attributes["resolveCounter"] = 1
    attributes["lastResolved"] = now
    client.store.put(dataclasses.replace(alias, attributes=attributes, updated_at=now))


def resolve_one(client: SavedObjectsClient, space: str, so_type: str, so_id: str) -> dict[str, Any]:
    """One object resolved: `{saved_object, outcome, [alias_target_id, alias_purpose]}`, or
    `{type, id, error}` (an unsupported type first, then not found), as internalBulkResolve
    answers each object."""
    found_type = client.visible_type(so_type)
    if found_type is None:
        error = boom(400, messages.unsupported_type(so_type))
        return {"type": so_type, "id": so_id, "error": error}
    exact = client.store.get(space, so_type, so_id)
    alias = client.store.get(space, ALIAS_TYPE, alias_id(space, so_type, so_id))
    target: SavedObject | None = None
    if alias is not None:
        _touch(client, alias)
        target_id = alias.attributes.get("targetId")
        # A disabled alias is not looked up; a non-string targetId names no document.
        if not _truthy(alias.attributes.get("disabled")) and isinstance(target_id, str):
            target = client.store.get(space, so_type, target_id)
    result: dict[str, Any]
    if exact is not None:
        result = {"saved_object": client.views.got(exact, found_type)}
        result["outcome"] = "conflict" if target is not None else "exactMatch"
    elif target is not None:
        result = {"saved_object": client.views.got(target, found_type), "outcome": "aliasMatch"}
    else:
        text = core_messages.saved_object_not_found(so_type, so_id)
        return {"type": so_type, "id": so_id, "error": boom(404, text)}
    if target is not None and alias is not None:
        result["alias_target_id"] = alias.attributes["targetId"]
        # `purpose` is undefined on an alias written without one: the key vanishes.
        if alias.attributes.get("purpose") is not None:
            result["alias_purpose"] = alias.attributes["purpose"]
    return result


def resolve(client: SavedObjectsClient, space: str, so_type: str, so_id: str) -> dict[str, Any]:
    """GET /resolve/{type}/{id}: the one result, or its error thrown (resolve.ts)."""
    result = resolve_one(client, space, so_type, so_id)
    error = result.get("error")
    if error is None:
        return result
    if error["statusCode"] == 400:
        raise BadRequest(error["message"])
    raise NotFound(error["message"])


def bulk_resolve(
    client: SavedObjectsClient, space: str, items: list[dict[str, Any]]
) -> dict[str, Any]:
    """POST /_bulk_resolve: `{resolved_objects: [...]}`; a failed item is
    `{saved_object: {type, id, error}, outcome: "exactMatch"}` (the bulk_resolve route)."""
    resolved = []
    for item in items:
        result = resolve_one(client, space, item["type"], item["id"])
        if "error" in result:
            result = {"saved_object": result, "outcome": "exactMatch"}
        resolved.append(result)
    return {"resolved_objects": resolved}


class AliasConflict(Conflict):
    """preflightCheckForCreate's `aliasConflict`: an enabled alias with the new object's id in
    one of its spaces. create answers Kibana's plain conflict; bulk_create items add
    `metadata: {spacesWithConflictingAliases}`."""

    def __init__(self, message: str, spaces: list[str]) -> None:
        super().__init__(message)
        self.spaces = spaces


def check_alias_conflict(
    client: SavedObjectsClient, so_type: str, so_id: str, spaces: list[str]
) -> None:
    """Raise AliasConflict when creating a multi-namespace object with a caller's id where an
    enabled alias `<space>:<type>:<id>` exists (internals/preflight_check_for_create.ts
    @ 1b9f0bf6): per space, or for `*` every space an alias names (found by search, which
    skips only `disabled: true`)."""
    if ALL_SPACES in spaces:
        taken = [
            alias.attributes["targetNamespace"]
            for alias in client.store.find([ALL_SPACES], [ALIAS_TYPE])
            if _pair(alias.attributes, "targetType", "sourceId") == (so_type, so_id)
            and isinstance(alias.attributes.get("targetNamespace"), str)
            and alias.attributes.get("disabled") is not True
        ]
        found = list(dict.fromkeys(taken))
    else:
        found = []
        for space in dict.fromkeys(spaces):
            alias = client.store.get(space, ALIAS_TYPE, alias_id(space, so_type, so_id))
            if alias is not None and not _truthy(alias.attributes.get("disabled")):
                found.append(space)
    if found:
        raise AliasConflict(core_messages.saved_object_conflict(so_type, so_id), found)


def spaces_with_matching_aliases(
    client: SavedObjectsClient, objects: list[dict[str, Any]]
) -> dict[tuple[str, str], list[str]]:
    """findLegacyUrlAliases (internals/find_legacy_url_aliases.ts @ e166e03a) for
    collectMultiNamespaceReferences: per object, the targetNamespace of each alias from its id
    (targetType and sourceId), leaving out those with `disabled: true`."""
    wanted = {(item["type"], item["id"]) for item in objects}
    found: dict[tuple[str, str], list[str]] = {}
    if not wanted:
        return found
    for alias in client.store.find([ALL_SPACES], [ALIAS_TYPE]):
        attributes = alias.attributes
        key = _pair(attributes, "targetType", "sourceId")
        if key in wanted and key is not None and attributes.get("disabled") is not True:
            spaces = found.setdefault(key, [])
            space = attributes.get("targetNamespace")
            if isinstance(space, str) and space not in spaces:
                spaces.append(space)
    return found


# (type, id, spaces, inclusive): delete the aliases of the object whose targetNamespace is in
# the spaces (inclusive) or is not (exclusive).
AliasCleanup = tuple[str, str, list[str], bool]


def cleanup_after_delete(client: SavedObjectsClient, obj: SavedObject) -> AliasCleanup | None:
    """What delete.ts and bulk_delete.ts clean up once a multi-namespace object is deleted:
    its aliases in its spaces, or in every space when it was in all spaces."""
    if not client.types[obj.type].multi_namespace:
        return None
    if ALL_SPACES in obj.namespaces:
        return (obj.type, obj.id, [], False)
    return (obj.type, obj.id, list(obj.namespaces), True)


def delete_aliases(client: SavedObjectsClient, cleanups: list[AliasCleanup | None]) -> None:
    """deleteLegacyUrlAliases (internals/delete_legacy_url_aliases.ts @ 3d083745) for each
    cleanup: the aliases with that targetType and targetId, by targetNamespace. One pass."""
    targets: dict[tuple[str, str] | None, tuple[list[str], bool]] = {
        (c[0], c[1]): (c[2], c[3]) for c in cleanups if c is not None
    }
    if not targets:
        return
    for alias in list(client.store.find([ALL_SPACES], [ALIAS_TYPE])):
        attributes = alias.attributes
        found = targets.get(_pair(attributes, "targetType", "targetId"))
        if found is None:
            continue
        spaces, inclusive = found
        if (attributes.get("targetNamespace") in spaces) == inclusive:
            client.store.delete(alias)


# --- import's aliases (compatibilityMode) -----------------------------------------------------


def write_import_aliases(
    client: SavedObjectsClient,
    space: str,
    created: list[SavedObject],
    *,
    overwrite: bool,
) -> list[dict[str, Any]]:
    """createSavedObjects in compatibilityMode: an alias `<space>:<type>:<originId>` for each
    object written under an id other than its originId, bulk-created with the import's
    `overwrite`; an alias that exists without it is an `unknown` import error (extractErrors).
    The HTTP import has no `managed` option, so aliases are written with `managed: false`."""
    errors = []
    aliases: dict[str, dict[str, Any]] = {}
    for obj in created:
        if obj.origin_id and obj.origin_id != obj.id:
            aliases[alias_id(space, obj.type, obj.origin_id)] = {
                "sourceId": obj.origin_id,
                "targetNamespace": space,
                "targetType": obj.type,
                "targetId": obj.id,
                "purpose": "savedObjectImport",
            }
    for so_id, attributes in aliases.items():
        try:
            client.create(space, ALIAS_TYPE, attributes, so_id=so_id, overwrite=overwrite)
        except KibanaError as failure:
            title = messages.alias_title(attributes["sourceId"], attributes["targetId"])
            error = {**boom(failure.status, failure.message), "type": "unknown"}
            errors.append(
                {
                    "id": so_id,
                    "type": ALIAS_TYPE,
                    "meta": {"title": title},
                    "error": error,
                    "managed": False,
                }
            )
    return errors


# --- POST /api/spaces/_disable_legacy_url_aliases ---------------------------------------------


def disable_legacy_url_aliases(client: SavedObjectsClient, call: Call) -> None:
    """POST /api/spaces/_disable_legacy_url_aliases: a bulkUpdate of `{disabled: true}` on
    each alias; aliases that do not exist are failed items Kibana ignores, so it is a 204."""
    aliases = call.body["aliases"]
    if len(aliases) > MAX_ALIASES:
        # config-schema's array maxSize text (checked after the items, as Joi does).
        raise BadRequest(messages.array_too_big("request body.aliases", len(aliases), MAX_ALIASES))
    for target in aliases:
        so_id = alias_id(target["targetSpace"], target["targetType"], target["sourceId"])
        alias = client.store.get(target["targetSpace"], ALIAS_TYPE, so_id)
        if alias is None:
            continue
        client.store.put(
            dataclasses.replace(
                alias,
                attributes={**alias.attributes, "disabled": True},
                updated_at=client.now(),
            )
        )


def build_alias_routes(client: SavedObjectsClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The disable route where the release has legacy URL aliases (not 7.8)."""
    if not version.has("saved_objects.legacy_url_aliases"):
        return ()
    return (
        Route(
            "POST",
            ("/api/spaces/_disable_legacy_url_aliases",),
            "disable_legacy_url_aliases",
            functools.partial(disable_legacy_url_aliases, client),
            "saved_objects",
            None,
            status=204,
            tag="spaces",
            plugin="spaces",
        ),
    )
