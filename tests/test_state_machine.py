"""A Hypothesis state machine: connectors created, read, updated, deleted, listed and executed
across several spaces, and spaces created, read and deleted, every answer compared with a plain
model of what Kibana keeps.

The model is a dict per space of stored connectors, the preconfigured connectors, one disabled
type, and the spaces created through the Spaces API; it knows Kibana's answers from the
reference (core §2, §3.6, §4, §5, §10; kibana-saved-objects-spaces.md §3), not from
fakekibana's code. Connectors live in spaces whether or not the space was created (Kibana's
routes do not check); deleting a created space deletes its connectors.

By default the machine drives a strict fakekibana of its own. With FAKEKIBANA_URL set
(e.g. http://elastic:changeme@localhost:5601) it drives that Kibana 7.8 instead, over the
release paths only; that Kibana needs a platinum or trial licence and this kibana.yml:

    xpack.actions.enabledActionTypes: [.email, .pagerduty, .server-log, .servicenow, .slack,
                                       .webhook, .jira]
    xpack.actions.preconfigured:
      preconfigured-log: {actionTypeId: .server-log, name: Preconfigured log}
      preconfigured-index:
        actionTypeId: .index
        name: Preconfigured index
        config: {index: preconfigured-index}
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from fakekibana import Settings
from fakekibana.core.settings import Preconfigured
from fakekibana.server import ControlClient, FakeKibana
from tests.conftest import TYPE_REGISTRY, KibanaHTTP
from tests.contract_strategies import (
    TYPES,
    schema_name,
    valid_create_bodies,
    valid_part,
    with_defaults,
)

TARGET_URL = os.environ.get("FAKEKIBANA_URL")
SPACES = ("default", "space1", "space2")
DISABLED = ".index"
REGISTRY = TYPE_REGISTRY
PRECONFIGURED = (
    Preconfigured("preconfigured-log", ".server-log", "Preconfigured log", {}, {}),
    Preconfigured(
        "preconfigured-index", DISABLED, "Preconfigured index", {"index": "preconfigured-index"}, {}
    ),
)
SETTINGS = Settings(
    server_name="state-machine",
    strict_responses=True,
    enabled_action_types=tuple(t for t in TYPES if t != DISABLED),
    preconfigured=PRECONFIGURED,
)
# The seed's paths and the 7.8 release's; a real Kibana 7.8 is asked on the release's only.
FAMILIES = ("release",) if TARGET_URL else ("seed", "release")
PATHS = {
    "seed": {"create": "/api/action", "all": "/api/action/_getAll", "one": "/api/action/"},
    "release": {
        "create": "/api/actions/action",
        "all": "/api/actions",
        "one": "/api/actions/action/",
    },
}
# What params {"zzz": 1} gets from each type's params schema: its first error (types §3-§4).
BAD_PARAMS = {"zzz": 1}
BAD_PARAMS_MESSAGES = {
    ".email": "[subject]: expected value of type [string] but got [undefined]",
    ".index": "[documents]: expected value of type [array] but got [undefined]",
    ".pagerduty": "[zzz]: definition for this key is missing",
    ".server-log": "[message]: expected value of type [string] but got [undefined]",
    ".servicenow": "Cannot read property 'Symbol(Symbol.iterator)' of undefined",
    ".slack": "[message]: expected value of type [string] but got [undefined]",
    ".webhook": "[zzz]: definition for this key is missing",
    ".jira": "Cannot read property 'Symbol(Symbol.iterator)' of undefined",
}
# Names in lower-case letters: Kibana sorts by localeCompare, which for these (and the
# preconfigured names, compared without case) is plain string order.
NAMES = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
CREATE_BODIES = st.tuples(valid_create_bodies(), NAMES).map(
    lambda pair: {**pair[0], "name": pair[1]}
)
PRECONFIGURED_BY_ID = {p.id: p for p in PRECONFIGURED}
# Preconfigured connectors are in every space: ("*", id).
PRECONFIGURED_IDS = st.sampled_from([("*", p.id) for p in PRECONFIGURED])
# Mostly the connector's own space, sometimes another one.
WHERE = st.sampled_from([0, 0, 1, 2])
# Spaces the Spaces API rules work on: two that hold connectors, one that does not, the default.
SPACE_IDS = st.sampled_from(["space1", "space2", "space3", "default"])
# Kibana 7.8's default space (reference kibana-saved-objects-spaces.md §3.3).
DEFAULT_SPACE = {
    "id": "default",
    "name": "Default",
    "description": "This is your default space!",
    "color": "#00bfb3",
    "disabledFeatures": [],
    "_reserved": True,
}


@dataclasses.dataclass
class Stored:
    """A connector the model keeps: what Kibana stores, secrets aside."""

    type_id: str
    name: str
    config: dict[str, Any]


def not_found(connector_id: str) -> tuple[int, dict[str, Any]]:
    """Kibana's 404 for an id not stored in the space (core §3.8)."""
    message = f"Saved object [action/{connector_id}] not found"
    return 404, {"statusCode": 404, "error": "Not Found", "message": message}


