"""The control plane: test-only endpoints under /_fakekibana/, and the middlewares behind them.

Kibana never uses this prefix. Control endpoints skip Kibana's checks (kbn-xsrf, kbn-version,
security) and are not written to the request journal. Their errors still come in Boom's shape.
"""

from __future__ import annotations

import asyncio
import http
import importlib
import json
import traceback
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from fakekibana import __version__
from fakekibana.core import jsonio, messages
from fakekibana.core.errors import BadRequest, FakeKibanaError
from fakekibana.core.journal import Journal, redact_text
from fakekibana.core.persistence import SPACE_ID, Persistence, StateError, import_state, seed
from fakekibana.core.settings import Settings, parse_time
from fakekibana.core.store import Shared, iso

if TYPE_CHECKING:
    from fakekibana.core.area import Area, Route

PREFIX = "/_fakekibana/"
# Where read_payload leaves the raw body for the journal.
RAW_BODY = web.RequestKey("raw_body", bytes)
# Per-request faults: wait this many milliseconds first; answer this status instead.
DELAY_HEADER = "X-Fakekibana-Delay"
STATUS_HEADER = "X-Fakekibana-Status"
MAX_DELAY_MS = 60_000
# Server-side failures kept for GET /_fakekibana/errors; more are counted, not kept.
MAX_ERRORS = 100

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def control_json(payload: Any, status: int = 200) -> web.Response:
    """A control endpoint's JSON answer (204: none)."""
    if status == 204:
        return web.Response(status=204)
    return web.Response(body=jsonio.dumps(payload), status=status, content_type="application/json")


async def read_control_json(request: web.Request) -> Any:
    """A control request's JSON body (None when empty); 400 if it is not JSON."""
    try:
        raw = await request.read()
    except web.RequestPayloadError:
        # A body that does not decompress: the same 400 as Kibana's routes give it.
        raise BadRequest(messages.INVALID_COMPRESSED_PAYLOAD) from None
    try:
        return json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        raise BadRequest(messages.INVALID_JSON) from None


def _space_param(request: web.Request) -> str | None:
    space = request.query.get("space")
    if space is not None and not SPACE_ID.fullmatch(space):
        msg = f"[request query.space]: {space!r} is not a space id"
        raise BadRequest(msg)
    return space


