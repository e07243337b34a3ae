"""What the saved objects area keeps: every saved object, indexed as Kibana's raw ids are.

The Python API other areas build on (export/import, Spaces copy, data views):

* `SavedObject`: type, id, attributes, references, namespaces, timestamps, `seq_no` (its
  `version` is base64 of `[seq_no,1]`, reference kibana-saved-objects-spaces.md §2.3), 7.8's
  stored migrationVersion, managed, originId. `namespaces` is `[space]` for single-namespace and
  space-isolated types, the spaces (or `["*"]`) of a shareable one, `[]` for space-agnostic ones.
* `SavedObjectStore.get(space, type, id)`: the object as seen from a space, or None; O(1).
* `SavedObjectStore.existing(space, type, id)`: the object with that raw id even when it lives
  in other spaces (a multi-namespace id is unique across spaces), or None.
* `SavedObjectStore.put(obj)`: write (create or replace); the object gets the index's next
  `_seq_no`. `delete(obj)` forgets it. `find(spaces, types)`: objects seen from any of the spaces
  (`*` = every space), in write order.
* `reset(space)`: what Kibana's deleteByNamespace does when a space is deleted.

Objects are not copied on the way in or out: callers build a new SavedObject to change one.
Kibana semantics (conflicts, texts, answer shapes) live in client.py and views.py, not here.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable, Collection, Iterator
from typing import Any

from fakekibana.core.persistence import StateError, check_list, check_object, check_space
from fakekibana.core.store import Shared
from fakekibana.saved_objects.types import AGNOSTIC, SINGLE, SavedObjectType

ALL_SPACES = "*"
# A raw id: (space for single-namespace types else "", type, id), as Kibana prefixes only
# single-namespace raw ids with their space.
Key = tuple[str, str, str]


def encode_version(seq_no: int, primary_term: int = 1) -> str:
    """base64 of the JSON array `[_seq_no,_primary_term]`: `[1,1]` is `WzEsMV0=` (§2.3)."""
    text = json.dumps([seq_no, primary_term], separators=(",", ":"))
    return base64.b64encode(text.encode()).decode()


def decode_version(version: str) -> tuple[int, int] | None:
    """(_seq_no, _primary_term) of a version string, or None when it is not one (§2.3)."""
    try:
        value = json.loads(base64.b64decode(version.encode(), validate=True).decode())
    except (ValueError, UnicodeError):
        return None
    if isinstance(value, list) and len(value) == 2 and all(type(part) is int for part in value):
        return value[0], value[1]
    return None


@dataclasses.dataclass
class SavedObject:
    """One saved object as Elasticsearch would hold it."""

    type: str
    id: str
    attributes: dict[str, Any]
    references: list[dict[str, Any]]
    namespaces: list[str]
    created_at: str | None
    updated_at: str | None
    seq_no: int = 0
    # 7.8 only: the stored migrationVersion (8.x/9.x answer the type's own).
    migration_version: dict[str, str] | None = None
    managed: bool = False
    origin_id: str | None = None

    @property
    def version(self) -> str:
        """The object's `version` string."""
        return encode_version(self.seq_no)

    def seen_from(self, space: str, scope: str) -> bool:
        """Whether the object exists in a space (Kibana's rawDocExistsInNamespace)."""
        if scope == AGNOSTIC:
            return True
        return space == ALL_SPACES or space in self.namespaces or ALL_SPACES in self.namespaces

    def to_state(self) -> dict[str, Any]:
        """The object as the state document writes it."""
        state = dataclasses.asdict(self)
        return {key: value for key, value in state.items() if value is not None}


_REQUIRED = ("type", "id", "attributes", "references", "namespaces", "seq_no")
_FIELDS = frozenset(field.name for field in dataclasses.fields(SavedObject))


