"""The seed page's two example requests give its two example responses."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import SEED_JIRA, SEED_SERVICENOW, XSRF

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@pytest.mark.parametrize("body", [SEED_SERVICENOW, SEED_JIRA], ids=["servicenow", "jira"])
async def test_seed_request_gives_seed_response(
    client: TestClient[Any, Any], body: dict[str, Any]
) -> None:
    """POST /api/action with the seed body answers the seed's response, and GET returns the same."""
    response = await client.post("/api/action", json=body, headers=XSRF)
    assert response.status == 200
    text = await response.text()
    created = await response.json()
    assert UUID.fullmatch(created["id"])
    expected = {
        "id": created["id"],
        "actionTypeId": body["actionTypeId"],
        "name": body["name"],
        "config": copy.deepcopy(body["config"]),
        "isPreconfigured": False,
    }
    assert list(created) == list(expected)
    assert created == expected
    # Key order inside config is the request's, as the seed's responses show.
    assert list(created["config"]) == list(body["config"])
    got = await client.get(f"/api/action/{created['id']}")
    assert got.status == 200
    assert await got.text() == text
