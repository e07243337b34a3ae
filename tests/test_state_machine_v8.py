"""A Hypothesis state machine for Kibana 8.19 and 9.4's connectors API: connectors created (with
and without a chosen id), read, updated, deleted, listed and run across spaces (`/s/default`
included), every answer compared with a plain model written from the reference (§3, §4, §6, §7).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    multiple,
    rule,
    run_state_machine_as_test,
)

from fakekibana import Settings
from fakekibana.server import ControlClient, FakeKibana
from tests.conftest import KibanaHTTP

SPACES = ("default", "space1")
# Lower-case names: localeCompare orders them as Python does; a tie keeps no fixed order.
NAMES = st.text(alphabet="abcdef", min_size=1, max_size=6)
IDS = st.text(alphabet="abc123-", min_size=1, max_size=8)
# Types whose config and secrets are simple: (type id, config sent, config stored, secrets).
KINDS = {
    ".server-log": ({}, {}, {}),
    ".index": (
        {"index": "logs"},
        {"index": "logs", "refresh": False, "executionTimeField": None},
        {},
    ),
}


@dataclasses.dataclass
class Stored:
    """What the model keeps of a connector."""

    name: str
    type_id: str
    config: dict[str, Any]


def not_found(connector_id: str) -> tuple[int, dict[str, Any]]:
    """The saved-object 404."""
    message = f"Saved object [action/{connector_id}] not found"
    return 404, {"statusCode": 404, "error": "Not Found", "message": message}


@pytest.fixture(scope="module", params=["8.19.0", "9.4.0"])
def kibana(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(version, URL) of a strict fakekibana of that release, whose own failures fail the module."""
    settings_ = Settings(kibana_version=request.param, server_name="sm", strict_responses=True)
    with FakeKibana(settings_) as server:
        yield request.param, server.url
        server.check()


class ConnectorsMachine(RuleBasedStateMachine):
    """Connector operations on 8.19/9.x, each answer checked against the model."""

    url = ""
    version = ""
    connectors = Bundle("connectors")

    def __init__(self) -> None:
        super().__init__()
        self.http = KibanaHTTP(self.url)
        ControlClient(self.url).reset()
        self.spaces: dict[str, dict[str, Stored]] = {space: {} for space in SPACES}

    def teardown(self) -> None:
        """Close the connection (the fake is reset by the next run)."""
        self.http.close()

    def call(self, space: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A request in the space: no prefix for default half the time, /s/default otherwise."""
        prefix = "" if space == "default" and len(path) % 2 else f"/s/{space}"
        return self.http.request(method, prefix + path, body)

    def view(self, connector_id: str, stored: Stored) -> dict[str, Any]:
        """The connector as §6.1 writes it for this release line."""
        view: dict[str, Any] = {
            "id": connector_id,
            "name": stored.name,
            "config": stored.config,
            "connector_type_id": stored.type_id,
            "is_preconfigured": False,
            "is_deprecated": False,
            "is_missing_secrets": False,
            "is_system_action": False,
        }
        if self.version >= "9.3":
            view["is_connector_type_deprecated"] = False
        return view

    def taken(self, connector_id: str) -> bool:
        """Whether an id is used in any space (action ids are unique across spaces in 8.x)."""
        return any(connector_id in stored for stored in self.spaces.values())

    @rule(
        target=connectors,
        space=st.sampled_from(SPACES),
        name=NAMES,
        type_id=st.sampled_from(sorted(KINDS)),
        chosen=st.none() | IDS,
    )
    def create(self, space: str, name: str, type_id: str, chosen: str | None) -> Any:
        """Create, with a generated id or a chosen one; a taken id is a 409."""
        sent, kept, secrets = KINDS[type_id]
        body = {"name": name, "connector_type_id": type_id, "config": sent, "secrets": secrets}
        path = "/api/actions/connector" + (f"/{chosen}" if chosen else "")
        status, answer = self.call(space, "POST", path, body)
        if chosen is not None and self.taken(chosen):
            message = f"Saved object [action/{chosen}] conflict"
            assert (status, answer) == (
                409,
                {"statusCode": 409, "error": "Conflict", "message": message},
            )
            return multiple()
        assert status == 200, answer
        stored = Stored(name, type_id, kept)
        assert answer == self.view(answer["id"], stored)
        if chosen is not None:
            assert answer["id"] == chosen
        self.spaces[space][answer["id"]] = stored
        return (space, answer["id"])

    @rule(connector=connectors, space=st.sampled_from(SPACES))
    def get(self, connector: tuple[str, str], space: str) -> None:
        """A connector is found in its own space only."""
        connector_id = connector[1]
        answer = self.call(space, "GET", f"/api/actions/connector/{connector_id}")
        stored = self.spaces[space].get(connector_id)
        if stored is None:
            assert answer == not_found(connector_id)
        else:
            assert answer == (200, self.view(connector_id, stored))

    @rule(connector=connectors, name=NAMES)
    def update(self, connector: tuple[str, str], name: str) -> None:
        """An update renames; the type's config is sent again."""
        space, connector_id = connector
        stored = self.spaces[space].get(connector_id)
        sent = KINDS[stored.type_id][0] if stored else {}
        path = f"/api/actions/connector/{connector_id}"
        answer = self.call(space, "PUT", path, {"name": name, "config": sent})
        if stored is None:
            assert answer == not_found(connector_id)
            return
        stored.name = name
        assert answer == (200, self.view(connector_id, stored))

    @rule(connector=consumes(connectors))
    def delete(self, connector: tuple[str, str]) -> None:
        """DELETE is a 204 once; the connector is then gone."""
        space, connector_id = connector
        status, answer = self.call(space, "DELETE", f"/api/actions/connector/{connector_id}")
        if connector_id in self.spaces[space]:
            assert (status, answer) == (204, None)
            del self.spaces[space][connector_id]
        else:
            assert (status, answer) == not_found(connector_id)

    @rule(space=st.sampled_from(SPACES))
    def list_all(self, space: str) -> None:
        """The space's connectors, by name as localeCompare orders these names."""
        status, answer = self.call(space, "GET", "/api/actions/connectors")
        assert status == 200
        expected = {
            connector_id: {**self.view(connector_id, stored)}
            for connector_id, stored in self.spaces[space].items()
        }
        assert sorted(c["id"] for c in answer) == sorted(expected)
        for item in answer:
            view = dict(item)
            assert view.pop("referenced_by_count") == 0
            assert view == expected[item["id"]]
        names = [item["name"] for item in answer]
        assert names == sorted(names)

    @rule(connector=connectors)
    def run(self, connector: tuple[str, str]) -> None:
        """A server-log connector runs; an index one indexes a document."""
        space, connector_id = connector
        stored = self.spaces[space].get(connector_id)
        params = (
            {"message": "m"}
            if stored is None or stored.type_id == ".server-log"
            else {"documents": [{"a": 1}]}
        )
        path = f"/api/actions/connector/{connector_id}/_execute"
        status, answer = self.call(space, "POST", path, {"params": params})
        if stored is None:
            assert (status, answer) == not_found(connector_id)
            return
        assert status == 200
        assert (answer["status"], answer["connector_id"]) == ("ok", connector_id)


def test_kibana_keeps_what_the_model_keeps(kibana: tuple[str, str]) -> None:
    """Every answer to a random sequence of connector operations is the model's."""
    ConnectorsMachine.version, ConnectorsMachine.url = kibana
    run_state_machine_as_test(
        ConnectorsMachine,
        settings=settings(max_examples=min(settings().max_examples, 60), stateful_step_count=15),
    )