def _load_object(raw: Any, at: str, types: dict[str, SavedObjectType]) -> SavedObject:
    item = check_object(raw, at)
    missing = [key for key in _REQUIRED if key not in item]
    unknown = sorted(set(item) - _FIELDS)
    if missing or unknown:
        raise StateError(f"{at}: needs the keys {list(_REQUIRED)}, knows {sorted(_FIELDS)}")
    if not isinstance(item["type"], str) or item["type"] not in types:
        raise StateError(f"{at}.type: {item['type']!r} is not a type of this release")
    if not isinstance(item["id"], str) or not item["id"]:
        raise StateError(f"{at}.id: must be a non-empty string")
    for key in ("created_at", "updated_at", "origin_id"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise StateError(f"{at}.{key}: must be a string")
    check_object(item["attributes"], at + ".attributes")
    for index, reference in enumerate(check_list(item["references"], at + ".references")):
        # find's has_reference and export's reference walk read each of the three.
        where = f"{at}.references[{index}]"
        check_object(reference, where)
        if set(reference) != {"name", "type", "id"} or not all(
            isinstance(value, str) for value in reference.values()
        ):
            raise StateError(f"{where}: must be {{name, type, id}}, each a string")
    for index, space in enumerate(check_list(item["namespaces"], at + ".namespaces")):
        if space != ALL_SPACES:
            check_space(space, f"{at}.namespaces[{index}]")
    if type(item["seq_no"]) is not int or item["seq_no"] < 0:
        raise StateError(f"{at}.seq_no: must be a non-negative integer")
    if type(item.get("managed", False)) is not bool:
        raise StateError(f"{at}.managed: must be a boolean")
    if item.get("migration_version") is not None:
        check_object(item["migration_version"], at + ".migration_version")
    # to_state leaves out the keys that are None.
    return SavedObject(**{"created_at": None, "updated_at": None, **item})


class SavedObjectStore:
    """Every saved object by raw id, in write order, and the index's next `_seq_no`."""

    def __init__(self, shared: Shared, types: dict[str, SavedObjectType]) -> None:
        self.shared = shared
        self.types = types
        self.objects: dict[Key, SavedObject] = {}
        self.seq = 0

    # --- the AreaStore protocol ---------------------------------------------------------------

    def state_keys(self) -> tuple[str, ...]:
        """The state document's key this store writes."""
        return ("saved_objects",)

    def reset(self, space: str | None = None) -> None:
        """Forget everything, or what one space holds: its single-namespace objects go, shared
        objects lose the space and go once they are in none, and so do the legacy URL aliases
        into the space (deleteByNamespace, §3.4)."""
        if space is None:
            self.objects = {}
            self.seq = 0
        else:
            for key, obj in list(self.objects.items()):
                if obj.type == "legacy-url-alias":
                    # deleteByNamespace also deletes the legacy URL aliases whose targetNamespace
                    # is the space (delete_by_namespace.ts @ e166e03a).
                    if obj.attributes.get("targetNamespace") == space:
                        del self.objects[key]
                    continue
                if self.types[obj.type].scope == AGNOSTIC or space not in obj.namespaces:
                    continue
                obj.namespaces = [name for name in obj.namespaces if name != space]
                if not obj.namespaces:
                    del self.objects[key]
        self.shared.changed()

    def export(self) -> dict[str, Any]:
        """`saved_objects` as the state document writes it; left out until something is
        written, so the documents of a fresh Kibana stay as they were."""
        if not self.seq:
            return {}
        objects = [obj.to_state() for obj in self.objects.values()]
        return {"saved_objects": {"seq": self.seq, "objects": objects}}

    def prepare_import(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check a state document's `saved_objects` (none when it has no such key)."""
        seq, objects = 0, {}
        if "saved_objects" in document:
            part = check_object(document["saved_objects"], "state.saved_objects")
            seq = part.get("seq", -1)
            if type(seq) is not int or seq < 0:
                raise StateError("state.saved_objects.seq: must be a non-negative integer")
            items = check_list(part.get("objects"), "state.saved_objects.objects")
            for index, raw in enumerate(items):
                at = f"state.saved_objects.objects[{index}]"
                obj = _load_object(raw, at, self.types)
                key = self.key(obj.namespaces[0] if obj.namespaces else "", obj.type, obj.id)
                if key in objects:
                    raise StateError(f"{at}: {obj.type}/{obj.id} appears twice")
                objects[key] = obj

        def apply() -> None:
            self.seq = seq
            self.objects = objects

        return apply

    # --- objects ------------------------------------------------------------------------------

    def key(self, space: str, so_type: str, so_id: str) -> Key:
        """The raw id of an object of that type and id written from a space."""
        scope = self.types[so_type].scope
        return (space if scope == SINGLE else "", so_type, so_id)

    def existing(self, space: str, so_type: str, so_id: str) -> SavedObject | None:
        """The object with that raw id, whichever spaces it is in (conflict checks)."""
        return self.objects.get(self.key(space, so_type, so_id))

    def get(self, space: str, so_type: str, so_id: str) -> SavedObject | None:
        """The object as seen from a space, or None."""
        obj = self.objects.get(self.key(space, so_type, so_id))
        if obj is None or not obj.seen_from(space, self.types[so_type].scope):
            return None
        return obj

    def put(self, obj: SavedObject) -> SavedObject:
        """Write an object (create or replace); it takes the index's next `_seq_no`."""
        obj.seq_no = self.seq
        self.seq += 1
        space = obj.namespaces[0] if obj.namespaces else ""
        key = self.key(space, obj.type, obj.id)
        # A replaced object keeps its place in write order, as its document keeps its slot.
        self.objects[key] = obj
        self.shared.changed()
        return obj

    def delete(self, obj: SavedObject) -> None:
        """Forget an object."""
        space = obj.namespaces[0] if obj.namespaces else ""
        self.objects.pop(self.key(space, obj.type, obj.id), None)
        self.seq += 1
        self.shared.changed()

    def find(self, spaces: Collection[str], types: Collection[str]) -> Iterator[SavedObject]:
        """The objects of these types seen from any of these spaces, in write order."""
        wanted = set(types)
        for obj in self.objects.values():
            if obj.type not in wanted:
                continue
            scope = self.types[obj.type].scope
            if any(obj.seen_from(space, scope) for space in spaces):
                yield obj
