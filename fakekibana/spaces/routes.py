"""The spaces plugin's route table: the same five operations in every release.

7.8: routes/api/external/{get_all,get,post,put,delete}.js of the 7.7 build; 8.x/9.x: the
versioned public routes of routes/api/external/*.ts (reference kibana-saved-objects-spaces.md
§3.1). Authorization is the spaces client's, not the route's (7.x: no access tags; 8.x/9.x:
`security.authz.enabled: false`), so no row names a privilege. Every path is also served under
/s/{space_id}, as Kibana does for its API routes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fakekibana.core.area import Call, Route
from fakekibana.core.versions import KibanaVersion
from fakekibana.spaces import handlers
from fakekibana.spaces.client import SpacesClient

ClientHandler = Callable[[SpacesClient, Call], Any]

# (method, path, handler, options)
_ROUTES: tuple[tuple[str, str, ClientHandler, dict[str, Any]], ...] = (
    ("GET", "/api/spaces/space", handlers.get_all_spaces, {"query": True}),
    (
        "POST",
        "/api/spaces/space",
        handlers.create_space,
        {"links": ("get_space", "update_space", "delete_space")},
    ),
    ("GET", "/api/spaces/space/{id}", handlers.get_space, {}),
    ("PUT", "/api/spaces/space/{id}", handlers.update_space, {}),
    ("DELETE", "/api/spaces/space/{id}", handlers.delete_space, {"status": 204}),
)


def build_routes(client: SpacesClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The spaces routes, with handlers bound to the client and this release's schema files."""
    # 7.8's space body has no `solution`, its list query no share purpose: their own files.
    body_variant = "" if version.has("spaces.solution") else ".v7"
    query_variant = "" if version.has("spaces.authorized_purposes") else ".v7"
    routes = []
    for method, path, handler, options in _ROUTES:
        query = options.get("query", False)
        routes.append(
            Route(
                method,
                (path,),
                handler.__name__,
                functools.partial(handler, client),
                "spaces",
                None,
                status=options.get("status", 200),
                query=query,
                tag="spaces",
                plugin="spaces",
                links=options.get("links", ()),
                variant=query_variant if query else body_variant,
            )
        )
    return tuple(routes)
