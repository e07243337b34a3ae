"""Saved state: seeding, exporting and importing what the areas keep, and the state file.

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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fakekibana.core.errors import FakeKibanaError
from fakekibana.core.settings import parse_time
from fakekibana.core.store import Shared, iso

if TYPE_CHECKING:
    from fakekibana.core.area import Area, AreaStore

STATE_VERSION = 1
SPACE_ID = re.compile(r"[a-z0-9_\-]+")
# The state document's own keys; each area adds its own between "version" and these.
_CORE_KEYS = ("clock", "ids")


class StateError(FakeKibanaError):
    """A seed or state document that cannot be loaded; the message names the bad part."""


def check_object(value: Any, where: str) -> dict[str, Any]:
    """The value if it is a JSON object, else StateError."""
    if not isinstance(value, dict):
        raise StateError(f"{where}: must be an object")
    return value


def check_list(value: Any, where: str) -> list[Any]:
    """The value if it is a JSON array, else StateError."""
    if not isinstance(value, list):
        raise StateError(f"{where}: must be an array")
    return value


def check_string(value: Any, where: str) -> str:
    """The value if it is a non-empty string, else StateError."""
    if not isinstance(value, str) or not value:
        raise StateError(f"{where}: must be a non-empty string")
    return value


def check_space(value: Any, where: str) -> str:
    """The value if it is a space id, else StateError."""
    space = check_string(value, where)
    if not SPACE_ID.fullmatch(space):
        msg = f"{where}: {space!r} is not a space id (lower-case letters, digits, _ and -)"
        raise StateError(msg)
    return space


def _stores(areas: Sequence[Area]) -> list[AreaStore]:
    return [area.store for area in areas if area.store is not None]


# --- export / import --------------------------------------------------------------------------


def export_state(areas: Sequence[Area], shared: Shared) -> dict[str, Any]:
    """Everything the areas keep, secrets included, as one JSON document."""
    document: dict[str, Any] = {"version": STATE_VERSION}
    for store in _stores(areas):
        document.update(store.export())
    document["clock"] = iso(shared.clock.fixed) if shared.clock.fixed else None
    document["ids"] = shared.ids.get_state()
    return document


def import_state(areas: Sequence[Area], shared: Shared, document: Any) -> None:
    """Replace everything stored with an exported document; nothing changes if it is bad."""
    doc = check_object(document, "state")
    if doc.get("version") != STATE_VERSION:
        msg = f"state.version: must be {STATE_VERSION}, got {doc.get('version')!r}"
        raise StateError(msg)
    stores = _stores(areas)
    known = {"version", *_CORE_KEYS, *(key for store in stores for key in store.state_keys())}
    unknown = set(doc) - known
    if unknown:
        raise StateError(f"state: unknown keys {sorted(unknown)}")
    applies = [store.prepare_import(doc) for store in stores]
    clock = doc.get("clock")
    if clock is not None:
        try:
            clock = parse_time(check_string(clock, "state.clock"))
        except FakeKibanaError as failure:
            raise StateError(f"state.clock: {failure}") from None
    ids = doc.get("ids")
    if ids is not None and (not isinstance(ids, list) or len(ids) != 3):
        raise StateError("state.ids: must be null or what an export gave")
    if ids is not None:
        try:
            shared.ids.set_state(ids)
        except (TypeError, ValueError):
            raise StateError("state.ids: must be null or what an export gave") from None
    for apply in applies:
        apply()
    shared.clock.fixed = clock
    shared.changed()


def seed(
    areas: Sequence[Area], document: Any, where: str = "seed", space: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Create what a seed document holds, area by area (only `space`'s objects if given).

    The document maps each area's seed key to its list ({"connectors": [...]}); a bare list is
    the first such area's (connectors, as the seed file has always been written). Answers
    what was created, as Kibana shows it, by the same keys.
    """
    seeding = [area for area in areas if area.seed_key is not None]
    if isinstance(document, dict):
        keys = [area.seed_key for area in seeding]
        extra = set(document) - set(keys)
        if extra:
            shape = ", ".join(f"'{key}': [...]" for key in keys)
            raise StateError(f"{where}: unknown keys {sorted(extra)}; expected {{{shape}}}")
        parts = [(area, document.get(area.seed_key, [])) for area in seeding]
    else:
        parts = [(seeding[0], document)] if seeding else []
    return {str(area.seed_key): area.seed(part, where, space) for area, part in parts}


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
        self,
        areas: Sequence[Area],
        shared: Shared,
        seed_file: Path | None = None,
        state_file: Path | None = None,
    ) -> None:
        self.areas = areas
        self.shared = shared
        self.state_file = state_file
        self.seed: Any = read_json(seed_file, "seed file") if seed_file is not None else None
        self.seed_name = f"seed file {seed_file}"
        self.dirty = False
        if state_file is not None:
            shared.listeners.append(self._mark)

    def _mark(self) -> None:
        self.dirty = True

    def start(self) -> None:
        """Load the state file if there is one, else the seed; raise FakeKibanaError if bad."""
        if self.state_file is not None and self.state_file.exists():
            document = read_json(self.state_file, "state file")
            try:
                import_state(self.areas, self.shared, document)
            except StateError as failure:
                msg = f"state file {self.state_file} is not a fakekibana state: {failure}"
                raise FakeKibanaError(msg) from None
        else:
            self.apply_seed()
        self.save()

    def apply_seed(self, space: str | None = None) -> None:
        """Create the seed file's objects (only those of `space` when one is given)."""
        if self.seed is not None:
            seed(self.areas, self.seed, self.seed_name, space)

    def reset(self, space: str | None = None) -> None:
        """Back to the start: empty (one space, or everything), then the seed's objects."""
        if space is None:
            self.shared.restart()
        for store in _stores(self.areas):
            store.reset(space)
        self.apply_seed(space)

    def export(self) -> dict[str, Any]:
        """The state document."""
        return export_state(self.areas, self.shared)

    def flush(self, changed: bool = False) -> None:
        """Write the state file if anything changed since the last write."""
        if self.state_file is not None and (changed or self.dirty):
            self.save()

    def save(self) -> None:
        """Write the whole state to the state file now."""
        if self.state_file is None:
            return
        text = json.dumps(self.export(), ensure_ascii=False, separators=(",", ":"))
        write_atomically(self.state_file, text)
        self.dirty = False
