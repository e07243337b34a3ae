"""The fuzzer: thousands of random and malformed requests against fakekibana on 127.0.0.1.

    .venv/bin/python benchmarks/fuzz.py                      # 5,000 requests per mode, seed 1
    .venv/bin/python benchmarks/fuzz.py --count 500 --seed 7 --security on
    FAKEKIBANA_FUZZ_FULL=1 .venv/bin/python -m pytest tests/test_fuzz.py   # the same as a test

It serves fakekibana in this process on a free port of 127.0.0.1 and sends requests over raw
sockets, so that framing can be malformed too: random methods, paths, query strings, headers
(content types, encodings, kbn-xsrf, kbn-version, credentials) and bodies (valid connectors,
mutated ones, random JSON, huge and deeply nested JSON, invalid UTF-8, broken framing,
truncated uploads). Requests go one at a time, so that each answer can be checked:

- no answer is a 5xx, and every answer comes within a few seconds;
- every answer of the application is Kibana-shaped: JSON, `kbn-name`, and for an error exactly
  {statusCode, error, message[, attributes]} with Boom's reason phrase; an answer of the HTTP
  parser itself (broken framing) is a 400 that closes the connection, as Node's is;
- a request that is refused (any status from 400 up, or no answer) leaves the stored state
  exactly as it was (an order-insensitive hash of every stored value, taken before and after);
- at the end the server still answers: /api/status, then a create and a read.

Every phase is bounded by count and by a time limit; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import contextlib
import dataclasses
import gzip
import hashlib
import json
import logging
import random
import resource
import string
import sys
import time
import urllib.parse
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fakekibana import Settings, create_app
from fakekibana.connectors.store import ConnectorStore
from fakekibana.core import messages
from fakekibana.core.adapter import AREAS
from fakekibana.core.security import parse_principal
from fakekibana.spaces.store import SpaceStore

HOST = "127.0.0.1"
ANSWER_TIMEOUT = 15.0
VERSION = "7.8.0"
USERS = (
    "elastic:changeme:superuser",
    "reader:reader-pw:read",
    "s1:s1-pw:all@space1",
    "nobody:nobody-pw:none",
)
API_KEYS = ("fuzz-key:fuzz-secret:superuser",)
# The store is emptied this often, so that hashing it stays cheap however long the run.
RESET_EVERY = 250

# --- what a request may be made of ---------------------------------------------------------------

SPACES = ["", "/s/space1", "/s/space2", "/s/default", "/s/Foo", "/s/a-b_c", "/s/", "/s/%20"]
ROUTES = [
    ("POST", "/api/action"),
    ("POST", "/api/actions/action"),
    ("GET", "/api/action/_getAll"),
    ("GET", "/api/actions"),
    ("GET", "/api/action/_find"),
    ("GET", "/api/action/types"),
    ("GET", "/api/actions/list_action_types"),
    ("GET", "/api/action/{id}"),
    ("PUT", "/api/action/{id}"),
    ("DELETE", "/api/action/{id}"),
    ("POST", "/api/action/{id}/_execute"),
    ("GET", "/api/actions/action/{id}"),
    ("PUT", "/api/actions/action/{id}"),
    ("DELETE", "/api/actions/action/{id}"),
    ("POST", "/api/actions/action/{id}/_execute"),
    ("GET", "/api/status"),
    # The platform routes every client reads first, and the Spaces API.
    ("GET", "/api/stats"),
    ("GET", "/api/features"),
    ("GET", "/api/spaces/space"),
    ("POST", "/api/spaces/space"),
    ("GET", "/api/spaces/space/{id}"),
    ("PUT", "/api/spaces/space/{id}"),
    ("DELETE", "/api/spaces/space/{id}"),
    # The saved objects API (7.8 has no resolve, _bulk_resolve or _bulk_delete).
    ("POST", "/api/saved_objects/dashboard"),
    ("POST", "/api/saved_objects/dashboard/{id}"),
    ("GET", "/api/saved_objects/dashboard/{id}"),
    ("PUT", "/api/saved_objects/dashboard/{id}"),
    ("DELETE", "/api/saved_objects/dashboard/{id}"),
    ("POST", "/api/saved_objects/_bulk_create"),
    ("POST", "/api/saved_objects/_bulk_get"),
    ("PUT", "/api/saved_objects/_bulk_update"),
    (
        "GET",
        "/api/saved_objects/_find?type=dashboard&search=a*&filter=dashboard.attributes.title:a",
    ),
    ("POST", "/api/saved_objects/_export"),
    ("POST", "/api/saved_objects/_import"),
    ("POST", "/api/saved_objects/_resolve_import_errors"),
    ("POST", "/api/spaces/_copy_saved_objects"),
    ("POST", "/api/spaces/_resolve_copy_saved_objects_errors"),
]
# Kibana 8.19/9.x: the snake_case connectors routes (8.19 keeps the release family above too),
# and the platform routes every client reads first.
ROUTES_V8 = [
    ("POST", "/api/actions/connector"),
    ("POST", "/api/actions/connector/{id}"),
    ("GET", "/api/actions/connectors"),
    ("GET", "/api/actions/connector_types"),
    ("GET", "/api/actions/connector/{id}"),
    ("PUT", "/api/actions/connector/{id}"),
    ("DELETE", "/api/actions/connector/{id}"),
    ("POST", "/api/actions/connector/{id}/_execute"),
    ("POST", "/api/actions/action"),
    ("GET", "/api/actions"),
    ("GET", "/api/actions/action/{id}"),
    ("PUT", "/api/actions/action/{id}"),
    ("POST", "/api/actions/action/{id}/_execute"),
    ("GET", "/api/status"),
    ("GET", "/api/stats"),
    ("GET", "/api/features"),
    ("GET", "/api/spaces/space"),
    ("POST", "/api/spaces/space"),
    ("GET", "/api/spaces/space/{id}"),
    ("PUT", "/api/spaces/space/{id}"),
    ("DELETE", "/api/spaces/space/{id}"),
    # The saved objects API.
    ("POST", "/api/saved_objects/dashboard"),
    ("POST", "/api/saved_objects/dashboard/{id}"),
    ("GET", "/api/saved_objects/dashboard/{id}"),
    ("PUT", "/api/saved_objects/dashboard/{id}"),
    ("DELETE", "/api/saved_objects/dashboard/{id}"),
    ("POST", "/api/saved_objects/_bulk_create"),
    ("POST", "/api/saved_objects/_bulk_get"),
    ("PUT", "/api/saved_objects/_bulk_update"),
    (
        "GET",
        "/api/saved_objects/_find?type=dashboard&search=a*&filter=dashboard.attributes.title:a",
    ),
    ("GET", "/api/saved_objects/resolve/dashboard/{id}"),
    ("POST", "/api/saved_objects/_bulk_resolve"),
    ("POST", "/api/saved_objects/_bulk_delete"),
    ("POST", "/api/saved_objects/_export"),
    ("POST", "/api/saved_objects/_import?createNewCopies=true"),
    ("POST", "/api/saved_objects/_resolve_import_errors"),
    ("POST", "/api/spaces/_copy_saved_objects"),
    ("POST", "/api/spaces/_resolve_copy_saved_objects_errors"),
    ("POST", "/api/spaces/_get_shareable_references"),
    ("POST", "/api/spaces/_update_objects_spaces"),
    # Data views (over saved objects).
    ("GET", "/api/data_views"),
    ("POST", "/api/data_views/data_view"),
    ("GET", "/api/data_views/data_view/{id}"),
    ("POST", "/api/data_views/data_view/{id}"),
    ("DELETE", "/api/data_views/data_view/{id}"),
    ("GET", "/api/data_views/default"),
    ("POST", "/api/data_views/default"),
    ("POST", "/api/data_views/data_view/{id}/runtime_field"),
    ("POST", "/api/index_patterns/index_pattern"),
]
CONTROL_PATHS = [
    "/_fakekibana/health",
    "/_fakekibana/requests",
    "/_fakekibana/errors",
    "/_fakekibana/state",
    "/_fakekibana/clock",
    "/_fakekibana/connectors/{id}/fault",
    "/_fakekibana/seed",
]
ODD_PATHS = [
    "/",
    "/api",
    "/api/",
    "/api/action/",
    "//api/action",
    "/api/action/%",
    "/api/action/%zz",
    "/api/action/%00",
    "/api/action/..%2F..%2Fetc%2Fpasswd",
    "/api/action/%F0%9F%92%A9",
    "/api/action/%C3%28",
    "/s/space1/s/space2/api/action",
    "/S/space1/api/action",
    "/api/action/_find/extra",
    "/app/kibana",
    "*",
]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND"]
# Methods HTTP parsers (Node's llhttp, aiohttp's) refuse before any routing.
UNKNOWN_METHODS = ["FOO", "get", "G ET"]
CONTENT_TYPES = [
    None,
    "application/json",
    "application/json; charset=utf-8",
    "application/JSON",
    "application/vnd.api+json",
    "text/plain",
    "text/html; charset=latin1",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "multipart/form-data; boundary=xyz",
    "application/xml",
    "image/png",
    "json",
    "",
    "application/json; charset=bogus",
    "*/*",
]
QUERY_KEYS = [
    "page",
    "per_page",
    "search",
    "search_fields",
    "default_search_operator",
    "sort_field",
    "sort_order",
    "filter",
    "has_reference",
    "fields",
    "foo",
    "",
    # The Spaces list, /api/status, /api/stats and /api/features.
    "purpose",
    "include_authorized_purposes",
    "v7format",
    "v8format",
    "extended",
    "legacy",
    "exclude_usage",
    "ignoreValidLicenses",
]

# Bodies that Kibana accepts, per connector type: (create body, execute params).
VALID: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (
        {
            "name": "slack",
            "actionTypeId": ".slack",
            "secrets": {"webhookUrl": "https://hooks.slack.com/services/x"},
        },
        {"message": "hello"},
    ),
    (
        {"name": "index", "actionTypeId": ".index", "config": {"index": "fuzz-index"}},
        {"documents": [{"a": 1}]},
    ),
    ({"name": "log", "actionTypeId": ".server-log"}, {"message": "m", "level": "warn"}),
    (
        {
            "name": "hook",
            "actionTypeId": ".webhook",
            "config": {"url": "https://example.com/h", "method": "post"},
            "secrets": {"user": "u", "password": "p"},
        },
        {"body": "{}"},
    ),
    (
        {
            "name": "mail",
            "actionTypeId": ".email",
            "config": {"from": "a@example.com", "service": "__json"},
            "secrets": {},
        },
        {"to": ["b@example.com"], "subject": "s", "message": "m"},
    ),
    (
        {
            "name": "pd",
            "actionTypeId": ".pagerduty",
            "config": {},
            "secrets": {"routingKey": "k"},
        },
        {"summary": "s", "eventAction": "trigger"},
    ),
    (
        {
            "name": "jira",
            "actionTypeId": ".jira",
            "config": {
                "apiUrl": "https://jira.example.com",
                "projectKey": "P",
                "casesConfiguration": {
                    "mapping": [{"source": "title", "target": "summary", "actionType": "overwrite"}]
                },
            },
            "secrets": {"email": "e@example.com", "apiToken": "t"},
        },
        {"subAction": "pushToService", "subActionParams": {"caseId": "1", "title": "t"}},
    ),
]
# Spaces Kibana accepts (the Spaces API's bodies), to be sent or mutated.
SPACE_BODIES: list[dict[str, Any]] = [
    {"id": "space1", "name": "Space one"},
    {"id": "fuzz-space", "name": "Fuzz", "description": "d", "color": "#aabbcc", "initials": "FZ"},
    {"id": "pics", "name": "Pics", "imageUrl": "data:image/png;base64,AA", "disabledFeatures": []},
    {"id": "default", "name": "Home"},
]
NESTING = [10, 100, 500, 800, 900, 950, 980, 990, 1000, 1500, 5000, 100_000]
TEXT = string.printable + "éß中文😀\u0000\u202e\ufeff"


@dataclasses.dataclass
class Case:
    """One request as bytes, and what kind of answer it may get."""

    label: str
    raw: bytes
    method: str = "GET"
    # Broken framing: the HTTP parser may answer 400 and close, before any Kibana check.
    framing: bool = False
    # The client stops sending (EOF) before the request is complete: no answer is expected.
    truncated: bool = False


@dataclasses.dataclass
class Answer:
    """A parsed HTTP response."""

    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool


@dataclasses.dataclass
class Report:
    """What a fuzz run did and found."""

    mode: str
    tried: int = 0
    statuses: collections.Counter[int] = dataclasses.field(default_factory=collections.Counter)
    labels: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    no_answer: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mib: float = 0.0
    alive_at_end: bool = False

    def summary(self) -> str:
        """One paragraph of figures."""
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"fuzz [{self.mode}]: {self.tried} requests in {self.seconds:.1f} s, "
            f"{len(self.problems)} problems, {self.no_answer} unanswered (by design), "
            f"5xx: {sum(n for c, n in self.statuses.items() if c >= 500)}, "
            f"alive at end: {self.alive_at_end}, peak RSS {self.peak_rss_mib:.0f} MiB\n"
            f"  statuses: {codes}"
        )


# --- generating requests -------------------------------------------------------------------------


class Generator:
    """Random requests from a seed; learns connector ids from the answers."""

    def __init__(
        self,
        rng: random.Random,
        security: bool,
        control: bool = True,
        routes: list[tuple[str, str]] | None = None,
    ) -> None:
        self.rng = rng
        self.security = security
        # The Kibana routes requests are made for (7.8's unless given).
        self.routes = routes or ROUTES
        # Whether to send requests to the control plane (/_fakekibana/...) as well.
        self.control = control
        self.ids: list[str] = []

    def learn(self, answer: Answer) -> None:
        """Remember the id of a connector or space the server has just created, as it goes in a
        path (a caller-chosen id such as 8.x's /api/actions/connector/%F0%9F%98%80 is not)."""
        if answer.status != 200 or not answer.body.startswith(b'{"id":'):
            return
        with contextlib.suppress(ValueError):
            created = json.loads(answer.body)
            if isinstance(created.get("id"), str) and len(self.ids) < 500:
                self.ids.append(urllib.parse.quote(created["id"], safe=""))

    # --- small parts ---

    def text(self, low: int = 0, high: int = 12) -> str:
        """A random string, printable or not."""
        return "".join(self.rng.choice(TEXT) for _ in range(self.rng.randint(low, high)))

    def json_value(self, depth: int = 0) -> Any:
        """A random JSON value, with the odd cases JSON allows."""
        rng = self.rng
        kinds = ["null", "bool", "int", "float", "str"]
        if depth < 4:
            kinds += ["list", "dict", "dict"]
        kind = rng.choice(kinds)
        if kind == "null":
            return None
        if kind == "bool":
            return rng.random() < 0.5
        if kind == "int":
            return rng.choice([0, -1, 1, 42, 2**31, 2**53 + 1, -(2**63), 10**30])
        if kind == "float":
            return rng.choice([0.5, -0.0, 1e308, 5e-324, 3.0, 1.5e-7])
        if kind == "str":
            return rng.choice([self.text(), "", "\ud800", "a" * rng.randint(0, 3000)])
        if kind == "list":
            return [self.json_value(depth + 1) for _ in range(rng.randint(0, 4))]
        keys = ["name", "actionTypeId", "config", "secrets", "params", "__proto__", "0", "10"]
        return {
            rng.choice([*keys, self.text(1, 6)]): self.json_value(depth + 1)
            for _ in range(rng.randint(0, 5))
        }

    def mutate(self, value: Any) -> Any:
        """A copy of a JSON value with one random change somewhere inside."""
        rng = self.rng
        if isinstance(value, dict) and value and rng.random() < 0.7:
            key = rng.choice(list(value))
            copy = dict(value)
            action = rng.random()
            if action < 0.3:
                del copy[key]
            elif action < 0.5:
                copy[self.text(1, 8)] = self.json_value()
            else:
                copy[key] = self.mutate(value[key])
            return copy
        if isinstance(value, list) and value and rng.random() < 0.7:
            copy_list = list(value)
            index = rng.randrange(len(copy_list))
            copy_list[index] = self.mutate(copy_list[index])
            return copy_list
        return self.json_value()

    def nested(self, depth: int) -> str:
        """JSON text nested `depth` deep, arrays or objects."""
        if self.rng.random() < 0.5:
            return "[" * depth + "1" + "]" * depth
        return '{"a":' * depth + "1" + "}" * depth

    def connector_id(self) -> str:
        """A known id, or one that exists nowhere."""
        rng = self.rng
        if self.ids and rng.random() < 0.6:
            return rng.choice(self.ids)
        return rng.choice(
            [
                "1",
                "00000000-0000-4000-8000-000000000000",
                "%00",
                "%F0%9F%98%80",
                "a" * rng.randint(1, 4000),
                "_find",
                "types",
                "%2F",
                "..",
            ]
        )

    def path(self, template: str) -> str:
        """A route path with a space prefix and an id filled in, sometimes with a query."""
        rng = self.rng
        prefix = rng.choice(SPACES) if rng.random() < 0.5 else ""
        path = prefix + template.replace("{id}", self.connector_id())
        if rng.random() < 0.3:
            path += "?" + self.query()
        return path

    def query(self) -> str:
        """A random query string, well-formed or not."""
        rng = self.rng
        parts = []
        for _ in range(rng.randint(0, 5)):
            key = rng.choice(QUERY_KEYS)
            value = rng.choice(
                [
                    "1",
                    "0",
                    "-5",
                    "1e3",
                    "abc",
                    "OR",
                    "and",
                    "name",
                    "actionTypeId:.slack",
                    "action.attributes.name:x or bad(",
                    "%zz",
                    "%C3%28",
                    "",
                    "9" * 400,
                    '{"type":"x","id":"y"}',
                ]
            )
            # Percent-encoded, all but a '%': broken escapes (%zz) stay broken.
            value = urllib.parse.quote(value, safe="%")
            parts.append(f"{key}={value}" if rng.random() < 0.9 else key)
        return "&".join(parts)

    def authorization(self) -> str | None:
        """Credentials of every kind: right, wrong, malformed, absent."""
        rng = self.rng
        choice = rng.random()
        if choice < 0.55:
            user = rng.choice(USERS).rsplit(":", 1)[0]
            return "Basic " + base64.b64encode(user.encode()).decode()
        if choice < 0.6:
            return "ApiKey " + base64.b64encode(b"fuzz-key:fuzz-secret").decode()
        if choice < 0.65:
            return None
        return rng.choice(
            [
                "Basic " + base64.b64encode(b"elastic:wrong").decode(),
                "Basic " + base64.b64encode(b"no-colon-token").decode(),
                "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(),
                "Basic !!!",
                "Basic",
                "Basic é",
                "Bearer abc",
                "ApiKey " + base64.b64encode(b"fuzz-key:nope").decode(),
                "Negotiate " + "A" * 500,
                "",
            ]
        )

    # --- whole requests ---

    def body(self, method: str, path: str) -> tuple[str, bytes, dict[str, str]]:
        """A label, body bytes and extra headers."""
        rng = self.rng
        valid: Any
        valid, params = rng.choice(VALID)
        roll = rng.random()
        if "/api/spaces/space" in path:
            valid = dict(rng.choice(SPACE_BODIES))
        elif "/api/saved_objects/_bulk" in path:
            valid = [{"type": "dashboard", "id": self.text(1, 6), "attributes": {"title": "a"}}]
        elif "/api/saved_objects" in path:
            valid = {"attributes": {"title": self.text()}}
        elif "/api/actions/connector" in path:
            # The snake_case routes name the type connector_type_id.
            valid = {
                ("connector_type_id" if k == "actionTypeId" else k): v for k, v in valid.items()
            }
        if path.endswith("_execute"):
            valid = {"params": params}
        elif method == "PUT" and isinstance(valid, dict):
            valid = {
                k: v for k, v in valid.items() if k not in ("actionTypeId", "connector_type_id")
            }
        if roll < 0.25:
            return "valid", json.dumps(valid).encode(), {}
        if roll < 0.45:
            return "mutated", json.dumps(self.mutate(valid)).encode(), {}
        if roll < 0.55:
            return "random-json", json.dumps(self.json_value()).encode(), {}
        if roll < 0.65:
            depth = rng.choice(NESTING)
            where = rng.choice(["top", "config", "params"])
            inner = self.nested(depth)
            if where == "top":
                document = inner
            elif where == "config":
                document = json.dumps(valid)[:-1] + f', "config": {{"deep": {inner}}}}}'
            else:
                document = f'{{"params": {{"message": "m", "deep": {inner}}}}}'
            return f"nested-{where}", document.encode(), {}
        if roll < 0.7:
            size = rng.choice([1024 * 1024 - 200, 1024 * 1024 + 1, 3 * 1024 * 1024])
            filler = "x" * max(0, size - 60)
            # The filler goes in the config, not the name: names are collated on every list.
            huge = {"name": "huge", "actionTypeId": ".index", "config": {"index": filler}}
            return "huge", json.dumps(huge).encode(), {}
        if roll < 0.77:
            text = json.dumps(valid).encode()
            cut = rng.randrange(1, len(text))
            return (
                "invalid-utf8",
                text[:cut] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80"]) + text[cut:],
                {},
            )
        if roll < 0.85:
            return (
                "odd-json",
                rng.choice(
                    [
                        b"",
                        b" ",
                        b"{",
                        b"NaN",
                        b"[1e400]",
                        b'{"name":"a","actionTypeId":".slack","config":{"x":1e400},'
                        b'"secrets":{"webhookUrl":"https://h.example.com"}}',
                        b'{"name":"a","name":"b","actionTypeId":".server-log"}',
                        b'{"__proto__":{"x":1},"name":"a","actionTypeId":".server-log"}',
                        b'{"name":' + b"1" * 5000 + b"}",
                        b'"\\ud800"',
                        b"\x00",
                        b"null",
                        b"true",
                        b'{"name":"\\u0000","actionTypeId":".server-log"}',
                    ]
                ),
                {},
            )
        if roll < 0.9:
            text = json.dumps(valid).encode()
            encoding = rng.choice(["gzip", "deflate", "gzip-broken", "deflate-broken", "identity"])
            if encoding == "gzip":
                return "gzip", gzip.compress(text, mtime=0), {"Content-Encoding": "gzip"}
            if encoding == "deflate":
                return "deflate", zlib.compress(text), {"Content-Encoding": "deflate"}
            if encoding == "identity":
                return "identity", text, {"Content-Encoding": "identity"}
            name = encoding.split("-")[0]
            return encoding, text, {"Content-Encoding": name}
        if roll < 0.95:
            form = "name=a&actionTypeId=.server-log&name=b&config=%7B%7D"
            return "form", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        return "random-bytes", rng.randbytes(rng.randint(1, 2000)), {}

    def well_formed(self) -> Case:
        """A request whose framing is valid HTTP/1.1."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.75:
            method, template = rng.choice(self.routes)
            if rng.random() < 0.15:
                method = rng.choice(METHODS)
        elif roll < 0.82 and self.control:
            method, template = rng.choice(METHODS), rng.choice(CONTROL_PATHS)
        else:
            method, template = rng.choice(METHODS), rng.choice(ODD_PATHS)
        if rng.random() < 0.02:
            method = rng.choice(UNKNOWN_METHODS)
        path = template if template == "*" else self.path(template)
        headers: dict[str, str] = {"Host": "127.0.0.1"}
        label = "no-body"
        body = b""
        if method not in ("GET", "HEAD") or rng.random() < 0.05:
            label, body, extra = self.body(method, path)
            headers.update(extra)
        if "Content-Type" not in headers and (body or rng.random() < 0.3):
            content_type = rng.choice(CONTENT_TYPES) if rng.random() < 0.4 else "application/json"
            if content_type is not None:
                headers["Content-Type"] = content_type
        if rng.random() < 0.85:
            headers["kbn-xsrf"] = rng.choice(["true", "", "x" * 100])
        if rng.random() < 0.1:
            headers["kbn-version"] = rng.choice([VERSION, "", "7.7.0", "8.0.0", "é"])
        if self.security:
            authorization = self.authorization()
            if authorization is not None:
                headers["Authorization"] = authorization
        for _ in range(rng.randint(0, 2)) if rng.random() < 0.2 else ():
            headers[f"X-Fuzz-{rng.randint(0, 99)}"] = rng.choice(["", "é", "a" * 4000, " x "])
        chunked = bool(body) and rng.random() < 0.1
        raw = build(method, path, headers, body, chunked=chunked)
        # An unknown method, or the asterisk form for anything but OPTIONS, is refused by the
        # HTTP parser itself.
        framing = method in UNKNOWN_METHODS or (path == "*" and method != "OPTIONS")
        return Case(f"{method} {label}{' chunked' if chunked else ''}", raw, method, framing)

    def malformed(self) -> Case:
        """A request whose framing is broken, or that is cut short."""
        rng = self.rng
        ok = b"GET /api/status HTTP/1.1\r\nHost: x\r\n"
        post = b"POST /api/action HTTP/1.1\r\nHost: x\r\nkbn-xsrf: x\r\n"
        body = b'{"name":"a","actionTypeId":".server-log"}'
        choices: list[tuple[str, bytes, bool]] = [
            ("garbage-line", rng.randbytes(rng.randint(1, 100)) + b"\r\n\r\n", False),
            ("lowercase-method", b"get /api/status HTTP/1.1\r\nHost: x\r\n\r\n", False),
            ("bad-version", b"GET /api/status HTTP/9.9\r\nHost: x\r\n\r\n", False),
            ("http-0.9", b"GET /api/status\r\n\r\n", False),
            ("no-colon", ok + b"Bad Header\r\n\r\n", False),
            ("nul-in-name", ok + b"X\x00Y: 1\r\n\r\n", False),
            ("space-before-colon", ok + b"Host : y\r\n\r\n", False),
            ("lf-only", b"GET /api/status HTTP/1.1\nHost: x\n\n", False),
            ("long-header", ok + b"X-Long: " + b"a" * 9000 + b"\r\n\r\n", False),
            ("long-target", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", False),
            (
                "many-headers",
                ok + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n",
                False,
            ),
            ("bad-cl", post + b"Content-Length: -1\r\n\r\n", False),
            ("two-cl", post + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", False),
            (
                "cl-and-te",
                post + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                False,
            ),
            ("bad-te", post + b"Transfer-Encoding: bogus\r\n\r\n{}", False),
            ("bad-chunk", post + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", False),
            ("non-ascii-target", b"GET /api/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", False),
            ("non-ascii-header", ok + b"Authorization: Basic \xff\xfe\r\n\r\n", False),
            (
                "brotli",
                post + b"Content-Encoding: br\r\nContent-Length: %d\r\n\r\n" % len(body) + body,
                False,
            ),
            (
                "short-body",
                post + b"Content-Length: %d\r\n\r\n" % (len(body) + 50) + body,
                True,
            ),
            (
                "short-chunks",
                post + b"Transfer-Encoding: chunked\r\n\r\n10\r\n" + body[:5],
                True,
            ),
            ("headers-only", b"POST /api/action HTTP/1.1\r\nHost: x\r\nkbn-", True),
        ]
        label, raw, truncated = rng.choice(choices)
        return Case(label, raw, "POST", framing=True, truncated=truncated)

    def next(self) -> Case:
        """The next request: mostly well-formed, one in eight malformed."""
        return self.malformed() if self.rng.random() < 0.125 else self.well_formed()


def build(
    method: str, target: str, headers: dict[str, str], body: bytes, *, chunked: bool = False
) -> bytes:
    """An HTTP/1.1 request as bytes; header values are sent as UTF-8."""
    lines = [f"{method} {target} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if chunked:
        lines.append("Transfer-Encoding: chunked")
        size = max(1, len(body) // 3)
        pieces = [body[i : i + size] for i in range(0, len(body), size)]
        payload = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
    else:
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        payload = body
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("utf-8", "surrogatepass") + payload


# --- talking to the server -----------------------------------------------------------------------


class Connection:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The open streams, connecting first if needed."""
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port, limit=2**22)
        return self.reader, self.writer

    async def close(self) -> None:
        """Close the connection (if open)."""
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def exchange(self, case: Case) -> Answer | None:
        """Send one request and read its answer; None when the server sends nothing."""
        reader, writer = await self.open()
        try:
            writer.write(case.raw)
            if case.truncated:
                writer.write_eof()
            await writer.drain()
            answer = await asyncio.wait_for(read_answer(reader, case.method), ANSWER_TIMEOUT)
        except (OSError, asyncio.IncompleteReadError):
            answer = None
        except TimeoutError:
            await self.close()
            return Answer(0, {}, b"no answer within %d s" % ANSWER_TIMEOUT, closed=True)
        if answer is None or answer.closed or case.framing or case.truncated:
            await self.close()
        return answer


