"""The space body and list query, each rule broken alone, in @kbn/config-schema's exact words.

The rules are space_schema's (reference kibana-saved-objects-spaces.md §3.2): keys in declaration
order (id, name, description, initials, color, disabledFeatures, _reserved, imageUrl[, solution]),
the first failure only, unknown keys after known ones. A refused body creates nothing.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana.spaces import messages
from tests.conftest import XSRF, expect_json
from tests.kibana_lines import DEFAULT_SPACE, LINES, boom, line_settings

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SPACES = "/api/spaces/space"
B = "[request body"
SOLUTION = (
    f"{B}.solution]: types that failed validation:\n"
    f"- {B}.solution.0]: expected value to equal [es]\n"
    f"- {B}.solution.1]: expected value to equal [oblt]\n"
    f"- {B}.solution.2]: expected value to equal [security]\n"
    f"- {B}.solution.3]: expected value to equal [classic]"
)
# (body, message): each body breaks one rule (or shows which rule comes first).
BODIES: list[tuple[Any, str]] = [
    ({"name": "n"}, f"{B}.id]: expected value of type [string] but got [undefined]"),
    ({"id": 7, "name": "n"}, f"{B}.id]: expected value of type [string] but got [number]"),
    ({"id": "My Space", "name": "n"}, f"{B}.id]: {messages.ID_RULE}"),
    ({"id": "ok\n", "name": "n"}, f"{B}.id]: {messages.ID_RULE}"),
    ({"id": "ok"}, f"{B}.name]: expected value of type [string] but got [undefined]"),
    (
        {"id": "ok", "name": ""},
        f"{B}.name]: value has length [0] but it must have a minimum length of [1].",
    ),
    (
        {"id": "ok", "name": "n", "description": None},
        f"{B}.description]: expected value of type [string] but got [null]",
    ),
    (
        {"id": "ok", "name": "n", "initials": "ABC"},
        f"{B}.initials]: value has length [3] but it must have a maximum length of [2].",
    ),
    ({"id": "ok", "name": "n", "color": "red"}, f"{B}.color]: {messages.COLOR_RULE}"),
    ({"id": "ok", "name": "n", "color": "#12345"}, f"{B}.color]: {messages.COLOR_RULE}"),
    (
        {"id": "ok", "name": "n", "disabledFeatures": "ml"},
        f"{B}.disabledFeatures]: could not parse array value from json input",
    ),
    (
        {"id": "ok", "name": "n", "disabledFeatures": [1]},
        f"{B}.disabledFeatures.0]: expected value of type [string] but got [number]",
    ),
    (
        {"id": "ok", "name": "n", "_reserved": "yes"},
        f"{B}._reserved]: expected value of type [boolean] but got [string]",
    ),
    (
        {"id": "ok", "name": "n", "imageUrl": "http://example.com/a.png"},
        f"{B}.imageUrl]: {messages.IMAGE_URL_RULE}",
    ),
    (
        {"id": "ok", "name": "n", "imageUrl": "data:image\nx"},
        f"{B}.imageUrl]: {messages.IMAGE_URL_RULE}",
    ),
    ({"id": "ok", "name": "n", "foo": 1}, f"{B}.foo]: definition for this key is missing"),
    # Declaration order: id before name; known keys before unknown ones.
    ({"name": "", "id": "BAD"}, f"{B}.id]: {messages.ID_RULE}"),
    (
        {"foo": 1, "id": "ok", "name": ""},
        f"{B}.name]: value has length [0] but it must have a minimum length of [1].",
    ),
    ([], "[request body]: expected a plain object value, but found [Array] instead."),
    (None, "[request body]: expected a plain object value, but found [null] instead."),
]


@pytest.mark.parametrize("version", LINES)
@pytest.mark.parametrize(("body", "message"), BODIES)
async def test_each_rule_has_kibanas_message(
    make_client: MakeClient, version: str, body: Any, message: str
) -> None:
    """POST and PUT refuse the body with config-schema's text; nothing is created or changed."""
    kb = await make_client(line_settings(version))
    data = json.dumps(body).encode()
    headers = {**XSRF, "Content-Type": "application/json"}
    response = await kb.post(SPACES, data=data, headers=headers)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    response = await kb.put(f"{SPACES}/default", data=data, headers=headers)
    await expect_json(response, 400, boom(400, "Bad Request", message))
    await expect_json(await kb.get(SPACES), 200, [DEFAULT_SPACE])


