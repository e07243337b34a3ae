"""create_app(): the aiohttp application, and the one path every Kibana request takes.

The order of checks is hapi's lifecycle as Kibana 7.x configures it (reference core §3.2):
route lookup (404) -> authentication (401) -> payload parsing (413, 415, 400 bad JSON) ->
onPostAuth: kbn-xsrf (400), kbn-version (400), privilege (404) -> validation of query, then
body (400) -> handler: the actions plugin's licence check (403), then the actions client.
Errors are raised as KibanaError and rendered once, by the middleware.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware

from fakekibana import jsonio, messages
from fakekibana.actions import Kibana
from fakekibana.control import CONTROL, DELAY_HEADER, RAW_BODY, STATUS_HEADER, Control
from fakekibana.control import PREFIX as CONTROL_PREFIX
from fakekibana.errors import (
    BadRequest,
    InternalError,
    KibanaError,
    NotFound,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
)
from fakekibana.handlers import Call, get_status
from fakekibana.routes import ROUTES, SPACE_PREFIX, Route
from fakekibana.security import Principal, Security
from fakekibana.settings import Settings
from fakekibana.store import DEFAULT_SPACE, Clock, Ids, Store
from fakekibana.validation import Check, Invalid, SchemaSet

log = logging.getLogger("fakekibana")

KIBANA = web.AppKey("kibana", Kibana)
SECURITY = web.AppKey("security", Security)

# Strict mode (Settings.strict_responses, used by the test suite): every answer is checked
# against its documented response schema; a mismatch is the fake's own bug.
ResponseCheck = Callable[[str | None, int, Any], None]
RESPONSE_CHECK: web.AppKey[ResponseCheck] = web.AppKey("response_check")

# Kibana's server.maxPayloadBytes default (1 MiB); hapi refuses anything longer.
MAX_PAYLOAD = 1024 * 1024
# hapi's route payload timeout (10 s): a body that trickles in slower is refused with 408.
PAYLOAD_TIMEOUT = 10.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def schema_dir() -> Path:
    """schemas/: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).parent / "schemas"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "schemas"


# --- JSON out -----------------------------------------------------------------------------------


_JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> web.Response:
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


# --- payloads (hapi / subtext) ------------------------------------------------------------------

_CONTENT_TYPE = re.compile(r"([^/\s]+/[^\s;]+)(.*)?", re.DOTALL)
_BOUNDARY = re.compile(r';\s*boundary=(?:"([^"]+)"|([^;"\s]+))(?!")', re.IGNORECASE)


