"""Kibana's formatZodError: zod issues as the text after `error validating connector type config: `.

Source: elastic/kibana `x-pack/platform/plugins/shared/actions/server/lib/format_zod_error.ts`
@ 76136a3e, and its test @ 3ac3829e. The formatter does not read the issue list: it walks
ZodError.format()'s tree (colinhacks/zod `packages/zod/src/v3/ZodError.ts` @ 01c8a947), so:

* root issues (an unrecognized key of the top object) come first, then the fields, in the order
  their paths first appeared, with array indexes and numeric keys first, ascending (JavaScript's
  key order in the tree);
* a field's issues share one line, `Field "a.b": <message>, <message>`, and a field with issues of
  its own hides those of the fields under it;
* an invalid_union issue is never printed itself: every branch's issues are (zod v3 format()
  recurses into unionErrors);
* at most 5 lines, then `and N more`; one line alone has no `1 errors:` header;
* the field lookup is lodash's `get(node, `${field}._errors`, [])`, so a key with a dot or
  brackets is read as a deeper path: its issues are usually lost (possibly all of them:
  `0 errors:\n `).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from fakekibana.core.zod_js import js_keys, js_number
from fakekibana.core.zod_types import ZodIssue

MAX_ERRORS = 5
MAX_RECURSION = 20


class _Node:
    """One level of ZodError.format(): `_errors` and a sub-node per path key, in insertion order."""

    __slots__ = ("children", "errors")

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.children: dict[str, _Node] = {}


def format_zod_error(issues: Sequence[ZodIssue]) -> str:
    """The message Kibana's formatZodError gives for a ZodError holding these issues."""
    tree = _format_tree(issues)
    messages = list(tree.errors)
    _collect(tree, messages, "", 0)
    total = len(messages)
    extra = total - MAX_ERRORS
    if extra > 0:
        messages = [*messages[:MAX_ERRORS], f"and {extra} more"]
    if total == 1:
        return "; ".join(messages)
    numbered = ";\n ".join(f"[{index}]: {message}" for index, message in enumerate(messages, 1))
    return f"{total} errors:\n {numbered}"


def _format_tree(issues: Iterable[ZodIssue]) -> _Node:
    tree = _Node()

    def process(batch: Iterable[ZodIssue]) -> None:
        for issue in batch:
            if issue.code == "invalid_union":
                for branch in issue.union_errors:
                    process(branch)
                continue
            node = tree
            for element in issue.path:
                # A path element becomes a property key: a number as String() prints it.
                key = element if isinstance(element, str) else js_number(element)
                child = node.children.get(key)
                if child is None:
                    child = node.children[key] = _Node()
                node = child
            node.errors.append(issue.message)

    process(issues)
    return tree


def _collect(node: _Node, messages: list[str], prefix: str, level: int) -> None:
    # getErrors in format_zod_error.ts.
    for field in js_keys(node.children):
        field_errors = _lodash_get_errors(node, field)
        new_prefix = f"{prefix}.{field}" if prefix else field
        if level >= MAX_RECURSION:
            messages.append(
                f'Field "{new_prefix}...": Unable to parse ZodError - too many levels deep'
            )
            continue
        if not field_errors:
            # lodash's get(formatted, field) finds the key itself: it is one of the node's own.
            _collect(node.children[field], messages, new_prefix, level + 1)
        else:
            messages.append(f'Field "{new_prefix}": {", ".join(field_errors)}')


# lodash 4.17's stringToPath (`_stringToPath.js`): property names, [index] and ["quoted"] parts,
# and an empty name between two separators. ECMAScript's `$` is Python's `\Z` here.
_PROP_NAME = re.compile(
    r"""[^.\[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]"""
    r"""|(?=(?:\.|\[\])(?:\.|\[\]|\Z))"""
)
_ESCAPE_CHAR = re.compile(r"\\(\\)?")
_UNDEFINED = object()


def _string_to_path(text: str) -> list[str]:
    parts = [""] if text.startswith(".") else []
    for match in _PROP_NAME.finditer(text):
        number, quote, quoted = match.group(1), match.group(2), match.group(3)
        if quote:
            parts.append(_ESCAPE_CHAR.sub(lambda m: m.group(1) or "", quoted))
        else:
            parts.append(number or match.group(0))
    return parts


def _property(holder: Any, key: str) -> Any:
    if isinstance(holder, _Node):
        return holder.errors if key == "_errors" else holder.children.get(key, _UNDEFINED)
    if isinstance(holder, list):
        if key == "length":
            return len(holder)
        if key.isascii() and key.isdigit() and (key == "0" or key[0] != "0"):
            index = int(key)
            return holder[index] if index < len(holder) else _UNDEFINED
    return _UNDEFINED


def _lodash_get_errors(node: _Node, field: str) -> list[str]:
    """lodash's get(node, `${field}._errors`, []): a path, unless the node has that exact key."""
    path = f"{field}._errors"
    if path in node.children:
        value: Any = node.children[path]
    else:
        value = node
        for part in _string_to_path(path):
            value = _property(value, part)
            if value is _UNDEFINED:
                break
    return value if isinstance(value, list) else []
