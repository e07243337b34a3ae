"""Pushing a case to an external system (8.19 / 9.x): Kibana runs the connector.

server/client/cases/push.ts @ 0a37fa1c and utils.ts `createIncident` (reference
kibana-cases.md §7.2). The connector comes from the URL; the case's own `connector` gives only
its `fields`. A failed run is a 424 and changes nothing; a closed case may be pushed (PR
#198146, 8.17+). The actions client is the connectors area's, reached through the public
methods below. When the owner's configuration closes by pushing, a push of a case that is not
closed closes it (shouldCloseByPush) and records a status user action before the pushed one.
"""

from __future__ import annotations

from typing import Any, Protocol

from fakekibana.cases import messages, view
from fakekibana.cases.client import CasesClient, FailedDependency
from fakekibana.cases.store import Case
from fakekibana.core.errors import KibanaError, NotFound
from fakekibana.core.security import Principal


class Connectors(Protocol):
    """What the push needs of the actions client (connectors' ConnectorsClient)."""

    def get_connector(self, space: str, connector_id: str) -> dict[str, Any]:
        """The connector as GET /api/actions/connector/{id} answers it."""

    def run_connector(
        self, space: str, connector_id: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        """The executor's internal result (camelCase keys)."""

    def get_all_connectors(self, space: str) -> list[dict[str, Any]]:
        """The connectors as GET /api/actions/connectors lists them (snake_case), by name."""

    def feature_ids(self, connector_type: Any) -> list[str]:
        """The type's supported feature ids in this release."""

    def license_valid_for(self, connector_type: Any) -> bool:
        """Whether the licence enables the type."""

    @property
    def types(self) -> dict[str, Any]:
        """The registered connector types by id."""


def _added_by(document: Case) -> str:
    """translations.ts: full_name, else username, of updated_by (else created_by), else
    'Unknown' (§7.2)."""
    attributes = document["attributes"]
    user = attributes["updated_by"] or attributes["created_by"] or {}
    return user.get("full_name") or user.get("username") or "Unknown"


def _with_author(text: str, name: str) -> str:
    """`<text>\\n\\nAdded by <name>.` (no Case URL: server.publicBaseUrl is not set)."""
    return f"{text}\n\nAdded by {name}."


def _fields(document: Case, connector_type: str) -> dict[str, Any]:
    """The mapped title and description, then the type's fields (§7.2)."""
    attributes = document["attributes"]
    fields = attributes["connector"].get("fields") or {}
    description = _with_author(attributes["description"], _added_by(document))
    if connector_type == ".jira":
        # jira/format.ts @ 027ff216: priority, labels (whitespace runs as '-'), issueType, parent.
        return {
            "summary": attributes["title"],
            "description": description,
            "priority": fields.get("priority"),
            "labels": ["-".join(tag.split()) for tag in attributes["tags"]],
            "issueType": fields.get("issueType"),
            "parent": fields.get("parent"),
        }
    # ServiceNow ITSM: itsm_mapping.ts @ 950d42fd, itsm_format.ts @ aa6f9a64.
    return {
        "short_description": attributes["title"],
        "description": description,
        "severity": fields.get("severity"),
        "urgency": fields.get("urgency"),
        "impact": fields.get("impact"),
        "category": fields.get("category"),
        "subcategory": fields.get("subcategory"),
        "correlation_id": document["id"],
        "correlation_display": "Elastic Case",
    }


def _last_push(document: Case, connector_id: str) -> dict[str, Any] | None:
    """The latest push of this case to this connector (from its `pushed` user actions)."""
    pushes = [
        action["payload"]["externalService"]
        for action in document["user_actions"]
        if action["type"] == "pushed"
        and action["payload"]["externalService"]["connector_id"] == connector_id
    ]
    return pushes[-1] if pushes else None


def push(
    cases: CasesClient,
    space: str,
    case_id: str,
    connector_id: str,
    principal: Principal | None,
) -> dict[str, Any]:
    """POST /api/cases/{case_id}/connector/{connector_id}/_push."""
    connectors = cases.connectors
    document = cases.found(space, case_id)
    try:
        connector = connectors.get_connector(space, connector_id)
    except KibanaError:
        # §4.2 (DERIVED): the actions client's saved-object 404.
        raise NotFound(messages.saved_object_not_found("action", connector_id)) from None
    cases.authorize(principal, space, [document["attributes"]["owner"]], "push case")
    last = _last_push(document, connector_id)
    name = _added_by(document)
    since = last["pushed_at"] if last else None
    comments = [
        {"comment": _with_author(c["attributes"]["comment"], name), "commentId": c["id"]}
        for c in document["comments"]
        if since is None
        or c["attributes"]["created_at"] > since
        or (c["attributes"]["updated_at"] or "") > since
    ]
    incident = {
        **_fields(document, connector["connector_type_id"]),
        "externalId": last["external_id"] if last else None,
    }
    params = {
        "subAction": "pushToService",
        "subActionParams": {"incident": incident, "comments": comments},
    }
    result = connectors.run_connector(space, connector_id, params)
    if result.get("status") == "error":
        raise FailedDependency(
            result.get("serviceMessage") or result.get("message") or messages.PUSH_FAILED
        )
    data = result["data"]
    by, now = view.user(principal), cases.now()
    # Stored without connector_id in Kibana (a reference, re-appended on read first, §3.2).
    external = {
        "connector_id": connector_id,
        "pushed_at": now,
        "pushed_by": by,
        "connector_name": connector["name"],
        "external_id": data["id"],
        "external_title": data["title"],
        "external_url": data["url"],
    }
    attributes = document["attributes"]
    closes = attributes["status"] != "closed" and cases.configure.closes_by_pushing(
        space, attributes["owner"]
    )
    if closes:
        cases.close(document, by, now)
    attributes["external_service"] = external
    attributes["updated_at"] = now
    attributes["updated_by"] = by
    for comment in document["comments"]:
        if comment["attributes"]["pushed_at"] is None:
            comment["attributes"]["pushed_at"] = now
            comment["attributes"]["pushed_by"] = by
            comment["version"] = cases.store.next_version()
    document["version"] = cases.store.next_version()
    if closes:
        cases.record_action(document, "update", "status", {"status": "closed"}, by)
    cases.record_action(document, "push_to_service", "pushed", {"externalService": external}, by)
    cases.store.put(space, document)
    comments_view = cases.user_comments(document)
    return view.case(document, len(comments_view), comments_view)
