"""Shared fixtures: the app under test, the seed's bodies, and Hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, settings

from fakekibana import Settings, create_app

# Hypothesis: a fast default profile, and a derandomised one with more examples for CI.
settings.register_profile(
    "default", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)

XSRF = {"kbn-xsrf": "true"}

SEED_SERVICENOW: dict[str, Any] = {
    "actionTypeId": ".servicenow",
    "config": {
        "casesConfiguration": {
            "mapping": [
                {"source": "title", "target": "short_description", "actionType": "overwrite"},
                {"source": "description", "target": "description", "actionType": "overwrite"},
                {"source": "comments", "target": "comments", "actionType": "append"},
            ]
        },
        "apiUrl": "https://dev87359.service-now.com",
    },
    "secrets": {"username": "admin", "password": "securePassword123!"},
    "name": "ServiceNow",
}

SEED_JIRA: dict[str, Any] = {
    "actionTypeId": ".jira",
    "config": {
        "casesConfiguration": {
            "mapping": [
                {"source": "title", "target": "summary", "actionType": "overwrite"},
                {"source": "description", "target": "description", "actionType": "overwrite"},
                {"source": "comments", "target": "comments", "actionType": "append"},
            ]
        },
        "apiUrl": "https://hms.atlassian.net",
        "projectKey": "HMS",
    },
    "secrets": {"email": "admin@hms.gov.co.uk", "apiToken": "my-api-token"},
    "name": "Jira",
}

ClientFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]


@pytest.fixture
def make_client(aiohttp_client: Any) -> Callable[..., Awaitable[TestClient[Any, Any]]]:
    """Build a test client for an app with the given Settings (Kibana's defaults otherwise)."""

    async def make(settings: Settings | None = None) -> TestClient[Any, Any]:
        client: TestClient[Any, Any] = await aiohttp_client(
            create_app(settings or Settings(server_name="fakekibana-test"))
        )
        return client

    return make


@pytest.fixture
async def client(
    make_client: Callable[..., Awaitable[TestClient[Any, Any]]],
) -> TestClient[Any, Any]:
    """A test client for a default fake Kibana."""
    return await make_client()
