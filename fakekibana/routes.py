"""The route table: every Kibana path fakekibana answers, and how each is checked.

Each row is one operation. Its paths are the seed's names (`/api/action...`) and the 7.8
release's names (`/api/actions/action...`), which share one store; every path is also served
under `/s/{space_id}` (reference core §4). Static paths come before `{id}` paths.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fakekibana import handlers
from fakekibana.actions import Kibana
from fakekibana.handlers import Call

Handler = Callable[[Kibana, Call], Any]


@dataclasses.dataclass(frozen=True)
class Route:
    """One operation: method, paths, handler, schemas and the privilege it needs."""

    method: str
    paths: tuple[str, ...]
    handler: Handler
    # 'read' or 'all' for actions routes (route tags access:actions-read / -all); None for
    # routes outside the actions plugin, which skip its licence check.
    privilege: str | None
    status: int = 200
    query: bool = False

    @property
    def name(self) -> str:
        """The operation name: the handler's name, and the stem of its schema files."""
        return self.handler.__name__

    @property
    def body_schema(self) -> str | None:
        """schemas/<file> validating the body, for methods that carry one."""
        if self.method in ("POST", "PUT"):
            return f"actions/{self.name}.request.json"
        return None

    @property
    def query_schema(self) -> str | None:
        """schemas/<file> validating the query string, where the route declares one."""
        return f"actions/{self.name}.query.json" if self.query else None


ONE = ("/api/action/{id}", "/api/actions/action/{id}")

ROUTES: tuple[Route, ...] = (
    Route("GET", ("/api/status",), handlers.get_status, None),
    Route("POST", ("/api/action", "/api/actions/action"), handlers.create_connector, "all"),
    Route("GET", ("/api/action/_getAll", "/api/actions"), handlers.get_all_connectors, "read"),
    Route("GET", ("/api/action/_find",), handlers.find_connectors, "read", query=True),
    Route(
        "GET",
        ("/api/action/types", "/api/actions/list_action_types"),
        handlers.list_connector_types,
        "read",
    ),
    Route("GET", ONE, handlers.get_connector, "read"),
    Route("PUT", ONE, handlers.update_connector, "all"),
    Route("DELETE", ONE, handlers.delete_connector, "all", status=204),
    # Execute is a read route in Kibana 7.7/7.8 (core §2.7).
    Route(
        "POST",
        ("/api/action/{id}/_execute", "/api/actions/action/{id}/_execute"),
        handlers.execute_connector,
        "read",
    ),
)

SPACE_PREFIX = r"/s/{space_id:[a-z0-9_\-]+}"
