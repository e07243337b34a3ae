"""How 7.8 answers a case, a comment and a user (reference kibana-cases.md §3.1).

Responses are the in-memory objects, unchanged by io-ts `encode`: flattenCaseSavedObject
writes `id, version, comments, totalComment`, then the attributes, then `connector_id`
(which keeps its attribute position when the case has one: JavaScript's spread).
"""

from __future__ import annotations

import copy
import json
import math
from typing import Any

from fakekibana.core.errors import BadRequest
from fakekibana.core.security import Principal

NO_CONNECTOR = "none"


def user(principal: Principal | None) -> dict[str, Any]:
    """A user as transformNewCase, PATCH cases and user actions write it: `email,
    full_name, username`; all null with security off, and the fake knows no user's full name
    or email (the `elastic` superuser has neither)."""
    return {"email": None, "full_name": None, "username": principal.name if principal else None}


def pusher(principal: Principal | None) -> dict[str, Any]:
    """The same user as push, POST comment and the case update of PATCH comment write it:
    `username, full_name, email` (§3.1)."""
    return {"username": principal.name if principal else None, "full_name": None, "email": None}


def case(
    document: dict[str, Any],
    attributes: dict[str, Any] | None = None,
    comments: list[dict[str, Any]] | None = None,
    configured: str = NO_CONNECTOR,
) -> dict[str, Any]:
    """flattenCaseSavedObject: `totalComment` is 0 outside _find (§3.1)."""
    attributes = document["attributes"] if attributes is None else attributes
    own = attributes.get("connector_id")
    return {
        "id": document["id"],
        "version": document["version"],
        "comments": comments or [],
        "totalComment": 0,
        **copy.deepcopy(attributes),
        "connector_id": configured if own is None else own,
    }


def comment(stored: dict[str, Any], attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    """flattenCommentSavedObject: `id, version`, then the attributes."""
    attributes = stored["attributes"] if attributes is None else attributes
    return {"id": stored["id"], "version": stored["version"], **copy.deepcopy(attributes)}


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def include_comments(text: str) -> bool:
    """get_case.ts: `JSON.parse(request.query.includeComments)`, then JavaScript truthiness.

    A text JSON.parse refuses makes Kibana throw a SyntaxError, which wrapError answers as a
    500 (reference §2.1, DERIVED). The fake answers 400 with V8's wording instead (a bad query
    is a 4xx here); the exact position V8 names is UNCONFIRMED.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as failure:
        if failure.pos >= len(text):
            raise BadRequest("Unexpected end of JSON input") from None
        token = text[failure.pos]
        raise BadRequest(f"Unexpected token {token} in JSON at position {failure.pos}") from None
    except ValueError:
        raise BadRequest(f"Unexpected token {text.strip()[0]} in JSON at position 0") from None
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True
