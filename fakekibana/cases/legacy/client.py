"""The 7.8 cases routes' work: create, get, PATCH and delete cases, and their user actions.

x-pack/plugins/case/server/routes/api/cases/{post,get,patch,delete}_cases.ts of the 7.7.0
build and the 7.8-era sources (reference kibana-cases.md §2.1, §3.1, §4). Each write answers
in the code's key order and is stored as Elasticsearch orders a partial update (esorder.py).

Security is simplified (reference §4.2): 7.8 has no case-specific checks, only the saved-object
client's; here a user needs `read` in the space to read and `all` to write, and is refused with
`Unable to <action> <saved-object type>` naming the route's first refused operation.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from fakekibana.cases.client import CasesNotFound as CaseNotFound
from fakekibana.cases.client import NotAcceptable
from fakekibana.cases.legacy import codecs, esorder, messages, view
from fakekibana.cases.legacy import iots as rt
from fakekibana.cases.legacy.store import LegacyCaseStore
from fakekibana.core.errors import Conflict, Forbidden, NotFound
from fakekibana.core.security import Principal
from fakekibana.core.store import Shared, iso

if TYPE_CHECKING:
    from fakekibana.cases.legacy.comments import LegacyComments
    from fakekibana.cases.legacy.configure import LegacyConfigure

Case = dict[str, Any]
# The saved-object client's default page: what a find without perPage returns (§2.1, DERIVED).
DEFAULT_PER_PAGE = 20
# buildCaseUserActions: the attributes whose change is a user action (7.8 adds connector_id).
_ACTION_FIELDS = ("comment", "connector_id", "description", "pushed", "tags", "title", "status")
# The attributes PATCH /api/cases may change; other keys inside cases[] are ignored
# (simplified: Kibana's getCaseToUpdate would also write any other attribute they name).
_PATCHABLE = ("connector_id", "description", "status", "tags", "title")


class LegacyCasesClient:
    """Cases as Kibana 7.8's case plugin manages them."""

    # The connectors area's actions client (set by the area); see configure.py.
    connectors: Any
    # The comments and the configuration/push routes' work over this client (set by area.py).
    comment_routes: LegacyComments
    configure: LegacyConfigure

    def __init__(self, store: LegacyCaseStore, shared: Shared) -> None:
        self.store = store
        self.shared = shared

    def now(self) -> str:
        """The clock's now, as JavaScript's toISOString writes it."""
        return iso(self.shared.clock.now())

    @staticmethod
    def allow(
        principal: Principal | None, space: str, action: str, so_type: str, write: bool
    ) -> None:
        """The saved-object client's privilege check, simplified (module docstring)."""
        if principal is None:
            return
        if not principal.may(space, "read") or (write and not principal.may(space, "all")):
            raise Forbidden(messages.unable(action, so_type))

    def configured_id(self, space: str) -> str:
        """getConnectorId: the configuration's connector_id, else `none`."""
        configuration = self.store.configuration(space)
        connector_id = configuration["attributes"].get("connector_id") if configuration else None
        return connector_id if isinstance(connector_id, str) and connector_id else "none"

    def found(self, space: str, case_id: str) -> Case:
        """A case of the space, or the saved-object client's 404."""
        document = self.store.get(space, case_id)
        if document is None:
            raise NotFound(messages.saved_object_not_found("cases", case_id))
        return document

    @staticmethod
    def comments(document: Case, limit: int | None = DEFAULT_PER_PAGE) -> list[dict[str, Any]]:
        """getAllCaseComments: the case's comments, oldest first; without perPage the
        saved-object client's page of 20 (§2.1)."""
        return [view.comment(c) for c in document["comments"][:limit]]

    def record(
        self,
        space: str,
        case_id: str,
        action: str,
        fields: list[str],
        who: tuple[Principal | None, str],
        *,
        new: Any = None,
        old: Any = None,
        comment_id: str | None = None,
    ) -> None:
        """buildCaseUserActionItem / buildCommentUserActionItem, flattened as GET answers;
        `who` is the user and the time of the request."""
        principal, now = who
        self.store.add_user_action(
            space,
            case_id,
            {
                "action_field": fields,
                "action": action,
                "action_at": now,
                "action_by": view.user(principal),
                "new_value": new,
                "old_value": old,
                "action_id": self.shared.ids.new(),
                "case_id": case_id,
                "comment_id": comment_id,
            },
        )

    # --- create, get ------------------------------------------------------------------------

    def create(self, space: str, body: Any, principal: Principal | None) -> dict[str, Any]:
        """post_case.ts: excess and decode (400), then the case and its `create` action."""
        request = rt.decode_excess(codecs.CREATE, body)
        self.allow(principal, space, "create", "cases", write=True)
        now = self.now()
        # transformNewCase: the body in the client's order, then the bookkeeping (§3.1).
        attributes = {
            **request,
            "closed_at": None,
            "closed_by": None,
            "connector_id": self.configured_id(space),
            "created_at": now,
            "created_by": view.user(principal),
            "external_service": None,
            "status": "open",
            "updated_at": None,
            "updated_by": None,
        }
        document: Case = {
            "id": self.shared.ids.new(),
            "version": self.store.next_version(),
            "attributes": attributes,
            "comments": [],
            "user_actions": [],
        }
        self.store.put(space, document)
        new = rt.js_json(request)
        fields = ["description", "status", "tags", "title"]
        self.record(space, document["id"], "create", fields, (principal, now), new=new)
        return view.case(document)

    def get(
        self, space: str, case_id: str, query: dict[str, Any], principal: Principal | None
    ) -> dict[str, Any]:
        """get_case.ts: includeComments is parsed first, then the case (404)."""
        with_comments = view.include_comments(query.get("includeComments", "true"))
        self.allow(principal, space, "get", "cases", write=False)
        document = self.found(space, case_id)
        configured = self.configured_id(space)
        comments = self.comments(document) if with_comments else []
        return view.case(document, comments=comments, configured=configured)

    def user_actions(
        self, space: str, case_id: str, principal: Principal | None
    ) -> list[dict[str, Any]]:
        """get_all_user_actions.ts: the case's user actions, oldest first; an unknown case
        has none."""
        self.allow(principal, space, "find", "cases-user-actions", write=False)
        return copy.deepcopy(self.store.user_actions(space, case_id))

    # --- PATCH, delete --------------------------------------------------------------------------

    def update(self, space: str, body: Any, principal: Principal | None) -> list[dict[str, Any]]:
        """patch_cases.ts: unknown ids (404), stale versions (409), nothing changed (406)."""
        requests = rt.decode_excess(codecs.PATCH, body)["cases"]
        self.allow(principal, space, "bulk_get", "cases", write=False)
        missing = [r["id"] for r in requests if self.store.get(space, r["id"]) is None]
        if missing:
            raise CaseNotFound(messages.cases_not_found(missing))
        stale = [r["id"] for r in requests if self.found(space, r["id"])["version"] != r["version"]]
        if stale:
            raise Conflict(messages.cases_conflict(stale))
        updates = []
        for request in requests:
            document = self.found(space, request["id"])
            changed = _case_to_update(document["attributes"], request)
            if changed:
                updates.append((document, changed))
        if not updates:
            raise NotAcceptable(messages.IDENTICAL)
        self.allow(principal, space, "bulk_update", "cases", write=True)
        now, by = self.now(), view.user(principal)
        configured = self.configured_id(space)
        answers, records = [], []
        for document, fields in updates:
            status = fields.get("status")
            closed_info: dict[str, Any] = {}
            if status == "closed":
                closed_info = {"closed_at": now, "closed_by": by}
            elif status == "open":
                closed_info = {"closed_at": None, "closed_by": None}
            changed = {**fields, **closed_info, "updated_at": now, "updated_by": by}
            before = copy.deepcopy(document["attributes"])
            esorder.update(document["attributes"], changed)
            document["version"] = self.store.next_version()
            self.store.put(space, document)
            answers.append(view.case(document, {**before, **changed}, configured=configured))
            records.append((document["id"], before, changed))
        # The user actions are written after every case (one bulk create).
        for case_id, before, changed in records:
            self._record_changes(space, case_id, before, changed, (principal, now))
        return answers

    def _record_changes(
        self,
        space: str,
        case_id: str,
        before: dict[str, Any],
        changed: dict[str, Any],
        who: tuple[Principal | None, str],
    ) -> None:
        """buildCaseUserActions: arrays give `add` then `delete` (items joined by ', '),
        other fields `update` with the old and new value (§3.1)."""
        for field, new in changed.items():
            if field not in _ACTION_FIELDS:
                continue
            old = before.get(field)
            if isinstance(old, list) and isinstance(new, list):
                added = [item for item in new if item not in old]
                removed = [item for item in old if item not in new]
                if added or removed:
                    if added:
                        joined = ", ".join(added)
                        self.record(space, case_id, "add", [field], who, new=joined)
                    if removed:
                        joined = ", ".join(removed)
                        self.record(space, case_id, "delete", [field], who, new=joined)
                    continue
            if old != new or isinstance(new, list):
                self.record(space, case_id, "update", [field], who, new=new, old=old)

    def delete(self, space: str, ids: list[str], principal: Principal | None) -> None:
        """delete_cases.ts: the cases, their comments, and per case a user action `create`
        (sic) over every field (7.7.0's list; 7.8 UNCONFIRMED). Every id must exist first
        (Kibana deletes concurrently and may delete some before a 404)."""
        self.allow(principal, space, "delete", "cases", write=True)
        for case_id in ids:
            self.found(space, case_id)
        now = self.now()
        for case_id in ids:
            self.store.delete(space, case_id)
        fields = ["comment", "description", "status", "tags", "title"]
        for case_id in ids:
            self.record(space, case_id, "create", fields, (principal, now))


def _case_to_update(current: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """getCaseToUpdate: the request's fields (in its order) whose value differs; a field whose
    current value is null or absent is never written."""
    changed = {}
    for key, value in request.items():
        if key not in _PATCHABLE:
            continue
        held = current.get(key)
        if held is not None and held != value:
            changed[key] = value
    return changed
