"""The baseline fakekibana is measured against: the bare aiohttp stub people write instead.

No validation, no Kibana headers or error shapes: POST /api/action is json.loads, a uuid and a
fixed-shape answer. With --store it keeps connectors in a dict (what most hand-written stubs do);
without, GET answers a fixed connector and _getAll an empty list.

    python benchmarks/baseline_server.py [--store] [--host 127.0.0.1] [--port 0]
        [--event-loop asyncio|uvloop]

It runs on asyncio's own event loop, as such a stub does; `--event-loop uvloop` (or
BASELINE_EVENT_LOOP=uvloop, which benchmarks/run.py --baseline-event-loop sets) runs it on
uvloop, the loop fakekibana serves on by default, to compare like with like.

Once listening it prints `baseline listening on http://HOST:PORT`, as fakekibana does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import uuid
from collections.abc import Sequence
from typing import Any

from aiohttp import web

# Kibana's actionsClient.getAll reads at most this many connectors; the baseline answers as many
# so that both servers send responses of the same size.
MAX_ACTIONS_RETURNED = 10000

STATUS = {
    "name": "baseline",
    "version": {"number": "7.8.0"},
    "status": {"overall": {"state": "green"}},
}


def create_app(store: dict[str, dict[str, Any]] | None) -> web.Application:
    """The stub: the dict-store variant when `store` is a dict, the stateless one when None."""

    async def status(_: web.Request) -> web.Response:
        return web.json_response(STATUS)

    async def create(request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        connector = {
            "id": str(uuid.uuid4()),
            # 7.x names the type actionTypeId, 8.19/9.x connector_type_id.
            "actionTypeId": body.get("actionTypeId") or body["connector_type_id"],
            "name": body["name"],
            "config": body.get("config", {}),
            "isPreconfigured": False,
        }
        if store is not None:
            store[connector["id"]] = {**connector, "secrets": body.get("secrets", {})}
        return web.json_response(connector)

    async def get(request: web.Request) -> web.Response:
        connector_id = request.match_info["id"]
        if store is None:
            return web.json_response(
                {
                    "id": connector_id,
                    "actionTypeId": ".servicenow",
                    "name": "ServiceNow",
                    "config": {},
                    "isPreconfigured": False,
                }
            )
        stored = store.get(connector_id)
        if stored is None:
            return web.json_response({"statusCode": 404}, status=404)
        return web.json_response({k: v for k, v in stored.items() if k != "secrets"})

    async def get_all(_: web.Request) -> web.Response:
        if store is None:
            return web.json_response([])
        views = [
            {k: v for k, v in stored.items() if k != "secrets"} | {"referencedByCount": 0}
            for stored in list(store.values())[:MAX_ACTIONS_RETURNED]
        ]
        views.sort(key=lambda view: view["name"])
        return web.json_response(views)

    async def reset(_: web.Request) -> web.Response:
        if store is not None:
            store.clear()
        return web.Response(status=204)

    app = web.Application()
    app.router.add_get("/api/status", status)
    app.router.add_post("/api/action", create)
    app.router.add_get("/api/action/_getAll", get_all)
    app.router.add_get("/api/action/{id}", get)
    # Kibana 8.19/9.x's snake_case names for the same operations (benchmarks/run.py
    # --kibana-version).
    app.router.add_post("/api/actions/connector", create)
    app.router.add_get("/api/actions/connectors", get_all)
    app.router.add_get("/api/actions/connector/{id}", get)
    app.router.add_post("/_fakekibana/reset", reset)
    return app


async def serve(app: web.Application, host: str, port: int) -> None:
    """Listen until SIGTERM or SIGINT, with the runner settings fakekibana's CLI uses."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False, keepalive_timeout=75.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_host, bound_port = runner.addresses[0][:2]
    print(f"baseline listening on http://{bound_host}:{bound_port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the baseline stub until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--store", action="store_true", help="keep connectors in a dict")
    parser.add_argument(
        "--event-loop",
        choices=("asyncio", "uvloop"),
        default=os.environ.get("BASELINE_EVENT_LOOP") or "asyncio",
    )
    args = parser.parse_args(argv)
    app = create_app({} if args.store else None)
    new_loop = asyncio.new_event_loop
    if args.event_loop == "uvloop":
        import uvloop  # noqa: PLC0415 - only when asked for

        new_loop = uvloop.new_event_loop
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=new_loop) as runner:
        runner.run(serve(app, args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
