"""The aiohttp adapter: the one path every Kibana request takes, and the app around it.

The order of checks is hapi's lifecycle as Kibana 7.x configures it (reference core §3.2):
route lookup (404) -> authentication (401) -> payload parsing (413, 415, 400 bad JSON) ->
onPostAuth: kbn-xsrf (400), kbn-version (400), privilege (404) -> validation of query, then
body (400) -> handler: the plugin's licence check (403), then the area's operation.
Errors are raised as KibanaError and rendered once, by the guard around every handler. The
adapter knows routes as the areas declare them, never an area by name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from aiohttp import web
from multidict import CIMultiDict, istr

from fakekibana.core import jsonio, messages
from fakekibana.core import server_log as _server_log  # noqa: F401 - installs its filter
from fakekibana.core.area import SPACE_PREFIX, Area, AreaContext, Call, Reply, Route
from fakekibana.core.configschema import Check, Invalid
from fakekibana.core.control import CONTROL, DELAY_HEADER, STATUS_HEADER, Control
from fakekibana.core.control import PREFIX as CONTROL_PREFIX
from fakekibana.core.errors import (
    BadRequest,
    InternalError,
    KibanaError,
    NotFound,
    PayloadTooLarge,
)
from fakekibana.core.payload import MAX_PAYLOAD, query_dict, read_payload
from fakekibana.core.router import KibanaRoutes
from fakekibana.core.security import Principal, Security
from fakekibana.core.store import DEFAULT_SPACE
from fakekibana.core.unrouted import Unrouted

log = logging.getLogger("fakekibana")

SECURITY = web.AppKey("security", Security)
# The headers on every Kibana answer, and the areas the app serves (by name, for tests).
HEADERS: web.AppKey[dict[str, str]] = web.AppKey("headers")
AREAS: web.AppKey[dict[str, Area]] = web.AppKey("areas")
# Every Kibana route, as the app looks them up (core/router.py).
ROUTES = web.AppKey("kibana_routes", KibanaRoutes)

# Strict mode (Settings.strict_responses, used by the test suite): every answer is checked
# against its documented response schema (by route name; None for a rendered error); a
# mismatch is the fake's own bug.
ResponseCheck = Callable[[str | None, int, Any], None]
RESPONSE_CHECK: web.AppKey[ResponseCheck] = web.AppKey("response_check")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def kibana_headers(server_name: str) -> dict[str, str]:
    """Headers on every response: kbn-name (server.name), and hapi's default cache-control.

    Route cache `otherwise: 'no-cache'`; the 7.7 build's http_tools.js sets no other.
    """
    return {
        "kbn-name": server_name,
        "cache-control": "no-cache",
        # Every Kibana answer with a body is JSON; json_response drops it for a 204.
        "Content-Type": "application/json; charset=utf-8",
    }


# --- JSON out -----------------------------------------------------------------------------------


_JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def json_response(
    status: int, payload: Any, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON answer with the headers every Kibana response carries."""
    if status == 204:
        if headers is not None:
            headers = {k: v for k, v in headers.items() if k != "Content-Type"}
        return web.Response(status=204, headers=headers)
    if headers is None:
        headers = _JSON_HEADERS
    elif "Content-Type" not in headers:
        headers = {**headers, **_JSON_HEADERS}
    return web.Response(body=jsonio.dumps(payload), status=status, headers=headers)


# --- the request path -------------------------------------------------------------------------
# Route.forbidden texts may name the request: `API [<METHOD> <path><search>]` (8.x authz's
# refusal, x-pack security api_authorization.ts: request.route.method, url.pathname and
# url.search), the path after the Spaces plugin has taken its /s/<space> prefix off (DERIVED).
API_PLACEHOLDER = "{api}"
_SPACE_PATH = re.compile(r"^/s/[a-z0-9_\-]+(?=/)")


# Request headers looked up on every request, as multidict's case-insensitive keys (a plain str
# is folded on every lookup).
_DELAY, _STATUS = istr(DELAY_HEADER), istr(STATUS_HEADER)
_AUTHORIZATION, _KBN_VERSION, _KBN_XSRF = (
    istr("Authorization"),
    istr("kbn-version"),
    istr("kbn-xsrf"),
)


def _api_of(request: web.Request, method: str) -> str:
    path, mark, search = request.raw_path.partition("?")
    return f"{method} {_SPACE_PATH.sub('', path, count=1)}{mark}{search}"


def _validate(check: Check, value: Any, namespace: str) -> Any:
    try:
        return check(value, ())
    except Invalid as failure:
        raise BadRequest(failure.format(namespace)) from None


# A path's parameter names; {id} and {space_id} have places of their own in Call.
_PATH_PARAM = re.compile(r"\{([A-Za-z_]+)[^}]*\}")
_OWN_PARAMS = frozenset(("id", "space_id"))


