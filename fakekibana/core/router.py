"""Kibana's routes as hapi finds them: a table per method, the most specific path first.

One table holds every Kibana route (the control plane keeps aiohttp's router). hapi's
router (@hapi/call) keeps a routing table per method and, among the paths of that method that
match, takes the most specific: segment by segment from the left, a literal segment before a
parameter. A tree of segments walked depth first, literals first, finds exactly that route.

aiohttp's router tries its resources one after another: every `/s/{space_id}/...` route sits
under its one index key `/s`, so a request to a space walked about eighty regular expressions
(callgrind: 82k instructions to route a connector get under /s/<space>, 39k without; issue
10). Here a lookup is a few dictionary probes whatever the number of routes.

Parameters match as aiohttp's DynamicResource matches them, on the path with %2F and %25 left
encoded (yarl's path_safe), values decoded afterwards: `{name}` is one non-empty segment
without braces, `{name:regex}` a segment the regex matches whole.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator, Sized
from typing import Any

from aiohttp import web
from aiohttp.web_urldispatcher import (
    AbstractResource,
    AbstractRoute,
    ResourceRoute,
    UrlMappingMatchInfo,
)
from yarl import URL

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# aiohttp's default parameter pattern, and a `{name:regex}` segment.
_DEFAULT_PARAM = "[^{}/]+"
_PARAM = re.compile(r"^\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<regex>.+))?\}$")


class _Node:
    """A path segment: its literal children, its parameter children (by pattern, in the order
    first registered), and the routes that end here (by method, with their parameter names)."""

    __slots__ = ("leaf", "literals", "params")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        # None stands for aiohttp's default pattern, tested without a regular expression.
        self.params: list[tuple[re.Pattern[str] | None, _Node]] = []
        self.leaf: dict[str, tuple[ResourceRoute, tuple[str, ...]]] = {}

    def param_child(self, regex: str) -> _Node:
        pattern = None if regex == _DEFAULT_PARAM else re.compile(regex)
        for known, child in self.params:
            if known == pattern:
                return child
        child = _Node()
        self.params.append((pattern, child))
        return child


def _unquote(value: str) -> str:
    # aiohttp's _unquote_path_safe: path_safe keeps %2F and %25 encoded inside a segment.
    if "%" not in value:
        return value
    return value.replace("%2F", "/").replace("%25", "%")


def _matches(pattern: re.Pattern[str] | None, segment: str) -> bool:
    if pattern is None:
        # aiohttp's default [^{}/]+ (a segment never holds a slash).
        return bool(segment) and "{" not in segment and "}" not in segment
    return pattern.fullmatch(segment) is not None


class KibanaRoutes(AbstractResource, Sized):
    """Every Kibana route in one resource, found as hapi finds it (module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._root = _Node()
        self._routes: list[ResourceRoute] = []
        # What was added, in order: (method, path, handler).
        self.table: list[tuple[str, str, Handler]] = []
        # Routes without parameters, by path and method: found by one lookup.
        self._literal: dict[str, dict[str, ResourceRoute]] = {}

    def add(self, method: str, path: str, handler: Handler) -> None:
        """Serve `method path` (aiohttp's path syntax) with `handler`; a pair given twice is
        a programming error."""
        if not path.startswith("/"):
            msg = f"route path must start with /: {path!r}"
            raise ValueError(msg)
        node = self._root
        names: list[str] = []
        for segment in path[1:].split("/"):
            param = _PARAM.match(segment)
            if param is not None:
                names.append(param.group("name"))
                node = node.param_child(param.group("regex") or _DEFAULT_PARAM)
            elif "{" in segment or "}" in segment:
                msg = f"unsupported route segment {segment!r} in {path!r}"
                raise ValueError(msg)
            else:
                node = node.literals.setdefault(segment, _Node())
        if method in node.leaf:
            msg = f"{method} {path} is routed twice"
            raise ValueError(msg)
        route = ResourceRoute(method, handler, self)
        node.leaf[method] = (route, tuple(names))
        self._routes.append(route)
        self.table.append((method, path, handler))
        if not names:
            self._literal.setdefault(path, {})[method] = route

    def _find(
        self, segments: list[str], method: str
    ) -> tuple[tuple[ResourceRoute, tuple[str, ...]], list[str]] | None:
        """The route and its parameter values. Most paths have one way down the tree (no
        segment is both a literal and a parameter there): walked in a loop; the others by
        _search."""
        node = self._root
        values: list[str] = []
        for segment in segments:
            literal = node.literals.get(segment)
            params = node.params
            if not params:
                if literal is None:
                    return None
                node = literal
            elif literal is None and len(params) == 1:
                pattern, child = params[0]
                if not _matches(pattern, segment):
                    return None
                values.append(segment)
                node = child
            else:
                return self._search(self._root, segments, 0, method, [])
        found = node.leaf.get(method)
        return None if found is None else (found, values)

    def _search(
        self, node: _Node, segments: list[str], index: int, method: str, values: list[str]
    ) -> tuple[tuple[ResourceRoute, tuple[str, ...]], list[str]] | None:
        """Depth first, literals before parameters: hapi's most specific route."""
        if index == len(segments):
            found = node.leaf.get(method)
            return None if found is None else (found, list(values))
        segment = segments[index]
        literal = node.literals.get(segment)
        if literal is not None:
            match = self._search(literal, segments, index + 1, method, values)
            if match is not None:
                return match
        for pattern, child in node.params:
            if _matches(pattern, segment):
                values.append(segment)
                match = self._search(child, segments, index + 1, method, values)
                if match is not None:
                    return match
                values.pop()
        return None

    def match(self, method: str, path: str) -> UrlMappingMatchInfo | None:
        """The route for a method and a path (yarl's path_safe), or None."""
        literal = self._literal.get(path)
        if literal is not None:
            # A path without parameters: it beats any route with one (most specific first).
            route = literal.get(method)
            if route is not None:
                return UrlMappingMatchInfo({}, route)
        if not path.startswith("/"):
            return None
        found = self._find(path[1:].split("/"), method)
        if found is None:
            return None
        (route, names), values = found
        params = dict(zip(names, values, strict=True))
        if "%" in path:
            params = {name: _unquote(value) for name, value in params.items()}
        return UrlMappingMatchInfo(params, route)

    async def resolve(self, request: web.Request) -> tuple[UrlMappingMatchInfo | None, set[str]]:
        """As an aiohttp resource would resolve (install() looks up without it)."""
        return self.match(request.method, request.rel_url.path_safe), set()

    def install(self, router: web.UrlDispatcher, skip: str) -> None:
        """Look Kibana's routes up before aiohttp's router, for every path outside `skip` (the
        control plane's prefix); what none serves goes on to aiohttp's router.

        Set on the router instance, which Application._handle asks for every request: not as
        one of its resources, because aiohttp walks its index from the whole path down to the
        root before it reaches one registered at `/` (callgrind: 29k instructions to route a
        POST, 13k as a plain aiohttp resource, 6k here).
        """
        dispatch = router.resolve

        async def resolve(request: web.Request) -> web.UrlMappingMatchInfo:
            path = request.rel_url.path_safe
            if not path.startswith(skip):
                found = self.match(request.method, path)
                if found is not None:
                    return found
            return await dispatch(request)

        router.resolve = resolve  # type: ignore[method-assign]

    @property
    def canonical(self) -> str:
        """The root (the resource is not registered with aiohttp's router)."""
        return "/"

    def url_for(self, **kwargs: str) -> URL:
        """The root (the resource has no URL of its own)."""
        return URL("/")

    def add_prefix(self, prefix: str) -> None:
        """Prefixes do not apply."""

    def get_info(self) -> Any:
        """Nothing to introspect."""
        return {}

    def raw_match(self, path: str) -> bool:
        """Whether some route has exactly this path template (aiohttp's add_static check)."""
        return False

    def __len__(self) -> int:
        return len(self._routes)

    def __iter__(self) -> Iterator[AbstractRoute]:
        return iter(self._routes)