def injected_body(status: int) -> dict[str, Any]:
    """Boom's body for a status asked for with X-Fakekibana-Status."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"  # Boom's word for a code Node does not name
    reason = messages.REASONS.get(status, phrase)
    # Boom hides the message of a 500 behind its generic text; Kibana adds the period.
    message = messages.INTERNAL_ERROR if status == 500 else reason
    return {"statusCode": status, "error": reason, "message": message}


def _parse_fault_header(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        msg = f"{name} must be a whole number from {low} to {high}, got {value!r}"
        raise BadRequest(msg)
    return number


class Control:
    """One app's control plane: the journal, server-side errors, saved state and faults."""

    def __init__(
        self,
        areas: Sequence[Area],
        shared: Shared,
        settings: Settings,
        routes: Sequence[Route],
        headers: dict[str, str],
    ) -> None:
        self.areas = areas
        self.shared = shared
        self.settings = settings
        # What the OpenAPI document describes, and the headers of an injected answer.
        self.kibana_routes = routes
        self.headers = headers
        self.journal = Journal(settings.journal_size, shared.clock)
        self.persistence = Persistence(areas, shared, settings.seed_file, settings.state_file)
        self.errors: list[dict[str, Any]] = []
        self.errors_dropped = 0

    def start(self) -> None:
        """Load the seed or state file; FakeKibanaError if either is unusable."""
        self.persistence.start()

    def routes(self) -> list[web.RouteDef]:
        """Every control endpoint."""
        return [
            web.get(PREFIX + "health", self.health),
            web.post(PREFIX + "reset", self.reset),
            web.get(PREFIX + "requests", self.list_requests),
            web.delete(PREFIX + "requests", self.clear_requests),
            web.get(PREFIX + "errors", self.list_errors),
            web.get(PREFIX + "state", self.get_state),
            web.put(PREFIX + "state", self.put_state),
            web.post(PREFIX + "seed", self.seed),
            web.get(PREFIX + "clock", self.get_clock),
            web.put(PREFIX + "clock", self.set_clock),
            web.get(PREFIX + "openapi.json", self.openapi),
            *(route for area in self.areas for route in area.control_routes()),
        ]

    # --- failures in the fake itself ----------------------------------------------------------

    def record_error(self, request: web.Request, error: BaseException) -> None:
        """Keep a failure of the fake (a 500 it did not mean) for the test to re-raise."""
        if len(self.errors) >= MAX_ERRORS:
            self.errors_dropped += 1
            return
        self.errors.append(
            {
                "method": request.method,
                "path": request.path,
                "error": redact_text(f"{type(error).__name__}: {error}"),
                "traceback": redact_text("".join(traceback.format_exception(error))),
            }
        )

    # --- the journal -----------------------------------------------------------------------------

    def record(self, request: web.Request, status: int) -> None:
        """Journal a Kibana request (called before its answer is sent)."""
        self.journal.record(
            method=request.method,
            url=request.rel_url,
            headers=request.headers,
            body=request.get(RAW_BODY),
            status=status,
        )

    async def inject_faults(self, request: web.Request) -> web.StreamResponse | None:
        """X-Fakekibana-Delay waits (without blocking others); X-Fakekibana-Status answers.

        Called first by every Kibana route (before any Kibana check), only when one of the
        two headers is present; None means: carry on.
        """
        headers = request.headers
        delay = headers.get(DELAY_HEADER)
        status = headers.get(STATUS_HEADER)
        wait = _parse_fault_header(DELAY_HEADER, delay, 0, MAX_DELAY_MS) if delay else 0
        code = _parse_fault_header(STATUS_HEADER, status, 400, 599) if status else None
        if wait:
            await asyncio.sleep(wait / 1000)
        if code is None:
            return None
        body = json.dumps(injected_body(code), separators=(",", ":"))
        return web.Response(body=body.encode(), status=code, headers=self.headers)

    # --- endpoints ----------------------------------------------------------------------------

    async def health(self, request: web.Request) -> web.StreamResponse:
        """The fake is up (Kibana's own readiness is GET /api/status)."""
        return control_json(
            {"status": "ok", "fakekibana": __version__, "kibana": self.settings.kibana_version}
        )

    async def reset(self, request: web.Request) -> web.StreamResponse:
        """Back to the start: everything (journal and errors too), or one space's connectors."""
        space = _space_param(request)
        try:
            self.persistence.reset(space)
        except StateError as failure:
            raise BadRequest(str(failure)) from None
        if space is None:
            self.journal.clear()
            self.errors.clear()
            self.errors_dropped = 0
        return control_json(None, 204)

    async def list_requests(self, request: web.Request) -> web.StreamResponse:
        """The journal, newest last, filtered by ?method= and ?path= (* patterns allowed)."""
        query = request.query
        entries = self.journal.select(query.get("method"), query.get("path"))
        return control_json(
            {"requests": [entry.view() for entry in entries], "dropped": self.journal.dropped}
        )

    async def clear_requests(self, request: web.Request) -> web.StreamResponse:
        """Empty the journal."""
        self.journal.clear()
        return control_json(None, 204)

    async def list_errors(self, request: web.Request) -> web.StreamResponse:
        """Failures of the fake itself since the last reset."""
        return control_json({"errors": self.errors, "dropped": self.errors_dropped})

    async def get_state(self, request: web.Request) -> web.StreamResponse:
        """Everything stored, secrets included."""
        return control_json(self.persistence.export())

    async def put_state(self, request: web.Request) -> web.StreamResponse:
        """Replace everything stored with an exported document."""
        document = await read_control_json(request)
        try:
            import_state(self.areas, self.shared, document)
        except StateError as failure:
            raise BadRequest(str(failure)) from None
        return control_json(None, 204)

    async def seed(self, request: web.Request) -> web.StreamResponse:
        """Create objects (with chosen ids and spaces) as Kibana's create routes would."""
        document = await read_control_json(request)
        try:
            created = seed(self.areas, document)
        except StateError as failure:
            raise BadRequest(str(failure)) from None
        return control_json(created)

    def _clock_view(self) -> dict[str, Any]:
        fixed = self.shared.clock.fixed
        return {"now": iso(fixed) if fixed else None}

    async def get_clock(self, request: web.Request) -> web.StreamResponse:
        """The fixed time, or null when the real time is used."""
        return control_json(self._clock_view())

    async def set_clock(self, request: web.Request) -> web.StreamResponse:
        """Fix the time executors and the status page report: {"now": ISO 8601 | null}."""
        body = await read_control_json(request)
        if not isinstance(body, dict) or set(body) != {"now"}:
            raise BadRequest('[request body]: expected {"now": <ISO 8601 time or null>}')
        now = body["now"]
        clock = self.shared.clock
        if now is None:
            clock.fixed = None
        elif not isinstance(now, str):
            msg = f"[request body.now]: expected an ISO 8601 time or null, got {json.dumps(now)}"
            raise BadRequest(msg)
        else:
            try:
                clock.fixed = parse_time(now)
            except FakeKibanaError as failure:
                raise BadRequest(f"[request body.now]: {failure}") from None
        self.shared.changed()
        return control_json(self._clock_view())

    async def openapi(self, request: web.Request) -> web.StreamResponse:
        """The OpenAPI document of what fakekibana serves."""
        # Imported on demand: the document is built only when someone asks for it.
        openapi = importlib.import_module("fakekibana.core.openapi")
        return control_json(
            openapi.build_document(self.kibana_routes, self.settings.kibana_version)
        )


CONTROL: web.AppKey[Control] = web.AppKey("control", Control)
