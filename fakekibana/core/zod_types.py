"""zod v3's parsers for the JSON Schema subset, each wording its issues as zod's English map does.

A parser takes (value, path, issues), appends every issue it finds (zod does not stop at the
first) and returns zod's ParseStatus with the parsed value: VALID, DIRTY (the type matched but a
check failed: lengths, bounds, unknown keys) or ABORTED (a wrong type, literal or enum member).
The difference matters in a union, which takes the first valid branch, else the first dirty one.

Sources (path @ commit): colinhacks/zod `packages/zod/src/v3/types.ts` (ZodString, ZodNumber,
ZodArray, ZodObject, ZodRecord, ZodUnion, ZodLiteral, ZodEnum, ZodNullable, ZodOptional,
ZodDefault, ZodAny; the ZodObject, ZodUnion, ZodLiteral and ZodEnum code read from bundled copies
of zod 3.x in the code index), `packages/zod/src/v3/locales/en.ts` @ 663dc811 (the messages),
`packages/zod/src/v3/helpers/util.ts` @ 13b28440 (getParsedType, joinValues).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from fakekibana.core.schema_checks import MISSING, utf16_length
from fakekibana.core.zod_js import (
    has_array_index,
    join_values,
    js_keys,
    js_number,
    js_strict_equal,
    json_stringify,
    parsed_type,
)

PathKey = str | int
ZodPath = tuple[PathKey, ...]

# zod's ParseStatus values ("valid", "dirty", "aborted").
VALID: Final = 0
DIRTY: Final = 1
ABORTED: Final = 2

Parsed = tuple[int, Any]


@dataclass(frozen=True)
class ZodIssue:
    """One zod issue: its code, full path, message, and for invalid_union each branch's issues."""

    code: str
    path: ZodPath
    message: str
    union_errors: tuple[tuple[ZodIssue, ...], ...] = ()


Parser = Callable[[Any, ZodPath, list[ZodIssue]], Parsed]


# --- issues, worded by zod v3's English error map (locales/en.ts) -----------------------------


def invalid_type(path: ZodPath, expected: str, received: str) -> ZodIssue:
    message = "Required" if received == "undefined" else f"Expected {expected}, received {received}"
    return ZodIssue("invalid_type", path, message)


def too_small(path: ZodPath, kind: str, minimum: float) -> ZodIssue:
    # zod's .min() checks are inclusive and not exact.
    bound = js_number(minimum)
    text = {
        "array": f"Array must contain at least {bound} element(s)",
        "string": f"String must contain at least {bound} character(s)",
        "number": f"Number must be greater than or equal to {bound}",
    }[kind]
    return ZodIssue("too_small", path, text)


def too_big(path: ZodPath, kind: str, maximum: float) -> ZodIssue:
    bound = js_number(maximum)
    text = {
        "array": f"Array must contain at most {bound} element(s)",
        "string": f"String must contain at most {bound} character(s)",
        "number": f"Number must be less than or equal to {bound}",
    }[kind]
    return ZodIssue("too_big", path, text)


# --- parsers --------------------------------------------------------------------------------


