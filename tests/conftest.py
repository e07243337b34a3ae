"""Shared fixtures: the app under test, the seed's bodies, and Hypothesis profiles."""

from __future__ import annotations

import base64
import http.client
import json
import os
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, settings

from fakekibana import Settings, create_app
from fakekibana.connectors.area import ConnectorsArea
from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.types import load_specs
from fakekibana.core.adapter import AREAS
from fakekibana.core.area import Route
from fakekibana.core.control import CONTROL

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

# The seed page's two example requests (../shared/seed/create-connector.txt), kept once in
# tests/seed_requests.json for the tests and benchmarks/.
_SEED_REQUESTS = json.loads((Path(__file__).parent / "seed_requests.json").read_text("utf-8"))
SEED_SERVICENOW: dict[str, Any] = _SEED_REQUESTS["servicenow"]
SEED_JIRA: dict[str, Any] = _SEED_REQUESTS["jira"]

# Kibana 7.8's connector type registry as the reference gives it (core §2.6 and §6, types §2):
# id, display name, minimum licence, in registration order.
TYPE_REGISTRY: tuple[tuple[str, str, str], ...] = (
    (".email", "Email", "gold"),
    (".index", "Index", "basic"),
    (".pagerduty", "PagerDuty", "gold"),
    (".server-log", "Server log", "basic"),
    (".servicenow", "ServiceNow", "platinum"),
    (".slack", "Slack", "gold"),
    (".webhook", "Webhook", "gold"),
    (".jira", "Jira", "platinum"),
)

ClientFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]


# The 7.8 profile's type modules in registration order: the tables of types tests run over.
TYPE_SPECS: tuple[TypeSpec, ...] = load_specs()


def connectors_area(app: web.Application | TestClient[Any, Any]) -> ConnectorsArea:
    """The connectors area of an app (or of a test client's app): its client and store."""
    application = app.app if isinstance(app, TestClient) else app
    area = application[AREAS]["connectors"]
    assert isinstance(area, ConnectorsArea)
    return area


def app_routes(settings: Settings | None = None) -> tuple[Route, ...]:
    """The Kibana routes an app with these settings serves (the default profile's)."""
    return tuple(create_app(settings or Settings())[CONTROL].kibana_routes)


@pytest.fixture
def make_client(aiohttp_client: Any) -> Callable[..., Awaitable[TestClient[Any, Any]]]:
    """Build a test client for an app with the given Settings (Kibana's defaults otherwise)."""

    async def make(settings: Settings | None = None) -> TestClient[Any, Any]:
        client: TestClient[Any, Any] = await aiohttp_client(
            create_app(settings or Settings(server_name="fakekibana-test", strict_responses=True))
        )
        return client

    return make


@pytest.fixture
async def client(
    make_client: Callable[..., Awaitable[TestClient[Any, Any]]],
) -> TestClient[Any, Any]:
    """A test client for a default fake Kibana."""
    return await make_client()


# --- appended for the core API suite: exact-JSON assertions ------------------------------------


def ordered(value: Any) -> Any:
    """The value with every JSON object as a list of (key, value) pairs, so == sees key order."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return value


async def expect_json(response: Any, status: int, expected: Any) -> Any:
    """Assert the status and the whole JSON body, key order included; return the body."""
    body = await response.json(content_type=None)
    assert (response.status, body) == (status, expected)
    assert ordered(body) == ordered(expected)
    return body


def kibana_error(status: int, message: str) -> dict[str, Any]:
    """Kibana's Boom error body (core §3.1)."""
    reasons = {400: "Bad Request", 403: "Forbidden", 404: "Not Found"}
    return {"statusCode": status, "error": reasons[status], "message": message}


async def create_connector(
    client: TestClient[Any, Any],
    action_type_id: str,
    config: dict[str, Any] | None = None,
    secrets: dict[str, Any] | None = None,
    *,
    name: str = "My connector",
    prefix: str = "",
) -> dict[str, Any]:
    """POST {prefix}/api/action and return the 200 body (fails the test on any other status)."""
    body: dict[str, Any] = {"name": name, "actionTypeId": action_type_id}
    if config is not None:
        body["config"] = config
    if secrets is not None:
        body["secrets"] = secrets
    response = await client.post(f"{prefix}/api/action", json=body, headers=XSRF)
    created: dict[str, Any] = await response.json()
    assert response.status == 200, created
    return created


# --- appended for the contract suite: JSON over HTTP to a live server -------------------------


class KibanaHTTP:
    """Synchronous JSON requests to a Kibana (fake or real) over one kept-alive connection.

    Every request carries kbn-xsrf; credentials in the URL (http://user:password@host) become
    basic authentication.
    """

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port
        self.prefix = parts.path.rstrip("/")
        self.headers = {"kbn-xsrf": "true", "Content-Type": "application/json"}
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            secret = f"{user}:{urllib.parse.unquote(parts.password or '')}"
            self.headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
        self._connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.https:
            return http.client.HTTPSConnection(self.host, self.port, timeout=30)
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """The status and the parsed JSON answer (None when there is no body)."""
        data = None if body is None else json.dumps(body)
        for attempt in range(2):
            connection = self._connection or self._connect()
            try:
                connection.request(method, self.prefix + path, body=data, headers=self.headers)
                response = connection.getresponse()
                raw = response.read()
            except (http.client.HTTPException, ConnectionError):
                # The server closed the kept-alive connection: one retry on a new one.
                connection.close()
                self._connection = None
                if attempt:
                    raise
                continue
            self._connection = connection
            return response.status, json.loads(raw) if raw else None
        raise AssertionError  # pragma: no cover - the loop returns or raises

    def close(self) -> None:
        """Close the kept-alive connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
