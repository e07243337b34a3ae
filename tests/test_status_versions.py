"""GET /api/status per release line: 7.8's legacy page, 8.19/9.x's v8 one, flags and anonymity."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import expect_json
from tests.kibana_lines import (
    NOW,
    STEADY_OS,
    boom,
    line_settings,
    steady,  # noqa: F401 - a fixture the tests use
)

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
V8_LINES = ("8.19.0", "9.4.0")
AVAILABLE = {"level": "available", "summary": "All services and plugins are available"}
CORE = {
    "elasticsearch": {
        "level": "available",
        "summary": "Elasticsearch is available",
        "meta": {"warningNodes": [], "incompatibleNodes": []},
    },
    "savedObjects": {
        "level": "available",
        "summary": "SavedObjects service has completed migrations and is available",
        "meta": {"migratedIndices": {"migrated": 0, "skipped": 0}},
    },
}
USERS = ("elastic:changeme:superuser",)
ELASTIC = {"Authorization": "Basic " + base64.b64encode(b"elastic:changeme").decode()}


def process(version: str) -> dict[str, Any]:
    """The steady process metrics (the 90th percentile from 9.4 on)."""
    shares = ("50", "75", "90", "95", "99") if version == "9.4.0" else ("50", "75", "95", "99")
    return {
        "memory": {
            "heap": {"total_in_bytes": 4096, "used_in_bytes": 4096, "size_limit": 4096},
            "resident_set_size_in_bytes": 4096,
            "array_buffers_in_bytes": 0,
            "external_in_bytes": 0,
        },
        "pid": 42,
        "event_loop_delay": 2.5,
        "event_loop_delay_histogram": {
            "min": 1,
            "max": 2.5,
            "mean": 1.5,
            "exceeds": 0,
            "stddev": 0.5,
            "fromTimestamp": NOW,
            "lastUpdatedAt": NOW,
            "percentiles": dict.fromkeys(shares, 2),
        },
        "event_loop_utilization": {"idle": 900, "active": 100, "utilization": 0.1},
        "uptime_in_millis": 1234.5,
    }


def v8_body(
    version: str, kibana_uuid: str, status: dict[str, Any], requests: dict[str, Any]
) -> dict[str, Any]:
    """The whole 8.x/9.x status document with the steady figures."""
    codes = requests["codes"]
    return {
        "name": "fakekibana-test",
        "uuid": kibana_uuid,
        "version": {
            "number": version,
            "build_hash": "0000000000000000000000000000000000000000",
            "build_number": 31997,
            "build_snapshot": False,
            "build_flavor": "traditional",
            "build_date": "2026-01-01T00:00:00.000Z",
        },
        "status": status,
        "metrics": {
            "last_updated": NOW,
            "collection_interval_in_millis": 5000,
            "os": STEADY_OS,
            "process": process(version),
            "processes": [process(version)],
            "response_times": {"avg_in_millis": 0, "max_in_millis": requests["max"]},
            "concurrent_connections": 1,
            "requests": {
                "disconnects": 0,
                "total": requests["total"],
                "statusCodes": codes,
                "status_codes": codes,
            },
            "elasticsearch_client": {
                "totalActiveSockets": 0,
                "totalIdleSockets": 0,
                "totalQueuedRequests": 0,
            },
        },
    }


V8_STATUS = {
    "overall": AVAILABLE,
    "core": CORE,
    "plugins": {"features": AVAILABLE, "spaces": AVAILABLE, "actions": AVAILABLE},
}


def legacy_statuses(version: str) -> dict[str, Any]:
    """calculateLegacyStatus's statuses: core's then the plugins', all green."""
    green = {"since": NOW, "state": "green", "icon": "success", "uiColor": "success"}
    components = [
        ("core:elasticsearch", "Elasticsearch is available"),
        ("core:savedObjects", "SavedObjects service has completed migrations and is available"),
        ("plugin:features", "All services and plugins are available"),
        ("plugin:spaces", "All services and plugins are available"),
        ("plugin:actions", "All services and plugins are available"),
    ]
    return {
        "overall": {
            "since": NOW,
            "state": "green",
            "title": "Green",
            "nickname": "Looking good",
            "icon": "success",
            "uiColor": "success",
        },
        "statuses": [
            {"id": f"{name}@{version}", "message": message, **green} for name, message in components
        ],
    }


