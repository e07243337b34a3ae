"""Route handlers of Kibana 8.19/9.x's connectors routes, snake_case and (8.19) camelCase legacy.

8.x checks privileges in the actions client, after the body is validated (reference
kibana-connectors-9x.md §3: an under-privileged user with an invalid body gets the 400), and
answers a missing one with 403 and the operation's text.
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.client_v8 import ConnectorsClient
from fakekibana.connectors.views_v8 import Views, execute_view
from fakekibana.core.area import Call
from fakekibana.core.errors import Forbidden

# The Kibana privilege each operation needs in the space: the actions feature's `all` for
# changes, `read` for the rest (7.x's access tags, kept by 8.x's feature privileges).
_ALL, _READ = "all", "read"


def _authorize(call: Call, privilege: str, text: str) -> None:
    if call.principal is not None and not call.principal.may(call.space, privilege):
        raise Forbidden(text)


def _legacy_body(body: dict[str, Any]) -> dict[str, Any]:
    """A camelCase create body in the client's snake_case keys."""
    return {
        "name": body["name"],
        "connector_type_id": body.get("actionTypeId"),
        "config": body["config"],
        "secrets": body["secrets"],
    }


# --- snake_case ---------------------------------------------------------------------------------


def create_connector(client: ConnectorsClient, call: Call) -> Any:
    """POST /api/actions/connector[/{id}]."""
    _authorize(call, _ALL, messages.unauthorized_create(call.body["connector_type_id"]))
    return client.create_connector(call.space, call.body, call.id or None)


def get_connector(client: ConnectorsClient, call: Call) -> Any:
    """GET /api/actions/connector/{id}."""
    _authorize(call, _READ, messages.unauthorized("get"))
    return client.get_connector(call.space, call.id)


def update_connector(client: ConnectorsClient, call: Call) -> Any:
    """PUT /api/actions/connector/{id}."""
    _authorize(call, _ALL, messages.unauthorized("update"))
    return client.update_connector(call.space, call.id, call.body)


def delete_connector(client: ConnectorsClient, call: Call) -> Any:
    """DELETE /api/actions/connector/{id}: 204, no body."""
    _authorize(call, _ALL, messages.unauthorized("delete"))
    client.delete_connector(call.space, call.id)


def get_all_connectors(client: ConnectorsClient, call: Call) -> Any:
    """GET /api/actions/connectors."""
    _authorize(call, _READ, messages.unauthorized("get"))
    return client.get_all_connectors(call.space)


def list_connector_types(client: ConnectorsClient, call: Call) -> Any:
    """GET /api/actions/connector_types: no feature privilege needed (authz disabled)."""
    return client.list_connector_types(call.query.get("feature_id"))


def execute_connector(client: ConnectorsClient, call: Call) -> Any:
    """POST /api/actions/connector/{id}/_execute."""
    _authorize(call, _READ, messages.unauthorized("execute"))
    return execute_view(client.run_connector(call.space, call.id, call.body["params"]), call.id)


# --- 8.19's camelCase legacy routes (reference §2.5) ---------------------------------------------


def legacy_create_connector(client: ConnectorsClient, call: Call) -> Any:
    """POST /api/actions/action."""
    body = _legacy_body(call.body)
    _authorize(call, _ALL, messages.unauthorized_create(body["connector_type_id"]))
    return Views.legacy(client.create_connector(call.space, body))


def legacy_get_connector(client: ConnectorsClient, call: Call) -> Any:
    """GET /api/actions/action/{id}."""
    _authorize(call, _READ, messages.unauthorized("get"))
    return Views.legacy(client.get_connector(call.space, call.id))


def legacy_update_connector(client: ConnectorsClient, call: Call) -> Any:
    """PUT /api/actions/action/{id}."""
    _authorize(call, _ALL, messages.unauthorized("update"))
    return Views.legacy(client.update_connector(call.space, call.id, call.body))


def legacy_delete_connector(client: ConnectorsClient, call: Call) -> Any:
    """DELETE /api/actions/action/{id}: 204, no body."""
    _authorize(call, _ALL, messages.unauthorized("delete"))
    client.delete_connector(call.space, call.id)


def legacy_get_all_connectors(client: ConnectorsClient, call: Call) -> Any:
    """GET /api/actions: the 8.x keys, referencedByCount last."""
    _authorize(call, _READ, messages.unauthorized("get"))
    return [
        {**Views.legacy(view), "referencedByCount": view["referenced_by_count"]}
        for view in client.get_all_connectors(call.space)
    ]


def legacy_list_connector_types(client: ConnectorsClient, call: Call) -> Any:
    """GET /api/actions/list_action_types: the registry's own camelCase list."""
    return [Views.legacy_type(view) for view in client.list_connector_types()]


def legacy_execute_connector(client: ConnectorsClient, call: Call) -> Any:
    """POST /api/actions/action/{id}/_execute: the executor's result as it is."""
    _authorize(call, _READ, messages.unauthorized("execute"))
    return client.run_connector(call.space, call.id, call.body["params"])
