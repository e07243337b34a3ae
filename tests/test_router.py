"""Kibana's routes looked up as hapi looks them up (core/router.py)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from fakekibana.app import create_app
from fakekibana.core.adapter import ROUTES
from fakekibana.core.router import KibanaRoutes
from fakekibana.core.settings import Settings
from fakekibana.core.versions import SUPPORTED_LINES

SPACE = r"/s/{space_id:[a-z0-9_\-]+}"


def handler(name: str) -> Any:
    async def handle(request: web.Request) -> web.StreamResponse:
        return web.Response(text=name)

    handle.__name__ = name
    return handle


def found(routes: KibanaRoutes, method: str, path: str) -> tuple[str, dict[str, str]] | None:
    match = routes.match(method, path)
    if match is None:
        return None
    return match.handler.__name__, dict(match)


def test_a_literal_segment_beats_a_parameter_whatever_the_order_added() -> None:
    routes = KibanaRoutes()
    routes.add("GET", "/api/saved_objects/{type}/{id}", handler("get"))
    routes.add("GET", "/api/saved_objects/_find", handler("find"))
    routes.add("GET", "/api/x/{id}/b", handler("param_first"))
    routes.add("GET", "/api/x/a/{id}", handler("literal_first"))
    assert found(routes, "GET", "/api/saved_objects/_find") == ("find", {})
    assert found(routes, "GET", "/api/saved_objects/config/1") == (
        "get",
        {"type": "config", "id": "1"},
    )
    # Segment by segment from the left: the literal `a` decides before the literal `b`.
    assert found(routes, "GET", "/api/x/a/b") == ("literal_first", {"id": "b"})
    assert found(routes, "GET", "/api/x/c/b") == ("param_first", {"id": "c"})


def test_each_method_has_its_own_table() -> None:
    """hapi keeps a table per method: a path served for GET only goes on to a less specific
    route for POST, and nowhere for DELETE."""
    routes = KibanaRoutes()
    routes.add("GET", "/api/saved_objects/_find", handler("find"))
    routes.add("POST", "/api/saved_objects/{type}", handler("create"))
    routes.add("HEAD", "/api/saved_objects/_find", handler("find_head"))
    assert found(routes, "POST", "/api/saved_objects/_find") == ("create", {"type": "_find"})
    assert found(routes, "HEAD", "/api/saved_objects/_find") == ("find_head", {})
    assert found(routes, "DELETE", "/api/saved_objects/_find") is None
    assert found(routes, "GET", "/api/saved_objects/index-pattern") is None


def test_parameters_match_as_aiohttp_matches_them() -> None:
    """`{name}`: one non-empty segment without braces; `{name:regex}`: the regex, whole; a
    value's %2F and %25 are decoded (the path is matched with them encoded)."""
    routes = KibanaRoutes()
    routes.add("GET", "/api/action/{id}", handler("get"))
    routes.add("GET", SPACE + "/api/action/{id}", handler("space_get"))
    assert found(routes, "GET", "/api/action/a%2Fb%25c") == ("get", {"id": "a/b%c"})
    assert found(routes, "GET", "/api/action/") is None
    assert found(routes, "GET", "/api/action/a{b") is None
    assert found(routes, "GET", "/api/action/a}") is None
    assert found(routes, "GET", "/api/action/a/b") is None
    assert found(routes, "GET", "/api/action") is None
    assert found(routes, "GET", "/s/marketing-2/api/action/x") == (
        "space_get",
        {"space_id": "marketing-2", "id": "x"},
    )
    assert found(routes, "GET", "/s/Marketing/api/action/x") is None
    assert found(routes, "GET", "api/action/x") is None


def test_a_route_added_twice_is_refused() -> None:
    routes = KibanaRoutes()
    routes.add("GET", "/api/a/{id}", handler("one"))
    with pytest.raises(ValueError, match=r"^GET /api/a/\{other\} is routed twice$"):
        routes.add("GET", "/api/a/{other}", handler("two"))
    with pytest.raises(ValueError, match="unsupported route segment"):
        routes.add("GET", "/api/a{id}", handler("three"))


def _sample(template: str) -> str:
    """A path the template serves: parameters filled with values no literal segment has."""
    return re.sub(r"\{(\w+)(?::[^}]+)?\}", lambda m: f"p-{m.group(1)}-9", template)


@pytest.mark.parametrize("line", [f"{major}.{minor}" for major, minor in SUPPORTED_LINES])
def test_every_route_of_a_release_is_found_by_its_own_path(line: str) -> None:
    """Each (method, path template) the app serves answers a path made from it with its own
    handler and parameters, both through the table and through the app's router."""
    app = create_app(Settings(kibana_version=f"{line}.0"))
    routes = app[ROUTES]
    assert routes.table

    async def resolve(method: str, path: str) -> Any:
        return await app.router.resolve(make_mocked_request(method, path, app=app))

    for method, template, endpoint in routes.table:
        path = _sample(template)
        expected = {
            m.group(1): f"p-{m.group(1)}-9" for m in re.finditer(r"\{(\w+)[^}]*\}", template)
        }
        if "space_id" in expected:
            expected["space_id"] = "p-space_id-9"
        match = routes.match(method, path)
        assert match is not None, (method, template)
        assert (match.handler, dict(match)) == (endpoint, expected), (method, template)
        routed = asyncio.run(resolve(method, path))
        assert (routed.handler, dict(routed)) == (endpoint, expected), (method, template)
