"""Route handlers: thin functions of (actions client, validated call) that return plain data."""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.client import ActionsClient
from fakekibana.connectors.find import find
from fakekibana.core.area import Call


def create_connector(client: ActionsClient, call: Call) -> Any:
    """POST /api/action."""
    return client.create(call.space, call.body)


def get_connector(client: ActionsClient, call: Call) -> Any:
    """GET /api/action/{id}."""
    return client.get(call.space, call.id)


def update_connector(client: ActionsClient, call: Call) -> Any:
    """PUT /api/action/{id}."""
    return client.update(call.space, call.id, call.body)


def delete_connector(client: ActionsClient, call: Call) -> Any:
    """DELETE /api/action/{id}: 204, no body."""
    client.delete(call.space, call.id)


def get_all_connectors(client: ActionsClient, call: Call) -> Any:
    """GET /api/action/_getAll (GET /api/actions in the 7.8 release)."""
    return client.get_all(call.space)


def find_connectors(client: ActionsClient, call: Call) -> Any:
    """GET /api/action/_find (7.7's paged list)."""
    return find(list(client.store.connectors(call.space).values()), call.query)


def list_connector_types(client: ActionsClient, call: Call) -> Any:
    """GET /api/action/types."""
    return client.list_types()


def execute_connector(client: ActionsClient, call: Call) -> Any:
    """POST /api/action/{id}/_execute."""
    return client.execute(call.space, call.id, call.body["params"])
