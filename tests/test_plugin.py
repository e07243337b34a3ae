"""The pytest plugin, run through pytester: fixtures, reset isolation, the marker, xdist,
FAKEKIBANA_URL, server errors re-raised in the test, and the README's examples."""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakekibana.server import FakeKibana

pytest_plugins = ("pytester",)

README = Path(__file__).parent.parent / "README.md"
# Subprocess runs skip the unrelated plugins installed beside fakekibana: they only cost time.
QUIET = ("-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest")

# Imported by the inner tests: a create through Kibana's API, with the standard library.
HELPERS = """
import json
import urllib.request

def call(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("kbn-xsrf", "true")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), exc.headers

def create(fakekibana, name="log", space=None):
    body = {"actionTypeId": ".server-log", "name": name}
    status, created, _ = call(fakekibana.url_for("/api/action", space), "POST", body)
    assert status == 200, created
    return created["id"]

def email_enabled(url):
    _, types, _ = call(url + "/api/action/types")
    return next(t["enabledInLicense"] for t in types if t["id"] == ".email")
"""


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester folder with the helpers module and no FAKEKIBANA_* variables."""
    for name in ("URL", "LICENSE", "USERS", "PORT", "HOST", "STATE_FILE", "SEED_FILE"):
        monkeypatch.delenv("FAKEKIBANA_" + name, raising=False)
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(helpers=HELPERS)
    return pytester


def readme_block(marker: str) -> str:
    """The README's python code block that contains `marker`."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    (block,) = [b for b in blocks if marker in b]
    return block


# --- registration -------------------------------------------------------------------------------


def test_marker_and_fixtures_are_registered(inner: pytest.Pytester) -> None:
    """The entry point loads the plugin: its marker and documented fixtures are listed."""
    markers = inner.runpytest("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.fakekibana(**settings): run the test against*"])
    fixtures = inner.runpytest("--fixtures")
    for name, doc in [
        ("fakekibana -- ", "A fakekibana reset for this test, with its controls*"),
        ("fakekibana_url -- ", "The base URL to point the client under test at*"),
        ("fakekibana_settings [[]session scope[]] -- ", "Settings of the session's fakekibana:*"),
        ("fakekibana_server [[]session scope[]] -- ", "The session's server: a fakekibana on*"),
        ("fakekibana_target -- ", "The server this test talks to, reset before it*"),
    ]:
        fixtures.stdout.fnmatch_lines([name + "*", "    " + doc])


