"""Credentials in a request aiohttp's parser refuses never reach the log."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp import web

from fakekibana import create_app


async def test_a_malformed_authorization_line_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A header line the HTTP parser refuses is logged without its text (it may hold a token)."""
    caplog.set_level(logging.DEBUG)
    runner = web.AppRunner(create_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            b"GET /api/status HTTP/1.1\r\nHost: x\r\nAuthorization : Basic c2VjcmV0LXRva2Vu\r\n\r\n"
        )
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(4096), 5)
        writer.close()
    finally:
        await runner.cleanup()
    assert answer.startswith(b"HTTP/1.0 400 Bad Request\r\n")
    logged = "\n".join(caplog.text.splitlines())
    assert "c2VjcmV0LXRva2Vu" not in logged
    assert "refused a malformed HTTP request (BadHttpMessage); its text is not logged" in logged
