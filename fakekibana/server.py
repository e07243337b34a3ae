"""FakeKibana: the app on its own event loop in a daemon thread, and a client of the control plane.

For synchronous tests and tools (requests, subprocess CLIs, a Kibana client under test). The
store is only ever touched on the server's loop: everything here goes through HTTP, so the
same client works against a fakekibana in a container.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from aiohttp import web

from fakekibana.app import create_app
from fakekibana.core.eventloop import loop_factory
from fakekibana.core.settings import Settings
from fakekibana.core.store import DEFAULT_SPACE, iso

# A test server stops quickly: requests still running after this are cancelled.
STOP_TIMEOUT = 1.0
# How long one control request may take (a delayed request is not a control request).
CONTROL_TIMEOUT = 10.0
_HEALTH_PATH = "/_fakekibana/health"


class ControlError(Exception):
    """A control request failed: the server is unreachable (status None) or refused it."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ServerError(AssertionError):
    """The fake failed while answering a request (a 500 it did not mean to send)."""


# Control requests go straight to the server, whatever HTTP_PROXY says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ControlClient:
    """The control plane of the fakekibana at `url`, over HTTP with the standard library.

    Pointed at a real Kibana, only `url`, `url_for` and `is_fake` are meaningful.
    """

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._is_fake: bool | None = None

    def url_for(self, path: str, space: str | None = None) -> str:
        """The full URL of a Kibana path, in a space when one other than the default is given."""
        if not path.startswith("/"):
            path = "/" + path
        if space is not None and space != DEFAULT_SPACE:
            path = f"/s/{space}{path}"
        return self.url + path

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Mapping[str, str | None] | None = None,
    ) -> Any:
        """One control request; its JSON answer (None for 204), or ControlError."""
        url = self.url + path
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with _OPENER.open(request, timeout=CONTROL_TIMEOUT) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            msg = f"{method} {path} answered {exc.code}: {detail}"
            raise ControlError(msg, exc.code) from None
        except OSError as exc:
            msg = f"fakekibana at {self.url} cannot be reached: {exc}"
            raise ControlError(msg) from None
        return json.loads(raw) if raw else None

    @property
    def is_fake(self) -> bool:
        """Whether the server has fakekibana's control plane (a real Kibana has not)."""
        if self._is_fake is None:
            try:
                self.call("GET", _HEALTH_PATH)
            except ControlError as exc:
                if exc.status is None:
                    raise
                self._is_fake = False
            else:
                self._is_fake = True
        return self._is_fake

    # --- state ------------------------------------------------------------------------------

    def reset(self, space: str | None = None) -> None:
        """Back to the start: everything (journal and errors too), or one space's connectors."""
        self.call("POST", "/_fakekibana/reset", query={"space": space})

    def seed(
        self, *connectors: Mapping[str, Any], space: str | None = None
    ) -> list[dict[str, Any]]:
        """Create connectors as POST /api/action would; each may name its `id` and `space`.

        Returns them as Kibana shows them (no secrets), with their space.
        """
        items = [{"space": space, **c} if space is not None else dict(c) for c in connectors]
        created: list[dict[str, Any]] = self.call("POST", "/_fakekibana/seed", items)["connectors"]
        return created

    def connectors(self, space: str | None = DEFAULT_SPACE) -> list[dict[str, Any]]:
        """The stored connectors of a space (of every space for None), secrets included."""
        stored: list[dict[str, Any]] = self.state()["connectors"]
        return [c for c in stored if space is None or c["space"] == space]

    def state(self) -> dict[str, Any]:
        """Everything stored, as GET /_fakekibana/state exports it."""
        document: dict[str, Any] = self.call("GET", "/_fakekibana/state")
        return document

    def load_state(self, document: Mapping[str, Any]) -> None:
        """Replace everything stored with an exported document."""
        self.call("PUT", "/_fakekibana/state", dict(document))

    # --- the journal ------------------------------------------------------------------------

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request recorded since the last reset, oldest first, secrets redacted."""
        return self.find_requests()

    def find_requests(
        self, method: str | None = None, path: str | None = None
    ) -> list[dict[str, Any]]:
        """The recorded requests with this method and path (exact, or a * pattern)."""
        found: list[dict[str, Any]] = self.call(
            "GET", "/_fakekibana/requests", query={"method": method, "path": path}
        )["requests"]
        return found

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self.call("DELETE", "/_fakekibana/requests")

    def assert_called(self, method: str, path: str, times: int = 1) -> list[dict[str, Any]]:
        """Fail unless exactly `times` requests had this method and path; returns them."""
        found = self.find_requests(method, path)
        if len(found) != times:
            seen = "\n".join(f"  {r['method']} {r['path']} -> {r['status']}" for r in self.requests)
            msg = (
                f"expected {times} {method.upper()} {path} request(s), got {len(found)}; "
                f"recorded:\n{seen or '  (none)'}"
            )
            raise AssertionError(msg)
        return found

    # --- faults and time --------------------------------------------------------------------

    def set_fault(self, connector_id: str, mode: str) -> None:
        """Make a connector's executions fail ("error", "retry" or "down", by type)."""
        path = f"/_fakekibana/connectors/{urllib.parse.quote(connector_id)}/fault"
        self.call("PUT", path, {"mode": mode})

    def clear_fault(self, connector_id: str) -> None:
        """Let a connector's executions succeed again."""
        self.call("DELETE", f"/_fakekibana/connectors/{urllib.parse.quote(connector_id)}/fault")

    def set_clock(self, now: datetime.datetime | str | None) -> None:
        """Fix the time executors report (None: the real time again)."""
        value = iso(now) if isinstance(now, datetime.datetime) else now
        self.call("PUT", "/_fakekibana/clock", {"now": value})

    # --- failures of the fake ---------------------------------------------------------------

    def errors(self) -> list[dict[str, Any]]:
        """Failures of the fake itself since the last reset."""
        found: list[dict[str, Any]] = self.call("GET", "/_fakekibana/errors")["errors"]
        return found

    def check(self) -> None:
        """Raise ServerError if the fake failed on any request since the last reset."""
        errors = self.errors()
        if errors:
            details = "\n".join(f"{e['method']} {e['path']}:\n{e['traceback']}" for e in errors)
            msg = f"fakekibana failed on {len(errors)} request(s):\n{details}"
            raise ServerError(msg)


