"""JSON.parse as V8 (Node 20+) words its failures, for the types that parse a body string.

A close reading for the common failures only: a truncated text is 'Unexpected end of JSON
input'; otherwise 'Unexpected token '<c>', "<text>" is not valid JSON' naming the character
Python's parser stops at (V8 shortens long texts with '...': not reproduced).
"""

from __future__ import annotations

import json
from typing import Any


class JSONParseError(ValueError):
    """JSON.parse's SyntaxError; str() is its message."""


def parse(text: str) -> Any:
    """The parsed value, or JSONParseError with V8's message."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()):
            raise JSONParseError("Unexpected end of JSON input") from None
        token = text[err.pos]
        raise JSONParseError(f"Unexpected token '{token}', \"{text}\" is not valid JSON") from None
