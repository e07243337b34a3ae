"""The data views plugin's public routes (8.19 and 9.x) with their handlers, and their legacy
`/api/index_patterns` mirror.

src/platform/plugins/shared/data_views/server/rest_api_routes/public/*.ts (reference
kibana-saved-objects-spaces.md §6): versioned routes (version 2023-10-31, §1.3) whose answers
carry `elastic-api-version`. Each handler is registered twice, under /api/data_views with the
service key `data_view` and under /api/index_patterns with `index_pattern` (§6: keys
`index_pattern`/`index_pattern_id`, runtime fields answered as `{index_pattern, field}`); the
legacy paths have no list route (DERIVED: §6 names only the data_view, default and runtime
field paths for them). With security on, the write routes need `indexPatterns:manage`
(`all` in the request's space among fakekibana's roles; 403 in Kibana's authz words); the reads
are the saved objects client's: a user who may not read saved objects in the space lists no
data view and gets the client's refusal as handle_errors answers it (400). 7.8 has no data
views API: no rows, every path a 404.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from fakekibana.core.area import Call, Reply, Route
from fakekibana.core.errors import BadRequest
from fakekibana.data_views import messages
from fakekibana.data_views.runtime_fields import RuntimeFields
from fakekibana.data_views.service import DataViewsService, list_item, spec_of

_HEADERS = (("elastic-api-version", messages.API_VERSION),)


@dataclasses.dataclass(frozen=True)
class Service:
    """One registration of the routes: its path prefix, body keys and schema name prefix."""

    prefix: str
    key: str
    item: str
    legacy: bool


DATA_VIEWS = Service("/api/data_views", "data_view", "data_view", False)
INDEX_PATTERNS = Service("/api/index_patterns", "index_pattern", "index_pattern", True)
Handler = Callable[[DataViewsService, Service, Call], Any]


def _empty() -> Reply:
    # `response.ok()` without a body: 200 and nothing, without a content type, as hapi sends
    # an empty payload (DERIVED).
    return Reply(200, b"", "", _HEADERS)


def _check_read(call: Call) -> None:
    # The saved objects client's 403 `Unable to get index-pattern`, a 400 after handle_errors.
    if call.principal is not None and not call.principal.may(call.space, "read"):
        raise BadRequest(messages.UNABLE_TO_GET)


def get_all_data_views(service: DataViewsService, keys: Service, call: Call) -> Any:
    """GET /api/data_views: `{data_view: [{id, namespaces, title, …}]}`; empty for a user who
    may not find saved objects in the space (the client's find answers an empty page)."""
    if call.principal is not None and not call.principal.may(call.space, "read"):
        return {keys.key: []}
    return {keys.key: [list_item(obj) for obj in service.all(call.space)]}


def create_data_view(service: DataViewsService, keys: Service, call: Call) -> Any:
    """POST …/data_view: the spec and its `namespaces`."""
    spec = call.body[keys.key]
    # The route names a data view after its title before saving it, so the saved object
    # holds `name` (create_data_view.ts @ 2752c390, reference §6; 8.19 DERIVED the same).
    spec = {**spec, "name": spec.get("name") or spec["title"]}
    obj = service.create(call.space, spec, call.body.get("override", False), call.principal)
    return {keys.key: spec_of(obj, with_namespaces=True)}


def get_data_view(service: DataViewsService, keys: Service, call: Call) -> Any:
    """GET …/data_view/{id}."""
    _check_read(call)
    return {keys.key: spec_of(service.get(call.space, call.id))}


def update_data_view(service: DataViewsService, keys: Service, call: Call) -> Any:
    """POST …/data_view/{id}: the updated spec."""
    obj = service.update(call.space, call.id, call.body[keys.key])
    return {keys.key: spec_of(obj)}


def delete_data_view(service: DataViewsService, keys: Service, call: Call) -> Any:
    """DELETE …/data_view/{id}: 200 with an empty body."""
    service.delete(call.space, call.id)
    return _empty()


def get_default_data_view(service: DataViewsService, keys: Service, call: Call) -> Any:
    """GET …/default: `{data_view_id}`, `""` when none is set (§6), and for a user who may
    not read the space's `config` object: uiSettings ignore the client's Forbidden and read
    no setting (ui_settings_client.ts isIgnorableError; DERIVED)."""
    if call.principal is not None and not call.principal.may(call.space, "read"):
        return {f"{keys.key}_id": ""}
    return {f"{keys.key}_id": service.default_id(call.space) or ""}


def set_default_data_view(service: DataViewsService, keys: Service, call: Call) -> Any:
    """POST …/default `{data_view_id, force?}`: `{acknowledged: true}`."""
    body = call.body
    service.set_default(call.space, body[f"{keys.key}_id"], body.get("force", False))
    return {"acknowledged": True}


def _runtime_answer(keys: Service, answer: dict[str, Any]) -> Any:
    # response_formatter.ts: `{fields, data_view}`; the legacy key answers
    # `{index_pattern, field}` with the first field (none for a composite without subfields).
    if not keys.legacy:
        return answer
    legacy: dict[str, Any] = {keys.key: answer["data_view"]}
    if answer["fields"]:
        legacy["field"] = answer["fields"][0]
    return legacy


def create_runtime_field(service: DataViewsService, keys: Service, call: Call) -> Any:
    """POST …/data_view/{id}/runtime_field."""
    body = call.body
    answer = RuntimeFields(service).create(call.space, call.id, body["name"], body["runtimeField"])
    return _runtime_answer(keys, answer)


def create_update_runtime_field(service: DataViewsService, keys: Service, call: Call) -> Any:
    """PUT …/data_view/{id}/runtime_field: create or replace."""
    body = call.body
    answer = RuntimeFields(service).put(call.space, call.id, body["name"], body["runtimeField"])
    return _runtime_answer(keys, answer)


def get_runtime_field(service: DataViewsService, keys: Service, call: Call) -> Any:
    """GET …/data_view/{id}/runtime_field/{name}."""
    _check_read(call)
    answer = RuntimeFields(service).get(call.space, call.id, call.params["name"])
    return _runtime_answer(keys, answer)


def update_runtime_field(service: DataViewsService, keys: Service, call: Call) -> Any:
    """POST …/data_view/{id}/runtime_field/{name}."""
    fields = RuntimeFields(service)
    answer = fields.update(call.space, call.id, call.params["name"], call.body["runtimeField"])
    return _runtime_answer(keys, answer)


def delete_runtime_field(service: DataViewsService, keys: Service, call: Call) -> Any:
    """DELETE …/data_view/{id}/runtime_field/{name}: 200, empty body."""
    RuntimeFields(service).delete(call.space, call.id, call.params["name"])
    return _empty()


def _rows(keys: Service) -> list[tuple[str, str, Handler]]:
    item = f"{keys.prefix}/{keys.item}/{{id}}"
    rows: list[tuple[str, str, Handler]] = []
    if not keys.legacy:
        rows.append(("GET", keys.prefix, get_all_data_views))
    return [
        *rows,
        ("GET", f"{keys.prefix}/default", get_default_data_view),
        ("POST", f"{keys.prefix}/default", set_default_data_view),
        ("POST", f"{keys.prefix}/{keys.item}", create_data_view),
        ("GET", item, get_data_view),
        ("POST", item, update_data_view),
        ("DELETE", item, delete_data_view),
        ("POST", f"{item}/runtime_field", create_runtime_field),
        ("PUT", f"{item}/runtime_field", create_update_runtime_field),
        ("GET", f"{item}/runtime_field/{{name}}", get_runtime_field),
        ("POST", f"{item}/runtime_field/{{name}}", update_runtime_field),
        ("DELETE", f"{item}/runtime_field/{{name}}", delete_runtime_field),
    ]


def build_routes(service: DataViewsService) -> tuple[Route, ...]:
    """The data views routes and their legacy mirror, handlers bound to the service."""
    return tuple(
        Route(
            method,
            (path,),
            # The legacy mirror's own schema files: its body and answer keys differ.
            ("legacy_" if keys.legacy else "") + handler.__name__,
            functools.partial(handler, service, keys),
            "data_views",
            # requiredPrivileges ['indexPatterns:manage'] on every route but the reads.
            None if method == "GET" else "all",
            forbidden=None if method == "GET" else messages.MANAGE_FORBIDDEN,
            tag="data views",
            plugin="dataViews",
            headers=_HEADERS,
        )
        for keys in (DATA_VIEWS, INDEX_PATTERNS)
        for method, path, handler in _rows(keys)
    )
