"""Saved objects and the control plane: reset, space deletion, the state document and seeds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana.core.persistence import StateError
from fakekibana.core.store import Shared
from fakekibana.core.versions import parse_version
from fakekibana.saved_objects import types
from fakekibana.saved_objects.store import SavedObject, SavedObjectStore, decode_version
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import LINES, NOW, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
BODY = {"attributes": {"title": "d"}}


def store_of(version: str = "9.4.0") -> SavedObjectStore:
    """A store with the release's types."""
    return SavedObjectStore(Shared(), types.registry(parse_version(version)))


def dashboard(space: str, so_id: str = "d1", namespaces: list[str] | None = None) -> SavedObject:
    """A dashboard in a space (or in several)."""
    return SavedObject("dashboard", so_id, {"title": "d"}, [], namespaces or [space], NOW, NOW)


def test_get_sees_an_object_only_from_its_spaces() -> None:
    """get(space, type, id) finds a shared object from each of its spaces, never elsewhere."""
    store = store_of()
    shared = store.put(SavedObject("index-pattern", "p", {}, [], ["a", "b"], NOW, NOW))
    assert store.get("a", "index-pattern", "p") is shared
    assert store.get("b", "index-pattern", "p") is shared
    assert store.get("c", "index-pattern", "p") is None
    assert store.existing("c", "index-pattern", "p") is shared


def test_single_namespace_objects_are_one_per_space() -> None:
    """config/x in two spaces are two objects; a dashboard id is one object everywhere."""
    store = store_of()
    first = store.put(SavedObject("config", "x", {"n": 1}, [], ["a"], NOW, NOW))
    second = store.put(SavedObject("config", "x", {"n": 2}, [], ["b"], NOW, NOW))
    assert store.get("a", "config", "x") is first
    assert store.get("b", "config", "x") is second
    assert [obj.attributes for obj in store.find(["a", "b"], ["config"])] == [{"n": 1}, {"n": 2}]


def test_resetting_a_space_unshares_and_deletes() -> None:
    """reset(space): objects only there go, shared ones lose that space (deleteByNamespace)."""
    store = store_of()
    store.put(dashboard("a"))
    shared = store.put(SavedObject("index-pattern", "p", {}, [], ["a", "b"], NOW, NOW))
    store.reset("a")
    assert store.get("a", "dashboard", "d1") is None
    assert shared.namespaces == ["b"]
    assert list(store.find(["*"], ["dashboard", "index-pattern"])) == [shared]


def test_versions_decode_only_from_two_integers() -> None:
    """decode_version accepts base64 JSON `[int,int]` only."""
    assert decode_version("WzEsMV0=") == (1, 1)
    for bad in ("", "abc", "WzFd", "WyJhIiwxXQ==", "bm90IGpzb24="):
        assert decode_version(bad) is None, bad


def test_the_state_round_trips_and_bad_states_change_nothing() -> None:
    """export then prepare_import gives the same objects; a bad document is refused whole."""
    store = store_of()
    store.put(dashboard("a"))
    document = store.export()
    other = store_of()
    other.prepare_import(document)()
    assert other.export() == document
    assert other.get("a", "dashboard", "d1") == store.get("a", "dashboard", "d1")
    bad = {
        "saved_objects": {
            "seq": 1,
            "objects": [{**document["saved_objects"]["objects"][0], "type": "wigwag"}],
        }
    }
    with pytest.raises(StateError, match="wigwag"):
        other.prepare_import(bad)
    assert other.export() == document


@pytest.mark.parametrize("version", LINES)
async def test_reset_and_space_deletion_empty_the_store(
    make_client: MakeClient, version: str
) -> None:
    """POST /_fakekibana/reset forgets objects; deleting a space deletes what is in it."""
    kb = await make_client(line_settings(version))
    await kb.post("/api/spaces/space", json={"id": "ops", "name": "Ops"}, headers=XSRF)
    await kb.post(f"/s/ops{SO}/dashboard/d1", json=BODY, headers=XSRF)
    await kb.post(f"{SO}/dashboard/d2", json=BODY, headers=XSRF)
    assert (await kb.delete("/api/spaces/space/ops", headers=XSRF)).status == 204
    missing = boom(404, "Not Found", "Saved object [dashboard/d1] not found")
    await expect_json(await kb.get(f"/s/ops{SO}/dashboard/d1"), 404, missing)
    assert (await kb.get(f"{SO}/dashboard/d2")).status == 200
    assert (await kb.post("/_fakekibana/reset")).status == 204
    missing = boom(404, "Not Found", "Saved object [dashboard/d2] not found")
    await expect_json(await kb.get(f"{SO}/dashboard/d2"), 404, missing)


@pytest.mark.parametrize("version", LINES)
async def test_the_state_document_carries_objects(make_client: MakeClient, version: str) -> None:
    """GET then PUT /_fakekibana/state brings the objects back after a reset."""
    kb = await make_client(line_settings(version))
    created = await (await kb.post(f"{SO}/dashboard/d1", json=BODY, headers=XSRF)).json()
    state = await (await kb.get("/_fakekibana/state")).json()
    assert (await kb.post("/_fakekibana/reset")).status == 204
    assert (await kb.put("/_fakekibana/state", json=state)).status == 204
    got = await (await kb.get(f"{SO}/dashboard/d1")).json()
    assert (got["id"], got["version"], got["attributes"]) == (
        "d1",
        created["version"],
        {"title": "d"},
    )


async def test_seeds_create_objects_as_the_api_does(make_client: MakeClient) -> None:
    """POST /_fakekibana/seed with `saved_objects` answers them as create does; a bad entry
    creates none of them."""
    kb = await make_client(line_settings("9.4.0"))
    seed = {
        "saved_objects": [
            {"type": "dashboard", "id": "s1", "space": "ops", "attributes": {"title": "d"}}
        ]
    }
    response = await kb.post("/_fakekibana/seed", json=seed)
    body = await response.json()
    assert (response.status, body["saved_objects"][0]["namespaces"]) == (200, ["ops"])
    assert (await kb.get(f"/s/ops{SO}/dashboard/s1")).status == 200
    bad = {
        "saved_objects": [
            {"type": "dashboard", "id": "s2", "attributes": {"title": "d"}},
            {"type": "action", "attributes": {}},
        ]
    }
    response = await kb.post("/_fakekibana/seed", json=bad)
    text = "seed[1]: Unsupported saved object type: 'action': Bad Request"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    assert (await kb.get(f"{SO}/dashboard/s2")).status == 404
