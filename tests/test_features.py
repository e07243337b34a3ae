"""GET /api/features per release line: the listed features, their order, licence and privilege."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import expect_json, ordered
from tests.kibana_lines import boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
IDS = {
    "7.8.0": [
        "discover",
        "visualize",
        "dashboard",
        "timelion",
        "dev_tools",
        "advancedSettings",
        "indexPatterns",
    ],
    "9.x": [
        "discover_v2",
        "dashboard_v2",
        "visualize_v2",
        "dev_tools",
        "advancedSettings",
        "indexPatterns",
        "filesManagement",
        "filesSharedImage",
        "savedQueryManagement",
    ],
}
# oss_features.js of the 7.7 build, with feature_registry.js' automatic grants (none apply).
DEV_TOOLS_7 = {
    "id": "dev_tools",
    "name": "Dev Tools",
    "order": 1300,
    "icon": "devToolsApp",
    "navLinkId": "kibana:dev_tools",
    "app": ["kibana"],
    "catalogue": ["console", "searchprofiler", "grokdebugger"],
    "privileges": {
        "all": {
            "app": ["kibana"],
            "catalogue": ["console", "searchprofiler", "grokdebugger"],
            "api": ["console"],
            "savedObject": {"all": ["telemetry"], "read": ["config", "url"]},
            "ui": ["show", "save"],
        },
        "read": {
            "app": ["kibana"],
            "catalogue": ["console", "searchprofiler", "grokdebugger"],
            "api": ["console"],
            "savedObject": {"all": [], "read": ["config", "url"]},
            "ui": ["show"],
        },
    },
    "privilegesTooltip": (
        "User should also be granted the appropriate Elasticsearch cluster and index privileges"
    ),
}
# oss_features.ts @ 061779e6 with feature_registry.ts @ 020c0224's grants.
SAVED_QUERIES_9 = {
    "id": "savedQueryManagement",
    "name": "Saved Query Management",
    "order": 1750,
    "category": {
        "id": "management",
        "label": "Management",
        "order": 5000,
        "euiIconType": "managementApp",
    },
    "scope": ["spaces", "security"],
    "app": ["kibana"],
    "catalogue": [],
    "privilegesTooltip": "Controls access to saved queries across Kibana",
    "privileges": {
        "all": {
            "app": ["kibana"],
            "catalogue": [],
            "savedObject": {
                "all": ["query", "telemetry"],
                "read": ["config", "config-global", "url", "tag", "cloud"],
            },
            "ui": ["showQueries", "saveQuery"],
            "api": ["savedQuery:manage", "savedQuery:read"],
        },
        "read": {
            "savedObject": {
                "all": [],
                "read": ["query", "config", "config-global", "telemetry", "url", "tag", "cloud"],
            },
            "ui": ["showQueries"],
            "api": ["savedQuery:read"],
        },
    },
}
USERS = ("elastic:pw:superuser", "reader:pw:read", "ops:pw:all@ops", "nobody:pw:none")


def basic(user: str) -> dict[str, str]:
    """An Authorization header for a user of USERS."""
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:pw".encode()).decode()}


def ids_of(version: str) -> list[str]:
    """The feature ids a release lists, in order."""
    return IDS["7.8.0" if version == "7.8.0" else "9.x"]


@pytest.mark.parametrize("version", ["7.8.0", "8.19.0", "9.4.0"])
async def test_features_are_listed_in_order(make_client: MakeClient, version: str) -> None:
    """The features plugin's own features, sorted by `order`, deprecated ones left out."""
    client = await make_client(line_settings(version))
    response = await client.get("/api/features")
    assert response.status == 200
    assert [feature["id"] for feature in await response.json()] == ids_of(version)


def assert_feature(listed: list[dict[str, Any]], feature_id: str, expected: Any) -> None:
    """The listed feature of that id is exactly `expected`, key order included."""
    (feature,) = [f for f in listed if f["id"] == feature_id]
    assert ordered(feature) == ordered(expected)


