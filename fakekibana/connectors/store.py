"""What the connectors area keeps: connectors per space, and what simulated services hold.

One definition of the stored parts (PARTS) serves reset, the state document and the state
file alike: each part is a key of the state document, an attribute of the store, how to check
it when a document is loaded, and how to write it.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from typing import Any

from fakekibana.core import jsonio
from fakekibana.core.persistence import (
    StateError,
    check_list,
    check_object,
    check_space,
    check_string,
)
from fakekibana.core.store import Shared, release_later


class Connector:
    """A stored connector: the saved object `action/<id>` of one space.

    Kept compact (config and secrets as encoded JSON, the type id interned): about 0.8 KB
    and one object for the garbage collector per seed-sized connector, instead of a tree of
    dicts. `config` and `secrets` decode on access; `config_json` is written out as is.
    """

    __slots__ = ("_config", "_secrets", "action_type_id", "id", "name")

    def __init__(
        self,
        id: str,
        action_type_id: str,
        name: str,
        config: dict[str, Any],
        secrets: dict[str, Any],
    ) -> None:
        self.id = id
        self.action_type_id = sys.intern(action_type_id)
        self.name = name
        self._config = jsonio.pack(config)
        self._secrets = jsonio.pack(secrets)

    @property
    def config(self) -> dict[str, Any]:
        """The validated config (a fresh copy)."""
        value: dict[str, Any] = jsonio.unpack(self._config)
        return value

    @config.setter
    def config(self, value: dict[str, Any]) -> None:
        self._config = jsonio.pack(value)

    @property
    def config_json(self) -> jsonio.Raw:
        """The config, encoded, for answers."""
        return jsonio.Raw(self._config)

    @property
    def secrets(self) -> dict[str, Any]:
        """The validated secrets (a fresh copy)."""
        value: dict[str, Any] = jsonio.unpack(self._secrets)
        return value

    @secrets.setter
    def secrets(self, value: dict[str, Any]) -> None:
        self._secrets = jsonio.pack(value)

    def _fields(self) -> tuple[str, str, str, bytes, bytes]:
        return (self.id, self.action_type_id, self.name, self._config, self._secrets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Connector):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Connector({self.id!r}, {self.action_type_id!r}, {self.name!r})"


# --- the parts of the state document ------------------------------------------------------


def _export_connectors(spaces: dict[str, dict[str, Connector]]) -> list[dict[str, Any]]:
    return [
        {
            "space": space,
            "id": c.id,
            "actionTypeId": c.action_type_id,
            "name": c.name,
            "config": c.config,
            "secrets": c.secrets,
        }
        for space, bucket in spaces.items()
        for c in bucket.values()
    ]


def _load_connectors(
    value: Any, where: str, known_types: frozenset[str]
) -> dict[str, dict[str, Connector]]:
    spaces: dict[str, dict[str, Connector]] = {}
    for index, raw in enumerate(check_list(value, where)):
        at = f"{where}[{index}]"
        item = check_object(raw, at)
        space = check_space(item.get("space"), at + ".space")
        connector_id = check_string(item.get("id"), at + ".id")
        type_id = check_string(item.get("actionTypeId"), at + ".actionTypeId")
        if type_id not in known_types:
            raise StateError(f"{at}.actionTypeId: {type_id!r} is not a registered type")
        if space in spaces and connector_id in spaces[space]:
            raise StateError(f"{at}.id: {connector_id!r} appears twice in space {space!r}")
        name = check_string(item.get("name"), at + ".name")
        config = check_object(item.get("config", {}), at + ".config")
        secrets = check_object(item.get("secrets", {}), at + ".secrets")
        spaces.setdefault(space, {})[connector_id] = Connector(
            connector_id, type_id, name, config, secrets
        )
    return spaces


def _load_indices(value: Any, where: str, _: frozenset[str]) -> dict[str, Any]:
    indices = check_object(value, where)
    for name, documents in indices.items():
        check_list(documents, f"{where}.{name}")
    return indices


def _load_incidents(value: Any, where: str, _: frozenset[str]) -> dict[str, Any]:
    incidents = check_object(value, where)
    for name, records in incidents.items():
        check_object(records, f"{where}.{name}")
    return incidents


def _load_faults(value: Any, where: str, _: frozenset[str]) -> dict[str, Any]:
    faults = check_object(value, where)
    for name, mode in faults.items():
        check_string(mode, f"{where}.{name}")
    return faults


def _as_is(value: Any) -> Any:
    return value


@dataclasses.dataclass(frozen=True)
class Part:
    """One key of the state document: the store attribute behind it, its loader and writer."""

    key: str
    attribute: str
    load: Callable[[Any, str, frozenset[str]], Any]
    export: Callable[[Any], Any] = _as_is
    # What a state document without the key means.
    missing: Callable[[], Any] = dict


PARTS: tuple[Part, ...] = (
    Part("connectors", "spaces", _load_connectors, _export_connectors, list),
    # .index executor: documents per Elasticsearch index (indices are not per space).
    Part("indices", "indices", _load_indices),
    # .servicenow / .jira executors: the external system's records per connector id.
    Part("incidents", "incidents", _load_incidents),
    # Failure modes set through the control plane, per connector id.
    Part("faults", "faults", _load_faults),
)


class ConnectorStore:
    """Connectors per space and what the simulated services keep (each part a dict, PARTS)."""

    spaces: dict[str, dict[str, Connector]]
    indices: dict[str, list[dict[str, Any]]]
    incidents: dict[str, dict[str, dict[str, Any]]]
    faults: dict[str, str]

    def __init__(self, shared: Shared, known_types: frozenset[str] = frozenset()) -> None:
        self.shared = shared
        # Type ids a loaded state document may name.
        self.known_types = known_types
        self._empty()

    def _empty(self) -> None:
        for part in PARTS:
            setattr(self, part.attribute, {})

    # --- the AreaStore protocol ---------------------------------------------------------------

    def state_keys(self) -> tuple[str, ...]:
        """The state document's keys this store writes."""
        return tuple(part.key for part in PARTS)

    def reset(self, space: str | None = None) -> None:
        """Forget everything, or only one space's connectors (and what their services hold)."""
        if space is None:
            release_later(self.spaces)
            self._empty()
        else:
            dropped = self.spaces.pop(space, {})
            for connector_id in dropped:
                self.incidents.pop(connector_id, None)
                self.faults.pop(connector_id, None)
            release_later({space: dropped})
        self.shared.changed()

    def export(self) -> dict[str, Any]:
        """Every part, secrets included, as the state document writes it."""
        return {part.key: part.export(getattr(self, part.attribute)) for part in PARTS}

    def prepare_import(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check every part of a state document; the function returned applies them."""
        loaded = {
            part.attribute: part.load(
                document[part.key] if part.key in document else part.missing(),
                f"state.{part.key}",
                self.known_types,
            )
            for part in PARTS
        }

        def apply() -> None:
            for attribute, value in loaded.items():
                setattr(self, attribute, value)

        return apply

    # --- connectors ---------------------------------------------------------------------------

    def connectors(self, space: str) -> dict[str, Connector]:
        """The connectors of one space (empty if it has none)."""
        return self.spaces.get(space, {})

    def get(self, space: str, connector_id: str) -> Connector | None:
        """One connector, or None."""
        return self.spaces.get(space, {}).get(connector_id)

    def find_anywhere(self, connector_id: str) -> Connector | None:
        """A connector of that id in any space (for the control plane), or None."""
        for bucket in self.spaces.values():
            if connector_id in bucket:
                return bucket[connector_id]
        return None

    def put(self, space: str, connector: Connector) -> None:
        """Store (create or replace) a connector."""
        self.spaces.setdefault(space, {})[connector.id] = connector
        self.shared.changed()

    def delete(self, space: str, connector_id: str) -> bool:
        """Remove a connector; False when it was not there."""
        bucket = self.spaces.get(space)
        if bucket is None or bucket.pop(connector_id, None) is None:
            return False
        if not bucket:
            del self.spaces[space]
        self.incidents.pop(connector_id, None)
        self.shared.changed()
        return True

    # --- what simulated services keep -----------------------------------------------------------

    def index_document(self, index: str, document: dict[str, Any]) -> tuple[str, int]:
        """Keep a document in an Elasticsearch index: its new _id and _seq_no."""
        stored = self.indices.setdefault(index, [])
        doc_id = self.shared.ids.token(20)
        stored.append({"_id": doc_id, "_source": document})
        return doc_id, len(stored) - 1

    def records(self, connector_id: str) -> dict[str, dict[str, Any]]:
        """The external system's records (incidents, issues) a connector has pushed."""
        return self.incidents.setdefault(connector_id, {})

    def set_fault(self, connector_id: str, mode: str | None) -> None:
        """Make a connector's executions fail in a mode (None: succeed again)."""
        if mode is None:
            self.faults.pop(connector_id, None)
        else:
            self.faults[connector_id] = mode
        self.shared.changed()
