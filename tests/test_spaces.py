"""The Spaces API per release line: list, create, get, update, delete, and the default space."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana.core.adapter import AREAS
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import DEFAULT_SPACE, LINES, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SPACES = "/api/spaces/space"
# The reference's example (kibana-saved-objects-spaces.md §3.3): sent and answered.
MARKETING = {
    "name": "marketing",
    "id": "marketing",
    "description": "a description",
    "color": "#5c5959",
    "disabledFeatures": [],
}
MARKETING_ANSWER = {
    "id": "marketing",
    "name": "marketing",
    "description": "a description",
    "color": "#5c5959",
    "disabledFeatures": [],
}
NOT_FOUND = boom(404, "Not Found", "Not Found")


@pytest.fixture(params=LINES)
def version(request: pytest.FixtureRequest) -> str:
    """Each release line in turn."""
    value: str = request.param
    return value


@pytest.fixture
async def kb(make_client: MakeClient, version: str) -> TestClient[Any, Any]:
    """A strict fake of the release line."""
    return await make_client(line_settings(version))


async def create(kb: TestClient[Any, Any], body: dict[str, Any]) -> dict[str, Any]:
    """POST /api/spaces/space; the 200 body."""
    response = await kb.post(SPACES, json=body, headers=XSRF)
    created: dict[str, Any] = await response.json()
    assert response.status == 200, created
    return created


async def test_a_fresh_kibana_lists_the_default_space_only(kb: TestClient[Any, Any]) -> None:
    """GET /api/spaces/space answers the default space, exactly as Kibana creates it."""
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


async def test_the_default_space_can_be_read(kb: TestClient[Any, Any]) -> None:
    """GET /api/spaces/space/default answers the default space's exact body."""
    await expect_json(await kb.get(f"{SPACES}/default"), 200, DEFAULT_SPACE)


async def test_create_answers_the_space_and_get_reads_it(kb: TestClient[Any, Any]) -> None:
    """The reference's example creates the space it answers, and GET reads the same body."""
    await expect_json(await kb.post(SPACES, json=MARKETING, headers=XSRF), 200, MARKETING_ANSWER)
    await expect_json(await kb.get(f"{SPACES}/marketing"), 200, MARKETING_ANSWER)


async def test_key_order_is_the_sent_one_on_7_8_and_fixed_later(
    kb: TestClient[Any, Any], version: str
) -> None:
    """7.8 answers {id, ...attributes} as sent; 8.19 and 9.x rebuild the space in a fixed order."""
    body = {"id": "ops", "initials": "OP", "name": "Ops", "color": "#aabbcc", "_reserved": True}
    if version == "7.8.0":
        expected = {
            "id": "ops",
            "initials": "OP",
            "name": "Ops",
            "color": "#aabbcc",
            "disabledFeatures": [],
        }
    else:
        expected = {
            "id": "ops",
            "name": "Ops",
            "color": "#aabbcc",
            "initials": "OP",
            "disabledFeatures": [],
        }
    await expect_json(await kb.post(SPACES, json=body, headers=XSRF), 200, expected)
    await expect_json(await kb.get(f"{SPACES}/ops"), 200, expected)


async def test_a_taken_id_is_a_409(kb: TestClient[Any, Any]) -> None:
    """Creating a space whose id exists answers 409 and keeps the first space."""
    await create(kb, MARKETING)
    again = {"id": "marketing", "name": "other"}
    message = "A space with the identifier marketing already exists."
    await expect_json(
        await kb.post(SPACES, json=again, headers=XSRF), 409, boom(409, "Conflict", message)
    )
    await expect_json(await kb.get(f"{SPACES}/marketing"), 200, MARKETING_ANSWER)


async def test_the_default_space_is_taken_too(kb: TestClient[Any, Any]) -> None:
    """POST of id `default` is a 409 like any other taken id."""
    message = "A space with the identifier default already exists."
    response = await kb.post(SPACES, json={"id": "default", "name": "x"}, headers=XSRF)
    await expect_json(response, 409, boom(409, "Conflict", message))


