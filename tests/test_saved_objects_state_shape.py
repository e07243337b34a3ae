"""The saved objects part of a state document: a changed document is refused whole, or every
saved objects read answers it without a 5xx."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st

from fakekibana.app import create_app
from tests.conftest import XSRF
from tests.kibana_lines import line_settings

SO = "/api/saved_objects"
FINDS = (
    "type=dashboard&type=index-pattern&type=config",
    "type=dashboard&sort_field=title&search=a*",
    'type=dashboard&has_reference={"type":"index-pattern","id":"ip"}',
    "type=index-pattern&fields=title&namespaces=*",
    "type=dashboard&filter=dashboard.attributes.title:a",
)


async def _populated_state() -> dict[str, Any]:
    """A 9.4 fake's state document holding a data view, a dashboard referring to it and a
    config object."""
    async with TestClient(TestServer(create_app(line_settings("9.4.0")))) as kb:
        for path, body in (
            (f"{SO}/index-pattern/ip", {"attributes": {"title": "logs-*"}}),
            (
                f"{SO}/dashboard/d",
                {
                    "attributes": {"title": "a board"},
                    "references": [{"name": "p", "type": "index-pattern", "id": "ip"}],
                },
            ),
            (f"{SO}/config/9.4.0", {"attributes": {"buildNum": 1}}),
        ):
            response = await kb.post(path, json=body, headers=XSRF)
            assert response.status == 200, await response.text()
        state: dict[str, Any] = await (await kb.get("/_fakekibana/state")).json()
        return state


async def _statuses_after_import(document: dict[str, Any]) -> list[int]:
    """PUT the document into a fresh fake, then every read; the statuses (the import's first)."""
    async with TestClient(TestServer(create_app(line_settings("9.4.0")))) as kb:
        before = await (await kb.get("/_fakekibana/state")).json()
        response = await kb.put("/_fakekibana/state", data=json.dumps(document))
        statuses = [response.status]
        if response.status != 204:
            # Refused whole: nothing changed.
            assert await (await kb.get("/_fakekibana/state")).json() == before
            return statuses
        for query in FINDS:
            statuses.append((await kb.get(f"{SO}/_find?{query}")).status)
        pairs = [("index-pattern", "ip"), ("dashboard", "d"), ("config", "9.4.0")]
        for so_type, so_id in pairs:
            statuses.append((await kb.get(f"{SO}/{so_type}/{so_id}")).status)
            statuses.append((await kb.get(f"{SO}/resolve/{so_type}/{so_id}")).status)
        bulk = [{"type": so_type, "id": so_id} for so_type, so_id in pairs]
        statuses.append((await kb.post(f"{SO}/_bulk_get", json=bulk, headers=XSRF)).status)
        return statuses


DOCUMENT = asyncio.run(_populated_state())


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


PATHS = [p for p in _paths(DOCUMENT["saved_objects"]) if p]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)


def test_the_populated_document_imports_and_reads() -> None:
    """The fake's own document imports again (204) and every read answers 200."""
    assert asyncio.run(_statuses_after_import(copy.deepcopy(DOCUMENT))) == [204] + [200] * 12


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from(PATHS), value=JSON, delete=st.booleans())
def test_a_changed_document_is_refused_or_read_without_5xx(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    """One value changed or removed in the saved objects part: a 400 that changes nothing, or
    reads that never answer 5xx."""
    document = copy.deepcopy(DOCUMENT)
    parent = document["saved_objects"]
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    statuses = asyncio.run(_statuses_after_import(document))
    assert statuses[0] in (204, 400), statuses
    assert all(status < 500 for status in statuses), statuses
