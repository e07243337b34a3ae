"""The benchmark's tools: the servers under test, a minimal HTTP client and the load generators."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import math
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
CONNECTIONS = 32

# The seed page's "Create connector" request, kept once for the tests and the benchmarks.
SEED: dict[str, Any] = json.loads((ROOT / "tests" / "seed_requests.json").read_text("utf-8"))[
    "servicenow"
]
SEED_BODY = json.dumps(SEED).encode()


@dataclasses.dataclass
class Api:
    """The connectors routes and create body a run uses: 7.x's seed routes, or 9.x's."""

    create_path: str
    one_path: str
    all_path: str
    body: bytes


API = Api("/api/action", "/api/action/{}", "/api/action/_getAll", SEED_BODY)
# Kibana 8.19/9.x: the snake_case routes, and the seed's ServiceNow connector as 9.x takes it
# (no casesConfiguration: the 8.x schema refuses it).
API_V8 = Api(
    "/api/actions/connector",
    "/api/actions/connector/{}",
    "/api/actions/connectors",
    json.dumps(
        {
            "name": SEED["name"],
            "connector_type_id": SEED["actionTypeId"],
            "config": {"apiUrl": SEED["config"]["apiUrl"]},
            "secrets": SEED["secrets"],
        }
    ).encode(),
)


def use_version(version: str) -> None:
    """Benchmark that Kibana release: fakekibana answers as it, and its routes are used."""
    os.environ["FAKEKIBANA_KIBANA_VERSION"] = version
    chosen = API if version.startswith("7.") else API_V8
    API.__dict__.update(dataclasses.asdict(chosen))


WRITE_HEADERS = {"Content-Type": "application/json", "kbn-xsrf": "true"}
# Kibana's getAll answers at most this many connectors (actions_client.ts).
MAX_ACTIONS_RETURNED = 10000


@dataclasses.dataclass(frozen=True)
class Kind:
    """One server under test."""

    key: str
    label: str
    argv: tuple[str, ...]


FAKEKIBANA = Kind("fakekibana", "fakekibana", ("-m", "fakekibana", "--port", "0"))
STORE = Kind("store", "aiohttp+dict", (str(HERE / "baseline_server.py"), "--store"))
BARE = Kind("bare", "aiohttp", (str(HERE / "baseline_server.py"),))
KINDS = (FAKEKIBANA, STORE, BARE)


# --- servers --------------------------------------------------------------------------------


class Server:
    """One server subprocess on 127.0.0.1, port 0; stopped by SIGTERM, then SIGKILL."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self._stderr: Any = None

    def start(self, timeout: float = 20.0) -> float:
        """Start it and wait for its `listening on` line; returns the perf_counter at spawn."""
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - open while it runs; stop() closes it
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, *self.kind.argv],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self.proc.stdout is not None
        deadline = started + timeout
        line = b""
        while b"\n" not in line:
            left = deadline - time.perf_counter()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(left, 0))
            if not ready:
                self._fail(f"no 'listening on' line within {timeout:.0f} s")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                self._fail("exited before listening")
            line += chunk
        match = re.search(rb"listening on http://[^\s:]+:(\d+)", line)
        if match is None:
            self._fail(f"unexpected first line {line!r}")
        self.port = int(match.group(1))
        return started

    def _fail(self, why: str) -> None:
        errors = b""
        if self._stderr is not None:
            self._stderr.seek(0)
            errors = self._stderr.read()[-2000:]
        self.stop()
        msg = f"{self.kind.label}: {why}\n{errors.decode(errors='replace')}"
        raise RuntimeError(msg)

    def rss_kb(self) -> int:
        """VmRSS of the server process, in KiB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


@contextlib.contextmanager
def running(kind: Kind) -> Iterator[tuple[Server, float]]:
    """A started server and its spawn time; always stopped."""
    server = Server(kind)
    try:
        started = server.start()
        yield server, started
    finally:
        server.stop()


# --- a minimal blocking HTTP/1.1 client (keep-alive, Content-Length bodies) ------------------


class Http:
    """One keep-alive connection; small enough that its own cost hardly shows in the figures."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.host = f"{HOST}:{port}"
        self.buffer = b""

    def close(self) -> None:
        """Close the connection."""
        self.sock.close()

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Send one request, return (status, body)."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        self.sock.sendall(head + body if body else head)
        return self._response()

    def _response(self) -> tuple[int, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._recv()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status = int(head[9:12])
        length = content_length(head)
        while len(self.buffer) < length:
            self._recv()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

    def _recv(self) -> None:
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            msg = "connection closed by the server"
            raise ConnectionError(msg)
        self.buffer += chunk


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


def content_length(head: bytes) -> int:
    """The Content-Length of a response head (0 when absent, as for a 204)."""
    match = _CONTENT_LENGTH.search(head)
    return int(match.group(1)) if match else 0


def wait_status(port: int, started: float, timeout: float = 20.0) -> float:
    """Seconds from `started` to the first 200 from GET /api/status."""
    deadline = started + timeout
    while time.perf_counter() < deadline:
        try:
            http = Http(port, timeout=5)
            try:
                status, _ = http.request("GET", "/api/status")
            finally:
                http.close()
            if status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.002)
    msg = f"no 200 from /api/status within {timeout:.0f} s"
    raise RuntimeError(msg)


