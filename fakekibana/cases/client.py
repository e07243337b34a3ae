"""The cases client (8.19 / 9.x): create, get, bulk update and delete.

server/client/cases/{create,get,bulk_update,delete}.ts (reference kibana-cases.md §2.2,
§3.2, §4, §5.1). Answers are decoded as CaseRt orders them (view.py).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from fakekibana.cases import codecs, find, messages, user_actions, view
from fakekibana.cases.decode import decode_or_throw
from fakekibana.cases.store import Case, CaseStore
from fakekibana.core.errors import BadRequest, Conflict, Forbidden, KibanaError, NotFound
from fakekibana.core.security import Principal
from fakekibana.core.settings import Settings
from fakekibana.core.store import Shared, iso

if TYPE_CHECKING:
    from fakekibana.cases.comments import CommentsClient
    from fakekibana.cases.configure import ConfigureClient
    from fakekibana.cases.push import Connectors

NO_CONNECTOR = {"id": "none", "type": ".none", "fields": None, "name": "none"}
# The trimmed attributes of create (§5.1: title, description, tags and category).
_TRIMMED = ("title", "description", "category")


class CaseError(KibanaError):
    """A Cases answer whose status or text the core's Boom schemas do not list (406, 424, the
    bulk-update and comment 404s): the routes answer it themselves (routes.py)."""

    reason = ""

    def to_body(self) -> dict[str, Any]:
        """Boom's body with its reason phrase."""
        return {"statusCode": self.status, "error": self.reason, "message": self.message}


class NotAcceptable(CaseError):
    """406 (Boom.notAcceptable)."""

    status = 406
    reason = "Not Acceptable"


class CasesNotFound(CaseError):
    """404 with a text of the cases client (not the saved-object client's)."""

    status = 404
    reason = "Not Found"


class FailedDependency(CaseError):
    """424 (Boom.failedDependency), as a push whose connector fails answers (§7.2)."""

    status = 424
    reason = "Failed Dependency"


def _trim(changes: dict[str, Any]) -> dict[str, Any]:
    trimmed = dict(changes)
    for key in _TRIMMED:
        if isinstance(trimmed.get(key), str):
            trimmed[key] = trimmed[key].strip()
    if isinstance(trimmed.get("tags"), list):
        trimmed["tags"] = [tag.strip() for tag in trimmed["tags"]]
    return trimmed


