"""The connectors area (Kibana's actions plugin): its routes, store, seed and fault controls."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from fakekibana.connectors import messages
from fakekibana.connectors.client import ActionsClient, action_not_found, stored_view
from fakekibana.connectors.registry import load_types
from fakekibana.connectors.store import Connector, ConnectorStore
from fakekibana.core.area import Area, AreaContext, Route
from fakekibana.core.configschema import Invalid
from fakekibana.core.control import PREFIX, control_json, read_control_json
from fakekibana.core.errors import BadRequest, KibanaError
from fakekibana.core.persistence import (
    StateError,
    check_list,
    check_object,
    check_space,
    check_string,
)
from fakekibana.core.store import DEFAULT_SPACE

if TYPE_CHECKING:
    from fakekibana.core.zod import ZodSchemaSet

_CREATE_SCHEMA = "actions/create_connector.request.json"


class ConnectorsArea(Area):
    """Connectors as the configured release serves them."""

    name = "connectors"
    seed_key = "connectors"

    store: ConnectorStore
    client: ActionsClient

    def __init__(self, context: AreaContext) -> None:
        self.schemas = context.schemas
        # Only the configured generation's modules are imported (start-up stays lean).
        if context.version.has("connectors.stack_types"):
            self._build_stack(context)
        else:
            self._build_legacy(context)

    def _build_legacy(self, context: AreaContext) -> None:
        """Kibana 7.x: the built-in action types and the /api/action(s) routes."""
        from fakekibana.connectors import routes, types  # noqa: PLC0415

        registry = load_types(types.load_specs(), context.schemas)
        self.store = ConnectorStore(context.shared, frozenset(registry))
        self.client = ActionsClient(context.settings, self.store, registry)
        self._routes = routes.build_routes(self.client, context.version)

    def _build_stack(self, context: AreaContext) -> None:
        """Kibana 8.19/9.x: the stack connector types and the snake_case routes."""
        from fakekibana.connectors import routes_v8, stack  # noqa: PLC0415
        from fakekibana.connectors.client_v8 import ConnectorsClient  # noqa: PLC0415

        version = context.version
        prefixes = None
        zod = None
        if version.has("connectors.zod_schemas"):
            # 9.3+: the types' schemas are zod's, and so are their messages and wrappers.
            schemas = context.schemas

            @functools.cache
            def zod() -> ZodSchemaSet:
                from fakekibana.core.zod import ZodSchemaSet  # noqa: PLC0415 - first use

                return ZodSchemaSet(schemas)

            prefixes = (
                messages.CONNECTOR_CONFIG_PREFIX,
                messages.CONNECTOR_SECRETS_PREFIX,
                messages.PARAMS_PREFIX,
            )
        registry = load_types(stack.load_specs(version), context.schemas, prefixes, zod)
        self.store = ConnectorStore(context.shared, frozenset(registry))
        client = ConnectorsClient(context.settings, self.store, registry, version)
        self.client = client
        self._routes = routes_v8.build_routes(client, version)
        self._views = client.views

    def view(self, connector: Connector) -> dict[str, Any]:
        """A stored connector as this release shows it."""
        views = getattr(self, "_views", None)
        return views.connector(connector) if views is not None else stored_view(connector)

    def routes(self) -> Sequence[Route]:
        """The actions routes of this release."""
        return self._routes

    def control_routes(self) -> Sequence[web.RouteDef]:
        """Per-connector fault modes."""
        return [
            web.put(PREFIX + "connectors/{id}/fault", self.set_fault),
            web.delete(PREFIX + "connectors/{id}/fault", self.clear_fault),
        ]

    # --- seeding --------------------------------------------------------------------------------

    def seed(self, document: Any, where: str, space: str | None = None) -> list[dict[str, Any]]:
        """Create connectors as POST /api/action would, with optional `id` and `space` keys.

        Each is validated like a create (schema defaults filled in, Kibana's messages); all
        are checked before any is kept.
        """
        items = check_list(document, where)
        if space is not None:
            items = [c for c in items if isinstance(c, dict) and c.get("space", "default") == space]
        client = self.client
        check = self.schemas.validator(_CREATE_SCHEMA)
        pending: list[tuple[str, Connector]] = []
        taken: set[tuple[str, str]] = set()
        for index, raw in enumerate(items):
            at = f"{where}[{index}]"
            body = dict(check_object(raw, at))
            space_id = check_space(body.pop("space", DEFAULT_SPACE), at + ".space")
            connector_id = body.pop("id", None)
            if connector_id is not None:
                connector_id = check_string(connector_id, at + ".id")
                if connector_id in client.preconfigured or (space_id, connector_id) in taken:
                    raise StateError(f"{at}.id: {connector_id!r} is already taken")
            try:
                body = check(body, ())
                connector_type = client.get_type(body["actionTypeId"])
                config = connector_type.validate_config(body["config"], client.actions_config)
                secrets = connector_type.validate_secrets(body["secrets"], client.actions_config)
                client.ensure_type_enabled(connector_type)
            except Invalid as failure:
                raise StateError(f"{at}: {failure.format()}") from None
            except KibanaError as failure:
                raise StateError(f"{at}: {failure.message}") from None
            except ValueError as failure:
                raise StateError(f"{at}: {failure}") from None
            connector_id = connector_id or self.store.shared.ids.new()
            taken.add((space_id, connector_id))
            pending.append(
                (
                    space_id,
                    Connector(connector_id, connector_type.id, body["name"], config, secrets),
                )
            )
        for space_id, connector in pending:
            self.store.put(space_id, connector)
        return [{"space": space_id, **self.view(connector)} for space_id, connector in pending]

    # --- faults ---------------------------------------------------------------------------------

    def _connector_type(self, connector_id: str) -> str:
        preconfigured = self.client.preconfigured.get(connector_id)
        if preconfigured is not None:
            return preconfigured.action_type_id
        stored = self.store.find_anywhere(connector_id)
        if stored is None:
            raise action_not_found(connector_id)
        return stored.action_type_id

    async def set_fault(self, request: web.Request) -> web.StreamResponse:
        """Make a connector's executions fail: {"mode": "error" | "retry" | "down"}."""
        connector_id = request.match_info["id"]
        body = await read_control_json(request)
        mode = body.get("mode") if isinstance(body, dict) else None
        type_id = self._connector_type(connector_id)
        connector_type = self.client.types.get(type_id)
        modes = connector_type.row.fault_modes if connector_type is not None else ()
        if mode not in modes:
            msg = f"[request body.mode]: {type_id} connectors fail with one of [{', '.join(modes)}]"
            raise BadRequest(msg)
        self.store.set_fault(connector_id, mode)
        return control_json({"id": connector_id, "mode": mode})

    async def clear_fault(self, request: web.Request) -> web.StreamResponse:
        """Let a connector's executions succeed again."""
        self.store.set_fault(request.match_info["id"], None)
        return control_json(None, 204)
