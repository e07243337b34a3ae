"""The saved objects API's public routes per release, with their handlers.

src/core/packages/saved-objects/server-internal/src/routes/index.ts @ 01f54154 and the 7.7
build's routes/*.js (reference kibana-saved-objects-spaces.md §2.1). Authorization is the saved
objects client's (`security.authz.enabled: false`), so no row here names a privilege (the
Spaces copy rows of transfer_routes.py do): with security on each handler asks authz.py first
(7.8's wrapper checks before anything else; 8.x/9.x's repository after refusing unsupported
types, so those keep their 400/404). Static paths come before `{type}` paths, as hapi prefers
them; on 7.8, where resolve, _bulk_resolve and _bulk_delete do not exist, their paths fall to
the routes that match them as Kibana's router would (POST /_bulk_resolve is a create of type
`_bulk_resolve`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fakekibana.core.area import Call, Route
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import authz, bulk, find, transfer_routes
from fakekibana.saved_objects.client import SavedObjectsClient

ClientHandler = Callable[[SavedObjectsClient, Call], Any]
PREFIX = "/api/saved_objects"


def _check(
    client: SavedObjectsClient, call: Call, action: str, types: list[str], *more: str
) -> None:
    """authz.ensure in the request's space (and `more` spaces); 8.x/9.x leaves out the types
    the repository refuses before it authorizes (unsupported: an error of their own)."""
    if call.principal is None:
        return
    if client.v8:
        types = [name for name in types if client.visible_type(name) is not None]
    authz.ensure(call.principal, action, types, [call.space, *more])


def _check_items(
    client: SavedObjectsClient, call: Call, action: str, items: list[tuple[str, list[str]]]
) -> None:
    """_check for bulk items, each type in the request's space and its items' own spaces."""
    if call.principal is None:
        return
    if client.v8:
        items = [(name, own) for name, own in items if client.visible_type(name) is not None]
    authz.ensure_each(call.principal, action, call.space, items)


def create_saved_object(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/{type}[/{id}]?overwrite."""
    body = call.body
    so_type = client.visible_type(call.params["type"])
    _check(client, call, "create", [call.params["type"]], *(body.get("initialNamespaces") or []))
    obj = client.create(
        call.space,
        call.params["type"],
        body["attributes"],
        so_id=call.id or None,
        overwrite=call.query["overwrite"],
        references=body.get("references"),
        initial_namespaces=body.get("initialNamespaces"),
        migration_version=body.get("migrationVersion"),
    )
    assert so_type is not None  # create refused unknown and hidden types
    return authz.redact_view(call.principal, client.views.created(obj, so_type))


def get_saved_object(client: SavedObjectsClient, call: Call) -> Any:
    """GET /api/saved_objects/{type}/{id}."""
    _check(client, call, "get", [call.params["type"]])
    obj = client.get(call.space, call.params["type"], call.id)
    return authz.redact_view(call.principal, client.views.got(obj, client.types[obj.type]))


def resolve_saved_object(client: SavedObjectsClient, call: Call) -> Any:
    """GET /api/saved_objects/resolve/{type}/{id} (8.x/9.x): exactMatch, aliasMatch or
    conflict, through the space's legacy URL aliases."""
    # resolve is the internal bulk resolve: its authorization is bulk_get's.
    _check(client, call, "bulk_get", [call.params["type"]])
    return authz.redact_answer(
        call.principal, client.resolve(call.space, call.params["type"], call.id)
    )


def update_saved_object(client: SavedObjectsClient, call: Call) -> Any:
    """PUT /api/saved_objects/{type}/{id}."""
    _check(client, call, "update", [call.params["type"]])
    obj, upserted = client.update(call.space, call.params["type"], call.id, call.body)
    view = client.views.updated(obj, client.types[obj.type], call.body, upserted)
    return authz.redact_view(call.principal, view)


def delete_saved_object(client: SavedObjectsClient, call: Call) -> Any:
    """DELETE /api/saved_objects/{type}/{id}[?force]: `{}`."""
    _check(client, call, "delete", [call.params["type"]])
    client.delete(call.space, call.params["type"], call.id, bool(call.query.get("force")))
    return {}


def bulk_create_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/_bulk_create?overwrite."""
    items = [(item["type"], item.get("initialNamespaces") or []) for item in call.body]
    _check_items(client, call, "bulk_create", items)
    answer = bulk.bulk_create(client, call.space, call.body, call.query["overwrite"])
    return authz.redact_answer(call.principal, answer)


def bulk_get_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/_bulk_get."""
    items = [(item["type"], item.get("namespaces") or []) for item in call.body]
    _check_items(client, call, "bulk_get", items)
    return authz.redact_answer(call.principal, bulk.bulk_get(client, call.space, call.body))


