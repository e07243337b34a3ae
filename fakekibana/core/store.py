"""What every area's store shares: ids, the clock, change listeners, and deferred freeing."""

from __future__ import annotations

import asyncio
import datetime
import os
import random
import time
import uuid
from collections.abc import Callable
from typing import Any

DEFAULT_SPACE = "default"
_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SYSTEM_RANDOM = random.SystemRandom()


_POOL_SIZE = 256


# The RFC 4122 variant digit for each random hex digit: its two low bits kept, `10` above.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _random_uuids(count: int) -> list[str]:
    """`count` random version-4 UUIDs from one read of os.urandom (uuid4 reads it per id),
    written out as hex in one go and set to version 4 and the RFC 4122 variant as text."""
    digits = os.urandom(16 * count).hex()
    result = []
    for offset in range(0, len(digits), 32):
        text = digits[offset : offset + 32]
        result.append(
            f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{_VARIANT[text[16]]}{text[17:20]}-{text[20:]}"
        )
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


class Served:
    """The Kibana requests answered since the start or the last reset, counted as hapi's ops
    metrics count them (ServerMetricsCollector): total, disconnects, per status, times in ms."""

    def __init__(self) -> None:
        # Requests being answered now (the status page reports them as connections).
        self.in_flight = 0
        self.clear()

    def clear(self) -> None:
        """Forget the counts (not the requests in flight)."""
        self.total = 0
        self.disconnects = 0
        self.status_codes: dict[int, int] = {}
        self.answered = 0
        self.total_ms = 0
        self.max_ms = 0

    def start(self) -> float:
        """Count a request as it arrives; the time it arrived."""
        self.total += 1
        self.in_flight += 1
        return time.monotonic()

    def finish(self, status: int, started: float) -> None:
        """Count its answer (status 0: the client went away first)."""
        self.in_flight -= 1
        if not status:
            self.disconnects += 1
            return
        self.status_codes[status] = self.status_codes.get(status, 0) + 1
        # Date.now() - request.info.received: whole milliseconds.
        elapsed = int((time.monotonic() - started) * 1000)
        self.answered += 1
        self.total_ms += elapsed
        self.max_ms = max(self.max_ms, elapsed)


class Shared:
    """What every area's store shares: the id sequence, the clock and change listeners."""

    def __init__(self, ids: Ids | None = None, clock: Clock | None = None) -> None:
        self.ids = ids or Ids()
        self.clock = clock or Clock()
        self.served = Served()
        self.listeners: list[Callable[[], None]] = []
        # Told a space's id when the space is deleted: each drops what it keeps in that space
        # (Kibana's deleteByNamespace). create_app registers every area store's reset.
        self.space_listeners: list[Callable[[str], None]] = []

    def restart(self) -> None:
        """A fresh start repeats the same ids and time, so snapshots do not depend on order."""
        self.ids.restart()
        self.clock.fixed = self.clock.initial
        self.served.clear()

    def changed(self) -> None:
        """Tell listeners (the state file) that something acknowledged has changed."""
        for listener in self.listeners:
            listener()

    def space_deleted(self, space: str) -> None:
        """Drop everything the areas keep in a space that has just been deleted."""
        for listener in self.space_listeners:
            listener(space)
