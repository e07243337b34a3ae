"""The route every request ends at when no Kibana or control route serves it: hapi's 404.

A resource of its own rather than a `/{tail:.*}` route, because it must also take what no
path pattern matches (`OPTIONS *`), and because the adapter runs no aiohttp middleware that
could turn aiohttp's plain-text 404 and 405 into Kibana's.
"""

from __future__ import annotations

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

_ANY_METHOD = "*"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Unrouted(AbstractResource, Sized):
    """Matches every method and path; registered last, so only what nothing else serves."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self._route = ResourceRoute(_ANY_METHOD, handler, self)

    @property
    def canonical(self) -> str:
        """Indexed at the root, which aiohttp's router tries last for every path."""
        return "/"

    def url_for(self, **kwargs: str) -> URL:
        """The root (the resource has no URL of its own)."""
        return URL("/")

    async def resolve(self, request: web.Request) -> tuple[UrlMappingMatchInfo, set[str]]:
        """Every request matches."""
        return UrlMappingMatchInfo({}, self._route), {_ANY_METHOD}

    def add_prefix(self, prefix: str) -> None:
        """Prefixes do not apply."""

    def get_info(self) -> Any:
        """Nothing to introspect."""
        return {}

    def raw_match(self, path: str) -> bool:
        """Every path."""
        return True

    def __len__(self) -> int:
        return 1

    def __iter__(self) -> Iterator[AbstractRoute]:
        return iter((self._route,))
