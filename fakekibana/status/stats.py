"""GET /api/stats: Kibana's ops metrics under API field names, as 7.8 and 8.x/9.x answer them.

8.x/9.x: src/platform/plugins/shared/usage_collection/server/routes/stats/stats.ts
@ 1e534f8b1fd88319d87f0bd03b3e9a09278dafb0 over the OpsMetrics of ops_metrics_collector.ts
@ 057dcf9cdc63289f79e1eaac4e8872e3bc6b23c9. 7.8: the 7.7 build's legacy route
(kibana/src/legacy/server/status/routes/api/register_stats.js of soipachara43/NetworkTrafficAnalysis
@ 2ffd9cf1) over the new platform's 7.7 collectors (kibana/src/core/server/metrics/).
`?extended` adds `usage`, always empty here (Kibana 8.x/9.x's is, since PR #151082), and the
cluster's uuid; the fake has no Elasticsearch, so that uuid is made from Kibana's own.
"""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

from fakekibana.core.area import AreaContext
from fakekibana.core.errors import BadRequest
from fakekibana.core.store import iso
from fakekibana.status import figures, messages
from fakekibana.status.v8 import ELASTICSEARCH_CLIENT, process_metrics, server_metrics

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_LOAD = re.compile(r"^(1|5|15)_m")
# Kibana's server.host, server.port and i18n.locale defaults (`kibana` block).
HOST, PORT, LOCALE = "localhost", 5601, "en"
# register_stats.js' query keys, each '' | 'true' | 'false'.
LEGACY_KEYS = ("extended", "legacy", "exclude_usage")


def snake_case(key: str) -> str:
    """lodash's snakeCase for the keys the metrics have (camelCase, digits, underscores)."""
    return "_".join(word.lower() for word in _WORD.findall(key))


def api_field_names(value: Any) -> Any:
    """collectorSet.toApiFieldNames: snake_case keys, `_in_bytes` -> `_bytes`, `_in_millis`
    -> `_ms`, `1_m` -> `1m`, all the way down."""
    if isinstance(value, list):
        return [api_field_names(item) for item in value]
    if not isinstance(value, dict):
        return value
    renamed = {}
    for key, item in value.items():
        name = _LOAD.sub(r"\1m", snake_case(key))
        name = name.replace("_in_bytes", "_bytes", 1).replace("_in_millis", "_ms", 1)
        renamed[name] = api_field_names(item)
    return renamed


def kibana_info(context: AreaContext) -> dict[str, Any]:
    """The `kibana` block: this Kibana, as getKibanaInfoForStats (7.8) and stats.ts list it."""
    return {
        "uuid": context.uuid,
        "name": context.settings.server_name,
        "index": ".kibana",
        "host": HOST,
        "locale": LOCALE,
        "transport_address": f"{HOST}:{PORT}",
        "version": context.version.number,
        "snapshot": False,
        "status": "green",
    }


def cluster_uuid(context: AreaContext) -> str:
    """An Elasticsearch-shaped cluster uuid (22 URL-safe base64 characters), fixed per app."""
    return base64.urlsafe_b64encode(uuid.UUID(context.uuid).bytes).decode().rstrip("=")


def _flag(value: Any) -> bool:
    # '' (the key alone) and true are on: `requestQuery.extended === '' || requestQuery.extended`.
    return value == "" or value is True


def stats_body(context: AreaContext, query: dict[str, Any]) -> dict[str, Any]:
    """8.x/9.x: the ops metrics, the `kibana` block, and the extended part when asked."""
    process = process_metrics(context)
    metrics = {
        "process": process,
        "processes": [process],
        "os": figures.os_metrics(),
        "elasticsearch_client": dict(ELASTICSEARCH_CLIENT),
        **server_metrics(context),
    }
    body: dict[str, Any] = api_field_names(
        {
            **metrics,
            "kibana": kibana_info(context),
            "last_updated": iso(context.shared.clock.now()),
            "collection_interval_in_millis": figures.COLLECTION_INTERVAL_MS,
        }
    )
    if _flag(query["extended"]):
        body["usage"] = {}
        body["clusterUuid" if _flag(query["legacy"]) else "cluster_uuid"] = cluster_uuid(context)
    return body


def check_legacy_query(query: dict[str, Any]) -> None:
    """7.8's Joi query schema: each key '', 'true' or 'false', no other keys; 400 otherwise."""
    errors = []
    for key in LEGACY_KEYS:
        if key in query:
            value = query[key]
            if not isinstance(value, str):
                errors.append(messages.joi_not_a_string(key))
            elif value not in ("", "true", "false"):
                errors.append(messages.joi_not_one_of(key))
    errors += [messages.joi_not_allowed(key) for key in query if key not in LEGACY_KEYS]
    if errors:
        raise BadRequest(". ".join(errors))


def legacy_stats_body(context: AreaContext, query: dict[str, Any]) -> dict[str, Any]:
    """7.8: the 7.7 collectors' metrics with `timestamp`, the `kibana` block, the extended part."""
    check_legacy_query(query)
    rss = figures.resident_bytes()
    lags = figures.loop_monitor().lags
    now = iso(context.shared.clock.now())
    metrics = {
        "process": {
            "memory": {
                "heap": {"total_in_bytes": rss, "used_in_bytes": rss, "size_limit": rss},
                "resident_set_size_in_bytes": rss,
            },
            "pid": figures.pid(),
            # Hoek's Bench over one setImmediate: the loop's latest lag.
            "event_loop_delay": figures.js_number(lags[-1] if lags else 0.0),
            "uptime_in_millis": figures.process_uptime_ms(),
        },
        "os": figures.os_metrics(),
        **server_metrics(context),
        "timestamp": now,
    }
    body: dict[str, Any] = api_field_names(
        {
            **metrics,
            "kibana": kibana_info(context),
            "last_updated": now,
            "collection_interval_in_millis": figures.COLLECTION_INTERVAL_MS,
        }
    )
    extended = query.get("extended")
    if extended is not None and extended != "false":
        legacy = query.get("legacy")
        extra = {"usage": {}, "clusterUuid": cluster_uuid(context)}
        body.update(extra if legacy is not None and legacy != "false" else api_field_names(extra))
    return body
