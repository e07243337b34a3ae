"""Helpers shared by the status, stats, features and spaces tests: release lines, settings,
the default space, and steady process figures so that whole bodies can be compared."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import pytest

from fakekibana import Settings
from fakekibana.status import figures

# One release per line fakekibana serves: 7.8, 8.19, and the newest 9.x.
LINES = ("7.8.0", "8.19.0", "9.4.0")
CLOCK = datetime.datetime(2020, 6, 1, 12, 0, tzinfo=datetime.UTC)
NOW = "2020-06-01T12:00:00.000Z"
# The default space of every release (reference kibana-saved-objects-spaces.md §3.3).
DEFAULT_SPACE: dict[str, Any] = {
    "id": "default",
    "name": "Default",
    "description": "This is your default space!",
    "color": "#00bfb3",
    "disabledFeatures": [],
    "_reserved": True,
}


def line_settings(version: str, **options: Any) -> Settings:
    """A strict fake of that release, with a fixed clock and server name."""
    base = Settings(
        kibana_version=version, server_name="fakekibana-test", strict_responses=True, clock=CLOCK
    )
    return base.with_options(**options) if options else base


def boom(status: int, error: str, message: str) -> dict[str, Any]:
    """Kibana's Boom error body."""
    return {"statusCode": status, "error": error, "message": message}


class SteadyMonitor:
    """A loop monitor with fixed figures."""

    lags: ClassVar[list[float]] = [1.5]

    @staticmethod
    def histogram(shares: tuple[int, ...]) -> dict[str, Any]:
        """A fixed histogram with the percentiles asked for."""
        return {
            "min": 1,
            "max": 2.5,
            "mean": 1.5,
            "exceeds": 0,
            "stddev": 0.5,
            "fromTimestamp": NOW,
            "lastUpdatedAt": NOW,
            "percentiles": {str(share): 2 for share in shares},
        }

    @staticmethod
    def utilization() -> dict[str, Any]:
        """Fixed utilisation figures."""
        return {"idle": 900, "active": 100, "utilization": 0.1}


STEADY_OS: dict[str, Any] = {
    "platform": "linux",
    "platformRelease": "linux-6.1.0",
    "load": {"1m": 0.5, "5m": 0.25, "15m": 0},
    "memory": {"total_in_bytes": 8000, "free_in_bytes": 3000, "used_in_bytes": 5000},
    "uptime_in_millis": 7000,
}


@pytest.fixture
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix the process, machine and event loop figures the status and stats pages report."""
    monkeypatch.setattr(figures, "resident_bytes", lambda: 4096)
    monkeypatch.setattr(figures, "process_uptime_ms", lambda: 1234.5)
    monkeypatch.setattr(figures, "os_metrics", lambda: dict(STEADY_OS))
    monkeypatch.setattr(figures, "loop_monitor", SteadyMonitor)
    monkeypatch.setattr(figures, "pid", lambda: 42)
