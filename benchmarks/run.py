"""The benchmark: fakekibana against a bare aiohttp stub, side by side, in one bounded run.

    .venv/bin/python benchmarks/run.py            # full run (about 5 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # shorter durations, 10k connectors
    .venv/bin/python benchmarks/run.py --smoke    # seconds; checks the script still works

It starts fakekibana (`python -m fakekibana --port 0`) and benchmarks/baseline_server.py with and
without a dict store, each as a subprocess on 127.0.0.1, and measures:

- start-up to the first 200 from GET /api/status, and the idle RSS;
- W1 (POST /api/action with the seed's ServiceNow body) and W2 (GET /api/action/{id})
  throughput at 32 connections, with `wrk -t1 -c32` when it is installed (Debian package `wrk`:
  `apt-get install -y wrk`), else a bounded asyncio load generator;
- the cold run a CI job feels: process start to 500 creates + 500 gets done, sequentially on
  one keep-alive connection;
- growth to 100,000 seed-sized connectors: create and get p99 while growing and after, memory
  per connector, _getAll time at several sizes, and the time to reset everything.
- the cases workload (8.19/9.x; cases.py): create case, add comment, push and `_find` as the
  cases grow to 10,000, each operation's time against its time at 1,000, and a case create
  against a connector create. On 7.8 the phase says why it is skipped.

Every figure is printed beside the dict-store baseline's from the same run, as a ratio, with the
issue's target. Only 127.0.0.1 is loaded; every phase stops after a fixed time or count.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import dataclasses
import importlib.util
import json
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from cases import phase_cases
from harness import (
    API,
    FAKEKIBANA,
    KINDS,
    ROOT,
    STORE,
    WRITE_HEADERS,
    Http,
    Kind,
    LoadFn,
    Server,
    create,
    get,
    percentile,
    run_python,
    run_wrk,
    running,
    seed_body,
    use_version,
    wait_status,
)
from saved_objects import phase_saved_objects
from table import Results, build_rows, print_table


@dataclasses.dataclass(frozen=True)
class Profile:
    """How long and how big each phase is."""

    startup_reps: int
    cold_reps: int
    rounds: int  # throughput: measured rounds of one slice per server, after a warm-up round
    slice: float  # seconds of load per server per round
    warm: bool
    cold_n: int
    grow_n: int
    checkpoints: tuple[int, ...]
    after_n: int
    grow_timeout: float


PROFILES = {
    "full": Profile(7, 5, 5, 2.0, True, 500, 100_000, (1000, 10_000, 100_000), 5000, 300.0),
    "quick": Profile(3, 3, 2, 1.0, True, 500, 10_000, (1000, 10_000), 1000, 120.0),
    "smoke": Profile(1, 1, 1, 0.3, False, 50, 300, (200, 300), 100, 30.0),
}
SECTIONS = ("startup", "throughput", "cold", "growth", "cases", "saved_objects")


# --- phases ----------------------------------------------------------------------------------


def rotated(rep: int) -> tuple[Kind, ...]:
    """The three servers, starting with a different one each repetition."""
    shift = rep % len(KINDS)
    return KINDS[shift:] + KINDS[:shift]


def phase_startup(profile: Profile, results: Results, log: TextIO) -> None:
    """Start-up to a 200 from /api/status, and RSS right after it."""
    for rep in range(profile.startup_reps):
        for kind in rotated(rep):
            with running(kind) as (server, started):
                took = wait_status(server.port, started)
                results.startup.setdefault(kind.key, []).append(took)
                results.startup_cpu.setdefault(kind.key, []).append(server.cpu_seconds())
                results.rss_mb.setdefault(kind.key, []).append(server.rss_kb() / 1024)
                print(f"  start-up {kind.label}: {took * 1000:.0f} ms", file=log)


def phase_throughput(profile: Profile, load: LoadFn, results: Results, log: TextIO) -> None:
    """W2, then W1: the three servers run side by side and take turns, one slice each a round.

    Taking turns in short slices exposes all three to the same background noise; the ratio is
    the median of each round's fakekibana / dict-store ratio.
    """
    with contextlib.ExitStack() as stack:
        servers: dict[str, Server] = {}
        paths: dict[str, str] = {}
        for kind in KINDS:
            server, started = stack.enter_context(running(kind))
            wait_status(server.port, started)
            http = Http(server.port)
            paths[kind.key] = API.one_path.format(create(http))
            http.close()
            servers[kind.key] = server
        for name, method in (("W2", "GET"), ("W1", "POST")):
            runs = results.w2 if name == "W2" else results.w1
            first = 0 if profile.warm else 1
            for rnd in range(first, profile.rounds + 1):
                for kind in rotated(rnd):
                    path = paths[kind.key] if method == "GET" else API.create_path
                    server = servers[kind.key]
                    cpu = server.cpu_seconds()
                    measured = load(server.port, method, path, profile.slice)
                    cpu = server.cpu_seconds() - cpu
                    measured.cpu_us = cpu / max(measured.requests, 1) * 1e6
                    if rnd == 0:
                        continue
                    runs.setdefault(kind.key, []).append(measured)
                    print(
                        f"  {name} round {rnd} {kind.label}: {measured.rps:,.0f} req/s, "
                        f"p99 {measured.p99_ms:.1f} ms, server CPU {measured.cpu_us:.0f} us/req, "
                        f"{measured.errors} errors",
                        file=log,
                    )


def phase_cold(profile: Profile, results: Results, log: TextIO) -> None:
    """Process start to N creates + N gets done, sequentially on one keep-alive connection."""
    for rep in range(profile.cold_reps):
        for kind in rotated(rep):
            with running(kind) as (server, started):
                http = Http(server.port)
                ids = [create(http) for _ in range(profile.cold_n)]
                for connector_id in ids:
                    get(http, connector_id)
                took = time.perf_counter() - started
                cpu = server.cpu_seconds()
                http.close()
            results.cold_n = profile.cold_n
            results.cold.setdefault(kind.key, []).append(took)
            results.cold_cpu.setdefault(kind.key, []).append(cpu)
            print(f"  cold run {kind.label}: {took:.3f} s", file=log)


def _timed(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def _timed_get(http: Http, connector_id: str) -> float:
    began = time.perf_counter()
    get(http, connector_id)
    return time.perf_counter() - began


def _get_all(http: Http) -> int:
    status, body = http.request("GET", API.all_path)
    if status != 200:
        msg = f"_getAll answered {status}"
        raise RuntimeError(msg)
    return len(body)


class Grower:
    """One server whose store grows, one sequential keep-alive connection, its figures."""

    def __init__(self, kind: Kind, server: Server) -> None:
        self.kind = kind
        self.server = server
        self.http = Http(server.port)
        self.rng = random.Random(7)
        self.ids: list[str] = []
        self.creates: list[float] = []
        self.gets: list[float] = []
        self.figures: dict[str, Any] = {"getall_ms": {}}
        self.rss_start = 0
        self.size_start = 0

    def warm(self) -> None:
        """Run every code path before the memory baseline is taken."""
        for _ in range(100):
            self.ids.append(create(self.http, seed_body(len(self.ids))))
        for connector_id in self.ids:
            get(self.http, connector_id)
        _get_all(self.http)
        self.rss_start = self.server.rss_kb()
        self.size_start = len(self.ids)

    def batch(self, size: int, creates: list[float], gets: list[float], n_gets: int) -> None:
        """`size` timed creates, then `n_gets` timed gets of random stored ids."""
        for _ in range(size):
            body = seed_body(len(self.ids))
            began = time.perf_counter()
            self.ids.append(create(self.http, body))
            creates.append(time.perf_counter() - began)
        for _ in range(n_gets):
            gets.append(_timed_get(self.http, self.rng.choice(self.ids)))

    def get_all(self) -> float:
        """One timed _getAll, in ms."""
        return _timed(lambda: _get_all(self.http)) * 1000

    def grown(self) -> None:
        """Figures at the full size: memory per connector, p99 while growing."""
        figures = self.figures
        figures["size"] = len(self.ids)
        grown = len(self.ids) - self.size_start
        figures["kb_per_connector"] = (self.server.rss_kb() - self.rss_start) / max(grown, 1)
        figures["create_p99_ms"] = percentile(self.creates, 0.99) * 1000
        figures["create_max_ms"] = max(self.creates) * 1000
        figures["get_p99_ms"] = percentile(self.gets, 0.99) * 1000

    def reset(self, log: TextIO) -> None:
        """POST /_fakekibana/reset, timed, and the store must be empty after it."""
        began = time.perf_counter()
        status, _ = self.http.request("POST", "/_fakekibana/reset", b"", WRITE_HEADERS)
        took = (time.perf_counter() - began) * 1000
        if status not in (200, 204):
            print(
                f"  {self.kind.label}: POST /_fakekibana/reset answered {status}; skipped", file=log
            )
            return
        if _get_all(self.http) != len(b"[]"):
            print(f"  {self.kind.label}: _getAll is not empty after reset", file=log)
            took = math.nan
        self.figures["reset_ms"] = took
        self.figures["reset_size"] = len(self.ids)


def phase_growth(profile: Profile, results: Results, log: TextIO) -> None:
    """fakekibana and the dict-store baseline grow side by side, a batch each in turn."""
    with contextlib.ExitStack() as stack:
        growers = []
        for kind in (FAKEKIBANA, STORE):
            server, started = stack.enter_context(running(kind))
            wait_status(server.port, started)
            growers.append(Grower(kind, server))
        for grower in growers:
            grower.warm()
        checkpoints = sorted(profile.checkpoints)
        deadline = time.perf_counter() + profile.grow_timeout
        size = growers[0].size_start
        checkpoints = [n for n in checkpoints if n > size]
        while size < profile.grow_n and time.perf_counter() < deadline:
            # Batches of 1000 that land exactly on each checkpoint.
            step = min(1000, profile.grow_n - size, *(n - size for n in checkpoints[:1]))
            for grower in growers:
                grower.batch(step, grower.creates, grower.gets, max(1, step // 10))
            size += step
            while checkpoints and size >= checkpoints[0]:
                checkpoints.pop(0)
                # One untimed call each, then 5 timed calls in turns; the median of each.
                timings: dict[str, list[float]] = {g.kind.key: [] for g in growers}
                for turn in range(6):
                    for grower in growers:
                        took = grower.get_all()
                        if turn:
                            timings[grower.kind.key].append(took)
                for grower in growers:
                    took = statistics.median(timings[grower.kind.key])
                    grower.figures["getall_ms"][size] = took
                    p99 = percentile(grower.creates, 0.99) * 1000
                    rss = grower.server.rss_kb() / 1024
                    print(
                        f"  {grower.kind.label}: {size:,} connectors, _getAll {took:.1f} ms, "
                        f"create p99 so far {p99:.2f} ms, RSS {rss:.0f} MB",
                        file=log,
                    )
        if size < profile.grow_n:
            print(f"  growth stopped at {size:,} after {profile.grow_timeout:.0f} s", file=log)
        for grower in growers:
            grower.grown()
        after: dict[str, tuple[list[float], list[float]]] = {g.kind.key: ([], []) for g in growers}
        done = 0
        while done < profile.after_n:
            step = min(500, profile.after_n - done)
            for grower in growers:
                creates, gets = after[grower.kind.key]
                grower.batch(step, creates, gets, step)
            done += step
        for grower in growers:
            creates, gets = after[grower.kind.key]
            grower.figures["after_create_p99_ms"] = percentile(creates, 0.99) * 1000
            grower.figures["after_get_p99_ms"] = percentile(gets, 0.99) * 1000
            grower.reset(log)
            grower.http.close()
            results.growth[grower.kind.key] = grower.figures


# --- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen phases and print the table; 1 with --check when a target fails."""
    parser = argparse.ArgumentParser(description="fakekibana against a bare aiohttp baseline.")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="short durations, 10k connectors")
    size.add_argument("--smoke", action="store_true", help="a few seconds: the script works")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated phases out of {','.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--load",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator for W1/W2: wrk when installed (auto), or the asyncio fallback",
    )
    parser.add_argument(
        "--kibana-version",
        default="7.8.0",
        help="the Kibana release fakekibana answers as; 8.19/9.x use the snake_case routes",
    )
    parser.add_argument(
        "--event-loop",
        choices=("auto", "uvloop", "asyncio"),
        default="auto",
        help="fakekibana's --event-loop (default auto: uvloop when installed, as it serves)",
    )
    parser.add_argument(
        "--baseline-event-loop",
        choices=("asyncio", "uvloop"),
        default="asyncio",
        help="the baselines' event loop: asyncio (default, as a hand-written stub runs) or "
        "uvloop, to compare the work per request on the same loop",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    # Compare like with like: aiohttp is installed with its bytecode compiled (pip does that),
    # and so is an installed fakekibana; a checkout's modules, where PYTHONDONTWRITEBYTECODE is
    # set, would otherwise be compiled from source at every start.
    compileall.compile_dir(ROOT / "fakekibana", quiet=1)
    use_version(args.kibana_version)
    os.environ["FAKEKIBANA_EVENT_LOOP"] = args.event_loop
    os.environ["BASELINE_EVENT_LOOP"] = args.baseline_event_loop
    fk_loop = args.event_loop
    if fk_loop == "auto":
        fk_loop = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
    profile_name = "smoke" if args.smoke else "quick" if args.quick else "full"
    profile = PROFILES[profile_name]
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown phase(s) {', '.join(sorted(unknown))}")
    use_wrk = args.load == "wrk" or (args.load == "auto" and shutil.which("wrk") is not None)
    if use_wrk and shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install -y wrk)")
    log = sys.stderr
    loadgen = "wrk -t1 -c32" if use_wrk else "python asyncio, 32 connections"
    print(
        f"fakekibana benchmark: {'smoke' if args.smoke else 'quick' if args.quick else 'full'}, "
        f"load {loadgen}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"event loops: fakekibana {fk_loop}, baselines {args.baseline_event_loop}, "
        f"load average {os.getloadavg()[0]:.2f} before the run",
        flush=True,
    )
    if not use_wrk:
        print(
            "  wrk not used: the Python load generator shares the 2 cores and caps throughput; "
            "install it with `apt-get install -y wrk`",
            flush=True,
        )
    results = Results()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        load: LoadFn
        if use_wrk:
            load = lambda port, method, path, d: run_wrk(port, method, path, d, Path(scratch))  # noqa: E731
        else:
            load = run_python
        if "startup" in sections:
            print("start-up ...", file=log, flush=True)
            phase_startup(profile, results, log)
        if "throughput" in sections:
            print("throughput (W1, W2) ...", file=log, flush=True)
            phase_throughput(profile, load, results, log)
        if "cold" in sections:
            print("cold run ...", file=log, flush=True)
            phase_cold(profile, results, log)
        if "growth" in sections:
            print(f"growth to {profile.grow_n:,} connectors ...", file=log, flush=True)
            phase_growth(profile, results, log)
        if "cases" in sections:
            print("cases workload (create case, comment, push, _find) ...", file=log, flush=True)
            phase_cases(profile_name, results.cases, log)
        if "saved_objects" in sections:
            print("saved objects _export/_import round trip ...", file=log, flush=True)
            phase_saved_objects(profile_name, results.saved_objects, log)
    rows = build_rows(results)
    print(
        f"\nratio = fakekibana / aiohttp+dict (the dict-store baseline), same run; "
        f"run took {time.perf_counter() - began:.0f} s, load average {os.getloadavg()[0]:.2f} "
        "at the end (with this run's own load)\n"
    )
    print_table(rows, sys.stdout)
    if args.json is not None:
        args.json.write_text(
            json.dumps([dataclasses.asdict(row) for row in rows], indent=2, allow_nan=True) + "\n"
        )
    failed = any(row.passed is False for row in rows)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