async def status_of(client: TestClient[Any, Any], query: str = "", **kw: Any) -> Any:
    """GET /api/status (with a query string); the response."""
    return await client.get("/api/status" + query, **kw)


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", V8_LINES)
async def test_the_v8_shape_is_the_default(make_client: MakeClient, version: str) -> None:
    """8.19 and 9.x answer the v8 document: version.number as configured, build_flavor, core,
    plugins and the ops metrics, the first request of a fresh Kibana counted in."""
    client = await make_client(line_settings(version))
    response = await status_of(client)
    body = await response.json()
    uuid.UUID(body["uuid"])
    expected = v8_body(version, body["uuid"], V8_STATUS, {"total": 1, "codes": {}, "max": 0})
    await expect_json(response, 200, expected)


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", V8_LINES)
@pytest.mark.parametrize(
    ("query", "legacy"),
    [
        ("?v8format=true", False),
        ("?v7format=false", False),
        ("?v7format=true", True),
        ("?v8format=false", True),
    ],
)
async def test_the_format_flags_choose_the_shape(
    make_client: MakeClient, version: str, query: str, legacy: bool
) -> None:
    """?v7format=true and ?v8format=false give calculateLegacyStatus's statuses in the v8
    document; ?v8format=true and ?v7format=false the v8 statuses."""
    client = await make_client(line_settings(version))
    response = await status_of(client, query)
    body = await response.json()
    status = legacy_statuses(version) if legacy else V8_STATUS
    expected = v8_body(version, body["uuid"], status, {"total": 1, "codes": {}, "max": 0})
    await expect_json(response, 200, expected)


@pytest.mark.parametrize("version", V8_LINES)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?v7format=true&v8format=true",
            "[request query]: provide only one format option: v7format or v8format",
        ),
        (
            "?v7format=false&v8format=false",
            "[request query]: provide only one format option: v7format or v8format",
        ),
        (
            "?v7format=yes",
            "[request query.v7format]: expected value of type [boolean] but got [string]",
        ),
        ("?pretty=true", "[request query.pretty]: definition for this key is missing"),
    ],
)
async def test_bad_queries_are_refused_in_config_schema_words(
    make_client: MakeClient, version: str, query: str, message: str
) -> None:
    """Both flags (even false), a flag that is not a boolean, an unknown key: 400 each."""
    client = await make_client(line_settings(version))
    await expect_json(await status_of(client, query), 400, boom(400, "Bad Request", message))


async def test_7_8_keeps_the_legacy_page_whatever_the_query(make_client: MakeClient) -> None:
    """7.8's legacy route validates no query: both flags still get the legacy page."""
    client = await make_client(line_settings("7.8.0"))
    response = await status_of(client, "?v7format=true&v8format=true")
    body = await response.json()
    assert response.status == 200
    assert list(body) == ["name", "uuid", "version", "status", "metrics"]
    assert body["version"] == {
        "number": "7.8.0",
        "build_hash": "0000000000000000000000000000000000000000",
        "build_number": 31997,
        "build_snapshot": False,
    }
    assert body["status"]["overall"] == {
        "state": "green",
        "title": "Green",
        "nickname": "Looking good",
        "icon": "success",
        "uiColor": "secondary",
        "since": NOW,
    }


