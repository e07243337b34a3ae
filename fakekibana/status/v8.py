"""GET /api/status as Kibana 8.x/9.x answers it: the v8 shape, ?v7format=true, the redacted one.

src/core/packages/status/server-internal/src/routes/status.ts
@ 328b3b5eaa3de0fbcffbf0eb32df686363b03879 (getFullStatusResponse, getRedactedStatusResponse),
legacy_status.ts @ c258e378 (v7format), the ops metrics of src/core/packages/metrics (reference
kibana-connectors-9x.md §9). Always available: core, the three plugins the fake stands for, and
the overall status.
"""

from __future__ import annotations

from typing import Any

from fakekibana.core.area import AreaContext
from fakekibana.core.store import iso
from fakekibana.status import figures, messages
from fakekibana.status.body import BUILD_HASH, BUILD_NUMBER

# A placeholder in a release build's shape, like BUILD_HASH: the real dates are not in the
# reference, and clients read only version.number (and build_flavor).
BUILD_DATE = "2026-01-01T00:00:00.000Z"
# status.ts: packageInfo.buildFlavor, "traditional" on a self-managed (stateful) Kibana.
BUILD_FLAVOR = "traditional"
# The plugins reported: those fakekibana serves an API of, in the order Kibana's plugin graph
# sets them up (features before spaces, spaces before actions, which depends on both). A real
# Kibana lists some two hundred.
PLUGINS = ("features", "spaces", "actions")
# event_loop_delays_monitor.ts: the percentiles kept (90 only in newer releases).
PERCENTILES = (50, 75, 95, 99)
PERCENTILES_WITH_90 = (50, 75, 90, 95, 99)


def _available(summary: str) -> dict[str, Any]:
    return {"level": "available", "summary": summary}


def core_statuses() -> dict[str, Any]:
    """CoreStatus: elasticsearch and savedObjects, each with its meta."""
    return {
        "elasticsearch": {
            **_available(messages.ELASTICSEARCH_AVAILABLE),
            "meta": {"warningNodes": [], "incompatibleNodes": []},
        },
        "savedObjects": {
            **_available(messages.SAVED_OBJECTS_AVAILABLE),
            # statusCounts starts as {migrated: 0, skipped: 0}; the fake has no indices.
            "meta": {"migratedIndices": {"migrated": 0, "skipped": 0}},
        },
    }


def v8_statuses() -> dict[str, Any]:
    """status: overall, core and plugins, all available."""
    return {
        "overall": _available(messages.ALL_AVAILABLE),
        "core": core_statuses(),
        "plugins": {name: _available(messages.ALL_AVAILABLE) for name in PLUGINS},
    }


def legacy_statuses(context: AreaContext) -> dict[str, Any]:
    """calculateLegacyStatus: the 7.x shape of the same statuses, `since` being now."""
    version = context.version.number
    since = iso(context.shared.clock.now())
    green = messages.GREEN
    overall = {"since": since, **{key: green[key] for key in ("state", "title", "nickname")}}
    overall.update(icon=green["icon"], uiColor=green["uiColor"])
    components = [(f"core:{name}@{version}", s) for name, s in core_statuses().items()]
    components += [
        (f"plugin:{name}@{version}", _available(messages.ALL_AVAILABLE)) for name in PLUGINS
    ]
    statuses = [
        {
            "id": component,
            "message": status["summary"],
            "since": since,
            "state": green["state"],
            "icon": green["icon"],
            "uiColor": green["uiColor"],
        }
        for component, status in components
    ]
    return {"overall": overall, "statuses": statuses}


def process_metrics(context: AreaContext) -> dict[str, Any]:
    """OpsProcessMetrics (process.ts): memory, pid, event loop, uptime."""
    rss = figures.resident_bytes()
    monitor = figures.loop_monitor()
    shares = PERCENTILES_WITH_90 if context.version.has("status.event_loop_p90") else PERCENTILES
    histogram = monitor.histogram(shares)
    return {
        "memory": {
            "heap": {"total_in_bytes": rss, "used_in_bytes": rss, "size_limit": rss},
            "resident_set_size_in_bytes": rss,
            "array_buffers_in_bytes": 0,
            "external_in_bytes": 0,
        },
        "pid": figures.pid(),
        # Since 8.14 the histogram's max (PR #177019), no longer its mean.
        "event_loop_delay": histogram["max"],
        "event_loop_delay_histogram": histogram,
        "event_loop_utilization": monitor.utilization(),
        "uptime_in_millis": figures.process_uptime_ms(),
    }


def server_metrics(context: AreaContext) -> dict[str, Any]:
    """OpsServerMetrics (server.ts): requests, response times and connections."""
    served = context.shared.served
    codes = {str(code): served.status_codes[code] for code in sorted(served.status_codes)}
    return {
        "requests": {
            "disconnects": served.disconnects,
            "total": served.total,
            "statusCodes": codes,
        },
        "response_times": {
            "avg_in_millis": figures.js_number(served.total_ms / max(served.answered, 1)),
            "max_in_millis": served.max_ms,
        },
        "concurrent_connections": served.in_flight,
    }


ELASTICSEARCH_CLIENT = {"totalActiveSockets": 0, "totalIdleSockets": 0, "totalQueuedRequests": 0}


def full_body(context: AreaContext, *, legacy: bool) -> dict[str, Any]:
    """getFullStatusResponse: the v8 status (or the legacy one, for ?v7format=true)."""
    process = process_metrics(context)
    server = server_metrics(context)
    requests = server["requests"]
    return {
        "name": context.settings.server_name,
        "uuid": context.uuid,
        "version": {
            "number": context.version.number,
            "build_hash": BUILD_HASH,
            "build_number": BUILD_NUMBER,
            "build_snapshot": False,
            "build_flavor": BUILD_FLAVOR,
            "build_date": BUILD_DATE,
        },
        "status": legacy_statuses(context) if legacy else v8_statuses(),
        "metrics": {
            "last_updated": iso(context.shared.clock.now()),
            "collection_interval_in_millis": figures.COLLECTION_INTERVAL_MS,
            "os": figures.os_metrics(),
            "process": process,
            "processes": [process],
            "response_times": server["response_times"],
            "concurrent_connections": server["concurrent_connections"],
            "requests": {**requests, "status_codes": requests["statusCodes"]},
            "elasticsearch_client": dict(ELASTICSEARCH_CLIENT),
        },
    }


def redacted_body() -> dict[str, Any]:
    """getRedactedStatusResponse: what an unauthenticated caller sees (core's overall level)."""
    return {"status": {"overall": {"level": "available"}}}
