"""What the core asks of a Kibana area (connectors, status, ...): routes, store, controls.

An area is one Kibana plugin's API as a release serves it. It is built for one app from an
AreaContext and answers with plain data; the core turns its routes into HTTP endpoints, its
store into the state document, and its errors into Boom bodies. The core never names an area.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from aiohttp import web

from fakekibana.core.configschema import SchemaSet
from fakekibana.core.security import Principal
from fakekibana.core.settings import Settings
from fakekibana.core.store import Shared
from fakekibana.core.versions import KibanaVersion

# Every Kibana route is also served under /s/{space_id} (a space id: lower-case letters,
# digits, _ and -).
SPACE_PREFIX = r"/s/{space_id:[a-z0-9_\-]+}"


@dataclasses.dataclass(slots=True)
class Call:
    """A validated request: its space, the `id` path parameter, query and body.

    `principal` is who made it when security is on (None when it is off, or when a route with
    optional authentication was called without credentials). Handlers read it and never set
    it; it is not frozen because a frozen dataclass's __init__ (object.__setattr__ per field)
    costs 0.7 us more on every request (issue 10).
    """

    space: str
    id: str
    query: dict[str, Any]
    body: Any
    principal: Principal | None = None
    # The path's other parameters (a route with two, e.g. cases' {id}/connector/{connector_id}).
    params: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Reply:
    """An answer that is not JSON (an HTML page, a script, a redirect), returned by a handler
    as it is: its status, body, content type and any other headers."""

    status: int
    body: bytes
    content_type: str  # "" for an empty answer without one
    headers: tuple[tuple[str, str], ...] = ()


Handler = Callable[[Call], Any]


@dataclasses.dataclass(frozen=True)
class Route:
    """One operation: method, paths, handler, and what the core must check before it."""

    method: str
    paths: tuple[str, ...]
    # Kibana's operation name: the stem of its schema files and of its OpenAPI operation ids.
    name: str
    handler: Handler
    # schemas/<folder>/<name>.request.json, .query.json and .response.json describe it.
    schema_folder: str
    # 'read' or 'all': the Kibana privilege security checks in the request's space;
    # 'global_read' or 'global_all' for Kibana's global base privileges; None for routes that
    # need none.
    privilege: str | None
    # The plugin's own licence check, which Kibana's route handlers run first (403).
    license_check: Callable[[], None] | None = None
    status: int = 200
    query: bool = False
    # Served without credentials even when security is on (status.allowAnonymous).
    anonymous: bool = False
    # The OpenAPI tag.
    tag: str = ""
    # The Kibana plugin whose access tag the privilege is (access:<plugin>-<privilege>).
    plugin: str = ""
    # 7.x's access tag where it is not access:<plugin>-<privilege> (an API privilege of its
    # own, as the copy routes' access:copySavedObjectsToSpaces).
    access: str = ""
    # Operations a 200 answer's `id` leads to (OpenAPI links, which Schemathesis follows).
    links: tuple[str, ...] = ()
    # Validation of the `id` path parameter, run before the query and body (Kibana validates
    # params first); raises KibanaError.
    check_id: Callable[[str], None] | None = None
    # Kibana's authRequired: 'optional' (8.x /api/status): without an Authorization header the
    # handler runs with no principal; credentials that are sent must be valid (401).
    auth_optional: bool = False
    # The 403 text of a missing privilege on routes whose authorization is 8.x's
    # `requiredPrivileges` (7.x's access tags answer 404 Not Found instead); `{api}` in it
    # stands for the request's `<METHOD> <path>[?query]`, as Kibana's text names it.
    forbidden: str | None = None
    # A release's own request and query schema files: <name><variant>.request.json (the answers
    # of every release share <name>.response.json).
    variant: str = ""
    # Headers a successful answer carries besides Kibana's own (a deprecated route's `warning`).
    headers: tuple[tuple[str, str], ...] = ()
    # The body is multipart/form-data (hapi's `body.accepts`): the handler gets the form's
    # fields (fakekibana.core.multipart) and checks them itself; other types are a 415.
    multipart: bool = False
    # hapi's route `body.maxBytes`, where it is not server.maxPayloadBytes.
    max_bytes: int | None = None

    @property
    def body_schema(self) -> str | None:
        """schemas/<file> validating the body, for methods that carry one (not multipart)."""
        if self.method in ("POST", "PUT") and not self.multipart:
            return f"{self.schema_folder}/{self.name}{self.variant}.request.json"
        return None

    @property
    def query_schema(self) -> str | None:
        """schemas/<file> validating the query string, where the route declares one."""
        if not self.query:
            return None
        return f"{self.schema_folder}/{self.name}{self.variant}.query.json"

    @property
    def response_schema(self) -> str:
        """schemas/<file> documenting the answers, one $defs entry per status code."""
        return f"{self.schema_folder}/{self.name}.response.json"


@dataclasses.dataclass(frozen=True)
class AreaContext:
    """What an area is built from: the settings, the release, and what the areas share."""

    settings: Settings
    version: KibanaVersion
    shared: Shared
    schemas: SchemaSet
    # This Kibana's identity: its uuid and when it started.
    uuid: str
    started: datetime.datetime


class AreaStore(Protocol):
    """What an area keeps, reset by construction and written to the state document."""

    def reset(self, space: str | None = None) -> None:
        """Forget everything, or one space's objects."""

    def export(self) -> dict[str, Any]:
        """The area's keys of the state document, in their order."""

    def prepare_import(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check the area's keys of a state document; the returned function applies them.

        Raises StateError naming the bad part; nothing changes until the function is called.
        """

    def state_keys(self) -> tuple[str, ...]:
        """The keys of the state document this store writes."""


class Area:
    """One Kibana area as a release serves it; the defaults are an area without state."""

    name = ""
    store: AreaStore | None = None
    # The key of a seed document (and of POST /_fakekibana/seed) this area reads, if any.
    seed_key: str | None = None

    def routes(self) -> Sequence[Route]:
        """The Kibana routes, static paths before `{id}` paths."""
        return ()

    def control_routes(self) -> Sequence[web.RouteDef]:
        """The area's own /_fakekibana/ endpoints."""
        return ()

    def seed(self, document: Any, where: str, space: str | None = None) -> list[dict[str, Any]]:
        """Create objects from the area's part of a seed document (only `space`'s if given).

        Raises StateError naming the bad part; nothing is created unless all of it is good.
        """
        return []