async def read_answer(reader: asyncio.StreamReader, method: str) -> Answer | None:
    """One HTTP response from the stream, or None at EOF before a status line."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise
    lines = head.decode("latin-1").split("\r\n")
    version, status_text = lines[0].split(" ", 2)[:2]
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    status = int(status_text)
    body = b""
    if method != "HEAD" and status not in (204, 304):
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = await read_chunked(reader)
        else:
            body = await reader.read()
    connection = headers.get("connection", "").lower()
    closed = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
    return Answer(status, headers, body, closed)


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    """A chunked body."""
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


# --- the checks ----------------------------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def strict_json(body: bytes) -> Any:
    """JSON.parse: UTF-8, and no NaN or Infinity."""
    return json.loads(body.decode("utf-8"), parse_constant=_no_constants)


def problem_with(case: Case, answer: Answer | None) -> str | None:
    """What is wrong with an answer, or None."""
    if answer is None:
        if case.truncated or case.framing:
            return None
        return "no answer"
    if answer.status == 0 or answer.status >= 500:
        return f"status {answer.status}: {answer.body[:300]!r}"
    target = case.raw.split(b" ", 2)[1:2]
    control = bool(target) and target[0].startswith(b"/_fakekibana/")
    if "kbn-name" not in answer.headers and not control:
        # Only the HTTP parser answers without Kibana's headers: broken framing, a 400 that
        # closes the connection.
        if case.framing and answer.status == 400 and answer.closed:
            return None
        return f"status {answer.status} without kbn-name: {answer.body[:300]!r}"
    if case.method == "HEAD" or answer.status == 204:
        return None if not answer.body else f"body on {answer.status}/{case.method}"
    if not answer.headers.get("content-type", "").startswith("application/json"):
        return f"content-type {answer.headers.get('content-type')!r}"
    try:
        body = strict_json(answer.body)
    except ValueError as exc:
        return f"not JSON ({exc}): {answer.body[:200]!r}"
    if answer.status < 400:
        return None
    if not isinstance(body, dict):
        return f"error body is not an object: {answer.body[:200]!r}"
    keys = list(body)
    if keys not in (
        ["statusCode", "error", "message"],
        ["statusCode", "error", "message", "attributes"],
    ):
        return f"error keys {keys}"
    if body["statusCode"] != answer.status:
        return f"statusCode {body['statusCode']} on a {answer.status}"
    if body["error"] != messages.REASONS.get(answer.status):
        return f"reason {body['error']!r} on a {answer.status}"
    if not isinstance(body["message"], str):
        return f"message {body['message']!r}"
    return None


def state_hash(store: ConnectorStore, spaces: SpaceStore | None = None) -> str:
    """A hash of everything the stores keep, walked without recursion (bodies can be deep)."""
    digest = hashlib.blake2b(digest_size=16)
    roots: list[Any] = [
        {
            space: {cid: _connector(c) for cid, c in bucket.items()}
            for space, bucket in store.spaces.items()
        },
        store.indices,
        store.incidents,
        store.faults,
        # The spaces, their attributes in stored order (7.8 answers that order).
        [(key, list(value.items())) for key, value in spaces.spaces.items()] if spaces else None,
    ]
    stack: list[Any] = list(roots)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            digest.update(b"{%d" % len(item))
            for key in sorted(item, key=repr):
                digest.update(repr(key).encode("utf-8", "surrogatepass"))
                stack.append(item[key])
        elif isinstance(item, list | tuple):
            digest.update(b"[%d" % len(item))
            stack.extend(item)
        else:
            digest.update(repr(item).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _connector(connector: Any) -> list[Any]:
    fields = ("id", "action_type_id", "name", "config", "secrets")
    return [getattr(connector, field) for field in fields]


# --- a run ---------------------------------------------------------------------------------------


def fuzz_settings(security: bool, kibana_version: str = "7.8.0") -> Settings:
    """The Kibana under test: default settings, with users and an API key when secured."""
    if not security:
        return Settings(server_name="fakekibana-fuzz", kibana_version=kibana_version)
    return Settings(
        server_name="fakekibana-fuzz",
        kibana_version=kibana_version,
        users=tuple(parse_principal(u, "--user") for u in USERS),
        api_keys=tuple(parse_principal(k, "--api-key") for k in API_KEYS),
    )


@contextlib.asynccontextmanager
async def serving(app: web.Application) -> Any:
    """Serve an app on a free port of 127.0.0.1; yields the port."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0)
    await site.start()
    try:
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


