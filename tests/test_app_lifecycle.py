"""A stopped fake is freed: nothing keeps its app (and all it stores) alive after cleanup."""

from __future__ import annotations

import gc
import weakref

from aiohttp.test_utils import TestClient, TestServer

from fakekibana.app import create_app
from fakekibana.core.settings import Settings


async def test_a_stopped_app_is_garbage() -> None:
    """After a request and the server's cleanup, the app is collected (the fake runs no aiohttp
    middleware, whose module-level chain cache would hold it)."""
    app = create_app(Settings(kibana_version="9.4.0"))
    gone = weakref.ref(app)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/api/actions/connectors")
        assert response.status == 200
    del app, client, response
    gc.collect()
    assert gone() is None
