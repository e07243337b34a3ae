"""The Kibana version as a setting: accepted releases, the gate table, and where it shows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings
from fakekibana.cli import main, settings_from_env
from fakekibana.core.errors import FakeKibanaError
from fakekibana.core.versions import GATES, KibanaVersion, parse_version
from tests.conftest import XSRF

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]

SUPPORTED = "7.8.x, 8.19.x, 9.0.x, 9.1.x, 9.2.x, 9.3.x, 9.4.x"


@pytest.mark.parametrize("text", ["7.8.0", "7.8.12", "8.19.3", "9.0.0", "9.4.7"])
def test_supported_releases_are_accepted_as_given(text: str) -> None:
    """Any patch release of a supported line is accepted and kept as written."""
    assert parse_version(text) == KibanaVersion(text)


@pytest.mark.parametrize("text", ["7.9.0", "8.18.2", "9.5.0", "7.8", "latest", "v7.8.0", ""])
def test_other_releases_are_refused_naming_the_supported_ones(text: str) -> None:
    """An unsupported or malformed version is one error naming the supported lines."""
    with pytest.raises(FakeKibanaError) as caught:
        parse_version(text)
    assert str(caught.value) == f"unsupported Kibana version {text!r}; supported: {SUPPORTED}"


def test_every_gate_names_its_source_and_a_forward_range() -> None:
    """Each gate row has a source and, where it ends, ends after it starts."""
    for name, gate in GATES.items():
        assert gate.source, name
        assert gate.until is None or gate.since < gate.until, name


@pytest.mark.parametrize(
    ("version", "seed", "release", "default_prefix"),
    [
        ("7.8.0", True, True, False),
        ("8.19.0", False, True, True),
        ("9.0.0", False, False, True),
        ("9.4.0", False, False, True),
    ],
)
def test_gates_follow_the_release_notes(
    version: str, seed: bool, release: bool, default_prefix: bool
) -> None:
    """The legacy route families and the /s/default rewrite hold where Kibana had them."""
    kibana = KibanaVersion(version)
    assert kibana.has("actions.seed_routes") is seed
    assert kibana.has("actions.release_routes") is release
    assert kibana.has("spaces.default_prefix_served") is default_prefix


def test_an_unsupported_version_stops_the_start_with_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--kibana-version 7.9.0 exits 2 with one line naming the supported versions."""
    assert main(["--port", "0", "--kibana-version", "7.9.0"]) == 2
    assert capsys.readouterr().err == (
        f"fakekibana: unsupported Kibana version '7.9.0'; supported: {SUPPORTED}\n"
    )


def test_the_variable_sets_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """FAKEKIBANA_KIBANA_VERSION fills Settings.kibana_version; 7.8.0 without it."""
    monkeypatch.delenv("FAKEKIBANA_KIBANA_VERSION", raising=False)
    assert settings_from_env().kibana_version == "7.8.0"
    monkeypatch.setenv("FAKEKIBANA_KIBANA_VERSION", "7.8.3")
    assert settings_from_env().kibana_version == "7.8.3"
    monkeypatch.setenv("FAKEKIBANA_KIBANA_VERSION", "6.8.0")
    with pytest.raises(FakeKibanaError) as caught:
        settings_from_env()
    assert str(caught.value) == f"unsupported Kibana version '6.8.0'; supported: {SUPPORTED}"


def test_create_app_refuses_an_unsupported_version() -> None:
    """Settings(kibana_version=...) is checked when the app is built, not at the first request."""
    from fakekibana import create_app  # noqa: PLC0415 - the call under test

    with pytest.raises(FakeKibanaError) as caught:
        create_app(Settings(kibana_version="10.0.0"))
    assert str(caught.value) == f"unsupported Kibana version '10.0.0'; supported: {SUPPORTED}"


async def test_the_version_is_reported_as_given(make_client: MakeClient) -> None:
    """Status, plugin ids and the health endpoint report 7.8.3, and kbn-version must match it."""
    client: TestClient[Any, Any] = await make_client(
        Settings(kibana_version="7.8.3", server_name="v", strict_responses=True)
    )
    status = await (await client.get("/api/status")).json()
    assert status["version"]["number"] == "7.8.3"
    assert {s["id"].rpartition("@")[2] for s in status["status"]["statuses"]} == {"7.8.3"}
    health = await (await client.get("/_fakekibana/health")).json()
    assert health == {"status": "ok", "fakekibana": "0.1.0", "kibana": "7.8.3"}
    body = {"actionTypeId": ".server-log", "name": "n"}
    refused = await client.post("/api/action", json=body, headers={"kbn-version": "7.8.0"})
    assert refused.status == 400
    assert await refused.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": 'Browser client is out of date, please refresh the page ("kbn-version" header '
        'was "7.8.0" but should be "7.8.3")',
        "attributes": {"expected": "7.8.3", "got": "7.8.0"},
    }
    accepted = await client.post("/api/action", json=body, headers={**XSRF, "kbn-version": "7.8.3"})
    assert accepted.status == 200
