"""What the AI connector simulations share: reading prompts and counting tokens.

Every AI type (.gen-ai, .bedrock, .gemini, .inference) answers "fakekibana: <last user
message>": the text of the last message whose role is "user" (a string content, or the
concatenated text parts of a list content); without one, the text of the last message.
Tokens are counted as one per four characters, rounded up (_common.tokens): the prompt's over
every message's text, the completion's over the answer.
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.stack import _jsjson
from fakekibana.connectors.stack._common import tokens

PREFIX = "fakekibana: "


def text_of(content: Any) -> str:
    """A message content's text: the string, or the text parts of a list joined."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [part.get("text", "") for part in content if isinstance(part, dict)]
        return "".join(str(part) for part in parts)
    return ""


def answer(messages: list[dict[str, Any]], content_key: str = "content") -> str:
    """'fakekibana: ' + the last user message's text."""
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    chosen = users[-1] if users else (messages[-1] if messages else {})
    return PREFIX + text_of(chosen.get(content_key) if isinstance(chosen, dict) else "")


def prompt_tokens(messages: list[dict[str, Any]], content_key: str = "content") -> int:
    """The prompt's token count, over every message's text."""
    return sum(tokens(text_of(m.get(content_key))) for m in messages if isinstance(m, dict))


def parse_body(body: Any) -> dict[str, Any]:
    """A run body: a JSON string (JSON.parse's error if not) or an object."""
    value = _jsjson.parse(body) if isinstance(body, str) else body
    return value if isinstance(value, dict) else {}