def any_parser(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
    """z.any(): everything, undefined included."""
    return VALID, value


def string_parser(min_len: int | None, max_len: int | None) -> Parser:
    """z.string().min(n).max(m): lengths in UTF-16 code units, as JavaScript counts them."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        if type(value) is not str:
            issues.append(invalid_type(path, "string", parsed_type(value)))
            return ABORTED, None
        status = VALID
        if min_len is not None or max_len is not None:
            length = utf16_length(value)
            if min_len is not None and length < min_len:
                issues.append(too_small(path, "string", min_len))
                status = DIRTY
            if max_len is not None and length > max_len:
                issues.append(too_big(path, "string", max_len))
                status = DIRTY
        return status, value

    return parse


def number_parser(integer: bool, minimum: float | None, maximum: float | None) -> Parser:
    """z.number() (.int() for JSON Schema's integer), .min(), .max(); no string coercion."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        received = parsed_type(value)
        if received != "number":
            issues.append(invalid_type(path, "number", received))
            return ABORTED, None
        status = VALID
        if integer and not (type(value) is int or value.is_integer()):
            issues.append(invalid_type(path, "integer", "float"))
            status = DIRTY
        if minimum is not None and value < minimum:
            issues.append(too_small(path, "number", minimum))
            status = DIRTY
        if maximum is not None and value > maximum:
            issues.append(too_big(path, "number", maximum))
            status = DIRTY
        return status, value

    return parse


def boolean_parser(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
    """z.boolean(): no 'true'/'false' strings, unlike config-schema."""
    if type(value) is bool:
        return VALID, value
    issues.append(invalid_type(path, "boolean", parsed_type(value)))
    return ABORTED, None


def null_parser(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
    """z.null()."""
    if value is None:
        return VALID, None
    issues.append(invalid_type(path, "null", parsed_type(value)))
    return ABORTED, None


def literal_parser(expected: Any) -> Parser:
    """z.literal(x): `===`, and JSON.stringify of x in the message."""
    message = f"Invalid literal value, expected {json_stringify(expected)}"

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        if js_strict_equal(value, expected):
            return VALID, value
        issues.append(ZodIssue("invalid_literal", path, message))
        return ABORTED, None

    return parse


def enum_parser(values: Sequence[str]) -> Parser:
    """z.enum([...]): a non-string is an invalid_type whose `expected` lists the members."""
    members = frozenset(values)
    expected = join_values(values)
    unknown = f"Invalid enum value. Expected {expected}, received "

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        if type(value) is not str:
            issues.append(invalid_type(path, expected, parsed_type(value)))
            return ABORTED, None
        if value not in members:
            issues.append(ZodIssue("invalid_enum_value", path, f"{unknown}'{value}'"))
            return ABORTED, None
        return VALID, value

    return parse


def nullable_parser(inner: Parser) -> Parser:
    """.nullable(): null passes, anything else is the inner type's business (and issue)."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        return (VALID, None) if value is None else inner(value, path, issues)

    return parse


def optional_parser(inner: Parser) -> Parser:
    """.optional(): a missing key passes and stays missing."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        return (VALID, MISSING) if value is MISSING else inner(value, path, issues)

    return parse


def default_parser(inner: Parser, default: Callable[[], Any]) -> Parser:
    """.default(x): a missing key becomes x, which the inner type then parses."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        return inner(default() if value is MISSING else value, path, issues)

    return parse


def array_parser(item: Parser, min_items: int | None, max_items: int | None) -> Parser:
    """z.array(item).min(n).max(m): the size checks first, then every element."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        if type(value) is not list:
            issues.append(invalid_type(path, "array", parsed_type(value)))
            return ABORTED, None
        status = VALID
        if min_items is not None and len(value) < min_items:
            issues.append(too_small(path, "array", min_items))
            status = DIRTY
        if max_items is not None and len(value) > max_items:
            issues.append(too_big(path, "array", max_items))
            status = DIRTY
        results = [item(element, (*path, index), issues) for index, element in enumerate(value)]
        if any(result_status == ABORTED for result_status, _ in results):
            return ABORTED, None
        if any(result_status == DIRTY for result_status, _ in results):
            status = DIRTY
        return status, [element for _, element in results]

    return parse


def _merge_object(
    status: int, pairs: list[tuple[str, Parsed, bool]], ordered: bool = False
) -> Parsed:
    # ParseStatus.mergeObjectSync: any aborted value aborts the object; a key whose value is
    # undefined is left out unless the input had it; __proto__ is never copied.
    result: dict[str, Any] = {}
    for key, (value_status, value), always_set in pairs:
        if value_status == ABORTED:
            return ABORTED, None
        if value_status == DIRTY:
            status = DIRTY
        if key != "__proto__" and (value is not MISSING or always_set):
            result[key] = value
    # `ordered`: the caller knows no key is an array index, so insertion order is JS order.
    if ordered or not has_array_index(result):
        return status, result
    return status, {key: result[key] for key in js_keys(result)}


def record_parser(values: Parser) -> Parser:
    """z.record(z.string(), values): every key of the object, in JavaScript's key order."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        if type(value) is not dict:
            issues.append(invalid_type(path, "object", parsed_type(value)))
            return ABORTED, None
        pairs = [(key, values(value[key], (*path, key), issues), True) for key in js_keys(value)]
        return _merge_object(VALID, pairs)

    return parse


def object_parser(
    shape: Sequence[tuple[str, Parser]], unknown_keys: str, catchall: Parser | None = None
) -> Parser:
    """z.object(shape) with unknown_keys 'strict', 'strip' or 'passthrough', or a catchall.

    The shape's keys are parsed in declaration order; a strict object then reports the keys it
    does not know, all in one unrecognized_keys issue at its own path.
    """
    known = frozenset(name for name, _ in shape)
    # Whether the shape's own keys are already in JavaScript's order (none an array index).
    plain_shape = not has_array_index(dict.fromkeys(known))

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        if type(value) is not dict:
            issues.append(invalid_type(path, "object", parsed_type(value)))
            return ABORTED, None
        extra = [key for key in js_keys(value) if key not in known] if len(value) else []
        pairs = [
            (name, parser(value.get(name, MISSING), (*path, name), issues), name in value)
            for name, parser in shape
        ]
        status = VALID
        if catchall is not None:
            pairs += [(key, catchall(value[key], (*path, key), issues), True) for key in extra]
        elif unknown_keys == "passthrough":
            pairs += [(key, (VALID, value[key]), True) for key in extra]
        elif unknown_keys == "strict" and extra:
            keys = join_values(extra, ", ")
            issues.append(
                ZodIssue("unrecognized_keys", path, f"Unrecognized key(s) in object: {keys}")
            )
            status = DIRTY
        # Only kept unknown keys (catchall, passthrough) can bring an array index in.
        ordered = plain_shape and (
            not extra or (catchall is None and unknown_keys != "passthrough")
        )
        return _merge_object(status, pairs, ordered)

    return parse


def union_parser(options: Sequence[Parser]) -> Parser:
    """z.union([...]): the first valid branch, else the first dirty one with its issues, else
    invalid_union carrying every branch's issues."""

    def parse(value: Any, path: ZodPath, issues: list[ZodIssue]) -> Parsed:
        dirty: tuple[Parsed, list[ZodIssue]] | None = None
        branches: list[tuple[ZodIssue, ...]] = []
        for option in options:
            branch: list[ZodIssue] = []
            result = option(value, path, branch)
            if result[0] == VALID:
                return result
            if result[0] == DIRTY and dirty is None:
                dirty = result, branch
            if branch:
                branches.append(tuple(branch))
        if dirty is not None:
            issues.extend(dirty[1])
            return dirty[0]
        issues.append(ZodIssue("invalid_union", path, "Invalid input", tuple(branches)))
        return ABORTED, None

    return parse
