"""The Docker image for real: built once from the Dockerfile, then run as users run it.

Skipped when no Docker engine answers `docker info`. The base image is FAKEKIBANA_TEST_BASE_IMAGE,
else python:3.12-slim if the engine has it or can pull it. Where it cannot, a stand-in made from
Debian's packages does (as root; MIRROR is the Debian mirror apt uses, see /etc/apt/sources.list*):

    apt-get install -y docker.io debootstrap
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \\
        bookworm rootfs "$MIRROR"
    # Laid out like python:3.12-slim: pip installs system-wide, `python` and `pip` exist.
    rm rootfs/usr/lib/python3.11/EXTERNALLY-MANAGED
    ln -s /usr/bin/python3 rootfs/usr/local/bin/python
    ln -s /usr/bin/pip3 rootfs/usr/local/bin/pip
    # Only behind a TLS-intercepting proxy: trust its CA inside the image too.
    cp /usr/local/share/ca-certificates/*.crt rootfs/usr/local/share/ca-certificates/
    chroot rootfs update-ca-certificates
    tar -C rootfs -c . | docker import - fakekibana-test-base:bookworm
    FAKEKIBANA_TEST_BASE_IMAGE=fakekibana-test-base:bookworm \\
        .venv/bin/python -m pytest tests/test_docker_image.py -v -s

pip inside the build uses PyPI, or the index in PIP_INDEX_URL or pip's `global.index-url` when
one is set here (passed as the PIP_INDEX_URL build argument). Ports are published on 127.0.0.1
only; every container, volume and the image carry this run's unique name and are removed at the
end.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.slow]

ROOT = Path(__file__).parent.parent
DEFAULT_BASE = "python:3.12-slim"
RUN_ID = f"fakekibana-test-{uuid.uuid4().hex[:10]}"
# The seed request of Kibana's "Create connector" page, as the README's "Try it" sends it.
SERVICENOW = json.loads((Path(__file__).parent / "seed_requests.json").read_text())["servicenow"]
# Seconds: a container answers quickly; these bounds only stop a broken run from hanging.
READY_TIMEOUT = 30.0
HEALTHY_TIMEOUT = 30.0
BUILD_TIMEOUT = 900
PULL_TIMEOUT = 300
IMAGE_SIZE_LIMIT = 300_000_000


def docker(*args: str, timeout: float = 60) -> str:
    """Run the docker CLI; its stripped stdout (an AssertionError with stderr if it fails)."""
    done = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        msg = f"docker {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}"
        raise AssertionError(msg)
    return done.stdout.strip()


def engine_missing() -> str | None:
    """Why no Docker engine can be used here, or None when `docker info` answers."""
    if shutil.which("docker") is None:
        return "the docker CLI is not installed"
    try:
        docker("info", "--format", "{{.ServerVersion}}", timeout=30)
    except (AssertionError, subprocess.TimeoutExpired) as exc:
        return f"no Docker engine answers `docker info`: {str(exc).splitlines()[0]}"
    return None


def base_image() -> str:
    """The image to build from; skips the module with how to make a stand-in when there is none."""
    chosen = os.environ.get("FAKEKIBANA_TEST_BASE_IMAGE")
    if chosen:
        return chosen
    try:
        docker("image", "inspect", DEFAULT_BASE)
    except AssertionError:
        try:
            docker("pull", DEFAULT_BASE, timeout=PULL_TIMEOUT)
        except (AssertionError, subprocess.TimeoutExpired) as exc:
            pytest.skip(
                f"{DEFAULT_BASE} is not on the engine and cannot be pulled "
                f"({str(exc).splitlines()[0]}); set FAKEKIBANA_TEST_BASE_IMAGE to a mirror's copy "
                "or to a stand-in made from Debian's packages with debootstrap and "
                "`docker import`, as tests/test_docker_image.py's docstring shows"
            )
    return DEFAULT_BASE


def pip_index() -> str | None:
    """The package index pip uses here, if it is not PyPI and a build can reach it."""
    index = os.environ.get("PIP_INDEX_URL")
    if not index:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "config", "get", "global.index-url"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        index = done.stdout.strip() if done.returncode == 0 else ""
    # A file:// index lies on this machine's disk, out of the build's sight.
    return index if index.startswith(("http://", "https://")) else None


def call(
    method: str, url: str, body: Any = None, headers: Mapping[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, Any]:
    """One request, no proxy: the status, the headers and the decoded JSON body (None if empty)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            status, head, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        status, head, raw = exc.code, exc.headers, exc.read()
    return status, head, json.loads(raw) if raw else None


