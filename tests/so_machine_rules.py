"""The one-object rules of the saved objects transfer state machine
(tests/test_state_machine_saved_objects_transfer.py): saved objects create, delete and find
(reference kibana-saved-objects-spaces.md §2.9), _update_objects_spaces and
_get_shareable_references (§3.1), and the data views API over index-pattern objects (§6), each
answer compared with tests/so_model.py's model.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import rule

from tests.so_model import ALL, UUID4, Model, Obj, changed_spaces, not_found

SPACES = ("default", "ops")
SPACE = st.sampled_from(SPACES)
TITLES = st.sampled_from(("logs", "metrics", "web"))
DV = "/api/data_views"
SO = "/api/saved_objects"
TYPES = ("index-pattern", "visualization", "dashboard")
# §2.9: deleting an object in several spaces (or in all) without `force`.
SHARED_DELETE = (
    "Unable to delete saved object that exists in multiple namespaces, use the `force` option "
    "to delete it anyway: Bad Request"
)
# What each kind references: a dashboard its visualization's panel, a visualization its
# index pattern (the reference names Kibana's own objects use).
REFERS = {"visualization": ("index-pattern", "ip"), "dashboard": ("visualization", "vis")}
REF_NAMES = {"visualization": "kibanaSavedObjectMeta.searchSourceJSON.index", "dashboard": "p0"}
# Disjoint spacesToAdd/spacesToRemove, not both empty, over the two spaces and `*`.
SUBSETS = [list(c) for n in (0, 1, 2) for c in itertools.combinations((*SPACES, ALL), n)]
SPLITS = [(a, r) for a in SUBSETS for r in SUBSETS if (a or r) and not set(a) & set(r)]


class ObjectRules:
    """Rules of the transfer machine that write objects one at a time, share index patterns
    and manage data views; the machine gives them its model, release, requests and picks."""

    model: Model
    version: str
    call: Callable[..., tuple[int, Any]]
    picks: Callable[..., st.SearchStrategy[tuple[str, str]]]

    # --- saved objects CRUD -------------------------------------------------------------------

    @rule(
        space=SPACE,
        so_type=st.sampled_from(TYPES),
        number=st.sampled_from("12"),
        pointed=st.sampled_from("12"),
        title=TITLES,
        overwrite=st.booleans(),
    )
    def create(
        self,
        space: str,
        so_type: str,
        *,
        number: str,
        pointed: str,
        title: str,
        overwrite: bool,
    ) -> None:
        """POST /{type}/{id}: a new or replaced object, or the 409 of an id taken (a
        multi-namespace id taken in another space conflicts even with overwrite, §2.9)."""
        stem = {"index-pattern": "ip", "visualization": "vis", "dashboard": "dash"}[so_type]
        so_id = stem + number
        refs = []
        if so_type in REFERS:
            ref_type, ref_stem = REFERS[so_type]
            refs = [{"name": REF_NAMES[so_type], "type": ref_type, "id": ref_stem + pointed}]
        body = {"attributes": {"title": title}, "references": refs}
        query = "?overwrite=true" if overwrite else ""
        status, answer = self.call("POST", space, f"{SO}/{so_type}/{so_id}{query}", body)
        existing = self.model.existing(so_type, so_id)
        if existing is not None and (not overwrite or not existing.seen_from(space)):
            message = f"Saved object [{so_type}/{so_id}] conflict"
            conflict = {"statusCode": 409, "error": "Conflict", "message": message}
            assert (status, answer) == (409, conflict)
            return
        spaces = list(existing.namespaces) if existing is not None else [space]
        assert status == 200, answer
        assert (answer["id"], answer["namespaces"], answer["references"]) == (so_id, spaces, refs)
        self.model.put(Obj(so_type, so_id, spaces, {"title": title}, refs, None, 0))

    @rule(data=st.data(), space=SPACE, force=st.booleans())
    def delete(self, data: st.DataObject, space: str, force: bool) -> None:
        """DELETE /{type}/{id}: `{}`, the 404 of an object not in the space, or the 400 of a
        shared one without `force` (§2.9)."""
        so_type, so_id = data.draw(self.picks(space))
        query = "?force=true" if force else ""
        status, answer = self.call("DELETE", space, f"{SO}/{so_type}/{so_id}{query}")
        held = self.model.seen(space, so_type, so_id)
        if held is None:
            assert (status, answer) == (404, not_found(so_type, so_id))
            return
        event(f"delete: in {held.namespaces} spaces, force {force}")
        if held.shared and not force:
            error = {"statusCode": 400, "error": "Bad Request", "message": SHARED_DELETE}
            assert (status, answer) == (400, error)
            return
        assert (status, answer) == (200, {})
        self.model.delete(held)

    @rule(space=SPACE)
    def find(self, space: str) -> None:
        """_find of the three types and GET /api/data_views from a space: the objects seen
        there (data views as index-pattern objects), the data views in write order."""
        query = "&".join(f"type={t}" for t in TYPES)
        status, answer = self.call("GET", space, f"{SO}/_find?{query}&per_page=100")
        assert status == 200, answer
        found = sorted((o["type"], o["id"], o["namespaces"]) for o in answer["saved_objects"])
        held = self.model.in_space(space, TYPES)
        assert found == sorted((o.type, o.id, o.namespaces) for o in held)
        status, answer = self.call("GET", space, DV)
        views = [
            {"id": o.id, "namespaces": o.namespaces, "title": o.attributes["title"]}
            | ({"name": o.attributes["name"]} if "name" in o.attributes else {})
            for o in self.model.in_space(space, ("index-pattern",))
        ]
        assert (status, answer) == (200, {"data_view": views})

    # --- sharing ------------------------------------------------------------------------------

    @rule(data=st.data(), space=SPACE, split=st.sampled_from(SPLITS))
    def update_spaces(self, data: st.DataObject, space: str, split: Any) -> None:
        """_update_objects_spaces of one object: an index pattern's new spaces (deleted when
        left in none), a 404 item when it is not in the space, a 400 item for a dashboard."""
        options = self.picks(space, ("index-pattern",)) | st.just(("dashboard", "dash1"))
        so_type, so_id = data.draw(options)
        add, remove = split
        body = {
            "objects": [{"type": so_type, "id": so_id}],
            "spacesToAdd": add,
            "spacesToRemove": remove,
        }
        status, answer = self.call("POST", space, "/api/spaces/_update_objects_spaces", body)
        item: dict[str, Any] = {"id": so_id, "type": so_type, "spaces": []}
        held = self.model.seen(space, so_type, so_id)
        if so_type == "dashboard":
            message = "dashboard doesn't support multiple namespaces: Bad Request"
            item["error"] = {"statusCode": 400, "error": "Bad Request", "message": message}
        elif held is None:
            item["error"] = not_found(so_type, so_id)
        else:
            spaces, required = changed_spaces(held.namespaces, add, remove)
            item["spaces"] = spaces
            event(f"share: {'changed' if required else 'unchanged'}, {len(spaces)} spaces")
            if required and spaces:
                held.namespaces = spaces
                self.model.put(held)
            elif required:
                self.model.delete(held)
        assert (status, answer) == (200, {"objects": [item]})

    def matching_origins(self, found: list[Obj]) -> dict[tuple[str, str], set[str]]:
        """findSharedOriginObjects for updateObjectsSpaces: one search for every found
        object's origin (never its own raw id), each hit's spaces under its own origin
        (find_shared_origin_objects.ts @ 328b3b5e)."""
        spaces: dict[tuple[str, str], set[str]] = {}
        for hit in self.model.objects.values():
            for obj in found:
                if hit.type != obj.type or hit.id == obj.id:
                    continue
                origin = obj.origin_id
                if origin in (hit.id, hit.origin_id) if origin else hit.origin_id == obj.id:
                    key = (hit.type, hit.origin_id or hit.id)
                    spaces.setdefault(key, set()).update(hit.namespaces)
                    break
        # A hit in every space makes its origin's spaces `*` alone.
        return {key: {ALL} if ALL in found else found for key, found in spaces.items()}

    @rule(data=st.data(), space=SPACE)
    def shareable_references(self, data: st.DataObject, space: str) -> None:
        """_get_shareable_references of index patterns: their spaces, origins and the spaces
        of objects sharing their origin, or `isMissing`."""
        picks = data.draw(
            st.lists(
                self.picks(space, ("index-pattern",)),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        body = {"objects": [{"type": t, "id": i} for t, i in picks]}
        status, answer = self.call("POST", space, "/api/spaces/_get_shareable_references", body)
        found = [self.model.seen(space, t, i) for t, i in picks]
        origins = self.matching_origins([o for o in found if o is not None])
        expected = []
        for (so_type, so_id), obj in zip(picks, found, strict=True):
            item: dict[str, Any] = {"type": so_type, "id": so_id}
            if obj is not None and obj.origin_id:
                item["originId"] = obj.origin_id
            item["spaces"] = list(obj.namespaces) if obj is not None else []
            item["inboundReferences"] = []
            if obj is None:
                item["isMissing"] = True
            elif (so_type, obj.origin_id or so_id) in origins:
                event("shareable references: matching origins")
                item["spacesWithMatchingOrigins"] = sorted(origins[so_type, obj.origin_id or so_id])
            expected.append(item)
        assert (status, answer) == (200, {"objects": expected})

    # --- data views ---------------------------------------------------------------------------

    @rule(
        space=SPACE,
        title=TITLES,
        view_id=st.sampled_from((None, "ip1", "dv1")),
        override=st.booleans(),
    )
    def create_data_view(self, space: str, title: str, view_id: str | None, override: bool) -> None:
        """POST /api/data_views/data_view: an index-pattern object in the space; a title taken
        there is a 400 unless overridden (the other data view is deleted first), a taken id a
        400 with the saved objects conflict text (§6)."""
        spec: dict[str, Any] = {"title": title, **({"id": view_id} if view_id else {})}
        body = {"data_view": spec, **({"override": True} if override else {})}
        status, answer = self.call("POST", space, f"{DV}/data_view", body)
        # 9.x looks for the saved name only (findByName), 8.19 for the title (§6).
        key = "name" if self.version == "9.4.0" else "title"
        views = self.model.in_space(space, ("index-pattern",))
        duplicate = next((o for o in views if o.attributes.get(key) == title), None)
        bad = {"statusCode": 400, "error": "Bad Request"}
        if duplicate is not None and not override:
            # 9.x refuses a duplicate name, 8.19 a duplicate title (§6); no data view here
            # has a name of its own, so both compare titles.
            text = (
                "Duplicate data view: " if self.version == "9.4.0" else "Duplicate index pattern: "
            )
            assert (status, answer) == (400, {**bad, "message": text + title})
            return
        if duplicate is not None:
            self.model.delete(duplicate)
        if view_id is not None and self.model.existing("index-pattern", view_id) is not None:
            message = f"Saved object [index-pattern/{view_id}] conflict"
            assert (status, answer) == (400, {**bad, "message": message})
            return
        assert status == 200, answer
        view = answer["data_view"]
        made = view["id"]
        assert made == view_id if view_id else UUID4.fullmatch(made)
        assert (view["title"], view["name"], view["namespaces"]) == (title, title, [space])
        attributes = {
            "fieldAttrs": "{}",
            "title": title,
            "sourceFilters": "[]",
            "fieldFormatMap": "{}",
            "runtimeFieldMap": "{}",
            # The route names a data view after its title (create_data_view.ts @ 2752c390).
            "name": title,
            "allowHidden": False,
        }
        self.model.put(Obj("index-pattern", made, [space], attributes, [], None, 0))

    @rule(data=st.data(), space=SPACE, title=TITLES)
    def update_data_view(self, data: st.DataObject, space: str, title: str) -> None:
        """POST /api/data_views/data_view/{id}: the new title stored, or the 404."""
        _, view_id = data.draw(self.picks(space, ("index-pattern",)))
        body = {"data_view": {"title": title}}
        status, answer = self.call("POST", space, f"{DV}/data_view/{view_id}", body)
        held = self.model.seen(space, "index-pattern", view_id)
        event(f"update data view: {'missing' if held is None else 'found'}")
        if held is None:
            assert (status, answer) == (404, not_found("index-pattern", view_id))
            return
        assert status == 200, answer
        assert (answer["data_view"]["id"], answer["data_view"]["title"]) == (view_id, title)
        held.attributes = {"allowHidden": False, **held.attributes, "title": title}
        self.model.put(held)

    @rule(data=st.data(), space=SPACE)
    def delete_data_view(self, data: st.DataObject, space: str) -> None:
        """DELETE /api/data_views/data_view/{id}: an empty 200, the data view gone from every
        space it was shared to (the plugin deletes with `force`), or the 404."""
        _, view_id = data.draw(self.picks(space, ("index-pattern",)))
        status, answer = self.call("DELETE", space, f"{DV}/data_view/{view_id}")
        held = self.model.seen(space, "index-pattern", view_id)
        event(f"delete data view: {'missing' if held is None else held.namespaces}")
        if held is None:
            assert (status, answer) == (404, not_found("index-pattern", view_id))
        else:
            assert (status, answer) == (200, None)
            self.model.delete(held)

    @rule(data=st.data(), space=SPACE, force=st.booleans())
    def set_default_data_view(self, data: st.DataObject, space: str, force: bool) -> None:
        """POST /api/data_views/default then GET it: the space's `config` object holds the id;
        without force an existing default is kept (§6)."""
        _, view_id = data.draw(self.picks(space, ("index-pattern",)))
        body = {"data_view_id": view_id, "force": force}
        status, answer = self.call("POST", space, f"{DV}/default", body)
        assert (status, answer) == (200, {"acknowledged": True})
        config = self.model.existing("config", self.version, space)
        current = config.attributes.get("defaultIndex") if config is not None else None
        if force or current is None:
            if config is None:
                config = Obj("config", self.version, [space], {}, [], None, 0)
            config.attributes = {**config.attributes, "defaultIndex": view_id}
            self.model.put(config)
            current = view_id
        status, answer = self.call("GET", space, f"{DV}/default")
        assert (status, answer) == (200, {"data_view_id": current})
