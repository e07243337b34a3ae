"""A fast path for zod parses that succeed: the same output as fakekibana.core.zod, found sooner.

Nearly every connector body a test sends is valid, and for a valid value zod's whole work is its
output: the value with defaults filled in and keys in the schema's order. The parsers of
fakekibana.core.zod_types build a path and a status for every node so that they can word
issues; the functions here build neither. Each one returns what the zod parser would return for
a valid value, or raises Slow as soon as the value is not plainly valid (a wrong type, a bound
crossed, an unknown key of a strict object, an array-index key that reorders an object, a
number zod would call NaN). ZodSchemaSet then runs the full parser, which words the issues, so
the fast path decides nothing on its own: it can only give the same answer earlier.
tests/test_zod_fast.py checks that claim on every connector schema with Hypothesis.

A schema node the fast path does not know (a union) runs its zod parser whole, inside the
fast function of its parent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fakekibana.core.schema_checks import MISSING, default_factory, utf16_length
from fakekibana.core.zod_js import has_array_index
from fakekibana.core.zod_types import VALID, Parser, ZodIssue

if TYPE_CHECKING:
    from fakekibana.core.zod import ZodSchemaSet

Fast = Callable[[Any], Any]

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default"})


class Slow(Exception):
    """The value is not plainly valid: the full zod parser must decide, and word the issues."""


# The value types that are their own output, by fast function: a present value of one of these
# types is copied as it is instead of being passed through the function (and its wrappers).
_OWN_OUTPUT: dict[Fast, frozenset[type]] = {}


def _own_output(fast: Fast) -> frozenset[type] | None:
    return _OWN_OUTPUT.get(fast)


def _any(value: Any) -> Any:
    return value


def _boolean(value: Any) -> Any:
    if type(value) is bool:
        return value
    raise Slow


def _null(value: Any) -> Any:
    if value is None:
        return None
    raise Slow


def _plain_string(value: Any) -> Any:
    if type(value) is str:
        return value
    raise Slow


_OWN_OUTPUT.update(
    {_boolean: frozenset({bool}), _null: frozenset({type(None)}), _plain_string: frozenset({str})}
)


def _string(min_len: int | None, max_len: int | None) -> Fast:
    if min_len is None and max_len is None:
        return _plain_string

    low = -1 if min_len is None else min_len
    high = math.inf if max_len is None else max_len

    def bounded(value: Any) -> Any:
        if type(value) is str and low <= utf16_length(value) <= high:
            return value
        raise Slow

    return bounded


def _number(integer: bool, minimum: float | None, maximum: float | None) -> Fast:
    low = -math.inf if minimum is None else minimum
    high = math.inf if maximum is None else maximum

    def number(value: Any) -> Any:
        kind = type(value)
        plain = kind is int or (
            kind is float and math.isfinite(value) and (not integer or value.is_integer())
        )
        if plain and low <= value <= high:
            return value
        raise Slow

    return number


def _literal(expected: Any) -> Fast:
    kind = type(expected)
    if kind not in (str, bool, int) and expected is not None:
        return _never

    def literal(value: Any) -> Any:
        if type(value) is kind and value == expected:
            return value
        raise Slow

    return literal


def _never(value: Any) -> Any:
    raise Slow


def _enum(values: Sequence[str]) -> Fast:
    members = frozenset(values)

    def enum(value: Any) -> Any:
        if type(value) is str and value in members:
            return value
        raise Slow

    return enum


def _nullable(inner: Fast) -> Fast:
    def nullable(value: Any) -> Any:
        return None if value is None else inner(value)

    own = _own_output(inner)
    if own is not None:
        _OWN_OUTPUT[nullable] = own | {type(None)}
    return nullable


def _optional(inner: Fast) -> Fast:
    def optional(value: Any) -> Any:
        return MISSING if value is MISSING else inner(value)

    own = _own_output(inner)
    if own is not None:
        _OWN_OUTPUT[optional] = own
    return optional


def _default(inner: Fast, default: Callable[[], Any]) -> Fast:
    def defaulted(value: Any) -> Any:
        return inner(default() if value is MISSING else value)

    own = _own_output(inner)
    if own is not None:
        _OWN_OUTPUT[defaulted] = own
    return defaulted


def _array(item: Fast, min_items: int | None, max_items: int | None) -> Fast:
    low = -1 if min_items is None else min_items
    high = math.inf if max_items is None else max_items

    def array(value: Any) -> Any:
        if type(value) is list and low <= len(value) <= high:
            return [item(element) for element in value]
        raise Slow

    return array


# A field whose output for a missing key is not a constant: its fast function decides.
_DECIDE = object()


def _field(name: str, fast: Fast) -> tuple[str, Fast, frozenset[type] | None, Any]:
    """An object's field, laid out for _object: its name, its fast function, the types that are
    their own output, and its output for a missing key (MISSING: left out; _DECIDE: ask)."""
    try:
        missing = fast(MISSING)
    except Slow:
        missing = _DECIDE
    # Only an immutable default can be shared between answers; a {} or [] is made anew.
    if missing is not MISSING and type(missing) not in (type(None), bool, int, str):
        missing = _DECIDE
    return (name, fast, _own_output(fast), missing)


def _object(shape: Sequence[tuple[str, Fast]], extra_values: Fast | None, strict: bool) -> Fast:
    """z.object: `extra_values` parses unknown keys (a catchall, or _any for passthrough); None
    strips them, or, when `strict`, sends the value to the full parser."""
    known = frozenset(name for name, _ in shape)
    if "__proto__" in known or has_array_index(dict.fromkeys(known)):
        return _never
    fields = [_field(name, fast) for name, fast in shape]

    def parse(value: Any) -> Any:
        if type(value) is not dict or "__proto__" in value:
            raise Slow
        result: dict[str, Any] = {}
        for name, field, own, missing in fields:
            item = value.get(name, MISSING)
            if item is MISSING:
                # mergeObjectSync: an undefined value is left out (the key is absent here).
                if missing is _DECIDE:
                    parsed = field(MISSING)
                    if parsed is not MISSING:
                        result[name] = parsed
                elif missing is not MISSING:
                    result[name] = missing
            elif own is not None and type(item) in own:
                result[name] = item
            else:
                result[name] = field(item)
        if not known.issuperset(value):
            extra = [key for key in value if key not in known]
            if strict or has_array_index(dict.fromkeys(extra)):
                raise Slow
            if extra_values is not None:
                for key in extra:
                    result[key] = extra_values(value[key])
        return result

    return parse


def _record(values: Fast) -> Fast:
    def record(value: Any) -> Any:
        if type(value) is not dict or "__proto__" in value or has_array_index(value):
            raise Slow
        return {key: values(item) for key, item in value.items()}

    return record


def _whole(parser: Parser) -> Fast:
    """The full zod parser, as a fast function: its output when valid, else Slow."""

    def whole(value: Any) -> Any:
        issues: list[ZodIssue] = []
        status, result = parser(value, (), issues)
        if status != VALID:
            raise Slow
        return result

    return whole


class FastCompiler:
    """Fast functions for the nodes ZodSchemaSet compiles, node for node as it reads them."""

    def __init__(self, zod: ZodSchemaSet) -> None:
        self.zod = zod

    def compile(self, node: Any, base: str) -> Fast:
        """The fast function of a schema node (see ZodSchemaSet._compile for the mapping)."""
        if node is True:
            return _any
        if all(key in _ANNOTATIONS or key.startswith("x-") for key in node):
            return _any
        if "$ref" in node:
            target, target_base = self.zod.schemas.resolve(node["$ref"], base)
            return self.compile(target, target_base)
        if "const" in node:
            return _literal(node["const"])
        if "oneOf" in node or "anyOf" in node:
            options = node["oneOf"] if "oneOf" in node else node["anyOf"]
            nulls = [alt for alt in options if alt in ({"const": None}, {"type": "null"})]
            others = [alt for alt in options if alt not in nulls]
            if nulls and others:
                return _nullable(self._alternatives(others, base))
            return self._alternatives(options, base)
        kind = node.get("type")
        if kind == "string":
            return _string(node.get("minLength"), node.get("maxLength"))
        if kind in ("number", "integer"):
            return _number(kind == "integer", node.get("minimum"), node.get("maximum"))
        if kind == "boolean":
            return _boolean
        if kind == "null":
            return _null
        if kind == "array":
            item = self.compile(node.get("items", True), base)
            return _array(item, node.get("minItems"), node.get("maxItems"))
        if kind == "object":
            return self._object(node, base)
        return _whole(self.zod.compile_node(node, base))

    def _alternatives(self, options: list[Any], base: str) -> Fast:
        if all(isinstance(alt, dict) and set(alt) == {"const"} for alt in options) and all(
            isinstance(alt["const"], str) for alt in options
        ):
            return _enum([alt["const"] for alt in options])
        if len(options) == 1:
            return self.compile(options[0], base)
        # z.union takes the first valid branch: only the full parser knows which that is.
        return _whole(self.zod.compile_node({"anyOf": options}, base))

    def _object(self, node: dict[str, Any], base: str) -> Fast:
        additional = node.get("additionalProperties", True)
        if "properties" not in node and additional is not False:
            return _record(self.compile(additional, base))
        required = frozenset(node.get("required", ()))
        shape = [
            (name, self._property(sub, name in required, base))
            for name, sub in node.get("properties", {}).items()
        ]
        if additional is False:
            return _object(shape, None, strict=True)
        if additional is True:
            return _object(shape, _any, strict=False)
        return _object(shape, self.compile(additional, base), strict=False)

    def _property(self, node: Any, required: bool, base: str) -> Fast:
        inner = self.compile(node, base)
        default = default_factory(node)
        if default is not None:
            return _default(inner, default)
        return inner if required else _optional(inner)
