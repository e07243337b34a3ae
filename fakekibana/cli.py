"""The command line: `fakekibana [options]` and `python -m fakekibana`.

Every option has a FAKEKIBANA_* environment fallback; a --config kibana.yml is read first,
then environment variables, then flags, each overriding the one before.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime
import gc
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fakekibana.core.errors import FakeKibanaError
from fakekibana.core.eventloop import CHOICES, EventLoopUnavailable, loop_factory, loop_name
from fakekibana.core.security import parse_principal
from fakekibana.core.settings import LICENSES, Settings, load_kibana_yml, parse_time
from fakekibana.core.versions import DEFAULT_VERSION, parse_version, supported_text

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger("fakekibana")

# How long a graceful stop waits for requests in flight.
SHUTDOWN_TIMEOUT = 10.0
# Idle keep-alive connections are closed after this many seconds.
KEEPALIVE_TIMEOUT = 75.0
# --healthcheck gives up after this many seconds (Docker's own timeout is longer).
HEALTHCHECK_TIMEOUT = 3.0


def _env(name: str) -> str | None:
    value = os.environ.get("FAKEKIBANA_" + name)
    return value if value else None


def _csv(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def _time(text: str) -> datetime.datetime:
    try:
        return parse_time(text)
    except FakeKibanaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _size(text: str) -> int:
    value = int(text)
    if value < 0:
        msg = f"must be 0 or more, got {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def build_parser(*, exit_on_error: bool = True) -> argparse.ArgumentParser:
    """The argument parser; defaults come from FAKEKIBANA_* variables where set."""
    parser = argparse.ArgumentParser(
        prog="fakekibana",
        description="A fake Kibana HTTP server for tests.",
        exit_on_error=exit_on_error,
    )
    parser.add_argument(
        "--host",
        default=_env("HOST") or "127.0.0.1",
        help="address to listen on (FAKEKIBANA_HOST; default 127.0.0.1)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(_env("PORT") or 5601),
        help="port; 0 picks a free one (FAKEKIBANA_PORT; default 5601)",
    )
    parser.add_argument(
        "--kibana-version",
        default=_env("KIBANA_VERSION") or DEFAULT_VERSION,
        help=f"the Kibana release to answer as, X.Y.Z: {supported_text()} "
        f"(FAKEKIBANA_KIBANA_VERSION; default {DEFAULT_VERSION})",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=_env("CONFIG"),
        help="a kibana.yml to read xpack.actions settings from (FAKEKIBANA_CONFIG)",
    )
    parser.add_argument(
        "--whitelisted-hosts",
        type=_csv,
        default=_env("WHITELISTED_HOSTS"),
        help="comma-separated xpack.actions.whitelistedHosts "
        "(FAKEKIBANA_WHITELISTED_HOSTS; default *)",
    )
    parser.add_argument(
        "--allowed-hosts",
        type=_csv,
        default=_env("ALLOWED_HOSTS"),
        help="comma-separated xpack.actions.allowedHosts, 8.x's name for --whitelisted-hosts "
        "(FAKEKIBANA_ALLOWED_HOSTS; default *)",
    )
    parser.add_argument(
        "--enabled-action-types",
        type=_csv,
        default=_env("ENABLED_ACTION_TYPES"),
        help="comma-separated xpack.actions.enabledActionTypes "
        "(FAKEKIBANA_ENABLED_ACTION_TYPES; default *)",
    )
    parser.add_argument(
        "--license",
        choices=LICENSES,
        default=_env("LICENSE"),
        help="licence level (FAKEKIBANA_LICENSE; default platinum)",
    )
    parser.add_argument(
        "--license-expired",
        action="store_true",
        default=_env("LICENSE_EXPIRED") in ("1", "true", "yes"),
        help="the licence has expired (FAKEKIBANA_LICENSE_EXPIRED=1)",
    )
    parser.add_argument(
        "--status-allow-anonymous",
        action="store_true",
        default=_env("STATUS_ALLOW_ANONYMOUS") in ("1", "true", "yes"),
        help="status.allowAnonymous: GET /api/status needs no credentials when security is on "
        "(FAKEKIBANA_STATUS_ALLOW_ANONYMOUS=1)",
    )
    parser.add_argument(
        "--server-name",
        default=_env("SERVER_NAME"),
        help="server.name, sent as kbn-name (FAKEKIBANA_SERVER_NAME)",
    )
    parser.add_argument(
        "--user",
        action="append",
        default=None,
        help="NAME:PASSWORD[:ROLE], repeatable; turns security on. ROLE: superuser (default), "
        "read, all@SPACE, read@SPACE or none (FAKEKIBANA_USERS, comma-separated)",
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=None,
        help="ID:KEY[:ROLE], repeatable, sent as 'Authorization: ApiKey base64(ID:KEY)'; "
        "ROLE as for --user (FAKEKIBANA_API_KEYS, comma-separated)",
    )
    parser.add_argument(
        "--seed-file",
        type=Path,
        default=_env("SEED_FILE"),
        help="a JSON file of connectors to create at start and on every reset "
        "(FAKEKIBANA_SEED_FILE)",
    )
    parser.add_argument(
        "--state-file",
        type=Path,
        default=_env("STATE_FILE"),
        help="keep the state in this JSON file across restarts; every acknowledged change is "
        "written before the answer (FAKEKIBANA_STATE_FILE)",
    )
    parser.add_argument(
        "--random-seed",
        type=int,
        default=_env("RANDOM_SEED"),
        help="make generated ids repeatable (FAKEKIBANA_RANDOM_SEED)",
    )
    parser.add_argument(
        "--clock",
        type=_time,
        default=_env("CLOCK"),
        help="fix the time executors report, ISO 8601 (FAKEKIBANA_CLOCK)",
    )
    parser.add_argument(
        "--journal-size",
        type=_size,
        default=_env("JOURNAL_SIZE") or 1000,
        help="requests kept for GET /_fakekibana/requests; 0 turns the journal off "
        "(FAKEKIBANA_JOURNAL_SIZE; default 1000)",
    )
    parser.add_argument(
        "--event-loop",
        choices=CHOICES,
        default=_env("EVENT_LOOP") or "auto",
        help="the asyncio event loop to serve on: uvloop (when installed, with auto) or "
        "asyncio's own (FAKEKIBANA_EVENT_LOOP; default auto)",
    )
    parser.add_argument(
        "--openapi",
        action="store_true",
        help="do not serve: print the OpenAPI document of what this Kibana version serves",
    )
    parser.add_argument(
        "--healthcheck",
        action="store_true",
        help="do not serve: exit 0 if the server at --host/--port answers GET /api/status "
        "green, else 1 (Docker's HEALTHCHECK)",
    )
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from the kibana.yml, then the options."""
    fields: dict[str, Any] = {}
    if args.config is not None:
        fields.update(load_kibana_yml(Path(args.config)))
    if args.whitelisted_hosts is not None:
        fields["whitelisted_hosts"] = args.whitelisted_hosts
    if args.allowed_hosts is not None:
        fields["whitelisted_hosts"] = args.allowed_hosts
    if args.enabled_action_types is not None:
        fields["enabled_action_types"] = args.enabled_action_types
    if args.license is not None:
        fields["license"] = args.license
    if args.license_expired:
        fields["license_expired"] = True
    if args.status_allow_anonymous:
        fields["status_allow_anonymous"] = True
    if args.server_name is not None:
        fields["server_name"] = args.server_name
    if fields.get("license", "platinum") not in LICENSES:
        msg = f"FAKEKIBANA_LICENSE must be one of {', '.join(LICENSES)}"
        raise FakeKibanaError(msg)
    # Checked here, so that a bad version stops the start with one line (exit status 2).
    fields["kibana_version"] = parse_version(args.kibana_version).number
    fields["journal_size"] = args.journal_size
    fields["random_seed"] = args.random_seed
    fields["clock"] = args.clock
    fields["seed_file"] = args.seed_file
    fields["state_file"] = args.state_file
    users = args.user if args.user is not None else list(_csv(_env("USERS") or ""))
    keys = args.api_key if args.api_key is not None else list(_csv(_env("API_KEYS") or ""))
    if users:
        fields["users"] = tuple(parse_principal(u, "--user") for u in users)
    if keys:
        fields["api_keys"] = tuple(parse_principal(k, "--api-key") for k in keys)
    return Settings(**fields)


