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
# The cases-only stateful run: enough scenarios that pushes and comment edits are reached.
CASE_EXAMPLES = 30
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
        preconfigured=(
            Preconfigured("preconfigured-log", ".server-log", "Pre log", {}, {}),
            # A ServiceNow instance the cases links push to (a reset keeps it).
            Preconfigured(
                "preconfigured-sn",
                ".servicenow",
                "Pre SN",
                {"apiUrl": "https://example.service-now.com"},
                {"username": "u", "password": "p"},
            ),
        ),
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


# Valid cases, so that creates succeed and the links reach get, comments and push (§5.1).
VALID_CASES = st.fixed_dictionaries(
    {
        "title": st.text("abc XYZ", min_size=1, max_size=8),
        "description": st.text("abc", max_size=8),
        "tags": st.lists(st.sampled_from(["a", "b c"]), max_size=2),
        "connector": st.sampled_from(
            [
                {"id": "none", "name": "none", "type": ".none", "fields": None},
                {
                    "id": "preconfigured-sn",
                    "name": "Pre SN",
                    "type": ".servicenow",
                    "fields": {
                        "impact": "2",
                        "severity": None,
                        "urgency": "3",
                        "category": None,
                        "subcategory": None,
                    },
                },
            ]
        ),
        "settings": st.fixed_dictionaries({"syncAlerts": st.booleans()}),
        "owner": st.sampled_from(["cases", "observability", "securitySolution"]),
    }
)
VALID_COMMENTS = st.fixed_dictionaries(
    {
        "type": st.just("user"),
        "comment": st.text("abc ", min_size=1, max_size=8),
        "owner": st.just("cases"),
    }
)
# Where a linked push goes: the ServiceNow instance, a connector that cannot push, or none.
PUSH_TARGETS = st.sampled_from(
    ["preconfigured-sn", "preconfigured-sn", "preconfigured-log", "nope"]
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


def map_headers(context: schemathesis.HookContext, headers: Any) -> Any:
    """kbn-xsrf on every write, so that writes reach their handlers."""
    operation = context.operation
    if operation is not None and operation.method.upper() != "GET":
        return {**(headers or {}), "kbn-xsrf": "true"}
    return headers


def before_generate_body(context: schemathesis.HookContext, strategy: Any) -> Any:
    """Valid connectors, cases and comments besides generated bodies, so that links have
    objects."""
    operation = context.operation
    name = "" if operation is None else operation.definition.raw["operationId"]
    if name.startswith("create_connector"):
        return strategy | VALID_BODIES
    if name.startswith("create_case"):
        return strategy | VALID_CASES
    if name.startswith("add_case_comment"):
        return strategy | VALID_COMMENTS
    return strategy


def flatmap_path_parameters(context: schemathesis.HookContext, parameters: Any) -> Any:
    """A linked push goes to one of PUSH_TARGETS (a generated connector id never exists)."""
    operation = context.operation
    if operation is not None and operation.definition.raw["operationId"].startswith("push_case"):
        return PUSH_TARGETS.map(lambda target: {**parameters, "connector_id": target})
    return st.just(parameters)


def stateful_schema(version: str, path_regex: str | None = None) -> Any:
    """The release's document for a stateful run (only the paths matching, if given)."""
    stateful = schemathesis.openapi.from_dict(DOCUMENTS[version])
    if path_regex is not None:
        stateful = stateful.include(path_regex=path_regex)
    stateful.config.generation.update(deterministic=DETERMINISTIC)
    for hook in (map_headers, before_generate_body, flatmap_path_parameters):
        stateful.hook(hook)
    return stateful


@pytest.mark.parametrize("version", VERSIONS)
def test_links_keep_the_contract(version: str, urls: dict[str, str]) -> None:
    """Create, then get, update, delete or execute the new connector, or read the new case:
    all answers documented."""
    run_links(
        stateful_schema(version),
        urls[version],
        STATEFUL_CHECKS,
        examples=EXAMPLES,
        steps=10,
        derandomize=DETERMINISTIC,
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_case_links_keep_the_contract(version: str, urls: dict[str, str]) -> None:
    """Create a case, then read it, comment on it, list, edit and delete its comments and push
    it (to ServiceNow, to a connector that cannot push, to none): all answers documented, none
    a 5xx."""
    run_links(
        stateful_schema(version, r"^(/s/\{space_id\})?/api/cases"),
        urls[version],
        STATEFUL_CHECKS,
        examples=CASE_EXAMPLES,
        steps=10,
        derandomize=DETERMINISTIC,
    )
