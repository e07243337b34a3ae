"""The command line: new options and their FAKEKIBANA_* variables, --healthcheck, serving."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakekibana import Settings
from fakekibana.cli import build_parser, main, settings_from_args, settings_from_env
from fakekibana.core.errors import FakeKibanaError
from fakekibana.server import FakeKibana
from tests.processes import http, start, stop

FLAGS = ("SEED_FILE", "STATE_FILE", "RANDOM_SEED", "CLOCK", "JOURNAL_SIZE", "USERS", "LICENSE")


@pytest.fixture(autouse=True)
def no_fakekibana_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test without FAKEKIBANA_* variables from the caller."""
    for name in ("HOST", "PORT", "URL", *FLAGS):
        monkeypatch.delenv("FAKEKIBANA_" + name, raising=False)


@pytest.fixture
def server() -> Iterator[FakeKibana]:
    """A running fakekibana on a free port."""
    with FakeKibana(Settings(server_name="cli-test")) as running:
        yield running


def port_of(url: str) -> str:
    """The port of an http://host:port URL."""
    return url.rsplit(":", 1)[1]


def test_new_options_fill_settings(tmp_path: Path) -> None:
    """--seed-file, --state-file, --random-seed, --clock and --journal-size reach Settings."""
    args = build_parser().parse_args(
        [
            "--seed-file",
            str(tmp_path / "seed.json"),
            "--state-file",
            str(tmp_path / "state.json"),
            "--random-seed",
            "7",
            "--clock",
            "2020-06-01T12:00:00Z",
            "--journal-size",
            "0",
        ]
    )
    settings = settings_from_args(args)
    assert (
        settings.seed_file,
        settings.state_file,
        settings.random_seed,
        settings.clock,
        settings.journal_size,
    ) == (
        tmp_path / "seed.json",
        tmp_path / "state.json",
        7,
        datetime.datetime(2020, 6, 1, 12, tzinfo=datetime.UTC),
        0,
    )


def test_defaults_without_options() -> None:
    """Without options or variables the journal keeps 1000 entries and nothing is fixed."""
    settings = settings_from_env()
    assert (
        settings.seed_file,
        settings.state_file,
        settings.random_seed,
        settings.clock,
        settings.journal_size,
    ) == (None, None, None, None, 1000)


