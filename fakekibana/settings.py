"""Settings: the kibana.yml subset fakekibana reads, plus its own options, in one frozen object."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from fakekibana.errors import FakeKibanaError
from fakekibana.security import Principal

LICENSES = ("basic", "standard", "gold", "platinum", "enterprise", "trial")

# The kibana.yml keys fakekibana understands, and the Settings field each one fills.
YAML_KEYS = {
    "xpack.actions.whitelistedHosts": "whitelisted_hosts",
    "xpack.actions.enabledActionTypes": "enabled_action_types",
    "xpack.actions.preconfigured": "preconfigured",
    "server.name": "server_name",
}


@dataclasses.dataclass(frozen=True)
class Preconfigured:
    """One connector from xpack.actions.preconfigured."""

    id: str
    action_type_id: str
    name: str
    config: Mapping[str, Any]
    secrets: Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything that shapes how the fake answers; defaults are Kibana's own."""

    whitelisted_hosts: tuple[str, ...] = ("*",)
    enabled_action_types: tuple[str, ...] = ("*",)
    preconfigured: tuple[Preconfigured, ...] = ()
    license: str = "platinum"
    license_expired: bool = False
    # Kibana's server.name defaults to the machine's hostname; it is sent as kbn-name.
    server_name: str = dataclasses.field(default_factory=socket.gethostname)
    profile: str = "7.8"
    users: tuple[Principal, ...] = ()
    api_keys: tuple[Principal, ...] = ()
    # Check every answer against its response schema (the test suite turns this on).
    strict_responses: bool = False

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


def parse_preconfigured(raw: Any) -> tuple[Preconfigured, ...]:
    """Read xpack.actions.preconfigured: a map of id -> {actionTypeId, name, config, secrets}."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        msg = "xpack.actions.preconfigured must be a map of connector id to connector"
        raise FakeKibanaError(msg)
    result = []
    for conn_id, body in raw.items():
        if not isinstance(body, dict):
            msg = f"xpack.actions.preconfigured.{conn_id} must be a map"
            raise FakeKibanaError(msg)
        unknown = set(body) - {"actionTypeId", "name", "config", "secrets"}
        if unknown:
            msg = f"xpack.actions.preconfigured.{conn_id} has unknown keys: {sorted(unknown)}"
            raise FakeKibanaError(msg)
        type_id, name = body.get("actionTypeId"), body.get("name")
        config, secrets = body.get("config", {}), body.get("secrets", {})
        if not isinstance(type_id, str) or not isinstance(name, str):
            msg = f"xpack.actions.preconfigured.{conn_id} needs string actionTypeId and name"
            raise FakeKibanaError(msg)
        if not isinstance(config, dict) or not isinstance(secrets, dict):
            msg = f"xpack.actions.preconfigured.{conn_id}: config and secrets must be maps"
            raise FakeKibanaError(msg)
        result.append(Preconfigured(str(conn_id), type_id, name, config, secrets))
    return tuple(result)


def _flatten(node: Any, prefix: str, out: dict[str, Any]) -> None:
    if prefix in YAML_KEYS or not isinstance(node, dict):
        if prefix:
            out[prefix] = node
        return
    for key, value in node.items():
        _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)


def load_kibana_yml(path: Path) -> dict[str, Any]:
    """The Settings fields a kibana.yml sets (dotted or nested keys); unknown keys are ignored."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        msg = f"cannot read settings file {path}: {exc}"
        raise FakeKibanaError(msg) from exc
    if document is None:
        return {}
    if not isinstance(document, dict):
        msg = f"settings file {path} must be a YAML map"
        raise FakeKibanaError(msg)
    flat: dict[str, Any] = {}
    _flatten(document, "", flat)
    fields: dict[str, Any] = {}
    for key, field in YAML_KEYS.items():
        if key not in flat:
            continue
        value = flat[key]
        if field == "preconfigured":
            fields[field] = parse_preconfigured(value)
        elif field == "server_name":
            fields[field] = str(value)
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                msg = f"{key} must be a list of strings"
                raise FakeKibanaError(msg)
            fields[field] = tuple(value)
    return fields
