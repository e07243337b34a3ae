"""The OpenAPI 3.1 document: valid, complete, built from schemas/, committed and served."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from openapi_spec_validator import OpenAPIV31SpecValidator

from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.openapi import build_document, render
from tests.conftest import app_routes

COMMITTED = Path(__file__).parent.parent / "openapi.json"
ROUTES = app_routes()
DOCUMENT = build_document(ROUTES, "7.8.0")
METHODS = ("get", "put", "post", "patch", "delete")


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) in the document."""
    return [
        (path, method, item[method])
        for path, item in DOCUMENT["paths"].items()
        for method in METHODS
        if method in item
    ]


def resolve(ref: str) -> Any:
    """The node a local $ref points at."""
    node: Any = DOCUMENT
    for escaped in ref.removeprefix("#/").split("/"):
        part = escaped.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def refs(node: Any) -> list[str]:
    """Every $ref value in a part of the document."""
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


def test_document_is_valid_openapi_3_1() -> None:
    """The document passes openapi-spec-validator's OpenAPI 3.1 validation."""
    assert DOCUMENT["openapi"] == "3.1.0"
    assert list(OpenAPIV31SpecValidator(DOCUMENT).iter_errors()) == []


def test_committed_copy_is_current() -> None:
    """openapi.json is build_document() as `fakekibana --openapi` writes it."""
    assert COMMITTED.read_text(encoding="utf-8") == render(ROUTES, "7.8.0"), (
        "openapi.json is stale: run `fakekibana --openapi > openapi.json`"
    )


def test_command_prints_the_document() -> None:
    """`fakekibana --openapi` prints the committed document."""
    printed = subprocess.run(
        [sys.executable, "-m", "fakekibana", "--openapi"],
        capture_output=True,
        check=True,
        cwd=COMMITTED.parent,
        text=True,
        encoding="utf-8",
    )
    assert printed.stdout == COMMITTED.read_text(encoding="utf-8")


def test_every_route_is_documented_in_both_families_and_spaces() -> None:
    """Each route path appears with and without /s/{space_id}, and nothing else does."""
    expected = {
        (prefix + path, route.method.lower())
        for route in ROUTES
        for path in route.paths
        for prefix in ("", "/s/{space_id}")
    }
    assert {(path, method) for path, method, _ in operations()} == expected
    ids = [operation["operationId"] for _, _, operation in operations()]
    assert len(ids) == len(set(ids)) == len(expected)


def test_operations_answer_what_the_response_files_document() -> None:
    """Each operation lists exactly its route's response statuses, each from its schema file."""
    schemas = SchemaSet(schema_dir())
    by_path = {
        (prefix + path, route.method.lower()): route
        for route in ROUTES
        for path in route.paths
        for prefix in ("", "/s/{space_id}")
    }
    for path, method, operation in operations():
        route = by_path[path, method]
        statuses = schemas.document(route.response_schema)["$defs"]
        assert list(operation["responses"]) == list(statuses), (path, method)
        assert str(route.status) in statuses
        for status, listed in operation["responses"].items():
            response = resolve(listed["$ref"]) if "$ref" in listed else listed
            assert response["headers"] == {"kbn-name": {"$ref": "#/components/headers/kbn-name"}}
            if status == "204":
                assert "content" not in response
            else:
                # A non-JSON answer (the ndjson of _export) is listed under its own type.
                media = statuses[status].get("x-content-type", "application/json")
                schema = response["content"][media]["schema"]
                component = f"{route.schema_folder}.{route.name}.response"
                assert schema == {"$ref": f"#/components/schemas/{component}/$defs/{status}"}


def test_components_are_the_schema_files() -> None:
    """There is one component per schema file, the file itself with $refs made local."""
    schemas = SchemaSet(schema_dir())
    components = DOCUMENT["components"]["schemas"]
    names = [uri.split("/schemas/", 1)[1].removesuffix(".json") for uri in schemas.documents]
    assert list(components) == [name.replace("/", ".") for name in names]
    request = dict(schemas.document("actions/create_connector.request.json"))
    del request["$schema"]
    assert components["actions.create_connector.request"] == request
    cases = components["connector_types.servicenow.config"]["properties"]["casesConfiguration"]
    # {} is config-schema's default, but the schema refuses it: it moves to an extension.
    assert cases == {
        "$ref": "#/components/schemas/connector_types._cases/$defs/casesConfiguration",
        "x-kibana-default": {},
    }


def test_every_reference_resolves() -> None:
    """Every $ref in the document points at a node of the document."""
    found = refs(DOCUMENT)
    assert len(found) > 100
    for ref in found:
        assert ref.startswith("#/")
        resolve(ref)


def test_headers_are_documented() -> None:
    """Mutating operations need kbn-xsrf, every operation takes kbn-version, spaces their id."""
    for path, method, operation in operations():
        parameters = [p["$ref"].rpartition("/")[2] for p in operation["parameters"] if "$ref" in p]
        expected = ["space_id"] if path.startswith("/s/") else []
        expected += ["id"] if "{id}" in path else []
        expected += ["kbn-xsrf"] if method != "get" else []
        assert parameters == [*expected, "kbn-version"], (path, method)
    parameters = DOCUMENT["components"]["parameters"]
    assert parameters["kbn-xsrf"]["required"] is False
    assert parameters["kbn-version"]["schema"] == {"enum": ["7.8.0", ""]}
    assert parameters["space_id"]["schema"] == {
        "type": "string",
        "pattern": "^[a-z0-9_\\-]+$",
        "not": {"const": "default"},
    }


def test_find_query_parameters_come_from_its_query_schema() -> None:
    """_find's query parameters are its query schema's properties; arrays and objects as JSON."""
    operation = DOCUMENT["paths"]["/api/action/_find"]["get"]
    query = {p["name"]: p for p in operation["parameters"] if p.get("in") == "query"}
    properties = SchemaSet(schema_dir()).document("actions/find_connectors.query.json")
    assert list(query) == list(properties["properties"])
    base = "#/components/schemas/actions.find_connectors.query/properties/"
    assert query["page"]["schema"] == {"$ref": base + "page"}
    assert query["fields"]["content"] == {"application/json": {"schema": {"$ref": base + "fields"}}}


def test_create_links_to_the_operations_on_the_new_connector() -> None:
    """Create's 200 links to get, update, delete and execute in both families, in its space."""
    links = DOCUMENT["paths"]["/s/{space_id}/api/action"]["post"]["responses"]["200"]["links"]
    ids = {operation["operationId"] for _, _, operation in operations()}
    assert sorted(links) == sorted(
        f"{verb}_connector{family}"
        for verb in ("get", "update", "delete", "execute")
        for family in ("", "_release")
    )
    for name, link in links.items():
        assert link["operationId"] == f"{name}_in_space"
        assert link["operationId"] in ids
        assert link["parameters"] == {
            "id": "$response.body#/id",
            "space_id": "$request.path.space_id",
        }


async def test_served_document_is_build_document(client: TestClient[Any, Any]) -> None:
    """GET /_fakekibana/openapi.json serves build_document()."""
    response = await client.get("/_fakekibana/openapi.json")
    assert response.status == 200
    assert json.loads(await response.text()) == DOCUMENT
