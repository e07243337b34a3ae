"""The load test of benchmarks/load.py in a short form: a real server process, concurrent clients.

The full run, with its figures: `.venv/bin/python benchmarks/load.py` (32 clients, 60 s).
"""

from __future__ import annotations

import pytest

from benchmarks.load import run_load, server

# Long-running: the README's test command runs it; -m "not slow" leaves it out.
pytestmark = pytest.mark.slow

CLIENTS = 8
DURATION = 4.0
JOURNAL_SIZE = 200


async def test_concurrent_clients_lose_nothing_and_memory_levels_off() -> None:
    """Concurrent CRUD across spaces: every acknowledged change holds, and memory is bounded."""
    with server(["--journal-size", str(JOURNAL_SIZE)]) as (process, url):
        report = await run_load(url, process.pid, CLIENTS, DURATION, max_requests=20_000)
    print(report.summary())
    assert report.errors == []
    assert report.failures == []
    assert report.tried >= 200
    assert len(report.created_ids) > 0
    assert len(set(report.created_ids)) == len(report.created_ids)
    # Every live connector and every deleted one was read back afterwards.
    gone = set(report.deleted_ids) - set(report.live)
    assert report.verified == len(report.live) + len(gone)
    assert len(report.live) + len(report.deleted_ids) == len(report.created_ids)
    # The journal holds its cap and no more; the server's memory stops growing.
    assert report.journal_entries == JOURNAL_SIZE
    growth_kib = report.rss_at(1.0) - report.rss_at(0.5)
    assert growth_kib < 10 * 1024, report.summary()
