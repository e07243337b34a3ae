"""How a case and a comment are answered: CaseRt's decode order (reference §3.2, DERIVED).

Decoding exact io-ts codecs copies keys in input order but only those of one codec, and an
intersection merges its members one after another, so the answer is grouped by codec with
the stored order inside each group.
"""

from __future__ import annotations

from typing import Any

from fakekibana.core.security import Principal

# §3.2 group A, then group B (CaseRt @ 091543c5).
GROUP_A = frozenset(
    (
        "status",
        "owner",
        "description",
        "tags",
        "title",
        "connector",
        "severity",
        "assignees",
        "category",
        "customFields",
        "settings",
        "observables",
    )
)
GROUP_B = frozenset(
    (
        "duration",
        "closed_at",
        "closed_by",
        "created_at",
        "created_by",
        "external_service",
        "updated_at",
        "updated_by",
    )
)


def user(principal: Principal | None) -> dict[str, Any]:
    """The user a write records (§3.2): `username, full_name, email`; no `profile_uid` (no
    user profile for a request that never logged in interactively), all null with security
    off."""
    return {"username": principal.name if principal else None, "full_name": None, "email": None}


def connector(stored: dict[str, Any]) -> dict[str, Any]:
    """CaseConnectorRt's order: `{id} ∧ ({type, fields} ∧ {name})` (§3.2)."""
    return {
        "id": stored["id"],
        "type": stored["type"],
        "fields": stored["fields"],
        "name": stored["name"],
    }


def external_service(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """`connector_id` first (a reference re-appended on read), then the stored keys (§3.2)."""
    if stored is None:
        return None
    return {
        "connector_id": stored["connector_id"],
        **{key: value for key, value in stored.items() if key != "connector_id"},
    }


def case(
    document: dict[str, Any],
    total_comment: int,
    comments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The case answer: group A, group B, id, version, the totals, then `comments` if given."""
    attributes = document["attributes"]
    answer: dict[str, Any] = {}
    for group in (GROUP_A, GROUP_B):
        for key, value in attributes.items():
            if key in group:
                answer[key] = value
    answer["connector"] = connector(attributes["connector"])
    answer["external_service"] = external_service(attributes["external_service"])
    answer["id"] = document["id"]
    answer["version"] = document["version"]
    answer["totalComment"] = total_comment
    # Alerts are out of scope: no alert attachment is ever stored.
    answer["totalAlerts"] = 0
    if comments is not None:
        answer["comments"] = comments
    return answer


def comment(stored: dict[str, Any]) -> dict[str, Any]:
    """A user comment (§5.2, DERIVED from the attachment codec): its attributes, id, version."""
    return {**stored["attributes"], "id": stored["id"], "version": stored["version"]}
