"""A fast path for config-schema checks that pass: the same output as the compiled check, sooner.

The checks of fakekibana.core.schema_checks carry a path for every node, so that a failure can
name where it is, and run as a tree of small functions. For a value that is plainly valid, the
functions here give the same output with less work: a present value whose type is its own
output is copied as it is, an object's fields are looked at in one loop. Anything not plainly
valid (a wrong type, a string config-schema would coerce, a missing required key, an unknown key
of an object that forbids them, a blank string where the actions plugin refuses one) raises Slow,
and SchemaSet runs the compiled check from the top, which words the failure. The fast path
decides nothing on its own: tests/test_configschema_fast.py checks it against the compiled check
on every schema with Hypothesis, as tests/test_zod_fast.py does for zod.

A node this module does not take apart (a union, a literal, a number, a bounded or patterned
string) runs its compiled check whole, inside the fast function of its parent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fakekibana.core.schema_checks import MISSING, Check, Invalid, default_factory, has_blank

if TYPE_CHECKING:
    from fakekibana.core.configschema import SchemaSet

Fast = Callable[[Any], Any]


class Slow(Exception):
    """Not plainly valid: the compiled check decides, and words the failure."""


def _any(value: Any) -> Any:
    if value is MISSING:
        raise Slow
    return value


def _string(value: Any) -> Any:
    if type(value) is str:
        return value
    raise Slow


def _boolean(value: Any) -> Any:
    if type(value) is bool:
        return value
    raise Slow


# The value types that are their own output, by fast function.
_OWN_OUTPUT: dict[Fast, type] = {_string: str, _boolean: bool}


# The fast functions that only run a compiled check.
_WHOLE: set[Fast] = set()


def _whole(check: Check) -> Fast:
    """A node's compiled check, as a fast function."""

    def whole(value: Any) -> Any:
        try:
            return check(value, ())
        except Invalid:
            raise Slow from None

    _WHOLE.add(whole)
    return whole


def _no_blank(inner: Fast) -> Fast:
    if inner is _string:

        def string(value: Any) -> Any:
            if type(value) is str and value.strip():
                return value
            raise Slow

        return string

    if inner is _any:

        def anything(value: Any) -> Any:
            if type(value) is str:
                if value.strip():
                    return value
                raise Slow
            if value is MISSING or has_blank(value):
                raise Slow
            return value

        return anything

    def no_blank(value: Any) -> Any:
        result = inner(value)
        if has_blank(result):
            raise Slow
        return result

    return no_blank


def _array(item: Fast) -> Fast:
    def array(value: Any) -> Any:
        if type(value) is not list:
            raise Slow
        return [item(element) for element in value]

    return array


def _record(item: Fast) -> Fast:
    item_is_any = item is _any

    def record(value: Any) -> Any:
        if type(value) is not dict:
            raise Slow
        if item_is_any:
            return value
        return {key: item(element) for key, element in value.items()}

    return record


def _object(
    props: Sequence[tuple[str, Fast, Callable[[], Any] | None]],
    required: frozenset[str],
    unknowns: str,
) -> Fast:
    known = frozenset(name for name, _, _ in props)
    fields = [(name, fast, default, _OWN_OUTPUT.get(fast)) for name, fast, default in props]

    def parse(value: Any) -> Any:
        if type(value) is not dict:
            raise Slow
        # Joi keeps the input's key order and appends defaulted keys in schema order.
        result = dict(value)
        for name, field, default, own in fields:
            if name in value:
                item = value[name]
                if type(item) is not own:
                    result[name] = field(item)
            elif default is not None:
                result[name] = field(default())
            elif name in required:
                raise Slow
        if not known.issuperset(value):
            if unknowns == "forbid":
                raise Slow
            if unknowns == "ignore":
                for key in [key for key in value if key not in known]:
                    del result[key]
        return result

    return parse


def with_fast_path(fast: Fast, check: Check) -> Check:
    """`check`, answered by `fast` where the value is plainly valid."""
    if fast in _WHOLE:
        return check  # the fast path would only run the same check

    def checked(value: Any, path: tuple[str, ...]) -> Any:
        try:
            return fast(value)
        except (Slow, RecursionError):
            return check(value, path)

    return checked


class FastCompiler:
    """Fast functions for schema nodes, node for node as SchemaSet._compile reads them."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    def compile(self, node: Any, base: str) -> Fast:
        """The fast function of a node (SchemaSet._compile gives the mapping)."""
        if node is True or node == {}:
            return _any
        if not isinstance(node, dict) or "x-fakekibana-const-since" in node:
            return _whole(self.schemas.compile_node(node, base))
        if node.get("x-kibana-validate") == "no-blank-strings":
            inner = {k: v for k, v in node.items() if k != "x-kibana-validate"}
            return _no_blank(self.compile(inner, base))
        if "$ref" in node:
            target, target_base = self.schemas.resolve(node["$ref"], base)
            return self.compile(target, target_base)
        if "const" in node or "oneOf" in node or "anyOf" in node:
            return _whole(self.schemas.compile_node(node, base))
        kind = node.get("type")
        if kind == "string" and not any(
            key in node for key in ("minLength", "maxLength", "x-kibana-message")
        ):
            return _string
        if kind == "boolean":
            return _boolean
        if kind == "array":
            return _array(self.compile(node.get("items", True), base))
        if kind == "object":
            return self._object(node, base)
        return _whole(self.schemas.compile_node(node, base))

    def _object(self, node: dict[str, Any], base: str) -> Fast:
        if node.get("additionalProperties", True) is False or "x-kibana-unknowns" in node:
            props = [
                (name, self.compile(sub, base), default_factory(sub))
                for name, sub in node.get("properties", {}).items()
                if self.schemas.present(sub)
            ]
            unknowns = node.get("x-kibana-unknowns", "forbid")
            return _object(props, frozenset(node.get("required", ())), unknowns)
        values = node.get("additionalProperties", True)
        item = self.compile(values, base)
        return _record(item)
