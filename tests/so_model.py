"""A model of Kibana's saved objects across spaces for the transfer state machine: objects,
export collection, import plans and space changes (reference kibana-saved-objects-spaces.md
§2.6, §2.7, §3.1, §3.5), and a raw HTTP wire for ndjson answers and multipart requests.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import re
import urllib.parse
from typing import Any

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
# validateReferences checks only these reference types (§2.7).
CHECKED = ("index-pattern", "search")
BOUNDARY = "fakekibana-model-boundary"
ALL = "*"
Key = tuple[str, str, str]


@dataclasses.dataclass
class Obj:
    """What the model knows of one stored object."""

    type: str
    id: str
    namespaces: list[str]
    attributes: dict[str, Any]
    references: list[dict[str, str]]
    origin_id: str | None
    seq_no: int

    def seen_from(self, space: str) -> bool:
        """Whether the object is in the space (or in every space, `*`)."""
        return space in self.namespaces or ALL in self.namespaces

    @property
    def shared(self) -> bool:
        """In several spaces, or in all: deleting it needs `force` (§2.9)."""
        return len(self.namespaces) > 1 or ALL in self.namespaces

    def state(self) -> tuple[Any, ...]:
        """The parts of the state document's object the model predicts."""
        refs = json.dumps(self.references, sort_keys=True)
        attrs = json.dumps(self.attributes, sort_keys=True)
        return (self.type, self.id, self.namespaces, attrs, refs, self.origin_id, self.seq_no)


def key_of(so_type: str, so_id: str, space: str = "") -> Key:
    """The model's raw id: the space only for `config`, the one single-namespace type used."""
    return (space if so_type == "config" else "", so_type, so_id)


def not_found(so_type: str, so_id: str) -> dict[str, Any]:
    """The saved objects 404 body (§2.9)."""
    message = f"Saved object [{so_type}/{so_id}] not found"
    return {"statusCode": 404, "error": "Not Found", "message": message}