@pytest.mark.parametrize("version", V8_LINES)
async def test_anonymous_callers_get_the_redacted_status(
    make_client: MakeClient, version: str
) -> None:
    """With security on, a call without credentials gets only the overall level (200)."""
    client = await make_client(line_settings(version, users=USERS))
    expected = {"status": {"overall": {"level": "available"}}}
    await expect_json(await status_of(client), 200, expected)
    await expect_json(await status_of(client, "?v7format=true"), 200, expected)


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", V8_LINES)
async def test_authenticated_callers_get_the_whole_status(
    make_client: MakeClient, version: str
) -> None:
    """Valid credentials get the whole document; wrong ones a 401 (optional is not anonymous)."""
    client = await make_client(line_settings(version, users=USERS))
    response = await status_of(client, headers=ELASTIC)
    body = await response.json()
    expected = v8_body(version, body["uuid"], V8_STATUS, {"total": 1, "codes": {}, "max": 0})
    await expect_json(response, 200, expected)
    wrong = {"Authorization": "Basic " + base64.b64encode(b"elastic:wrong").decode()}
    response = await status_of(client, headers=wrong)
    assert response.status == 401


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", V8_LINES)
async def test_allow_anonymous_gives_everyone_the_whole_status(
    make_client: MakeClient, version: str
) -> None:
    """status.allowAnonymous: the whole document without credentials."""
    settings = line_settings(version, users=USERS, status_allow_anonymous=True)
    client = await make_client(settings)
    response = await status_of(client)
    body = await response.json()
    expected = v8_body(version, body["uuid"], V8_STATUS, {"total": 1, "codes": {}, "max": 0})
    await expect_json(response, 200, expected)


async def test_7_8_wants_credentials(make_client: MakeClient) -> None:
    """7.8 with security on: no credentials is a 401, as its legacy route requires auth."""
    client = await make_client(line_settings("7.8.0", users=USERS))
    await expect_json(await status_of(client), 401, boom(401, "Unauthorized", "Unauthorized"))


@pytest.mark.usefixtures("steady")
@pytest.mark.parametrize("version", V8_LINES)
async def test_requests_served_are_counted(make_client: MakeClient, version: str) -> None:
    """requests counts every Kibana request so far, status_codes those answered (this one is
    still being answered); the control plane is not counted, and a reset starts again."""
    client = await make_client(line_settings(version))
    await client.get("/api/spaces/space")
    await client.get("/api/spaces/space/nowhere")
    await client.get("/_fakekibana/health")
    body = await (await status_of(client)).json()
    assert body["metrics"]["requests"] == {
        "disconnects": 0,
        "total": 3,
        "statusCodes": {"200": 1, "404": 1},
        "status_codes": {"200": 1, "404": 1},
    }
    assert body["metrics"]["concurrent_connections"] == 1
    await client.post("/_fakekibana/reset")
    body = await (await status_of(client)).json()
    assert body["metrics"]["requests"]["total"] == 1


@pytest.mark.parametrize(("version", "status"), [("7.8.0", 404), ("8.19.0", 200), ("9.4.0", 200)])
async def test_the_default_space_prefix(make_client: MakeClient, version: str, status: int) -> None:
    """/s/default/api/status is served from 8.0 on; 7.8 has no route there."""
    client = await make_client(line_settings(version))
    response = await client.get("/s/default/api/status")
    assert response.status == status
    if status == 404:
        assert await response.json() == boom(404, "Not Found", "Not Found")
    else:
        assert (await response.json())["version"]["number"] == version


@pytest.mark.parametrize("version", ["7.8.0", "8.19.0", "9.4.0"])
async def test_the_real_figures_have_the_documented_shape(
    make_client: MakeClient, version: str
) -> None:
    """Without steady figures the strict fake still answers within its schema, with this
    process's pid and positive memory."""
    client = await make_client(line_settings(version))
    body = await (await status_of(client)).json()
    process = body["metrics"]["process"]
    import os  # noqa: PLC0415 - the value compared with

    assert process["pid"] == os.getpid()
    assert process["memory"]["resident_set_size_in_bytes"] > 0
