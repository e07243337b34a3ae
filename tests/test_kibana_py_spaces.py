"""kibana-py, the real third-party 9.x client the reference names, drives the Spaces API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kibana import Kibana
from kibana.exceptions import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    SpaceNotFoundError,
)

from fakekibana import Settings
from fakekibana.server import FakeKibana
from tests.kibana_lines import DEFAULT_SPACE


@pytest.fixture
def kibana() -> Iterator[Kibana]:
    """kibana-py pointed at a fresh fakekibana 9.4.0 on a real port."""
    with FakeKibana(Settings(kibana_version="9.4.0", server_name="kpy")) as server:
        client = Kibana(server.url)
        yield client
        client.close()
        server.check()


def test_the_default_space_is_listed_and_read(kibana: Kibana) -> None:
    """get_all and get answer the default space's exact body; the server is 9.4.0."""
    assert kibana.spaces.get_all().body == [DEFAULT_SPACE]
    assert kibana.spaces.get(id="default").body == DEFAULT_SPACE
    assert kibana.server_version() == "9.4.0"


def test_space_lifecycle(kibana: Kibana) -> None:
    """Create, list, read, update and delete a space with the client, unchanged."""
    created = kibana.spaces.create(
        id="marketing",
        name="Marketing Team",
        description="Space for marketing analytics",
        color="#FF6B6B",
        initials="MK",
        solution="classic",
    ).body
    assert created == {
        "id": "marketing",
        "name": "Marketing Team",
        "description": "Space for marketing analytics",
        "color": "#FF6B6B",
        "initials": "MK",
        "disabledFeatures": [],
        "solution": "classic",
    }
    assert [space["id"] for space in kibana.spaces.get_all().body] == ["default", "marketing"]
    assert kibana.spaces.get(id="marketing").body == created
    updated = kibana.spaces.update(id="marketing", name="Marketing", color="#00FF00").body
    # 9.4 answers what was sent; the omitted optional fields stay stored.
    assert updated == {
        "id": "marketing",
        "name": "Marketing",
        "color": "#00FF00",
        "disabledFeatures": [],
        "solution": "classic",
    }
    assert kibana.spaces.get(id="marketing").body == {
        **created,
        "name": "Marketing",
        "color": "#00FF00",
    }
    kibana.spaces.delete(id="marketing")
    with pytest.raises(NotFoundError) as missing:
        kibana.spaces.get(id="marketing")
    assert missing.value.body == {"statusCode": 404, "error": "Not Found", "message": "Not Found"}


def test_refusals_reach_the_client_as_kibanas_errors(kibana: Kibana) -> None:
    """A taken id, a bad id and the default space's deletion are Kibana's errors in the client."""
    kibana.spaces.create(id="ops", name="Ops")
    with pytest.raises(ConflictError) as taken:
        kibana.spaces.create(id="ops", name="Ops again")
    assert taken.value.body == {
        "statusCode": 409,
        "error": "Conflict",
        "message": "A space with the identifier ops already exists.",
    }
    with pytest.raises(BadRequestError) as reserved:
        kibana.spaces.delete(id="default")
    assert reserved.value.body == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "The default space cannot be deleted because it is reserved.",
    }
    with pytest.raises(BadRequestError) as bad_color:
        kibana.spaces.create(id="pink", name="Pink", color="pink")
    assert bad_color.value.body == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "[request body.color]: must be a 6 digit hex color, starting with a #",
    }


def test_a_space_scoped_client_checks_its_space(kibana: Kibana) -> None:
    """client.space(id) looks the space up first: a created one is found, an unknown one is
    SpaceNotFoundError (the fake's 404)."""
    kibana.spaces.create(id="team", name="Team")
    scoped = kibana.space("team")
    assert scoped.spaces.get(id="team").body == {
        "id": "team",
        "name": "Team",
        "disabledFeatures": [],
    }
    with pytest.raises(SpaceNotFoundError):
        kibana.space("nowhere")


def test_the_status_client_reads_status_stats_and_features(kibana: Kibana) -> None:
    """kibana-py's status client gets the v8 status, the stats and the features of 9.4."""
    status = kibana.status.get_status().body
    assert (status["version"]["number"], status["version"]["build_flavor"]) == (
        "9.4.0",
        "traditional",
    )
    assert status["status"]["overall"] == {
        "level": "available",
        "summary": "All services and plugins are available",
    }
    legacy = kibana.status.get_status(v7format=True).body
    assert legacy["status"]["overall"]["state"] == "green"
    with pytest.raises(BadRequestError) as both:
        kibana.status.get_status(v7format=True, v8format=True)
    assert both.value.body["message"] == (
        "[request query]: provide only one format option: v7format or v8format"
    )
    stats = kibana.status.get_stats(extended=True).body
    assert (stats["kibana"]["version"], stats["usage"]) == ("9.4.0", {})
    features = kibana.status.get_features().body
    assert features[0]["id"] == "discover_v2"
