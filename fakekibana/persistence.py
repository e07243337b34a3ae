"""Saved state: seeding connectors, exporting and importing the store, and the state file.

The state file is for the local stand-in: every acknowledged change is written before the
answer goes out, atomically (a temporary file, fsync, rename, fsync of the folder), so a
`kill -9` loses nothing that was acknowledged and never leaves half a file. A file that cannot
be read is an error at start, never silently replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from fakekibana.actions import Kibana, stored_view
from fakekibana.errors import FakeKibanaError, KibanaError
from fakekibana.settings import parse_time
from fakekibana.store import DEFAULT_SPACE, Connector, iso
from fakekibana.validation import Invalid

STATE_VERSION = 1
SPACE_ID = re.compile(r"[a-z0-9_\-]+")
_CREATE_SCHEMA = "actions/create_connector.request.json"


class StateError(FakeKibanaError):
    """A seed or state document that cannot be loaded; the message names the bad part."""


def _fail(where: str, problem: str) -> StateError:
    return StateError(f"{where}: {problem}" if where else problem)


# --- export / import --------------------------------------------------------------------------


def export_state(kibana: Kibana) -> dict[str, Any]:
    """Everything the store keeps, secrets included, as one JSON document."""
    store = kibana.store
    connectors = [
        {
            "space": space,
            "id": c.id,
            "actionTypeId": c.action_type_id,
            "name": c.name,
            "config": c.config,
            "secrets": c.secrets,
        }
        for space, bucket in store.spaces.items()
        for c in bucket.values()
    ]
    return {
        "version": STATE_VERSION,
        "connectors": connectors,
        "indices": store.indices,
        "incidents": store.incidents,
        "faults": store.faults,
        "clock": iso(store.clock.fixed) if store.clock.fixed else None,
        "ids": store.ids.get_state(),
    }


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "must be an array")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(where, "must be a non-empty string")
    return value


def _space(value: Any, where: str) -> str:
    space = _string(value, where)
    if not SPACE_ID.fullmatch(space):
        raise _fail(where, f"{space!r} is not a space id (lower-case letters, digits, _ and -)")
    return space


def import_state(kibana: Kibana, document: Any) -> None:
    """Replace everything stored with an exported document; nothing changes if it is bad."""
    doc = _object(document, "state")
    if doc.get("version") != STATE_VERSION:
        raise _fail("state.version", f"must be {STATE_VERSION}, got {doc.get('version')!r}")
    unknown = set(doc) - {"version", "connectors", "indices", "incidents", "faults", "clock", "ids"}
    if unknown:
        raise _fail("state", f"unknown keys {sorted(unknown)}")
    spaces: dict[str, dict[str, Connector]] = {}
    for index, raw in enumerate(_list(doc.get("connectors", []), "state.connectors")):
        where = f"state.connectors[{index}]"
        item = _object(raw, where)
        space = _space(item.get("space"), where + ".space")
        connector_id = _string(item.get("id"), where + ".id")
        type_id = _string(item.get("actionTypeId"), where + ".actionTypeId")
        if type_id not in kibana.types:
            raise _fail(where + ".actionTypeId", f"{type_id!r} is not a registered type")
        if space in spaces and connector_id in spaces[space]:
            raise _fail(where + ".id", f"{connector_id!r} appears twice in space {space!r}")
        name = _string(item.get("name"), where + ".name")
        config = _object(item.get("config", {}), where + ".config")
        secrets = _object(item.get("secrets", {}), where + ".secrets")
        spaces.setdefault(space, {})[connector_id] = Connector(
            connector_id, type_id, name, config, secrets
        )
    indices = _object(doc.get("indices", {}), "state.indices")
    for name, documents in indices.items():
        _list(documents, f"state.indices.{name}")
    incidents = _object(doc.get("incidents", {}), "state.incidents")
    for name, records in incidents.items():
        _object(records, f"state.incidents.{name}")
    faults = _object(doc.get("faults", {}), "state.faults")
    for name, mode in faults.items():
        _string(mode, f"state.faults.{name}")
    clock = doc.get("clock")
    if clock is not None:
        try:
            clock = parse_time(_string(clock, "state.clock"))
        except FakeKibanaError as failure:
            raise _fail("state.clock", str(failure)) from None
    ids = doc.get("ids")
    if ids is not None and (not isinstance(ids, list) or len(ids) != 3):
        raise _fail("state.ids", "must be null or what an export gave")
    store = kibana.store
    if ids is not None:
        try:
            store.ids.set_state(ids)
        except (TypeError, ValueError):
            raise _fail("state.ids", "must be null or what an export gave") from None
    store.spaces, store.indices, store.incidents = spaces, indices, incidents
    store.faults = faults
    store.clock.fixed = clock
    store.changed()


def seed_connectors(kibana: Kibana, document: Any, where: str = "seed") -> list[dict[str, Any]]:
    """Create connectors as POST /api/action would, with optional `id` and `space` keys.

    The document is a list of connectors or {"connectors": [...]}. Each is validated like a
    create (schema defaults filled in, Kibana's messages); all are checked before any is kept.
    """
    if isinstance(document, dict):
        extra = set(document) - {"connectors"}
        if extra:
            raise _fail(where, f"unknown keys {sorted(extra)}; expected {{'connectors': [...]}}")
        document = document.get("connectors", [])
    items = _list(document, where)
    check = kibana.schemas.validator(_CREATE_SCHEMA)
    pending: list[tuple[str, Connector]] = []
    taken: set[tuple[str, str]] = set()
    for index, raw in enumerate(items):
        at = f"{where}[{index}]"
        body = dict(_object(raw, at))
        space = _space(body.pop("space", DEFAULT_SPACE), at + ".space")
        connector_id = body.pop("id", None)
        if connector_id is not None:
            connector_id = _string(connector_id, at + ".id")
            if connector_id in kibana.preconfigured or (space, connector_id) in taken:
                raise _fail(at + ".id", f"{connector_id!r} is already taken")
        try:
            body = check(body, ())
            connector_type = kibana.get_type(body["actionTypeId"])
            config = connector_type.validate_config(body["config"], kibana.actions_config)
            secrets = connector_type.validate_secrets(body["secrets"], kibana.actions_config)
            kibana.ensure_type_enabled(connector_type)
        except Invalid as failure:
            raise _fail(at, failure.format()) from None
        except KibanaError as failure:
            raise _fail(at, failure.message) from None
        except ValueError as failure:
            raise _fail(at, str(failure)) from None
        connector_id = connector_id or kibana.store.ids.new()
        taken.add((space, connector_id))
        pending.append(
            (space, Connector(connector_id, connector_type.id, body["name"], config, secrets))
        )
    for space, connector in pending:
        kibana.store.put(space, connector)
    return [{"space": space, **stored_view(connector)} for space, connector in pending]


# --- files ------------------------------------------------------------------------------------


def read_json(path: Path, what: str) -> Any:
    """A JSON file's content, or a FakeKibanaError that says what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {what} {path}: {exc}"
        raise FakeKibanaError(msg) from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        msg = f"{what} {path} is not valid JSON ({exc}); fix or remove it"
        raise FakeKibanaError(msg) from exc


def write_atomically(path: Path, text: str) -> None:
    """Replace a file's content all at once, durably: readers see the old or the new file."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    # The rename itself is durable only once the folder is synced.
    folder_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)


class Persistence:
    """One app's seed and state file: loaded at start, written after each change."""

    def __init__(
        self, kibana: Kibana, seed_file: Path | None = None, state_file: Path | None = None
    ) -> None:
        self.kibana = kibana
        self.state_file = state_file
        self.seed: Any = read_json(seed_file, "seed file") if seed_file is not None else None
        self.seed_name = f"seed file {seed_file}"
        self.dirty = False
        if state_file is not None:
            kibana.store.listeners.append(self._mark)

    def _mark(self) -> None:
        self.dirty = True

    def start(self) -> None:
        """Load the state file if there is one, else the seed; raise FakeKibanaError if bad."""
        if self.state_file is not None and self.state_file.exists():
            document = read_json(self.state_file, "state file")
            try:
                import_state(self.kibana, document)
            except StateError as failure:
                msg = f"state file {self.state_file} is not a fakekibana state: {failure}"
                raise FakeKibanaError(msg) from None
        else:
            self.apply_seed()
        self.save()

    def apply_seed(self, space: str | None = None) -> None:
        """Create the seed file's connectors (only those of `space` when one is given)."""
        if self.seed is None:
            return
        seed = self.seed
        if space is not None:
            items = seed.get("connectors", []) if isinstance(seed, dict) else seed
            seed = [c for c in items if isinstance(c, dict) and c.get("space", "default") == space]
        seed_connectors(self.kibana, seed, self.seed_name)

    def reset(self, space: str | None = None) -> None:
        """Back to the start: empty, then the seed's connectors."""
        self.kibana.store.reset(space)
        self.apply_seed(space)

    def flush(self, changed: bool = False) -> None:
        """Write the state file if anything changed since the last write."""
        if self.state_file is not None and (changed or self.dirty):
            self.save()

    def save(self) -> None:
        """Write the whole state to the state file now."""
        if self.state_file is None:
            return
        text = json.dumps(export_state(self.kibana), ensure_ascii=False, separators=(",", ":"))
        write_atomically(self.state_file, text)
        self.dirty = False
