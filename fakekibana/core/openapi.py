"""build_document(): the OpenAPI 3.1 description of an app's routes, generated with schemas/.

Every file under schemas/ becomes one component schema (named after its path, with its $refs
pointed inside the document), so no schema is written twice. Each route row gives one operation
per path, with and without the /s/{space_id} prefix; its answers come from
schemas/<folder>/<name>.response.json. Regenerate the committed copy with
`fakekibana --openapi > openapi.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urldefrag, urljoin

from jsonschema import Draft202012Validator
from referencing import Registry

from fakekibana import __version__
from fakekibana.core.area import SPACE_PREFIX, Route
from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet, schema_dir
from fakekibana.core.contract import documented_responses, registry_for
from fakekibana.core.versions import KibanaVersion

JSON = "application/json"
SECURITY: list[dict[str, list[str]]] = [{}, {"basic": []}, {"apiKey": []}]
# routes.SPACE_PREFIX is '/s/{space_id:<regex>}': the regex is the space id's pattern.
SPACE_ID_PATTERN = "^" + SPACE_PREFIX.removeprefix("/s/{space_id:").removesuffix("}") + "$"


def component_name(uri: str) -> str:
    """schemas/actions/_defs.json -> 'actions._defs'."""
    return uri.removeprefix(SCHEMA_BASE_URI).removesuffix(".json").replace("/", ".")


def schema_ref(name: str, pointer: str = "") -> dict[str, str]:
    """A $ref to a component schema, or to a place inside one."""
    return {"$ref": f"#/components/schemas/{component_name(SCHEMA_BASE_URI + name)}{pointer}"}


def _localise(node: Any, uri: str, pointer: str, registry: Registry[Any]) -> Any:
    """A copy of the schema at uri#pointer for the document's components.

    Its $refs point inside the document and $schema is dropped. A default the schema itself
    refuses (config-schema validates a missing object as {}, so `{}` is the default of objects
    with required keys) moves to `x-kibana-default`: OpenAPI wants defaults that validate.
    """
    if isinstance(node, list):
        return [_localise(item, uri, f"{pointer}/{i}", registry) for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "$schema":
            continue
        if key == "$ref":
            target, fragment = urldefrag(urljoin(uri, value))
            result[key] = f"#/components/schemas/{component_name(target)}{fragment}"
        elif key == "default" and not _valid(value, f"{uri}#{pointer}", registry):
            result["x-kibana-default"] = value
        else:
            escaped = key.replace("~", "~0").replace("/", "~1")
            result[key] = _localise(value, uri, f"{pointer}/{escaped}", registry)
    return result


def _valid(value: Any, ref: str, registry: Registry[Any]) -> bool:
    return bool(Draft202012Validator({"$ref": ref}, registry=registry).is_valid(value))


def _operation_id(route: Route, family: int, spaced: bool) -> str:
    return route.name + ("_release" if family else "") + ("_in_space" if spaced else "")


def _structured(prop: dict[str, Any]) -> bool:
    """Whether a query parameter can only be an array or an object (or null)."""
    alternatives = prop.get("oneOf", [prop])
    return all(
        alt.get("type") in ("array", "object") or alt == {"const": None} for alt in alternatives
    )


def _links(route: Route, routes: Sequence[Route], spaced: bool) -> dict[str, Any]:
    """From a new object to the operations on it, in every path family, in the same space."""
    links: dict[str, Any] = {}
    for target in routes:
        if target.name not in route.links:
            continue
        for family in range(len(target.paths)):
            parameters = {"id": "$response.body#/id"}
            if spaced:
                parameters["space_id"] = "$request.path.space_id"
            links[_operation_id(target, family, spaced=False)] = {
                "operationId": _operation_id(target, family, spaced),
                "parameters": parameters,
            }
    return links


class _Builder:
    """The document's parts, from one reading of schemas/."""

    def __init__(self, routes: Sequence[Route], version: str) -> None:
        self.routes = routes
        self.version = version
        self.schemas = SchemaSet(schema_dir())
        self.registry = registry_for(self.schemas)
        self.documented = documented_responses(self.schemas, routes)

    def parameters(self, route: Route, path: str, spaced: bool) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = []
        if spaced:
            parameters.append({"$ref": "#/components/parameters/space_id"})
        if "{id}" in path:
            # A static path of the same method wins over {id} (GET /api/action/types), as
            # OpenAPI says concrete paths do.
            parameters.append({"$ref": "#/components/parameters/id"})
        # A route's other path parameters (cases' {connector_id}), handed over in Call.params.
        for other in re.findall(r"\{([A-Za-z_]+)\}", path):
            if other not in ("id", "space_id"):
                parameters.append(
                    {"name": other, "in": "path", "required": True,
                     "schema": {"type": "string", "minLength": 1}}
                )  # fmt: skip
        if route.query_schema is not None:
            query = self.schemas.document(route.query_schema)
            for name, prop in query["properties"].items():
                parameter = {"name": name, "in": "query", "required": name in query["required"]}
                schema = schema_ref(route.query_schema, f"/properties/{name}")
                if _structured(prop):
                    # config-schema parses an array or object given once as JSON text.
                    parameter["content"] = {JSON: {"schema": schema}}
                else:
                    parameter["schema"] = schema
                parameters.append(parameter)
        if route.method not in ("GET", "HEAD"):
            parameters.append({"$ref": "#/components/parameters/kbn-xsrf"})
        parameters.append({"$ref": "#/components/parameters/kbn-version"})
        return parameters

    def response(self, route: Route, status: str) -> dict[str, Any]:
        """The response object of one documented status of a route."""
        response: dict[str, Any] = {
            "description": self.documented[route.name][status]["description"],
            "headers": {"kbn-name": {"$ref": "#/components/headers/kbn-name"}},
        }
        # A 204, or an answer its schema marks `x-no-content` (an empty 200), has no content.
        if status != "204" and not self.documented[route.name][status].get("x-no-content"):
            schema = schema_ref(route.response_schema, f"/$defs/{status}")
            # An answer that is not JSON (an HTML page, a script) names its media type.
            media = self.documented[route.name][status].get("x-content-type", JSON)
            response["content"] = {media: {"schema": schema}}
        return response

    def responses(self, route: Route, spaced: bool) -> dict[str, Any]:
        """References to the shared response objects; create's 200 carries its links inline."""
        responses: dict[str, Any] = {}
        for status in self.documented[route.name]:
            if route.links and status == "200":
                links = _links(route, self.routes, spaced)
                responses[status] = {**self.response(route, status), "links": links}
            else:
                responses[status] = {"$ref": f"#/components/responses/{route.name}.{status}"}
        return responses

    def operation(self, route: Route, family: int, spaced: bool) -> dict[str, Any]:
        document = self.schemas.document(route.response_schema)
        operation: dict[str, Any] = {
            "operationId": _operation_id(route, family, spaced),
            "summary": document["title"],
            "description": document["description"],
            "tags": [route.tag],
            "parameters": self.parameters(route, route.paths[family], spaced),
        }
        if route.privilege is not None:
            tag = route.access or f"access:{route.plugin}-{route.privilege}"
            operation["x-kibana-access"] = tag
        if route.body_schema is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {JSON: {"schema": schema_ref(route.body_schema)}},
            }
        operation["responses"] = self.responses(route, spaced)
        operation["security"] = SECURITY
        return operation

    def components(self) -> dict[str, Any]:
        return {
            "schemas": {
                component_name(uri): _localise(document, uri, "", self.registry)
                for uri, document in self.schemas.documents.items()
            },
            "responses": {
                f"{route.name}.{status}": self.response(route, status)
                for route in self.routes
                for status in self.documented[route.name]
            },
            "parameters": _parameters(self.version),
            "headers": {
                "kbn-name": {
                    "description": "server.name, on every response.",
                    "required": True,
                    "schema": {"type": "string"},
                },
            },
            "securitySchemes": {
                "basic": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "Only when security is on (--user).",
                },
                "apiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`ApiKey base64(id:key)`, only when security is on (--api-key).",
                },
            },
        }


