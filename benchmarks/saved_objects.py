"""The saved objects workload: an `_export`/`_import` round trip of 1,000 and 10,000 objects.

One fakekibana holds, per size, a space of index patterns, visualizations that use them and
dashboards that show three visualizations each. A round exports the space by type with
`includeReferencesDeep` and imports the file into a fresh space (8.19/9.x with createNewCopies,
so every reference is rewritten; 7.8 as it is). Figures are the rounds' medians per object; the
target (table.py): the round trip per object at 10,000 within 1.5x of that at 1,000 (linear:
no reference resolution that grows with the square of the objects).
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import time
from typing import Any, TextIO

from harness import FAKEKIBANA, Http, running, wait_status


@dataclasses.dataclass(frozen=True)
class SavedObjectsProfile:
    """The sizes and how many rounds each is timed."""

    sizes: tuple[int, ...]
    rounds: int


SO_PROFILES = {
    "full": SavedObjectsProfile((1000, 10_000), 5),
    "quick": SavedObjectsProfile((1000, 10_000), 3),
    "smoke": SavedObjectsProfile((100, 300), 1),
}
BOUNDARY = "fakekibanabench"
HEADERS = {"kbn-xsrf": "true"}
JSON_HEADERS = {**HEADERS, "Content-Type": "application/json"}
FORM_HEADERS = {**HEADERS, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
TYPES = ["index-pattern", "visualization", "dashboard"]


def sample_objects(size: int) -> list[dict[str, Any]]:
    """`size` objects: per ten, an index pattern, six visualizations using it, three
    dashboards showing the last three visualizations."""
    objects: list[dict[str, Any]] = []
    pattern, visualizations = "", []
    for index in range(size):
        so_id = f"o{index:06d}"
        slot = index % 10
        if slot == 0:
            pattern = so_id
            refs = []
            objects.append({"type": "index-pattern", "id": so_id, "attributes": {"title": "l-*"}})
        elif slot <= 6:
            visualizations.append(so_id)
            refs = [{"name": "index", "type": "index-pattern", "id": pattern}]
            attributes = {"title": f"Vis {index}", "visState": "{}"}
            objects.append({"type": "visualization", "id": so_id, "attributes": attributes})
        else:
            refs = [
                {"name": f"panel_{n}", "type": "visualization", "id": vis}
                for n, vis in enumerate(visualizations[-3:])
            ]
            objects.append({"type": "dashboard", "id": so_id, "attributes": {"title": so_id}})
        objects[-1]["references"] = refs
    return objects


def multipart(ndjson: bytes) -> bytes:
    """The import body: one `file` part named export.ndjson."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="export.ndjson"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode()
    return head + ndjson + f"\r\n--{BOUNDARY}--\r\n".encode()


class SavedObjectsLoad:
    """One fakekibana, one connection, the release's import query."""

    def __init__(self, http: Http) -> None:
        self.http = http
        status, body = http.request("GET", "/api/status")
        v7 = status == 200 and json.loads(body)["version"]["number"].startswith("7.")
        self.query = "" if v7 else "?createNewCopies=true"
        self.spaces = 0

    def call(
        self, method: str, path: str, body: bytes, headers: dict[str, str], expected: int = 200
    ) -> bytes:
        """One request that must answer `expected`; its body."""
        status, answer = self.http.request(method, path, body, headers)
        if status != expected:
            msg = f"{method} {path} answered {status}: {answer[:300]!r}"
            raise RuntimeError(msg)
        return answer

    def new_space(self) -> str:
        """A fresh space."""
        self.spaces += 1
        space = f"bench-{self.spaces}"
        body = json.dumps({"id": space, "name": space}).encode()
        self.call("POST", "/api/spaces/space", body, JSON_HEADERS)
        return space

    def import_file(self, space: str, ndjson: bytes, size: int) -> None:
        """POST /s/{space}/api/saved_objects/_import; every object must be written."""
        path = f"/s/{space}/api/saved_objects/_import{self.query}"
        report = json.loads(self.call("POST", path, multipart(ndjson), FORM_HEADERS))
        if not report["success"] or report["successCount"] != size:
            msg = f"import of {size} objects: {str(report)[:300]}"
            raise RuntimeError(msg)

    def export(self, space: str) -> bytes:
        """POST /s/{space}/api/saved_objects/_export of the three types, deep, no details."""
        body = {"type": TYPES, "includeReferencesDeep": True, "excludeExportDetails": True}
        path = f"/s/{space}/api/saved_objects/_export"
        return self.call("POST", path, json.dumps(body).encode(), JSON_HEADERS)

    def rounds(self, size: int, count: int) -> dict[str, float]:
        """Seed a space with `size` objects, then time export + import rounds; the medians
        per object, in microseconds. Starts from a reset Kibana, so sizes do not add up."""
        self.call("POST", "/_fakekibana/reset", b"", HEADERS, 204)
        self.spaces = 0
        source = self.new_space()
        lines = b"\n".join(json.dumps(o).encode() for o in sample_objects(size))
        self.import_file(source, lines, size)
        exports, imports = [], []
        for _ in range(count):
            began = time.perf_counter()
            ndjson = self.export(source)
            exported = time.perf_counter()
            self.import_file(self.new_space(), ndjson, size)
            done = time.perf_counter()
            exports.append((exported - began) * 1e6 / size)
            imports.append((done - exported) * 1e6 / size)
        export_us, import_us = statistics.median(exports), statistics.median(imports)
        return {"export": export_us, "import": import_us, "round_trip": export_us + import_us}


def phase_saved_objects(name: str, figures: dict[str, Any], log: TextIO) -> None:
    """Time the round trip at each size; `figures` gets `sizes` (size -> figure -> us)."""
    profile = SO_PROFILES[name]
    with running(FAKEKIBANA) as (server, started):
        wait_status(server.port, started)
        http = Http(server.port, timeout=120)
        try:
            load = SavedObjectsLoad(http)
            load.rounds(50, 1)  # every code path once before anything is timed
            sizes: dict[int, dict[str, float]] = {}
            for size in profile.sizes:
                sizes[size] = load.rounds(size, profile.rounds)
                cells = ", ".join(f"{k} {us:.1f} us/object" for k, us in sizes[size].items())
                print(f"  saved objects at {size:,}: {cells}", file=log)
            figures["sizes"] = sizes
        finally:
            http.close()
