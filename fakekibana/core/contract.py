"""Strict mode: every answer is checked against its documented response schema.

Each route documents its answers in schemas/<folder>/<name>.response.json, one entry of `$defs`
per status code. Errors rendered by the middleware, whichever route raised them, are checked
against the Boom error schemas of schemas/errors.json. A mismatch is fakekibana's own bug: the
checker records it and raises ResponseMismatch, which the middleware turns into a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet

if TYPE_CHECKING:
    from fakekibana.core.area import Route

ERRORS = "errors.json"


class ResponseMismatch(AssertionError):
    """An answer that does not match its documented response schema."""


def registry_for(schemas: SchemaSet) -> Registry[Any]:
    """Every document under schemas/, by its URI, for $ref resolution."""
    resources = [
        (uri, Resource.from_contents(document, default_specification=DRAFT202012))
        for uri, document in schemas.documents.items()
    ]
    return Registry().with_resources(resources)


def documented_responses(schemas: SchemaSet, routes: Sequence[Route]) -> dict[str, dict[str, Any]]:
    """Route name -> {status code (a string) -> response schema}, for these routes.

    Route names are Kibana's operation names, unique across areas.
    """
    return {route.name: schemas.document(route.response_schema)["$defs"] for route in routes}


class ResponseChecker:
    """Checks (route name, status, body) against the route's response schemas.

    The route name is None for errors the middleware renders: those are checked against the Boom
    error schema of that status (whose statusCode and reason are fixed). Every mismatch is also
    kept in `failures`, so that a test can fail on one the client never saw.
    """

    def __init__(self, schemas: SchemaSet, routes: Sequence[Route]) -> None:
        registry = registry_for(schemas)

        def validator(pointer: str) -> Draft202012Validator:
            return Draft202012Validator({"$ref": SCHEMA_BASE_URI + pointer}, registry=registry)

        self._validators = {
            (route.name, int(status)): validator(f"{route.response_schema}#/$defs/{status}")
            for route in routes
            for status in schemas.document(route.response_schema)["$defs"]
        }
        # Each Boom error status has its own schema, listed by the `error` union.
        defs = schemas.document(ERRORS)["$defs"]
        self._errors = {}
        for alternative in defs["error"]["oneOf"]:
            name = alternative["$ref"].rpartition("/")[2]
            status = defs[name]["properties"]["statusCode"]["const"]
            self._errors[status] = validator(f"{ERRORS}#/$defs/{name}")
        self.failures: list[str] = []

    def __call__(self, route: str | None, status: int, body: Any) -> None:
        """Raise ResponseMismatch unless the body is what the route documents for this status."""
        if route is None:
            validator = self._errors.get(status)
        else:
            validator = self._validators.get((route, status))
        if validator is None:
            problem: str | None = "the status is not documented"
        else:
            problem = self._problem(validator, body)
        if problem is not None:
            failure = f"{route or 'error'} {status}: {problem}"
            self.failures.append(failure)
            raise ResponseMismatch(failure)

    @staticmethod
    def _problem(validator: Draft202012Validator, body: Any) -> str | None:
        error = best_match(validator.iter_errors(body))
        if error is None:
            return None
        return f"{error.message} at {error.json_path}"