def _space_id(version: str) -> dict[str, Any]:
    """The space path parameter: /s/default/... is served from 8.0, 7.x matches no route."""
    if KibanaVersion(version).has("spaces.default_prefix_served"):
        return {
            "name": "space_id",
            "in": "path",
            "required": True,
            "description": "A Kibana space; /s/default/... is the same as no prefix.",
            "schema": {"type": "string", "pattern": SPACE_ID_PATTERN},
        }
    return {
        "name": "space_id",
        "in": "path",
        "required": True,
        "description": "A Kibana space. The default space has no prefix: /s/default/... "
        "matches no route.",
        "schema": {"type": "string", "pattern": SPACE_ID_PATTERN, "not": {"const": "default"}},
    }


def _parameters(version: str) -> dict[str, Any]:
    return {
        "space_id": _space_id(version),
        "id": {
            "name": "id",
            "in": "path",
            "required": True,
            "description": "The object's id.",
            "schema": {"type": "string", "minLength": 1},
        },
        "kbn-xsrf": {
            "name": "kbn-xsrf",
            "in": "header",
            # Required unless kbn-version is sent (even empty), which OpenAPI cannot say.
            "required": False,
            "description": "Any value. Kibana refuses a POST, PUT or DELETE that has neither "
            "kbn-xsrf nor kbn-version (400 Request must contain a kbn-xsrf header.).",
            "schema": {"type": "string"},
        },
        "kbn-version": {
            "name": "kbn-version",
            "in": "header",
            "required": False,
            "description": "Stands in for kbn-xsrf. A non-empty value other than the server's "
            "version is refused with 400 Browser client is out of date.",
            "schema": {"enum": [version, ""]},
        },
    }


def build_document(routes: Sequence[Route], version: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document for every route, in all its path families, with and without a
    space, as the Kibana release `version` serves them."""
    builder = _Builder(routes, version)
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        for family, path in enumerate(route.paths):
            for spaced in (False, True):
                full = "/s/{space_id}" + path if spaced else path
                paths.setdefault(full, {})[route.method.lower()] = builder.operation(
                    route, family, spaced
                )
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "fakekibana",
            "version": __version__,
            "summary": f"Kibana {version}'s API, faked.",
            "description": "Generated from fakekibana's route table and schemas/ by "
            "`fakekibana --openapi > openapi.json`. Every path is also served under "
            "/s/{space_id}. Errors are Boom bodies: statusCode, error, message.",
        },
        "servers": [
            {"url": "http://127.0.0.1:5601", "description": "fakekibana's default address"}
        ],
        "tags": [{"name": tag} for tag in dict.fromkeys(route.tag for route in routes)],
        "paths": paths,
        "components": builder.components(),
    }


def render(routes: Sequence[Route], version: str) -> str:
    """The document as committed: indented JSON with a final newline."""
    return json.dumps(build_document(routes, version), indent=2, ensure_ascii=False) + "\n"
