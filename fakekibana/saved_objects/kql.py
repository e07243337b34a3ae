"""The subset of KQL the fake evaluates in _find's `filter`, checked as Kibana checks its keys.

Supported: `<type>.attributes.<field>: <value>` and `<type>.<root field>: <value>`, values bare
(one or more words, `*` wildcards) or "quoted", `field: *` (exists), AND, OR, NOT (keywords in
any case) and parentheses. Kibana also accepts ranges (`<`, `>=`), nested `{}` queries,
value lists `field:(a or b)` and field-less values; for these the fake answers a 400 that
names what it does not support rather than a wrong page. Key checks and their texts are
filter_utils' (reference kibana-saved-objects-spaces.md §2.5); matching approximates
Elasticsearch's `match` on analysed text: a bare word matches a word of the value, case
aside; a quoted value matches the words in sequence (DERIVED).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any

from fakekibana.core.errors import BadRequest
from fakekibana.saved_objects import messages
from fakekibana.saved_objects.store import SavedObject

# Root fields of every saved object's mapping, which `<type>.<field>` may name.
ROOT_FIELDS = frozenset(
    ("type", "namespaces", "updated_at", "created_at", "originId", "managed", "references")
)
_TOKEN = re.compile(r'\s*(?:(?P<punct>[():])|"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<word>[^\s():"]+))')
_WORD = re.compile(r"\w+")
_KEYWORDS = ("and", "or", "not")

Matcher = Callable[[SavedObject], bool]


@dataclasses.dataclass(frozen=True)
class _Tok:
    kind: str  # "punct", "quoted", "word", "end"
    text: str
    at: int


def _tokens(text: str) -> list[_Tok]:
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise BadRequest(messages.kql_syntax(f"unexpected {text[position]!r} at {position}"))
        kind = match.lastgroup or "word"
        value = match.group(kind)
        if kind == "word" and any(mark in value for mark in "<>{}"):
            raise BadRequest(messages.kql_unsupported("ranges and nested queries"))
        if kind == "quoted":
            value = re.sub(r"\\(.)", r"\1", value)
        tokens.append(_Tok(kind, value, match.start(kind)))
        position = match.end()
    tokens.append(_Tok("end", "", len(text)))
    return tokens


def _words(value: Any) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [word for item in value for word in _words(item)]
    if isinstance(value, dict) or value is None:
        return []
    return _WORD.findall(str(value).lower())


def _lookup(obj: SavedObject, path: Sequence[str], root: bool) -> Any:
    if root:
        return {
            "type": obj.type,
            "namespaces": obj.namespaces,
            "updated_at": obj.updated_at,
            "created_at": obj.created_at,
            "originId": obj.origin_id,
            "managed": obj.managed,
        }.get(path[0])
    value: Any = obj.attributes
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _matches(value: Any, wanted: str, quoted: bool) -> bool:
    if value is None:
        return False
    if not quoted and wanted == "*":
        return True
    have = _words(value)
    if quoted:
        phrase = _WORD.findall(wanted.lower())
        size = len(phrase)
        return any(have[i : i + size] == phrase for i in range(len(have) - size + 1))
    for word in wanted.lower().split():
        if "*" in word:
            pattern = re.compile(".*".join(map(re.escape, word.split("*"))))
            if any(pattern.fullmatch(item) for item in have):
                return True
        elif any(part in have for part in _WORD.findall(word)):
            return True
    return False


class _Parser:
    def __init__(self, text: str, types: Sequence[str]) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.types = types
        self.errors: list[str] = []

    def peek(self) -> _Tok:
        return self.tokens[self.index]

    def keyword(self, name: str) -> bool:
        token = self.peek()
        if token.kind == "word" and token.text.lower() == name:
            self.index += 1
            return True
        return False

    def fail(self, token: _Tok) -> BadRequest:
        found = "end of input" if token.kind == "end" else repr(token.text)
        return BadRequest(messages.kql_syntax(f"unexpected {found} at {token.at}"))

    def parse(self) -> Matcher:
        matcher = self.either()
        if self.peek().kind != "end":
            raise self.fail(self.peek())
        return matcher

    def either(self) -> Matcher:
        parts = [self.both()]
        while self.keyword("or"):
            parts.append(self.both())
        return parts[0] if len(parts) == 1 else lambda obj: any(part(obj) for part in parts)

    def both(self) -> Matcher:
        parts = [self.negation()]
        while self.keyword("and"):
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else lambda obj: all(part(obj) for part in parts)

    def negation(self) -> Matcher:
        if self.keyword("not"):
            inner = self.negation()
            return lambda obj: not inner(obj)
        return self.primary()

    def primary(self) -> Matcher:
        token = self.peek()
        if token.kind == "punct" and token.text == "(":
            self.index += 1
            inner = self.either()
            closing = self.peek()
            if closing.kind != "punct" or closing.text != ")":
                raise self.fail(closing)
            self.index += 1
            return inner
        if token.kind != "word" or token.text.lower() in _KEYWORDS:
            raise self.fail(token)
        self.index += 1
        if self.peek().kind != "punct" or self.peek().text != ":":
            raise BadRequest(messages.kql_unsupported("a value without a field"))
        self.index += 1
        return self.comparison(token.text)

    def comparison(self, key: str) -> Matcher:
        token = self.peek()
        if token.kind == "punct" and token.text == "(":
            raise BadRequest(messages.kql_unsupported("value lists"))
        if token.kind == "quoted":
            self.index += 1
            value, quoted = token.text, True
        elif token.kind == "word" and token.text.lower() not in _KEYWORDS:
            words = []
            while self.peek().kind == "word" and self.peek().text.lower() not in _KEYWORDS:
                words.append(self.peek().text)
                self.index += 1
            value, quoted = " ".join(words), False
        else:
            raise self.fail(token)
        so_type, path, root = self.check_key(key)
        return lambda obj: obj.type == so_type and _matches(_lookup(obj, path, root), value, quoted)

    def check_key(self, key: str) -> tuple[str, list[str], bool]:
        """filter_utils' hasFilterKeyError, in its order; errors are gathered, not raised."""
        parts = key.split(".")
        if len(parts) == 1:
            self.errors.append(messages.filter_needs_type(key, self.types))
        elif parts[0] not in self.types:
            self.errors.append(messages.filter_not_allowed_type(parts[0]))
        elif len(parts) == 2 and parts[1] in ROOT_FIELDS:
            return parts[0], parts[1:], True
        elif len(parts) == 2 or parts[1] != "attributes":
            self.errors.append(messages.filter_not_attributes(key))
        else:
            return parts[0], parts[2:], False
        return "", [], False


def compile_filter(text: str, types: Sequence[str]) -> Matcher:
    """A predicate over saved objects for a KQL filter on these (allowed) types; BadRequest
    for syntax, for the keys filter_utils refuses (all their texts, one per line) and for
    KQL the fake does not evaluate."""
    parser = _Parser(text, types)
    matcher = parser.parse()
    if parser.errors:
        raise BadRequest(messages.bad_request("\n".join(parser.errors)))
    return matcher
