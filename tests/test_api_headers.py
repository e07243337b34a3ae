"""The HTTP envelope: kbn-xsrf, kbn-version, kbn-name, payloads, size limits, unknown routes."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, create_connector, expect_json, kibana_error

VALID = {"name": "n", "actionTypeId": ".server-log"}
MIB = 1024 * 1024


def stored(created: dict[str, Any]) -> dict[str, Any]:
    """What a server-log connector named n looks like."""
    return {
        "id": created["id"],
        "actionTypeId": ".server-log",
        "name": "n",
        "config": {},
        "isPreconfigured": False,
    }


async def nothing_stored(client: TestClient[Any, Any]) -> None:
    """Assert the default space has no connectors."""
    await expect_json(await client.get("/api/action/_getAll"), 200, [])


async def created_ok(client: TestClient[Any, Any], response: Any) -> None:
    """Assert a create answered 200 with the server-log connector named n."""
    body = await response.json()
    await expect_json(response, 200, stored(body))


# --- kbn-xsrf and kbn-version --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/action", VALID),
        ("POST", "/api/actions/action", VALID),
        ("PUT", "/api/action/{id}", {"name": "x"}),
        ("PUT", "/api/actions/action/{id}", {"name": "x"}),
        ("DELETE", "/api/action/{id}", None),
        ("DELETE", "/s/space1/api/actions/action/{id}", None),
        ("POST", "/api/action/{id}/_execute", {"params": {"message": "m"}}),
        ("POST", "/api/actions/action/{id}/_execute", {"params": {"message": "m"}}),
    ],
)
async def test_writes_need_kbn_xsrf(
    client: TestClient[Any, Any], method: str, path: str, body: Any
) -> None:
    """Every non-GET route without kbn-xsrf or kbn-version answers 400 and changes nothing."""
    created = await create_connector(client, ".server-log", name="n")
    response = await client.request(method, path.format(id=created["id"]), json=body)
    await expect_json(response, 400, kibana_error(400, "Request must contain a kbn-xsrf header."))
    await expect_json(
        await client.get("/api/action/_getAll"), 200, [{**stored(created), "referencedByCount": 0}]
    )


async def test_xsrf_is_checked_before_the_body(client: TestClient[Any, Any]) -> None:
    """An invalid body without kbn-xsrf gets the xsrf 400, not a validation 400 (core §3.2)."""
    response = await client.post("/api/action", json={})
    await expect_json(response, 400, kibana_error(400, "Request must contain a kbn-xsrf header."))


async def test_payload_is_parsed_before_the_xsrf_check(client: TestClient[Any, Any]) -> None:
    """Malformed JSON without kbn-xsrf is refused as malformed: hapi parses before onPostAuth."""
    response = await client.post(
        "/api/action", data=b"{", headers={"Content-Type": "application/json"}
    )
    await expect_json(response, 400, kibana_error(400, "Invalid request payload JSON format"))


@pytest.mark.parametrize(
    "headers",
    [{"kbn-xsrf": "true"}, {"kbn-xsrf": ""}, {"kbn-xsrf": "anything"}, {"kbn-version": "7.8.0"}],
    ids=["xsrf-true", "xsrf-empty", "xsrf-any", "version"],
)
async def test_any_xsrf_value_or_the_right_version_passes(
    client: TestClient[Any, Any], headers: dict[str, str]
) -> None:
    """kbn-xsrf with any value, or a matching kbn-version, lets a write through."""
    await created_ok(client, await client.post("/api/action", json=VALID, headers=headers))


async def test_an_empty_kbn_version_passes_both_checks(client: TestClient[Any, Any]) -> None:
    """An empty kbn-version counts as present for xsrf and is not compared (lifecycle_handlers)."""
    response = await client.post("/api/action", json=VALID, headers={"kbn-version": ""})
    await created_ok(client, response)


async def test_reads_need_no_xsrf(client: TestClient[Any, Any]) -> None:
    """GET routes answer without kbn-xsrf."""
    await expect_json(await client.get("/api/actions"), 200, [])


def version_mismatch(got: str) -> dict[str, Any]:
    """The kbn-version mismatch body, with its attributes (core §3.4)."""
    return {
        "statusCode": 400,
        "error": "Bad Request",
        "message": (
            "Browser client is out of date, please refresh the page "
            f'("kbn-version" header was "{got}" but should be "7.8.0")'
        ),
        "attributes": {"expected": "7.8.0", "got": got},
    }


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/api/action/_getAll", {"kbn-version": "7.7.0"}),
        ("GET", "/api/action/types", {"kbn-version": "7.7.0"}),
        ("POST", "/api/action", {"kbn-version": "7.7.0"}),
        ("POST", "/api/action", {"kbn-version": "7.7.0", "kbn-xsrf": "x"}),
        ("DELETE", "/api/action/1", {"kbn-version": "7.7.0"}),
    ],
)
async def test_kbn_version_mismatch(
    client: TestClient[Any, Any], method: str, path: str, headers: dict[str, str]
) -> None:
    """A kbn-version other than 7.8.0 answers 400 with expected/got attributes, on any method."""
    response = await client.request(method, path, json=VALID, headers=headers)
    await expect_json(response, 400, version_mismatch("7.7.0"))
    await nothing_stored(client)


# --- kbn-name on every answer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("POST", "/api/action", {"json": VALID, "headers": XSRF}, 200),
        ("GET", "/api/action/types", {}, 200),
        ("DELETE", "/api/action/{id}", {"headers": XSRF}, 204),
        ("POST", "/api/action", {"json": {}, "headers": XSRF}, 400),
        ("POST", "/api/action", {"json": VALID}, 400),
        ("GET", "/api/action/missing", {}, 404),
        ("GET", "/api/nothing/here", {}, 404),
        ("PATCH", "/api/action/{id}", {"headers": XSRF}, 404),
        ("GET", "/s/default/api/actions", {}, 404),
        (
            "POST",
            "/api/action",
            {"data": b"<a/>", "headers": {"Content-Type": "application/xml"}},
            415,
        ),
        ("POST", "/api/action", {"data": io.BytesIO(b"x" * (MIB + 1)), "headers": XSRF}, 413),
    ],
)
async def test_every_answer_carries_kbn_name(
    client: TestClient[Any, Any], method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    """Successes, errors and unknown routes all carry kbn-name: the server name."""
    created = await create_connector(client, ".server-log")
    response = await client.request(method, path.format(id=created["id"]), **kwargs)
    assert response.status == status
    assert response.headers["kbn-name"] == "fakekibana-test"


# --- payload parsing -----------------------------------------------------------------------------


async def test_json_without_content_type_is_read(client: TestClient[Any, Any]) -> None:
    """A body sent with no Content-Type is parsed as JSON (subtext's default)."""
    response = await client.post(
        "/api/action",
        data=json.dumps(VALID).encode(),
        headers=XSRF,
        skip_auto_headers=["Content-Type"],
    )
    assert "Content-Type" not in response.request_info.headers
    await created_ok(client, response)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "text/plain; charset=utf-8", "application/vnd.api+json"]
)
async def test_json_in_other_text_types_is_accepted(
    client: TestClient[Any, Any], content_type: str
) -> None:
    """A JSON object sent as text/plain (or a +json type) is parsed by the object schema."""
    response = await client.post(
        "/api/action",
        data=json.dumps(VALID).encode(),
        headers={**XSRF, "Content-Type": content_type},
    )
    await created_ok(client, response)