def bad_request(message: str) -> tuple[int, dict[str, Any]]:
    """A Boom 400."""
    return 400, {"statusCode": 400, "error": "Bad Request", "message": message}


@pytest.fixture(scope="module")
def kibana_url() -> Iterator[str]:
    """FAKEKIBANA_URL, or a strict fakekibana of this module's own whose failures fail it."""
    if TARGET_URL:
        yield TARGET_URL
        return
    with FakeKibana(SETTINGS) as server:
        yield server.url
        server.check()


class KibanaMachine(RuleBasedStateMachine):
    """Connector operations in several spaces, each answer checked against the model."""

    url = ""
    connectors = Bundle("connectors")
    # A stored connector (space, id), or a preconfigured one ("*", id).
    any_connector = st.one_of(connectors, PRECONFIGURED_IDS)

    def __init__(self) -> None:
        super().__init__()
        self.http = KibanaHTTP(self.url)
        self.control = ControlClient(self.url)
        if self.control.is_fake:
            self.control.reset()
        self.spaces: dict[str, dict[str, Stored]] = {space: {} for space in SPACES}
        # Every connector ever created and its type (deleted ones too).
        self.types: dict[str, str] = {}
        # The spaces created through the Spaces API (the default one is always there): id -> name.
        self.created_spaces: dict[str, str] = {}

    def teardown(self) -> None:
        """Delete what this run created (a fake is reset anyway)."""
        if not self.control.is_fake:
            for space, stored in self.spaces.items():
                for connector_id in stored:
                    self.call(space, "DELETE", FAMILIES[0], "one", connector_id)
            for space_id in self.created_spaces:
                self.http.request("DELETE", f"/api/spaces/space/{space_id}")
        self.http.close()

    # --- plumbing ---------------------------------------------------------------------------

    def call(  # noqa: PLR0917 - one argument per part of the request
        self, space: str, method: str, family: str, route: str, suffix: str = "", body: Any = None
    ) -> tuple[int, Any]:
        prefix = "" if space == "default" else f"/s/{space}"
        return self.http.request(method, prefix + PATHS[family][route] + suffix, body)

    @staticmethod
    def view(connector_id: str, stored: Stored) -> dict[str, Any]:
        return {
            "id": connector_id,
            "actionTypeId": stored.type_id,
            "name": stored.name,
            "config": stored.config,
            "isPreconfigured": False,
        }

    @staticmethod
    def preconfigured_view(connector: Preconfigured) -> dict[str, Any]:
        return {
            "id": connector.id,
            "actionTypeId": connector.action_type_id,
            "name": connector.name,
            "isPreconfigured": True,
        }

    def space_for(self, connector: tuple[str, str], where: int) -> str:
        """The connector's own space (where 0) or another one (where 1 or 2)."""
        home = connector[0] if connector[0] in SPACES else SPACES[0]
        return SPACES[(SPACES.index(home) + where) % len(SPACES)]

    def execute_answer(self, connector_id: str, type_id: str) -> tuple[int, Any]:
        """A server log says ok; any other type's params fail its schema (core §5)."""
        if type_id == ".server-log":
            return 200, {"status": "ok", "actionId": connector_id}
        message = "error validating action params: " + BAD_PARAMS_MESSAGES[type_id]
        return 200, {
            "status": "error",
            "actionId": connector_id,
            "message": message,
            "retry": False,
        }

    # --- rules ------------------------------------------------------------------------------

    @initialize(target=connectors, bodies=st.lists(CREATE_BODIES, min_size=1, max_size=3))
    def start(self, bodies: list[dict[str, Any]]) -> Any:
        """Begin with a few connectors in the default space."""
        created = [self.create(SPACES[0], FAMILIES[0], body) for body in bodies]
        return multiple(*(c for c in created if isinstance(c, tuple)))

    @rule(
        target=connectors,
        space=st.sampled_from(SPACES),
        family=st.sampled_from(FAMILIES),
        body=CREATE_BODIES,
    )
    def create(self, space: str, family: str, body: dict[str, Any]) -> Any:
        """Create: 200 with the validated config, or 403 for the disabled type."""
        type_id = body["actionTypeId"]
        answer = self.call(space, "POST", family, "create", body=body)
        if type_id == DISABLED:
            message = (
                f'action type "{type_id}" is not enabled in the Kibana config '
                "xpack.actions.enabledActionTypes"
            )
            assert answer == (403, {"statusCode": 403, "error": "Forbidden", "message": message})
            return multiple()
        status, created = answer
        assert status == 200, created
        config = with_defaults(schema_name(type_id, "config"), body["config"])
        stored = Stored(type_id, body["name"], config)
        assert (status, created) == (200, self.view(created["id"], stored))
        assert list(created) == ["id", "actionTypeId", "name", "config", "isPreconfigured"]
        self.spaces[space][created["id"]] = stored
        self.types[created["id"]] = type_id
        return space, created["id"]

    @rule(connector=any_connector, where=WHERE, family=st.sampled_from(FAMILIES))
    def get(self, connector: tuple[str, str], where: int, family: str) -> None:
        """Get: a stored connector in its own space only, a preconfigured one anywhere."""
        space, connector_id = self.space_for(connector, where), connector[1]
        answer = self.call(space, "GET", family, "one", connector_id)
        if connector_id in PRECONFIGURED_BY_ID:
            assert answer == (200, self.preconfigured_view(PRECONFIGURED_BY_ID[connector_id]))
            return
        stored = self.spaces[space].get(connector_id)
        assert answer == (
            not_found(connector_id) if stored is None else (200, self.view(connector_id, stored))
        )

    @rule(
        connector=any_connector,
        where=WHERE,
        family=st.sampled_from(FAMILIES),
        name=NAMES,
        data=st.data(),
    )
    def update(
        self, connector: tuple[str, str], where: int, family: str, name: str, data: st.DataObject
    ) -> None:
        """Update: name, config and secrets replaced; 404 elsewhere; 400 for a preconfigured one."""
        space, connector_id = self.space_for(connector, where), connector[1]
        if connector_id in PRECONFIGURED_BY_ID:
            answer = self.call(space, "PUT", family, "one", connector_id, {"name": name})
            message = f"Preconfigured action {connector_id} is not allowed to update."
            assert answer == bad_request(message)
            return
        type_id = self.types[connector_id]
        config = data.draw(valid_part(type_id, "config"), label="config")
        secrets = data.draw(valid_part(type_id, "secrets"), label="secrets")
        body = {"name": name, "config": config, "secrets": secrets}
        answer = self.call(space, "PUT", family, "one", connector_id, body)
        if connector_id not in self.spaces[space]:
            assert answer == not_found(connector_id)
            return
        updated = Stored(type_id, name, with_defaults(schema_name(type_id, "config"), config))
        assert answer == (200, self.view(connector_id, updated))
        self.spaces[space][connector_id] = updated

    @rule(connector=consumes(connectors), where=WHERE, family=st.sampled_from(FAMILIES))
    def delete(self, connector: tuple[str, str], where: int, family: str) -> None:
        """Delete: 204 in the connector's space, 404 elsewhere or when already gone."""
        space, connector_id = self.space_for(connector, where), connector[1]
        answer = self.call(space, "DELETE", family, "one", connector_id)
        if self.spaces[space].pop(connector_id, None) is None:
            assert answer == not_found(connector_id)
        else:
            assert answer == (204, None)

    @rule(connector=PRECONFIGURED_IDS, where=WHERE, family=st.sampled_from(FAMILIES))
    def delete_preconfigured(self, connector: tuple[str, str], where: int, family: str) -> None:
        """Delete of a preconfigured connector: refused with 400 in every space (core §10)."""
        space, connector_id = self.space_for(connector, where), connector[1]
        answer = self.call(space, "DELETE", family, "one", connector_id)
        assert answer == bad_request(
            f"Preconfigured action {connector_id} is not allowed to delete."
        )

    @rule(space=st.sampled_from(SPACES), family=st.sampled_from(FAMILIES))
    def list_connectors(self, space: str, family: str) -> None:
        """Get all: the space's connectors and the preconfigured ones, by name, none referenced."""
        status, listed = self.call(space, "GET", family, "all")
        expected = [
            {**self.view(i, s), "referencedByCount": 0} for i, s in self.spaces[space].items()
        ]
        expected += [{**self.preconfigured_view(p), "referencedByCount": 0} for p in PRECONFIGURED]
        assert status == 200
        names = sorted((e["name"] for e in expected), key=str.lower)
        assert [item["name"] for item in listed] == names
        assert sorted(listed, key=lambda item: item["id"]) == sorted(
            expected, key=lambda e: e["id"]
        )

    @precondition(lambda self: "seed" in FAMILIES)
    @rule(space=st.sampled_from(SPACES))
    def find(self, space: str) -> None:
        """7.7's _find: the space's first 20 connectors in creation order, with the total."""
        status, found = self.call(space, "GET", "seed", "one", "_find")
        stored = self.spaces[space]
        data = [{**self.view(i, s), "referencedByCount": 0} for i, s in list(stored.items())[:20]]
        assert (status, found) == (
            200,
            {"page": 1, "perPage": 20, "total": len(stored), "data": data},
        )

    @rule(connector=any_connector, where=WHERE, family=st.sampled_from(FAMILIES), message=NAMES)
    def execute(self, connector: tuple[str, str], where: int, family: str, message: str) -> None:
        """Execute: a preconfigured one anywhere, even of a disabled type; a stored one at home."""
        space, connector_id = self.space_for(connector, where), connector[1]
        preconfigured = PRECONFIGURED_BY_ID.get(connector_id)
        type_id = preconfigured.action_type_id if preconfigured else self.types[connector_id]
        params = {"message": message} if type_id == ".server-log" else BAD_PARAMS
        path = f"{connector_id}/_execute"
        answer = self.call(space, "POST", family, "one", path, {"params": params})
        if preconfigured is None and connector_id not in self.spaces[space]:
            assert answer == not_found(connector_id)
        else:
            assert answer == self.execute_answer(connector_id, type_id)

    @rule(family=st.sampled_from(FAMILIES))
    def list_types(self, family: str) -> None:
        """The types list: registration order, the disabled type off in config only."""
        path = "/api/action/types" if family == "seed" else "/api/actions/list_action_types"
        expected = [
            {
                "id": type_id,
                "name": name,
                "minimumLicenseRequired": licence,
                "enabled": type_id != DISABLED,
                "enabledInConfig": type_id != DISABLED,
                "enabledInLicense": True,
            }
            for type_id, name, licence in REGISTRY
        ]
        assert self.http.request("GET", path) == (200, expected)

    # --- the Spaces API -----------------------------------------------------------------------

    @rule(space_id=SPACE_IDS, name=NAMES)
    def create_space(self, space_id: str, name: str) -> None:
        """Create a space: 200 with the body as sent (7.8), 409 for an id that exists."""
        answer = self.http.request("POST", "/api/spaces/space", {"id": space_id, "name": name})
        if space_id == "default" or space_id in self.created_spaces:
            message = f"A space with the identifier {space_id} already exists."
            assert answer == (409, {"statusCode": 409, "error": "Conflict", "message": message})
            return
        assert answer == (200, {"id": space_id, "name": name, "disabledFeatures": []})
        self.created_spaces[space_id] = name

    @rule(space_id=SPACE_IDS)
    def get_space(self, space_id: str) -> None:
        """Get a space: the default one, a created one, or 404 Not Found."""
        answer = self.http.request("GET", f"/api/spaces/space/{space_id}")
        if space_id == "default":
            assert answer == (200, DEFAULT_SPACE)
        elif space_id in self.created_spaces:
            name = self.created_spaces[space_id]
            assert answer == (200, {"id": space_id, "name": name, "disabledFeatures": []})
        else:
            assert answer == (
                404,
                {"statusCode": 404, "error": "Not Found", "message": "Not Found"},
            )

    @rule(space_id=SPACE_IDS)
    def delete_space(self, space_id: str) -> None:
        """Delete a space: 204 and its connectors go with it; the default one is reserved."""
        answer = self.http.request("DELETE", f"/api/spaces/space/{space_id}")
        if space_id == "default":
            message = "This Space cannot be deleted because it is reserved."
            assert answer == bad_request(message)
            return
        if space_id not in self.created_spaces:
            assert answer == (
                404,
                {"statusCode": 404, "error": "Not Found", "message": "Not Found"},
            )
            return
        assert answer == (204, None)
        del self.created_spaces[space_id]
        # deleteByNamespace: nothing of the space's is left but the preconfigured connectors.
        if space_id in self.spaces:
            self.spaces[space_id] = {}
        status, listed = self.call(space_id, "GET", FAMILIES[0], "all")
        assert (status, sorted(c["id"] for c in listed)) == (200, sorted(PRECONFIGURED_BY_ID))

    @rule()
    def list_spaces(self) -> None:
        """List the spaces: the default and the created ones, by name (7.8's order as sent)."""
        status, listed = self.http.request("GET", "/api/spaces/space")
        expected = [DEFAULT_SPACE] + [
            {"id": space_id, "name": name, "disabledFeatures": []}
            for space_id, name in self.created_spaces.items()
        ]
        assert status == 200
        # name.keyword order: byte order of the names (NAMES are lower-case ASCII).
        assert [s["name"] for s in listed] == sorted(s["name"] for s in expected)
        assert sorted(listed, key=lambda s: s["id"]) == sorted(expected, key=lambda s: s["id"])


def test_kibana_keeps_what_the_model_keeps(kibana_url: str) -> None:
    """Every answer to a random sequence of connector operations is the model's."""
    KibanaMachine.url = kibana_url
    # Each scenario is some 20 requests: at most 100 of them, even under the ci profile.
    examples = min(settings().max_examples, 100)
    run_state_machine_as_test(
        KibanaMachine,
        settings=settings(max_examples=examples, stateful_step_count=20),
    )
