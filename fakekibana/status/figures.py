"""The fake's own process, as Kibana's ops metrics collectors measure theirs.

Process memory, uptime and pid, the machine's load, memory and uptime, the event loop's delay
and utilisation, and the requests served (core.store.Served). Kibana samples these every
ops.interval (5 s) and answers the last sample; the fake measures them when asked. Python has
no V8 heap: the heap figures are the resident set size.
"""

from __future__ import annotations

import asyncio
import collections
import datetime
import os
import platform
import resource
import time
import weakref
from typing import Any

from fakekibana.core.store import iso

# When this module was loaded: the process's start, near enough (process.uptime()).
STARTED = time.time()
# Kibana's ops.interval default (collection_interval_in_millis).
COLLECTION_INTERVAL_MS = 5000
# How often the event loop monitor wakes, and how many of its samples it keeps (a minute's).
# Once a second: at 50 ms the timer's wake-ups cost every request about a fifth more CPU
# (benchmarks/run.py --kibana-version 9.4.0, which reads /api/status first).
_TICK = 1.0
_SAMPLES = 60


def js_number(value: float) -> float | int:
    """A number as JSON.stringify writes it: 2.0 is 2."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def resident_bytes() -> int:
    """The resident set size now (Linux), else the peak one."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def machine_memory() -> tuple[int, int]:
    """(total, free) bytes of the machine, as os.totalmem() and os.freemem() give them."""
    try:
        page = os.sysconf("SC_PAGE_SIZE")
        return os.sysconf("SC_PHYS_PAGES") * page, os.sysconf("SC_AVPHYS_PAGES") * page
    except (OSError, ValueError):
        return 0, 0


def machine_uptime_ms() -> int:
    """os.uptime() * 1000: whole seconds since the machine booted."""
    try:
        return int(time.clock_gettime(time.CLOCK_BOOTTIME)) * 1000
    except (AttributeError, OSError):
        return int(time.monotonic()) * 1000


class LoopMonitor:
    """monitorEventLoopDelay and eventLoopUtilization for one event loop.

    Started on the first request that reports them: a timer every 50 ms measures how late it
    runs, keeping the last 200 lags (Kibana keeps a histogram since the last sample).
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # Weakly: the monitor is kept by _MONITORS, whose key the loop is.
        self.loop = weakref.ref(loop)
        self.lags: collections.deque[float] = collections.deque(maxlen=_SAMPLES)
        self.since = datetime.datetime.now(datetime.UTC)
        self.wall, self.cpu = time.monotonic(), time.process_time()
        self._expected = loop.time() + _TICK
        loop.call_at(self._expected, self._tick)

    def _tick(self) -> None:
        loop = self.loop()
        if loop is None or loop.is_closed():
            return
        now = loop.time()
        self.lags.append(max(0.0, (now - self._expected) * 1000))
        self._expected = now + _TICK
        loop.call_at(self._expected, self._tick)

    def histogram(self, shares: tuple[int, ...]) -> dict[str, Any]:
        """IntervalHistogram: min, max, mean, exceeds, stddev, timestamps, percentiles (ms)."""
        lags = sorted(self.lags) or [0.0]
        mean = sum(lags) / len(lags)
        stddev = (sum((lag - mean) ** 2 for lag in lags) / len(lags)) ** 0.5

        def percentile(share: int) -> float | int:
            return js_number(lags[min(len(lags) - 1, max(0, -(-share * len(lags) // 100) - 1))])

        return {
            "min": js_number(lags[0]),
            "max": js_number(lags[-1]),
            "mean": js_number(mean),
            # Delays beyond the histogram's range (an hour): none.
            "exceeds": 0,
            "stddev": js_number(stddev),
            "fromTimestamp": iso(self.since),
            "lastUpdatedAt": iso(datetime.datetime.now(datetime.UTC)),
            "percentiles": {str(share): percentile(share) for share in shares},
        }

    def utilization(self) -> dict[str, Any]:
        """eventLoopUtilization: idle and active milliseconds, and their ratio."""
        wall = (time.monotonic() - self.wall) * 1000
        active = min(wall, (time.process_time() - self.cpu) * 1000)
        return {
            "idle": js_number(wall - active),
            "active": js_number(active),
            "utilization": js_number(active / wall if wall else 0.0),
        }


_MONITORS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopMonitor] = (
    weakref.WeakKeyDictionary()
)


def loop_monitor() -> LoopMonitor:
    """The running loop's monitor, started now if need be (handlers run on the loop)."""
    loop = asyncio.get_running_loop()
    monitor = _MONITORS.get(loop)
    if monitor is None:
        monitor = _MONITORS[loop] = LoopMonitor(loop)
    return monitor


def pid() -> int:
    """process.pid."""
    return os.getpid()


def process_uptime_ms() -> float | int:
    """process.uptime() * 1000."""
    return js_number((time.time() - STARTED) * 1000)


def os_metrics() -> dict[str, Any]:
    """OpsOsMetrics (os.ts): platform, release, load, memory, uptime (no distro, no cgroup)."""
    system = platform.system().lower()
    load = os.getloadavg()
    total, free = machine_memory()
    return {
        "platform": system,
        "platformRelease": f"{system}-{platform.release()}",
        "load": {"1m": js_number(load[0]), "5m": js_number(load[1]), "15m": js_number(load[2])},
        "memory": {"total_in_bytes": total, "free_in_bytes": free, "used_in_bytes": total - free},
        "uptime_in_millis": machine_uptime_ms(),
    }
