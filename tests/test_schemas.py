"""schemas/ is consistent: type rows and folders agree, files are valid schemas, defaults fit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet, schema_dir
from tests.conftest import TYPE_SPECS, app_routes

SCHEMAS = SchemaSet(schema_dir())
REGISTRY: Registry[Any] = Registry().with_resources(
    (uri, DRAFT202012.create_resource(document)) for uri, document in SCHEMAS.documents.items()
)
TYPE_ROOT = schema_dir() / "connector_types"
ROUTES = app_routes()


def test_every_type_row_has_a_folder_and_every_folder_a_row() -> None:
    """The 7.x type modules and schemas/connector_types/*/ name the same types."""
    folders = {path.name for path in TYPE_ROOT.iterdir() if path.is_dir()}
    rows = {row.schema_dir for row in TYPE_SPECS}
    assert folders == rows
    assert len(rows) == len(TYPE_SPECS)


def test_type_folders_hold_only_config_secrets_and_params() -> None:
    """A type folder holds nothing but config.json, secrets.json and params.json."""
    for folder in TYPE_ROOT.iterdir():
        if folder.is_dir():
            names = {path.name for path in folder.iterdir()}
            assert names <= {"config.json", "secrets.json", "params.json"}, folder.name


def test_every_type_has_params() -> None:
    """Every type validates its execute params (Kibana registers a params schema for each)."""
    for row in TYPE_SPECS:
        assert (TYPE_ROOT / row.schema_dir / "params.json").is_file(), row.id


def test_every_route_schema_exists() -> None:
    """Each body and query schema a route names is a file under schemas/."""
    for route in ROUTES:
        for name in (route.body_schema, route.query_schema):
            if name is not None:
                assert SCHEMAS.has(name), name


@pytest.mark.parametrize("uri", sorted(SCHEMAS.documents), ids=lambda u: u[len(SCHEMA_BASE_URI) :])
def test_every_schema_file_is_a_valid_2020_12_schema(uri: str) -> None:
    """Draft202012Validator.check_schema accepts every file and every $ref resolves."""
    document = SCHEMAS.documents[uri]
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)
    resolver = REGISTRY.resolver(base_uri=uri)
    for ref, base in _refs(document, uri):
        assert resolver.lookup(ref).contents is not None, (base, ref)


def _refs(node: Any, base: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"], base
        for value in node.values():
            yield from _refs(value, base)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value, base)


def _defaulted_properties(node: Any, pointer: str) -> Iterator[tuple[str, str, bool]]:
    """(pointer to the property's subschema, name, whether it is required) for every default."""
    if isinstance(node, dict):
        required = set(node.get("required", ()))
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and "default" in sub:
                yield f"{pointer}/properties/{name}", name, name in required
        for key, value in node.items():
            yield from _defaulted_properties(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _defaulted_properties(value, f"{pointer}/{index}")


DEFAULTED = [
    (uri, pointer, name, required)
    for uri, document in sorted(SCHEMAS.documents.items())
    for pointer, name, required in _defaulted_properties(document, "")
]


def test_the_default_rule_has_cases_both_ways() -> None:
    """The schemas have required defaulted properties as well as optional ones."""
    assert {required for *_, required in DEFAULTED} == {True, False}


@pytest.mark.parametrize(
    ("uri", "pointer", "name", "required"),
    DEFAULTED,
    ids=[f"{u[len(SCHEMA_BASE_URI) :]}#{p}" for u, p, _, _ in DEFAULTED],
)
def test_a_default_is_required_exactly_when_it_fails_its_subschema(
    uri: str, pointer: str, name: str, required: bool
) -> None:
    """A property with a default is in `required` exactly when the default is invalid for it.

    validation.py validates a missing property as its default; JSON Schema must then call the
    absence an error exactly when that validation fails.
    """
    subschema = SCHEMAS.documents[uri]
    for part in pointer.strip("/").split("/"):
        subschema = subschema[int(part)] if isinstance(subschema, list) else subschema[part]
    validator = Draft202012Validator({"$ref": f"{uri}#{pointer}"}, registry=REGISTRY)
    default_is_valid = validator.is_valid(subschema["default"])
    assert required == (not default_is_valid), name