def make_endpoint(
    route: Route,
    context: AreaContext,
    security: Security,
    control: Control,
    headers: dict[str, str],
    *,
    check_response: ResponseCheck | None = None,
) -> Handler:
    """The aiohttp handler for one route row."""
    schemas = context.schemas
    # Compiled on the route's first request: start-up compiles nothing it does not answer.
    body_check: Check | None = None
    query_check: Check | None = None
    body_schema, query_schema = route.body_schema, route.query_schema
    safe_method = route.method in ("GET", "HEAD")
    authenticate = security.enabled and not route.anonymous
    version = context.version.number
    # Kibana 7.x does not rewrite /s/default/..., so no route matches it.
    default_prefix_served = context.version.has("spaces.default_prefix_served")
    handler, status, privilege = route.handler, route.status, route.privilege
    check_id = route.check_id
    license_check = route.license_check
    auth_optional, forbidden = route.auth_optional, route.forbidden
    name = route.name
    multipart, max_bytes = route.multipart, route.max_bytes or MAX_PAYLOAD
    # A deprecated route's `warning` (Kibana's onPreResponse adds it to the route's answers).
    # Built once: aiohttp copies a CIMultiDict into each answer faster than it reads a dict.
    answer = CIMultiDict({**headers, **dict(route.headers)} if route.headers else headers)
    # Path parameters besides {id} and {space_id} go to Call.params.
    more = any(set(_PATH_PARAM.findall(path)) - _OWN_PARAMS for path in route.paths)

    async def endpoint(request: web.Request) -> web.StreamResponse:
        req_headers = request.headers
        if _DELAY in req_headers or _STATUS in req_headers:
            injected = await control.inject_faults(request)
            if injected is not None:
                return injected
        match = request.match_info
        space = match.get("space_id")
        if space is None:
            space = DEFAULT_SPACE
        elif space == DEFAULT_SPACE and not default_prefix_served:
            raise NotFound(messages.NOT_FOUND)
        principal: Principal | None = None
        if authenticate:
            authorization = req_headers.get(_AUTHORIZATION)
            # authRequired 'optional': no credentials is an anonymous call, wrong ones a 401.
            if authorization is not None or not auth_optional:
                principal = security.authenticate(authorization)
        # hapi parses a payload for every method but GET and HEAD, even where the route
        # ignores it (DELETE): a malformed or oversized one is refused all the same.
        body = (
            None
            if safe_method
            else await read_payload(request, multipart=multipart, max_bytes=max_bytes)
        )
        requested_version = req_headers.get(_KBN_VERSION)
        if not safe_method and requested_version is None and _KBN_XSRF not in req_headers:
            raise BadRequest(messages.XSRF_REQUIRED)
        # lifecycle_handlers.js: an empty kbn-version passes the xsrf check (the header is
        # present) and the version check (it is falsy).
        if requested_version and requested_version != version:
            raise BadRequest(
                messages.version_mismatch(requested_version, version),
                {"expected": version, "got": requested_version},
            )
        if principal is not None and privilege is not None:
            refusal = forbidden
            if refusal is not None and API_PLACEHOLDER in refusal:
                refusal = refusal.replace(API_PLACEHOLDER, _api_of(request, route.method))
            security.authorize(principal, space, privilege, refusal)
        nonlocal body_check, query_check
        if check_id is not None:
            check_id(match.get("id", ""))
        if query_schema is not None:
            if query_check is None:
                query_check = schemas.validator(query_schema)
            query = _validate(query_check, query_dict(request), "request query")
        else:
            query = {}
        if body_schema is not None:
            if body_check is None:
                body_check = schemas.validator(body_schema)
            body = _validate(body_check, body, "request body")
        if license_check is not None:
            license_check()
        params = {k: v for k, v in match.items() if k not in _OWN_PARAMS} if more else {}
        result = handler(Call(space, match.get("id", ""), query, body, principal, params))
        if type(result) is Reply:
            # Not JSON: Kibana's headers, the reply's own content type and headers.
            # An empty content type: an empty answer without one (hapi's empty payload).
            sent = {**headers, "Content-Type": result.content_type, **dict(result.headers)}
            if not result.content_type:
                del sent["Content-Type"]
            body = result.body or None
            return web.Response(body=body, status=result.status, headers=sent)
        if check_response is not None:
            check_response(name, status, jsonio.plain(result))
        return json_response(status, result, answer)

    if not route.headers:
        return endpoint
    route_headers = route.headers

    async def with_headers(request: web.Request) -> web.StreamResponse:
        # Kibana adds a route's headers in onPreResponse, so its refusals carry them too.
        try:
            return await endpoint(request)
        except KibanaError as error:
            error.headers = route_headers
            raise

    return with_headers


