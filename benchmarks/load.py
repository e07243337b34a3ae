"""The load test: many concurrent clients creating, updating, reading and deleting across spaces.

    .venv/bin/python benchmarks/load.py                             # 32 clients for 60 s
    .venv/bin/python benchmarks/load.py --clients 8 --duration 5    # about tests/test_load.py

It starts `python -m fakekibana --port 0` with security on (a superuser and a user with
all@space1) as a subprocess on 127.0.0.1, then runs N clients until the duration or the request
cap is reached. Each client owns the connectors it creates (at most a few at a time), so the
last acknowledged state of each one is known exactly. While running, every answer is checked
against it (whole bodies), and a listing must hold every connector its client has acknowledged.
Afterwards:

- every acknowledged create that was not deleted is readable, with its last acknowledged body;
- every acknowledged delete is gone (404);
- no id was handed out twice, and each space's listing has exactly the connectors it should;
- the server's resident memory levels off (the store is bounded and the journal is capped).

It prints requests tried, errors, duration, throughput, latency and peak RSS of the server.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import dataclasses
import json
import os
import random
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import aiohttp

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
SPACES = ("default", "space1", "space2", "space3")
SUPERUSER = ("load", "load-password")
SPACE1_USER = ("load-s1", "load-s1-password")
USERS = (f"{SUPERUSER[0]}:{SUPERUSER[1]}", f"{SPACE1_USER[0]}:{SPACE1_USER[1]}:all@space1")
# Each client keeps at most this many connectors alive, so the store stays bounded.
OWN_LIMIT = 8
START_TIMEOUT = 20.0
REQUEST_TIMEOUT = 30.0
LISTENING = re.compile(r"fakekibana listening on (http://\S+)")


def auth(user: tuple[str, str]) -> dict[str, str]:
    """Basic-auth and kbn-xsrf headers."""
    token = base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}", "kbn-xsrf": "load"}


def prefix(space: str) -> str:
    """The URL prefix of a space."""
    return "" if space == "default" else f"/s/{space}"


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of a process from /proc, in KiB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclasses.dataclass
class Owned:
    """A connector a client created: where it is and its last acknowledged view."""

    space: str
    view: dict[str, Any]


@dataclasses.dataclass
class Report:
    """Figures and findings of one run."""

    clients: int
    tried: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    latencies: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    created_ids: list[str] = dataclasses.field(default_factory=list)
    deleted_ids: list[str] = dataclasses.field(default_factory=list)
    live: dict[str, Owned] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0
    rss_samples: list[tuple[float, int]] = dataclasses.field(default_factory=list)
    peak_rss_kib: int = 0
    verified: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    journal_entries: int | None = None

    def error(self, text: str) -> None:
        """Record an unexpected answer (kept to the first hundred)."""
        if len(self.errors) < 100:
            self.errors.append(text)
        else:
            self.errors.append("...")

    def rss_at(self, fraction: float) -> int:
        """The RSS sample nearest to a fraction of the run (KiB)."""
        if not self.rss_samples:
            return 0
        moment = self.seconds * fraction
        return min(self.rss_samples, key=lambda s: abs(s[0] - moment))[1]

    def summary(self) -> str:
        """The figures as a few lines."""
        lines = [
            f"load: {self.clients} clients, {self.tried} requests in {self.seconds:.1f} s "
            f"({self.tried / max(self.seconds, 1e-9):.0f}/s), {len(self.errors)} errors, "
            f"{len(self.failures)} failed post-conditions",
            f"  creates acknowledged {len(self.created_ids)} (distinct ids "
            f"{len(set(self.created_ids))}), deletes {len(self.deleted_ids)}, live at end "
            f"{len(self.live)}, verified afterwards {self.verified}",
            f"  server RSS: peak {self.peak_rss_kib / 1024:.1f} MiB; at 25% / 50% / 75% / 100% "
            + " / ".join(f"{self.rss_at(f) / 1024:.1f}" for f in (0.25, 0.5, 0.75, 1.0))
            + " MiB",
        ]
        if self.journal_entries is not None:
            lines.append(f"  journal entries at end: {self.journal_entries}")
        for op, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
            lines.append(
                f"  {op:<8} n={len(values):<6} p50 {statistics.median(values) * 1000:.1f} ms  "
                f"p99 {p99 * 1000:.1f} ms"
            )
        return "\n".join(lines)


class Client:
    """One simulated user: a sequential loop of operations on its own connectors."""

    def __init__(
        self, number: int, session: aiohttp.ClientSession, url: str, report: Report
    ) -> None:
        self.number = number
        self.session = session
        self.url = url
        self.report = report
        self.rng = random.Random(number)
        # Every fourth client is the all@space1 user, working in space1 only.
        self.restricted = number % 4 == 3
        self.headers = auth(SPACE1_USER if self.restricted else SUPERUSER)
        self.owned: dict[str, Owned] = {}
        self.serial = 0

    async def call(
        self, op: str, method: str, path: str, body: Any = None
    ) -> tuple[int, Any] | None:
        """One request; (status, JSON or None), or None when it did not complete."""
        self.report.tried += 1
        started = time.monotonic()
        try:
            async with self.session.request(
                method, self.url + path, json=body, headers=self.headers
            ) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.report.error(f"{op} {method} {path}: {type(exc).__name__}: {exc}")
            return None
        self.report.latencies.setdefault(op, []).append(time.monotonic() - started)
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            self.report.error(f"{op} {method} {path}: {status} not JSON: {raw[:200]!r}")
            return None
        return status, parsed

    def expect(self, op: str, got: tuple[int, Any] | None, status: int, body: Any) -> bool:
        """Whether an answer is exactly the expected one; an error is recorded if not."""
        if got is None:
            return False
        if got != (status, body):
            self.report.error(f"{op}: expected {status} {body!r}, got {got[0]} {got[1]!r}")
            return False
        return True

    def space(self) -> str:
        """Where the next connector goes."""
        return "space1" if self.restricted else self.rng.choice(SPACES)

    async def create(self) -> None:
        """POST a connector; on 200 it is ours."""
        space = self.space()
        self.serial += 1
        name = f"c{self.number}-{self.serial}"
        body = {"name": name, "actionTypeId": ".index", "config": {"index": name}}
        got = await self.call("create", "POST", f"{prefix(space)}/api/action", body)
        if got is None:
            return
        status, created = got
        if status != 200 or not isinstance(created, dict) or "id" not in created:
            self.report.error(f"create: {status} {created!r}")
            return
        expected = {
            "id": created["id"],
            "actionTypeId": ".index",
            "name": name,
            "config": {"index": name, "refresh": False, "executionTimeField": None},
            "isPreconfigured": False,
        }
        if self.expect("create", got, 200, expected):
            self.owned[created["id"]] = Owned(space, expected)
            self.report.created_ids.append(created["id"])

    async def read(self, connector_id: str) -> None:
        """GET one of ours: exactly its last acknowledged view."""
        owned = self.owned[connector_id]
        path = f"{prefix(owned.space)}/api/action/{connector_id}"
        self.expect("get", await self.call("get", "GET", path), 200, owned.view)

    async def update(self, connector_id: str) -> None:
        """PUT a new name and index; on 200 that is the view to expect."""
        owned = self.owned[connector_id]
        self.serial += 1
        name = f"{owned.view['name'].split('~')[0]}~{self.serial}"
        body = {"name": name, "config": {"index": name}}
        path = f"{prefix(owned.space)}/api/action/{connector_id}"
        expected = {
            **owned.view,
            "name": name,
            "config": {"index": name, "refresh": False, "executionTimeField": None},
        }
        if self.expect("update", await self.call("update", "PUT", path, body), 200, expected):
            owned.view = expected

    async def delete(self, connector_id: str) -> None:
        """DELETE one of ours; on 204 it is gone, and a read says so."""
        owned = self.owned[connector_id]
        path = f"{prefix(owned.space)}/api/action/{connector_id}"
        if self.expect("delete", await self.call("delete", "DELETE", path), 204, None):
            del self.owned[connector_id]
            self.report.deleted_ids.append(connector_id)
            gone = {
                "statusCode": 404,
                "error": "Not Found",
                "message": f"Saved object [action/{connector_id}] not found",
            }
            self.expect("get", await self.call("get", "GET", path), 404, gone)

    async def list_space(self) -> None:
        """GET the space's connectors: all of ours there must be listed, as acknowledged."""
        space = self.space()
        got = await self.call("list", "GET", f"{prefix(space)}/api/actions")
        if got is None:
            return
        status, listed = got
        if status != 200 or not isinstance(listed, list):
            self.report.error(f"list: {status} {listed!r}")
            return
        by_id = {item["id"]: item for item in listed}
        if len(by_id) != len(listed):
            self.report.error(f"list {space}: duplicate ids")
        for connector_id, owned in self.owned.items():
            if owned.space != space:
                continue
            item = by_id.get(connector_id)
            if item != {**owned.view, "referencedByCount": 0}:
                self.report.error(f"list {space}: {connector_id} is {item!r}")

    async def run(self, deadline: float, budget: list[int]) -> None:
        """Operations until the deadline or the shared request budget runs out."""
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            roll = self.rng.random()
            ids = list(self.owned)
            if not ids or (roll < 0.3 and len(ids) < OWN_LIMIT):
                await self.create()
            elif roll < 0.55:
                await self.read(self.rng.choice(ids))
            elif roll < 0.75:
                await self.update(self.rng.choice(ids))
            elif roll < 0.9 or len(ids) >= OWN_LIMIT:
                await self.delete(self.rng.choice(ids))
            else:
                await self.list_space()


