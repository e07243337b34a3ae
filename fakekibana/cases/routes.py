"""The cases plugin's public routes of 8.19 / 9.x, with their handlers.

server/routes/api/get_external_routes.ts @ 05e5b0f4 (reference kibana-cases.md §2.2).
Authorization is the cases client's own (`security.authz.enabled: false`), so no row names a
privilege. Static paths come before `{id}` paths.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fakekibana.cases.client import CaseError, CasesClient
from fakekibana.core import jsonio
from fakekibana.core.area import Call, Reply, Route
from fakekibana.core.versions import KibanaVersion

ClientHandler = Callable[[CasesClient, Call], Any]


def create_case(client: CasesClient, call: Call) -> Any:
    """POST /api/cases."""
    return client.create(call.space, call.body, call.principal)


def update_cases(client: CasesClient, call: Call) -> Any:
    """PATCH /api/cases."""
    return client.update(call.space, call.body, call.principal)


def delete_cases(client: CasesClient, call: Call) -> Any:
    """DELETE /api/cases?ids=…: 204, no body."""
    client.delete(call.space, call.query["ids"], call.principal)


def get_case(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}: 8.19 has includeComments (default true); 9.x never answers
    comments (PRs #207739, #208829)."""
    with_comments = bool(call.query.get("includeComments", True)) if call.query else False
    return client.get(call.space, call.id, call.principal, with_comments)


def _answering_case_errors(handler: ClientHandler, client: CasesClient, call: Call) -> Any:
    """Run the handler; a CaseError becomes its Boom answer here (the core's error schemas
    know neither 406 nor 424 nor these 404 texts; the route's response schema does)."""
    try:
        return handler(client, call)
    except CaseError as error:
        body = jsonio.dumps(error.to_body())
        return Reply(error.status, body, "application/json; charset=utf-8")


def build_routes(client: CasesClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The cases routes of this release, handlers bound to the client."""
    v8 = not version.has("cases.get_without_comments")
    rows: list[tuple[str, str, ClientHandler, dict[str, Any]]] = [
        ("POST", "/api/cases", create_case, {"links": ("get_case",)}),
        ("PATCH", "/api/cases", update_cases, {}),
        ("DELETE", "/api/cases", delete_cases, {"status": 204, "query": True}),
        ("GET", "/api/cases/{id}", get_case, {"query": v8, "variant": ".v8" if v8 else ""}),
    ]
    return tuple(
        Route(
            method,
            (path,),
            handler.__name__,
            functools.partial(_answering_case_errors, handler, client),
            "cases",
            None,
            status=options.get("status", 200),
            query=options.get("query", False),
            tag="cases",
            plugin="cases",
            links=options.get("links", ()),
            variant=options.get("variant", ""),
        )
        for method, path, handler, options in rows
    )
