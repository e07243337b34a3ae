"""The command line: `fakekibana [options]` and `python -m fakekibana`.

Every option has a FAKEKIBANA_* environment fallback; a --config kibana.yml is read first,
then environment variables, then flags, each overriding the one before.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from fakekibana.app import create_app
from fakekibana.errors import FakeKibanaError
from fakekibana.security import parse_principal
from fakekibana.settings import LICENSES, Settings, load_kibana_yml

log = logging.getLogger("fakekibana")

# How long a graceful stop waits for requests in flight.
SHUTDOWN_TIMEOUT = 10.0
# Idle keep-alive connections are closed after this many seconds.
KEEPALIVE_TIMEOUT = 75.0


def _env(name: str) -> str | None:
    value = os.environ.get("FAKEKIBANA_" + name)
    return value if value else None


def _csv(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; defaults come from FAKEKIBANA_* variables where set."""
    parser = argparse.ArgumentParser(
        prog="fakekibana", description="A fake Kibana HTTP server for tests."
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
        "--server-name",
        default=_env("SERVER_NAME"),
        help="server.name, sent as kbn-name (FAKEKIBANA_SERVER_NAME)",
    )
    parser.add_argument(
        "--user",
        action="append",
        default=None,
        help="NAME:PASSWORD[:ROLE], repeatable; turns security on "
        "(FAKEKIBANA_USERS, comma-separated)",
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=None,
        help="ID:KEY[:ROLE], repeatable (FAKEKIBANA_API_KEYS, comma-separated)",
    )
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from the kibana.yml, then the options."""
    fields: dict[str, Any] = {}
    if args.config is not None:
        fields.update(load_kibana_yml(Path(args.config)))
    if args.whitelisted_hosts is not None:
        fields["whitelisted_hosts"] = args.whitelisted_hosts
    if args.enabled_action_types is not None:
        fields["enabled_action_types"] = args.enabled_action_types
    if args.license is not None:
        fields["license"] = args.license
    if args.license_expired:
        fields["license_expired"] = True
    if args.server_name is not None:
        fields["server_name"] = args.server_name
    users = args.user if args.user is not None else list(_csv(_env("USERS") or ""))
    keys = args.api_key if args.api_key is not None else list(_csv(_env("API_KEYS") or ""))
    if users:
        fields["users"] = tuple(parse_principal(u, "--user") for u in users)
    if keys:
        fields["api_keys"] = tuple(parse_principal(k, "--api-key") for k in keys)
    return Settings(**fields)


async def serve(app: web.Application, host: str, port: int, stop: asyncio.Event) -> None:
    """Listen until `stop` is set, then let requests in flight finish."""
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
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until SIGTERM or Ctrl-C; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = settings_from_args(args)
        app = create_app(settings)
    except FakeKibanaError as exc:
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
        asyncio.run(run())
    except OSError as exc:
        print(f"fakekibana: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        pass
    return 0
