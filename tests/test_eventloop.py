"""The event loop fakekibana serves on (core/eventloop.py): uvloop by default, asyncio on request,
with the same answers on both."""

from __future__ import annotations

import asyncio
import re
import select
import subprocess
import sys

import pytest

from fakekibana.cli import main
from fakekibana.core import eventloop
from fakekibana.core.eventloop import EventLoopUnavailable, loop_factory, loop_name
from fakekibana.core.settings import Settings
from fakekibana.server import FakeKibana
from tests.processes import START_TIMEOUT, clean_env, http

uvloop = pytest.importorskip("uvloop")

SERVICENOW = {
    "name": "ServiceNow",
    "connector_type_id": ".servicenow",
    "config": {"apiUrl": "https://dev87359.service-now.com"},
    "secrets": {"username": "admin", "password": "securePassword123!"},
}


def test_auto_takes_uvloop_and_asyncio_keeps_the_standard_loop() -> None:
    """`auto` and `uvloop` make uvloop's loops; `asyncio` makes asyncio's own."""
    for choice, expected in (("auto", "uvloop"), ("uvloop", "uvloop"), ("asyncio", "asyncio")):
        loop = loop_factory(choice)()
        try:
            assert (choice, loop_name(loop)) == (choice, expected)
            assert isinstance(loop, asyncio.AbstractEventLoop)
        finally:
            loop.close()
    loop = loop_factory("asyncio")()
    try:
        assert not isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def test_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^unknown event loop 'trio': expected one of auto, "):
        loop_factory("trio")


def test_without_uvloop_auto_falls_back_and_uvloop_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where uvloop is not installed (Windows), `auto` serves on asyncio's loop, and asking for
    uvloop stops the start with exit status 2 and says why."""
    monkeypatch.setattr(eventloop, "uvloop_installed", lambda: False)
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop raises ImportError
    assert loop_factory("auto") is asyncio.new_event_loop
    with pytest.raises(EventLoopUnavailable):
        loop_factory("uvloop")
    assert main(["--port", "0", "--event-loop", "uvloop"]) == 2
    assert capsys.readouterr().err == (
        "fakekibana: --event-loop uvloop: uvloop is not installed (pip install uvloop)\n"
    )


@pytest.mark.parametrize("choice", ["uvloop", "asyncio"])
def test_the_cli_serves_on_the_chosen_loop_and_logs_it(choice: str) -> None:
    """The listening line is as before (scripts read the port at its end); the log names the
    loop; a create and a get answer alike on both."""
    argv = [sys.executable, "-m", "fakekibana", "--port", "0", "--kibana-version", "9.4.0"]
    process = subprocess.Popen(
        [*argv, "--event-loop", choice],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env({"FAKEKIBANA_RANDOM_SEED": "7"}),
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        match = re.fullmatch(r"fakekibana listening on (http://127\.0\.0\.1:\d+)\n", line)
        assert match is not None, line
        url = match.group(1)
        status, created = http("POST", url + "/api/actions/connector", SERVICENOW)
        assert status == 200
        assert http("GET", f"{url}/api/actions/connector/{created['id']}") == (200, created)
        assert http("GET", url + "/api/actions/connector/nope") == (
            404,
            {
                "statusCode": 404,
                "error": "Not Found",
                "message": "Saved object [action/nope] not found",
            },
        )
    finally:
        process.terminate()
        _, logged = process.communicate(timeout=10)
    assert process.returncode == 0
    assert f"fakekibana INFO serving on the {choice} event loop\n" in logged


def test_the_same_seed_gives_the_same_answers_on_both_loops() -> None:
    """FakeKibana(event_loop=...) runs its thread on that loop; the answers do not depend on it."""
    answers = []
    for choice in ("uvloop", "asyncio"):
        with FakeKibana(Settings(kibana_version="9.4.0", random_seed=3), event_loop=choice) as kb:
            assert kb._loop is not None
            assert loop_name(kb._loop) == choice
            created = http("POST", kb.url + "/api/actions/connector", SERVICENOW)
            listed = http("GET", kb.url + "/api/actions/connectors")
            answers.append((created, listed))
    assert answers[0] == answers[1]
    assert answers[0][0][0] == 200
