"""JavaScript's view of JSON values: zod's type names, `===`, and how JS prints and orders them.

Sources (path @ commit): colinhacks/zod `packages/zod/src/v3/helpers/util.ts` @ 13b28440
(getParsedType, joinValues, jsonStringifyReplacer); ECMAScript's Number::toString and
OrdinaryOwnPropertyKeys (array indexes first, ascending, then insertion order).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from fakekibana.core.schema_checks import MISSING


def parsed_type(value: Any) -> str:
    """zod's getParsedType (util.ts): the `received` of an invalid_type issue."""
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    kind = type(value)
    if kind is bool:
        return "boolean"
    if kind is int:
        return "number"
    if kind is float:
        return "nan" if math.isnan(value) else "number"
    if kind is str:
        return "string"
    if kind is list:
        return "array"
    return "object"


def is_number(value: Any) -> bool:
    """typeof value === 'number' (booleans are not numbers in JavaScript)."""
    return type(value) is int or type(value) is float


def js_number(value: float) -> str:
    """JavaScript's Number.prototype.toString, which template literals and joinValues use."""
    if type(value) is int and abs(value) < 10**21:
        return str(value)
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    # repr gives the shortest digits that round-trip, as ECMAScript's Number::toString picks.
    _sign, digit_tuple, exponent = Decimal(repr(abs(number))).as_tuple()
    digits = "".join(map(str, digit_tuple))
    stripped = digits.rstrip("0")
    assert isinstance(exponent, int)
    exponent += len(digits) - len(stripped)
    count, point = len(stripped), exponent + len(stripped)
    if count <= point <= 21:
        text = stripped + "0" * (point - count)
    elif 0 < point <= 21:
        text = stripped[:point] + "." + stripped[point:]
    elif -6 < point <= 0:
        text = "0." + "0" * -point + stripped
    else:
        power = point - 1
        fraction = "." + stripped[1:] if count > 1 else ""
        text = f"{stripped[0]}{fraction}e{'+' if power >= 0 else '-'}{abs(power)}"
    return "-" + text if number < 0 else text


def js_string(value: Any) -> str:
    """JavaScript's String(value) for a JSON scalar."""
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if is_number(value):
        return js_number(value)
    return str(value)


def json_stringify(value: Any) -> str:
    """JSON.stringify of a literal's value (a JSON scalar)."""
    if is_number(value):
        return js_number(value)
    return json.dumps(value, ensure_ascii=False)


def js_keys(obj: dict[str, Any]) -> list[str]:
    """A JSON object's keys in JavaScript's order: array indexes ascending, then insertion order."""
    if not has_array_index(obj):
        return list(obj)
    indexes = [key for key in obj if _is_array_index(key)]
    return sorted(indexes, key=int) + [key for key in obj if not _is_array_index(key)]


def has_array_index(obj: dict[str, Any]) -> bool:
    """Whether any key is an array index (the common case, none, is answered fast)."""
    return any(key[:1] in _DIGITS and _is_array_index(key) for key in obj)


_DIGITS = frozenset("0123456789")


def _is_array_index(key: str) -> bool:
    return (
        key.isascii() and key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1
    )


def js_strict_equal(left: Any, right: Any) -> bool:
    if is_number(left) and is_number(right):
        return bool(left == right)
    if isinstance(left, dict | list) or isinstance(right, dict | list):
        return False  # objects are compared by reference
    return type(left) is type(right) and left == right


def join_values(values: Sequence[Any], separator: str = " | ") -> str:
    """zod's util.joinValues: strings in single quotes, other values as String() prints them."""
    return separator.join(f"'{v}'" if isinstance(v, str) else js_string(v) for v in values)