async def test_text_plain_that_is_not_json(client: TestClient[Any, Any]) -> None:
    """A text/plain body that is not JSON fails the object schema's parse."""
    response = await client.post(
        "/api/action", data=b"name=x", headers={**XSRF, "Content-Type": "text/plain"}
    )
    await expect_json(
        response,
        400,
        kibana_error(400, "[request body]: could not parse object value from json input"),
    )


async def test_form_bodies_become_objects(client: TestClient[Any, Any]) -> None:
    """An urlencoded form is an object of strings to the route, as hapi parses it."""
    response = await client.post(
        "/api/action",
        data={"name": "n", "actionTypeId": ".server-log"},
        headers=XSRF,
    )
    await created_ok(client, response)


async def test_octet_stream_is_a_buffer(client: TestClient[Any, Any]) -> None:
    """An application/octet-stream body reaches the schema as a Buffer (type-detect: Uint8Array)."""
    response = await client.post(
        "/api/action",
        data=json.dumps(VALID).encode(),
        headers={**XSRF, "Content-Type": "application/octet-stream"},
    )
    await expect_json(
        response,
        400,
        kibana_error(
            400, "[request body]: expected a plain object value, but found [Uint8Array] instead."
        ),
    )


async def test_unsupported_media_type(client: TestClient[Any, Any]) -> None:
    """An unknown Content-Type answers 415 (message UNCONFIRMED: Boom's reason phrase)."""
    response = await client.post(
        "/api/action", data=b"<a/>", headers={**XSRF, "Content-Type": "application/xml"}
    )
    await expect_json(
        response,
        415,
        {"statusCode": 415, "error": "Unsupported Media Type", "message": "Unsupported Media Type"},
    )
    await nothing_stored(client)


