"""GET /api/status in Kibana 7.x's legacy shape (reference kibana-cases-and-8x.md §5)."""

from __future__ import annotations

import os
import platform
import resource
import time
from typing import Any

from fakekibana.core.area import AreaContext
from fakekibana.core.store import iso

_STARTED = time.time()
# The plugins a 7.8 Kibana reports, each green with the message 'Ready'.
_PLUGINS = ("kibana", "elasticsearch", "xpack_main", "actions", "spaces", "security")


def _green(since: str) -> dict[str, Any]:
    return {
        "state": "green",
        "title": "Green",
        "nickname": "Looking good",
        "icon": "success",
        "uiColor": "secondary",
        "since": since,
    }


# Placeholders in the shape of a release build's: the real 7.8.0 values are not in the
# reference, and clients read only version.number.
BUILD_NUMBER = 31997
BUILD_HASH = "0000000000000000000000000000000000000000"


def legacy_status_body(context: AreaContext) -> dict[str, Any]:
    """Kibana 7.x's legacy status document: always green once the server answers."""
    version = context.version.number
    since = iso(context.started)
    now = context.shared.clock.now()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    statuses = [
        {
            "id": f"plugin:{name}@{version}",
            "state": "green",
            "icon": "success",
            "message": "Ready",
            "uiColor": "secondary",
            "since": since,
        }
        for name in _PLUGINS
    ]
    load = os.getloadavg()
    return {
        "name": context.settings.server_name,
        "uuid": context.uuid,
        "version": {
            "number": version,
            "build_hash": BUILD_HASH,
            "build_number": BUILD_NUMBER,
            "build_snapshot": False,
        },
        "status": {"overall": _green(since), "statuses": statuses},
        "metrics": {
            "last_updated": iso(now),
            "collection_interval_in_millis": 5000,
            "process": {
                "memory": {
                    "heap": {"total_in_bytes": rss, "used_in_bytes": rss, "size_limit": rss},
                    "resident_set_size_in_bytes": rss,
                },
                "event_loop_delay": 0,
                "pid": os.getpid(),
                "uptime_in_millis": int((time.time() - _STARTED) * 1000),
            },
            "os": {
                "load": {"1m": load[0], "5m": load[1], "15m": load[2]},
                "platform": platform.system().lower(),
                "platformRelease": f"{platform.system().lower()}-{platform.release()}",
                "uptime_in_millis": int((time.time() - _STARTED) * 1000),
            },
            "response_times": {"avg_in_millis": 0, "max_in_millis": 0},
            "requests": {"disconnects": 0, "total": 0},
            "concurrent_connections": 0,
        },
    }