async def sample_rss(pid: int, started: float, samples: list[tuple[float, int]]) -> None:
    """Sample the server's RSS four times a second until cancelled."""
    while True:
        samples.append((time.monotonic() - started, rss_kib(pid)))
        await asyncio.sleep(0.25)


async def verify(session: aiohttp.ClientSession, url: str, report: Report) -> None:
    """The post-conditions, checked with the superuser once every client has stopped."""
    headers = auth(SUPERUSER)
    if len(set(report.created_ids)) != len(report.created_ids):
        report.failures.append("an id was handed out twice")
    for space in SPACES:
        async with session.get(f"{url}{prefix(space)}/api/actions", headers=headers) as response:
            listed = await response.json()
        ids = [item["id"] for item in listed]
        expected = {cid for cid, owned in report.live.items() if owned.space == space}
        if len(ids) != len(set(ids)):
            report.failures.append(f"{space}: the listing repeats an id")
        if set(ids) != expected or len(ids) != len(expected):
            missing, extra = sorted(expected - set(ids))[:5], sorted(set(ids) - expected)[:5]
            report.failures.append(
                f"{space}: {len(ids)} listed, {len(expected)} expected; "
                f"missing {missing}, extra {extra}"
            )
    for connector_id, owned in report.live.items():
        path = f"{url}{prefix(owned.space)}/api/action/{connector_id}"
        async with session.get(path, headers=headers) as response:
            got = (response.status, await response.json())
        if got != (200, owned.view):
            report.failures.append(f"{connector_id}: {got} instead of {owned.view}")
        report.verified += 1
    spaces_of = {cid: owned.space for cid, owned in report.live.items()}
    for connector_id in report.deleted_ids:
        if connector_id in spaces_of:
            continue
        # A deleted connector is gone from every space.
        for space in SPACES:
            path = f"{url}{prefix(space)}/api/action/{connector_id}"
            async with session.get(path, headers=headers) as response:
                if response.status != 404:
                    report.failures.append(f"deleted {connector_id} answers {response.status}")
        report.verified += 1
    async with session.get(f"{url}/_fakekibana/requests") as response:
        if response.status == 200:
            report.journal_entries = len((await response.json())["requests"])