async def test_list_sorts_by_name_bytes(kb: TestClient[Any, Any]) -> None:
    """Spaces come sorted by name.keyword: capitals before lower case, byte by byte."""
    for space_id, name in (("b", "beta"), ("a2", "alpha"), ("a1", "Alpha")):
        await create(kb, {"id": space_id, "name": name})
    listed = await (await kb.get(SPACES)).json()
    assert [space["id"] for space in listed] == ["a1", "default", "a2", "b"]


async def test_missing_spaces_are_404(kb: TestClient[Any, Any]) -> None:
    """Get, update and delete of an unknown space answer 404 Not Found."""
    await expect_json(await kb.get(f"{SPACES}/nowhere"), 404, NOT_FOUND)
    body = {"id": "nowhere", "name": "x"}
    await expect_json(await kb.put(f"{SPACES}/nowhere", json=body, headers=XSRF), 404, NOT_FOUND)
    await expect_json(await kb.delete(f"{SPACES}/nowhere", headers=XSRF), 404, NOT_FOUND)
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


async def test_update_keeps_unsent_fields_and_answers_per_release(
    kb: TestClient[Any, Any], version: str
) -> None:
    """PUT stores over the space: 7.8 re-reads in stored order, 8.19 re-reads rebuilt, 9.4
    answers only what it was sent (the rest stays stored, as GET shows)."""
    await create(kb, {"id": "x", "name": "X", "description": "d", "color": "#aabbcc"})
    body = {"id": "x", "name": "Y", "initials": "YY"}
    stored = {
        "id": "x",
        "name": "Y",
        "description": "d",
        "color": "#aabbcc",
        "initials": "YY",
        "disabledFeatures": [],
    }
    answers = {
        "7.8.0": {
            "id": "x",
            "name": "Y",
            "description": "d",
            "color": "#aabbcc",
            "disabledFeatures": [],
            "initials": "YY",
        },
        "8.19.0": stored,
        "9.4.0": {"id": "x", "name": "Y", "initials": "YY", "disabledFeatures": []},
    }
    response = await kb.put(f"{SPACES}/x", json=body, headers=XSRF)
    await expect_json(response, 200, answers[version])
    read = answers[version] if version == "7.8.0" else stored
    await expect_json(await kb.get(f"{SPACES}/x"), 200, read)


async def test_update_uses_the_path_id(kb: TestClient[Any, Any]) -> None:
    """The path's id wins over the body's: the body's id names no other space."""
    await create(kb, {"id": "x", "name": "X"})
    response = await kb.put(f"{SPACES}/x", json={"id": "other", "name": "Z"}, headers=XSRF)
    await expect_json(response, 200, {"id": "x", "name": "Z", "disabledFeatures": []})
    await expect_json(await kb.get(f"{SPACES}/other"), 404, NOT_FOUND)


async def test_update_cannot_unreserve_the_default_space(kb: TestClient[Any, Any]) -> None:
    """`_reserved` in a PUT body is ignored: the default space stays reserved."""
    body = {"id": "default", "name": "Home", "_reserved": False}
    response = await kb.put(f"{SPACES}/default", json=body, headers=XSRF)
    assert (await response.json())["_reserved"] is True
    await expect_json(
        await kb.get(f"{SPACES}/default"),
        200,
        {**DEFAULT_SPACE, "name": "Home"},
    )