def test_plugin_import_loads_no_server_code() -> None:
    """Importing the plugin (as every pytest run does) imports neither aiohttp nor the app."""
    code = "import sys, fakekibana.pytest_plugin; print(sorted(m for m in sys.modules " + (
        "if m.startswith(('aiohttp', 'fakekibana.', 'jsonschema', 'yaml'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == "['fakekibana.pytest_plugin']\n"


def test_no_server_starts_unless_a_test_asks(inner: pytest.Pytester) -> None:
    """A session whose tests use no fakekibana fixture starts no server thread."""
    inner.makepyfile(
        """
        import sys, threading

        def test_plain():
            assert "fakekibana.server" not in sys.modules
            assert [t.name for t in threading.enumerate() if t.name == "fakekibana"] == []
        """
    )
    inner.runpytest_subprocess(*QUIET).assert_outcomes(passed=1)


# --- one server, reset before every test -------------------------------------------------------


def test_each_test_starts_from_a_clean_server(inner: pytest.Pytester, tmp_path: Path) -> None:
    """State, journal and spaces are reset between tests that share one session server."""
    urls = tmp_path / "urls.txt"
    inner.makepyfile(
        f"""
        from helpers import create

        def test_first(fakekibana, fakekibana_url):
            with open({str(urls)!r}, "a") as out:
                out.write(fakekibana_url + "\\n")
            create(fakekibana)
            create(fakekibana, space="ops")
            fakekibana.seed({{"id": "seeded", "actionTypeId": ".server-log", "name": "s"}})
            fakekibana.set_clock("2020-01-01T00:00:00Z")
            assert len(fakekibana.connectors()) == 2
            fakekibana.assert_called("POST", "/api/action", times=1)

        def test_second(fakekibana, fakekibana_url):
            with open({str(urls)!r}, "a") as out:
                out.write(fakekibana_url + "\\n")
            assert fakekibana.connectors(space=None) == []
            assert fakekibana.requests == []
            assert fakekibana.state()["clock"] is None
            assert fakekibana.url == fakekibana_url
        """
    )
    inner.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
    first, second = urls.read_text().splitlines()
    assert first == second
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", first)


def test_readme_example_passes(inner: pytest.Pytester) -> None:
    """The README's five-line pytest example is a passing test."""
    block = readme_block("def test_create_connector(fakekibana)")
    assert len(block.strip().splitlines()) <= 7
    inner.makepyfile(test_readme=block)
    inner.runpytest().assert_outcomes(passed=1)


def test_readme_async_example_passes(inner: pytest.Pytester) -> None:
    """The README's aiohttp_client example passes under pytest-aiohttp."""
    inner.makepyfile(test_readme_async=readme_block("aiohttp_client"))
    inner.runpytest("-o", "asyncio_mode=auto").assert_outcomes(passed=1)


# --- settings: variables, fixture override, marker ---------------------------------------------


def test_settings_come_from_variables(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAKEKIBANA_* variables configure the session's server as they configure the CLI."""
    monkeypatch.setenv("FAKEKIBANA_LICENSE", "basic")
    monkeypatch.setenv("FAKEKIBANA_SERVER_NAME", "from-env")
    inner.makepyfile(
        """
        from helpers import call, email_enabled

        def test_basic(fakekibana_url):
            assert email_enabled(fakekibana_url) is False
            assert call(fakekibana_url + "/api/status")[2]["kbn-name"] == "from-env"
        """
    )
    inner.runpytest().assert_outcomes(passed=1)


def test_settings_fixture_can_be_overridden(inner: pytest.Pytester) -> None:
    """A conftest.py fakekibana_settings fixture replaces the variables."""
    inner.makeconftest(
        """
        import pytest
        from fakekibana import Settings

        @pytest.fixture(scope="session")
        def fakekibana_settings():
            return Settings(license="gold", server_name="from-conftest")
        """
    )
    inner.makepyfile(
        """
        from helpers import call, email_enabled

        def test_gold(fakekibana_url):
            assert email_enabled(fakekibana_url) is True
            assert call(fakekibana_url + "/api/status")[2]["kbn-name"] == "from-conftest"
        """
    )
    inner.runpytest().assert_outcomes(passed=1)


def test_marker_gives_a_test_its_own_server(inner: pytest.Pytester, tmp_path: Path) -> None:
    """@pytest.mark.fakekibana(...) runs one test on a server with those settings only."""
    urls = tmp_path / "urls.txt"
    inner.makepyfile(
        f"""
        import pytest
        from helpers import call, email_enabled

        def test_before(fakekibana_url):
            with open({str(urls)!r}, "a") as out:
                out.write(fakekibana_url + "\\n")
            assert email_enabled(fakekibana_url) is True

        @pytest.mark.fakekibana(license="basic", users=["elastic:changeme"])
        def test_marked(fakekibana, fakekibana_url):
            with open({str(urls)!r}, "a") as out:
                out.write(fakekibana_url + "\\n")
            assert fakekibana.url == fakekibana_url
            assert call(fakekibana_url + "/api/status")[0] == 401

        def test_after(fakekibana_url):
            with open({str(urls)!r}, "a") as out:
                out.write(fakekibana_url + "\\n")
            assert email_enabled(fakekibana_url) is True
        """
    )
    inner.runpytest("-p", "no:randomly").assert_outcomes(passed=3)
    before, marked, after = urls.read_text().splitlines()
    assert before == after
    assert marked != before


def test_bad_marker_fails_the_test(inner: pytest.Pytester) -> None:
    """A marker with an unknown setting errors the test, naming the setting."""
    inner.makepyfile(
        """
        import pytest

        @pytest.mark.fakekibana(licence="basic")
        def test_typo(fakekibana):
            pass
        """
    )
    result = inner.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*bad fakekibana marker: unknown fakekibana setting 'licence'*"])


# --- failures surface in the test ---------------------------------------------------------------


def test_server_errors_are_raised_in_the_test(inner: pytest.Pytester) -> None:
    """An exception inside the server fails the test that caused it, at teardown."""
    inner.makepyfile(
        """
        from fakekibana.connectors.client import ActionsClient
        from helpers import call

        def test_breaks_the_server(fakekibana, monkeypatch):
            def boom(self):
                raise RuntimeError("boom in the server")
            monkeypatch.setattr(ActionsClient, "list_types", boom)
            assert call(fakekibana.url + "/api/action/types")[0] == 500

        def test_next_one_is_clean(fakekibana):
            assert fakekibana.errors() == []
        """
    )
    result = inner.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_breaks_the_server*",
            "E * fakekibana.server.ServerError: fakekibana failed on 1 request(s):",
            "E * GET /api/action/types:",
            "E * RuntimeError: boom in the server",
        ]
    )


