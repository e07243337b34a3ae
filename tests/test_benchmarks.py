"""The benchmark script still runs end to end (its figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Long-running: the README's test command runs it; -m "not slow" leaves it out.
pytestmark = pytest.mark.slow

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
    ):
        assert figure in figures, done.stdout