def create(http: Http, body: bytes | None = None) -> str:
    """POST /api/action (or the release's create route); the new id."""
    status, answer = http.request("POST", API.create_path, body or API.body, WRITE_HEADERS)
    if status != 200:
        msg = f"create answered {status}: {answer[:300]!r}"
        raise RuntimeError(msg)
    return str(json.loads(answer)["id"])


def get(http: Http, connector_id: str) -> None:
    """GET /api/action/{id} (or the release's get route), which must answer 200."""
    status, answer = http.request("GET", API.one_path.format(connector_id))
    if status != 200:
        msg = f"get answered {status}: {answer[:300]!r}"
        raise RuntimeError(msg)


def seed_body(index: int) -> bytes:
    """A seed-sized create body (of the release's shape) with a distinct name."""
    return json.dumps({**json.loads(API.body), "name": f"ServiceNow {index:06d}"}).encode()


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


# --- load generators -----------------------------------------------------------------------


@dataclasses.dataclass
class Load:
    """What one load run measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_us: float = math.nan  # server CPU time per request


_WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        return math.nan
    return float(match.group(1)) * _WRK_UNITS[match.group(2)]


def run_wrk(port: int, method: str, path: str, duration: float, scratch: Path) -> Load:
    """wrk -t1 -c32 for `duration` seconds (rounded up to whole seconds, as wrk counts)."""
    seconds = max(1, math.ceil(duration))
    cmd = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    if method == "POST":
        script = scratch / "post.lua"
        headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in WRITE_HEADERS.items())
        script.write_text(f'wrk.method = "POST"\nwrk.body = [[{API.body.decode()}]]\n{headers}')
        cmd += ["-s", str(script)]
    cmd.append(f"http://{HOST}:{port}{path}")
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if rps is None or total is None or p50 is None or p99 is None:
        msg = f"cannot read wrk's output:\n{out}"
        raise RuntimeError(msg)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(
        float(rps.group(1)),
        _wrk_ms(p50.group(1)),
        _wrk_ms(p99.group(1)),
        int(total.group(1)),
        errors,
    )


async def _python_load(port: int, request: bytes, duration: float) -> Load:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                await reader.readexactly(content_length(head))
                latencies.append(time.perf_counter() - sent)
                if head[9:10] != b"2":
                    errors += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(worker() for _ in range(CONNECTIONS))), timeout=duration + 30
    )
    elapsed = time.perf_counter() - began
    return Load(
        len(latencies) / elapsed,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        len(latencies),
        errors,
    )


def run_python(port: int, method: str, path: str, duration: float) -> Load:
    """The fallback load generator: 32 asyncio connections, each sequential, for `duration` s."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    body = b""
    if method == "POST":
        body = API.body
        lines += [f"{k}: {v}" for k, v in WRITE_HEADERS.items()]
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    return asyncio.run(_python_load(port, request, duration))


LoadFn = Callable[[int, str, str, float], Load]
