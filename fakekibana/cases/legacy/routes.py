"""Kibana 7.8's case plugin routes, with their handlers (reference kibana-cases.md §2.1).

server/routes/api/index.ts registers them; static paths come before `{id}` paths here. No
route has an access tag (permissions are the saved-object client's, client.py), so no row
names a privilege. Bodies are `escapeHatch` (any object, other keys allowed) and decoded by
io-ts in the client; a body that is not an object is refused first in config-schema's words.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from fakekibana.cases.client import CaseError
from fakekibana.cases.legacy import lists
from fakekibana.cases.legacy.client import LegacyCasesClient
from fakekibana.core import jsonio
from fakekibana.core import messages as core_messages
from fakekibana.core.area import Call, Reply, Route
from fakekibana.core.errors import BadRequest
from fakekibana.core.schema_checks import type_name

ClientHandler = Callable[[LegacyCasesClient, Call], Any]
# schemas/cases_v7/: the 7.8 operations' request, query and response files.
FOLDER = "cases_v7"


def escape_hatch(body: Any) -> dict[str, Any]:
    """`schema.object({}, {unknowns: 'allow'})` on the body (reference §4.1): an object (a
    JSON text of one is parsed, as config-schema does), else config-schema's 400."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except (ValueError, RecursionError):
            raise BadRequest(f"[request body]: {core_messages.could_not_parse('object')}") from None
    if not isinstance(body, dict):
        raise BadRequest(f"[request body]: {core_messages.expected_object(type_name(body))}")
    return body


def create_case(client: LegacyCasesClient, call: Call) -> Any:
    """POST /api/cases."""
    return client.create(call.space, escape_hatch(call.body), call.principal)


def update_cases(client: LegacyCasesClient, call: Call) -> Any:
    """PATCH /api/cases."""
    return client.update(call.space, escape_hatch(call.body), call.principal)


def delete_cases(client: LegacyCasesClient, call: Call) -> Any:
    """DELETE /api/cases?ids=…: 204, no body."""
    client.delete(call.space, call.query["ids"], call.principal)


def get_case(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}?includeComments=…"""
    return client.get(call.space, call.id, call.query, call.principal)


def get_case_user_actions(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/user_actions."""
    return client.user_actions(call.space, call.id, call.principal)


