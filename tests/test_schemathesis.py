"""Schemathesis against a live, strict fakekibana, with the generated OpenAPI document.

Checks enabled: not_a_server_error, status_code_conformance, content_type_conformance,
response_headers_conformance (kbn-name), response_schema_conformance and negative_data_rejection;
statefully also use_after_free and ensure_resource_availability, following the links from create
to get, update, delete and execute (connectors) and from create to get, update and delete (spaces),
and the links Schemathesis infers (a new space's id as the `space_id` of other operations). Every
route of the 7.8 profile is covered: connectors, status, stats, features and the Spaces API; each
stateful scenario starts from a fresh fake (a reset), so that replaying one creates the same
spaces again.
Left out: positive_data_acceptance (a body the route schema accepts can still fail the connector
type's own schemas with a 400, as in Kibana), unsupported_method (hapi answers an unrouted method
with 404, not 405) and the authentication checks (security is off by default, so auth is
optional).

Examples are bounded (SCHEMATHESIS_EXAMPLES per operation, STATEFUL_EXAMPLES scenarios) and, under
the `ci` Hypothesis profile, derandomised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import settings
from hypothesis import strategies as st
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
from tests.contract_strategies import TYPES, valid_create_bodies
from tests.links_machine import run_links

SCHEMATHESIS_EXAMPLES = 15
STATEFUL_EXAMPLES = 15
STATEFUL_STEPS = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
STATEFUL_CHECKS = [*CHECKS, use_after_free, ensure_resource_availability]
# A preconfigured connector (get, list and execute answer it) and a disabled type (403s).
SETTINGS = Settings(
    server_name="schemathesis",
    strict_responses=True,
    enabled_action_types=tuple(t for t in TYPES if t != ".webhook"),
    preconfigured=(Preconfigured("preconfigured-log", ".server-log", "Preconfigured log", {}, {}),),
)
DETERMINISTIC = settings().derandomize

schema = schemathesis.openapi.from_dict(build_document(app_routes(SETTINGS), "7.8.0"))
schema.config.generation.update(max_examples=SCHEMATHESIS_EXAMPLES, deterministic=DETERMINISTIC)

# The stateful run gets valid create bodies too, so that links have connectors to follow.
stateful_schema = schemathesis.openapi.from_dict(build_document(app_routes(SETTINGS), "7.8.0"))
stateful_schema.config.generation.update(deterministic=DETERMINISTIC)


@stateful_schema.hook
def map_headers(context: schemathesis.HookContext, headers: Any) -> Any:
    """Send kbn-xsrf on every mutating request, as a well-behaved client does."""
    operation = context.operation
    if operation is not None and operation.method.upper() != "GET":
        return {**(headers or {}), "kbn-xsrf": "true"}
    return headers


# Spaces Kibana accepts: an id of its alphabet, a name.
VALID_SPACES = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z0-9_\-]{1,12}", fullmatch=True),
        "name": st.text("abcdef XYZ", min_size=1, max_size=8),
    }
)


@stateful_schema.hook
def before_generate_body(context: schemathesis.HookContext, strategy: Any) -> Any:
    """Mix valid connector bodies of every type into create's generated ones, and valid spaces
    into create_space's."""
    operation = context.operation
    if operation is None:
        return strategy
    operation_id = operation.definition.raw["operationId"]
    if operation_id.startswith("create_connector"):
        return strategy | valid_create_bodies()
    if operation_id.startswith("create_space"):
        return strategy | VALID_SPACES
    return strategy


@pytest.fixture(scope="module")
def fakekibana_url() -> Iterator[str]:
    """A strict fakekibana on a free local port; its own failures fail the module."""
    with FakeKibana(SETTINGS) as server:
        yield server.url
        server.check()


@schema.parametrize()
def test_operation_keeps_its_contract(case: schemathesis.Case[Any], fakekibana_url: str) -> None:
    """Generated requests, valid or not, get documented statuses, headers and bodies; no 5xx."""
    case.call_and_validate(base_url=fakekibana_url, checks=CHECKS)


def test_links_keep_the_contract(fakekibana_url: str) -> None:
    """Create, then get, update, delete or execute the new connector: all answers documented."""
    run_links(
        stateful_schema,
        fakekibana_url,
        STATEFUL_CHECKS,
        examples=STATEFUL_EXAMPLES,
        steps=STATEFUL_STEPS,
        derandomize=DETERMINISTIC,
    )
