"""Response schemas and strict mode: every answer is checked against what its route documents."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from jsonschema import Draft202012Validator

from fakekibana import Settings
from fakekibana.connectors.client import ActionsClient
from fakekibana.core.adapter import RESPONSE_CHECK
from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.contract import ResponseChecker, ResponseMismatch, documented_responses
from tests.conftest import app_routes

SCHEMAS = SchemaSet(schema_dir())
ROUTES = app_routes()
STATUS = re.compile(r"[1-5][0-9][0-9]")


@pytest.fixture
def checker() -> ResponseChecker:
    """A checker over the schemas in schemas/."""
    return ResponseChecker(SCHEMAS, ROUTES)


def stored(**changes: Any) -> dict[str, Any]:
    """A stored connector as create, get and update answer it."""
    body = {
        "id": "c1",
        "actionTypeId": ".index",
        "name": "n",
        "config": {"index": "i", "refresh": False, "executionTimeField": None},
        "isPreconfigured": False,
    }
    return {**body, **changes}


def test_response_schemas_are_valid_2020_12() -> None:
    """Every response schema, and the shared definitions, is a valid Draft 2020-12 schema."""
    names = [route.response_schema for route in ROUTES]
    for name in [*names, "actions/_defs.json", "errors.json"]:
        Draft202012Validator.check_schema(SCHEMAS.document(name))


def test_every_route_documents_its_answers() -> None:
    """Each route has a response file whose statuses include its success and Kibana's errors."""
    documented = documented_responses(SCHEMAS, ROUTES)
    assert sorted(documented) == sorted(route.name for route in ROUTES)
    for route in ROUTES:
        statuses = list(documented[route.name])
        assert all(STATUS.fullmatch(status) for status in statuses)
        assert statuses == sorted(statuses)
        assert str(route.status) in statuses
        # Any route may get a mismatched kbn-version (400), or /s/default (404).
        assert {"400", "404", "401"} <= set(statuses)
        if route.privilege is not None:
            assert "403" in statuses
        if route.method != "GET":
            assert {"408", "413", "415"} <= set(statuses)


def test_documented_answers_pass(checker: ResponseChecker) -> None:
    """The shapes of core §2, §5 and §10 pass the checker."""
    preconfigured = {"id": "p", "actionTypeId": ".slack", "name": "P", "isPreconfigured": True}
    checker("create_connector", 200, stored())
    checker("get_connector", 200, preconfigured)
    checker("get_all_connectors", 200, [{**stored(), "referencedByCount": 0}])
    checker("find_connectors", 200, {"page": 1, "perPage": 20, "total": 0, "data": []})
    checker("delete_connector", 204, None)
    checker("execute_connector", 200, {"actionId": "c1", "status": "ok"})
    checker("execute_connector", 200, {"status": "ok", "data": [1], "actionId": "c1"})
    error = {"status": "error", "actionId": "c1", "message": "m", "serviceMessage": "s"}
    checker("execute_connector", 200, {**error, "retry": "2020-05-01T10:00:00.000Z"})
    version = {"expected": "7.8.0", "got": "7.7.0"}
    checker(
        None,
        400,
        {"statusCode": 400, "error": "Bad Request", "message": "m", "attributes": version},
    )
    assert checker.failures == []


