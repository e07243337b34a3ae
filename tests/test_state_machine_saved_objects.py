"""A Hypothesis state machine for the saved objects API of 7.8 and 9.4: objects of a
space-isolated, a shareable and a single-namespace type created (with and without ids, with
`overwrite`), read, updated and deleted from two spaces, every answer's status, text and
version compared with a model of Kibana's rules (reference kibana-saved-objects-spaces.md
§2.3, §2.8, §2.9), and the state document compared with the model after every step.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from fakekibana import Settings
from fakekibana.server import ControlClient, FakeKibana
from tests.conftest import KibanaHTTP
from tests.kibana_lines import CLOCK

SO = "/api/saved_objects"
SPACES = ("default", "ops")
# Scopes by release (§2.8): 7.x has only single-namespace types; 8.x/9.x a space-isolated
# dashboard, a shareable index-pattern and a single-namespace config.
TYPES = ("dashboard", "index-pattern", "config")
SINGLE_IN = {"7.8.0": set(TYPES), "9.4.0": {"config"}}
IDS = st.sampled_from(("a", "b", "c"))
TITLES = st.text(alphabet="xyz", min_size=1, max_size=4)


def version_of(seq_no: int) -> str:
    """base64 of `[seq_no,1]` (§2.3)."""
    return base64.b64encode(json.dumps([seq_no, 1], separators=(",", ":")).encode()).decode()


@dataclasses.dataclass
class Obj:
    """What the model knows of one stored object."""

    type: str
    id: str
    space: str
    title: str
    seq_no: int


@pytest.fixture(scope="module", params=["7.8.0", "9.4.0"])
def kibana(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(version, URL) of a strict fakekibana of that release whose own failures fail the
    module."""
    settings_ = Settings(
        kibana_version=request.param, server_name="sm", strict_responses=True, clock=CLOCK
    )
    with FakeKibana(settings_) as server:
        yield request.param, server.url
        server.check()


