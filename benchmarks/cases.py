"""The cases workload: create case, add comment, push, `_find`, as a case store grows.

One fakekibana (8.19/9.x) grows to 10,000 cases, each created with a ServiceNow connector,
commented on and pushed, on one keep-alive connection. At each checkpoint a window of rounds
times one operation of each kind in turn: create a connector, create a case, comment on a
random case, push a random case, `_find` with the default query (the cases list's first page).
Per-operation times are the window's medians. The targets (table.py): each operation at 10,000
cases within 1.5x of its time at 1,000, and creating a case within 1.5x of creating a connector
in the same window.
"""

from __future__ import annotations

import dataclasses
import json
import random
import statistics
import time
from typing import Any, TextIO

from harness import API, FAKEKIBANA, WRITE_HEADERS, Http, running, wait_status


@dataclasses.dataclass(frozen=True)
class CasesProfile:
    """How far the case store grows and how many rounds each checkpoint times."""

    checkpoints: tuple[int, ...]
    rounds: int
    timeout: float  # seconds the growth may take before the phase stops where it is


CASES_PROFILES = {
    "full": CasesProfile((1000, 10_000), 400, 600.0),
    "quick": CasesProfile((1000, 10_000), 150, 300.0),
    "smoke": CasesProfile((100, 300), 20, 60.0),
}
OPERATIONS = ("create_connector", "create_case", "comment", "push", "find")
# The ServiceNow ITSM fields a case sends with its push (reference kibana-cases.md §5.1).
SN_FIELDS = {"impact": "2", "severity": "1", "urgency": "3", "category": None, "subcategory": None}
COMMENT = json.dumps({"type": "user", "comment": "a comment", "owner": "cases"}).encode()


class CaseLoad:
    """One fakekibana, one connection, the ServiceNow connector the cases push through."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.rng = random.Random(11)
        self.ids: list[str] = []
        self.connector_id = self.create_connector()

    def call(self, method: str, path: str, body: bytes | None = None) -> Any:
        """One request that must answer 200; its JSON."""
        headers = WRITE_HEADERS if method != "GET" else None
        status, answer = self.http.request(method, path, body, headers)
        if status != 200:
            msg = f"{method} {path} answered {status}: {answer[:300]!r}"
            raise RuntimeError(msg)
        return json.loads(answer)

    def create_connector(self) -> str:
        """POST /api/actions/connector with the seed's ServiceNow body; its id."""
        return str(self.call("POST", API.create_path, API.body)["id"])

    def create_case(self) -> str:
        """POST /api/cases whose connector is the ServiceNow one; its id."""
        body = {
            "title": f"Case {len(self.ids):06d}",
            "description": "Something broke",
            "tags": ["bench"],
            "connector": {
                "id": self.connector_id,
                "name": "ServiceNow",
                "type": ".servicenow",
                "fields": SN_FIELDS,
            },
            "settings": {"syncAlerts": False},
            "owner": "cases",
        }
        case_id = str(self.call("POST", "/api/cases", json.dumps(body).encode())["id"])
        self.ids.append(case_id)
        return case_id

    def comment(self, case_id: str) -> None:
        """POST /api/cases/{id}/comments with a user comment."""
        self.call("POST", f"/api/cases/{case_id}/comments", COMMENT)

    def push(self, case_id: str) -> None:
        """POST /api/cases/{id}/connector/{connector}/_push."""
        self.call("POST", f"/api/cases/{case_id}/connector/{self.connector_id}/_push", b"")

    def find(self) -> None:
        """GET /api/cases/_find with the default query (page 1, 20 newest)."""
        self.call("GET", "/api/cases/_find")

    def grow(self, size: int) -> None:
        """Create, comment on and push cases until there are `size`."""
        while len(self.ids) < size:
            case_id = self.create_case()
            self.comment(case_id)
            self.push(case_id)

    def window(self, rounds: int) -> dict[str, float]:
        """Each operation once a round, in turn; the median of each, in ms."""
        times: dict[str, list[float]] = {name: [] for name in OPERATIONS}

        def timed(name: str, run: Any, *args: Any) -> None:
            began = time.perf_counter()
            run(*args)
            times[name].append((time.perf_counter() - began) * 1000)

        for _ in range(rounds):
            timed("create_connector", self.create_connector)
            timed("create_case", self.create_case)
            timed("comment", self.comment, self.rng.choice(self.ids))
            timed("push", self.push, self.rng.choice(self.ids))
            timed("find", self.find)
        return {name: statistics.median(values) for name, values in times.items()}


def probe(http: Http) -> str | None:
    """Why the phase cannot run on this release, or None when its cases API answers."""
    status, body = http.request("GET", "/api/status")
    if status == 200 and json.loads(body)["version"]["number"].startswith("7."):
        return "7.8's cases API pushes from the client; the workload is 8.19/9.x's server-side push"
    return None


def phase_cases(name: str, figures: dict[str, Any], log: TextIO) -> None:
    """Grow one fakekibana's cases to each checkpoint and time a window of each operation
    there; `figures` gets `sizes` (size -> op -> ms), or `skipped` with the reason."""
    profile = CASES_PROFILES[name]
    with running(FAKEKIBANA) as (server, started):
        wait_status(server.port, started)
        http = Http(server.port)
        try:
            reason = probe(http)
            if reason is not None:
                figures["skipped"] = reason
                print(f"  cases phase skipped: {reason}", file=log)
                return
            load = CaseLoad(http)
            # Every code path once before anything is timed.
            load.grow(10)
            load.window(5)
            deadline = time.perf_counter() + profile.timeout
            sizes: dict[int, dict[str, float]] = {}
            for size in profile.checkpoints:
                while len(load.ids) < size and time.perf_counter() < deadline:
                    load.grow(min(size, len(load.ids) + 500))
                if len(load.ids) < size:
                    print(f"  cases: growth stopped at {len(load.ids):,}", file=log)
                    break
                sizes[size] = load.window(profile.rounds)
                cells = ", ".join(f"{op} {ms:.2f} ms" for op, ms in sizes[size].items())
                print(f"  cases at {size:,}: {cells}", file=log)
            figures["sizes"] = sizes
        finally:
            http.close()