async def fuzz(
    count: int,
    seed: int,
    security: bool,
    time_limit: float,
    *,
    control: bool = True,
    kibana_version: str = "7.8.0",
) -> Report:
    """Send `count` random requests (or fewer, if `time_limit` seconds pass) and check each."""
    mode = ("security on" if security else "security off") + (", control plane" if control else "")
    report = Report(f"{mode}, Kibana {kibana_version}")
    app = create_app(fuzz_settings(security, kibana_version))
    store = app[AREAS]["connectors"].store
    assert isinstance(store, ConnectorStore)
    spaces = app[AREAS]["spaces"].store
    assert isinstance(spaces, SpaceStore)
    routes = ROUTES if kibana_version.startswith("7.") else ROUTES_V8
    generator = Generator(random.Random(seed), security, control, routes)
    started = time.monotonic()
    async with serving(app) as port:
        connection = Connection(port)
        for index in range(count):
            if time.monotonic() - started > time_limit:
                break
            if index % RESET_EVERY == 0:
                store.reset()
                spaces.reset()
                generator.ids.clear()
            case = generator.next()
            before = state_hash(store, spaces)
            answer = await connection.exchange(case)
            report.tried += 1
            report.labels[case.label] += 1
            if answer is None:
                report.no_answer += 1
            else:
                report.statuses[answer.status] += 1
                generator.learn(answer)
            problem = problem_with(case, answer)
            refused = answer is None or answer.status >= 400
            if problem is None and refused and state_hash(store, spaces) != before:
                problem = "a refused request changed the stored state"
            if problem is not None:
                report.problems.append(
                    f"#{index} {case.label}: {problem}; request {case.raw[:300]!r}"
                )
        await connection.close()
        report.alive_at_end = await still_answers(port, security, routes is ROUTES_V8)
    report.seconds = time.monotonic() - started
    report.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


