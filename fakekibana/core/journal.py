"""The request journal: the last N Kibana requests, kept cheaply and redacted when read.

Recording is on the hot path, so an entry keeps references (the header proxy, the raw body
bytes the route already read) and nothing is decoded or copied until someone asks for the
journal. Secrets never leave it: every value under a key that names a secret, every value of
an Authorization-like header and the user info of every URL are replaced on the way out.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import fnmatch
import json
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from yarl import URL

from fakekibana.core.store import Clock, iso

REDACTED = "[REDACTED]"
# A body longer than this is kept truncated: the journal must stay small under load.
BODY_LIMIT = 64 * 1024

# Keys whose values are secret wherever they appear (connector secrets, webhook headers,
# query parameters): Kibana's own secrets fields (password, apiToken, routingKey,
# webhookUrl) and the usual credential names.
_SECRET_KEY = re.compile(
    r"secret|passw|token|api[-_]?key|routing[-_]?key|webhook[-_]?url|authori[sz]ation|cookie"
    r"|credential|private[-_]?key",
    re.IGNORECASE,
)
_SECRET_HEADER = re.compile(r"authorization|cookie|api[-_]?key|token|secret", re.IGNORECASE)
# scheme://user:password@host -> scheme://[REDACTED]@host. Every repetition is bounded and
# anchored at a token start, so a long body costs linear time, never quadratic.
_USERINFO = re.compile(
    r"(?<![a-zA-Z0-9+.\-])(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]{0,30}://)[^/@\s\"']{0,500}@"
)
# "password": "x" or password=x inside a body that is not JSON (or is truncated JSON).
_TEXT_SECRET = re.compile(
    r"""(?<![\w\-])(?P<key>["']?[\w\-]{0,64}?"""
    r"""(?:secret|passw|token|api[-_]?key|routing[-_]?key|webhook[-_]?url|authori[sz]ation)"""
    r"""[\w\-]{0,64}["']?\s{0,10}[:=]\s{0,10})(?P<value>"(?:[^"\\]|\\.)*"?|[^\s&,;{}\[\]]+)""",
    re.IGNORECASE,
)
_SPACE_PATH = re.compile(r"/s/([a-z0-9_\-]+)(?:/|$)")


def redact(value: Any) -> Any:
    """A copy of a JSON value with secret-named keys and URL user info redacted."""
    if isinstance(value, dict):
        return {
            key: _redact_all(item) if _SECRET_KEY.search(key) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def _redact_all(value: Any) -> Any:
    # Keep the shape (which secret fields were sent, and nulls) but none of the values.
    if isinstance(value, dict):
        return {key: _redact_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_all(item) for item in value]
    return None if value is None else REDACTED


def redact_text(text: str) -> str:
    """Free text with URL user info and `key: value` secrets redacted."""
    if "@" in text:
        text = _USERINFO.sub(rf"\g<scheme>{REDACTED}@", text)
    return _TEXT_SECRET.sub(rf"\g<key>{REDACTED}", text)


def redact_header(name: str, value: str) -> str:
    """A header value, with credentials replaced (the Authorization scheme is kept)."""
    if not _SECRET_HEADER.search(name):
        return redact_text(value)
    scheme, space, _ = value.strip().partition(" ")
    if name.lower() in ("authorization", "proxy-authorization") and space:
        return f"{scheme} {REDACTED}"
    return REDACTED


def _body(raw: bytes | None, content_type: str) -> Any:
    if not raw:
        return None
    text = raw[:BODY_LIMIT].decode("utf-8", "replace")
    if len(raw) <= BODY_LIMIT and "form-urlencoded" not in content_type:
        try:
            return redact(json.loads(text))
        except (ValueError, RecursionError):
            # Not JSON, or nested deeper than Python recurses: redacted as text instead.
            pass
    if "form-urlencoded" in content_type:
        return redact(dict(parse_qsl(text, keep_blank_values=True)))
    return redact_text(text)


@dataclasses.dataclass(slots=True)
class Entry:
    """One recorded request; views are built only when the journal is read."""

    time: datetime.datetime | float  # a fixed clock's time, or seconds since the epoch
    method: str
    # The request's URL as aiohttp parsed it: path and query are decoded when they are read.
    url: URL
    headers: Mapping[str, str]
    body: bytes | None
    status: int

    @property
    def path(self) -> str:
        """The decoded path (aiohttp's request.path)."""
        return self.url.path

    @property
    def query(self) -> str:
        """The query string, undecoded (aiohttp's request.query_string)."""
        return self.url.query_string

    def view(self) -> dict[str, Any]:
        """The entry as GET /_fakekibana/requests shows it, secrets redacted."""
        space = _SPACE_PATH.match(self.path)
        query = redact(dict(parse_qsl(self.query, keep_blank_values=True)))
        return {
            "time": iso(
                self.time
                if isinstance(self.time, datetime.datetime)
                else datetime.datetime.fromtimestamp(self.time, datetime.UTC)
            ),
            "method": self.method,
            "path": self.path,
            "space": space.group(1) if space else "default",
            "query": query,
            "headers": {name: redact_header(name, value) for name, value in self.headers.items()},
            "body": _body(self.body, self.headers.get("Content-Type", "")),
            "status": self.status,
        }

    def matches(self, method: str | None, path: str | None) -> bool:
        """Whether the entry has this method (any case) and path (exact, or a * pattern)."""
        if method is not None and self.method != method.upper():
            return False
        if path is None:
            return True
        return fnmatch.fnmatchcase(self.path, path) if "*" in path else self.path == path


_Fields = tuple[datetime.datetime | float, str, URL, Mapping[str, str], bytes | None, int]


class Journal:
    """A bounded log of requests, newest last; the oldest entries fall off."""

    def __init__(self, size: int, clock: Clock) -> None:
        self.size = size
        # Entries as tuples of Entry's fields: an Entry is made only when the journal is read.
        self.entries: collections.deque[_Fields] = collections.deque(maxlen=size)
        self.dropped = 0
        self._clock = clock

    def record(
        self,
        *,
        method: str,
        url: URL,
        headers: Mapping[str, str],
        body: bytes | None,
        status: int,
    ) -> None:
        """Append an entry (called before the response is sent)."""
        if len(self.entries) == self.size:
            self.dropped += 1
        if body is not None and len(body) > BODY_LIMIT:
            body = body[: BODY_LIMIT + 1]
        # The clock's time, kept as seconds when it runs: a datetime is made only when the
        # journal is read (making one costs more than the rest of the entry).
        moment = self._clock.fixed or time.time()
        self.entries.append((moment, method, url, headers, body, status))

    def clear(self) -> None:
        """Forget every entry."""
        self.entries.clear()
        self.dropped = 0

    def select(self, method: str | None = None, path: str | None = None) -> Iterable[Entry]:
        """The entries matching a method and a path, oldest first."""
        entries = (Entry(*fields) for fields in self.entries)
        return [entry for entry in entries if entry.matches(method, path)]