def bulk_resolve_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/_bulk_resolve (8.x/9.x)."""
    _check(client, call, "bulk_get", [item["type"] for item in call.body])
    return authz.redact_answer(call.principal, bulk.bulk_resolve(client, call.space, call.body))


def bulk_update_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """PUT /api/saved_objects/_bulk_update."""
    # 8.x/9.x: an item with namespace `*` is an error of its own before anything is authorized.
    items = [
        (item["type"], [item["namespace"]] if item.get("namespace") else [])
        for item in call.body
        if not (client.v8 and item.get("namespace") == "*")
    ]
    _check_items(client, call, "bulk_update", items)
    return authz.redact_answer(call.principal, bulk.bulk_update(client, call.space, call.body))


def bulk_delete_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/_bulk_delete?force (8.x/9.x)."""
    _check(client, call, "bulk_delete", [item["type"] for item in call.body])
    return bulk.bulk_delete(client, call.space, call.body, bool(call.query.get("force")))


def find_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """GET /api/saved_objects/_find. With security on, 7.8 refuses a type the user may not
    find (403); 8.x/9.x searches only the spaces the user may search, and answers an empty
    page, after the query's own checks, when there are none (authorizeFind)."""
    principal, query = call.principal, call.query
    if principal is None:
        return find.find(client, call.space, query)
    if not client.v8:
        requested = query["type"] if isinstance(query["type"], list) else [query["type"]]
        authz.ensure(principal, "find", requested, [call.space])
        return find.find(client, call.space, query)
    requested_spaces = query.get("namespaces") or [call.space]
    if not isinstance(requested_spaces, list):
        requested_spaces = [requested_spaces]
    spaces = authz.readable(principal, requested_spaces)
    if not spaces:
        answer = find.find(client, call.space, query)
        return {**answer, "total": 0, "saved_objects": []}
    answer = find.find(client, call.space, {**query, "namespaces": spaces})
    return authz.redact_answer(principal, answer)


def build_routes(client: SavedObjectsClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The saved objects routes of this release, handlers bound to the client."""
    variant = "" if version.has("saved_objects.v8") else ".v7"
    v8 = version.has("saved_objects.v8")
    query_v8 = {"query": v8}
    rows: list[tuple[str, tuple[str, ...], ClientHandler, dict[str, Any]]] = [
        (
            "POST",
            (f"{PREFIX}/_bulk_create",),
            bulk_create_saved_objects,
            {"query": True, "variant": variant},
        ),
        ("POST", (f"{PREFIX}/_bulk_get",), bulk_get_saved_objects, {"variant": variant}),
        ("PUT", (f"{PREFIX}/_bulk_update",), bulk_update_saved_objects, {"variant": variant}),
        ("GET", (f"{PREFIX}/_find",), find_saved_objects, {"query": True, "variant": variant}),
    ]
    if version.has("saved_objects.resolve"):
        rows.append(("POST", (f"{PREFIX}/_bulk_resolve",), bulk_resolve_saved_objects, {}))
    if version.has("saved_objects.bulk_delete"):
        rows.append(("POST", (f"{PREFIX}/_bulk_delete",), bulk_delete_saved_objects, query_v8))
    if version.has("saved_objects.resolve"):
        rows.append(("GET", (f"{PREFIX}/resolve/{{type}}/{{id}}",), resolve_saved_object, {}))
    # _export, _import, _resolve_import_errors: static paths, before the `{type}` routes.
    rows += transfer_routes.rows(version)
    rows += [
        (
            "POST",
            (f"{PREFIX}/{{type}}", f"{PREFIX}/{{type}}/{{id}}"),
            create_saved_object,
            {"query": True, "variant": variant},
        ),
        ("GET", (f"{PREFIX}/{{type}}/{{id}}",), get_saved_object, {}),
        ("PUT", (f"{PREFIX}/{{type}}/{{id}}",), update_saved_object, {"variant": variant}),
        # 7.8's delete route validates no query: whatever is sent is ignored.
        ("DELETE", (f"{PREFIX}/{{type}}/{{id}}",), delete_saved_object, query_v8),
    ]
    headers: tuple[tuple[str, str], ...] = ()
    if version.has("saved_objects.deprecation_warning"):
        # Kibana's default deprecation text, URL-encoded (get_warning_header_message.ts, §1.2).
        headers = (("warning", f'299 Kibana-{version.number} "This%20endpoint%20is%20deprecated"'),)
    return tuple(
        Route(
            method,
            paths,
            options.get("name", handler.__name__),
            functools.partial(handler, client),
            "saved_objects",
            options.get("privilege"),
            forbidden=options.get("forbidden"),
            access=options.get("access", ""),
            query=options.get("query", False),
            tag=options.get("tag", "saved objects"),
            plugin=options.get("plugin", "savedObjects"),
            variant=options.get("variant", ""),
            headers=options.get("headers", headers),
            multipart=options.get("multipart", False),
            max_bytes=options.get("max_bytes"),
        )
        for method, paths, handler, options in rows
    )
