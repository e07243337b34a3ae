"""A small io-ts 2.0 with its PathReporter: how Kibana 7.8's case plugin decodes requests.

x-pack/plugins/case/common/api/runtime_types.ts @ 026b9ed4 (reference kibana-cases.md §4.1):
a failed decode is a 400 whose message is PathReporter's lines joined by `\\n`, each
`Invalid value <JSON of the value> supplied to : <root type>/<key>: <type>/...`, or a codec's
own message. `excess` refuses top-level keys the codec does not know before decoding. A codec
here is a type name and a validate function; decoding returns the input's keys in input order
(io-ts 2.0 returns the value it was given when nothing was converted).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable
from typing import Any

from fakekibana.cases.legacy import messages
from fakekibana.core.errors import BadRequest

# (value, context: the (key, type name) pairs from the root, own message or None)
Failure = tuple[Any, tuple[tuple[str, str], ...], str | None]
Context = tuple[tuple[str, str], ...]
MISSING: Any = object()


@dataclasses.dataclass(frozen=True)
class Codec:
    """An io-ts type: its name and how it validates (value, context) -> (value, failures)."""

    name: str
    validate: Callable[[Any, Context], tuple[Any, list[Failure]]]
    props: dict[str, Codec] | None = None


def _plain(name: str, test: Callable[[Any], bool]) -> Codec:
    def validate(value: Any, context: Context) -> tuple[Any, list[Failure]]:
        return (
            (value, [])
            if value is not MISSING and test(value)
            else (value, [(value, context, None)])
        )

    return Codec(name, validate)


string = _plain("string", lambda value: isinstance(value, str))


def literal(text: str) -> Codec:
    """rt.literal: named as its JSON."""
    return _plain(json.dumps(text), lambda value: value == text)


def _sub(context: Context, key: str, codec: Codec) -> Context:
    return (*context, (key, codec.name))


def union(*members: Codec) -> Codec:
    """rt.union: the first member that decodes, else every member's failures (index keys)."""

    def validate(value: Any, context: Context) -> tuple[Any, list[Failure]]:
        failures: list[Failure] = []
        for index, member in enumerate(members):
            decoded, problems = member.validate(value, _sub(context, str(index), member))
            if not problems:
                return decoded, []
            failures += problems
        return value, failures

    return Codec("(" + " | ".join(member.name for member in members) + ")", validate)


def array(item: Codec) -> Codec:
    """rt.array: every item, at its index."""

    def validate(value: Any, context: Context) -> tuple[Any, list[Failure]]:
        if not isinstance(value, list):
            return value, [(value, context, None)]
        decoded, failures = [], []
        for index, element in enumerate(value):
            result, problems = item.validate(element, _sub(context, str(index), item))
            decoded.append(result)
            failures += problems
        return decoded, failures

    return Codec(f"Array<{item.name}>", validate)


def _record(value: Any) -> bool:
    return isinstance(value, dict)


def _props_name(props: dict[str, Codec]) -> str:
    return "{ " + ", ".join(f"{key}: {codec.name}" for key, codec in props.items()) + " }"


def type_(props: dict[str, Codec], partial: bool = False) -> Codec:
    """rt.type (every key required) or rt.partial (absent keys skipped); other keys kept."""

    def validate(value: Any, context: Context) -> tuple[Any, list[Failure]]:
        if not _record(value):
            return value, [(value, context, None)]
        decoded, failures = dict(value), []
        for key, codec in props.items():
            given = value.get(key, MISSING)
            if partial and given is MISSING:
                continue
            result, problems = codec.validate(given, _sub(context, key, codec))
            failures += problems
            if given is not MISSING:
                decoded[key] = result
        return decoded, failures

    name = _props_name(props)
    return Codec(f"Partial<{name}>" if partial else name, validate, props)


def intersection(*members: Codec) -> Codec:
    """rt.intersection: every member on the value (index keys), their results merged."""

    def validate(value: Any, context: Context) -> tuple[Any, list[Failure]]:
        merged: Any = dict(value) if _record(value) else value
        failures: list[Failure] = []
        for index, member in enumerate(members):
            decoded, problems = member.validate(value, _sub(context, str(index), member))
            failures += problems
            if not problems and isinstance(decoded, dict) and isinstance(merged, dict):
                merged.update(decoded)
        return merged, failures

    props: dict[str, Codec] = {}
    for member in members:
        props.update(member.props or {})
    return Codec("(" + " & ".join(member.name for member in members) + ")", validate, props)


# JavaScript's unary + on a string: whitespace trimmed, "" is 0, hex/octal/binary literals,
# Infinity; anything else NaN.
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_RADIX = re.compile(r"0([xXoObB])([0-9a-fA-F]+)")
_JS_SPACE = " \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(code) for code in range(0x2000, 0x200B)
)


def js_number(text: str) -> float:
    """`+text` in JavaScript."""
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        return float(text)
    if text.lstrip("+-") == "Infinity":
        return -math.inf if text.startswith("-") else math.inf
    radix = _RADIX.fullmatch(text)
    if radix:
        base = {"x": 16, "o": 8, "b": 2}[radix.group(1).lower()]
        try:
            return float(int(radix.group(2), base))
        except ValueError:
            return math.nan
    return math.nan


def _number_from_string(value: Any, context: Context) -> tuple[Any, list[Failure]]:
    """Kibana's NumberFromString: a string whose `+` is not NaN (§4.1)."""
    if not isinstance(value, str):
        return value, [(value, context, None)]
    number = js_number(value)
    if math.isnan(number):
        return value, [(value, context, messages.NOT_A_NUMBER)]
    return (int(number) if number.is_integer() else number), []


number_from_string = Codec("NumberFromString", _number_from_string)


def js_json(value: Any) -> str:
    """JSON.stringify as PathReporter prints a value (`undefined` for a missing one)."""
    if value is MISSING:
        return "undefined"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def report(failures: list[Failure]) -> str:
    """PathReporter.failure joined by newlines."""
    lines = []
    for value, context, message in failures:
        if message is None:
            path = "/".join(f"{key}: {name}" for key, name in context)
            lines.append(messages.invalid_value(js_json(value), path))
        else:
            lines.append(message)
    return "\n".join(lines)


def decode(codec: Codec, value: Any) -> Any:
    """pipe(codec.decode(value), fold(throwErrors(Boom.badRequest), identity))."""
    decoded, failures = codec.validate(value, (("", codec.name),))
    if failures:
        raise BadRequest(report(failures))
    return decoded


def decode_excess(codec: Codec, value: Any) -> Any:
    """excess(codec): a record first, then no key the codec does not know, then decode."""
    if not _record(value):
        raise BadRequest(messages.invalid_value(js_json(value), f": {codec.name}"))
    extra = [key for key in value if key not in (codec.props or {})]
    if extra:
        raise BadRequest(messages.excess_properties(js_json(value), codec.name, extra))
    return decode(codec, value)
