"""The cases plugin's public routes of 8.19 / 9.x, with their handlers.

server/routes/api/get_external_routes.ts @ 05e5b0f4 (reference kibana-cases.md §2.2).
Authorization is the cases client's own (`security.authz.enabled: false`), so no row names a
privilege. Static paths come before `{id}` paths.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fakekibana.cases import push, user_actions
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


def find_cases(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/_find."""
    return client.find(call.space, call.query)


def get_case_tags(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/tags."""
    return client.tags(call.space, call.query)


def get_case_reporters(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/reporters."""
    return client.reporters(call.space, call.query)


def get_case_status(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/status (8.19; removed in 9.0 by PR #208208)."""
    return client.status(call.space, call.query)


def add_case_comment(client: CasesClient, call: Call) -> Any:
    """POST /api/cases/{case_id}/comments."""
    return client.comments.add(call.space, call.id, call.body, call.principal)


def update_case_comment(client: CasesClient, call: Call) -> Any:
    """PATCH /api/cases/{case_id}/comments."""
    return client.comments.update(call.space, call.id, call.body, call.principal)


def find_case_comments(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/comments/_find."""
    return client.comments.find(call.space, call.id, call.query)


def delete_case_comments(client: CasesClient, call: Call) -> Any:
    """DELETE /api/cases/{case_id}/comments: 204, no body."""
    client.comments.delete_all(call.space, call.id, call.principal)


def get_all_case_comments(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/comments (8.19; removed in 9.0 by PR #207926): every comment,
    oldest first; an unknown case has none (7.x's rule, §2.1; DERIVED for 8.19)."""
    document = client.store.get(call.space, call.id)
    return client.user_comments(document) if document is not None else []


def get_case_comment(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/comments/{comment_id}."""
    return client.comments.get(call.space, call.id, call.params["comment_id"])


def delete_case_comment(client: CasesClient, call: Call) -> Any:
    """DELETE /api/cases/{case_id}/comments/{comment_id}: 204, no body."""
    client.comments.delete(call.space, call.id, call.params["comment_id"], call.principal)


def push_case(client: CasesClient, call: Call) -> Any:
    """POST /api/cases/{case_id}/connector/{connector_id}/_push (no body needed)."""
    connector_id = call.params["connector_id"]
    return push.push(client, call.space, call.id, connector_id, call.principal)


def get_case_configuration(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/configure: an array ([] when none)."""
    return client.configure.get(call.space, call.query)


def set_case_configuration(client: CasesClient, call: Call) -> Any:
    """POST /api/cases/configure."""
    return client.configure.create(call.space, call.body, call.principal)


def update_case_configuration(client: CasesClient, call: Call) -> Any:
    """PATCH /api/cases/configure/{configuration_id}."""
    return client.configure.update(call.space, call.id, call.body, call.principal)


def find_case_connectors(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/configure/connectors/_find."""
    return client.configure.connectors(call.space)


def find_case_activity(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/user_actions/_find."""
    return user_actions.find(lambda: client.found(call.space, call.id), call.query)


def get_case_activity(client: CasesClient, call: Call) -> Any:
    """GET /api/cases/{case_id}/user_actions (8.19; removed in 9.0 by PR #208086): the case
    must exist (get.ts @ 7eb34266 reads it beside the user actions; DERIVED for 8.19)."""
    return user_actions.get_all(client.found(call.space, call.id))


def _deprecated(handler: ClientHandler, version: str) -> ClientHandler:
    """A deprecated route of 8.19: its JSON with `warning: 299 Kibana-<version> "Deprecated
    endpoint"` (server/routes/api/utils.ts getWarningHeader, §2.2)."""

    def answer(client: CasesClient, call: Call) -> Any:
        body = jsonio.dumps(handler(client, call))
        warning = (("warning", f'299 Kibana-{version} "Deprecated endpoint"'),)
        return Reply(200, body, "application/json; charset=utf-8", warning)

    answer.__name__ = handler.__name__
    return answer


# The operations on a new case a stateful Schemathesis run follows (OpenAPI links from create's
# `id`): read it, comment on it, list, edit and delete its comments, push it. Not 8.19's
# GET …/comments: it shares its path with DELETE …/comments, and Kibana's 200 `[]` after that
# delete is right, though Schemathesis' use-after-free check expects a 404 there.
CREATE_CASE_LINKS = (
    "get_case",
    "add_case_comment",
    "update_case_comment",
    "find_case_comments",
    "delete_case_comments",
    "push_case",
)


def build_routes(client: CasesClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The cases routes of this release, handlers bound to the client."""
    v8 = not version.has("cases.get_without_comments")
    rows: list[tuple[str, str, ClientHandler, dict[str, Any]]] = [
        ("POST", "/api/cases", create_case, {"links": CREATE_CASE_LINKS}),
        ("PATCH", "/api/cases", update_cases, {}),
        ("DELETE", "/api/cases", delete_cases, {"status": 204, "query": True}),
        ("GET", "/api/cases/_find", find_cases, {"query": True}),
        ("GET", "/api/cases/tags", get_case_tags, {"query": True}),
        ("GET", "/api/cases/reporters", get_case_reporters, {"query": True}),
        *(
            [
                (
                    "GET",
                    "/api/cases/status",
                    get_case_status,
                    {"query": True, "deprecated": True},
                )
            ]
            if version.has("cases.status_route")
            else []
        ),
        ("GET", "/api/cases/configure", get_case_configuration, {"query": True}),
        ("POST", "/api/cases/configure", set_case_configuration, {}),
        ("PATCH", "/api/cases/configure/{id}", update_case_configuration, {}),
        ("GET", "/api/cases/configure/connectors/_find", find_case_connectors, {}),
        ("GET", "/api/cases/{id}", get_case, {"query": v8, "variant": ".v8" if v8 else ""}),
        ("POST", "/api/cases/{id}/comments", add_case_comment, {}),
        ("PATCH", "/api/cases/{id}/comments", update_case_comment, {}),
        ("GET", "/api/cases/{id}/comments/_find", find_case_comments, {"query": True}),
        ("DELETE", "/api/cases/{id}/comments", delete_case_comments, {"status": 204}),
        *(
            [("GET", "/api/cases/{id}/comments", get_all_case_comments, {"deprecated": True})]
            if version.has("cases.get_all_comments_route")
            else []
        ),
        ("GET", "/api/cases/{id}/comments/{comment_id}", get_case_comment, {}),
        (
            "DELETE",
            "/api/cases/{id}/comments/{comment_id}",
            delete_case_comment,
            {"status": 204},
        ),
        ("POST", "/api/cases/{id}/connector/{connector_id}/_push", push_case, {}),
        ("GET", "/api/cases/{id}/user_actions/_find", find_case_activity, {"query": True}),
        *(
            [("GET", "/api/cases/{id}/user_actions", get_case_activity, {"deprecated": True})]
            if version.has("cases.get_all_user_actions_route")
            else []
        ),
    ]
    return tuple(
        Route(
            method,
            (path,),
            handler.__name__,
            functools.partial(
                _answering_case_errors,
                _deprecated(handler, version.number) if options.get("deprecated") else handler,
                client,
            ),
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