def test_assert_called_shows_what_was_recorded(inner: pytest.Pytester) -> None:
    """assert_called fails with the count it saw and the requests the journal holds."""
    inner.makepyfile(
        """
        from helpers import call

        def test_count(fakekibana):
            call(fakekibana.url + "/api/status")
            fakekibana.assert_called("POST", "/api/action", times=1)
        """
    )
    result = inner.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E * AssertionError: expected 1 POST /api/action request(s), got 0; recorded:",
            "E *   GET /api/status -> 200",
        ]
    )


# --- xdist --------------------------------------------------------------------------------------


def test_each_xdist_worker_has_its_own_server(inner: pytest.Pytester, tmp_path: Path) -> None:
    """Under -n 2 each worker starts one server of its own, and workers share no state."""
    seen = tmp_path / "seen.txt"
    inner.makepyfile(
        f"""
        import os
        import pytest
        from helpers import create

        @pytest.mark.parametrize("n", range(8))
        def test_isolated(fakekibana, n):
            create(fakekibana, name=f"c{{n}}")
            assert [c["name"] for c in fakekibana.connectors()] == [f"c{{n}}"]
            line = os.environ["PYTEST_XDIST_WORKER"] + " " + fakekibana.url + "\\n"
            with open({str(seen)!r}, "a") as out:
                out.write(line)
        """
    )
    inner.runpytest_subprocess("-n", "2", *QUIET).assert_outcomes(passed=8)
    pairs = {tuple(line.split()) for line in seen.read_text().splitlines()}
    workers = {worker for worker, _ in pairs}
    assert workers == {"gw0", "gw1"}
    assert len(pairs) == 2
    assert len({url for _, url in pairs}) == 2


# --- FAKEKIBANA_URL -----------------------------------------------------------------------------


def test_fakekibana_url_points_the_fixtures_at_a_running_fake(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With FAKEKIBANA_URL naming a fakekibana (a container), the fixtures use it, controls too."""
    with FakeKibana() as outside:
        monkeypatch.setenv("FAKEKIBANA_URL", outside.url + "/")
        inner.makepyfile(
            f"""
            def test_uses_it(fakekibana, fakekibana_url):
                assert fakekibana_url == {outside.url!r}
                fakekibana.seed({{"id": "from-inner", "actionTypeId": ".server-log", "name": "x"}})
            """
        )
        inner.runpytest().assert_outcomes(passed=1)
        assert [c["id"] for c in outside.connectors()] == ["from-inner"]


class _RealKibana(http.server.BaseHTTPRequestHandler):
    """A stand-in for a real Kibana: /api/status answers, nothing under /_fakekibana/ does."""

    def do_GET(self) -> None:
        """Answer /api/status; 404 elsewhere."""
        found = self.path == "/api/status"
        body = json.dumps({"version": {"number": "7.8.0"}} if found else {}).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def real_kibana() -> Iterator[str]:
    """The URL of a server that behaves like a real Kibana for the plugin's probe."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RealKibana)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_real_kibana_skips_tests_that_need_controls(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, real_kibana: str
) -> None:
    """Against a real Kibana, fakekibana_url tests run and fake-only tests are skipped."""
    monkeypatch.setenv("FAKEKIBANA_URL", real_kibana)
    inner.makepyfile(
        f"""
        import pytest
        from helpers import call

        def test_portable(fakekibana_url):
            assert fakekibana_url == {real_kibana!r}
            assert call(fakekibana_url + "/api/status")[1] == {{"version": {{"number": "7.8.0"}}}}

        def test_fake_only(fakekibana):
            raise AssertionError("must not run")

        @pytest.mark.fakekibana(license="basic")
        def test_needs_its_own(fakekibana_url):
            raise AssertionError("must not run")
        """
    )
    result = inner.runpytest("-rs")
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "SKIPPED * needs fakekibana's control plane; FAKEKIBANA_URL is a real Kibana",
            "SKIPPED * the fakekibana marker needs a local fake, and FAKEKIBANA_URL is set",
        ]
    )


def test_marker_takes_the_kibana_version(inner: pytest.Pytester) -> None:
    """kibana_version= in the marker gives the test a server of that release; a bad one fails it."""
    inner.makepyfile(
        """
        import pytest
        from helpers import call

        @pytest.mark.fakekibana(kibana_version="7.8.2")
        def test_release(fakekibana_url):
            assert call(fakekibana_url + "/api/status")[1]["version"]["number"] == "7.8.2"

        @pytest.mark.fakekibana(kibana_version="7.9.0")
        def test_unsupported(fakekibana_url):
            pass
        """
    )
    result = inner.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*bad fakekibana marker: unsupported Kibana version '7.9.0'; supported: 7.8.x, *"]
    )
