"""pytest plugin: one fakekibana per test session (and per xdist worker), reset before each test.

Registered through the `pytest11` entry point. Importing it costs nothing: aiohttp is imported
and the server started only when a test asks for one of these fixtures. All behaviour lives in
fakekibana.server; the fixtures only decide which server a test gets.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fakekibana.core.settings import Settings
    from fakekibana.server import ControlClient

# Point the fixtures at a running server instead (a container, or a real Kibana).
URL_VARIABLE = "FAKEKIBANA_URL"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker, so that --strict-markers accepts it."""
    config.addinivalue_line(
        "markers",
        "fakekibana(**settings): run the test against its own fakekibana with these settings "
        "(Settings fields, e.g. license='basic', users=['elastic:changeme'])",
    )


@pytest.fixture(scope="session")
def fakekibana_settings() -> Settings:
    """Settings of the session's fakekibana: the FAKEKIBANA_* variables, as the CLI reads them.

    Override this fixture in a conftest.py to set them in code.
    """
    from fakekibana.cli import settings_from_env  # noqa: PLC0415 - only when a test asks
    from fakekibana.core.errors import FakeKibanaError  # noqa: PLC0415

    try:
        return settings_from_env()
    except FakeKibanaError as exc:
        raise pytest.UsageError(str(exc)) from None


@pytest.fixture(scope="session")
def fakekibana_server(fakekibana_settings: Settings) -> Iterator[ControlClient]:
    """The session's server: a fakekibana on 127.0.0.1 and a free port, or FAKEKIBANA_URL's."""
    from fakekibana.server import ControlClient, FakeKibana  # noqa: PLC0415

    url = os.environ.get(URL_VARIABLE)
    if url:
        yield ControlClient(url)
        return
    with FakeKibana(fakekibana_settings) as server:
        yield server


@pytest.fixture
def fakekibana_target(
    request: pytest.FixtureRequest, fakekibana_settings: Settings
) -> Iterator[ControlClient]:
    """The server this test talks to, reset before it; its failures are raised after it.

    That is the session's server, or a server of the test's own for a fakekibana marker.
    """
    from fakekibana.core.errors import FakeKibanaError  # noqa: PLC0415
    from fakekibana.server import FakeKibana  # noqa: PLC0415

    marker = request.node.get_closest_marker("fakekibana")
    if marker is None:
        target: ControlClient = request.getfixturevalue("fakekibana_server")
        yield from _reset_and_check(target)
        return
    if os.environ.get(URL_VARIABLE):
        pytest.skip(f"the fakekibana marker needs a local fake, and {URL_VARIABLE} is set")
    if marker.args:
        pytest.fail("the fakekibana marker takes keyword arguments only", pytrace=False)
    try:
        settings = fakekibana_settings.with_options(**marker.kwargs)
        server = FakeKibana(settings).start()
    except FakeKibanaError as exc:
        pytest.fail(f"bad fakekibana marker: {exc}", pytrace=False)
    try:
        yield from _reset_and_check(server)
    finally:
        server.stop()


def _reset_and_check(target: ControlClient) -> Iterator[ControlClient]:
    if not target.is_fake:
        yield target
        return
    target.reset()
    yield target
    target.check()


@pytest.fixture
def fakekibana(fakekibana_target: ControlClient) -> ControlClient:
    """A fakekibana reset for this test, with its controls (fakekibana.server.ControlClient).

    `.url`, `url_for(path, space)`, `seed(...)`, `connectors()`, `requests`,
    `assert_called(method, path, times)`, `set_fault(id, mode)`, `set_clock(now)`.
    Tests using it are skipped when FAKEKIBANA_URL points at a real Kibana.
    """
    if not fakekibana_target.is_fake:
        pytest.skip(f"needs fakekibana's control plane; {URL_VARIABLE} is a real Kibana")
    return fakekibana_target


@pytest.fixture
def fakekibana_url(fakekibana_target: ControlClient) -> str:
    """The base URL to point the client under test at; a real Kibana's when FAKEKIBANA_URL is."""
    return fakekibana_target.url
