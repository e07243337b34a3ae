"""Compile the JSON Schemas in schemas/ into validators that behave like @kbn/config-schema.

The JSON Schemas decide what is valid. This module walks one schema the way Kibana 7.7/7.8's
config-schema (Joi underneath) walks its own: keys in declaration order, the first error only,
unknown keys after known ones, defaults filled in, strings coerced into numbers, booleans,
objects and arrays. It turns the first failure into config-schema's message, byte for byte
(reference core §3.3, types §1.4). It supports the JSON Schema subset the schemas use:

  type (string, number, integer, boolean, null, object, array), properties, required,
  additionalProperties (false: schema.object; a schema or true: schema.recordOf), items,
  const (schema.literal), oneOf / anyOf (schema.oneOf; first match wins), minLength,
  maxLength, minimum, maximum, default, $ref (to a file or a #/$defs/ pointer), and a string's
  pattern when x-kibana-message gives the text of the `validate` function it stands for.
  x-kibana-unknowns ('ignore' or 'allow') marks a schema.object that accepts unknown keys.

minItems is not enforced here: Kibana checks the one non-empty array it has (a cases mapping)
in a custom validator after the schema, and so does fakekibana (connector_types.py).

A property with a default is validated as that default when it is missing; `required` tells
JSON Schema whether its absence is an error. tests/test_schemas.py checks that the two agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

from fakekibana.core.configschema_fast import FastCompiler, with_fast_path
from fakekibana.core.schema_checks import (
    MISSING,
    Check,
    Invalid,
    array_check,
    boolean_check,
    check_any,
    default_factory,
    literal_check,
    literals_check,
    no_blank_strings_check,
    number_check,
    object_check,
    record_check,
    string_check,
    union_check,
)
from fakekibana.core.versions import KibanaVersion

__all__ = ["MISSING", "SCHEMA_BASE_URI", "Check", "Invalid", "SchemaSet", "schema_dir"]

SCHEMA_BASE_URI = "https://fakekibana.invalid/schemas/"


# --- compiling ------------------------------------------------------------------------------


def schema_dir() -> Path:
    """schemas/: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).parent.parent
    packaged = package / "schemas"
    return packaged if packaged.is_dir() else package.parent / "schemas"


