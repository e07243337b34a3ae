"""The model the cases state machine (tests/test_state_machine_cases.py) checks answers with:
connectors and the records their services hold, cases, comments, and their views as Kibana
8.19/9.x answers them (reference kibana-cases.md §3.2, §5.2)."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

from tests.kibana_lines import NOW

NULL_USER = {"username": None, "full_name": None, "email": None}
SN_URL = "https://example.service-now.com"
JIRA_URL = "https://example.atlassian.net"
# (connector create body, the case's connector fields) per type (§5.1).
KINDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    ".servicenow": (
        {
            "config": {"apiUrl": SN_URL, "usesTableApi": False},
            "secrets": {"username": "u", "password": "p"},
        },
        {"impact": "2", "severity": "1", "urgency": "3", "category": None, "subcategory": None},
    ),
    ".jira": (
        {
            "config": {"apiUrl": JIRA_URL, "projectKey": "CK"},
            "secrets": {"email": "e@example.com", "apiToken": "t"},
        },
        {"issueType": "10006", "priority": "High", "parent": None},
    ),
}
NO_CONNECTOR = {"id": "none", "type": ".none", "fields": None, "name": "none"}


def version_of(seq_no: int) -> str:
    """A saved object's version: base64 of `[_seq_no,1]` (§1)."""
    return base64.b64encode(json.dumps([seq_no, 1], separators=(",", ":")).encode()).decode()


@dataclasses.dataclass
class Connector:
    """A connector and the records its simulated service holds (external id -> title)."""

    id: str
    type: str
    name: str
    fault: bool = False
    records: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Comment:
    """A user comment as the model keeps it."""

    id: str
    text: str
    version: str
    pushed: bool = False


@dataclasses.dataclass
class Case:
    """A case as the model keeps it."""

    id: str
    title: str
    connector: dict[str, Any]
    version: str
    status: str = "open"
    touched: bool = False
    comments: list[Comment] = dataclasses.field(default_factory=list)
    external: dict[str, Any] | None = None
    # Connector id -> the external id of the record the pushes to it write.
    pushes: dict[str, str] = dataclasses.field(default_factory=dict)


def comment_view(comment: Comment) -> dict[str, Any]:
    """A user comment as answered (§5.2)."""
    pushed = NOW if comment.pushed else None
    return {
        "comment": comment.text,
        "type": "user",
        "owner": "cases",
        "created_at": NOW,
        "created_by": NULL_USER,
        "pushed_at": pushed,
        "pushed_by": NULL_USER if comment.pushed else None,
        "updated_at": None,
        "updated_by": None,
        "id": comment.id,
        "version": comment.version,
    }


def case_view(case: Case, total: int, comments: list[Comment] | None) -> dict[str, Any]:
    """The case as answered (§3.2), with `comments` when given; the clock never moves, so a
    closed case's duration is 0."""
    closed = case.status == "closed"
    view: dict[str, Any] = {
        "status": case.status,
        "owner": "cases",
        "description": "d",
        "tags": ["bench"],
        "title": case.title,
        "connector": case.connector,
        "severity": "low",
        "assignees": [],
        "category": None,
        "customFields": [],
        "settings": {"syncAlerts": False},
        "observables": [],
        "duration": 0 if closed else None,
        "closed_at": NOW if closed else None,
        "closed_by": NULL_USER if closed else None,
        "created_at": NOW,
        "created_by": NULL_USER,
        "external_service": case.external,
        "updated_at": NOW if case.touched else None,
        "updated_by": NULL_USER if case.touched else None,
        "id": case.id,
        "version": case.version,
        "totalComment": total,
        "totalAlerts": 0,
    }
    if comments is not None:
        view["comments"] = [comment_view(c) for c in comments]
    return view
