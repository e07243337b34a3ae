"""Route handlers: thin functions of (Kibana, validated call) that return plain data."""

from __future__ import annotations

import dataclasses
from typing import Any

from fakekibana import status
from fakekibana.actions import Kibana
from fakekibana.find import find


@dataclasses.dataclass(frozen=True, slots=True)
class Call:
    """A validated request: its space, the `id` path parameter, query and body."""

    space: str
    id: str
    query: dict[str, Any]
    body: Any


def create_connector(kibana: Kibana, call: Call) -> Any:
    """POST /api/action."""
    return kibana.create(call.space, call.body)


def get_connector(kibana: Kibana, call: Call) -> Any:
    """GET /api/action/{id}."""
    return kibana.get(call.space, call.id)


def update_connector(kibana: Kibana, call: Call) -> Any:
    """PUT /api/action/{id}."""
    return kibana.update(call.space, call.id, call.body)


def delete_connector(kibana: Kibana, call: Call) -> Any:
    """DELETE /api/action/{id}: 204, no body."""
    kibana.delete(call.space, call.id)


def get_all_connectors(kibana: Kibana, call: Call) -> Any:
    """GET /api/action/_getAll (GET /api/actions in the 7.8 release)."""
    return kibana.get_all(call.space)


def find_connectors(kibana: Kibana, call: Call) -> Any:
    """GET /api/action/_find (7.7's paged list)."""
    return find(list(kibana.store.connectors(call.space).values()), call.query)


def list_connector_types(kibana: Kibana, call: Call) -> Any:
    """GET /api/action/types."""
    return kibana.list_types()


def execute_connector(kibana: Kibana, call: Call) -> Any:
    """POST /api/action/{id}/_execute."""
    return kibana.execute(call.space, call.id, call.body["params"])


def get_status(kibana: Kibana, call: Call) -> Any:
    """GET /api/status, Kibana 7.x's legacy shape."""
    return status.status_body(kibana)
