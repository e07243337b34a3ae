"""The benchmark script still runs end to end (its figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Long-running: the README's test command runs it; -m "not slow" leaves it out.
pytestmark = pytest.mark.slow

V9 = "9.4.0"
RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_smoke_run_prints_the_table() -> None:
    """benchmarks/run.py --smoke starts every server, runs every phase and prints the table."""
    done = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--load", "python"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    header = ["figure", "fakekibana", "aiohttp+dict", "aiohttp", "ratio", "target", "result"]
    assert header in [line.split() for line in lines], done.stdout
    figures = {line.split("  ")[0] for line in lines}
    for figure in (
        "W1 POST throughput, req/s",
        "W2 GET throughput, req/s",
        "cold run: start + 50 creates + 50 gets, s",
        "start-up to 200 /api/status, s (ratio: vs aiohttp)",
        "idle RSS, MB",
        "memory per stored connector, KB",
        "cases workload (8.19/9.x only)",
    ):
        assert figure in figures, done.stdout


def test_smoke_cases_run_on_9_4_prints_the_cases_rows() -> None:
    """--only cases on 9.4 grows the cases, times each operation and checks both targets."""
    done = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--only", "cases", "--kibana-version", "9.4.0"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = {line.split("  ")[0]: line.split() for line in done.stdout.splitlines()}
    for figure in (
        "cases: create connector at 100 cases, ms",
        "cases: push at 300 cases, ms",
        "cases: _find (default query) at 300 cases, ms",
    ):
        assert figures[figure][-1] == "info", done.stdout
    for figure in (
        "cases: create case / create connector at 300 cases",
        "cases: add comment time, 300 vs 100 cases",
        "cases: _find (default query) time, 300 vs 100 cases",
    ):
        assert figures[figure][-1] in ("PASS", "FAIL"), done.stdout


def test_smoke_saved_objects_round_trip_prints_its_rows() -> None:
    """--only saved_objects on 9.4 times _export and _import per object and checks linearity."""
    done = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--smoke",
            "--only",
            "saved_objects",
            "--kibana-version",
            "9.4.0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = {line.split("  ")[0]: line.split() for line in done.stdout.splitlines()}
    for figure in (
        "saved objects: _export (deep) at 100 objects, us/object",
        "saved objects: _import at 300 objects, us/object",
        "saved objects: _export + _import at 300 objects, us/object",
    ):
        assert figures[figure][-1] == "info", done.stdout
    figure = "saved objects: round trip per object, 300 vs 100 objects"
    assert figures[figure][-1] in ("PASS", "FAIL"), done.stdout