async def test_malformed_content_type(client: TestClient[Any, Any]) -> None:
    """A Content-Type that is not type/subtype answers subtext's 400."""
    response = await client.post(
        "/api/action", data=b"{}", headers={**XSRF, "Content-Type": "json"}
    )
    await expect_json(response, 400, kibana_error(400, "Invalid content-type header"))


@pytest.mark.parametrize("raw", [b"{", b"{'a': 1}", b"[1,]", b'{"name": NaN}', b"\xff{}"])
async def test_malformed_json(client: TestClient[Any, Any], raw: bytes) -> None:
    """Bodies JSON.parse refuses answer 400 Invalid request payload JSON format."""
    # A BytesIO, as aiohttp asks for large bodies; it is sent with its Content-Length all the same.
    response = await client.post(
        "/api/action", data=io.BytesIO(raw), headers={**XSRF, "Content-Type": "application/json"}
    )
    await expect_json(response, 400, kibana_error(400, "Invalid request payload JSON format"))


async def test_a_proto_key_is_malformed_json(client: TestClient[Any, Any]) -> None:
    """A `__proto__` key is refused as malformed JSON.

    That is hapi 18's bourne guard; whether Kibana 7.8's hapi had it is UNCONFIRMED (subtext 6
    used plain JSON.parse), so this is the code's choice.
    """
    response = await client.post(
        "/api/action",
        data=b'{"name": "n", "actionTypeId": ".server-log", "config": {"__proto__": {}}}',
        headers={**XSRF, "Content-Type": "application/json"},
    )
    await expect_json(response, 400, kibana_error(400, "Invalid request payload JSON format"))


@pytest.mark.parametrize(
    ("raw", "found"),
    [(b"[1]", "Array"), (b"5", "number"), (b"null", "null"), (b"true", "boolean"), (b"", "null")],
)
async def test_non_object_bodies(client: TestClient[Any, Any], raw: bytes, found: str) -> None:
    """A JSON body that is not an object (an empty body is null) fails the object schema."""
    # A BytesIO, as aiohttp asks for large bodies; it is sent with its Content-Length all the same.
    response = await client.post(
        "/api/action", data=io.BytesIO(raw), headers={**XSRF, "Content-Type": "application/json"}
    )
    await expect_json(
        response,
        400,
        kibana_error(
            400, f"[request body]: expected a plain object value, but found [{found}] instead."
        ),
    )


async def test_no_body_at_all_is_null(client: TestClient[Any, Any]) -> None:
    """A POST with no body and no Content-Type reaches the schema as null (core §3.3)."""
    response = await client.post("/api/action", headers=XSRF, skip_auto_headers=["Content-Type"])
    await expect_json(
        response,
        400,
        kibana_error(
            400, "[request body]: expected a plain object value, but found [null] instead."
        ),
    )


async def test_an_empty_octet_stream_body_is_null(client: TestClient[Any, Any]) -> None:
    """An empty octet-stream body (what aiohttp sends for a bodiless POST) is null to Kibana."""
    response = await client.post("/api/action", headers=XSRF)
    assert response.request_info.headers["Content-Type"] == "application/octet-stream"
    await expect_json(
        response,
        400,
        kibana_error(
            400, "[request body]: expected a plain object value, but found [null] instead."
        ),
    )


async def test_json_string_bodies_are_parsed_again(client: TestClient[Any, Any]) -> None:
    """A JSON string body is JSON-parsed by the object schema: an object inside is accepted."""
    response = await client.post("/api/action", json=json.dumps(VALID), headers=XSRF)
    await created_ok(client, response)
    response = await client.post("/api/action", json="x", headers=XSRF)
    await expect_json(
        response,
        400,
        kibana_error(400, "[request body]: could not parse object value from json input"),
    )


async def test_array_index_keys_come_first(client: TestClient[Any, Any]) -> None:
    """JSON objects get JavaScript's key order: array-index keys first, ascending."""
    raw = (
        b'{"name": "n", "actionTypeId": ".server-log", "config": {"b": 1, "2": 2, "a": 3, "1": 4}}'
    )
    # A BytesIO, as aiohttp asks for large bodies; it is sent with its Content-Length all the same.
    response = await client.post(
        "/api/action", data=io.BytesIO(raw), headers={**XSRF, "Content-Type": "application/json"}
    )
    body = await response.json()
    assert list(body["config"]) == ["1", "2", "b", "a"]


# --- payload size --------------------------------------------------------------------------------

TOO_LARGE = {
    "statusCode": 413,
    "error": "Request Entity Too Large",
    "message": "Payload content length greater than maximum allowed: 1048576",
}


