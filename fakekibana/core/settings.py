"""Settings: the kibana.yml subset fakekibana reads, plus its own options, in one frozen object."""

from __future__ import annotations

import dataclasses
import datetime
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from fakekibana.core.errors import FakeKibanaError
from fakekibana.core.security import Principal, parse_principal
from fakekibana.core.versions import DEFAULT_VERSION

LICENSES = ("basic", "standard", "gold", "platinum", "enterprise", "trial")

# The kibana.yml keys fakekibana understands, and the Settings field each one fills.
YAML_KEYS = {
    "xpack.actions.whitelistedHosts": "whitelisted_hosts",
    # The 8.x name of the same setting (whitelistedHosts was renamed; the texts changed too).
    "xpack.actions.allowedHosts": "whitelisted_hosts",
    "xpack.actions.enabledActionTypes": "enabled_action_types",
    "xpack.actions.preconfigured": "preconfigured",
    "server.name": "server_name",
    "status.allowAnonymous": "status_allow_anonymous",
    # Not Kibana settings (users live in Elasticsearch): fakekibana's own, as NAME:SECRET[:ROLE].
    "fakekibana.users": "users",
    "fakekibana.apiKeys": "api_keys",
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
    # The Kibana release answered as (--kibana-version): it picks routes, types and texts.
    kibana_version: str = DEFAULT_VERSION
    # Kibana 7.x's status.allowAnonymous: GET /api/status answers without credentials.
    status_allow_anonymous: bool = False
    users: tuple[Principal, ...] = ()
    api_keys: tuple[Principal, ...] = ()
    # Check every answer against its response schema (the test suite turns this on).
    strict_responses: bool = False
    # The control plane's request journal keeps this many entries (0 turns it off).
    journal_size: int = 1000
    # Deterministic mode: generated ids repeat for a seed; a fixed time for every timestamp.
    random_seed: int | None = None
    clock: datetime.datetime | None = None
    # Connectors loaded at start, and the file that keeps the state across restarts.
    seed_file: Path | None = None
    state_file: Path | None = None

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def with_options(self, **options: Any) -> Settings:
        """A copy with fields given as plain values, as a pytest marker or a test writes them.

        Host and type lists may be comma-separated strings or lists, users and API keys
        'NAME:SECRET[:ROLE]' strings, preconfigured connectors a kibana.yml-style map, the
        clock an ISO 8601 string, files strings.
        """
        known = {field.name for field in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        for given, value in options.items():
            # allowed_hosts is 8.x's name for whitelisted_hosts (xpack.actions.allowedHosts).
            name = "whitelisted_hosts" if given == "allowed_hosts" else given
            if name not in known:
                msg = f"unknown fakekibana setting {name!r}; known: {', '.join(sorted(known))}"
                raise FakeKibanaError(msg)
            changes[name] = _coerce(name, value)
        return dataclasses.replace(self, **changes)


def parse_time(text: str) -> datetime.datetime:
    """An ISO 8601 time (a trailing Z allowed); naive times are taken as UTC."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        msg = f"not an ISO 8601 time: {text!r}"
        raise FakeKibanaError(msg) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _strings(value: str | Iterable[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(item.strip() for item in items if item.strip())


def _coerce(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in ("whitelisted_hosts", "enabled_action_types"):
        return _strings(value)
    if name in ("users", "api_keys"):
        flag = "--user" if name == "users" else "--api-key"
        items = [value] if isinstance(value, str | Principal) else value
        return tuple(
            item if isinstance(item, Principal) else parse_principal(item, flag) for item in items
        )
    if name == "preconfigured":
        if isinstance(value, Mapping):
            return parse_preconfigured(dict(value))
        return tuple(value)
    if name == "clock" and isinstance(value, str):
        return parse_time(value)
    if name in ("seed_file", "state_file"):
        return Path(value)
    return value


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
    import yaml  # noqa: PLC0415 - only --config needs it; keeps start-up lean

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
        elif field == "status_allow_anonymous":
            if not isinstance(value, bool):
                msg = f"{key} must be true or false"
                raise FakeKibanaError(msg)
            fields[field] = value
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                msg = f"{key} must be a list of strings"
                raise FakeKibanaError(msg)
            fields[field] = tuple(value)
            if field in ("users", "api_keys"):
                what = "--user" if field == "users" else "--api-key"
                fields[field] = tuple(parse_principal(v, what) for v in value)
    return fields