async def read_payload(request: web.Request) -> Any:
    """The parsed body, as hapi hands it to Kibana: JSON, text, form fields or raw bytes."""
    length = request.content_length
    if length is not None and length > MAX_PAYLOAD:
        raise PayloadTooLarge(messages.payload_too_large(MAX_PAYLOAD))
    try:
        if request.content.is_eof():
            # The whole body has arrived with the headers (the usual case): no timer needed.
            raw = await request.read()
        else:
            async with asyncio.timeout(PAYLOAD_TIMEOUT):
                raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise PayloadTooLarge(messages.payload_too_large(MAX_PAYLOAD)) from None
    except TimeoutError:
        raise RequestTimeout(messages.REQUEST_TIMEOUT) from None
    except web.RequestPayloadError:
        # The one payload error aiohttp raises once headers are accepted: a body that does not
        # decompress, which subtext refuses with a 400.
        raise BadRequest(messages.INVALID_COMPRESSED_PAYLOAD) from None
    except ConnectionResetError:
        # The client went away mid-body: wreck's Boom.internal('Payload stream closed
        # prematurely'), rendered to nobody. Not a fault of the fake, so nothing is logged.
        raise InternalError(messages.INTERNAL_ERROR) from None
    request[RAW_BODY] = raw  # for the request journal; decoded only if someone reads it
    header = request.headers.get("Content-Type")
    if not header:
        mime = "application/json"  # subtext's default when no (or an empty) Content-Type is sent
    else:
        # @hapi/content's type(): the media type, and a boundary for multipart types.
        match = _CONTENT_TYPE.fullmatch(header)
        if match is None:
            raise BadRequest(messages.INVALID_CONTENT_TYPE)
        mime = match.group(1).lower()
        if mime.startswith("multipart/") and not _BOUNDARY.search(match.group(2) or ""):
            raise BadRequest(messages.MULTIPART_WITHOUT_BOUNDARY)
    if mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json")):
        if not raw:
            return None
        try:
            return jsonio.loads(raw)
        except (ValueError, RecursionError):
            raise BadRequest(messages.INVALID_JSON) from None
    if mime.startswith("text/"):
        return raw.decode("utf-8", "replace")
    if mime == "application/x-www-form-urlencoded":
        form: dict[str, Any] = {}
        for key, value in parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True):
            if key in form:
                previous = form[key]
                form[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                form[key] = value
        return form
    if mime == "application/octet-stream":
        # subtext: a Buffer, or null when the payload is empty.
        return raw or None
    raise UnsupportedMediaType(messages.UNSUPPORTED_MEDIA_TYPE)


def _query_dict(request: web.Request) -> dict[str, Any]:
    """The query string as Node's querystring parses it: repeated keys become arrays."""
    query: dict[str, Any] = {}
    for key, value in request.query.items():
        if key in query:
            previous = query[key]
            query[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            query[key] = value
    return query


# --- the request path -------------------------------------------------------------------------


def _validate(check: Check, value: Any, namespace: str) -> Any:
    try:
        return check(value, ())
    except Invalid as failure:
        raise BadRequest(failure.format(namespace)) from None


def make_endpoint(
    route: Route,
    kibana: Kibana,
    security: Security,
    schemas: SchemaSet,
    control: Control,
    *,
    check_response: ResponseCheck | None = None,
) -> Handler:
    """The aiohttp handler for one route row."""
    body_check = schemas.validator(route.body_schema) if route.body_schema else None
    query_check = schemas.validator(route.query_schema) if route.query_schema else None
    safe_method = route.method in ("GET", "HEAD")
    # The 7.x legacy status route has `auth: false` when status.allowAnonymous is set.
    anonymous = route.handler is get_status and kibana.settings.status_allow_anonymous
    authenticate = security.enabled and not anonymous
    version = kibana.version
    handler, status, privilege = route.handler, route.status, route.privilege
    headers = kibana.headers

    async def endpoint(request: web.Request) -> web.StreamResponse:
        req_headers = request.headers
        if DELAY_HEADER in req_headers or STATUS_HEADER in req_headers:
            injected = await control.inject_faults(request)
            if injected is not None:
                return injected
        match = request.match_info
        space = match.get("space_id")
        if space is None:
            space = DEFAULT_SPACE
        elif space == DEFAULT_SPACE:
            # Kibana does not rewrite /s/default/..., so no route matches it.
            raise NotFound(messages.NOT_FOUND)
        principal: Principal | None = None
        if authenticate:
            principal = security.authenticate(request.headers.get("Authorization"))
        # hapi parses a payload for every method but GET and HEAD, even where the route
        # ignores it (DELETE): a malformed or oversized one is refused all the same.
        body = None if safe_method else await read_payload(request)
        requested_version = req_headers.get("kbn-version")
        if not safe_method and requested_version is None and "kbn-xsrf" not in req_headers:
            raise BadRequest(messages.XSRF_REQUIRED)
        # lifecycle_handlers.js: an empty kbn-version passes the xsrf check (the header is
        # present) and the version check (it is falsy).
        if requested_version and requested_version != version:
            raise BadRequest(
                messages.version_mismatch(requested_version, version),
                {"expected": version, "got": requested_version},
            )
        if principal is not None and privilege is not None:
            security.authorize(principal, space, privilege)
        query = _validate(query_check, _query_dict(request), "request query") if query_check else {}
        if body_check is not None:
            body = _validate(body_check, body, "request body")
        if privilege is not None:
            kibana.check_plugin_license()
        result = handler(kibana, Call(space, match.get("id", ""), query, body))
        if check_response is not None:
            check_response(route.name, status, jsonio.plain(result))
        return json_response(status, result, headers)

    return endpoint


def kibana_middleware(control: Control, *, journal: bool) -> Middleware:
    """The one middleware: Kibana-shaped errors, then the journal entry (before the answer).

    One layer instead of two: every aiohttp middleware costs every request a coroutine.
    """

    @web.middleware
    async def kibana(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not journal or request.path.startswith(CONTROL_PREFIX):
            return await kibana_errors(request, handler)
        try:
            response = await kibana_errors(request, handler)
        except web.HTTPException as exc:
            control.record(request, exc.status)
            raise
        control.record(request, response.status)
        return response

    return kibana


async def kibana_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Render every error in Kibana's Boom shape, with Kibana's headers."""
    try:
        response = await handler(request)
    except KibanaError as error:
        failure: KibanaError = error
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        # hapi has one routing table per method: an unknown method is an unknown route.
        failure = NotFound(messages.NOT_FOUND)
    except web.HTTPRequestEntityTooLarge:
        failure = PayloadTooLarge(messages.payload_too_large(MAX_PAYLOAD))
    except web.HTTPException:
        raise
    except Exception as error:
        log.exception("fakekibana failed on %s %s", request.method, request.path)
        # Kept for GET /_fakekibana/errors: the pytest plugin re-raises it in the test.
        request.app[CONTROL].record_error(request, error)
        failure = InternalError(messages.INTERNAL_ERROR)
    else:
        return _close_if_body_broken(request, response)
    body = failure.to_body()
    check_response = request.app.get(RESPONSE_CHECK)
    if check_response is not None:
        try:
            check_response(None, failure.status, body)
        except Exception as mismatch:  # the fake's own bug, kept for the test
            log.exception("fakekibana answered outside its contract on %s", request.path)
            request.app[CONTROL].record_error(request, mismatch)
            body = InternalError(messages.INTERNAL_ERROR).to_body()
            return json_response(500, body, request.app[KIBANA].headers)
    return _close_if_body_broken(
        request, json_response(failure.status, body, request.app[KIBANA].headers)
    )


def _close_if_body_broken(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    # A body that broke off mid-stream (bad gzip or deflate, read or not) cannot be skipped,
    # so aiohttp drops the connection after this answer: tell the client, or it would send
    # its next request on a dead keep-alive connection.
    if request.content.exception() is not None:
        response.force_close()
    return response


class _WithholdBadRequestDetails(logging.Filter):
    """aiohttp logs a request its HTTP parser refuses with the offending line quoted, and that
    line can be an Authorization header: keep the record, drop the quote."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], HttpProcessingError):
            name = type(record.exc_info[1]).__name__
            record.msg = "refused a malformed HTTP request (%s); its text is not logged"
            record.args = (name,)
            record.exc_info = None
            record.exc_text = None
        return True


_BAD_REQUEST_FILTER = _WithholdBadRequestDetails()
logging.getLogger("aiohttp.server").addFilter(_BAD_REQUEST_FILTER)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> web.Application:
    """The fake Kibana as an aiohttp application.

    Raises FakeKibanaError when the seed or state file named in the settings is unusable.
    """
    settings = settings or Settings()
    schemas = SchemaSet(schema_dir())
    store = store or Store(Ids(settings.random_seed), Clock(settings.clock))
    kibana = Kibana(settings, store, schemas)
    security = Security(settings.users, settings.api_keys)
    control = Control(kibana, settings)
    control.start()
    # Outermost first: the journal sees the final status, the state file is written before
    # any answer (errors included) leaves, injected faults answer before any Kibana check.
    middlewares: list[Middleware] = [kibana_middleware(control, journal=settings.journal_size > 0)]
    if settings.state_file is not None:
        middlewares.insert(1, control.persist_changes)
    app = web.Application(middlewares=middlewares, client_max_size=MAX_PAYLOAD + 1)
    app[KIBANA] = kibana
    app[SECURITY] = security
    app[CONTROL] = control
    app.router.add_routes(control.routes())
    check_response: ResponseCheck | None = None
    if settings.strict_responses:
        from fakekibana.contract import make_response_checker  # noqa: PLC0415 - tests only

        check_response = make_response_checker(schemas)
        app[RESPONSE_CHECK] = check_response
    for route in ROUTES:
        endpoint = make_endpoint(
            route, kibana, security, schemas, control, check_response=check_response
        )
        # hapi answers HEAD with a GET route (without the body).
        methods = ("GET", "HEAD") if route.method == "GET" else (route.method,)
        for path in route.paths:
            for full in (path, SPACE_PREFIX + path):
                for method in methods:
                    app.router.add_route(method, full, endpoint)
    return app
