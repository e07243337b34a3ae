"""GET /api/stats per release line: the keys and their order, ?extended, ?legacy, bad queries."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import expect_json
from tests.kibana_lines import (
    LINES,
    NOW,
    boom,
    line_settings,
    steady,  # noqa: F401 - a fixture the tests use
)

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
V8_LINES = ("8.19.0", "9.4.0")
OS = {
    "platform": "linux",
    "platform_release": "linux-6.1.0",
    "load": {"1m": 0.5, "5m": 0.25, "15m": 0},
    "memory": {"total_bytes": 8000, "free_bytes": 3000, "used_bytes": 5000},
    "uptime_ms": 7000,
}
HEAP = {"total_bytes": 4096, "used_bytes": 4096, "size_limit": 4096}
USERS = ("elastic:changeme:superuser",)


def kibana_block(version: str, kibana_uuid: str) -> dict[str, Any]:
    """The `kibana` block: Kibana's defaults for host, port, locale and index."""
    return {
        "uuid": kibana_uuid,
        "name": "fakekibana-test",
        "index": ".kibana",
        "host": "localhost",
        "locale": "en",
        "transport_address": "localhost:5601",
        "version": version,
        "snapshot": False,
        "status": "green",
    }


def v8_stats(version: str, kibana_uuid: str) -> dict[str, Any]:
    """8.19/9.x's stats with the steady figures, for the first request of a fresh Kibana."""
    shares = ("50", "75", "90", "95", "99") if version == "9.4.0" else ("50", "75", "95", "99")
    process = {
        "memory": {
            "heap": HEAP,
            "resident_set_size_bytes": 4096,
            "array_buffers_bytes": 0,
            "external_bytes": 0,
        },
        "pid": 42,
        "event_loop_delay": 2.5,
        "event_loop_delay_histogram": {
            "min": 1,
            "max": 2.5,
            "mean": 1.5,
            "exceeds": 0,
            "stddev": 0.5,
            "from_timestamp": NOW,
            "last_updated_at": NOW,
            "percentiles": dict.fromkeys(shares, 2),
        },
        "event_loop_utilization": {"idle": 900, "active": 100, "utilization": 0.1},
        "uptime_ms": 1234.5,
    }
    return {
        "process": process,
        "processes": [process],
        "os": OS,
        "elasticsearch_client": {
            "total_active_sockets": 0,
            "total_idle_sockets": 0,
            "total_queued_requests": 0,
        },
        "requests": {"disconnects": 0, "total": 1, "status_codes": {}},
        "response_times": {"avg_ms": 0, "max_ms": 0},
        "concurrent_connections": 1,
        "kibana": kibana_block(version, kibana_uuid),
        "last_updated": NOW,
        "collection_interval_ms": 5000,
    }


def legacy_stats(kibana_uuid: str) -> dict[str, Any]:
    """7.8's stats with the steady figures: the 7.7 collectors and `timestamp`."""
    return {
        "process": {
            "memory": {"heap": HEAP, "resident_set_size_bytes": 4096},
            "pid": 42,
            "event_loop_delay": 1.5,
            "uptime_ms": 1234.5,
        },
        "os": OS,
        "requests": {"disconnects": 0, "total": 1, "status_codes": {}},
        "response_times": {"avg_ms": 0, "max_ms": 0},
        "concurrent_connections": 1,
        "timestamp": NOW,
        "kibana": kibana_block("7.8.0", kibana_uuid),
        "last_updated": NOW,
        "collection_interval_ms": 5000,
    }


def expected_stats(version: str, kibana_uuid: str) -> dict[str, Any]:
    """The release's stats for a fresh Kibana."""
    return legacy_stats(kibana_uuid) if version == "7.8.0" else v8_stats(version, kibana_uuid)


