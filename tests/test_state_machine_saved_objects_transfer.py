"""A Hypothesis state machine for moving saved objects between two spaces on 8.19 and 9.4:
export (by type, by objects, deep), import (plain, overwrite, new copies),
resolve_import_errors, Spaces copy, sharing an index-pattern and its shareable references,
data views (create, update, delete, default) and the saved objects CRUD that makes a dashboard
reference a visualization referencing an index-pattern. Each answer is compared with the model
of tests/so_model.py (reference kibana-saved-objects-spaces.md §2.6, §2.7, §2.9, §3.1, §3.5,
§6), and the state document with the model after every step. The minimal examples of what
the machine found follow it: two data views fixes, and an origin conflict. The model does not
follow Kibana's origin searches, so the machine skips the imports they would change
(Model.origin_entangled);
tests/test_saved_objects_origin_conflicts.py checks those answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from fakekibana import Settings
from fakekibana.server import ControlClient, FakeKibana
from tests.conftest import KibanaHTTP
from tests.kibana_lines import CLOCK
from tests.so_machine_rules import DV, SO, SPACE, SPACES, TITLES, TYPES, ObjectRules
from tests.so_model import UUID4, Model, Obj, Wire, not_found

# Icons of the import reports by release (§2.7).
ICONS = {
    "8.19.0": {"index-pattern": "indexPatternApp", "visualization": "visualizeApp"},
    "9.4.0": {"index-pattern": "pattern", "visualization": "chartBarVertical"},
}
DASHBOARD_ICON = {"8.19.0": "dashboardApp", "9.4.0": "productDashboard"}


@pytest.fixture(scope="module", params=["8.19.0", "9.4.0"])
def kibana(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(version, URL) of a strict fakekibana of that release whose own failures fail the
    module."""
    settings_ = Settings(
        kibana_version=request.param,
        server_name="smt",
        strict_responses=True,
        clock=CLOCK,
        # Repeatable generated ids (the reset restarts them), so that Hypothesis replays a
        # run exactly.
        random_seed=14,
    )
    with FakeKibana(settings_) as server:
        yield request.param, server.url
        server.check()


def prefix(space: str) -> str:
    """The space's URL prefix (none for the default space)."""
    return "" if space == "default" else f"/s/{space}"


def other(space: str) -> str:
    """The other of the two spaces."""
    return SPACES[1 - SPACES.index(space)]


def as_item(obj: Obj) -> dict[str, Any]:
    """An object as an export line carries what import reads of it."""
    item: dict[str, Any] = {"type": obj.type, "id": obj.id, "attributes": obj.attributes}
    item["references"] = obj.references
    return {**item, "originId": obj.origin_id} if obj.origin_id else item


