"""Seed files, the state file (atomic, written before each answer) and state import/export."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings, create_app
from fakekibana.core import persistence
from fakekibana.core.errors import FakeKibanaError
from tests.conftest import SEED_SERVICENOW, XSRF
from tests.processes import http, start, stop

Make = Callable[..., Awaitable[TestClient[Any, Any]]]
SERVER_LOG = {"actionTypeId": ".server-log", "name": "log"}
INDEX = {"actionTypeId": ".index", "name": "idx", "config": {"index": "logs"}}


@pytest.fixture
def make(aiohttp_client: Any) -> Make:
    """Build a client for an app with these Settings fields."""

    async def build(**options: Any) -> TestClient[Any, Any]:
        settings = Settings(server_name="fakekibana-test").with_options(**options)
        client: TestClient[Any, Any] = await aiohttp_client(create_app(settings))
        return client

    return build


def on_disk(path: Path) -> dict[str, Any]:
    """The state file's content."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


async def create(kb: TestClient[Any, Any], body: dict[str, Any]) -> str:
    """Create a connector and return its id."""
    response = await kb.post("/api/action", json=body, headers=XSRF)
    assert response.status == 200
    connector_id: str = (await response.json())["id"]
    return connector_id


# --- the state file -----------------------------------------------------------------------------


async def test_state_file_is_written_before_the_answer(make: Make, tmp_path: Path) -> None:
    """When a create is acknowledged, the connector (with its secrets) is already on disk."""
    path = tmp_path / "state.json"
    kb = await make(state_file=path)
    assert on_disk(path)["connectors"] == []
    connector_id = await create(kb, SEED_SERVICENOW)
    (stored,) = on_disk(path)["connectors"]
    assert (stored["id"], stored["secrets"]) == (connector_id, SEED_SERVICENOW["secrets"])
    assert (await kb.delete(f"/api/action/{connector_id}", headers=XSRF)).status == 204
    assert on_disk(path)["connectors"] == []


async def test_executor_changes_are_saved(make: Make, tmp_path: Path) -> None:
    """Documents an .index execute keeps are on disk when the execute answers."""
    path = tmp_path / "state.json"
    kb = await make(state_file=path)
    connector_id = await create(kb, INDEX)
    await kb.post(
        f"/api/action/{connector_id}/_execute",
        json={"params": {"documents": [{"n": 1}]}},
        headers=XSRF,
    )
    assert [d["_source"] for d in on_disk(path)["indices"]["logs"]] == [{"n": 1}]


