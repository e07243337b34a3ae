"""The shape a stored case must have in a state document, checked before anything is imported.

The routes read stored cases, comments and user actions without re-checking them (the fake
wrote them itself), so a state document (PUT /_fakekibana/state, --state-file) holding a case
of another shape would break them with a 500 later. Each stored part is checked here against
the keys and JSON types the cases client writes (client.py, comments.py, user_actions.py,
push.py); a mismatch is a StateError naming the path, and nothing is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.cases import codecs
from fakekibana.core.persistence import StateError

Check = Callable[[Any, str], None]


def _kind(test: Callable[[Any], bool], what: str) -> Check:
    def check(value: Any, at: str) -> None:
        if not test(value):
            raise StateError(f"{at}: must be {what}")

    return check


def _nullable(inner: Check) -> Check:
    def check(value: Any, at: str) -> None:
        if value is not None:
            inner(value, at)

    return check


def _list_of(item: Check) -> Check:
    def check(value: Any, at: str) -> None:
        if not isinstance(value, list):
            raise StateError(f"{at}: must be a list")
        for index, element in enumerate(value):
            item(element, f"{at}[{index}]")

    return check


def _object(fields: dict[str, Check], exact: bool = True) -> Check:
    """An object with these keys (exactly, or at least them), each of its shape."""

    def check(value: Any, at: str) -> None:
        if not isinstance(value, dict):
            raise StateError(f"{at}: must be an object")
        if exact and set(value) != set(fields):
            raise StateError(f"{at}: needs exactly the keys {list(fields)}")
        missing = [key for key in fields if key not in value]
        if missing:
            raise StateError(f"{at}: needs the keys {missing}")
        for key, field in fields.items():
            field(value[key], f"{at}.{key}")

    return check


_STRING = _kind(lambda v: isinstance(v, str), "a string")
_TEXT = _nullable(_STRING)
_INTEGER = _kind(lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer")
_ANY_OBJECT = _kind(lambda v: isinstance(v, dict), "an object")
_ANY_LIST = _kind(lambda v: isinstance(v, list), "a list")
_ANYTHING: Check = lambda value, at: None  # noqa: E731 - a check that accepts every value

# view.user(): who a write records.
_USER = _object({"username": _TEXT, "full_name": _TEXT, "email": _TEXT}, exact=False)
_CONNECTOR = _object(
    {"id": _STRING, "type": _STRING, "fields": _nullable(_ANY_OBJECT), "name": _STRING}
)
_EXTERNAL_SERVICE = _object({"connector_id": _STRING}, exact=False)

# client.create's attributes, as every later write keeps them.
CASE_ATTRIBUTES = _object(
    {
        "title": _STRING,
        "description": _STRING,
        "tags": _list_of(_STRING),
        "owner": _STRING,
        "category": _TEXT,
        "customFields": _ANY_LIST,
        "assignees": _list_of(_object({"uid": _STRING}, exact=False)),
        "observables": _ANY_LIST,
        "connector": _CONNECTOR,
        "severity": _kind(lambda v: v in codecs.SEVERITIES, f"one of {list(codecs.SEVERITIES)}"),
        "status": _kind(lambda v: v in codecs.STATUSES, f"one of {list(codecs.STATUSES)}"),
        "settings": _ANY_OBJECT,
        "duration": _nullable(_INTEGER),
        "closed_at": _TEXT,
        "closed_by": _nullable(_USER),
        "created_at": _STRING,
        "created_by": _USER,
        "updated_at": _TEXT,
        "updated_by": _nullable(_USER),
        "external_service": _nullable(_EXTERNAL_SERVICE),
    }
)

# comments.add's attachment.
COMMENT = _object(
    {
        "id": _STRING,
        "version": _STRING,
        "attributes": _object(
            {
                "comment": _STRING,
                "type": _STRING,
                "owner": _STRING,
                "created_at": _STRING,
                "created_by": _USER,
                "pushed_at": _TEXT,
                "pushed_by": _nullable(_USER),
                "updated_at": _TEXT,
                "updated_by": _nullable(_USER),
            }
        ),
    }
)

_USER_ACTION = _object(
    {
        "id": _STRING,
        "version": _STRING,
        "created_at": _STRING,
        "created_by": _USER,
        "owner": _STRING,
        "action": _STRING,
        "payload": _ANY_OBJECT,
        "type": _STRING,
        "comment_id": _TEXT,
    }
)
# The payload parts user_actions.py re-shapes when it answers.
_PAYLOADS: dict[str, Check] = {
    "create_case": _object({"connector": _CONNECTOR}, exact=False),
    "connector": _object({"connector": _CONNECTOR}, exact=False),
    "pushed": _object({"externalService": _EXTERNAL_SERVICE}, exact=False),
}


def user_action(value: Any, at: str) -> None:
    """One stored user action, its payload as its type needs it."""
    _USER_ACTION(value, at)
    _PAYLOADS.get(value["type"], _ANYTHING)(value["payload"], at + ".payload")


def case(item: dict[str, Any], at: str) -> None:
    """A stored case's attributes, comments and user actions (its id and version are the
    store's own checks)."""
    CASE_ATTRIBUTES(item["attributes"], at + ".attributes")
    _list_of(COMMENT)(item["comments"], at + ".comments")
    _list_of(user_action)(item["user_actions"], at + ".user_actions")


# configure.py's stored configuration: what configure.answer reads (the optional groups
# customFields, templates and observableTypes may be absent).
CONFIGURATION_ATTRIBUTES = _object(
    {
        "connector": _CONNECTOR,
        "closure_type": _STRING,
        "owner": _STRING,
        "created_at": _STRING,
        "created_by": _USER,
        "updated_at": _TEXT,
        "updated_by": _nullable(_USER),
    },
    exact=False,
)


# --- 7.8 (cases/legacy/) ----------------------------------------------------------------------

# legacy client.create's attributes: the request, then transformNewCase's bookkeeping.
CASE_ATTRIBUTES_V7 = _object(
    {
        "title": _STRING,
        "description": _STRING,
        "tags": _list_of(_STRING),
        "closed_at": _TEXT,
        "closed_by": _nullable(_USER),
        "connector_id": _STRING,
        "created_at": _STRING,
        "created_by": _USER,
        "external_service": _nullable(_ANY_OBJECT),
        "status": _kind(lambda v: v in ("open", "closed"), "one of ['open', 'closed']"),
        "updated_at": _TEXT,
        "updated_by": _nullable(_USER),
    }
)
COMMENT_V7 = _object(
    {
        "id": _STRING,
        "version": _STRING,
        "attributes": _object(
            {
                "comment": _STRING,
                "created_at": _STRING,
                "created_by": _USER,
                "pushed_at": _TEXT,
                "pushed_by": _nullable(_USER),
                "updated_at": _TEXT,
                "updated_by": _nullable(_USER),
            }
        ),
    }
)
# legacy client.record's user action, as GET …/user_actions answers it.
USER_ACTION_V7 = _object(
    {
        "action_field": _list_of(_STRING),
        "action": _STRING,
        "action_at": _STRING,
        "action_by": _USER,
        "new_value": _TEXT,
        "old_value": _TEXT,
        "action_id": _STRING,
        "case_id": _STRING,
        "comment_id": _TEXT,
    }
)


def case_v7(item: dict[str, Any], at: str) -> None:
    """A stored 7.8 case's attributes, comments and user actions."""
    CASE_ATTRIBUTES_V7(item["attributes"], at + ".attributes")
    _list_of(COMMENT_V7)(item["comments"], at + ".comments")
    _list_of(USER_ACTION_V7)(item["user_actions"], at + ".user_actions")