class SchemaSet:
    """The JSON Schemas under one folder, by URI, and their compiled validators.

    A file is read when a validator (or a $ref) first needs it, so an app loads the schemas of
    what its release serves and nothing else; `documents` reads them all (tests, OpenAPI).
    """

    def __init__(self, root: Path, version: KibanaVersion | None = None) -> None:
        self.root = root
        # The release whose schemas these are: properties marked x-fakekibana-since (or -until)
        # and enum members in x-fakekibana-const-since exist only in the releases they name.
        self.version = version
        self._documents: dict[str, Any] = {}
        self._compiled: dict[str, Check] = {}

    @property
    def documents(self) -> dict[str, Any]:
        """Every schema under the folder, by URI, in path order."""
        for path in sorted(self.root.rglob("*.json")):
            self._load(SCHEMA_BASE_URI + path.relative_to(self.root).as_posix())
        return dict(sorted(self._documents.items()))

    def _load(self, uri: str) -> Any:
        document = self._documents.get(uri)
        if document is None:
            path = self.root / uri.removeprefix(SCHEMA_BASE_URI)
            document = json.loads(path.read_text(encoding="utf-8"))
            self._documents[uri] = document
        return document

    def has(self, name: str) -> bool:
        """Whether schemas/<name> exists (name relative to the folder, with .json)."""
        return SCHEMA_BASE_URI + name in self._documents or (self.root / name).is_file()

    def document(self, name: str) -> Any:
        """The raw JSON Schema of schemas/<name>."""
        return self._load(SCHEMA_BASE_URI + name)

    def validator(self, name: str) -> Check:
        """The compiled validator of schemas/<name>, or of a place in it (`file.json#/$defs/x`)."""
        uri = SCHEMA_BASE_URI + name
        check = self._compiled.get(uri)
        if check is None:
            if "#" in name:
                node, base = self._resolve(name, SCHEMA_BASE_URI)
            else:
                node, base = self._load(uri), uri
            check = with_fast_path(
                FastCompiler(self).compile(node, base), self._compile(node, base)
            )
            self._compiled[uri] = check
        return check

    def _resolve(self, ref: str, base: str) -> tuple[Any, str]:
        target = urljoin(base, ref)
        doc_uri, fragment = urldefrag(target)
        node = self._load(doc_uri)
        if fragment:
            for part in fragment.lstrip("/").split("/"):
                node = node[part]
        return node, doc_uri

    def resolve(self, ref: str, base: str) -> tuple[Any, str]:
        """The node a $ref (or a name, against SCHEMA_BASE_URI) points at, and its file's URI.

        Other compilers of the same files (fakekibana.core.zod) load and resolve through it.
        """
        return self._resolve(ref, base)

    def compile_node(self, node: Any, base: str) -> Check:
        """The compiled check of one node (the fast path runs it for what it leaves alone)."""
        return self._compile(node, base)

    def present(self, node: Any) -> bool:
        """Whether a property exists in this set's release (x-fakekibana-since/-until)."""
        return self._present(node)

    def _present(self, node: Any) -> bool:
        """Whether a property exists in this set's release (x-fakekibana-since/-until)."""
        if self.version is None or not isinstance(node, dict):
            return True
        since, until = node.get("x-fakekibana-since"), node.get("x-fakekibana-until")
        if isinstance(since, list):
            # One first release per major, for a feature backported to an older line (["8.19",
            # "9.1"]: in 8.19 and from 9.1 on, not in 9.0): the newest major at or below ours.
            major = self.version.parts[0]
            lines = [line for line in since if int(line.split(".")[0]) <= major]
            since = max(lines, key=lambda line: int(line.split(".")[0])) if lines else None
            if since is None:
                return False
        return (since is None or self.version.reaches(since)) and (
            until is None or not self.version.reaches(until)
        )

    def _release_members(self, node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """The node with the enum members its release does not have taken out."""
        newer = node["x-fakekibana-const-since"]
        version = self.version
        if version is None:
            return node, base
        dropped = [value for value, since in newer.items() if not version.reaches(since)]
        if "$ref" in node:
            node, base = self._resolve(node["$ref"], base)
        kept = [alt for alt in node["oneOf"] if alt.get("const") not in dropped]
        return {**node, "oneOf": kept}, base

    def _compile(self, node: Any, base: str) -> Check:
        if node is True or node == {}:
            return check_any
        if not isinstance(node, dict):
            msg = f"unsupported schema node {node!r}"
            raise TypeError(msg)
        if node.get("x-kibana-validate") == "no-blank-strings":
            # The actions plugin's validateEmptyStrings, run after the node's own checks.
            inner = {k: v for k, v in node.items() if k != "x-kibana-validate"}
            return no_blank_strings_check(self._compile(inner, base))
        if "x-fakekibana-const-since" in node:
            node, base = self._release_members(node, base)
        if "$ref" in node:
            target, target_base = self._resolve(node["$ref"], base)
            return self._compile(target, target_base)
        if "const" in node:
            return literal_check(node["const"])
        if "oneOf" in node or "anyOf" in node:
            options = node["oneOf"] if "oneOf" in node else node["anyOf"]
            alternatives = [self._compile(alt, base) for alt in options]
            check = union_check(alternatives)
            if all(isinstance(alt, dict) and set(alt) == {"const"} for alt in options):
                return literals_check(tuple(alt["const"] for alt in options), check)
            return check
        kind = node.get("type")
        if kind == "string":
            # A pattern is enforced where it stands for a config-schema `validate` function,
            # whose text x-kibana-message gives.
            message = node.get("x-kibana-message")
            pattern = node.get("pattern") if message is not None else None
            lengths = node.get("minLength"), node.get("maxLength")
            return string_check(*lengths, pattern, message or "")
        if kind in ("number", "integer"):
            return number_check(node.get("minimum"), node.get("maximum"))
        if kind == "boolean":
            return boolean_check
        if kind == "null":
            return literal_check(None)
        if kind == "array":
            return array_check(self._compile(node.get("items", True), base))
        if kind == "object":
            # x-kibana-unknowns: a schema.object with an explicit `unknowns` option; 'ignore' and
            # 'allow' check its properties and accept other keys (JSON Schema says
            # additionalProperties: true).
            unknowns = node.get("x-kibana-unknowns", "forbid")
            if node.get("additionalProperties", True) is False or "x-kibana-unknowns" in node:
                props = [
                    (name, self._compile(sub, base), default_factory(sub))
                    for name, sub in node.get("properties", {}).items()
                    if self._present(sub)
                ]
                return object_check(props, frozenset(node.get("required", ())), unknowns)
            values = node.get("additionalProperties", True)
            return record_check(self._compile(values, base))
        msg = f"unsupported schema node {node!r}"
        raise TypeError(msg)