class SavedObjectsMachine(RuleBasedStateMachine):
    """Create, get, update, delete and find from two spaces, checked against the model."""

    url = ""
    version = ""
    made = Bundle("made")

    def __init__(self) -> None:
        super().__init__()
        self.http = KibanaHTTP(self.url)
        self.control = ControlClient(self.url)
        self.control.reset()
        self.seq = 0
        # Keyed as Kibana's raw ids: the space only for single-namespace types.
        self.objects: dict[tuple[str, str, str], Obj] = {}

    def teardown(self) -> None:
        """Close the connection (the fake is reset by the next run)."""
        self.http.close()

    def key(self, space: str, so_type: str, so_id: str) -> tuple[str, str, str]:
        """The raw id an object of that type and id has when written from a space."""
        return (space if so_type in SINGLE_IN[self.version] else "", so_type, so_id)

    def visible(self, space: str, so_type: str, so_id: str) -> Obj | None:
        """The object seen from a space (a multi-namespace one only from its own space)."""
        found = self.objects.get(self.key(space, so_type, so_id))
        return found if found is not None and found.space == space else None

    def call(self, method: str, space: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A request from a space (the default one without the prefix)."""
        prefix = "" if space == "default" else f"/s/{space}"
        return self.http.request(method, prefix + SO + path, body)

    def missing(self, so_type: str, so_id: str) -> tuple[int, Any]:
        """The saved-objects 404 (§2.9)."""
        message = f"Saved object [{so_type}/{so_id}] not found"
        return 404, {"statusCode": 404, "error": "Not Found", "message": message}

    @rule(
        target=made,
        space=st.sampled_from(SPACES),
        so_type=st.sampled_from(TYPES),
        so_id=IDS,
        title=TITLES,
        overwrite=st.booleans(),
    )
    def create(self, space: str, so_type: str, so_id: str, title: str, overwrite: bool) -> Any:
        """POST /{type}/{id}: a new object, a replaced one, or the 409 of a taken id (a
        multi-namespace id taken in another space conflicts even with overwrite)."""
        query = "?overwrite=true" if overwrite else ""
        status, answer = self.call(
            "POST", space, f"/{so_type}/{so_id}{query}", {"attributes": {"title": title}}
        )
        key = self.key(space, so_type, so_id)
        existing = self.objects.get(key)
        if existing is not None and (not overwrite or existing.space != space):
            message = f"Saved object [{so_type}/{so_id}] conflict"
            assert (status, answer) == (
                409,
                {"statusCode": 409, "error": "Conflict", "message": message},
            )
            return (space, so_type, so_id)
        assert status == 200, answer
        assert (answer["type"], answer["id"], answer["attributes"]) == (
            so_type,
            so_id,
            {"title": title},
        )
        assert answer["version"] == version_of(self.seq)
        self.objects[key] = Obj(so_type, so_id, space, title, self.seq)
        self.seq += 1
        return (space, so_type, so_id)

    @rule(made=made, space=st.sampled_from(SPACES))
    def get(self, made: tuple[str, str, str], space: str) -> None:
        """GET from either space: the object where it is seen, else the 404."""
        _, so_type, so_id = made
        status, answer = self.call("GET", space, f"/{so_type}/{so_id}")
        held = self.visible(space, so_type, so_id)
        if held is None:
            assert (status, answer) == self.missing(so_type, so_id)
            return
        assert status == 200, answer
        assert (answer["attributes"], answer["version"]) == (
            {"title": held.title},
            version_of(held.seq_no),
        )

    @rule(made=made, space=st.sampled_from(SPACES), title=TITLES)
    def update(self, made: tuple[str, str, str], space: str, title: str) -> None:
        """PUT: the request's attributes and a new version, or the 404."""
        _, so_type, so_id = made
        status, answer = self.call(
            "PUT", space, f"/{so_type}/{so_id}", {"attributes": {"title": title}}
        )
        held = self.visible(space, so_type, so_id)
        if held is None:
            assert (status, answer) == self.missing(so_type, so_id)
            return
        assert status == 200, answer
        assert (answer["attributes"], answer["version"]) == ({"title": title}, version_of(self.seq))
        held.title, held.seq_no = title, self.seq
        self.seq += 1

    @rule(made=made, space=st.sampled_from(SPACES))
    def delete(self, made: tuple[str, str, str], space: str) -> None:
        """DELETE: `{}`, or the 404."""
        _, so_type, so_id = made
        status, answer = self.call("DELETE", space, f"/{so_type}/{so_id}")
        held = self.visible(space, so_type, so_id)
        if held is None:
            assert (status, answer) == self.missing(so_type, so_id)
            return
        assert (status, answer) == (200, {})
        del self.objects[self.key(space, so_type, so_id)]
        self.seq += 1

    @rule(space=st.sampled_from(SPACES), so_type=st.sampled_from(TYPES))
    def find(self, space: str, so_type: str) -> None:
        """_find of one type from a space: the objects seen there, in write order."""
        status, answer = self.call("GET", space, f"/_find?type={so_type}&per_page=100")
        assert status == 200, answer
        expected = sorted(
            (o.id, o.title) for o in self.objects.values() if o.type == so_type and o.space == space
        )
        found = sorted((o["id"], o["attributes"]["title"]) for o in answer["saved_objects"])
        assert (answer["total"], found) == (len(expected), expected)

    @invariant()
    def the_state_holds_the_model(self) -> None:
        """The state document holds exactly the model's objects, with their spaces, titles and
        sequence numbers."""
        kept = self.control.state().get("saved_objects", {"objects": []})["objects"]
        held = sorted(
            (o["type"], o["id"], o["namespaces"], o["attributes"], o["seq_no"]) for o in kept
        )
        model = sorted(
            (o.type, o.id, [o.space], {"title": o.title}, o.seq_no) for o in self.objects.values()
        )
        assert held == model


def test_saved_objects_keep_what_the_model_keeps(kibana: tuple[str, str]) -> None:
    """Every answer to a random sequence of creates, gets, updates, deletes and finds from two
    spaces is the model's, and the state document holds the model's objects."""
    SavedObjectsMachine.version, SavedObjectsMachine.url = kibana
    run_state_machine_as_test(
        SavedObjectsMachine,
        settings=settings(max_examples=min(settings().max_examples, 40), stateful_step_count=20),
    )
