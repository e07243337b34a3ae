"""kibana-py, a real third-party 9.x client, drives the connectors API through the fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from kibana import Kibana
from kibana.exceptions import BadRequestError, NotFoundError

from fakekibana import Settings
from fakekibana.server import FakeKibana


@pytest.fixture(scope="module", params=["9.4.0", "8.19.0"])
def kibana(request: pytest.FixtureRequest) -> Iterator[Kibana]:
    """kibana-py pointed at a fakekibana of that release on a real port."""
    with FakeKibana(Settings(kibana_version=request.param, server_name="kpy")) as server:
        client = Kibana(server.url)
        yield client
        client.close()


@pytest.mark.parametrize("space", [None, "ops"])
def test_connector_lifecycle(kibana: Kibana, space: str | None) -> None:
    """Create, get, list, update, run and delete a connector, in the default or a created space."""
    if space is not None and not any(s["id"] == space for s in kibana.spaces.get_all().body):
        kibana.spaces.create(id=space, name="Operations")
    created = kibana.connectors.create(
        name="audit log", connector_type_id=".server-log", space_id=space
    ).body
    connector_id = created["id"]
    assert (created["name"], created["connector_type_id"], created["config"]) == (
        "audit log",
        ".server-log",
        {},
    )
    assert kibana.connectors.get(id=connector_id, space_id=space).body == created
    listed = kibana.connectors.get_all(space_id=space).body
    assert [c["id"] for c in listed] == [connector_id]
    assert listed[0]["referenced_by_count"] == 0
    updated = kibana.connectors.update(id=connector_id, name="renamed", space_id=space).body
    assert updated == {**created, "name": "renamed"}
    result = kibana.connectors.execute(
        id=connector_id, params={"message": "hello"}, space_id=space
    ).body
    assert result == {"status": "ok", "connector_id": connector_id}
    kibana.connectors.delete(id=connector_id, space_id=space)
    with pytest.raises(NotFoundError) as missing:
        kibana.connectors.get(id=connector_id, space_id=space)
    assert missing.value.body == {
        "statusCode": 404,
        "error": "Not Found",
        "message": f"Saved object [action/{connector_id}] not found",
    }


def test_chosen_id_and_types(kibana: Kibana) -> None:
    """A caller-chosen id is kept; list_types filters by feature id; a bad body is a 400."""
    created = kibana.connectors.create(
        id="fixed-log", name="fixed", connector_type_id=".server-log"
    ).body
    assert created["id"] == "fixed-log"
    kibana.connectors.delete(id="fixed-log")
    types: Any = kibana.connectors.list_types(feature_id="cases").body
    assert {t["id"] for t in types} >= {".servicenow", ".jira"}
    assert all("cases" in t["supported_feature_ids"] for t in types)
    with pytest.raises(BadRequestError) as refused:
        kibana.connectors.create(name="x", connector_type_id=".nope")
    assert refused.value.body["message"] == 'Action type ".nope" is not registered.'
