"""In-memory state: connectors per Kibana space, and what simulated executors keep."""

from __future__ import annotations

import asyncio
import datetime
import os
import random
import sys
import uuid
from collections.abc import Callable
from typing import Any

from fakekibana import jsonio

DEFAULT_SPACE = "default"
_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SYSTEM_RANDOM = random.SystemRandom()


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


_POOL_SIZE = 256


def _random_uuids(count: int) -> list[str]:
    """`count` random version-4 UUIDs from one read of os.urandom (uuid4 reads it per id)."""
    data = os.urandom(16 * count)
    result = []
    for offset in range(0, len(data), 16):
        value = int.from_bytes(data[offset : offset + 16], "big")
        value = (value & ~(0xF000 << 64)) | (0x4000 << 64)  # version 4
        value = (value & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
        text = f"{value:032x}"
        result.append(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return result


class Ids:
    """Connector ids: random UUIDs, or a repeatable sequence from a seed."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._random = random.Random(seed) if seed is not None else None
        self._pool: list[str] = []

    def restart(self) -> None:
        """Start the sequence again from the seed (random ids stay random)."""
        if self.seed is not None:
            self._random = random.Random(self.seed)

    def get_state(self) -> list[Any] | None:
        """Where a seeded sequence stands, as JSON-ready data (None when ids are random)."""
        if self._random is None:
            return None
        version, internal, gauss = self._random.getstate()
        return [version, list(internal), gauss]

    def set_state(self, state: list[Any]) -> None:
        """Continue a seeded sequence from a point get_state() returned."""
        version, internal, gauss = state
        self._random = random.Random()
        self._random.setstate((version, tuple(internal), gauss))

    def new(self) -> str:
        """A fresh UUID (version 4) string."""
        if self._random is None:
            if not self._pool:
                self._pool = _random_uuids(_POOL_SIZE)
            return self._pool.pop()
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def token(self, length: int, alphabet: str = _TOKEN_ALPHABET) -> str:
        """A random token (Elasticsearch document ids, ServiceNow sys_ids)."""
        chooser = self._random or _SYSTEM_RANDOM
        return "".join(chooser.choice(alphabet) for _ in range(length))


class Clock:
    """What executors report as 'now': the real time, or a time set by a test."""

    def __init__(self, fixed: datetime.datetime | None = None) -> None:
        # The time set at start (--clock); reset() comes back to it.
        self.initial = fixed
        self.fixed = fixed

    def now(self) -> datetime.datetime:
        """The current UTC time."""
        return self.fixed or datetime.datetime.now(datetime.UTC)


def iso(moment: datetime.datetime) -> str:
    """JavaScript's Date.toISOString: milliseconds and a Z."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


# How many connectors a reset frees per turn of the event loop.
_RELEASE_CHUNK = 2000


def _release(spaces: dict[str, dict[str, Connector]]) -> None:
    """Free dropped connectors a chunk at a time, so a reset answers at once.

    Freeing 100,000 connectors in one go takes a few hundred milliseconds; in chunks between
    requests it holds nobody up. Without a running event loop they are freed now.
    """
    buckets = [bucket for bucket in spaces.values() if bucket]
    if not buckets:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return

    def step() -> None:
        remaining = _RELEASE_CHUNK
        while buckets and remaining:
            bucket = buckets[-1]
            for _ in range(min(remaining, len(bucket))):
                bucket.popitem()
                remaining -= 1
            if not bucket:
                buckets.pop()
        if buckets:
            loop.call_soon(step)

    loop.call_soon(step)


class Store:
    """Everything fakekibana keeps; reset() rebuilds it, as a fresh Kibana would start."""

    def __init__(self, ids: Ids | None = None, clock: Clock | None = None) -> None:
        self.ids = ids or Ids()
        self.clock = clock or Clock()
        self.spaces: dict[str, dict[str, Connector]] = {}
        # .index executor: documents per Elasticsearch index (indices are not per space).
        self.indices: dict[str, list[dict[str, Any]]] = {}
        # .servicenow / .jira executors: the external system's records per connector id.
        self.incidents: dict[str, dict[str, dict[str, Any]]] = {}
        # Failure modes set through the control plane, per connector id (executors.py).
        self.faults: dict[str, str] = {}
        self.listeners: list[Callable[[], None]] = []

    def reset(self, space: str | None = None) -> None:
        """Forget everything, or only one space's connectors."""
        if space is None:
            _release(self.spaces)
            self.spaces = {}
            self.indices = {}
            self.incidents = {}
            self.faults = {}
            # A fresh start repeats the same ids and time, so snapshots do not depend on order.
            self.ids.restart()
            self.clock.fixed = self.clock.initial
        else:
            dropped = self.spaces.pop(space, {})
            for connector_id in dropped:
                self.incidents.pop(connector_id, None)
                self.faults.pop(connector_id, None)
            _release({space: dropped})
        self.changed()

    def changed(self) -> None:
        """Tell listeners (the state file) that something acknowledged has changed."""
        for listener in self.listeners:
            listener()

    def connectors(self, space: str) -> dict[str, Connector]:
        """The connectors of one space (empty if it has none)."""
        return self.spaces.get(space, {})

    def get(self, space: str, connector_id: str) -> Connector | None:
        """One connector, or None."""
        return self.spaces.get(space, {}).get(connector_id)

    def put(self, space: str, connector: Connector) -> None:
        """Store (create or replace) a connector."""
        self.spaces.setdefault(space, {})[connector.id] = connector
        self.changed()

    def delete(self, space: str, connector_id: str) -> bool:
        """Remove a connector; False when it was not there."""
        bucket = self.spaces.get(space)
        if bucket is None or bucket.pop(connector_id, None) is None:
            return False
        if not bucket:
            del self.spaces[space]
        self.incidents.pop(connector_id, None)
        self.changed()
        return True