async def test_delete_answers_204_and_forgets_the_space(kb: TestClient[Any, Any]) -> None:
    """DELETE answers 204 without a body; the space is gone afterwards."""
    await create(kb, MARKETING)
    response = await kb.delete(f"{SPACES}/marketing", headers=XSRF)
    assert (response.status, await response.read()) == (204, b"")
    await expect_json(await kb.get(f"{SPACES}/marketing"), 404, NOT_FOUND)
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("7.8.0", "This Space cannot be deleted because it is reserved."),
        ("8.19.0", "The default space cannot be deleted because it is reserved."),
        ("9.4.0", "The default space cannot be deleted because it is reserved."),
    ],
)
async def test_the_default_space_cannot_be_deleted(
    make_client: MakeClient, version: str, message: str
) -> None:
    """DELETE of the default space is a 400 in the release's words, and changes nothing."""
    kb = await make_client(line_settings(version))
    response = await kb.delete(f"{SPACES}/default", headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


async def test_changes_need_kbn_xsrf(kb: TestClient[Any, Any]) -> None:
    """POST without kbn-xsrf is refused as every Kibana change is, and creates nothing."""
    response = await kb.post(SPACES, json=MARKETING)
    message = "Request must contain a kbn-xsrf header."
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


async def test_spaces_never_created_still_serve_requests(kb: TestClient[Any, Any]) -> None:
    """/s/{id}/... works for a space that does not exist: Kibana's API routes do not check."""
    await expect_json(await kb.get(f"/s/nowhere{SPACES}"), 200, [DEFAULT_SPACE])
    await expect_json(await kb.get(f"/s/nowhere{SPACES}/nowhere"), 404, NOT_FOUND)


async def test_the_default_prefix_is_served_from_8_0(
    kb: TestClient[Any, Any], version: str
) -> None:
    """/s/default/... answers like /... on 8.19 and 9.x; 7.8 matches no route there."""
    response = await kb.get(f"/s/default{SPACES}")
    if version == "7.8.0":
        await expect_json(response, 404, NOT_FOUND)
    else:
        await expect_json(response, 200, [DEFAULT_SPACE])


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_a_solution_is_kept_and_answered_last(make_client: MakeClient, version: str) -> None:
    """8.19 and 9.x store a space's solution view and answer it after every other key."""
    kb = await make_client(line_settings(version))
    body = {"solution": "oblt", "id": "obs", "name": "Observability", "description": "o11y"}
    expected = {
        "id": "obs",
        "name": "Observability",
        "description": "o11y",
        "disabledFeatures": [],
        "solution": "oblt",
    }
    await expect_json(await kb.post(SPACES, json=body, headers=XSRF), 200, expected)
    response = await kb.put(f"{SPACES}/obs", json={"id": "obs", "name": "O"}, headers=XSRF)
    assert (await response.json())["solution"] == "oblt"


async def test_7_8_has_no_solution(make_client: MakeClient) -> None:
    """7.8's space schema has no `solution` key: config-schema's unknown-key text."""
    kb = await make_client(line_settings("7.8.0"))
    body = {"id": "obs", "name": "Observability", "solution": "oblt"}
    message = "[request body.solution]: definition for this key is missing"
    await expect_json(
        await kb.post(SPACES, json=body, headers=XSRF), 400, boom(400, "Bad Request", message)
    )


@pytest.mark.parametrize(
    ("version", "name"), [("7.8.0", "  Team  "), ("8.19.0", "  Team  "), ("9.4.0", "Team")]
)
async def test_9_4_trims_new_names(make_client: MakeClient, version: str, name: str) -> None:
    """A new space's name is trimmed on 9.4 and kept as sent before."""
    kb = await make_client(line_settings(version))
    created = await create(kb, {"id": "team", "name": "  Team  "})
    assert created["name"] == name


@pytest.mark.parametrize(
    ("version", "disabled"),
    [
        ("7.8.0", ["discover", "ml"]),
        ("8.19.0", ["discover", "ml"]),
        ("9.4.0", ["discover_v2", "ml"]),
    ],
)
async def test_deprecated_feature_ids_read_as_their_replacements(
    make_client: MakeClient, version: str, disabled: list[str]
) -> None:
    """9.x answers a disabled `discover` as `discover_v2`; earlier lines answer it as sent."""
    kb = await make_client(line_settings(version))
    created = await create(kb, {"id": "x", "name": "X", "disabledFeatures": ["discover", "ml"]})
    assert created["disabledFeatures"] == disabled


async def test_the_thousandth_space_is_refused(kb: TestClient[Any, Any]) -> None:
    """xpack.spaces.maxSpaces (1000) counts the default space; the next create is a 400."""
    spaces = kb.app[AREAS]["spaces"].store.spaces
    for number in range(999):
        spaces[f"s{number}"] = {"name": f"s{number}", "disabledFeatures": []}
    message = (
        "Unable to create Space, this exceeds the maximum number of spaces set by the "
        "xpack.spaces.maxSpaces setting"
    )
    response = await kb.post(SPACES, json={"id": "one-more", "name": "x"}, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(f"{SPACES}/one-more"), 404, NOT_FOUND)
