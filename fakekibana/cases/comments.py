"""User comments of a case (8.19 / 9.x): add, update, find, get and delete.

server/client/attachments/{add,update,get,delete}.ts (reference kibana-cases.md §2.2, §4.2,
§5.2). Only user comments (`type: "user"`) are faked; alerts, actions and files are not.
"""

from __future__ import annotations

from typing import Any

from fakekibana.cases import codecs, messages, view
from fakekibana.cases import decode as rt
from fakekibana.cases.client import CasesClient, CasesNotFound
from fakekibana.cases.find import number_from_string
from fakekibana.cases.store import Case
from fakekibana.core.errors import BadRequest, Conflict, NotFound
from fakekibana.core.security import Principal

# AttachmentPatchRequestRt: the comment, then {id, version}.
PATCH = rt.intersection(codecs.COMMENT, rt.strict({"id": rt.string, "version": rt.string}))
# FindAttachmentsQueryParamsRt (§2.2: page, perPage at most 100, sortOrder).
FIND = rt.strict(
    {
        "page": number_from_string,
        "perPage": number_from_string,
        "sortOrder": rt.keyof("desc", "asc"),
    },
    optional=True,
)


def _request_of(stored: dict[str, Any]) -> dict[str, Any]:
    """The attachment as its request gave it (a delete action's payload: the codec keeps the
    request keys of the stored attributes)."""
    attributes = stored["attributes"]
    return {key: attributes[key] for key in ("comment", "type", "owner")}


class CommentsClient:
    """The attachments client, for user comments."""

    def __init__(self, cases: CasesClient) -> None:
        self.cases = cases
        self.store = cases.store

    def _touch(self, space: str, document: Case, by: dict[str, Any], now: str) -> None:
        """A comment write updates the case's updated_at/updated_by and so its version."""
        document["attributes"]["updated_at"] = now
        document["attributes"]["updated_by"] = by
        document["version"] = self.store.next_version()
        self.store.put(space, document)

    def _answer(self, document: Case) -> dict[str, Any]:
        """encodeWithComments: the case with all its comments and their count."""
        comments = self.cases.user_comments(document)
        return view.case(document, len(comments), comments)

    def add(
        self, space: str, case_id: str, body: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """POST /api/cases/{case_id}/comments: decode (400), the case (404), authorize."""
        request = rt.decode_or_throw(codecs.COMMENT, body)
        document = self.cases.found(space, case_id)
        self.cases.authorize(principal, space, [request["owner"]], "create comment")
        by, now = view.user(principal), self.cases.now()
        # The attachment's stored order (§5.2, DERIVED): the request, then the bookkeeping.
        attributes = {
            "comment": request["comment"],
            "type": request["type"],
            "owner": request["owner"],
            "created_at": now,
            "created_by": by,
            "pushed_at": None,
            "pushed_by": None,
            "updated_at": None,
            "updated_by": None,
        }
        comment_id = self.cases.shared.ids.new()
        stored = {"id": comment_id, "version": self.store.next_version(), "attributes": attributes}
        document["comments"].append(stored)
        self.cases.record_action(
            document,
            "create",
            "comment",
            {"comment": _request_of(stored)},
            by,
            comment_id=comment_id,
        )
        self._touch(space, document, by, now)
        return self._answer(document)

    def update(
        self, space: str, case_id: str, body: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """PATCH /api/cases/{case_id}/comments: the comment must exist (404) in this case
        (404 with Kibana's stray ')'), with its current version (409)."""
        request = rt.decode_or_throw(PATCH, body)
        document, stored = self._own(space, case_id, request["id"])
        if stored["version"] != request["version"]:
            raise Conflict(messages.COMMENT_CONFLICT)
        self.cases.authorize(principal, space, [stored["attributes"]["owner"]], "update comment")
        by, now = view.user(principal), self.cases.now()
        stored["attributes"].update(
            {"comment": request["comment"], "type": request["type"], "updated_at": now,
             "updated_by": by}
        )  # fmt: skip
        stored["version"] = self.store.next_version()
        changes = {key: value for key, value in request.items() if key not in ("id", "version")}
        self.cases.record_action(
            document, "update", "comment", {"comment": changes}, by, comment_id=request["id"]
        )
        self._touch(space, document, by, now)
        return self._answer(document)

    def _anywhere(self, space: str, comment_id: str) -> bool:
        return any(
            c["id"] == comment_id
            for other in self.store.cases(space).values()
            for c in other["comments"]
        )

    def find(self, space: str, case_id: str, query: Any) -> dict[str, Any]:
        """GET /api/cases/{case_id}/comments/_find: a page of user comments by created_at
        (default order desc: UNCONFIRMED, the reference names only the parameter)."""
        decoded = rt.decode_or_throw(FIND, query)
        page, per_page = decoded.get("page", 1), decoded.get("perPage", 20)
        if per_page > codecs.MAX_CASES_PER_PAGE:
            raise BadRequest(messages.per_page_too_high(codecs.MAX_CASES_PER_PAGE))
        if page * per_page > codecs.MAX_DOCS_PER_PAGE:
            raise BadRequest(messages.TOO_MANY_DOCUMENTS)
        document = self.cases.found(space, case_id)
        comments = self.cases.user_comments(document)
        if decoded.get("sortOrder", "desc") == "desc":
            comments.reverse()
        start = (page - 1) * per_page
        return {
            "page": page,
            "per_page": per_page,
            "total": len(comments),
            "comments": comments[start : start + per_page],
        }

    def _own(self, space: str, case_id: str, comment_id: str) -> tuple[Case, dict[str, Any]]:
        """The case and its comment: the comment's 404, or Kibana's text (with its stray ')')
        for another case's comment (§4.2)."""
        document = self.cases.found(space, case_id)
        stored = next((c for c in document["comments"] if c["id"] == comment_id), None)
        if stored is None:
            if self._anywhere(space, comment_id):
                raise CasesNotFound(messages.comment_of_other_case(comment_id, case_id))
            raise NotFound(messages.saved_object_not_found("cases-comments", comment_id))
        return document, stored

    def get(self, space: str, case_id: str, comment_id: str) -> dict[str, Any]:
        """GET /api/cases/{case_id}/comments/{comment_id}: the comment (checked against its
        case as DELETE is; the reference confirms that check for 7.x DELETE/PATCH only)."""
        return view.comment(self._own(space, case_id, comment_id)[1])

    def delete(
        self, space: str, case_id: str, comment_id: str, principal: Principal | None
    ) -> None:
        """DELETE /api/cases/{case_id}/comments/{comment_id}: 204."""
        document, stored = self._own(space, case_id, comment_id)
        self.cases.authorize(principal, space, [stored["attributes"]["owner"]], "delete comment")
        document["comments"].remove(stored)
        by = view.user(principal)
        self.cases.record_action(
            document,
            "delete",
            "comment",
            {"comment": _request_of(stored)},
            by,
            comment_id=comment_id,
        )
        self.store.put(space, document)

    def delete_all(self, space: str, case_id: str, principal: Principal | None) -> None:
        """DELETE /api/cases/{case_id}/comments: 204; one delete user action per comment."""
        document = self.cases.found(space, case_id)
        owners = [c["attributes"]["owner"] for c in document["comments"]]
        if owners:
            self.cases.authorize(principal, space, owners, "delete comment")
        by = view.user(principal)
        for comment in document["comments"]:
            self.cases.record_action(
                document,
                "delete",
                "comment",
                {"comment": _request_of(comment)},
                by,
                comment_id=comment["id"],
            )
        document["comments"] = []
        self.store.put(space, document)
