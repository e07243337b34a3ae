"""The OpenAPI documents of 7.8, 8.19 and 9.4 describe status, stats, features and Spaces."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from fakekibana import Settings
from fakekibana.core.openapi import build_document
from tests.conftest import app_routes
from tests.kibana_lines import LINES

DOCUMENTS = {v: build_document(app_routes(Settings(kibana_version=v)), v) for v in LINES}
# (path, method, operation id, query parameters, statuses) of each release's platform routes.
PLATFORM = [
    ("/api/status", "get", "get_status"),
    ("/api/stats", "get", "get_stats"),
    ("/api/features", "get", "get_features"),
    ("/api/spaces/space", "get", "get_all_spaces"),
    ("/api/spaces/space", "post", "create_space"),
    ("/api/spaces/space/{id}", "get", "get_space"),
    ("/api/spaces/space/{id}", "put", "update_space"),
    ("/api/spaces/space/{id}", "delete", "delete_space"),
]
QUERIES = {
    "7.8.0": {
        "get_status": [],
        "get_stats": ["extended", "legacy", "exclude_usage"],
        "get_features": ["ignoreValidLicenses"],
        "get_all_spaces": ["purpose"],
    },
    "9.x": {
        "get_status": ["v7format", "v8format"],
        "get_stats": ["extended", "legacy", "exclude_usage"],
        "get_features": ["ignoreValidLicenses"],
        "get_all_spaces": ["purpose", "include_authorized_purposes"],
    },
}


def query_names(operation: dict[str, Any]) -> list[str]:
    """The query parameters an operation documents."""
    return [p["name"] for p in operation["parameters"] if p.get("in") == "query"]


@pytest.mark.parametrize("version", LINES)
def test_each_release_document_is_valid_openapi(version: str) -> None:
    """The release's document passes openapi-spec-validator's OpenAPI 3.1 validation."""
    assert list(OpenAPIV31SpecValidator(DOCUMENTS[version]).iter_errors()) == []


@pytest.mark.parametrize("version", LINES)
def test_the_platform_routes_are_documented(version: str) -> None:
    """Every platform route is there with and without /s/{space_id}, with its query."""
    paths = DOCUMENTS[version]["paths"]
    queries = QUERIES["7.8.0" if version == "7.8.0" else "9.x"]
    for path, method, operation_id in PLATFORM:
        for prefix, suffix in (("", ""), ("/s/{space_id}", "_in_space")):
            operation = paths[prefix + path][method]
            assert operation["operationId"] == operation_id + suffix
            assert query_names(operation) == queries.get(operation_id, [])


@pytest.mark.parametrize("version", LINES)
def test_create_space_links_to_the_operations_on_the_space(version: str) -> None:
    """create_space's 200 links to get, update and delete in the same space (Schemathesis)."""
    post = DOCUMENTS[version]["paths"]["/s/{space_id}/api/spaces/space"]["post"]
    links = post["responses"]["200"]["links"]
    assert sorted(links) == ["delete_space", "get_space", "update_space"]
    assert links["get_space"] == {
        "operationId": "get_space_in_space",
        "parameters": {"id": "$response.body#/id", "space_id": "$request.path.space_id"},
    }
    assert sorted(post["responses"]) == [
        "200",
        "400",
        "401",
        "403",
        "404",
        "408",
        "409",
        "413",
        "415",
    ]


@pytest.mark.parametrize(
    ("version", "solution"), [("7.8.0", False), ("8.19.0", True), ("9.4.0", True)]
)
def test_the_space_body_of_each_release(version: str, solution: bool) -> None:
    """8.19 and 9.x document `solution` in the space body; 7.8 does not."""
    post = DOCUMENTS[version]["paths"]["/api/spaces/space"]["post"]
    ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.rpartition("/")[2]
    body = DOCUMENTS[version]["components"]["schemas"][name]
    assert ("solution" in body["properties"]) is solution
