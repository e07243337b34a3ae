"""Kibana 7.8's request codecs of the case plugin (x-pack/plugins/case/common/api/…).

Names and member order as PathReporter prints them (reference kibana-cases.md §4.1); the type
of PATCH /api/cases there is the 7.8 one (with `connector_id`), the _find query's is 7.7's,
which the reference gives as identical in 7.8.
"""

from __future__ import annotations

from fakekibana.cases.legacy import iots as rt

STATUS = rt.union(rt.literal("open"), rt.literal("closed"))
_STRINGS = rt.array(rt.string)
_ONE_OR_MANY = rt.union(_STRINGS, rt.string)

# CaseRequestRt: POST /api/cases, checked by excess() first.
CREATE = rt.type_({"description": rt.string, "tags": _STRINGS, "title": rt.string})
# CasesPatchRequestRt: the changes of each case, then its id and version. Only the top level
# is checked by excess(): unknown keys inside cases[] pass.
_CASE_CHANGES = rt.type_(
    {
        "connector_id": rt.string,
        "description": rt.string,
        "status": STATUS,
        "tags": _STRINGS,
        "title": rt.string,
    },
    partial=True,
)
PATCH_ITEM = rt.intersection(_CASE_CHANGES, rt.type_({"id": rt.string, "version": rt.string}))
PATCH = rt.type_({"cases": rt.array(PATCH_ITEM)})
# FindQueryParamsRt (no excess: unknown keys are ignored).
FIND = rt.type_(
    {
        "tags": _ONE_OR_MANY,
        "status": STATUS,
        "reporters": _ONE_OR_MANY,
        "defaultSearchOperator": rt.union(rt.literal("AND"), rt.literal("OR")),
        "fields": _STRINGS,
        "page": rt.number_from_string,
        "perPage": rt.number_from_string,
        "search": rt.string,
        "searchFields": _STRINGS,
        "sortField": rt.string,
        "sortOrder": rt.union(rt.literal("desc"), rt.literal("asc")),
    },
    partial=True,
)
# CommentRequestRt (POST, with excess) and CommentPatchRequestRt (PATCH: the comment optional).
COMMENT = rt.type_({"comment": rt.string})
COMMENT_PATCH = rt.intersection(
    rt.type_({"comment": rt.string}, partial=True),
    rt.type_({"id": rt.string, "version": rt.string}),
)
# SavedObjectFindOptionsRt, the comments' _find query: common/api/saved_object.ts in its
# revision with NumberFromString and without hasReference (the 7.7/7.8-era one; the reference
# names only page, perPage and search, so this list is DERIVED from that source).
COMMENTS_FIND = rt.type_(
    {
        "defaultSearchOperator": rt.union(rt.literal("AND"), rt.literal("OR")),
        "fields": _STRINGS,
        "filter": rt.string,
        "page": rt.number_from_string,
        "perPage": rt.number_from_string,
        "search": rt.string,
        "searchFields": _STRINGS,
        "sortField": rt.string,
        "sortOrder": rt.union(rt.literal("desc"), rt.literal("asc")),
    },
    partial=True,
)
# CaseExternalServiceRequestRt: POST /api/cases/{case_id}/_push (no excess check).
PUSH = rt.type_(
    {
        "connector_id": rt.string,
        "connector_name": rt.string,
        "external_id": rt.string,
        "external_title": rt.string,
        "external_url": rt.string,
    }
)
CLOSURE_TYPE = rt.union(rt.literal("close-by-user"), rt.literal("close-by-pushing"))
_CONFIGURE = {"connector_id": rt.string, "connector_name": rt.string, "closure_type": CLOSURE_TYPE}
# CasesConfigureRequestRt and CasesConfigurePatchRt (no excess: other keys are stored too).
CONFIGURE = rt.type_(_CONFIGURE)
CONFIGURE_PATCH = rt.intersection(
    rt.type_(_CONFIGURE, partial=True), rt.type_({"version": rt.string})
)