@pytest.mark.parametrize(
    ("route", "status", "body", "problem"),
    [
        (
            "create_connector",
            200,
            stored(secrets={"password": "x"}),
            "Additional properties are not allowed ('secrets' was unexpected) at $",
        ),
        (
            "get_connector",
            200,
            {"id": "p", "actionTypeId": ".slack", "name": "P", "isPreconfigured": False},
            "True was expected at $.isPreconfigured",
        ),
        (
            "update_connector",
            201,
            stored(),
            "the status is not documented",
        ),
        (
            "get_all_connectors",
            200,
            [stored()],
            "True was expected at $[0].isPreconfigured",
        ),
        (
            "execute_connector",
            200,
            {"status": "ok", "actionId": "c1", "retry": False},
            "'error' was expected at $.status",
        ),
        (
            "delete_connector",
            204,
            {},
            "{} is not of type 'null' at $",
        ),
    ],
    ids=["secrets", "preconfigured-flag", "status", "list-item", "execute", "delete-body"],
)
def test_drift_is_a_mismatch(
    checker: ResponseChecker, route: str, status: int, body: Any, problem: str
) -> None:
    """An answer that drifts from its route's schema raises ResponseMismatch and is recorded."""
    with pytest.raises(ResponseMismatch) as raised:
        checker(route, status, body)
    assert str(raised.value) == f"{route} {status}: {problem}"
    assert checker.failures == [f"{route} {status}: {problem}"]


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (
            404,
            {"statusCode": 400, "error": "Bad Request", "message": "m"},
            "404 was expected at $.statusCode",
        ),
        (
            403,
            {"statusCode": 403, "error": "Forbidden", "message": "m", "attributes": {}},
            "False schema does not allow {} at $",
        ),
        (
            404,
            {"statusCode": 404, "error": "Not Found", "message": "Missing"},
            "'Missing' does not match '^(Not Found|Saved object "
            "\\\\[[\\\\s\\\\S]*/[\\\\s\\\\S]*\\\\] not found|"
            "Connector [\\\\s\\\\S]* not found|"
            "Field \\\\[index_pattern = [\\\\s\\\\S]*, "
            "field = [\\\\s\\\\S]*\\\\] not found\\\\.)$' at $.message",
        ),
        (
            418,
            {"statusCode": 418, "error": "I'm a teapot", "message": "m"},
            "the status is not documented",
        ),
    ],
    ids=["status-code", "attributes", "not-found-message", "unknown-status"],
)
def test_middleware_errors_are_checked_as_boom_bodies(
    checker: ResponseChecker, status: int, body: dict[str, Any], problem: str
) -> None:
    """An error the middleware renders must be the Boom body of its status."""
    with pytest.raises(ResponseMismatch) as raised:
        checker(None, status, body)
    assert str(raised.value) == f"error {status}: {problem}"


async def test_strict_app_turns_drift_into_a_failure(
    make_client: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In strict mode a handler that drifts answers 500, and the mismatch is kept for the test."""
    original = ActionsClient.list_types

    def drifted(self: ActionsClient) -> list[dict[str, Any]]:
        first, *rest = original(self)
        return [{**first, "beta": True}, *rest]

    monkeypatch.setattr(ActionsClient, "list_types", drifted)
    client: TestClient[Any, Any] = await make_client(
        Settings(server_name="strict", strict_responses=True)
    )
    response = await client.get("/api/action/types")
    assert response.status == 500
    assert await response.json() == {
        "statusCode": 500,
        "error": "Internal Server Error",
        "message": "An internal server error occurred.",
    }
    check = client.app[RESPONSE_CHECK]
    assert isinstance(check, ResponseChecker)
    assert check.failures == [
        "list_connector_types 200: Additional properties are not allowed ('beta' was "
        "unexpected) at $[0]"
    ]


async def test_default_client_is_strict(client: TestClient[Any, Any]) -> None:
    """The suite's default app checks its answers."""
    assert isinstance(client.app[RESPONSE_CHECK], ResponseChecker)


async def test_lenient_app_has_no_checker(make_client: Callable[..., Any]) -> None:
    """Without strict_responses, answers are not checked."""
    client: TestClient[Any, Any] = await make_client(Settings(server_name="lenient"))
    assert RESPONSE_CHECK not in client.app


async def test_huge_find_page_is_an_empty_page(client: TestClient[Any, Any]) -> None:
    """_find with a page near the largest double answers an empty page, not a 500 (Schemathesis)."""
    response = await client.get("/api/action/_find?page=1.7407844890823834e%2B308")
    assert response.status == 200
    assert await response.json() == {
        "page": 1.7407844890823834e308,
        "perPage": 20,
        "total": 0,
        "data": [],
    }


async def test_an_error_outside_the_contract_is_a_recorded_500(aiohttp_client: Any) -> None:
    """An error body that breaks its schema answers Boom's 500 and is kept for the test."""
    from fakekibana import create_app  # noqa: PLC0415 - the app under test is built here

    app = create_app(Settings(server_name="t", strict_responses=True))

    def refuse(route: str | None, status: int, body: Any) -> None:
        raise ResponseMismatch(f"{route} {status} {body!r}")

    app[RESPONSE_CHECK] = refuse
    client = await aiohttp_client(app)
    response = await client.get("/api/nothing-here")
    assert response.status == 500
    assert await response.json() == {
        "statusCode": 500,
        "error": "Internal Server Error",
        "message": "An internal server error occurred.",
    }
    errors = await (await client.get("/_fakekibana/errors")).json()
    assert len(errors["errors"]) == 1
