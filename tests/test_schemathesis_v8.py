"""Schemathesis against live, strict fakekibanas of 8.19 and 9.4, with their OpenAPI documents.

The same checks as tests/test_schemathesis.py (7.8), for every route those releases serve:
the snake_case connectors routes, 8.19's camelCase ones, and the platform routes. Bounded and,
under the `ci` Hypothesis profile, derandomised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import settings
from hypothesis import strategies as st
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from fakekibana import Settings
from fakekibana.core.openapi import build_document
from fakekibana.core.settings import Preconfigured
from fakekibana.server import FakeKibana
from tests.conftest import app_routes
from tests.links_machine import run_links

EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
STATEFUL_CHECKS = [*CHECKS, use_after_free, ensure_resource_availability]
DETERMINISTIC = settings().derandomize
VERSIONS = ("8.19.0", "9.4.0")


def settings_for(version: str) -> Settings:
    """A strict fake of that release, with a preconfigured connector and a disabled type."""
    return Settings(
        kibana_version=version,
        server_name="schemathesis",
        strict_responses=True,
        enabled_action_types=("*",),
        preconfigured=(Preconfigured("preconfigured-log", ".server-log", "Pre log", {}, {}),),
    )


DOCUMENTS = {v: build_document(app_routes(settings_for(v)), v) for v in VERSIONS}
SCHEMAS = {v: schemathesis.openapi.from_dict(DOCUMENTS[v]) for v in VERSIONS}
for _schema in SCHEMAS.values():
    _schema.config.generation.update(max_examples=EXAMPLES, deterministic=DETERMINISTIC)

# Valid bodies for a few types, so that creates succeed and links have connectors to follow.
VALID_BODIES = st.sampled_from(
    [
        {"name": "log", "connector_type_id": ".server-log"},
        {"name": "index", "connector_type_id": ".index", "config": {"index": "logs"}},
        {
            "name": "hook",
            "connector_type_id": ".webhook",
            "config": {"url": "https://example.com/hook"},
            "secrets": {"user": "u", "password": "p"},
        },
        {"name": "slack", "connector_type_id": ".slack", "secrets": {"webhookUrl": "https://x.io"}},
    ]
)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_document_is_valid_openapi_3_1(version: str) -> None:
    """The generated document of each release validates, with one operation per route path."""
    document = DOCUMENTS[version]
    assert list(OpenAPIV31SpecValidator(document).iter_errors()) == []
    routes = app_routes(settings_for(version))
    expected = {
        (prefix + path, route.method.lower())
        for route in routes
        for path in route.paths
        for prefix in ("", "/s/{space_id}")
    }
    found = {
        (path, method)
        for path, item in document["paths"].items()
        for method in ("get", "put", "post", "patch", "delete")
        if method in item
    }
    assert found == expected


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    """Version -> URL of a strict fakekibana of each release; their own failures fail the module."""
    with FakeKibana(settings_for("8.19.0")) as old, FakeKibana(settings_for("9.4.0")) as new:
        yield {"8.19.0": old.url, "9.4.0": new.url}
        old.check()
        new.check()


@SCHEMAS["8.19.0"].parametrize()
def test_8_19_operations_keep_their_contract(
    case: schemathesis.Case[Any], urls: dict[str, str]
) -> None:
    """8.19: generated requests, valid or not, get documented answers; no 5xx."""
    case.call_and_validate(base_url=urls["8.19.0"], checks=CHECKS)


@SCHEMAS["9.4.0"].parametrize()
def test_9_4_operations_keep_their_contract(
    case: schemathesis.Case[Any], urls: dict[str, str]
) -> None:
    """9.4: generated requests, valid or not, get documented answers; no 5xx."""
    case.call_and_validate(base_url=urls["9.4.0"], checks=CHECKS)


@pytest.mark.parametrize("version", VERSIONS)
def test_links_keep_the_contract(version: str, urls: dict[str, str]) -> None:
    """Create, then get, update, delete or execute the new connector: all answers documented."""
    url = urls[version]
    stateful = schemathesis.openapi.from_dict(DOCUMENTS[version])
    stateful.config.generation.update(deterministic=DETERMINISTIC)

    @stateful.hook
    def map_headers(context: schemathesis.HookContext, headers: Any) -> Any:
        operation = context.operation
        if operation is not None and operation.method.upper() != "GET":
            return {**(headers or {}), "kbn-xsrf": "true"}
        return headers

    @stateful.hook
    def before_generate_body(context: schemathesis.HookContext, strategy: Any) -> Any:
        operation = context.operation
        if operation is not None and operation.definition.raw["operationId"].startswith(
            "create_connector"
        ):
            return strategy | VALID_BODIES
        return strategy

    run_links(
        stateful, url, STATEFUL_CHECKS, examples=EXAMPLES, steps=10, derandomize=DETERMINISTIC
    )