def cluster_uuid(kibana_uuid: str) -> str:
    """The cluster uuid fakekibana makes from Kibana's (22 URL-safe base64 characters)."""
    return base64.urlsafe_b64encode(uuid.UUID(kibana_uuid).bytes).decode().rstrip("=")


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", LINES)
async def test_stats_keys_and_order_per_release(make_client: MakeClient, version: str) -> None:
    """GET /api/stats answers the release's keys, in its order, with API field names."""
    client = await make_client(line_settings(version))
    response = await client.get("/api/stats")
    kibana_uuid = (await response.json())["kibana"]["uuid"]
    await expect_json(response, 200, expected_stats(version, kibana_uuid))


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", LINES)
@pytest.mark.parametrize(
    ("query", "extra"),
    [
        ("?extended", "cluster_uuid"),
        ("?extended=true", "cluster_uuid"),
        ("?extended=true&legacy=true", "clusterUuid"),
        ("?extended&legacy&exclude_usage=false", "clusterUuid"),
    ],
)
async def test_extended_adds_usage_and_the_cluster(
    make_client: MakeClient, version: str, query: str, extra: str
) -> None:
    """?extended appends an empty usage and the cluster uuid (clusterUuid with ?legacy)."""
    client = await make_client(line_settings(version))
    response = await client.get("/api/stats" + query)
    kibana_uuid = (await response.json())["kibana"]["uuid"]
    expected = {
        **expected_stats(version, kibana_uuid),
        "usage": {},
        extra: cluster_uuid(kibana_uuid),
    }
    await expect_json(response, 200, expected)


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", LINES)
async def test_extended_false_is_the_plain_page(make_client: MakeClient, version: str) -> None:
    """?extended=false answers the plain stats."""
    client = await make_client(line_settings(version))
    response = await client.get("/api/stats?extended=false")
    kibana_uuid = (await response.json())["kibana"]["uuid"]
    await expect_json(response, 200, expected_stats(version, kibana_uuid))


@pytest.mark.parametrize("version", V8_LINES)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?extended=yes",
            "[request query.extended]: types that failed validation:\n"
            "- [request query.extended.0]: expected value to equal []\n"
            "- [request query.extended.1]: expected value of type [boolean] but got [string]",
        ),
        ("?pretty", "[request query.pretty]: definition for this key is missing"),
    ],
)
async def test_bad_queries_in_config_schema_words(
    make_client: MakeClient, version: str, query: str, message: str
) -> None:
    """8.19/9.x validate the query with config-schema: '' or a boolean, no other key."""
    client = await make_client(line_settings(version))
    response = await client.get("/api/stats" + query)
    await expect_json(response, 400, boom(400, "Bad Request", message))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?extended=yes",
            'child "extended" fails because ["extended" must be one of [, true, false]]',
        ),
        (
            "?legacy=true&legacy=false",
            'child "legacy" fails because ["legacy" must be a string]',
        ),
        ("?pretty", '"pretty" is not allowed'),
        (
            "?pretty&exclude_usage=1&extended=x",
            'child "extended" fails because ["extended" must be one of [, true, false]]. '
            'child "exclude_usage" fails because ["exclude_usage" must be one of [, true, false]]. '
            '"pretty" is not allowed',
        ),
    ],
)
async def test_7_8_refuses_bad_queries_in_joi_words(
    make_client: MakeClient, query: str, message: str
) -> None:
    """7.8's legacy route validates with Joi: the schema's keys in order, then unknown ones."""
    client = await make_client(line_settings("7.8.0"))
    response = await client.get("/api/stats" + query)
    await expect_json(response, 400, boom(400, "Bad Request", message))


@pytest.mark.parametrize("version", LINES)
async def test_stats_want_credentials_unless_anonymous(
    make_client: MakeClient, version: str
) -> None:
    """With security on the page needs credentials (401), unless status.allowAnonymous."""
    client = await make_client(line_settings(version, users=USERS))
    response = await client.get("/api/stats")
    await expect_json(response, 401, boom(401, "Unauthorized", "Unauthorized"))
    settings = line_settings(version, users=USERS, status_allow_anonymous=True)
    anonymous = await make_client(settings)
    assert (await anonymous.get("/api/stats")).status == 200


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", LINES)
async def test_requests_served_show_in_the_stats(make_client: MakeClient, version: str) -> None:
    """The requests answered so far appear by status code, with their count."""
    client = await make_client(line_settings(version))
    await client.get("/api/spaces/space")
    await client.get("/api/nothing-here")
    stats = await (await client.get("/api/stats")).json()
    assert stats["requests"] == {
        "disconnects": 0,
        "total": 3,
        "status_codes": {"200": 1, "404": 1},
    }
