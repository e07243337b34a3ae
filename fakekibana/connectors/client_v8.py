"""The actions client of Kibana 8.19/9.x: the connector operations in their order of checks.

Each method follows its file under x-pack/platform/plugins/shared/actions/server/application/
connector/methods/ (reference kibana-connectors-9x.md §3, §4, §7): system connectors and types,
preconfigured connectors, the type registry, config then secrets, the enabled and licence
checks, then the saved object. Answers are the internal camelCase shapes' snake_case views.
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.client import ActionsClient, action_not_found, locale_key
from fakekibana.connectors.registry import ConnectorType
from fakekibana.connectors.store import Connector, ConnectorStore
from fakekibana.connectors.views_v8 import Views
from fakekibana.core import messages as core_messages
from fakekibana.core.errors import BadRequest, Conflict, NotFound
from fakekibana.core.settings import Settings
from fakekibana.core.versions import GATES, KibanaVersion

# actions_client getAll reads at most this many saved objects.
MAX_CONNECTORS_RETURNED = 10000


class ConnectorsClient(ActionsClient):
    """One Kibana 8.19/9.x actions plugin over the store."""

    def __init__(
        self,
        settings: Settings,
        store: ConnectorStore,
        types: dict[str, ConnectorType],
        version: KibanaVersion,
    ) -> None:
        super().__init__(settings, store, types)
        self.version = version
        # The same release, typed as always set (ActionsClient.version is optional for 7.x).
        self.release = version
        self.actions_config = ActionsConfig(
            settings.whitelisted_hosts, settings.enabled_action_types, version
        )
        self.views = Views(version, types)
        # In-memory system connectors, one per system type (createSystemConnectors).
        self.system_connectors = {
            f"system-connector-{type_id}": type_id
            for type_id, connector_type in types.items()
            if connector_type.row.is_system
        }

    def _is_system_type(self, type_id: str) -> bool:
        connector_type = self.types.get(type_id)
        return connector_type is not None and connector_type.row.is_system

    def _validate_pair(
        self, connector_type: ConnectorType, config: dict[str, Any], secrets: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Config, then secrets, then validate.connector on the two (400 with Kibana's text)."""
        config, secrets = self._validate_stored(connector_type, config, secrets)
        try:
            connector_type.validate_connector(config, secrets)
        except ValueError as failure:
            raise BadRequest(str(failure)) from None
        return config, secrets

    # --- create, get, update, delete --------------------------------------------------------------

    def create_connector(
        self, space: str, body: dict[str, Any], connector_id: str | None = None
    ) -> dict[str, Any]:
        """M/create/create.ts: system (400), preconfigured id (400), type (400), config,
        secrets, enabled and licence (403), then the saved object (409 when the id is taken)."""
        type_id = body["connector_type_id"]
        if (connector_id is not None and connector_id in self.system_connectors) or (
            self._is_system_type(type_id)
        ):
            raise BadRequest(messages.system_type_creation(type_id))
        if connector_id is not None and connector_id in self.preconfigured:
            raise BadRequest(messages.preconfigured_exists(connector_id))
        connector_type = self.get_type(type_id)
        config, secrets = self._validate_pair(connector_type, body["config"], body["secrets"])
        self.ensure_type_enabled(connector_type)
        if connector_id is not None and self.store.find_anywhere(connector_id) is not None:
            # `action` is a multiple-isolated saved object type from 8.0: its ids are unique
            # across spaces (UNCONFIRMED 409 text for actions, reference §4).
            raise Conflict(core_messages.saved_object_conflict("action", connector_id))
        connector = Connector(
            connector_id or self.store.shared.ids.new(), type_id, body["name"], config, secrets
        )
        self.store.put(space, connector)
        return self.views.connector(connector, config)

    def get_connector(self, space: str, connector_id: str) -> dict[str, Any]:
        """M/get/get.ts: a system connector is not found; preconfigured before saved."""
        if connector_id in self.system_connectors:
            raise NotFound(messages.connector_not_found(connector_id))
        preconfigured = self.preconfigured.get(connector_id)
        if preconfigured is not None:
            return self.views.preconfigured(preconfigured)
        return self.views.connector(self._stored(space, connector_id))

    def update_connector(
        self, space: str, connector_id: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        """M/update/update.ts: replaces name, config and secrets."""
        if connector_id in self.system_connectors:
            raise BadRequest(messages.system_can_not_update(connector_id))
        if connector_id in self.preconfigured:
            raise BadRequest(messages.preconfigured_can_not_update(connector_id))
        existing = self._stored(space, connector_id)
        connector_type = self.get_type(existing.action_type_id)
        config, secrets = self._validate_pair(connector_type, body["config"], body["secrets"])
        self.ensure_type_enabled(connector_type)
        connector = Connector(connector_id, existing.action_type_id, body["name"], config, secrets)
        self.store.put(space, connector)
        return self.views.connector(connector, config)

    def delete_connector(self, space: str, connector_id: str) -> None:
        """M/delete: preconfigured and system connectors are refused (400)."""
        if connector_id in self.preconfigured:
            raise BadRequest(messages.preconfigured_not_allowed(connector_id, "delete"))
        if connector_id in self.system_connectors:
            raise BadRequest(messages.system_not_allowed(connector_id, "delete"))
        if not self.store.delete(space, connector_id):
            raise action_not_found(connector_id)

    # --- lists ----------------------------------------------------------------------------------

    def get_all_connectors(self, space: str) -> list[dict[str, Any]]:
        """M/get_all/get_all.ts: saved and preconfigured, no system ones, by name."""
        stored = list(self.store.connectors(space).values())[:MAX_CONNECTORS_RETURNED]
        views = [self.views.connector(c, listed=True) for c in stored]
        views += [
            self.views.listed(self.views.preconfigured(p)) for p in self.preconfigured.values()
        ]
        views.sort(key=lambda view: locale_key(view["name"]))
        return views

    def feature_ids(self, connector_type: ConnectorType) -> list[str]:
        """The type's supported_feature_ids in this release (later ids are gated)."""
        version = self.release
        return [
            feature
            for feature in connector_type.row.feature_ids
            if f"connectors.feature.{feature}" not in GATES
            or version.has(f"connectors.feature.{feature}")
        ]

    def list_connector_types(self, feature_id: str | None = None) -> list[dict[str, Any]]:
        """ActionTypeRegistry.list({featureId}) without system types, in registration order."""
        result = []
        for connector_type in self.types.values():
            if connector_type.row.is_system:
                continue
            features = self.feature_ids(connector_type)
            if feature_id is not None and feature_id not in features:
                continue
            in_config = self.actions_config.is_action_type_enabled(connector_type.id)
            in_license = self.license_valid_for(connector_type)
            result.append(
                self.views.connector_type(connector_type, in_config, in_license, features)
            )
        return result

    # --- execute --------------------------------------------------------------------------------

    def run_connector(
        self, space: str, connector_id: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        """The action executor through the execute route; failures are HTTP 200 (§7).

        Returns the executor's internal result (camelCase keys): the routes transform it.
        """
        if connector_id in self.system_connectors:
            raise BadRequest(messages.SYSTEM_EXECUTION)
        return self.execute(space, connector_id, params)

    @staticmethod
    def invalid_result(connector_id: str, message: str) -> dict[str, Any]:
        """Params, config or secrets that fail their schema: the user's error."""
        return {
            "status": "error",
            "actionId": connector_id,
            "message": message,
            "retry": False,
            "errorSource": "user",
        }

    @staticmethod
    def thrown_result(connector_id: str, failure: Exception) -> dict[str, Any]:
        """Whatever an executor throws, as 8.x/9.x's action_executor.ts wraps it."""
        return {
            "actionId": connector_id,
            "status": "error",
            "message": messages.RUN_ERROR,
            "serviceMessage": str(failure),
            "retry": True,
            # createTaskRunError(..., TaskErrorSource.USER) marks the user's mistakes.
            "errorSource": getattr(failure, "error_source", "framework"),
        }