def _parse(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class CasesClient:
    """Cases as Kibana 8.19/9.x manages them."""

    # The attachments and configuration clients over this one (set by the area).
    comments: CommentsClient
    configure: ConfigureClient
    # The connectors area's actions client, which a push runs (set by app.py).
    connectors: Connectors

    def __init__(self, store: CaseStore, shared: Shared, settings: Settings) -> None:
        self.store = store
        self.shared = shared
        self.settings = settings

    def now(self) -> str:
        """The clock's now, as JavaScript's toISOString writes it."""
        return iso(self.shared.clock.now())

    @staticmethod
    def authorize(
        principal: Principal | None, space: str, owners: list[str], operation: str
    ) -> None:
        """The cases authorization (§4.2, simplified as the reference allows): the three
        owners only; with security on, `read` privileges may only read."""
        unknown = [owner for owner in owners if owner not in codecs.OWNERS]
        writes = not operation.startswith("get ")
        if unknown or (
            principal is not None and not principal.may(space, "all" if writes else "read")
        ):
            raise Forbidden(messages.unauthorized(operation, list(dict.fromkeys(owners))))

    def _check_assignees(self, assignees: Any, ids: list[str] | None = None) -> None:
        if assignees and self.settings.license not in ("platinum", "enterprise", "trial"):
            text = (
                messages.ASSIGNEES_LICENSE if ids is None else messages.assignees_license_ids(ids)
            )
            raise Forbidden(text)

    def found(self, space: str, case_id: str) -> Case:
        """A case of the space, or the saved-object client's 404."""
        document = self.store.get(space, case_id)
        if document is None:
            raise NotFound(messages.saved_object_not_found("cases", case_id))
        return document

    @staticmethod
    def user_comments(document: Case) -> list[dict[str, Any]]:
        """The case's user comments, oldest first."""
        return [view.comment(c) for c in document["comments"]]

    def answer(self, document: Case, with_comments: bool) -> dict[str, Any]:
        """The case with its user-comment count, and its comments when asked."""
        comments = self.user_comments(document)
        return view.case(document, len(comments), comments if with_comments else None)

    # --- create, get -----------------------------------------------------------------------------

    def create(self, space: str, body: Any, principal: Principal | None) -> dict[str, Any]:
        """create.ts: decode (400), authorize (403), licence for assignees (403), then store."""
        request = _trim(decode_or_throw(codecs.CREATE, body))
        self.authorize(principal, space, [request["owner"]], "create case")
        self._check_assignees(request.get("assignees"))
        by = view.user(principal)
        # The stored order of transformNewCase and the read transform (§3.2 worked example).
        attributes: dict[str, Any] = {
            "title": request["title"],
            "description": request["description"],
            "tags": request["tags"],
            "owner": request["owner"],
            "category": request.get("category"),
            "customFields": request.get("customFields", []),
            "assignees": list({a["uid"]: a for a in request.get("assignees", [])}.values()),
            "observables": [],
            "connector": request["connector"],
            "severity": request.get("severity", "low"),
            "status": "open",
            "settings": request["settings"],
            "duration": None,
            "closed_at": None,
            "closed_by": None,
            "created_at": self.now(),
            "created_by": by,
            "updated_at": None,
            "updated_by": None,
            "external_service": None,
        }
        document: Case = {
            "id": self.shared.ids.new(),
            "version": self.store.next_version(),
            "attributes": attributes,
            "comments": [],
            "user_actions": [],
        }
        self.store.put(space, document)
        # builders/create_case.ts: the request (in the order of the reference's worked
        # example, §3.2) with create.ts's defaults, status open.
        payload = {
            **{key: request[key] for key in ("title", "description", "tags", "connector")},
            **{key: request[key] for key in ("settings", "owner")},
            "severity": attributes["severity"],
            "assignees": attributes["assignees"],
            "category": attributes["category"],
            "customFields": attributes["customFields"],
            "status": "open",
        }
        self.record_action(document, "create", "create_case", payload, by)
        return view.case(document, 0, [])

    def get(
        self, space: str, case_id: str, principal: Principal | None, with_comments: bool
    ) -> dict[str, Any]:
        """get.ts: the case, its user-comment count, and (8.19, by default) its comments."""
        document = self.found(space, case_id)
        self.authorize(principal, space, [document["attributes"]["owner"]], "get case")
        return self.answer(document, with_comments)

    def record_action(
        self,
        document: Case,
        action: str,
        kind: str,
        payload: dict[str, Any],
        by: dict[str, Any],
        *,
        comment_id: str | None = None,
    ) -> None:
        """One user action of the case (user_actions.py)."""
        user_actions.record(
            self.store,
            self.shared,
            document,
            action,
            kind,
            payload=payload,
            by=by,
            comment_id=comment_id,
        )

    # --- bulk update, delete ---------------------------------------------------------------------

    def update(self, space: str, body: Any, principal: Principal | None) -> list[dict[str, Any]]:
        """bulk_update.ts: unknown ids (404), stale versions (409), no change (406), owner
        (400), authorization and licence (403), then every change at once."""
        requests = decode_or_throw(codecs.PATCH, body)["cases"]
        missing = [r["id"] for r in requests if self.store.get(space, r["id"]) is None]
        if missing:
            raise CasesNotFound(messages.cases_not_found(missing))
        stale = [r["id"] for r in requests if self.found(space, r["id"])["version"] != r["version"]]
        if stale:
            raise Conflict(messages.cases_conflict(stale))
        changes = []
        for request in requests:
            document = self.found(space, request["id"])
            changed = {
                key: value
                for key, value in _trim(request).items()
                if key not in ("id", "version") and document["attributes"].get(key) != value
            }
            if changed:
                changes.append((document, changed))
        if not changes:
            raise NotAcceptable(messages.IDENTICAL)
        owners = [document["id"] for document, changed in changes if "owner" in changed]
        if owners:
            raise BadRequest(messages.owner_update(owners))
        for document, _ in changes:
            self.authorize(principal, space, [document["attributes"]["owner"]], "update case")
        assigned = [document["id"] for document, changed in changes if changed.get("assignees")]
        self._check_assignees(assigned, assigned)
        by = view.user(principal)
        now = self.now()
        answers = []
        for document, changed in changes:
            before = dict(document["attributes"])
            self._apply(document, changed, by, now)
            document["version"] = self.store.next_version()
            self.store.put(space, document)
            for action, kind, payload in user_actions.update_payloads(before, changed):
                self.record_action(document, action, kind, payload, by)
            answers.append(view.case(document, 0, []))
        return answers

    @staticmethod
    def close(document: Case, by: dict[str, Any], now: str) -> None:
        """Close the case: status, closed_at, closed_by and duration (seconds since created_at;
        §3.2, §7.2 step 4)."""
        attributes = document["attributes"]
        seconds = int((_parse(now) - _parse(attributes["created_at"])).total_seconds())
        attributes.update(
            {"status": "closed", "closed_at": now, "closed_by": by, "duration": seconds}
        )

    @staticmethod
    def _apply(document: Case, changed: dict[str, Any], by: dict[str, Any], now: str) -> None:
        """Write the changes; closing sets closed_at, closed_by and duration, reopening clears
        them (§5.1)."""
        attributes = document["attributes"]
        status = changed.get("status")
        if status == "closed":
            CasesClient.close(document, by, now)
        elif status is not None and attributes["status"] == "closed":
            changed = {**changed, "closed_at": None, "closed_by": None, "duration": None}
        attributes.update(changed)
        attributes["updated_at"] = now
        attributes["updated_by"] = by

    def delete(self, space: str, ids: list[str], principal: Principal | None) -> None:
        """delete.ts: every id must exist (the bulk-get's 404), then they go with their
        comments and user actions."""
        for case_id in ids:
            document = self.found(space, case_id)
            self.authorize(principal, space, [document["attributes"]["owner"]], "delete case")
        for case_id in ids:
            self.store.delete(space, case_id)

    # --- lists -----------------------------------------------------------------------------------

    def find(self, space: str, query: Any) -> dict[str, Any]:
        """GET /api/cases/_find."""
        return find.find(self.store, space, query, self.user_comments)

    def tags(self, space: str, query: Any) -> list[str]:
        """GET /api/cases/tags."""
        return find.tags(list(self.store.cases(space).values()), query)

    def reporters(self, space: str, query: Any) -> list[dict[str, Any]]:
        """GET /api/cases/reporters."""
        return find.reporters(list(self.store.cases(space).values()), query)

    def status(self, space: str, query: Any) -> dict[str, int]:
        """GET /api/cases/status (8.19)."""
        return find.status(list(self.store.cases(space).values()), query)