@pytest.mark.parametrize("version", LINES)
@pytest.mark.parametrize("image", ["", "data:image/png;base64,iVBORw0KGgo="])
async def test_empty_and_data_image_urls_are_accepted(
    make_client: MakeClient, version: str, image: str
) -> None:
    """imageUrl may be empty or a data:image URL."""
    kb = await make_client(line_settings(version))
    body = {"id": "pic", "name": "Pic", "imageUrl": image}
    response = await kb.post(SPACES, json=body, headers=XSRF)
    await expect_json(
        response, 200, {"id": "pic", "name": "Pic", "imageUrl": image, "disabledFeatures": []}
    )


@pytest.mark.parametrize("version", ["8.19.0", "9.4.0"])
async def test_an_unknown_solution_lists_the_four(make_client: MakeClient, version: str) -> None:
    """solution is one of es, oblt, security, classic."""
    kb = await make_client(line_settings(version))
    body = {"id": "ok", "name": "n", "solution": "search"}
    response = await kb.post(SPACES, json=body, headers=XSRF)
    await expect_json(response, 400, boom(400, "Bad Request", SOLUTION))


Q = "[request query"
PURPOSE_7 = (
    f"{Q}.purpose]: types that failed validation:\n"
    f"- {Q}.purpose.0]: expected value to equal [any]\n"
    f"- {Q}.purpose.1]: expected value to equal [copySavedObjectsIntoSpace]"
)
PURPOSE_8 = (
    f"{Q}.purpose]: types that failed validation:\n"
    f"- {Q}.purpose.0]: expected value to equal [any]\n"
    f"- {Q}.purpose.1]: expected value to equal [copySavedObjectsIntoSpace]\n"
    f"- {Q}.purpose.2]: expected value to equal [shareSavedObjectsIntoSpace]"
)


@pytest.mark.parametrize(
    ("version", "query", "message"),
    [
        ("7.8.0", "purpose=share", PURPOSE_7),
        ("7.8.0", "purpose=shareSavedObjectsIntoSpace", PURPOSE_7),
        (
            "7.8.0",
            "include_authorized_purposes=true",
            f"{Q}.include_authorized_purposes]: definition for this key is missing",
        ),
        ("8.19.0", "purpose=share", PURPOSE_8),
        ("9.4.0", "purpose=findSavedObjects", PURPOSE_8),
        (
            "9.4.0",
            "include_authorized_purposes=maybe",
            f"{Q}.include_authorized_purposes]: expected value of type [boolean] but got [string]",
        ),
        (
            "8.19.0",
            "purpose=any&include_authorized_purposes=true",
            messages.PURPOSE_AND_AUTHORIZED_PURPOSES,
        ),
        (
            "9.4.0",
            "purpose=copySavedObjectsIntoSpace&include_authorized_purposes=true",
            messages.PURPOSE_AND_AUTHORIZED_PURPOSES,
        ),
    ],
)
async def test_list_queries_are_checked_per_release(
    make_client: MakeClient, version: str, query: str, message: str
) -> None:
    """The purposes each release knows, and 8.x's rule on purpose with authorized purposes."""
    kb = await make_client(line_settings(version))
    response = await kb.get(f"{SPACES}?{query}")
    await expect_json(response, 400, boom(400, "Bad Request", message))


@pytest.mark.parametrize(
    ("version", "query"),
    [
        ("7.8.0", "purpose=copySavedObjectsIntoSpace"),
        ("8.19.0", "purpose=shareSavedObjectsIntoSpace"),
        ("9.4.0", "purpose=any&include_authorized_purposes=false"),
    ],
)
async def test_known_purposes_list_the_spaces(
    make_client: MakeClient, version: str, query: str
) -> None:
    """A purpose the release knows lists the spaces (without security, all of them)."""
    kb = await make_client(line_settings(version))
    await expect_json(await kb.get(f"{SPACES}?{query}"), 200, [DEFAULT_SPACE])


def test_the_schema_texts_are_the_messages_module_s() -> None:
    """schemas/spaces/_defs.json carries the same rule texts as fakekibana.spaces.messages."""
    path = Path(__file__).parent.parent / "schemas" / "spaces" / "_defs.json"
    defs = json.loads(path.read_text(encoding="utf-8"))["$defs"]
    assert defs["id"]["x-kibana-message"] == messages.ID_RULE
    assert defs["color"]["x-kibana-message"] == messages.COLOR_RULE
    assert defs["imageUrl"]["x-kibana-message"] == messages.IMAGE_URL_RULE