async def test_reads_and_failures_do_not_write(
    make: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GETs and refused changes leave the file alone; a successful change writes it once."""
    writes: list[Path] = []
    real = persistence.write_atomically

    def counting(path: Path, text: str) -> None:
        writes.append(path)
        real(path, text)

    monkeypatch.setattr(persistence, "write_atomically", counting)
    kb = await make(state_file=tmp_path / "state.json")
    assert len(writes) == 1  # at start
    await kb.get("/api/actions")
    await kb.post("/api/action", json={"name": "no type"}, headers=XSRF)
    assert len(writes) == 1
    await create(kb, SERVER_LOG)
    assert len(writes) == 2


async def test_state_survives_a_restart(make: Make, tmp_path: Path) -> None:
    """A second server on the same file starts with the connectors, documents, faults and clock."""
    path = tmp_path / "state.json"
    first = await make(state_file=path)
    snow = await create(first, SEED_SERVICENOW)
    await first.put(f"/_fakekibana/connectors/{snow}/fault", json={"mode": "down"})
    await first.put("/_fakekibana/clock", json={"now": "2020-06-01T00:00:00Z"})
    index = await create(first, INDEX)
    await first.post(
        f"/api/action/{index}/_execute", json={"params": {"documents": [{"n": 1}]}}, headers=XSRF
    )
    before = await (await first.get("/_fakekibana/state")).json()
    second = await make(state_file=path)
    assert await (await second.get("/_fakekibana/state")).json() == before
    assert before["faults"] == {snow: "down"}
    assert before["clock"] == "2020-06-01T00:00:00.000Z"


async def test_seeded_ids_continue_after_a_restart(make: Make, tmp_path: Path) -> None:
    """With random_seed and a state file, a restarted server goes on with the sequence."""
    path = tmp_path / "state.json"
    first = await make(state_file=path, random_seed=3)
    one = await create(first, SERVER_LOG)
    second = await make(state_file=path, random_seed=3)
    two = await create(second, SERVER_LOG)
    reference = await make(random_seed=3)
    assert [await create(reference, SERVER_LOG), await create(reference, SERVER_LOG)] == [one, two]


def test_corrupt_state_file_stops_the_start(tmp_path: Path) -> None:
    """A state file that is not JSON is reported, and left as it was."""
    path = tmp_path / "state.json"
    path.write_text('{"version": 1, "connec', encoding="utf-8")
    with pytest.raises(FakeKibanaError) as caught:
        create_app(Settings(state_file=path))
    assert str(caught.value) == (
        f"state file {path} is not valid JSON (Unterminated string starting at: line 1 column 16 "
        "(char 15)); fix or remove it"
    )
    assert path.read_text(encoding="utf-8") == '{"version": 1, "connec'


def test_state_file_of_the_wrong_shape_stops_the_start(tmp_path: Path) -> None:
    """JSON that is not a fakekibana state names the bad field."""
    path = tmp_path / "state.json"
    path.write_text('{"version": 9}', encoding="utf-8")
    with pytest.raises(FakeKibanaError) as caught:
        create_app(Settings(state_file=path))
    assert str(caught.value) == (
        f"state file {path} is not a fakekibana state: state.version: must be 1, got 9"
    )


def test_atomic_write_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename fails, the old content stays and no temporary file is left."""
    path = tmp_path / "state.json"
    persistence.write_atomically(path, "old")

    def failing(source: str, target: str) -> None:
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        persistence.write_atomically(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_kill_9_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """Every create acknowledged before a SIGKILL is there after a restart."""
    path = tmp_path / "state.json"
    process, url = start(args=["--state-file", str(path)])
    try:
        ids = []
        for n in range(20):
            status, body = http("POST", url + "/api/action", {**SERVER_LOG, "name": f"c{n:02d}"})
            assert status == 200
            ids.append(body["id"])
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    process, url = start(args=["--state-file", str(path)])
    try:
        status, listed = http("GET", url + "/api/actions")
    finally:
        assert stop(process) == 0
    assert status == 200
    assert [c["id"] for c in listed] == ids


# --- the seed file ------------------------------------------------------------------------------


def write_seed(tmp_path: Path, document: Any) -> Path:
    """A seed file with this content."""
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


async def test_seed_file_loads_at_start_and_on_reset(make: Make, tmp_path: Path) -> None:
    """The seed's connectors exist at start and come back after a reset."""
    seed = write_seed(
        tmp_path,
        {"connectors": [{"id": "log", **SERVER_LOG}, {"id": "ops-log", "space": "ops", **INDEX}]},
    )
    kb = await make(seed_file=seed)
    listed = await (await kb.get("/api/actions")).json()
    assert [(c["id"], c["name"]) for c in listed] == [("log", "log")]
    await kb.delete("/api/action/log", headers=XSRF)
    await kb.delete("/s/ops/api/action/ops-log", headers=XSRF)
    await kb.post("/_fakekibana/reset?space=ops")
    assert await (await kb.get("/api/actions")).json() == []
    assert [c["id"] for c in await (await kb.get("/s/ops/api/actions")).json()] == ["ops-log"]
    await kb.post("/_fakekibana/reset")
    assert [c["id"] for c in await (await kb.get("/api/actions")).json()] == ["log"]


async def test_state_file_wins_over_the_seed(make: Make, tmp_path: Path) -> None:
    """Once a state file exists, the seed is not applied again at start."""
    path = tmp_path / "state.json"
    seed = write_seed(tmp_path, [{"id": "log", **SERVER_LOG}])
    first = await make(state_file=path, seed_file=seed)
    await first.delete("/api/action/log", headers=XSRF)
    second = await make(state_file=path, seed_file=seed)
    assert await (await second.get("/api/actions")).json() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "[{",
            "seed file {path} is not valid JSON (Expecting property name enclosed in double "
            "quotes: line 1 column 3 (char 2)); fix or remove it",
        ),
        (
            '[{"name": "x"}]',
            "seed file {path}[0]: [actionTypeId]: expected value of type "
            "[string] but got [undefined]",
        ),
        ('{"connectors": 1}', "seed file {path}: must be an array"),
    ],
)
def test_bad_seed_file_stops_the_start(tmp_path: Path, content: str, message: str) -> None:
    """A seed file that cannot be loaded is reported with the entry at fault."""
    path = tmp_path / "seed.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FakeKibanaError) as caught:
        create_app(Settings(seed_file=path))
    assert str(caught.value) == message.format(path=path)


def test_missing_seed_file_stops_the_start(tmp_path: Path) -> None:
    """A seed file that does not exist is reported."""
    path = tmp_path / "nope.json"
    with pytest.raises(FakeKibanaError) as caught:
        create_app(Settings(seed_file=path))
    assert str(caught.value) == (
        f"cannot read seed file {path}: [Errno 2] No such file or directory: '{path}'"
    )
