"""JSON in and out, as Kibana's JavaScript reads and writes it.

Reading is JSON.parse behind hapi: NaN and Infinity refused, `__proto__` keys refused
(bourne), one number type (5.0 is 5), and objects in JavaScript's key order. Writing is
JSON.stringify: compact, non-ASCII kept, NaN and Infinity written as null. orjson does the
writing (about ten times faster than the standard library on the request path); the standard
library takes over for what orjson refuses (lone surrogates, integers beyond 64 bits).
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

import orjson


class Raw:
    """JSON already encoded (a stored connector's config): written as is, never re-encoded."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Raw({self.data!r})"


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _number(text: str) -> Any:
    # JavaScript has one number type: 5.0 is 5 when echoed back.
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e21 else value


_INDEX_KEY = re.compile(r"0|[1-9][0-9]{0,9}")


def _js_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object with JavaScript's key order: array-index keys first, ascending.

    hapi's JSON parser (bourne) also refuses a `__proto__` key.
    """
    indexes, others = [], []
    for key, value in pairs:
        if key == "__proto__":
            raise ValueError(key)
        if _INDEX_KEY.fullmatch(key) and int(key) < 2**32 - 1:
            indexes.append((int(key), key, value))
        else:
            others.append((key, value))
    result = {key: value for _, key, value in sorted(indexes, key=lambda t: t[0])}
    for key, value in others:
        result[key] = value
    return result


# Built once: json.loads with keyword arguments builds a decoder on every call.
_PLAIN = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_number)
_HOOKED = json.JSONDecoder(
    parse_constant=_reject_constant, parse_float=_number, object_pairs_hook=_js_object
)
# Where orjson's reading is not taken: only a body with an array-index key (all digits, some
# perhaps written \u003N) or any `proto` needs the (slower) object hook. A string value that
# looks like such a key before a colon inside another string also takes it, which costs time,
# not correctness; a digit-led value (an imported object's "8.8.0") does not.
_INDEX_KEY_TEXT = re.compile(rb'"(?:\d|\\u003\d)+"\s*:')


def loads(raw: bytes) -> Any:
    """JSON.parse of a request body; ValueError (or RecursionError) where hapi refuses it."""
    # orjson reads most bodies four times faster. One walk of what it read says whether that is
    # what JSON.parse gives: no array-index key (JavaScript puts those first), no `__proto__`
    # key (bourne refuses it), no floats (5.0 is 5 here; orjson turns integers beyond 64 bits
    # into floats too). Anything else, and everything orjson refuses (invalid UTF-8, which is
    # replaced here, lone surrogates, nesting beyond 1,024 levels, plain errors), goes to the
    # standard library: with the object hook where a key may need it.
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        hooked = b"proto" in raw or _INDEX_KEY_TEXT.search(raw) is not None
    else:
        found = _unlike_javascript(value)
        if found is None:
            return value
        hooked = found is _KEY or b"proto" in raw or _INDEX_KEY_TEXT.search(raw) is not None
    return (_HOOKED if hooked else _PLAIN).decode(raw.decode("utf-8", "replace"))


# What _unlike_javascript finds: a key JavaScript reads differently, or a float.
_KEY, _FLOAT = "key", "float"


def _unlike_javascript(value: Any) -> str | None:
    # A loop, not recursion: orjson reads bodies nested up to 1,024 levels. A key of digits in
    # any script is sent to the hooked decoder, which orders only ASCII array indexes.
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is dict:
            if "__proto__" in item or any(map(str.isdigit, item)):
                return _KEY
            pending.extend(item.values())
        elif kind is list:
            pending.extend(item)
        elif kind is float:
            return _FLOAT
    return None


def _fragment(value: Any) -> Any:
    if isinstance(value, Raw):
        return orjson.Fragment(value.data)
    raise TypeError(type(value).__name__)


def _finite(value: Any) -> Any:
    # JSON.stringify writes Infinity and NaN (from a body's 1e400) as null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Raw):
        return _finite(json.loads(value.data))
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, Raw):
        return json.loads(value.data)
    raise TypeError(type(value).__name__)


def _stdlib_dumps(payload: Any) -> bytes:
    try:
        text = json.dumps(
            payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_decoded
        )
    except ValueError:
        # NaN or Infinity (a body's 1e400): JSON.stringify writes null.
        payload = _finite(payload)
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_decoded)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, separators=(",", ":"), default=_decoded).encode("ascii")


# Room for the standard library to write what the parser could read: a body nested almost
# as deep as the recursion limit allows, written from a handler already some frames deep.
_DEEP_RECURSION_LIMIT = 5000


def dumps(payload: Any) -> bytes:
    """JSON.stringify: compact, non-ASCII kept; lone surrogates escaped as JavaScript does."""
    try:
        return orjson.dumps(payload, default=_fragment)
    except (orjson.JSONEncodeError, RecursionError):
        pass  # lone surrogates, integers beyond 64 bits, nesting beyond orjson's 255 levels
    limit = sys.getrecursionlimit()
    if limit < _DEEP_RECURSION_LIMIT:
        sys.setrecursionlimit(_DEEP_RECURSION_LIMIT)
    try:
        return _stdlib_dumps(payload)
    finally:
        sys.setrecursionlimit(limit)


def pack(value: Any) -> bytes:
    """Encode a value for keeping: dumps, copied out of orjson's oversized buffer."""
    return bytes(memoryview(dumps(value)))


def unpack(data: bytes) -> Any:
    """Decode what pack() wrote."""
    return json.loads(data)


def plain(payload: Any) -> Any:
    """The payload with every Raw decoded (for checks that want plain data)."""
    if isinstance(payload, Raw):
        return json.loads(payload.data)
    if isinstance(payload, dict):
        return {key: plain(item) for key, item in payload.items()}
    if isinstance(payload, list):
        return [plain(item) for item in payload]
    return payload
