"""Helpers for tests that run fakekibana as a separate process and talk to it over HTTP."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

LISTENING = re.compile(r"fakekibana listening on (http://\S+)")
START_TIMEOUT = 20.0


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without FAKEKIBANA_* variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKEKIBANA_")}
    env.update(extra or {})
    return env


def start(
    command: Sequence[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> tuple[subprocess.Popen[str], str]:
    """Start a server (default `python -m fakekibana --port 0`); return it and its URL."""
    argv = [*(command or [sys.executable, "-m", "fakekibana", "--port", "0"]), *args]
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(env),
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    match = LISTENING.search(line)
    if match is None:
        process.kill()
        _, err = process.communicate()
        msg = f"no URL line from {argv}: {line!r}; stderr: {err}"
        raise AssertionError(msg)
    return process, match.group(1)


def stop(process: subprocess.Popen[str]) -> int:
    """SIGTERM, then the exit status (killed after a few seconds)."""
    process.terminate()
    try:
        return process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def http(
    method: str, url: str, body: Any = None, headers: Mapping[str, str] | None = None
) -> tuple[int, Any]:
    """One request; the status and the decoded JSON body (None when empty)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("kbn-xsrf", "true")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    return status, json.loads(raw) if raw else None