class TransferMachine(ObjectRules, RuleBasedStateMachine):
    """Saved objects moved between two spaces, checked against the model."""

    url = ""
    version = ""
    exports = Bundle("exports")

    def __init__(self) -> None:
        super().__init__()
        self.http = KibanaHTTP(self.url)
        self.wire = Wire(self.url)
        self.control = ControlClient(self.url)
        self.control.reset()
        self.model = Model()
        self.icons = {**ICONS[self.version], "dashboard": DASHBOARD_ICON[self.version]}

    def teardown(self) -> None:
        """Close the connections (the fake is reset by the next run)."""
        self.http.close()
        self.wire.close()

    def call(self, method: str, space: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A JSON request from a space."""
        return self.http.request(method, prefix(space) + path, body)

    def picks(
        self, space: str, types: tuple[str, ...] = TYPES
    ) -> st.SearchStrategy[tuple[str, str]]:
        """(type, id) of a modelled object: half the time one seen from the space, else any
        of them or one that is missing (model order, so that a replay draws the same)."""
        known = [(o.type, o.id) for o in self.model.objects.values() if o.type in types]
        anything = st.sampled_from([*known, (types[0], "gone")])
        here = [(o.type, o.id) for o in self.model.in_space(space, types)]
        return st.sampled_from(here) | anything if here else anything

    # --- saved objects CRUD -------------------------------------------------------------------

    @initialize(space=SPACE, titles=st.lists(TITLES, min_size=3, max_size=3))
    def seed(self, space: str, titles: list[str]) -> None:
        """Start from an index pattern, a visualization of it and a dashboard of that, in one
        space, so that most steps have something to move."""
        for so_type, title in zip(TYPES, titles, strict=True):
            self.create(space, so_type, number="1", pointed="1", title=title, overwrite=False)

    @invariant()
    def the_state_holds_the_model(self) -> None:
        """The state document holds exactly the model's objects, spaces, attributes,
        references, origins and sequence numbers, and the index's next sequence number."""
        kept = self.control.state().get("saved_objects", {"seq": 0, "objects": []})
        held = sorted(
            Obj(
                o["type"],
                o["id"],
                o["namespaces"],
                o["attributes"],
                o["references"],
                o.get("origin_id"),
                o["seq_no"],
            ).state()
            for o in kept["objects"]
        )
        assert (kept["seq"], held) == (
            self.model.seq,
            sorted(o.state() for o in self.model.objects.values()),
        )

    # --- export and import --------------------------------------------------------------------

    def check_export(self, space: str, raw: bytes, roots: list[Obj], deep: bool) -> Any:
        """The export holds the collected objects as the model has them, each after the
        objects it references, then the details line (§2.6); the bundle's value, or nothing."""
        collected, missing = self.model.collect(space, roots, deep)
        lines = [json.loads(line) for line in raw.decode().split("\n")]
        details = lines.pop()
        by_ref = sorted(details.pop("missingReferences"), key=lambda r: (r["type"], r["id"]))
        assert by_ref == sorted(missing, key=lambda r: (r["type"], r["id"]))
        assert details == {
            "excludedObjects": [],
            "excludedObjectsCount": 0,
            "exportedCount": len(collected),
            "missingRefCount": len(missing),
        }
        held = {(o.type, o.id): o for o in collected}
        assert sorted((line["type"], line["id"]) for line in lines) == sorted(held)
        position = {(line["type"], line["id"]): index for index, line in enumerate(lines)}
        for index, line in enumerate(lines):
            obj = held[line["type"], line["id"]]
            assert list(line) == sorted(line)
            assert "namespaces" not in line
            assert (line["attributes"], line["references"], line.get("originId")) == (
                obj.attributes,
                obj.references,
                obj.origin_id,
            )
            assert all(position.get((r["type"], r["id"]), -1) < index for r in obj.references)
        if not lines:
            return multiple()
        return (raw.decode(), [as_item(held[line["type"], line["id"]]) for line in lines])

    @rule(
        target=exports,
        space=SPACE,
        types=st.lists(st.sampled_from(TYPES), min_size=1, max_size=3, unique=True),
        deep=st.booleans(),
    )
    def export_by_type(self, space: str, types: list[str], deep: bool) -> Any:
        """_export of types from a space: their objects (and with includeReferencesDeep what
        they reference) as ndjson."""
        body = {"type": types, "includeReferencesDeep": deep}
        path = prefix(space) + SO + "/_export"
        status, raw = self.wire.send("POST", path, json.dumps(body).encode(), "application/json")
        assert status == 200, raw
        roots = [o for o in self.model.in_space(space, tuple(types))]
        return self.check_export(space, raw, roots, deep)

    @rule(target=exports, data=st.data(), space=SPACE, deep=st.booleans())
    def export_by_objects(self, data: st.DataObject, space: str, deep: bool) -> Any:
        """_export of objects: the ndjson, or the 400 listing those not in the space."""
        picks = data.draw(st.lists(self.picks(space), min_size=1, max_size=2, unique=True))
        body = {"objects": [{"type": t, "id": i} for t, i in picks], "includeReferencesDeep": deep}
        path = prefix(space) + SO + "/_export"
        status, raw = self.wire.send("POST", path, json.dumps(body).encode(), "application/json")
        roots = [self.model.seen(space, t, i) for t, i in picks]
        failed = [
            {"id": i, "type": t, "error": not_found(t, i)}
            for (t, i), obj in zip(picks, roots, strict=True)
            if obj is None
        ]
        if failed:
            message = "Error fetching objects to export"
            error = {"statusCode": 400, "error": "Bad Request", "message": message}
            assert (status, json.loads(raw)) == (400, {**error, "attributes": {"objects": failed}})
            return multiple()
        assert status == 200, raw
        return self.check_export(space, raw, [o for o in roots if o is not None], deep)

    def check_report(
        self,
        answer: dict[str, Any],
        space: str,
        items: list[dict[str, Any]],
        planned: tuple[list[tuple[str, str, str]], set[tuple[str, str]], set[tuple[str, str]]],
        *,
        copies: bool,
        warnings: bool,
    ) -> None:
        """An import report (§2.7): the errors, success and counts, each result's new id and
        overwrite flag; when nothing is in error, the objects are written in its order."""
        errors, regenerated, overwritten = planned
        failed = {(t, i) for t, i, _ in errors}
        todo = [(i["type"], i["id"]) for i in items if (i["type"], i["id"]) not in failed]
        titles = {(i["type"], i["id"]): i["attributes"]["title"] for i in items}
        # A success shows the type's title: an index pattern's name, else its title (§2.7).
        success_titles = {
            (i["type"], i["id"]): i["attributes"].get("name") or i["attributes"]["title"]
            if i["type"] == "index-pattern"
            else i["attributes"]["title"]
            for i in items
        }
        shown = answer.get("errors", [])
        assert sorted((e["type"], e["id"], e["error"]["type"]) for e in shown) == sorted(errors)
        for error in shown:
            key = (error["type"], error["id"])
            assert error["meta"] == {"title": titles[key], "icon": self.icons[error["type"]]}
        assert (answer["success"], answer["successCount"]) == (not errors, len(todo))
        assert answer.get("warnings") == ([] if warnings else None)
        results = answer.get("successResults", [])
        assert sorted((r["type"], r["id"]) for r in results) == sorted(todo)
        destinations: dict[tuple[str, str], str] = {}
        for result in results:
            key = (result["type"], result["id"])
            assert (result["meta"], result["managed"], result.get("overwrite")) == (
                {"title": success_titles[key], "icon": self.icons[result["type"]]},
                False,
                True if key in overwritten else None,
            )
            assert ("destinationId" in result) == (key in regenerated)
            if key in regenerated:
                new_id = result["destinationId"]
                assert UUID4.fullmatch(new_id)
                assert self.model.existing(key[0], new_id) is None
                destinations[key] = new_id
            assert "createNewCopy" not in result
        event(f"report: errors {sorted({k for _, _, k in errors})}, new ids {bool(regenerated)}")
        if not errors:
            order = [(r["type"], r["id"]) for r in results]
            self.model.write_imported(space, items, order, destinations, copies)

    @rule(
        exported=exports,
        space=SPACE,
        mode=st.sampled_from(("plain", "overwrite", "copies")),
    )
    def import_file(self, exported: Any, space: str, mode: str) -> None:
        """_import of an export into a space: plain (conflicts), with overwrite, or with
        createNewCopies; a multi-namespace id taken only in another space gets a new id."""
        text, items = exported
        copies = mode == "copies"
        if self.model.origin_entangled(space, items, copies):
            event("import: skipped, an origin match")
            return
        every = {(i["type"], i["id"]) for i in items} if mode == "overwrite" else set()
        planned = self.model.plan(space, items, overwrite=every, copies=copies)
        query = {"plain": "", "overwrite": "?overwrite=true", "copies": "?createNewCopies=true"}
        status, answer = self.wire.form(f"{prefix(space)}{SO}/_import{query[mode]}", text)
        assert status == 200, answer
        self.check_report(answer, space, items, planned, copies=copies, warnings=True)

    @rule(exported=exports, space=SPACE, overwrite=st.booleans())
    def resolve_conflicts(self, exported: Any, space: str, overwrite: bool) -> None:
        """_resolve_import_errors of an import that conflicts, every object retried: the
        conflicting ones overwritten (or still in conflict), the others written as an import
        would."""
        text, items = exported
        if self.model.origin_entangled(space, items, copies=False):
            event("resolve: skipped, an origin match")
            return
        errors, _, _ = self.model.plan(space, items, overwrite=set(), copies=False)
        conflicts = {(t, i) for t, i, kind in errors if kind == "conflict"}
        if not conflicts:
            return
        allowed = conflicts if overwrite else set()
        retries = [
            {"type": i["type"], "id": i["id"], "overwrite": (i["type"], i["id"]) in allowed}
            for i in items
        ]
        planned = self.model.plan(space, items, overwrite=allowed, copies=False)
        path = f"{prefix(space)}{SO}/_resolve_import_errors"
        status, answer = self.wire.form(path, text, retries=json.dumps(retries))
        assert status == 200, answer
        self.check_report(answer, space, items, planned, copies=False, warnings=True)

    @rule(
        data=st.data(),
        source=SPACE,
        deep=st.booleans(),
        mode=st.sampled_from(("plain", "overwrite", "copies")),
    )
    def copy_to_space(self, data: st.DataObject, source: str, deep: bool, mode: str) -> None:
        """POST /api/spaces/_copy_saved_objects to the other space: the import's report for
        it (without warnings), or the 404 of objects not in the source space (§3.5)."""
        picks = data.draw(st.lists(self.picks(source), min_size=1, max_size=2, unique=True))
        dest = other(source)
        options = {
            "plain": {"createNewCopies": False},
            "overwrite": {"overwrite": True, "createNewCopies": False},
            "copies": {},
        }[mode]
        roots = [self.model.seen(source, t, i) for t, i in picks]
        items = [as_item(o) for o in self.model.collect(source, [r for r in roots if r], deep)[0]]
        copies = mode == "copies"
        if self.model.origin_entangled(dest, items, copies):
            event("copy: skipped, an origin match")
            return
        body = {
            "spaces": [dest],
            "objects": [{"type": t, "id": i} for t, i in picks],
            "includeReferences": deep,
            **options,
        }
        status, answer = self.call("POST", source, "/api/spaces/_copy_saved_objects", body)
        missing = [
            {"id": i, "type": t} for (t, i), obj in zip(picks, roots, strict=True) if obj is None
        ]
        if missing:
            error = {"statusCode": 404, "error": "Not Found", "message": "Saved objects not found"}
            assert (status, answer) == (404, {**error, "attributes": {"objects": missing}})
            return
        every = {(i["type"], i["id"]) for i in items} if mode == "overwrite" else set()
        planned = self.model.plan(dest, items, overwrite=every, copies=copies)
        assert (status, list(answer)) == (200, [dest]), answer
        self.check_report(answer[dest], dest, items, planned, copies=copies, warnings=False)


def test_transfers_keep_what_the_model_keeps(kibana: tuple[str, str]) -> None:
    """Every answer to a random sequence of exports, imports, copies, shares, data view
    changes and saved object writes over two spaces is the model's, and the state document
    holds the model's objects after each step."""
    TransferMachine.version, TransferMachine.url = kibana
    run_state_machine_as_test(
        TransferMachine,
        settings=settings(max_examples=min(settings().max_examples, 50), stateful_step_count=40),
    )


def test_a_shared_data_view_is_deleted_from_every_space(kibana: tuple[str, str]) -> None:
    """DELETE of a data view shared to two spaces answers an empty 200 and removes it from
    both (the plugin deletes with `force`), where the saved objects API answers a 400."""
    _, url = kibana
    ControlClient(url).reset()
    http = KibanaHTTP(url)
    try:
        body = {"attributes": {"title": "logs"}, "initialNamespaces": ["default", "ops"]}
        assert http.request("POST", f"{SO}/index-pattern/ip1", body)[0] == 200
        assert http.request("DELETE", f"/s/ops{DV}/data_view/ip1") == (200, None)
        for space in SPACES:
            path = f"{prefix(space)}{SO}/index-pattern/ip1"
            assert http.request("GET", path) == (404, not_found("index-pattern", "ip1"))
    finally:
        http.close()


def test_an_import_meets_the_copy_an_earlier_import_made(kibana: tuple[str, str]) -> None:
    """Importing a dashboard again into a space that holds the copy an earlier import made of
    it is a conflict naming that copy (check_origin_conflicts.ts @ 1d91b9aa, elastic/kibana)."""
    version, url = kibana
    ControlClient(url).reset()
    http, wire = KibanaHTTP(url), Wire(url)
    try:
        assert http.request("POST", f"{SO}/dashboard/d1", {"attributes": {"title": "t"}})[0] == 200
        body = json.dumps({"objects": [{"type": "dashboard", "id": "d1"}]}).encode()
        status, text = wire.send("POST", f"{SO}/_export", body, "application/json")
        assert status == 200
        status, first = wire.form(f"/s/ops{SO}/_import", text.decode())
        copy_id = first["successResults"][0]["destinationId"]
        error = {"type": "conflict", "destinationId": copy_id}
        meta = {"title": "t", "icon": DASHBOARD_ICON[version]}
        failure = {"type": "dashboard", "id": "d1", "meta": meta, "error": error}
        expected = {"successCount": 0, "success": False, "warnings": [], "errors": [failure]}
        assert wire.form(f"/s/ops{SO}/_import", text.decode()) == (200, expected)
    finally:
        http.close()
        wire.close()


def test_an_unnamed_index_pattern_is_no_duplicate_by_name(kibana: tuple[str, str]) -> None:
    """9.4 finds duplicate data views by saved name only, so an index pattern saved without
    a name does not block a data view of its title; 8.19 finds them by title (§6)."""
    version, url = kibana
    ControlClient(url).reset()
    http = KibanaHTTP(url)
    try:
        unnamed = {"attributes": {"title": "logs"}}
        assert http.request("POST", f"{SO}/index-pattern/ip1", unnamed)[0] == 200
        status, answer = http.request("POST", f"{DV}/data_view", {"data_view": {"title": "logs"}})
        if version == "8.19.0":
            message = "Duplicate index pattern: logs"
            assert (status, answer) == (
                400,
                {"statusCode": 400, "error": "Bad Request", "message": message},
            )
            return
        assert (status, answer["data_view"]["title"]) == (200, "logs")
        status, listed = http.request("GET", DV)
        assert [item["id"] for item in listed["data_view"]] == ["ip1", answer["data_view"]["id"]]
    finally:
        http.close()
