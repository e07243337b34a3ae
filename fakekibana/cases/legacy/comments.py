"""7.8's comments of a case: add, change, list, find, get and delete.

server/routes/api/cases/comments/*.ts of the 7.7.0 build and the 7.8-era sources (reference
kibana-cases.md §2.1, §3.1, §4.2). A comment write also updates the case's updated_at and
updated_by (and so its version); deleting comments does not.
"""

from __future__ import annotations

import copy
from typing import Any

from fakekibana.cases.client import CasesNotFound as CaseNotFound
from fakekibana.cases.legacy import codecs, esorder, messages, view
from fakekibana.cases.legacy import iots as rt
from fakekibana.cases.legacy.client import LegacyCasesClient
from fakekibana.cases.legacy.lists import page_of
from fakekibana.core.errors import Conflict, NotFound
from fakekibana.core.security import Principal

_COMMENTS = "cases-comments"


class LegacyComments:
    """The comments routes' work, over the cases client."""

    def __init__(self, cases: LegacyCasesClient) -> None:
        self.cases = cases
        self.store = cases.store

    def _touch(
        self, space: str, document: dict[str, Any], principal: Principal | None, now: str
    ) -> dict[str, Any]:
        """patchCase with updated_at and updated_by (`username, full_name, email`): the
        attributes as the route answers them."""
        changes = {"updated_at": now, "updated_by": view.pusher(principal)}
        answered = {**copy.deepcopy(document["attributes"]), **changes}
        esorder.update(document["attributes"], changes)
        document["version"] = self.store.next_version()
        self.store.put(space, document)
        return answered

    def _locate(self, space: str, comment_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The comment wherever it is in the space, and its case; or the saved-object 404."""
        for document in self.store.cases(space).values():
            for stored in document["comments"]:
                if stored["id"] == comment_id:
                    return document, stored
        raise NotFound(messages.saved_object_not_found(_COMMENTS, comment_id))

    def _own(
        self, space: str, case_id: str, comment_id: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The comment, which must be this case's (404 with Kibana's stray ')')."""
        document, stored = self._locate(space, comment_id)
        if document["id"] != case_id:
            raise CaseNotFound(messages.comment_of_other_case(comment_id, case_id))
        return document, stored

    def add(
        self, space: str, case_id: str, body: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """post_comment.ts: excess and decode (400), the case (404), the comment, the case's
        update, then the case with all its comments."""
        request = rt.decode_excess(codecs.COMMENT, body)
        self.cases.allow(principal, space, "get", "cases", write=False)
        document = self.cases.found(space, case_id)
        self.cases.allow(principal, space, "create", _COMMENTS, write=True)
        now = self.cases.now()
        # transformNewComment (§3.1).
        attributes = {
            "comment": request["comment"],
            "created_at": now,
            "created_by": view.user(principal),
            "pushed_at": None,
            "pushed_by": None,
            "updated_at": None,
            "updated_by": None,
        }
        comment_id = self.cases.shared.ids.new()
        stored = {"id": comment_id, "version": self.store.next_version(), "attributes": attributes}
        document["comments"].append(stored)
        answered = self._touch(space, document, principal, now)
        comments = self.cases.comments(document, None)
        new = request["comment"]
        who = (principal, now)
        self.cases.record(
            space, case_id, "create", ["comment"], who, new=new, comment_id=comment_id
        )
        configured = self.cases.configured_id(space)
        return view.case(document, answered, comments, configured)

    def update(
        self, space: str, case_id: str, body: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """patch_comment.ts: decode (400), the case (404), the comment (404), its case (404),
        its version (409); `comment` may be left out (only updated_* change then)."""
        request = rt.decode(codecs.COMMENT_PATCH, body)
        self.cases.allow(principal, space, "get", "cases", write=False)
        document = self.cases.found(space, case_id)
        _, stored = self._own(space, case_id, request["id"])
        if stored["version"] != request["version"]:
            raise Conflict(messages.COMMENT_CONFLICT)
        self.cases.allow(principal, space, "update", _COMMENTS, write=True)
        now = self.cases.now()
        old = stored["attributes"]["comment"]
        changes: dict[str, Any] = {"updated_at": now, "updated_by": view.user(principal)}
        if "comment" in request:
            changes = {"comment": request["comment"], **changes}
        esorder.update(stored["attributes"], changes)
        stored["version"] = self.store.next_version()
        answered = self._touch(space, document, principal, now)
        # The answer's comments are read back: as Elasticsearch stored them.
        comments = self.cases.comments(document, None)
        self.cases.record(
            space, case_id, "update", ["comment"], (principal, now),
            new=request.get("comment"), old=old, comment_id=stored["id"],
        )  # fmt: skip
        return view.case(document, answered, comments, self.cases.configured_id(space))

    def list_all(
        self, space: str, case_id: str, principal: Principal | None
    ) -> list[dict[str, Any]]:
        """get_all_comment.ts: the first 20 comments, oldest first; an unknown case has none."""
        self.cases.allow(principal, space, "find", _COMMENTS, write=False)
        document = self.store.get(space, case_id)
        return self.cases.comments(document) if document is not None else []

    def find(
        self, space: str, case_id: str, query: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """find_comments.ts: a page of the case's comments by created_at (ascending unless
        sortOrder=desc, DERIVED); the case is not checked. Only page, perPage, sortOrder and
        search are honoured (the other find options are accepted)."""
        decoded = rt.decode(codecs.COMMENTS_FIND, query)
        self.cases.allow(principal, space, "find", _COMMENTS, write=False)
        document = self.store.get(space, case_id)
        comments = self.cases.comments(document, None) if document is not None else []
        search = decoded.get("search")
        if search:
            terms = search.lower().split()
            comments = [c for c in comments if any(t in c["comment"].lower() for t in terms)]
        if decoded.get("sortOrder") == "desc":
            comments.reverse()
        page, per_page = decoded.get("page", 1), decoded.get("perPage", 20)
        return {
            "page": page,
            "per_page": per_page,
            "total": len(comments),
            "comments": page_of(comments, page, per_page),
        }

    def get(self, space: str, comment_id: str, principal: Principal | None) -> dict[str, Any]:
        """get_comment.ts: the comment by id, whichever case it belongs to (§2.1)."""
        self.cases.allow(principal, space, "get", _COMMENTS, write=False)
        return view.comment(self._locate(space, comment_id)[1])

    def delete(
        self, space: str, case_id: str, comment_id: str, principal: Principal | None
    ) -> None:
        """delete_comment.ts: the comment must be this case's; a `delete` user action."""
        self.cases.allow(principal, space, "delete", _COMMENTS, write=True)
        document, stored = self._own(space, case_id, comment_id)
        document["comments"].remove(stored)
        self.store.put(space, document)
        now = self.cases.now()
        who = (principal, now)
        self.cases.record(space, case_id, "delete", ["comment"], who, comment_id=comment_id)

    def delete_all(self, space: str, case_id: str, principal: Principal | None) -> None:
        """delete_all_comments.ts: the comments getAllCaseComments returns without perPage
        (the first 20, DERIVED), one `delete` user action each; an unknown case has none."""
        self.cases.allow(principal, space, "delete", _COMMENTS, write=True)
        document = self.store.get(space, case_id)
        if document is None:
            return
        doomed = document["comments"][:20]
        document["comments"] = document["comments"][20:]
        self.store.put(space, document)
        now = self.cases.now()
        for stored in doomed:
            who = (principal, now)
            self.cases.record(space, case_id, "delete", ["comment"], who, comment_id=stored["id"])
