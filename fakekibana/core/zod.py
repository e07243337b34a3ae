"""Compile the JSON Schemas in schemas/ into validators that behave like zod v3 (Kibana 9.3+).

From 9.3 Kibana validates connector config, secrets and params with zod (`@kbn/zod`) and words
a failure with formatZodError (fakekibana.core.zod_format); the caller adds the wrapper
(`error validating connector type config: `). Unlike config-schema (fakekibana.core.configschema)
zod reports every issue, coerces nothing, and drops nothing silently. The same files, read and
$ref-resolved by SchemaSet, map onto zod as Kibana's `@kbn/connector-schemas` write them:

  type string / number / integer / boolean / null   z.string() / z.number() (.int()) / ...
  minLength, maxLength, minimum, maximum            .min(), .max()
  minItems, maxItems, items                         z.array(items).min().max()
  object, properties, additionalProperties: false   z.object({...}).strict()
  object with properties, other additionalProperties z.object({...}).passthrough() / .catchall()
  object without properties                         z.record(z.string(), additionalProperties)
  const                                             z.literal()
  oneOf / anyOf of string consts                    z.enum([...])
  oneOf / anyOf with a {const: null} member         (the others).nullable()
  other oneOf / anyOf                               z.union([...]) (first success wins)
  property with a default                           .default(value)
  property neither required nor defaulted           .optional()
  {} or true                                        z.any()

Annotations (title, description, $comment, x-...) are ignored: release markers such as
x-fakekibana-since are the caller's business, and a string's pattern is not enforced.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from fakekibana.core.configschema import SCHEMA_BASE_URI, SchemaSet
from fakekibana.core.schema_checks import MISSING, default_factory
from fakekibana.core.zod_fast import Fast, FastCompiler, Slow
from fakekibana.core.zod_format import format_zod_error
from fakekibana.core.zod_types import (
    VALID,
    Parser,
    ZodIssue,
    any_parser,
    array_parser,
    boolean_parser,
    default_parser,
    enum_parser,
    literal_parser,
    null_parser,
    nullable_parser,
    number_parser,
    object_parser,
    optional_parser,
    record_parser,
    string_parser,
    union_parser,
)

__all__ = ["MISSING", "ZodInvalid", "ZodIssue", "ZodSchemaSet", "format_zod_error"]

# Keywords that say nothing about validity.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default"})


class ZodInvalid(Exception):
    """A failed zod parse: every issue, in the order zod found them; str() is Kibana's text."""

    def __init__(self, issues: Sequence[ZodIssue]) -> None:
        self.issues = tuple(issues)
        self.message = format_zod_error(self.issues)
        super().__init__(self.message)


class ZodSchemaSet:
    """zod validators for the schemas of a SchemaSet, which loads and resolves the files."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas
        self._compiled: dict[str, tuple[Parser, Fast]] = {}

    def validator(self, name: str) -> Callable[[Any], Any]:
        """A function parsing a value with schemas/<name> (or `file.json#/$defs/x`).

        It returns the parsed value (defaults filled in, keys in the schema's order) or raises
        ZodInvalid. A missing value is MISSING (JavaScript's undefined).
        """
        compiled = self._compiled.get(name)
        if compiled is None:
            node, base = self.schemas.resolve(name, SCHEMA_BASE_URI)
            compiled = self._compiled[name] = (
                self._compile(node, base),
                FastCompiler(self).compile(node, base),
            )
        return functools.partial(_parse, *compiled)

    def compile_node(self, node: Any, base: str) -> Parser:
        """The zod parser of one schema node (the fast path runs it for what it leaves alone)."""
        return self._compile(node, base)

    def _compile(self, node: Any, base: str) -> Parser:
        if node is True:
            return any_parser
        if not isinstance(node, dict):
            msg = f"unsupported schema node {node!r}"
            raise TypeError(msg)
        if all(key in _ANNOTATIONS or key.startswith("x-") for key in node):
            return any_parser
        if "$ref" in node:
            target, target_base = self.schemas.resolve(node["$ref"], base)
            return self._compile(target, target_base)
        if "const" in node:
            return literal_parser(node["const"])
        if "oneOf" in node or "anyOf" in node:
            options = node["oneOf"] if "oneOf" in node else node["anyOf"]
            nulls = [alt for alt in options if alt in ({"const": None}, {"type": "null"})]
            others = [alt for alt in options if alt not in nulls]
            if nulls and others:
                return nullable_parser(self._alternatives(others, base))
            return self._alternatives(options, base)
        kind = node.get("type")
        if kind == "string":
            return string_parser(node.get("minLength"), node.get("maxLength"))
        if kind in ("number", "integer"):
            return number_parser(kind == "integer", node.get("minimum"), node.get("maximum"))
        if kind == "boolean":
            return boolean_parser
        if kind == "null":
            return null_parser
        if kind == "array":
            item = self._compile(node.get("items", True), base)
            return array_parser(item, node.get("minItems"), node.get("maxItems"))
        if kind == "object":
            return self._object(node, base)
        msg = f"unsupported schema node {node!r}"
        raise TypeError(msg)

    def _alternatives(self, options: list[Any], base: str) -> Parser:
        if all(isinstance(alt, dict) and set(alt) == {"const"} for alt in options) and all(
            isinstance(alt["const"], str) for alt in options
        ):
            # Kibana writes a choice of strings as z.enum, even of one member (openai v1.ts).
            return enum_parser([alt["const"] for alt in options])
        if len(options) == 1:
            return self._compile(options[0], base)
        return union_parser([self._compile(alt, base) for alt in options])

    def _object(self, node: dict[str, Any], base: str) -> Parser:
        additional = node.get("additionalProperties", True)
        if "properties" not in node and additional is not False:
            return record_parser(self._compile(additional, base))
        required = frozenset(node.get("required", ()))
        shape = [
            (name, self._property(sub, name in required, base))
            for name, sub in node.get("properties", {}).items()
        ]
        if additional is False:
            return object_parser(shape, "strict")
        if additional is True:
            return object_parser(shape, "passthrough")
        return object_parser(shape, "strip", self._compile(additional, base))

    def _property(self, node: Any, required: bool, base: str) -> Parser:
        inner = self._compile(node, base)
        default = default_factory(node)
        if default is not None:
            return default_parser(inner, default)
        return inner if required else optional_parser(inner)


def _parse(parser: Parser, fast: Fast, value: Any) -> Any:
    try:
        return fast(value)
    except Slow:
        pass  # not plainly valid: the full parse decides and words the issues
    issues: list[ZodIssue] = []
    status, result = parser(value, (), issues)
    if status != VALID:
        raise ZodInvalid(issues)
    return result
