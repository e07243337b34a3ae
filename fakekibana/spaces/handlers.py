"""Route handlers: thin functions of (spaces client, validated call) that return plain data."""

from __future__ import annotations

from typing import Any

from fakekibana.core.area import Call
from fakekibana.spaces.client import SpacesClient


def get_all_spaces(client: SpacesClient, call: Call) -> Any:
    """GET /api/spaces/space."""
    return client.get_all(call.query, call.principal)


def create_space(client: SpacesClient, call: Call) -> Any:
    """POST /api/spaces/space."""
    return client.create(call.body, call.principal)


def get_space(client: SpacesClient, call: Call) -> Any:
    """GET /api/spaces/space/{id}."""
    return client.get(call.id, call.principal)


def update_space(client: SpacesClient, call: Call) -> Any:
    """PUT /api/spaces/space/{id}."""
    return client.update(call.id, call.body, call.principal)


def delete_space(client: SpacesClient, call: Call) -> Any:
    """DELETE /api/spaces/space/{id}: 204, no body."""
    client.delete(call.id, call.principal)
