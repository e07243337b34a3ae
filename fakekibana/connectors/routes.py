"""The actions plugin's route table, per release: which paths each operation answers on.

The 7.7 seed page's names (`/api/action...`) and the 7.8 release's names
(`/api/actions/action...`) share one store; the version gates say which families a release
serves. Every path is also served under `/s/{space_id}` (reference core §4). Static paths come
before `{id}` paths.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fakekibana.connectors import handlers
from fakekibana.connectors.client import ActionsClient
from fakekibana.core.area import Call, Route
from fakekibana.core.versions import KibanaVersion

ClientHandler = Callable[[ActionsClient, Call], Any]

# (method, seed path, 7.8 release path, handler, privilege, options). A None path is an
# operation that family does not have. Execute is a read route in Kibana 7.7/7.8 (core §2.7).
_LEGACY: tuple[tuple[str, str | None, str | None, ClientHandler, str, dict[str, Any]], ...] = (
    (
        "POST",
        "/api/action",
        "/api/actions/action",
        handlers.create_connector,
        "all",
        {"links": ("get_connector", "update_connector", "delete_connector", "execute_connector")},
    ),
    ("GET", "/api/action/_getAll", "/api/actions", handlers.get_all_connectors, "read", {}),
    ("GET", "/api/action/_find", None, handlers.find_connectors, "read", {"query": True}),
    (
        "GET",
        "/api/action/types",
        "/api/actions/list_action_types",
        handlers.list_connector_types,
        "read",
        {"tag": "connector types"},
    ),
    ("GET", "/api/action/{id}", "/api/actions/action/{id}", handlers.get_connector, "read", {}),
    ("PUT", "/api/action/{id}", "/api/actions/action/{id}", handlers.update_connector, "all", {}),
    (
        "DELETE",
        "/api/action/{id}",
        "/api/actions/action/{id}",
        handlers.delete_connector,
        "all",
        {"status": 204},
    ),
    (
        "POST",
        "/api/action/{id}/_execute",
        "/api/actions/action/{id}/_execute",
        handlers.execute_connector,
        "read",
        {},
    ),
)


def build_routes(client: ActionsClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The actions routes this release serves, with handlers bound to its client."""
    seed = version.has("actions.seed_routes")
    release = version.has("actions.release_routes")
    routes = []
    for method, seed_path, release_path, handler, privilege, options in _LEGACY:
        paths = tuple(
            path
            for path, served in ((seed_path, seed), (release_path, release))
            if path is not None and served
        )
        if not paths:
            continue
        routes.append(
            Route(
                method,
                paths,
                handler.__name__,
                functools.partial(handler, client),
                "actions",
                privilege,
                client.check_plugin_license,
                tag=options.get("tag", "connectors"),
                status=options.get("status", 200),
                query=options.get("query", False),
                plugin="actions",
                links=options.get("links", ()),
            )
        )
    return tuple(routes)