async def still_answers(port: int, security: bool, snake_case: bool = False) -> bool:
    """GET /api/status, then a create and a read of the created connector, all succeed."""
    headers = {"Host": "127.0.0.1", "kbn-xsrf": "true"}
    if security:
        headers["Authorization"] = "Basic " + base64.b64encode(b"elastic:changeme").decode()
    connection = Connection(port)
    try:
        status = await connection.exchange(
            Case("status", build("GET", "/api/status", headers, b""))
        )
        key, path = (
            ("connector_type_id", "/api/actions/connector")
            if snake_case
            else (
                "actionTypeId",
                "/api/action",
            )
        )
        body = json.dumps({"name": "alive", key: ".server-log"}).encode()
        post_headers = {**headers, "Content-Type": "application/json"}
        created = await connection.exchange(
            Case("create", build("POST", path, post_headers, body), "POST")
        )
        if status is None or status.status != 200 or created is None or created.status != 200:
            return False
        connector_id = strict_json(created.body)["id"]
        got = await connection.exchange(
            Case("get", build("GET", f"{path}/{connector_id}", headers, b""))
        )
        return (
            got is not None
            and got.status == 200
            and strict_json(got.body) == strict_json(created.body)
        )
    finally:
        await connection.close()


@contextlib.contextmanager
def quiet_parser_errors() -> Iterator[None]:
    """aiohttp logs every framing error with a traceback; the fuzzer makes thousands."""
    logger = logging.getLogger("aiohttp.server")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the fuzzer and print its figures; exit status 1 if anything was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="requests per mode")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--security", choices=["on", "off", "both"], default="both")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per mode")
    parser.add_argument(
        "--no-control", action="store_true", help="leave out the /_fakekibana/ endpoints"
    )
    parser.add_argument("--kibana-version", default="7.8.0", help="the release to fuzz")
    args = parser.parse_args(argv)
    modes = {"on": [True], "off": [False], "both": [False, True]}[args.security]
    failed = False
    with quiet_parser_errors():
        for security in modes:
            run = fuzz(
                args.count,
                args.seed,
                security,
                args.time_limit,
                control=not args.no_control,
                kibana_version=args.kibana_version,
            )
            report = asyncio.run(run)
            print(report.summary())
            for problem in report.problems[:20]:
                print("  PROBLEM", problem)
            failed = failed or bool(report.problems) or not report.alive_at_end
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
