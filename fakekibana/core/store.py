"""What every area's store shares: ids, the clock, change listeners, and deferred freeing."""

from __future__ import annotations

import asyncio
import datetime
import os
import random
import uuid
from collections.abc import Callable
from typing import Any

DEFAULT_SPACE = "default"
_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SYSTEM_RANDOM = random.SystemRandom()


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


# How many objects a reset frees per turn of the event loop.
_RELEASE_CHUNK = 2000


def release_later(spaces: dict[str, dict[str, Any]]) -> None:
    """Free dropped objects a chunk at a time, so a reset answers at once.

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


class Shared:
    """What every area's store shares: the id sequence, the clock and change listeners."""

    def __init__(self, ids: Ids | None = None, clock: Clock | None = None) -> None:
        self.ids = ids or Ids()
        self.clock = clock or Clock()
        self.listeners: list[Callable[[], None]] = []

    def restart(self) -> None:
        """A fresh start repeats the same ids and time, so snapshots do not depend on order."""
        self.ids.restart()
        self.clock.fixed = self.clock.initial

    def changed(self) -> None:
        """Tell listeners (the state file) that something acknowledged has changed."""
        for listener in self.listeners:
            listener()
