"""A small io-ts: Cases' request codecs and their exact error texts (8.19 / 9.x).

Cases decodes bodies with io-ts (`decodeWithExcessOrThrow`), not with config-schema, and its
messages differ from config-schema's, so bodies are validated here and not by schemas/ (the
request schema files accept anything). Reference kibana-cases.md §4.1: errors of all codecs are
collected, formatted by formatErrors (format_errors @ 480e392d: a codec's own message, else
`Invalid value "<value>" supplied to "<keys>"`), de-duplicated and joined by ','; only a body
that decodes is searched for keys the exact codecs dropped (exact_check @ 2b7b1374).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fakekibana.cases import messages
from fakekibana.core.errors import BadRequest

MISSING: Any = object()
# A codec: (value, path keys) -> (decoded value or MISSING, error texts).
Codec = Callable[[Any, tuple[str, ...]], tuple[Any, list[str]]]


def js_text(value: Any) -> str:
    """`${value}` in formatErrors: JSON for objects and arrays, JavaScript's text otherwise."""
    if value is MISSING:
        return "undefined"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fail(value: Any, path: tuple[str, ...], message: str | None = None) -> tuple[Any, list[str]]:
    return MISSING, [message or messages.invalid_value(js_text(value), ",".join(path))]


def string(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
    """rt.string."""
    return (value, []) if isinstance(value, str) else _fail(value, path)


def boolean(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
    """rt.boolean."""
    return (value, []) if isinstance(value, bool) else _fail(value, path)


def null(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
    """rt.null."""
    return (None, []) if value is None else _fail(value, path)


def unknown(value: Any, _: tuple[str, ...]) -> tuple[Any, list[str]]:
    """rt.unknown."""
    return value, []


def keyof(*values: str) -> Codec:
    """rt.keyof / a union of literals: one error on the key."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        return (value, []) if isinstance(value, str) and value in values else _fail(value, path)

    return codec


def limited_string(field: str, minimum: int, maximum: int) -> Codec:
    """limitedStringSchema: a string whose trimmed length is within bounds (§4.1)."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        if not isinstance(value, str):
            return _fail(value, path)
        length = len(value.strip().encode("utf-16-le")) // 2
        if length == 0 and length < minimum:
            return _fail(value, path, messages.empty_string(field))
        if length < minimum:
            return _fail(value, path, messages.too_short(field, minimum))
        if length > maximum:
            return _fail(value, path, messages.too_long(field, maximum))
        return value, []

    return codec


def array(item: Codec) -> Codec:
    """rt.array: every item is decoded, index keys are not part of the message path."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        if not isinstance(value, list):
            return _fail(value, path)
        decoded, errors = [], []
        for element in value:
            result, problems = item(element, path)
            decoded.append(result)
            errors += problems
        return (MISSING, errors) if errors else (decoded, [])

    return codec


def limited_array(item: Codec, field: str, minimum: int, maximum: int) -> Codec:
    """limitedArraySchema: the items first, then the length (§4.1)."""
    items = array(item)

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        decoded, errors = items(value, path)
        if errors:
            return MISSING, errors
        if len(decoded) < minimum:
            return _fail(value, path, messages.array_too_short(field, minimum))
        if len(decoded) > maximum:
            return _fail(value, path, messages.array_too_long(field, maximum))
        return decoded, []

    return codec


def union(*members: Codec) -> Codec:
    """rt.union (untagged): the first member that decodes, else every member's errors."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        errors: list[str] = []
        for member in members:
            decoded, problems = member(value, path)
            if not problems:
                return decoded, []
            errors += problems
        return MISSING, errors

    return codec


def nullable(member: Codec) -> Codec:
    """rt.union([member, rt.null])."""
    return union(member, null)


def strict(props: dict[str, Codec], optional: bool = False) -> Codec:
    """rt.strict (every key required) or rt.exact(rt.partial) (`optional`): keys in order."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        if not isinstance(value, dict):
            return _fail(value, path)
        decoded: dict[str, Any] = {}
        errors: list[str] = []
        for key, prop in props.items():
            given = value.get(key, MISSING)
            if optional and given is MISSING:
                continue
            result, problems = prop(given, (*path, key))
            errors += problems
            if not problems:
                decoded[key] = result
        return (MISSING, errors) if errors else (decoded, [])

    return codec


def intersection(*members: Codec) -> Codec:
    """rt.intersection: every member on the same value, their keys merged in member order."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        merged: dict[str, Any] = {}
        errors: list[str] = []
        for member in members:
            decoded, problems = member(value, path)
            errors += problems
            if not problems and isinstance(decoded, dict):
                merged.update(decoded)
        return (MISSING, errors) if errors else (merged, [])

    return codec


def tagged(tag: str, members: dict[str, Codec]) -> Codec:
    """A union of strict codecs told apart by `tag`: an unknown tag fails on the union's key
    as one error with the whole value (§4.1)."""

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        key = value.get(tag) if isinstance(value, dict) else None
        member = members.get(key) if isinstance(key, str) else None
        if member is None:
            return _fail(value, path)
        return member(value, path)

    return codec


def differences(original: Any, decoded: Any) -> list[str]:
    """findDifferencesRecursive: the keys of `original` that decoding dropped, depth first."""
    if original is None and decoded is None:
        return []
    if isinstance(original, list):
        pairs = [(str(i), item) for i, item in enumerate(original)]
        kept: Any = (
            {str(i): item for i, item in enumerate(decoded)}
            if isinstance(decoded, list)
            else decoded
        )
    elif isinstance(original, dict):
        pairs = list(original.items())
        kept = decoded
    else:
        return []
    if not isinstance(kept, dict):
        return [key for key, _ in pairs]
    found: list[str] = []
    for key, item in pairs:
        if key not in kept:
            found.append(key)
        found += differences(item, kept.get(key))
    return list(dict.fromkeys(found))


def decode_or_throw(codec: Codec, value: Any) -> Any:
    """decodeWithExcessOrThrow: the decoded value, or BadRequest with Kibana's text."""
    decoded, errors = codec(value, ())
    if errors:
        raise BadRequest(",".join(dict.fromkeys(errors)))
    extra = differences(value, decoded)
    if extra:
        raise BadRequest(messages.invalid_keys(extra))
    return decoded
