"""Saved objects authorization with security on: who may do what, Kibana's 403, and redaction.

Kibana checks saved-object privileges in the saved objects client, not on the routes: 8.x/9.x in
the security extension (x-pack/platform/plugins/shared/security/server/saved_objects/
saved_objects_security_extension.ts @ 009ae43c), 7.8 in the SecureSavedObjectsClientWrapper
(the 7.7 build's secure_saved_objects_client_wrapper.js, soipachara43/NetworkTrafficAnalysis
@ 2ffd9cf1). A refusal is a decorated Forbidden: 403 `Unable to <action> <types>`.

fakekibana's roles (core/security.py) stand for Kibana base privileges, so they grant an action
on every type alike (DERIVED: base privileges cover every registered type):
- `superuser`: every action, every space (globally authorized: nothing is redacted);
- `read`: the read actions (get, bulk_get, find, open_point_in_time) in every space (globally);
- `all@S`: every action, in space S only; `read@S`: the read actions, in S only;
- `none`: nothing anywhere.
Writes (create, bulk_create, update, bulk_update, delete, bulk_delete, share_to_space) need
`all`. A request without a principal (security off) is never checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fakekibana.core.errors import Forbidden
from fakekibana.core.security import Principal
from fakekibana.saved_objects import messages
from fakekibana.saved_objects.store import ALL_SPACES

READ_ACTIONS = frozenset(("get", "bulk_get", "find", "open_point_in_time"))
# What a namespace the user may not see is redacted to (the security plugin's UNKNOWN_SPACE).
UNKNOWN_SPACE = "?"


def may(principal: Principal | None, action: str, space: str) -> bool:
    """Whether the principal may do `action` in `space` (`*`: in every space, globally)."""
    if principal is None:
        return True
    return principal.may(space, "read" if action in READ_ACTIONS else "all")


def ensure(
    principal: Principal | None, action: str, types: Iterable[str], spaces: Iterable[str]
) -> None:
    """403 `Unable to <action> <types>` unless the action is authorized for every type in every
    one of the spaces (enforceAuthorization: a type is refused if one of its spaces is)."""
    if principal is None:
        return
    wanted = list(dict.fromkeys(types))
    if wanted and not all(may(principal, action, space) for space in set(spaces)):
        raise Forbidden(messages.unable(action, wanted))


def ensure_each(
    principal: Principal | None, action: str, space: str, items: Iterable[tuple[str, list[str]]]
) -> None:
    """ensure for bulk items, each (type, its own spaces): a type is checked in the request's
    space and the spaces its items name (the security extension's enforce map)."""
    if principal is None:
        return
    spaces: dict[str, set[str]] = {}
    for so_type, own in items:
        spaces.setdefault(so_type, {space}).update(own)
    refused = [
        t for t, where in spaces.items() if not all(may(principal, action, s) for s in where)
    ]
    if refused:
        raise Forbidden(messages.unable(action, refused))


def readable(principal: Principal | None, spaces: list[str]) -> list[str]:
    """find's spaces narrowed to those the principal may search (8.x/9.x partial
    authorization). `*` stays for a global reader and becomes the role's own space otherwise
    (the spaces extension turns `*` into the searchable spaces)."""
    if principal is None or may(principal, "find", ALL_SPACES):
        return spaces
    kept: list[str] = []
    for space in spaces:
        if space == ALL_SPACES:
            own = principal.role.partition("@")[2]
            if own and may(principal, "find", own):
                kept.append(own)
        elif may(principal, "find", space):
            kept.append(space)
    return list(dict.fromkeys(kept))


def redact(principal: Principal | None, namespaces: list[str]) -> list[str]:
    """redactNamespaces: the spaces a user may not log into become `?`; unless the user is
    globally authorized, the list is sorted case-insensitively with the `?`s last."""
    if principal is None or not namespaces or may(principal, "get", ALL_SPACES):
        return namespaces
    shown = [
        space if space == ALL_SPACES or may(principal, "get", space) else UNKNOWN_SPACE
        for space in namespaces
    ]
    return sorted(shown, key=lambda space: (space == UNKNOWN_SPACE, space.upper()))


def redact_view(principal: Principal | None, view: Any) -> Any:
    """An object's answer with its `namespaces` redacted (8.x/9.x answers only carry them)."""
    if principal is not None and isinstance(view, dict) and "namespaces" in view:
        return {**view, "namespaces": redact(principal, view["namespaces"])}
    return view


def redact_answer(principal: Principal | None, answer: Any) -> Any:
    """Every object of a single, `saved_objects` or `resolved_objects` answer redacted."""
    if principal is None or not isinstance(answer, dict):
        return answer
    if isinstance(answer.get("saved_objects"), list):
        return {
            **answer,
            "saved_objects": [redact_view(principal, o) for o in answer["saved_objects"]],
        }
    if isinstance(answer.get("resolved_objects"), list):
        return {
            **answer,
            "resolved_objects": [
                {**item, "saved_object": redact_view(principal, item["saved_object"])}
                for item in answer["resolved_objects"]
            ],
        }
    if isinstance(answer.get("saved_object"), dict):
        return {**answer, "saved_object": redact_view(principal, answer["saved_object"])}
    return redact_view(principal, answer)


def check_export(
    principal: Principal | None, v8: bool, space: str, types: list[str], objects: list[Any]
) -> None:
    """_export's reads: by objects a bulk_get of their types; by types 7.8's find of the types
    and 8.x/9.x's point in time, which refuses a user who may find nothing there with a bare
    `unauthorized` (authorizeOpenPointInTime; the exporter's finder rethrows it)."""
    if principal is None:
        return
    if objects:
        ensure(principal, "bulk_get", [item["type"] for item in objects], [space])
    elif not v8:
        ensure(principal, "find", types, [space])
    elif not may(principal, "open_point_in_time", space):
        raise Forbidden(messages.EXPORT_UNAUTHORIZED)