def guard(handler: Handler, control: Control, *, kibana: bool | None, journal: bool) -> Handler:
    """A handler wrapped in what every answer needs: Kibana-shaped errors, the state file
    written before a change is acknowledged, and for a Kibana route (`kibana`; None: decided
    by the path, for the catch-all) hapi's request counters and the journal entry.

    Wrapped into every route rather than run as aiohttp middleware: a middleware costs every
    request a chain of coroutines (about 4% of a connector get, issue 10).
    """
    # hapi's request counters, which Kibana's status and stats pages report.
    served = control.shared.served
    persist = control.persistence.state_file is not None

    async def guarded(request: web.Request) -> web.StreamResponse:
        # One coroutine for the whole wrapper: each await of another costs every request.
        counted = kibana or (kibana is None and not request.path.startswith(CONTROL_PREFIX))
        started = served.start() if counted else 0.0
        status = 0
        try:
            try:
                response = await handler(request)
            except BaseException as error:  # noqa: BLE001 - rendered, or raised on by _failure_response
                if persist:
                    control.persistence.flush()
                response = _failure_response(request, error)
            else:
                if persist:
                    # Executors change the store without telling it; any successful change is
                    # saved.
                    changed = request.method not in ("GET", "HEAD") and response.status < 400
                    control.persistence.flush(changed)
            if request.content.exception() is not None:
                # A body that broke off mid-stream (bad gzip or deflate, read or not) cannot be
                # skipped, so aiohttp drops the connection after this answer: tell the client,
                # or it would send its next request on a dead keep-alive connection.
                response.force_close()
            status = response.status
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            if counted:
                # No status: the client went away before an answer (hapi's disconnect).
                served.finish(status, started)
                if journal and status:
                    control.record(request, status)
        return response

    return guarded


def _failure_response(request: web.Request, error: BaseException) -> web.StreamResponse:
    """Every error in Kibana's Boom shape, with Kibana's headers; aiohttp's own answers (and
    cancellation) are raised on."""
    if isinstance(error, KibanaError):
        failure: KibanaError = error
    elif isinstance(error, web.HTTPNotFound | web.HTTPMethodNotAllowed):
        # hapi has one routing table per method: an unknown method is an unknown route.
        failure = NotFound(messages.NOT_FOUND)
    elif isinstance(error, web.HTTPRequestEntityTooLarge):
        failure = PayloadTooLarge(messages.payload_too_large(MAX_PAYLOAD))
    elif isinstance(error, web.HTTPException) or not isinstance(error, Exception):
        raise error
    else:
        log.exception("fakekibana failed on %s %s", request.method, request.path, exc_info=error)
        # Kept for GET /_fakekibana/errors: the pytest plugin re-raises it in the test.
        request.app[CONTROL].record_error(request, error)
        failure = InternalError(messages.INTERNAL_ERROR)
    body = failure.to_body()
    check_response = request.app.get(RESPONSE_CHECK)
    if check_response is not None:
        try:
            check_response(None, failure.status, body)
        except Exception as mismatch:  # the fake's own bug, kept for the test
            log.exception("fakekibana answered outside its contract on %s", request.path)
            request.app[CONTROL].record_error(request, mismatch)
            body = InternalError(messages.INTERNAL_ERROR).to_body()
            return json_response(500, body, request.app[HEADERS])
    headers = request.app[HEADERS]
    if failure.headers:
        headers = {**headers, **dict(failure.headers)}
    return json_response(failure.status, body, headers)


async def _unknown_route(request: web.Request) -> web.StreamResponse:
    # hapi has one routing table per method: an unknown path or method is a 404.
    raise NotFound(messages.NOT_FOUND)


def build_app(context: AreaContext, areas: Sequence[Area]) -> web.Application:
    """The aiohttp application serving these areas' routes and the control plane.

    Raises FakeKibanaError when the seed or state file named in the settings is unusable.
    """
    settings = context.settings
    headers = kibana_headers(settings.server_name)
    routes = [route for area in areas for route in area.routes()]
    security = Security(settings.users, settings.api_keys)
    control = Control(areas, context.shared, settings, routes, headers)
    control.start()
    journal = settings.journal_size > 0
    # aiohttp reads up to the largest body any route takes; each route checks its own limit.
    largest = max([MAX_PAYLOAD, *(route.max_bytes or 0 for route in routes)])
    app = web.Application(client_max_size=largest + 1)
    app[HEADERS] = headers
    app[AREAS] = {area.name: area for area in areas}
    app[SECURITY] = security
    app[CONTROL] = control
    app.router.add_routes(
        web.RouteDef(
            row.method,
            row.path,
            guard(row.handler, control, kibana=False, journal=journal),
            row.kwargs,
        )
        for row in control.routes()
    )
    check_response: ResponseCheck | None = None
    if settings.strict_responses:
        from fakekibana.core.contract import ResponseChecker  # noqa: PLC0415 - tests only

        checker: ResponseCheck = ResponseChecker(context.schemas, routes)
        app[RESPONSE_CHECK] = check_response = checker
    kibana_routes = KibanaRoutes()
    for route in routes:
        endpoint = guard(
            make_endpoint(
                route, context, security, control, headers, check_response=check_response
            ),
            control,
            kibana=True,
            journal=journal,
        )
        # hapi answers HEAD with a GET route (without the body).
        methods = ("GET", "HEAD") if route.method == "GET" else (route.method,)
        for path in route.paths:
            for full in (path, SPACE_PREFIX + path):
                for method in methods:
                    kibana_routes.add(method, full, endpoint)
    kibana_routes.install(app.router, CONTROL_PREFIX)
    app[ROUTES] = kibana_routes
    # Last: what no route above serves (any path, any method) is hapi's 404.
    app.router.register_resource(
        Unrouted(guard(_unknown_route, control, kibana=None, journal=journal))
    )
    return app
