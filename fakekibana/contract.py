"""Response contract checks for strict mode (filled in by the response-schema work)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.validation import SchemaSet


def make_response_checker(schemas: SchemaSet) -> Callable[[str | None, int, Any], None]:
    """A checker that will validate answers against schemas/actions/*.response.json."""
    del schemas

    def check(route: str | None, status: int, body: Any) -> None:
        del route, status, body

    return check
