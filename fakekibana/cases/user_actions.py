"""User actions of a case (8.19 / 9.x): what each write records, `_find`, and 8.19's get-all.

Recorded as the user-action builders write them (server/services/user_actions/
abstract_builder.ts @ 322082c8, builders/create_case.ts @ 1d0edc2e): `created_at, created_by,
owner, action, payload, type`, and the comment id of comment actions; read back as
transform.ts @ 180656dd does (`comment_id` added, the connector id put back into the payload).
Answers are decoded as the io-ts codecs order them (domain/user_action/v1.ts @ 0651d60f,
reference kibana-cases.md §3.2's grouping rule, DERIVED): the type's own codec (`payload, type`
in stored order; create_case is `{type} ∧ {payload}`, so `type` first), then `created_at,
created_by, owner, action`, then `comment_id`, then `id, version`. The deprecated get-all
(8.19) ends with `action_id, case_id, comment_id` and has no `id`/`version`.

Simplifications: a user action's `version` is the index's `_seq_no` when it was written, but
writing it does not advance `_seq_no` (so case and comment versions read as before user
actions were kept); actions written in the same millisecond are listed in write order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.cases import codecs, messages, view
from fakekibana.cases import decode as rt
from fakekibana.cases.find import number_from_string
from fakekibana.cases.store import Case, CaseStore, encode_version
from fakekibana.core.errors import BadRequest
from fakekibana.core.store import Shared, iso

# UserActionTypes (domain/user_action/action/v1.ts) and the find route's extra filters
# `action`, `alert`, `user`, `attachment` (api/user_action/v1.ts @ 049054f6).
TYPES = (
    "assignees",
    "comment",
    "connector",
    "description",
    "pushed",
    "tags",
    "title",
    "status",
    "settings",
    "severity",
    "create_case",
    "delete_case",
    "category",
    "customFields",
    "observables",
)
FIND_TYPES = (*TYPES, "action", "alert", "user", "attachment")
# MAX_USER_ACTIONS_PER_PAGE (common/constants).
MAX_PER_PAGE = 100
# UserActionFindRequestRt as §2.2 lists it: types, sortOrder, page, perPage.
FIND = rt.strict(
    {
        "types": rt.union(rt.array(rt.keyof(*FIND_TYPES)), rt.keyof(*FIND_TYPES)),
        "sortOrder": rt.keyof("desc", "asc"),
        "page": number_from_string,
        "perPage": number_from_string,
    },
    optional=True,
)
# Case attributes a PATCH records one action for (isUserActionType), arrays as add/delete.
_ADD_DELETE = ("tags", "assignees")
_FIELDS = frozenset(
    ("title", "description", "status", "severity", "settings", "connector", "category")
)


def record(
    store: CaseStore,
    shared: Shared,
    document: Case,
    action: str,
    kind: str,
    *,
    payload: dict[str, Any],
    by: dict[str, Any],
    comment_id: str | None = None,
) -> None:
    """Append one user action in its stored order (abstract_builder.ts)."""
    document["user_actions"].append(
        {
            "id": shared.ids.new(),
            "version": encode_version(store.seq),
            "created_at": iso(shared.clock.now()),
            "created_by": by,
            "owner": document["attributes"]["owner"],
            "action": action,
            "payload": payload,
            "type": kind,
            "comment_id": comment_id,
        }
    )


def update_payloads(
    before: dict[str, Any], changed: dict[str, Any]
) -> list[tuple[str, str, dict[str, Any]]]:
    """(action, type, payload) of each changed field, in request order: arrays as the added
    items then the removed ones, other fields as their new value (builders/*.ts; DERIVED)."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    for key, value in changed.items():
        if key in _ADD_DELETE:
            old = before.get(key) or []
            added = [item for item in value if item not in old]
            removed = [item for item in old if item not in value]
            if added:
                found.append(("add", key, {key: added}))
            if removed:
                found.append(("delete", key, {key: removed}))
        elif key == "customFields":
            updated = [item for item in value if item not in (before.get(key) or [])]
            found.append(("update", key, {key: updated}))
        elif key in _FIELDS:
            found.append(("update", key, {key: value}))
    return found


# CreateCaseUserActionRt's payload: {connector} ∧ ({assignees, description, status, severity,
# tags, title, settings, owner} ∧ {category?, customFields?}) (create_case/v1.ts @ 7eb34266).
_CREATE_GROUPS = (
    ("connector",),
    ("assignees", "description", "status", "severity", "tags", "title", "settings", "owner"),
    ("category", "customFields"),
)


def _payload(stored: dict[str, Any]) -> dict[str, Any]:
    """The payload as transform.ts and the payload codecs give it back."""
    payload = stored["payload"]
    if stored["type"] == "create_case":
        grouped = {key: value for key, value in payload.items() if key in _CREATE_GROUPS[0]}
        for group in _CREATE_GROUPS[1:]:
            grouped.update({key: value for key, value in payload.items() if key in group})
        grouped["connector"] = view.connector(payload["connector"])
        return grouped
    if stored["type"] == "connector":
        return {
            "connector": view.connector(payload["connector"]),
            **{key: value for key, value in payload.items() if key != "connector"},
        }
    if stored["type"] == "pushed":
        return {"externalService": view.external_service(payload["externalService"])}
    return dict(payload)


def _own_group(stored: dict[str, Any]) -> dict[str, Any]:
    payload = _payload(stored)
    if stored["type"] == "create_case":
        return {"type": stored["type"], "payload": payload}
    return {"payload": payload, "type": stored["type"]}


def _common(stored: dict[str, Any]) -> dict[str, Any]:
    return {key: stored[key] for key in ("created_at", "created_by", "owner", "action")}


def answer(stored: dict[str, Any]) -> dict[str, Any]:
    """One user action as `_find` answers it."""
    return {
        **_own_group(stored),
        **_common(stored),
        "comment_id": stored["comment_id"],
        "id": stored["id"],
        "version": stored["version"],
    }


def legacy_answer(stored: dict[str, Any], case_id: str) -> dict[str, Any]:
    """One user action as the deprecated get-all answers it (CaseUserActionDeprecatedResponseRt)."""
    return {
        **_own_group(stored),
        **_common(stored),
        "action_id": stored["id"],
        "case_id": case_id,
        "comment_id": stored["comment_id"],
    }


def _comment_type(stored: dict[str, Any]) -> str | None:
    comment = stored["payload"].get("comment") if stored["type"] == "comment" else None
    kind = comment.get("type") if isinstance(comment, dict) else None
    return kind if isinstance(kind, str) else None


def _wanted(stored: dict[str, Any], kind: str) -> bool:
    """UserActionFinder.buildFilterType (operations/find.ts @ 0333d9f8)."""
    comment_type = _comment_type(stored)
    if kind == "action":
        return comment_type != "user"
    if kind == "user":
        return comment_type == "user" and stored["action"] == "create"
    if kind == "alert":
        return comment_type == "alert"
    if kind == "attachment":
        return comment_type in ("persistableState", "externalReference")
    return bool(stored["type"] == kind)


def find(load: Callable[[], Case], query: Any) -> dict[str, Any]:
    """GET /api/cases/{case_id}/user_actions/_find: the query (400), then the case (404); by
    created_at, ascending by default, pages of 20 (UserActionFinder.find); the answer as
    find.ts builds it."""
    decoded = rt.decode_or_throw(FIND, query)
    page, per_page = decoded.get("page", 1), decoded.get("perPage", 20)
    if per_page > MAX_PER_PAGE:
        raise BadRequest(messages.per_page_too_high(MAX_PER_PAGE))
    if page * per_page > codecs.MAX_DOCS_PER_PAGE:
        raise BadRequest(messages.TOO_MANY_DOCUMENTS)
    document = load()
    kinds = decoded.get("types", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    actions = [
        stored
        for stored in document["user_actions"]
        if not kinds or any(_wanted(stored, kind) for kind in kinds)
    ]
    actions.sort(key=lambda stored: str(stored["created_at"]))
    if decoded.get("sortOrder", "asc") == "desc":
        actions.reverse()
    start = (page - 1) * per_page
    return {
        "userActions": [answer(stored) for stored in actions[start : start + per_page]],
        "page": page,
        "perPage": per_page,
        "total": len(actions),
    }


def get_all(document: Case) -> list[dict[str, Any]]:
    """GET /api/cases/{case_id}/user_actions (8.19, deprecated): every user action, oldest
    first (userActionService.getAll), in the deprecated shape."""
    ordered = sorted(document["user_actions"], key=lambda stored: str(stored["created_at"]))
    return [legacy_answer(stored, document["id"]) for stored in ordered]