async def run_load(url: str, pid: int, clients: int, duration: float, max_requests: int) -> Report:
    """Drive the server at `url` (process `pid`) and check what it acknowledged."""
    report = Report(clients)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.monotonic()
        sampler = asyncio.create_task(sample_rss(pid, started, report.rss_samples))
        workers = [Client(n, session, url, report) for n in range(clients)]
        budget = [max_requests]
        await asyncio.gather(*(w.run(started + duration, budget) for w in workers))
        report.seconds = time.monotonic() - started
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        for worker in workers:
            report.live.update(worker.owned)
        await verify(session, url, report)
    report.peak_rss_kib = rss_kib(pid, "VmHWM")
    return report


@contextlib.contextmanager
def server(extra: Sequence[str] = ()) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`python -m fakekibana --port 0` with the load users, on 127.0.0.1; yields it and its URL."""
    argv = [sys.executable, "-m", "fakekibana", "--host", HOST, "--port", "0"]
    for user in USERS:
        argv += ["--user", user]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKEKIBANA_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    process = subprocess.Popen(
        [*argv, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        match = LISTENING.search(process.stdout.readline() if ready else "")
        if match is None:
            msg = "fakekibana did not start"
            raise RuntimeError(msg)
        yield process, match.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load test and print its figures; exit status 1 if anything was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (a cap)")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="a cap as well")
    args = parser.parse_args(argv)
    with server() as (process, url):
        idle = rss_kib(process.pid)
        report = asyncio.run(
            run_load(url, process.pid, args.clients, args.duration, args.max_requests)
        )
    print(f"server RSS when idle: {idle / 1024:.1f} MiB")
    print(report.summary())
    for line in [*report.errors[:20], *report.failures[:20]]:
        print("  PROBLEM", line)
    return 1 if report.errors or report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
