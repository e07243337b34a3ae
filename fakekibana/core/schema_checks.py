"""The checks a compiled schema is made of, each failing as @kbn/config-schema words it.

Joi underneath config-schema: type checks with its coercions (numeric strings, 'true'/'false',
JSON text for objects, records and arrays), literals and unions, keys in declaration order,
unknown keys after known ones. fakekibana.core.configschema compiles JSON Schemas into them.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from typing import Any, Final

from fakekibana.core import messages


class _Missing:
    """The value of a key that is absent (JavaScript's undefined)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

Path_ = tuple[str, ...]
Check = Callable[[Any, Path_], Any]


class Invalid(Exception):
    """config-schema's SchemaTypeError (errors is None) or SchemaTypesError (a oneOf failure)."""

    def __init__(
        self,
        path: Path_,
        message: str,
        errors: list[Invalid] | None = None,
        *,
        missing_literal: bool = False,
        crash: bool = False,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.errors = errors
        self.missing_literal = missing_literal
        self.crash = crash

    def with_index(self, at: int, index: int) -> Invalid:
        """The same error with a oneOf alternative's index spliced into its path."""
        path = (*self.path[:at], str(index), *self.path[at:])
        return Invalid(path, self.message, self.errors)

    def format(self, namespace: str | None = None) -> str:
        """The message as config-schema's ValidationError writes it."""
        return _format(self, namespace, 0)


def _format(err: Invalid, namespace: str | None, level: int) -> str:
    path = (namespace, *err.path) if namespace is not None else err.path
    message = err.message
    if err.errors is not None:
        lines = [" " * level + "- " + _format(child, namespace, level + 1) for child in err.errors]
        message = message + "\n" + "\n".join(lines)
    if not path:
        return message
    return f"[{'.'.join(path)}]: {message}"


def type_name(value: Any) -> str:
    """type-detect's name for a value, as config-schema prints it."""
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    kind = type(value)
    if kind is bool:
        return "boolean"
    if kind is int or kind is float:
        return "number"
    if kind is str:
        return "string"
    if kind is dict:
        return "Object"
    if kind is list:
        return "Array"
    if kind is bytes:
        return "Uint8Array"
    return "Object"


def js_string(value: Any) -> str:
    """How a JavaScript template literal prints a literal value."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def utf16_length(text: str) -> int:
    """String length as JavaScript counts it (UTF-16 code units)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# A string Joi's number type accepts: JavaScript's Number() of it is a finite number.
_NUMERIC = re.compile(r"\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)\s*")


def _parse_json_text(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def default_factory(node: Any) -> Callable[[], Any] | None:
    if not isinstance(node, dict) or "default" not in node:
        return None
    default = node["default"]
    if isinstance(default, dict | list):
        return lambda: copy.deepcopy(default)
    return lambda: default


def check_any(value: Any, path: Path_) -> Any:
    if value is MISSING:
        raise Invalid(path, messages.expected_type("any", "undefined"))
    return value


def string_check(
    min_len: int | None, max_len: int | None, pattern: str | None = None, message: str = ""
) -> Check:
    # A string's own `validate` function (config-schema runs it after the length rules), as a
    # pattern and the text it returns. ECMAScript's `$` ends the input; Python's would also
    # match before a final newline.
    regex = None
    if pattern is not None:
        regex = re.compile(pattern.removesuffix("$") + r"\Z" if pattern.endswith("$") else pattern)

    def check(value: Any, path: Path_) -> Any:
        if type(value) is not str:
            raise Invalid(path, messages.expected_type("string", type_name(value)))
        if min_len is not None or max_len is not None:
            length = utf16_length(value)
            if min_len is not None and length < min_len:
                raise Invalid(path, messages.min_length(length, min_len))
            if max_len is not None and length > max_len:
                raise Invalid(path, messages.max_length(length, max_len))
        if regex is not None and regex.search(value) is None:
            raise Invalid(path, message)
        return value

    return check


def number_check(minimum: float | None, maximum: float | None) -> Check:
    def check(value: Any, path: Path_) -> Any:
        kind = type(value)
        if kind is str and _NUMERIC.fullmatch(value):
            # Joi's number type converts numeric strings (how _find?per_page=5 works), but only
            # those JavaScript reads as finite: isFinite('1e400') is false.
            number = float(value)
            if not math.isfinite(number):
                raise Invalid(path, messages.expected_type("number", "string"))
            value = int(number) if number.is_integer() and abs(number) < 1e21 else number
        elif kind is not int and kind is not float:
            raise Invalid(path, messages.expected_type("number", type_name(value)))
        if minimum is not None and value < minimum:
            raise Invalid(path, messages.min_value(js_string(minimum)))
        if maximum is not None and value > maximum:
            raise Invalid(path, messages.max_value(js_string(maximum)))
        return value

    return check


def boolean_check(value: Any, path: Path_) -> Any:
    if type(value) is bool:
        return value
    if type(value) is str:
        # config-schema accepts the strings 'true' and 'false', in any case.
        lowered = value.lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
    raise Invalid(path, messages.expected_type("boolean", type_name(value)))


def literal_check(expected: Any) -> Check:
    shown = js_string(expected)

    def check(value: Any, path: Path_) -> Any:
        if value == expected and type(value) is type(expected):
            return value
        raise Invalid(path, messages.expected_literal(shown), missing_literal=value is MISSING)

    return check


def literals_check(values: tuple[Any, ...], slow: Check) -> Check:
    """A oneOf of literals: a membership test, and the full union only to word a failure."""
    allowed = {(type(value), value) for value in values}

    def check(value: Any, path: Path_) -> Any:
        try:
            if (type(value), value) in allowed:
                return value
        except TypeError:  # an unhashable value (object or array) is never a literal
            pass
        return slow(value, path)

    return check


def union_check(alternatives: list[Check]) -> Check:
    def check(value: Any, path: Path_) -> Any:
        if value is MISSING:
            raise Invalid(path, messages.expected_defined("undefined"))
        failures: list[Invalid] = []
        for alternative in alternatives:
            try:
                return alternative(value, path)
            except Invalid as failure:
                if failure.crash:
                    raise
                # Without its traceback the error holds no frame, so no reference cycle is
                # left for the garbage collector (this runs on every create).
                failures.append(failure.with_traceback(None))
        if all(failure.missing_literal for failure in failures):
            # 7.8's config-schema crashes when every alternative misses its literal key.
            raise Invalid((), messages.MISSING_LITERAL_CRASH, crash=True)
        at = len(path)
        raise Invalid(
            path,
            messages.TYPES_FAILED,
            [failure.with_index(at, index) for index, failure in enumerate(failures)],
        )

    return check


def _coerce_json(value: str, path: Path_, kind: str) -> Any:
    try:
        return _parse_json_text(value)
    except (ValueError, RecursionError):
        raise Invalid(path, messages.could_not_parse(kind)) from None


def array_check(item: Check) -> Check:
    def check(value: Any, path: Path_) -> Any:
        if type(value) is str:
            value = _coerce_json(value, path, "array")
        if type(value) is not list:
            raise Invalid(path, messages.expected_type("array", type_name(value)))
        if item is check_any:
            return value
        return [item(element, (*path, str(index))) for index, element in enumerate(value)]

    return check


def record_check(item: Check) -> Check:
    def check(value: Any, path: Path_) -> Any:
        if type(value) is str:
            value = _coerce_json(value, path, "record")
        if type(value) is not dict:
            raise Invalid(path, messages.expected_type("object", type_name(value)))
        if item is check_any:
            return value
        return {key: item(element, (*path, key)) for key, element in value.items()}

    return check


def object_check(
    props: list[tuple[str, Check, Callable[[], Any] | None]],
    required: frozenset[str],
    unknowns: str = "forbid",
) -> Check:
    """schema.object; `unknowns` as config-schema's option: 'forbid' (the default) refuses an
    unknown key, 'allow' keeps it, 'ignore' drops it (Joi's stripUnknown)."""
    known = frozenset(name for name, _, _ in props)

    def check(value: Any, path: Path_) -> Any:
        if type(value) is str:
            try:
                value = _parse_json_text(value)
            except (ValueError, RecursionError):
                raise Invalid(path, messages.could_not_parse("object")) from None
        if type(value) is not dict:
            raise Invalid(path, messages.expected_object(type_name(value)))
        # Joi keeps the input's key order and appends defaulted keys in schema order.
        result = dict(value)
        for name, sub, default in props:
            if name in value:
                result[name] = sub(value[name], (*path, name))
            elif default is not None:
                result[name] = sub(default(), (*path, name))
            elif name in required:
                sub(MISSING, (*path, name))
        for key in value:
            if key not in known:
                if unknowns == "forbid":
                    raise Invalid((*path, key), messages.UNKNOWN_KEY)
                if unknowns == "ignore":
                    del result[key]
        return result

    return check


def has_blank(value: Any) -> bool:
    """Whether a blank string is anywhere in the value (arrays and objects included)."""
    # A walk with a stack, not recursion: bodies can nest thousands of levels deep.
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str:
            if not item.strip():
                return True
        elif kind is list:
            pending.extend(item)
        elif kind is dict:
            pending.extend(item.values())
    return False


def no_blank_strings_check(inner: Check) -> Check:
    """The actions plugin's validateEmptyStrings after `inner`: a blank string anywhere in the
    value (arrays and objects included) is refused at the value's own path."""

    def check(value: Any, path: Path_) -> Any:
        result = inner(value, path)
        # A string (most values) is checked here; only containers need the walk.
        if result.strip() == "" if type(result) is str else has_blank(result):
            raise Invalid(path, messages.BLANK_VALUE)
        return result

    return check
