"""The fuzzer of benchmarks/fuzz.py, in a short form by default and in full on demand.

    FAKEKIBANA_FUZZ_FULL=1 .venv/bin/python -m pytest tests/test_fuzz.py -s   # 20,000 per mode
    FAKEKIBANA_FUZZ_SEED=7 ...                                                 # another seed

The default run sends a few hundred requests per mode (a few seconds); the full run is what
the issue's figures come from. Each run is bounded by a time limit as well as a count.
"""

from __future__ import annotations

import logging
import os
import random

import pytest

from benchmarks.fuzz import ROUTES, ROUTES_V8, Generator, fuzz, quiet_parser_errors

# Long-running: the README's test command runs it; -m "not slow" leaves it out.
pytestmark = pytest.mark.slow

FULL = os.environ.get("FAKEKIBANA_FUZZ_FULL") == "1"
COUNT = 20_000 if FULL else 1000
SEED = int(os.environ.get("FAKEKIBANA_FUZZ_SEED", "1"))
TIME_LIMIT = 600.0 if FULL else 60.0


@pytest.mark.parametrize("version", ["7.8.0", "8.19.0", "9.4.0"])
@pytest.mark.parametrize("security", [False, True], ids=["security-off", "security-on"])
async def test_fuzzed_requests_never_fail_and_refusals_change_nothing(
    security: bool, version: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Random and malformed requests get no 5xx, Kibana-shaped errors, and refusals keep state."""
    caplog.set_level(logging.ERROR, logger="fakekibana")
    with quiet_parser_errors():
        report = await fuzz(
            COUNT, SEED, security, TIME_LIMIT, control=False, kibana_version=version
        )
    print(report.summary())
    assert report.problems == []
    assert report.tried == COUNT
    assert report.alive_at_end is True
    assert [code for code in report.statuses if code >= 500] == []
    # The run reached every stage: accepted requests, refusals of each kind, broken framing.
    expected = {200, 400, 404, 415} | ({401} if security else set())
    assert expected <= set(report.statuses)
    assert {"lf-only", "bad-chunk", "short-body"} & set(report.labels)
    assert [r.getMessage() for r in caplog.records if r.name == "fakekibana"] == []


def test_generator_is_repeatable() -> None:
    """The same seed gives the same requests, so a failure can be replayed."""
    first, again = Generator(random.Random(SEED), True), Generator(random.Random(SEED), True)
    requests = [first.next().raw for _ in range(200)]
    assert requests == [again.next().raw for _ in range(200)]
    assert len(set(requests)) > 150


@pytest.mark.parametrize("routes", [ROUTES, ROUTES_V8], ids=["7.8", "8.19-9.x"])
def test_generator_covers_the_platform_routes(routes: list[tuple[str, str]]) -> None:
    """Every release's fuzzing reaches the Spaces API, /api/stats and /api/features."""
    generator = Generator(random.Random(SEED), False, routes=routes)
    lines = [generator.next().raw.split(b"\r\n", 1)[0] for _ in range(3000)]
    for path in (b"/api/spaces/space ", b"/api/spaces/space/", b"/api/stats", b"/api/features"):
        assert any(path in line for line in lines), path
