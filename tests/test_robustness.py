"""Slow and stalled clients, idle connections, and a graceful stop on SIGTERM.

The slow-client tests serve through cli.serve (the `fakekibana` command's server) in this
process, with its keep-alive timeout and hapi's payload timeout shortened to one second; the
SIGTERM test runs `python -m fakekibana` as a subprocess.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from fakekibana import Settings, cli, create_app
from fakekibana.core import payload as payload_module
from fakekibana.core.control import DELAY_HEADER
from tests.processes import start

HOST = "127.0.0.1"
TIMEOUT = 1.0
XSRF = {"kbn-xsrf": "true"}


@pytest.fixture
async def port(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[int]:
    """The port of a fakekibana served by cli.serve, with one-second timeouts."""
    monkeypatch.setattr(cli, "KEEPALIVE_TIMEOUT", TIMEOUT)
    monkeypatch.setattr(payload_module, "PAYLOAD_TIMEOUT", TIMEOUT)
    stop = asyncio.Event()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        app = create_app(Settings(server_name="fakekibana-test"))
        task = asyncio.create_task(cli.serve(app, HOST, 0, stop))
        for _ in range(200):
            if "listening" in out.getvalue():
                break
            await asyncio.sleep(0.01)
    match = re.search(r":(\d+)\s*$", out.getvalue())
    assert match is not None, out.getvalue()
    yield int(match.group(1))
    stop.set()
    await task


async def quick_requests(port: int, count: int) -> list[float]:
    """The latency of each of `count` GET /api/status, one after the other."""
    latencies = []
    async with aiohttp.ClientSession() as session:
        for _ in range(count):
            started = time.monotonic()
            async with session.get(f"http://{HOST}:{port}/api/status") as response:
                assert response.status == 200
                await response.read()
            latencies.append(time.monotonic() - started)
    return latencies


def content_length(head: bytes) -> int:
    """The Content-Length of a response head."""
    match = re.search(rb"Content-Length: (\d+)", head)
    assert match is not None, head
    return int(match.group(1))


async def closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """Everything the server sends until it closes the connection (fails after `seconds`)."""
    return await asyncio.wait_for(reader.read(), seconds)


async def test_slow_upload_times_out_without_blocking_others(port: int) -> None:
    """A body that trickles in gets hapi's 408 after the payload timeout; others are served."""
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(
        b"POST /api/action HTTP/1.1\r\nHost: x\r\nkbn-xsrf: x\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
    )
    started = time.monotonic()

    async def trickle() -> None:
        with contextlib.suppress(OSError):
            for _ in range(30):
                await asyncio.sleep(0.1)
                writer.write(b" ")
                await writer.drain()

    trickling = asyncio.create_task(trickle())
    latencies = await quick_requests(port, 20)
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    elapsed = time.monotonic() - started
    body = await reader.readexactly(content_length(head))
    trickling.cancel()
    writer.close()
    assert head.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert json.loads(body) == {
        "statusCode": 408,
        "error": "Request Time-out",
        "message": "Request Time-out",
    }
    assert TIMEOUT <= elapsed < TIMEOUT + 1.5
    assert max(latencies) < 0.5


async def test_stalled_and_idle_connections_do_not_block_others(port: int) -> None:
    """Idle sockets and half-sent headers hold no one up, and are closed after the timeout."""
    idle = [await asyncio.open_connection(HOST, port) for _ in range(50)]
    stalled = [await asyncio.open_connection(HOST, port) for _ in range(10)]
    for _, writer in stalled:
        writer.write(b"GET /api/status HTTP/1.1\r\nHo")
    latencies = await quick_requests(port, 20)
    assert max(latencies) < 0.5
    leftovers = await asyncio.gather(
        *(closed_within(reader, TIMEOUT + 2) for reader, _ in idle + stalled)
    )
    assert leftovers == [b""] * 60
    for _, writer in idle + stalled:
        writer.close()


async def test_idle_keep_alive_connection_is_kept_then_closed(port: int) -> None:
    """A keep-alive connection serves a second request, then closes after the idle timeout."""
    reader, writer = await asyncio.open_connection(HOST, port)
    request = b"GET /api/action/types HTTP/1.1\r\nHost: x\r\n\r\n"
    for _ in range(2):
        writer.write(request)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        assert head.startswith(b"HTTP/1.1 200 OK\r\n")
        await reader.readexactly(content_length(head))
        await asyncio.sleep(TIMEOUT / 2)
    started = time.monotonic()
    assert await closed_within(reader, TIMEOUT + 2) == b""
    assert time.monotonic() - started < TIMEOUT + 0.5
    writer.close()


# --- SIGTERM ---------------------------------------------------------------------------------


async def post(session: aiohttp.ClientSession, url: str, name: str, delay_ms: int) -> Any:
    """Create a `.server-log` connector, the server waiting `delay_ms` first."""
    headers = {**XSRF, DELAY_HEADER: str(delay_ms)}
    body = {"name": name, "actionTypeId": ".server-log"}
    async with session.post(f"{url}/api/action", json=body, headers=headers) as response:
        return response.status, await response.json()


async def slow_upload(url: str, name: str, seconds: float) -> tuple[int, Any]:
    """Create a connector whose body arrives over `seconds`."""
    body = json.dumps({"name": name, "actionTypeId": ".server-log"}).encode()
    match = re.fullmatch(r"http://([^:]+):(\d+)", url)
    assert match is not None
    reader, writer = await asyncio.open_connection(match.group(1), int(match.group(2)))
    writer.write(
        b"POST /api/action HTTP/1.1\r\nHost: x\r\nkbn-xsrf: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    for index in range(len(body)):
        writer.write(body[index : index + 1])
        await writer.drain()
        await asyncio.sleep(seconds / len(body))
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    head, _, payload = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(payload)


async def test_sigterm_finishes_requests_in_flight_and_leaves_the_state_file(
    tmp_path: Path,
) -> None:
    """On SIGTERM requests in flight complete, the exit status is 0, and the file has them all."""
    state = tmp_path / "state.json"
    process, url = start(args=["--state-file", str(state)])
    try:
        async with aiohttp.ClientSession() as session:
            before = await post(session, url, "before", 0)
            assert before[0] == 200
            in_flight = [
                asyncio.create_task(post(session, url, f"delayed-{n}", 1500)) for n in range(5)
            ]
            uploading = asyncio.create_task(slow_upload(url, "slow-upload", 1.5))
            await asyncio.sleep(0.5)
            process.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.3)
            # The listener is closed at once: nobody new gets in.
            with pytest.raises(aiohttp.ClientConnectionError):
                await post(session, url, "too-late", 0)
            answers = [*await asyncio.gather(*in_flight), await uploading]
        status = await asyncio.to_thread(process.wait, 15)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert status == 0
    assert [code for code, _ in answers] == [200] * 6
    names = ["before", *(f"delayed-{n}" for n in range(5)), "slow-upload"]
    created = {body["id"]: body["name"] for _, body in [before, *answers]}
    assert sorted(created.values()) == sorted(names)
    document = json.loads(state.read_text())
    saved = {c["id"]: c["name"] for c in document["connectors"]}
    assert saved == created
    # A new server on the same file serves every one of them.
    process, url = start(args=["--state-file", str(state)])
    try:
        async with aiohttp.ClientSession() as session:
            for connector_id, name in created.items():
                async with session.get(f"{url}/api/action/{connector_id}") as response:
                    assert (response.status, (await response.json())["name"]) == (200, name)
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(process.wait, 15) == 0
        process.communicate()