def test_variables_fill_the_same_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each new option has a FAKEKIBANA_* variable, read by settings_from_env()."""
    monkeypatch.setenv("FAKEKIBANA_SEED_FILE", str(tmp_path / "s.json"))
    monkeypatch.setenv("FAKEKIBANA_STATE_FILE", str(tmp_path / "t.json"))
    monkeypatch.setenv("FAKEKIBANA_RANDOM_SEED", "11")
    monkeypatch.setenv("FAKEKIBANA_CLOCK", "2021-01-02T03:04:05.678Z")
    monkeypatch.setenv("FAKEKIBANA_JOURNAL_SIZE", "5")
    monkeypatch.setenv("FAKEKIBANA_LICENSE", "gold")
    settings = settings_from_env()
    assert (
        settings.seed_file,
        settings.state_file,
        settings.random_seed,
        settings.clock,
        settings.journal_size,
        settings.license,
    ) == (
        tmp_path / "s.json",
        tmp_path / "t.json",
        11,
        datetime.datetime(2021, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.UTC),
        5,
        "gold",
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "RANDOM_SEED",
            "x",
            "bad FAKEKIBANA_* variable: argument --random-seed: invalid int value: 'x'",
        ),
        (
            "JOURNAL_SIZE",
            "-1",
            "bad FAKEKIBANA_* variable: argument --journal-size: must be 0 or more, got -1",
        ),
        (
            "CLOCK",
            "noon",
            "bad FAKEKIBANA_* variable: argument --clock: not an ISO 8601 time: 'noon'",
        ),
        (
            "LICENSE",
            "free",
            "FAKEKIBANA_LICENSE must be one of basic, standard, gold, platinum, enterprise, trial",
        ),
    ],
)
def test_bad_variables_are_reported(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    """A variable with a bad value is a FakeKibanaError naming it."""
    monkeypatch.setenv("FAKEKIBANA_" + name, value)
    with pytest.raises(FakeKibanaError) as caught:
        settings_from_env()
    assert str(caught.value) == message


def test_bad_clock_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """--clock with a time that is not ISO 8601 is a usage error."""
    with pytest.raises(SystemExit) as caught:
        main(["--clock", "yesterday"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.endswith(
        "fakekibana: error: argument --clock: not an ISO 8601 time: 'yesterday'\n"
    )


def test_corrupt_state_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """main() refuses to start on a corrupt state file and says why."""
    path = tmp_path / "state.json"
    path.write_text("not json", encoding="utf-8")
    assert main(["--port", "0", "--state-file", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"fakekibana: state file {path} is not valid JSON (Expecting value: line 1 column 1 "
        "(char 0)); fix or remove it\n"
    )


def test_bad_seed_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """main() refuses to start when a seed connector is invalid."""
    path = tmp_path / "seed.json"
    path.write_text(json.dumps([{"actionTypeId": ".nope", "name": "n"}]), encoding="utf-8")
    assert main(["--port", "0", "--seed-file", str(path)]) == 2
    assert capsys.readouterr().err == (
        f'fakekibana: seed file {path}[0]: Action type ".nope" is not registered.\n'
    )


def test_healthcheck_passes_against_a_running_server(server: FakeKibana) -> None:
    """--healthcheck exits 0 when /api/status answers green."""
    assert main(["--healthcheck", "--port", port_of(server.url)]) == 0


def test_healthcheck_asks_the_local_address_for_0_0_0_0(server: FakeKibana) -> None:
    """With --host 0.0.0.0 (the image's setting) the check goes to 127.0.0.1."""
    assert main(["--healthcheck", "--host", "0.0.0.0", "--port", port_of(server.url)]) == 0


def test_healthcheck_fails_when_nothing_listens(capsys: pytest.CaptureFixture[str]) -> None:
    """--healthcheck exits 1 with the reason when no server answers."""
    with FakeKibana() as stopped:
        port = port_of(stopped.url)
    assert main(["--healthcheck", "--port", port]) == 1
    assert capsys.readouterr().err.startswith("fakekibana: unhealthy: <urlopen error [Errno 111]")


def test_healthcheck_logs_in_when_security_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """With FAKEKIBANA_USERS set, the check sends the first user's credentials."""
    settings = Settings().with_options(users=["elastic:changeme"])
    with FakeKibana(settings) as secured:
        status, _ = http("GET", secured.url + "/api/status")
        assert status == 401
        monkeypatch.setenv("FAKEKIBANA_USERS", "elastic:changeme")
        assert main(["--healthcheck", "--port", port_of(secured.url)]) == 0
        monkeypatch.setenv("FAKEKIBANA_USERS", "elastic:wrong")
        assert main(["--healthcheck", "--port", port_of(secured.url)]) == 1


def test_python_m_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    """`python -m fakekibana --port 0` prints its URL, serves, and exits 0 on SIGTERM."""
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps([{"id": "log", "actionTypeId": ".server-log", "name": "log"}]))
    process, url = start(args=["--seed-file", str(seed), "--random-seed", "1"])
    try:
        assert url.startswith("http://127.0.0.1:")
        status, body = http("GET", url + "/api/status")
        assert (status, body["status"]["overall"]["state"]) == (200, "green")
        status, body = http("GET", url + "/api/action/log")
        assert (status, body["name"]) == (200, "log")
        assert http("GET", url + "/_fakekibana/health")[0] == 200
    finally:
        code = stop(process)
    assert code == 0


def test_port_in_use_exits_1(server: FakeKibana, capsys: pytest.CaptureFixture[str]) -> None:
    """A port that is taken is reported with exit status 1."""
    port = port_of(server.url)
    assert main(["--port", port]) == 1
    assert capsys.readouterr().err.startswith(f"fakekibana: cannot listen on 127.0.0.1:{port}: ")


def test_console_script_is_installed() -> None:
    """The `fakekibana` command sits next to this Python."""
    assert (Path(sys.executable).parent / "fakekibana").exists()


def test_state_round_trips_through_the_client() -> None:
    """FakeKibana.state() exports what load_state() puts back after a reset."""
    with FakeKibana(Settings(server_name="state-test")) as kibana:
        kibana.seed({"id": "log-1", "actionTypeId": ".server-log", "name": "log", "space": "s1"})
        exported = kibana.state()
        kibana.reset()
        assert kibana.connectors(None) == []
        kibana.load_state(exported)
        assert kibana.state() == exported
        assert kibana.connectors("s1") == [
            {
                "space": "s1",
                "id": "log-1",
                "actionTypeId": ".server-log",
                "name": "log",
                "config": {},
                "secrets": {},
            }
        ]