class FakeKibana(ControlClient):
    """A fakekibana on a background thread: `with FakeKibana() as kibana: ... kibana.url`."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        event_loop: str = "auto",
    ) -> None:
        super().__init__("")
        self.settings = settings or Settings()
        # The thread's loop, as `fakekibana --event-loop` chooses it (core/eventloop.py).
        self._new_loop = loop_factory(event_loop)
        self.host = host
        self.port = port
        self._is_fake = True
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeKibana:
        """Listen, and return once the server answers; FakeKibanaError for bad settings."""
        if self._thread is not None:
            msg = "this FakeKibana is already running"
            raise RuntimeError(msg)
        app = create_app(self.settings)
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=STOP_TIMEOUT
        )
        loop = self._new_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._listen(runner))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the thread that called start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(runner.cleanup())
                pending = asyncio.all_tasks(loop)
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        thread = threading.Thread(target=run, name="fakekibana", daemon=True)
        thread.start()
        ready.wait()
        if failure:
            thread.join()
            raise failure[0]
        self._loop, self._thread = loop, thread
        host, port = runner.addresses[0][:2]
        self.url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        return self

    async def _listen(self, runner: web.AppRunner) -> None:
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()

    def stop(self) -> None:
        """Stop listening and end the thread (requests still running are cancelled)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        self._loop = self._thread = None

    @property
    def running(self) -> bool:
        """Whether the server is listening."""
        return self._thread is not None

    def __enter__(self) -> FakeKibana:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