class Model:
    """Every object by raw id, in the store's write order, and the index's next `_seq_no`."""

    def __init__(self) -> None:
        self.objects: dict[Key, Obj] = {}
        self.seq = 0

    def put(self, obj: Obj) -> None:
        """A write: the next `_seq_no`; a replaced object keeps its place in write order."""
        obj.seq_no = self.seq
        self.seq += 1
        space = obj.namespaces[0] if obj.type == "config" else ""
        self.objects[key_of(obj.type, obj.id, space)] = obj

    def delete(self, obj: Obj) -> None:
        """A delete also takes a `_seq_no`."""
        space = obj.namespaces[0] if obj.type == "config" else ""
        del self.objects[key_of(obj.type, obj.id, space)]
        self.seq += 1

    def existing(self, so_type: str, so_id: str, space: str = "") -> Obj | None:
        """The object with that raw id, whichever spaces hold it."""
        return self.objects.get(key_of(so_type, so_id, space))

    def seen(self, space: str, so_type: str, so_id: str) -> Obj | None:
        """The object as seen from a space."""
        obj = self.existing(so_type, so_id, space)
        return obj if obj is not None and obj.seen_from(space) else None

    def in_space(self, space: str, types: tuple[str, ...]) -> list[Obj]:
        """The objects of these types seen from a space, in write order."""
        return [o for o in self.objects.values() if o.type in types and o.seen_from(space)]

    # --- export -------------------------------------------------------------------------------

    def collect(
        self, space: str, roots: list[Obj], deep: bool
    ) -> tuple[list[Obj], list[dict[str, str]]]:
        """The roots and (deep) every object they reach from the space; the missing ones."""
        done: dict[tuple[str, str], Obj] = {}
        missing: list[dict[str, str]] = []
        level = roots
        while level:
            fresh = [o for o in level if (o.type, o.id) not in done]
            done.update(((o.type, o.id), o) for o in fresh)
            if not deep:
                break
            level = []
            for obj in fresh:
                for ref in obj.references:
                    found = self.seen(space, ref["type"], ref["id"])
                    if found is None:
                        gone = {"type": ref["type"], "id": ref["id"]}
                        missing += [gone] if gone not in missing else []
                    elif (found.type, found.id) not in done and found not in level:
                        level.append(found)
        return list(done.values()), missing

    # --- import -------------------------------------------------------------------------------

    def origin_clash(self, space: str, item: dict[str, Any]) -> bool:
        """Whether Kibana's checkOriginConflicts would see another object of the same origin in
        the space; the fake does not model origin conflicts (importer.py), so a step that
        would meet one is not taken."""
        origin = item.get("originId") or item["id"]
        return any(
            o.type == item["type"]
            and o.id != item["id"]
            and o.seen_from(space)
            and (o.origin_id == origin or o.id == item.get("originId"))
            for o in self.objects.values()
        )

    def origin_entangled(self, space: str, items: list[dict[str, Any]], copies: bool) -> bool:
        """Whether Kibana's origin searches would change the import, which the model does not
        follow: checkOriginConflicts (not with createNewCopies), and in every mode
        checkReferenceOrigins, which points a reference the file does not carry at an object
        of that origin in the space (import_saved_objects.ts; the fake does both,
        origin_conflicts.py). Such a step is not taken; test_saved_objects_origin_conflicts.py
        checks those answers."""
        if not copies and any(self.origin_clash(space, item) for item in items):
            return True
        origins = [(i["type"], i.get("originId") or i["id"]) for i in items]
        if not copies and len(set(origins)) < len(origins):
            return True  # objects of one origin in one file each get a new id
        in_file = {(i["type"], i["id"]) for i in items}
        references = {
            (ref["type"], ref["id"])
            for item in items
            for ref in item["references"]
            if (ref["type"], ref["id"]) not in in_file
        }
        return any(
            o.type == ref_type and o.id != ref_id and o.origin_id == ref_id and o.seen_from(space)
            for ref_type, ref_id in references
            for o in self.objects.values()
        )

    def plan(
        self,
        space: str,
        items: list[dict[str, Any]],
        *,
        overwrite: set[tuple[str, str]],
        copies: bool,
    ) -> tuple[list[tuple[str, str, str]], set[tuple[str, str]], set[tuple[str, str]]]:
        """Import of `items` into a space: the errors (type, id, kind), the objects given a new
        id, and the ones overwritten (`overwrite` = the keys allowed to overwrite)."""
        in_file = {(i["type"], i["id"]) for i in items}
        errors: list[tuple[str, str, str]] = []
        for item in items:
            for ref in item["references"]:
                ref_key = (ref["type"], ref["id"])
                checked = ref["type"] in CHECKED and ref_key not in in_file
                if checked and self.seen(space, *ref_key) is None:
                    errors.append((item["type"], item["id"], "missing_references"))
                    break
        regenerated: set[tuple[str, str]] = set()
        overwritten: set[tuple[str, str]] = set()
        for item in items:
            item_key = (item["type"], item["id"])
            existing = self.existing(*item_key)
            if copies or (existing is not None and not existing.seen_from(space)):
                regenerated.add(item_key)
            elif existing is not None and item_key in overwrite:
                overwritten.add(item_key)
            elif existing is not None:
                errors.append((item["type"], item["id"], "conflict"))
        return errors, regenerated, overwritten

    def write_imported(
        self,
        space: str,
        items: list[dict[str, Any]],
        order: list[tuple[str, str]],
        destinations: dict[tuple[str, str], str],
        copies: bool,
    ) -> None:
        """Write the imported objects in the answer's order, with their new ids, origins and
        remapped references; an overwritten shared object keeps its spaces."""
        by_key = {(i["type"], i["id"]): i for i in items}
        for item_key in order:
            item = by_key[item_key]
            dest = destinations.get(item_key)
            origin = item.get("originId")
            if dest is not None:
                origin = None if copies else (origin or item["id"])
            refs = [
                {**ref, "id": destinations.get((ref["type"], ref["id"]), ref["id"])}
                for ref in item["references"]
            ]
            existing = self.existing(item["type"], dest or item["id"])
            spaces = list(existing.namespaces) if existing is not None else [space]
            new = Obj(item["type"], dest or item["id"], spaces, item["attributes"], refs, origin, 0)
            self.put(new)


def changed_spaces(current: list[str], add: list[str], remove: list[str]) -> tuple[list[str], bool]:
    """updateObjectsSpaces: the spaces kept, then the added ones not there yet; whether any
    change is needed."""
    kept = [name for name in current if name not in remove]
    added = [name for name in add if name not in current]
    return kept + added, bool(added) or len(kept) != len(current)


def multipart(text: str, **fields: str) -> bytes:
    """A multipart/form-data body: `file` (export.ndjson) and text fields."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="export.ndjson"\r\nContent-Type: application/ndjson\r\n\r\n{text}\r\n'
    ]
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


class Wire:
    """Raw requests over one kept-alive connection (for ndjson answers and multipart bodies)."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)

    def send(self, method: str, path: str, data: bytes, content_type: str) -> tuple[int, bytes]:
        """The status and the raw answer."""
        headers = {"kbn-xsrf": "true", "Content-Type": content_type}
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def form(self, path: str, text: str, **fields: str) -> tuple[int, Any]:
        """POST a multipart form; the status and the parsed JSON answer."""
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
        status, raw = self.send("POST", path, multipart(text, **fields), content_type)
        return status, json.loads(raw)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()