@dataclass
class Engine:
    """The image this run built, and what it started, to remove at the end."""

    image: str
    containers: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)

    def run(self, name: str, *options: str, args: tuple[str, ...] = ()) -> Container:
        """Start a container of the image, port 5601 published on 127.0.0.1, and wait for it."""
        full = f"{RUN_ID}-{name}"
        self.containers.append(full)
        docker("run", "-d", "--name", full, "-p", "127.0.0.1::5601", *options, self.image, *args)
        container = Container(full)
        container.wait_ready()
        return container

    def volume(self, name: str) -> str:
        """A new named volume."""
        full = f"{RUN_ID}-{name}"
        self.volumes.append(full)
        docker("volume", "create", full)
        return full

    def clean(self) -> None:
        """Remove every container and volume this run made, then the image."""
        for container in self.containers:
            subprocess.run(
                ["docker", "rm", "-f", "-v", container], capture_output=True, check=False
            )
        for volume in self.volumes:
            subprocess.run(
                ["docker", "volume", "rm", "-f", volume], capture_output=True, check=False
            )
        subprocess.run(["docker", "rmi", "-f", self.image], capture_output=True, check=False)


@dataclass
class Container:
    """A running fakekibana container."""

    name: str

    @property
    def url(self) -> str:
        """Its base URL on 127.0.0.1, read from `docker port` (it changes when it restarts)."""
        lines = docker("port", self.name, "5601/tcp").splitlines()
        local = [line for line in lines if line.startswith("127.0.0.1:")]
        assert local, f"5601 is not published on 127.0.0.1: {lines}"
        return f"http://{local[0]}"

    def inspect(self, template: str) -> str:
        """One field of `docker inspect`."""
        return docker("inspect", "--format", template, self.name)

    def wait_ready(self) -> None:
        """Wait until GET /api/status answers 200."""
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                if call("GET", self.url + "/api/status")[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                logs = subprocess.run(
                    ["docker", "logs", self.name], capture_output=True, text=True, check=False
                )
                msg = f"{self.name} did not answer in {READY_TIMEOUT} s: {logs.stderr}"
                raise AssertionError(msg)
            time.sleep(0.1)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    """The image, built once for the module from the Dockerfile (skips without an engine)."""
    missing = engine_missing()
    if missing is not None:
        pytest.skip(missing)
    build_args = ["--build-arg", f"PYTHON_IMAGE={base_image()}"]
    index = pip_index()
    if index is not None:
        build_args += ["--build-arg", f"PIP_INDEX_URL={index}"]
    built = Engine(image=f"{RUN_ID}:latest")
    try:
        started = time.monotonic()
        docker("build", *build_args, "-t", built.image, str(ROOT), timeout=BUILD_TIMEOUT)
        print(f"\nbuilt {built.image} in {time.monotonic() - started:.1f} s")
        yield built
    finally:
        built.clean()


@pytest.fixture(scope="module")
def kibana(engine: Engine) -> Container:
    """A container with the image's defaults."""
    return engine.run("default")


def test_seed_request_creates_the_connector(kibana: Container) -> None:
    """The README's seed request answers 200 with the connector, its config echoed, no secrets."""
    status, _, body = call(
        "POST", kibana.url + "/api/action", SERVICENOW, headers={"kbn-xsrf": "true"}
    )
    assert status == 200
    assert str(uuid.UUID(body["id"])) == body["id"]
    assert body == {
        "id": body["id"],
        "actionTypeId": ".servicenow",
        "name": "ServiceNow",
        "config": {
            "casesConfiguration": {
                "mapping": [
                    {"source": "title", "target": "short_description", "actionType": "overwrite"},
                    {"source": "description", "target": "description", "actionType": "overwrite"},
                    {"source": "comments", "target": "comments", "actionType": "append"},
                ]
            },
            "apiUrl": "https://dev87359.service-now.com",
        },
        "isPreconfigured": False,
    }


def test_health_turns_healthy(kibana: Container) -> None:
    """Docker's HEALTHCHECK reports the container healthy within a few seconds of its start."""
    started = time.monotonic()
    deadline = started + HEALTHY_TIMEOUT
    status = kibana.inspect("{{.State.Health.Status}}")
    while status == "starting" and time.monotonic() < deadline:
        time.sleep(0.2)
        status = kibana.inspect("{{.State.Health.Status}}")
    print(f"\nhealth {status!r} after {time.monotonic() - started:.1f} s more")
    assert status == "healthy"


def test_process_runs_as_uid_1000(kibana: Container) -> None:
    """The server (the container's process 1) runs as uid and gid 1000, not root."""
    status = docker("exec", kibana.name, "cat", "/proc/1/status").splitlines()
    ids = {line.split(":")[0]: line.split()[1:] for line in status if line[:4] in ("Uid:", "Gid:")}
    assert ids == {"Uid": ["1000"] * 4, "Gid": ["1000"] * 4}
    assert docker("exec", kibana.name, "cat", "/proc/1/cmdline").split("\0")[1:] == [
        "/usr/local/bin/fakekibana",
        "",
    ]


def test_state_outlives_the_container_on_a_volume(engine: Engine) -> None:
    """A connector created with FAKEKIBANA_STATE_FILE on a volume is there in a new container."""
    volume = engine.volume("data")
    options = ("-v", f"{volume}:/data", "-e", "FAKEKIBANA_STATE_FILE=/data/state.json")
    first = engine.run("state-1", *options)
    status, _, created = call(
        "POST", first.url + "/api/action", SERVICENOW, headers={"kbn-xsrf": "true"}
    )
    assert status == 200
    docker("stop", "-t", "5", first.name)
    docker("rm", first.name)
    second = engine.run("state-2", *options)
    status, _, found = call("GET", f"{second.url}/api/action/{created['id']}")
    assert (status, found) == (200, created)


def test_license_variable_refuses_servicenow(engine: Engine) -> None:
    """FAKEKIBANA_LICENSE=basic makes creating a .servicenow connector Kibana's licence 403."""
    basic = engine.run("basic", "-e", "FAKEKIBANA_LICENSE=basic")
    status, _, body = call(
        "POST", basic.url + "/api/action", SERVICENOW, headers={"kbn-xsrf": "true"}
    )
    # The text of action_type_license_invalid in fakekibana's messages (Kibana 7.8 license_state).
    assert (status, body) == (
        403,
        {
            "statusCode": 403,
            "error": "Forbidden",
            "message": "Action type .servicenow is disabled because your basic license does not "
            "support it. Please upgrade your license.",
        },
    )


def test_kibana_version_variable_chooses_the_release(engine: Engine) -> None:
    """FAKEKIBANA_KIBANA_VERSION=9.4.0 serves 9.4: its version and the snake_case routes."""
    kibana_9 = engine.run("v94", "-e", "FAKEKIBANA_KIBANA_VERSION=9.4.0")
    status, _, body = call("GET", kibana_9.url + "/api/status")
    assert (status, body["version"]["number"]) == (200, "9.4.0")
    log = {"name": "log", "connector_type_id": ".server-log"}
    status, _, created = call(
        "POST", kibana_9.url + "/api/actions/connector/my-log", log, headers={"kbn-xsrf": "true"}
    )
    assert (status, created["id"], created["connector_type_id"]) == (200, "my-log", ".server-log")


def test_mounted_kibana_yml_is_read(engine: Engine, tmp_path: Path) -> None:
    """A kibana.yml mounted and named with --config sets server.name, sent as kbn-name."""
    config = tmp_path / "kibana.yml"
    config.write_text("server.name: from-yml\n", encoding="utf-8")
    config.chmod(0o644)
    named = engine.run(
        "config",
        "-v",
        f"{config}:/etc/fakekibana/kibana.yml:ro",
        args=("--config", "/etc/fakekibana/kibana.yml"),
    )
    status, headers, body = call("GET", named.url + "/api/status")
    assert (status, headers["kbn-name"], body["name"]) == (200, "from-yml", "from-yml")


def test_sigterm_stops_it_within_a_second(engine: Engine) -> None:
    """`docker stop` (SIGTERM) ends the server cleanly, exit status 0, in under a second."""
    stopping = engine.run("stop")
    started = time.monotonic()
    docker("stop", "-t", "5", stopping.name)
    elapsed = time.monotonic() - started
    print(f"\ndocker stop took {elapsed:.3f} s")
    assert elapsed < 1.0
    assert stopping.inspect("{{.State.ExitCode}}") == "0"


def test_image_size_is_reported_and_bounded(engine: Engine) -> None:
    """The image, base included, stays under 300 MB."""
    size = int(docker("image", "inspect", "--format", "{{.Size}}", engine.image))
    print(f"\nimage size: {size / 1e6:.1f} MB ({size} bytes)")
    assert size < IMAGE_SIZE_LIMIT