async def test_a_7_8_feature_in_full(make_client: MakeClient) -> None:
    """7.8's dev_tools feature, key for key, with the automatic saved-object grants."""
    client = await make_client(line_settings("7.8.0"))
    listed = await (await client.get("/api/features")).json()
    assert_feature(listed, "dev_tools", DEV_TOOLS_7)


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_a_9_x_feature_in_full(make_client: MakeClient, version: str) -> None:
    """9.x's savedQueryManagement feature, key for key, with category, scope and grants."""
    client = await make_client(line_settings(version))
    listed = await (await client.get("/api/features")).json()
    assert_feature(listed, "savedQueryManagement", SAVED_QUERIES_9)


def reporting(listed: list[dict[str, Any]], feature_id: str) -> list[str]:
    """The privilege ids of a feature's Reporting sub-feature."""
    (feature,) = [f for f in listed if f["id"] == feature_id]
    (sub,) = [s for s in feature["subFeatures"] if s["name"] == "Reporting"]
    return [p["id"] for group in sub["privilegeGroups"] for p in group["privileges"]]


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_a_basic_licence_drops_gold_sub_feature_privileges(
    make_client: MakeClient, version: str
) -> None:
    """With a basic licence the gold-only reporting privileges go, unless ignoreValidLicenses."""
    client = await make_client(line_settings(version, license="basic"))
    listed = await (await client.get("/api/features")).json()
    assert reporting(listed, "dashboard_v2") == ["download_csv_report"]
    assert reporting(listed, "visualize_v2") == []
    assert reporting(listed, "discover_v2") == ["generate_report"]
    kept = await (await client.get("/api/features?ignoreValidLicenses=true")).json()
    assert reporting(kept, "dashboard_v2") == ["generate_report", "download_csv_report"]
    assert reporting(kept, "visualize_v2") == ["generate_report"]


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_a_gold_licence_keeps_them(make_client: MakeClient, version: str) -> None:
    """A gold licence (or better) keeps every reporting privilege."""
    client = await make_client(line_settings(version, license="gold"))
    listed = await (await client.get("/api/features")).json()
    assert reporting(listed, "dashboard_v2") == ["generate_report", "download_csv_report"]


@pytest.mark.parametrize("version", ["7.8.0", "8.19.0", "9.4.0"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?ignoreValidLicenses=yes",
            "[request query.ignoreValidLicenses]: expected value of type [boolean] "
            "but got [string]",
        ),
        ("?all=true", "[request query.all]: definition for this key is missing"),
    ],
)
async def test_bad_queries_are_refused(
    make_client: MakeClient, version: str, query: str, message: str
) -> None:
    """ignoreValidLicenses is a boolean and the only key (config-schema's texts)."""
    client = await make_client(line_settings(version))
    response = await client.get("/api/features" + query)
    await expect_json(response, 400, boom(400, "Bad Request", message))


@pytest.mark.parametrize(
    ("version", "status", "message"),
    [
        ("7.8.0", 404, "Not Found"),
        (
            "8.19.0",
            403,
            "API [GET /api/features] is unauthorized for user, this action is granted by the "
            "Kibana privileges [read_features]",
        ),
        (
            "9.4.0",
            403,
            "API [GET /api/features] is unauthorized for user, this action is granted by the "
            "Kibana privileges [read_features]",
        ),
    ],
)
async def test_features_need_a_global_privilege(
    make_client: MakeClient, version: str, status: int, message: str
) -> None:
    """superuser and read (global) may list features; space roles and none may not: 7.x's
    404, 8.x/9.x's 403 naming read_features."""
    client = await make_client(line_settings(version, users=USERS))
    for user in ("elastic", "reader"):
        assert (await client.get("/api/features", headers=basic(user))).status == 200
    reason = {403: "Forbidden", 404: "Not Found"}[status]
    for user in ("ops", "nobody"):
        response = await client.get("/api/features", headers=basic(user))
        await expect_json(response, status, boom(status, reason, message))
    response = await client.get("/api/features")
    await expect_json(response, 401, boom(401, "Unauthorized", "Unauthorized"))