def find_cases(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/_find."""
    client.allow(call.principal, call.space, "find", "cases", write=False)
    cases = list(client.store.cases(call.space).values())
    return lists.find(cases, call.query, client.configured_id(call.space))


def get_case_tags(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/tags."""
    client.allow(call.principal, call.space, "find", "cases", write=False)
    return lists.tags(list(client.store.cases(call.space).values()))


def get_case_reporters(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/reporters."""
    client.allow(call.principal, call.space, "find", "cases", write=False)
    return lists.reporters(list(client.store.cases(call.space).values()))


def get_case_status(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/status."""
    client.allow(call.principal, call.space, "find", "cases", write=False)
    return lists.status(list(client.store.cases(call.space).values()))


def add_case_comment(client: LegacyCasesClient, call: Call) -> Any:
    """POST /api/cases/{case_id}/comments."""
    body = escape_hatch(call.body)
    return client.comment_routes.add(call.space, call.id, body, call.principal)


def update_case_comment(client: LegacyCasesClient, call: Call) -> Any:
    """PATCH /api/cases/{case_id}/comments."""
    body = escape_hatch(call.body)
    return client.comment_routes.update(call.space, call.id, body, call.principal)


def get_all_case_comments(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/comments."""
    return client.comment_routes.list_all(call.space, call.id, call.principal)


def find_case_comments(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/comments/_find."""
    return client.comment_routes.find(call.space, call.id, call.query, call.principal)


def get_case_comment(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/comments/{comment_id}."""
    return client.comment_routes.get(call.space, call.params["comment_id"], call.principal)


def delete_case_comment(client: LegacyCasesClient, call: Call) -> Any:
    """DELETE /api/cases/{case_id}/comments/{comment_id}: 204, no body."""
    comment_id = call.params["comment_id"]
    client.comment_routes.delete(call.space, call.id, comment_id, call.principal)


def delete_case_comments(client: LegacyCasesClient, call: Call) -> Any:
    """DELETE /api/cases/{case_id}/comments: 204, no body."""
    client.comment_routes.delete_all(call.space, call.id, call.principal)


def get_case_configuration(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/configure."""
    return client.configure.get(call.space, call.principal)


def set_case_configuration(client: LegacyCasesClient, call: Call) -> Any:
    """POST /api/cases/configure."""
    return client.configure.post(call.space, escape_hatch(call.body), call.principal)


def update_case_configuration(client: LegacyCasesClient, call: Call) -> Any:
    """PATCH /api/cases/configure."""
    return client.configure.patch(call.space, escape_hatch(call.body), call.principal)


def find_case_connectors(client: LegacyCasesClient, call: Call) -> Any:
    """GET /api/cases/configure/connectors/_find."""
    return client.configure.connectors(call.space, call.principal)


def record_case_push(client: LegacyCasesClient, call: Call) -> Any:
    """POST /api/cases/{case_id}/_push."""
    body = escape_hatch(call.body)
    return client.configure.record_push(call.space, call.id, body, call.principal)


def _answering_case_errors(handler: ClientHandler, client: LegacyCasesClient, call: Call) -> Any:
    """Run the handler; a CaseError becomes its Boom answer here (the core's error schemas
    know neither 406 nor the case plugin's 404 texts; the route's response schema does)."""
    try:
        return handler(client, call)
    except CaseError as error:
        body = jsonio.dumps(error.to_body())
        return Reply(error.status, body, "application/json; charset=utf-8")


# method, path, handler, options (status, query, links)
_ROWS: tuple[tuple[str, str, ClientHandler, dict[str, Any]], ...] = (
    ("POST", "/api/cases", create_case, {"links": ("get_case",)}),
    ("PATCH", "/api/cases", update_cases, {}),
    ("DELETE", "/api/cases", delete_cases, {"status": 204, "query": True}),
    ("GET", "/api/cases/_find", find_cases, {"query": True}),
    ("GET", "/api/cases/tags", get_case_tags, {}),
    ("GET", "/api/cases/reporters", get_case_reporters, {}),
    ("GET", "/api/cases/status", get_case_status, {}),
    ("GET", "/api/cases/configure", get_case_configuration, {}),
    ("POST", "/api/cases/configure", set_case_configuration, {}),
    ("PATCH", "/api/cases/configure", update_case_configuration, {}),
    ("GET", "/api/cases/configure/connectors/_find", find_case_connectors, {}),
    ("GET", "/api/cases/{id}", get_case, {"query": True}),
    ("POST", "/api/cases/{id}/_push", record_case_push, {}),
    ("GET", "/api/cases/{id}/user_actions", get_case_user_actions, {}),
    ("POST", "/api/cases/{id}/comments", add_case_comment, {}),
    ("PATCH", "/api/cases/{id}/comments", update_case_comment, {}),
    ("GET", "/api/cases/{id}/comments", get_all_case_comments, {}),
    ("DELETE", "/api/cases/{id}/comments", delete_case_comments, {"status": 204}),
    ("GET", "/api/cases/{id}/comments/_find", find_case_comments, {"query": True}),
    ("GET", "/api/cases/{id}/comments/{comment_id}", get_case_comment, {}),
    ("DELETE", "/api/cases/{id}/comments/{comment_id}", delete_case_comment, {"status": 204}),
)


def build_routes(client: LegacyCasesClient) -> tuple[Route, ...]:
    """The 7.8 cases routes, handlers bound to the client."""
    return tuple(
        Route(
            method,
            (path,),
            handler.__name__,
            functools.partial(_answering_case_errors, handler, client),
            FOLDER,
            None,
            status=options.get("status", 200),
            query=options.get("query", False),
            tag="cases",
            plugin="case",
            links=options.get("links", ()),
        )
        for method, path, handler, options in _ROWS
    )