def settings_from_env() -> Settings:
    """The settings the FAKEKIBANA_* variables give, as `fakekibana` with no options reads them."""
    try:
        args = build_parser(exit_on_error=False).parse_args([])
    except argparse.ArgumentError as exc:
        msg = f"bad FAKEKIBANA_* variable: {exc}"
        raise FakeKibanaError(msg) from None
    return settings_from_args(args)


def healthcheck(host: str, port: int, settings: Settings) -> int:
    """0 if GET /api/status answers green within a few seconds, else 1 (with the reason)."""
    # Listening on every address: ask the local one.
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    shown = f"[{host}]" if ":" in host else host
    import urllib.request  # noqa: PLC0415 - only the health check needs it

    request = urllib.request.Request(f"http://{shown}:{port}/api/status")
    # With security on, /api/status needs credentials, as in Kibana: use the first ones.
    principals = [("Basic", p) for p in settings.users] + [("ApiKey", p) for p in settings.api_keys]
    if principals and not settings.status_allow_anonymous:
        scheme, principal = principals[0]
        token = base64.b64encode(f"{principal.name}:{principal.secret}".encode()).decode()
        request.add_header("Authorization", f"{scheme} {token}")
    try:
        with urllib.request.urlopen(request, timeout=HEALTHCHECK_TIMEOUT) as response:
            state = json.load(response)["status"]["overall"]["state"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"fakekibana: unhealthy: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    if state != "green":
        print(f"fakekibana: unhealthy: overall state {state}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


async def serve(app: web.Application, host: str, port: int, stop: asyncio.Event) -> None:
    """Listen until `stop` is set, then let requests in flight finish."""
    # aiohttp is imported only to serve: --healthcheck runs every few seconds in the image.
    from aiohttp import web  # noqa: PLC0415

    runner = web.AppRunner(
        app,
        access_log=None,
        handle_signals=False,
        shutdown_timeout=SHUTDOWN_TIMEOUT,
        keepalive_timeout=KEEPALIVE_TIMEOUT,
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_host, bound_port = runner.addresses[0][:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    print(f"fakekibana listening on http://{shown}:{bound_port}", flush=True)  # noqa: T201
    # Not in the line above, which scripts read (`...:PORT` at its end).
    log.info("serving on the %s event loop", loop_name(asyncio.get_running_loop()))
    try:
        await stop.wait()
    finally:
        # Stop listening, then let requests in flight finish, those whose body is still
        # arriving included (aiohttp's own shutdown stops reading bodies), as hapi's
        # server.stop() does; after SHUTDOWN_TIMEOUT whatever is left is cut off.
        await site.stop()
        await _requests_done(runner, SHUTDOWN_TIMEOUT)
        await runner.cleanup()


async def _requests_done(runner: web.AppRunner, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    server = runner.server
    while server is not None and loop.time() < deadline:
        # RequestHandler has no public "busy" flag; without the attribute, do not wait.
        if not any(getattr(c, "_request_in_progress", False) for c in server.connections):
            return
        await asyncio.sleep(0.05)


def _print_openapi(app: web.Application, settings: Settings) -> int:
    from fakekibana.core.control import CONTROL  # noqa: PLC0415 - only --openapi
    from fakekibana.core.openapi import render  # noqa: PLC0415

    sys.stdout.write(render(app[CONTROL].kibana_routes, settings.kibana_version))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until SIGTERM or Ctrl-C; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = settings_from_args(args)
        if args.healthcheck:
            return healthcheck(args.host, args.port, settings)
        from fakekibana.app import create_app  # noqa: PLC0415 - see serve()

        app = create_app(settings)
        if args.openapi:
            return _print_openapi(app, settings)
        new_loop = loop_factory(args.event_loop)
        # What exists now lives as long as the process: keep it out of every collection.
        gc.freeze()
    except (FakeKibanaError, EventLoopUnavailable) as exc:
        print(f"fakekibana: {exc}", file=sys.stderr)  # noqa: T201
        return 2

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await serve(app, args.host, args.port, stop)

    try:
        with asyncio.Runner(loop_factory=new_loop) as runner:
            runner.run(run())
    except OSError as exc:
        print(f"fakekibana: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        pass
    return 0
