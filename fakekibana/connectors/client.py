"""The actions client: Kibana 7.8's connector operations on the store, as plain data.

Each function mirrors a method of x-pack/plugins/actions/server/actions_client.ts (7.8) or the
action executor, in the same order of checks (reference core §2, §10). They raise KibanaError
and return what the route sends; they know nothing about HTTP.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import LICENSE_RANK, ConnectorType, Execution, ExecutorError
from fakekibana.connectors.store import Connector, ConnectorStore
from fakekibana.core.errors import BadRequest, Forbidden, NotFound
from fakekibana.core.messages import saved_object_not_found
from fakekibana.core.settings import Preconfigured, Settings
from fakekibana.core.versions import KibanaVersion

# actions_client.getAll reads at most this many saved objects (MAX_ACTIONS_RETURNED).
MAX_ACTIONS_RETURNED = 10000


def action_not_found(action_id: str) -> NotFound:
    """404 for an action id that is not stored in the request's space (core §3.8)."""
    return NotFound(saved_object_not_found("action", action_id))


class ActionsClient:
    """One Kibana's actions plugin: its settings, its registered types and its store."""

    def __init__(
        self, settings: Settings, store: ConnectorStore, types: dict[str, ConnectorType]
    ) -> None:
        self.settings = settings
        self.store = store
        self.types = types
        self.actions_config = ActionsConfig(
            settings.whitelisted_hosts, settings.enabled_action_types
        )
        self.preconfigured: dict[str, Preconfigured] = {p.id: p for p in settings.preconfigured}
        # The release, where its executors and texts differ (set by the 8.x client).
        self.version: KibanaVersion | None = None

    # --- licence and enabled checks (core §3.6, §3.7) ----------------------------------------

    def check_plugin_license(self) -> None:
        """The actions plugin's own licence check, run first by every route handler."""
        if self.settings.license_expired:
            raise Forbidden(messages.license_expired_plugin(self.settings.license))

    def license_valid_for(self, connector_type: ConnectorType) -> bool:
        """licenseState.isLicenseValidForActionType."""
        if self.settings.license_expired:
            return False
        return LICENSE_RANK[self.settings.license] >= LICENSE_RANK[connector_type.minimum_license]

    def get_type(self, type_id: str) -> ConnectorType:
        """actionTypeRegistry.get: 400 when the id is not registered."""
        connector_type = self.types.get(type_id)
        if connector_type is None:
            raise BadRequest(messages.action_type_not_registered(type_id))
        return connector_type

    def is_type_enabled(self, connector_type: ConnectorType) -> bool:
        """actionTypeRegistry.isActionTypeEnabled: config and licence."""
        return self.actions_config.is_action_type_enabled(
            connector_type.id
        ) and self.license_valid_for(connector_type)

    def ensure_type_enabled(self, connector_type: ConnectorType) -> None:
        """actionTypeRegistry.ensureActionTypeEnabled: config first, then licence (403)."""
        type_id = connector_type.id
        if not self.actions_config.is_action_type_enabled(type_id):
            raise Forbidden(messages.action_type_not_enabled_in_config(type_id))
        if self.settings.license_expired:
            raise Forbidden(messages.action_type_license_expired(type_id, self.settings.license))
        if not self.license_valid_for(connector_type):
            raise Forbidden(messages.action_type_license_invalid(type_id, self.settings.license))

    def _validate_stored(
        self, connector_type: ConnectorType, config: dict[str, Any], secrets: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        try:
            return (
                connector_type.validate_config(config, self.actions_config),
                connector_type.validate_secrets(secrets, self.actions_config),
            )
        except ValueError as failure:
            raise BadRequest(str(failure)) from None

    # --- operations ---------------------------------------------------------------------------

    def create(self, space: str, body: dict[str, Any]) -> dict[str, Any]:
        """actionsClient.create."""
        connector_type = self.get_type(body["actionTypeId"])
        config, secrets = self._validate_stored(connector_type, body["config"], body["secrets"])
        self.ensure_type_enabled(connector_type)
        connector = Connector(
            self.store.shared.ids.new(), connector_type.id, body["name"], config, secrets
        )
        self.store.put(space, connector)
        return stored_view(connector)

    def get(self, space: str, connector_id: str) -> dict[str, Any]:
        """actionsClient.get: preconfigured connectors first, without config."""
        preconfigured = self.preconfigured.get(connector_id)
        if preconfigured is not None:
            return preconfigured_view(preconfigured)
        return stored_view(self._stored(space, connector_id))

    def update(self, space: str, connector_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """actionsClient.update: replaces name, config and secrets."""
        if connector_id in self.preconfigured:
            raise BadRequest(messages.preconfigured_not_allowed(connector_id, "update"))
        existing = self._stored(space, connector_id)
        connector_type = self.get_type(existing.action_type_id)
        config, secrets = self._validate_stored(connector_type, body["config"], body["secrets"])
        self.ensure_type_enabled(connector_type)
        connector = Connector(connector_id, existing.action_type_id, body["name"], config, secrets)
        self.store.put(space, connector)
        return stored_view(connector)

    def delete(self, space: str, connector_id: str) -> None:
        """actionsClient.delete."""
        if connector_id in self.preconfigured:
            raise BadRequest(messages.preconfigured_not_allowed(connector_id, "delete"))
        if not self.store.delete(space, connector_id):
            raise action_not_found(connector_id)

    def get_all(self, space: str) -> list[dict[str, Any]]:
        """actionsClient.getAll: stored then preconfigured, by name, with referencedByCount."""
        stored = list(self.store.connectors(space).values())[:MAX_ACTIONS_RETURNED]
        merged = [stored_view(c) for c in stored]
        merged += [preconfigured_view(p) for p in self.preconfigured.values()]
        merged.sort(key=lambda item: locale_key(item["name"]))
        for item in merged:
            # Nothing in the fake refers to a connector (no alerts), so the count is 0.
            item["referencedByCount"] = 0
        return merged

    def list_types(self) -> list[dict[str, Any]]:
        """actionTypeRegistry.list."""
        result = []
        for connector_type in self.types.values():
            in_config = self.actions_config.is_action_type_enabled(connector_type.id)
            in_license = self.license_valid_for(connector_type)
            result.append(
                {
                    "id": connector_type.id,
                    "name": connector_type.name,
                    "minimumLicenseRequired": connector_type.minimum_license,
                    "enabled": in_config and in_license,
                    "enabledInConfig": in_config,
                    "enabledInLicense": in_license,
                }
            )
        return result

    def execute(self, space: str, connector_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """The action executor, run through the execute route."""
        preconfigured = self.preconfigured.get(connector_id)
        if preconfigured is not None:
            type_id, name = preconfigured.action_type_id, preconfigured.name
            config, secrets = dict(preconfigured.config), dict(preconfigured.secrets)
        else:
            stored = self._stored(space, connector_id)
            type_id, name = stored.action_type_id, stored.name
            config, secrets = stored.config, stored.secrets
        connector_type = self.get_type(type_id)
        # isActionExecutable: a preconfigured connector runs even when its type is disabled.
        if not self.is_type_enabled(connector_type) and preconfigured is None:
            self.ensure_type_enabled(connector_type)
        try:
            params = connector_type.validate_params(params, self.actions_config)
            config = connector_type.validate_config(config, self.actions_config)
            secrets = connector_type.validate_secrets(secrets, self.actions_config)
        except ValueError as failure:
            return self.invalid_result(connector_id, str(failure))
        run = Execution(
            connector_id,
            config,
            secrets,
            params,
            self.store,
            self.store.faults.get(connector_id),
            name=name,
            type_id=type_id,
            version=self.version,
        )
        try:
            return connector_type.executor(run)
        except ExecutorError as failure:
            return failure.result
        except Exception as failure:  # noqa: BLE001 - Kibana wraps whatever the executor throws
            return self.thrown_result(connector_id, failure)

    @staticmethod
    def invalid_result(connector_id: str, message: str) -> dict[str, Any]:
        """Params, config or secrets that fail their schema: 7.x's error result."""
        return {"status": "error", "actionId": connector_id, "message": message, "retry": False}

    @staticmethod
    def thrown_result(connector_id: str, failure: Exception) -> dict[str, Any]:
        """Whatever an executor throws, wrapped as 7.x's action executor does."""
        return {
            "actionId": connector_id,
            "status": "error",
            "message": messages.EXECUTOR_ERROR,
            "serviceMessage": str(failure),
            "retry": False,
        }

    def _stored(self, space: str, connector_id: str) -> Connector:
        connector = self.store.get(space, connector_id)
        if connector is None:
            raise action_not_found(connector_id)
        return connector


def stored_view(connector: Connector) -> dict[str, Any]:
    """A stored connector as Kibana 7.8 returns it: no secrets."""
    return {
        "id": connector.id,
        "actionTypeId": connector.action_type_id,
        "name": connector.name,
        "config": connector.config_json,
        "isPreconfigured": False,
    }


def preconfigured_view(connector: Preconfigured) -> dict[str, Any]:
    """A preconfigured connector as Kibana 7.8 returns it: no config, no secrets."""
    return {
        "id": connector.id,
        "actionTypeId": connector.action_type_id,
        "name": connector.name,
        "isPreconfigured": True,
    }


def _primary(char: str) -> str:
    """One character's primary collation weight: a group letter, then the folded character."""
    if char.isalpha():
        return "2" + char.casefold()
    if char.isdigit():
        return "1" + char
    return "0" + char


# The primary weights of ASCII characters, applied with str.translate.
_ASCII_PRIMARY = {code: _primary(chr(code)) for code in range(128)}


def locale_key(text: str) -> tuple[str, str]:
    """A sort key close to JavaScript's localeCompare (ICU root collation).

    Primary: punctuation and spaces before digits before letters, letters compared without
    case or accents; ties broken with lower case before upper case, as ICU does.
    """
    if text.isascii():
        return text.translate(_ASCII_PRIMARY), text.swapcase()
    primary = "".join(
        _primary(char)
        for char in unicodedata.normalize("NFD", text)
        if not unicodedata.combining(char)
    )
    return primary, text.swapcase()
