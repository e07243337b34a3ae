"""Connectors and types as Kibana 8.19/9.x answers them: snake_case, key order per release line.

Key order is JavaScript's insertion order and JSON.stringify drops undefined, which is how a
preconfigured connector loses `config` and `is_missing_secrets` (reference kibana-connectors-9x.md
§6). The 8.19 camelCase routes answer the 8.x key set (§2.5).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import ConnectorType
from fakekibana.connectors.store import Connector
from fakekibana.core.settings import Preconfigured
from fakekibana.core.versions import KibanaVersion

# The types isConnectorDeprecated looks at (the only ones whose config it needs decoded).
_TABLE_API_TYPES = frozenset((".servicenow", ".servicenow-sir"))


def _stored_on_table_api(config: bytes) -> bool:
    """isConnectorDeprecated of a stored ServiceNow config, read from its compact JSON without
    decoding it (GET /api/actions/connectors lists thousands): the schema's objects are flat, so
    `"usesTableApi":` can only be its top-level key."""
    return b'"usesTableApi":false' not in config


def is_connector_deprecated(type_id: str, config: dict[str, Any] | None) -> bool:
    """isConnectorDeprecated: a ServiceNow ITSM/SecOps connector on the Table API.

    x-pack/plugins/actions/server/lib/is_connector_deprecated.ts @ 1caf8742: without a config
    it cannot tell (false); without usesTableApi it predates 7.16 (true); else usesTableApi.
    """
    if type_id not in _TABLE_API_TYPES:
        return False
    if not isinstance(config, dict):
        return False
    if "usesTableApi" not in config:
        return True
    return bool(config["usesTableApi"])


class Views:
    """The shapes of one release line."""

    def __init__(self, version: KibanaVersion, types: dict[str, ConnectorType]) -> None:
        self.types = types
        # 9.3 (v2 transforms, PR #236662): is_connector_type_deprecated on connectors,
        # is_deprecated and allow_multiple_system_actions on types.
        self.type_deprecation = version.has("connectors.type_deprecation_keys")

    def _type_deprecated(self, type_id: str) -> bool:
        connector_type = self.types.get(type_id)
        return connector_type is not None and connector_type.row.is_deprecated

    def connector(
        self, connector: Connector, config: dict[str, Any] | None = None, *, listed: bool = False
    ) -> dict[str, Any]:
        """A stored connector (get, create, update): §6.1; with `listed`, as GET
        /api/actions/connectors lists it, referenced_by_count after is_deprecated (§6.2; nothing
        in the fake refers to a connector, so it is 0). `config` is its decoded config when the
        caller has it at hand (create and update)."""
        type_id = connector.action_type_id
        deprecated = type_id in _TABLE_API_TYPES and (
            is_connector_deprecated(type_id, config)
            if config is not None
            else _stored_on_table_api(connector.config_json.data)
        )
        view: dict[str, Any] = {
            "id": connector.id,
            "name": connector.name,
            "config": connector.config_json,
            "connector_type_id": type_id,
            "is_preconfigured": False,
            "is_deprecated": deprecated,
        }
        if listed:
            view["referenced_by_count"] = 0
        view["is_missing_secrets"] = False
        view["is_system_action"] = False
        if self.type_deprecation:
            view["is_connector_type_deprecated"] = self._type_deprecated(type_id)
        return view

    def preconfigured(self, connector: Preconfigured) -> dict[str, Any]:
        """A preconfigured connector: no config, no is_missing_secrets."""
        view: dict[str, Any] = {
            "id": connector.id,
            "name": connector.name,
            "connector_type_id": connector.action_type_id,
            "is_preconfigured": True,
            "is_deprecated": is_connector_deprecated(
                connector.action_type_id, dict(connector.config)
            ),
            "is_system_action": False,
        }
        if self.type_deprecation:
            view["is_connector_type_deprecated"] = self._type_deprecated(connector.action_type_id)
        return view

    def listed(self, view: dict[str, Any]) -> dict[str, Any]:
        """A connector of GET /api/actions/connectors: referenced_by_count after is_deprecated
        (§6.2; nothing in the fake refers to a connector, so it is 0)."""
        listed: dict[str, Any] = {}
        for key, value in view.items():
            listed[key] = value
            if key == "is_deprecated":
                listed["referenced_by_count"] = 0
        return listed

    def connector_type(
        self,
        connector_type: ConnectorType,
        in_config: bool,
        in_license: bool,
        feature_ids: list[str],
    ) -> dict[str, Any]:
        """A type of GET /api/actions/connector_types (§6.3)."""
        row = connector_type.row
        view: dict[str, Any] = {
            "id": row.id,
            "name": row.name,
            "enabled": in_config and in_license,
            "enabled_in_config": in_config,
            "enabled_in_license": in_license,
            "minimum_license_required": row.minimum_license,
            "supported_feature_ids": feature_ids,
            "is_system_action_type": row.is_system,
        }
        if row.sub_feature is not None:
            view["sub_feature"] = row.sub_feature
        if self.type_deprecation:
            view["is_deprecated"] = row.is_deprecated
        return view

    # --- the 8.19 camelCase routes (§2.5) -------------------------------------------------------

    @staticmethod
    def legacy(view: dict[str, Any]) -> dict[str, Any]:
        """A snake_case connector in the 8.x legacy routes' keys: {id, actionTypeId, name,
        config, isPreconfigured, isDeprecated, isMissingSecrets} (8.5 docs' order)."""
        legacy: dict[str, Any] = {
            "id": view["id"],
            "actionTypeId": view["connector_type_id"],
            "name": view["name"],
        }
        if "config" in view:
            legacy["config"] = view["config"]
        legacy["isPreconfigured"] = view["is_preconfigured"]
        legacy["isDeprecated"] = view["is_deprecated"]
        if "is_missing_secrets" in view:
            legacy["isMissingSecrets"] = view["is_missing_secrets"]
        return legacy

    @staticmethod
    def legacy_type(view: dict[str, Any]) -> dict[str, Any]:
        """A type as 8.x's actionTypeRegistry.list() gives it to the legacy route (inferred
        from the 7.8 order plus the 8.x keys)."""
        legacy: dict[str, Any] = {
            "id": view["id"],
            "name": view["name"],
            "minimumLicenseRequired": view["minimum_license_required"],
            "enabled": view["enabled"],
            "enabledInConfig": view["enabled_in_config"],
            "enabledInLicense": view["enabled_in_license"],
            "supportedFeatureIds": view["supported_feature_ids"],
            "isSystemActionType": view["is_system_action_type"],
        }
        if "sub_feature" in view:
            legacy["subFeature"] = view["sub_feature"]
        return legacy


def execute_view(result: dict[str, Any], connector_id: str) -> dict[str, Any]:
    """R/execute/transforms/transform_connector_response/v1.ts @ 586dfe72: the executor's keys
    but actionId, retry and serviceMessage, then connector_id, retry (when defined) and
    service_message (when truthy)."""
    view = {
        key: value
        for key, value in result.items()
        if key not in ("actionId", "retry", "serviceMessage")
    }
    view["connector_id"] = connector_id
    if "retry" in result:
        view["retry"] = result["retry"]
    if result.get("serviceMessage"):
        view["service_message"] = result["serviceMessage"]
    return view