def body_of_size(size: int) -> bytes:
    """A valid create body of exactly `size` bytes."""
    empty = json.dumps({**VALID, "name": ""}).encode()
    return json.dumps({**VALID, "name": "x" * (size - len(empty))}).encode()


async def test_a_body_of_exactly_one_mib_is_accepted(client: TestClient[Any, Any]) -> None:
    """server.maxPayloadBytes is 1 MiB: a body of exactly that size is fine."""
    raw = body_of_size(MIB)
    assert len(raw) == MIB
    # A BytesIO, as aiohttp asks for large bodies; it is sent with its Content-Length all the same.
    response = await client.post(
        "/api/action", data=io.BytesIO(raw), headers={**XSRF, "Content-Type": "application/json"}
    )
    assert response.status == 200


async def test_a_body_over_one_mib_is_refused(client: TestClient[Any, Any]) -> None:
    """One byte more answers 413 and stores nothing."""
    raw = body_of_size(MIB + 1)
    # A BytesIO, as aiohttp asks for large bodies; it is sent with its Content-Length all the same.
    response = await client.post(
        "/api/action", data=io.BytesIO(raw), headers={**XSRF, "Content-Type": "application/json"}
    )
    await expect_json(response, 413, TOO_LARGE)
    await nothing_stored(client)


async def test_a_chunked_body_over_one_mib_is_refused(client: TestClient[Any, Any]) -> None:
    """A chunked body (no Content-Length) is cut off at 1 MiB too."""
    raw = body_of_size(MIB + 10)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(raw), 65536):
            yield raw[start : start + 65536]

    response = await client.post(
        "/api/action", data=chunks(), headers={**XSRF, "Content-Type": "application/json"}
    )
    await expect_json(response, 413, TOO_LARGE)
    await nothing_stored(client)


# --- unknown routes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/api"),
        ("GET", "/api/nothing"),
        ("GET", "/api/action/x/y"),
        ("POST", "/api/action/x/y"),
        ("GET", "/api/action/x/_execute"),
        ("PATCH", "/api/action/x"),
        ("POST", "/api/action/x"),
        ("DELETE", "/api/action"),
        ("PUT", "/api/actions"),
        ("POST", "/api/action/types"),
        ("GET", "/api/actions/action"),
        ("GET", "/s/space1"),
        ("GET", "/s/space1/api/nothing"),
        ("GET", "/s//api/actions"),
    ],
)
async def test_unknown_routes_and_methods(
    client: TestClient[Any, Any], method: str, path: str
) -> None:
    """Paths and methods Kibana has no route for answer hapi's 404 Not Found, even without xsrf."""
    response = await client.request(method, path, json=VALID, headers={"kbn-version": "6.0.0"})
    await expect_json(response, 404, kibana_error(404, "Not Found"))
    await nothing_stored(client)


async def test_an_empty_content_type_is_read_as_json(client: TestClient[Any, Any]) -> None:
    """An empty Content-Type header is no header: subtext reads the body as JSON."""
    body = json.dumps({"name": "log", "actionTypeId": ".server-log"})
    response = await client.post(
        "/api/action", data=body.encode(), headers={**XSRF, "Content-Type": ""}
    )
    assert response.status == 200
    assert (await response.json())["config"] == {}


async def test_multipart_without_a_boundary_is_a_bad_content_type(
    client: TestClient[Any, Any],
) -> None:
    """@hapi/content refuses a multipart type without its boundary before any 415."""
    response = await client.post(
        "/api/action", data=b"x", headers={**XSRF, "Content-Type": "multipart/form-data"}
    )
    await expect_json(
        response,
        400,
        kibana_error(400, "Invalid content-type header: multipart missing boundary"),
    )


async def test_multipart_with_a_boundary_is_unsupported(client: TestClient[Any, Any]) -> None:
    """A well-formed multipart body is not among the types Kibana's routes accept: 415."""
    response = await client.post(
        "/api/action",
        data=b"--b\r\n\r\n--b--\r\n",
        headers={**XSRF, "Content-Type": "multipart/form-data; boundary=b"},
    )
    await expect_json(
        response,
        415,
        {"statusCode": 415, "error": "Unsupported Media Type", "message": "Unsupported Media Type"},
    )


async def test_head_is_answered_by_get_routes(client: TestClient[Any, Any]) -> None:
    """HEAD on a GET route answers as GET does, without a body (hapi's behaviour)."""
    get = await client.get("/api/action/types")
    head = await client.head("/api/action/types")
    assert head.status == 200
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["kbn-name"] == "fakekibana-test"
    assert await head.read() == b""
