"""The data views plugin's public routes (8.19 and 9.x) with their handlers.

src/platform/plugins/shared/data_views/server/rest_api_routes/public/*.ts (reference
kibana-saved-objects-spaces.md §6): versioned routes (version 2023-10-31, §1.3) whose answers
carry `elastic-api-version`. Authorization is the saved objects client's, so no row names a
privilege. 7.8 has no data views API: no rows, every path a 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fakekibana.core.area import Call, Reply, Route
from fakekibana.data_views import messages
from fakekibana.data_views.runtime_fields import RuntimeFields
from fakekibana.data_views.service import DataViewsService, list_item, spec_of

ServiceHandler = Callable[[DataViewsService, Call], Any]
PREFIX = "/api/data_views"
_HEADERS = (("elastic-api-version", messages.API_VERSION),)


def get_all_data_views(service: DataViewsService, call: Call) -> Any:
    """GET /api/data_views: `{data_view: [{id, namespaces, title, …}]}`."""
    return {"data_view": [list_item(obj) for obj in service.all(call.space)]}


def create_data_view(service: DataViewsService, call: Call) -> Any:
    """POST /api/data_views/data_view: the spec and its `namespaces`."""
    obj = service.create(call.space, call.body["data_view"], call.body.get("override", False))
    return {"data_view": spec_of(obj, with_namespaces=True)}


def get_data_view(service: DataViewsService, call: Call) -> Any:
    """GET /api/data_views/data_view/{id}."""
    return {"data_view": spec_of(service.get(call.space, call.id))}


def update_data_view(service: DataViewsService, call: Call) -> Any:
    """POST /api/data_views/data_view/{id}: the updated spec."""
    obj = service.update(call.space, call.id, call.body["data_view"])
    return {"data_view": spec_of(obj)}


def delete_data_view(service: DataViewsService, call: Call) -> Any:
    """DELETE /api/data_views/data_view/{id}: 200 with an empty body (`response.ok()`); the
    content type of that empty answer is UNCONFIRMED (JSON's is sent)."""
    service.delete(call.space, call.id)
    return Reply(200, b"", "application/json; charset=utf-8", _HEADERS)


def get_default_data_view(service: DataViewsService, call: Call) -> Any:
    """GET /api/data_views/default: `{data_view_id}`, `""` when none is set (§6)."""
    return {"data_view_id": service.default_id(call.space) or ""}


def set_default_data_view(service: DataViewsService, call: Call) -> Any:
    """POST /api/data_views/default `{data_view_id, force?}`: `{acknowledged: true}`."""
    service.set_default(call.space, call.body["data_view_id"], call.body.get("force", False))
    return {"acknowledged": True}


def create_runtime_field(service: DataViewsService, call: Call) -> Any:
    """POST /api/data_views/data_view/{id}/runtime_field."""
    body = call.body
    return RuntimeFields(service).create(call.space, call.id, body["name"], body["runtimeField"])


def create_update_runtime_field(service: DataViewsService, call: Call) -> Any:
    """PUT /api/data_views/data_view/{id}/runtime_field: create or replace."""
    body = call.body
    return RuntimeFields(service).put(call.space, call.id, body["name"], body["runtimeField"])


def get_runtime_field(service: DataViewsService, call: Call) -> Any:
    """GET /api/data_views/data_view/{id}/runtime_field/{name}."""
    return RuntimeFields(service).get(call.space, call.id, call.params["name"])


def update_runtime_field(service: DataViewsService, call: Call) -> Any:
    """POST /api/data_views/data_view/{id}/runtime_field/{name}."""
    fields = RuntimeFields(service)
    return fields.update(call.space, call.id, call.params["name"], call.body["runtimeField"])


def delete_runtime_field(service: DataViewsService, call: Call) -> Any:
    """DELETE /api/data_views/data_view/{id}/runtime_field/{name}: 200, empty body."""
    RuntimeFields(service).delete(call.space, call.id, call.params["name"])
    return Reply(200, b"", "application/json; charset=utf-8", _HEADERS)


def build_routes(service: DataViewsService) -> tuple[Route, ...]:
    """The data views routes, handlers bound to the service."""
    rows: list[tuple[str, str, ServiceHandler]] = [
        ("GET", PREFIX, get_all_data_views),
        ("GET", f"{PREFIX}/default", get_default_data_view),
        ("POST", f"{PREFIX}/default", set_default_data_view),
        ("POST", f"{PREFIX}/data_view", create_data_view),
        ("GET", f"{PREFIX}/data_view/{{id}}", get_data_view),
        ("POST", f"{PREFIX}/data_view/{{id}}", update_data_view),
        ("DELETE", f"{PREFIX}/data_view/{{id}}", delete_data_view),
        ("POST", f"{PREFIX}/data_view/{{id}}/runtime_field", create_runtime_field),
        ("PUT", f"{PREFIX}/data_view/{{id}}/runtime_field", create_update_runtime_field),
        ("GET", f"{PREFIX}/data_view/{{id}}/runtime_field/{{name}}", get_runtime_field),
        ("POST", f"{PREFIX}/data_view/{{id}}/runtime_field/{{name}}", update_runtime_field),
        ("DELETE", f"{PREFIX}/data_view/{{id}}/runtime_field/{{name}}", delete_runtime_field),
    ]
    return tuple(
        Route(
            method,
            (path,),
            handler.__name__,
            functools.partial(handler, service),
            "data_views",
            None,
            tag="data views",
            plugin="dataViews",
            headers=_HEADERS,
        )
        for method, path, handler in rows
    )
