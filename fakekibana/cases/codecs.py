"""Cases' request codecs of the io-ts releases (about 8.15 to 9.4, standing for 8.19 and 9.x).

common/types/api/case/v1.ts and common/types/domain/{case,connector}/v1.ts (reference
kibana-cases.md §5.1); limits from common/constants/index.ts @ 000f993b (§4.1).
"""

from __future__ import annotations

from fakekibana.cases import decode as rt

MAX_TITLE_LENGTH = 160
MAX_DESCRIPTION_LENGTH = 30000
MAX_COMMENT_LENGTH = 30000
MAX_LENGTH_PER_TAG = 256
MAX_TAGS_PER_CASE = 200
MAX_CATEGORY_LENGTH = 50
MAX_ASSIGNEES_PER_CASE = 10
MAX_CUSTOM_FIELDS_PER_CASE = 10
MAX_CASES_TO_UPDATE = 100
MAX_CASES_PER_PAGE = 100
MAX_DOCS_PER_PAGE = 10000

OWNERS = ("securitySolution", "observability", "cases")
STATUSES = ("open", "in-progress", "closed")
SEVERITIES = ("low", "medium", "high", "critical")

_TEXT = rt.nullable(rt.string)


def _fields(*names: str, **optional: rt.Codec) -> rt.Codec:
    """A connector's `fields`: each named key string or null (+ optional extras), or null."""
    required = rt.strict(dict.fromkeys(names, _TEXT))
    if optional:
        required = rt.intersection(required, rt.strict(optional, optional=True))
    return rt.nullable(required)


def _connector_type(type_id: str, fields: rt.Codec) -> rt.Codec:
    return rt.strict({"type": rt.keyof(type_id), "fields": fields})


# ConnectorTypeFieldsRt (common/types/domain/connector/v1.ts; §5.1), a union tagged by `type`.
CONNECTOR_FIELDS = rt.tagged(
    "type",
    {
        ".jira": _connector_type(
            ".jira",
            _fields("issueType", "priority", "parent", otherFields=rt.nullable(rt.unknown)),
        ),
        ".none": _connector_type(".none", rt.null),
        ".resilient": _connector_type(
            ".resilient",
            _fields("severityCode", incidentTypes=rt.nullable(rt.array(rt.string))),
        ),
        ".servicenow": _connector_type(
            ".servicenow",
            _fields(
                "impact",
                "severity",
                "urgency",
                "category",
                "subcategory",
                additionalFields=rt.nullable(rt.string),
            ),
        ),
        ".servicenow-sir": _connector_type(
            ".servicenow-sir",
            _fields(
                "category",
                "destIp",
                "malwareHash",
                "malwareUrl",
                "priority",
                "sourceIp",
                "subcategory",
            ),
        ),
        ".swimlane": _connector_type(".swimlane", _fields("caseId")),
        ".cases-webhook": _connector_type(".cases-webhook", rt.null),
        ".thehive": _connector_type(".thehive", _fields(tlp=rt.unknown)),
    },
)
# CaseConnectorRt = {id} ∧ ({type, fields} ∧ {name}) (§3.2).
CONNECTOR = rt.intersection(
    rt.strict({"id": rt.string}), CONNECTOR_FIELDS, rt.strict({"name": rt.string})
)
TITLE = rt.limited_string("title", 1, MAX_TITLE_LENGTH)
DESCRIPTION = rt.limited_string("description", 1, MAX_DESCRIPTION_LENGTH)
TAGS = rt.limited_array(
    rt.limited_string("tag", 1, MAX_LENGTH_PER_TAG), "tags", 0, MAX_TAGS_PER_CASE
)
SETTINGS = rt.strict({"syncAlerts": rt.boolean})
ASSIGNEES = rt.limited_array(rt.strict({"uid": rt.string}), "assignees", 0, MAX_ASSIGNEES_PER_CASE)
CATEGORY = rt.nullable(rt.limited_string("category", 1, MAX_CATEGORY_LENGTH))
CUSTOM_FIELDS = rt.limited_array(
    rt.strict(
        {
            "key": rt.string,
            "type": rt.keyof("text", "toggle"),
            "value": rt.union(rt.string, rt.boolean, rt.null),
        }
    ),
    "customFields",
    0,
    MAX_CUSTOM_FIELDS_PER_CASE,
)
SEVERITY = rt.keyof(*SEVERITIES)
STATUS = rt.keyof(*STATUSES)

# CasePostRequestRt: the required keys, then the optional ones (§5.1).
CREATE = rt.intersection(
    rt.strict(
        {
            "description": DESCRIPTION,
            "tags": TAGS,
            "title": TITLE,
            "connector": CONNECTOR,
            "settings": SETTINGS,
            "owner": rt.string,
        }
    ),
    rt.strict(
        {
            "assignees": ASSIGNEES,
            "severity": SEVERITY,
            "category": CATEGORY,
            "customFields": CUSTOM_FIELDS,
        },
        optional=True,
    ),
)
# CasePatchRequestRt: the changes (owner decodes, to be refused by the client), then id and
# version; CasesPatchRequestRt holds 1..100 of them (§5.1).
_PATCH = rt.intersection(
    rt.strict(
        {
            "description": DESCRIPTION,
            "tags": TAGS,
            "title": TITLE,
            "connector": CONNECTOR,
            "severity": SEVERITY,
            "assignees": ASSIGNEES,
            "category": CATEGORY,
            "customFields": CUSTOM_FIELDS,
            "settings": SETTINGS,
            "status": STATUS,
            "owner": rt.string,
        },
        optional=True,
    ),
    rt.strict({"id": rt.string, "version": rt.string}),
)
PATCH = rt.strict({"cases": rt.limited_array(_PATCH, "cases", 1, MAX_CASES_TO_UPDATE)})
# A user comment (§5.2): {type: "user", comment, owner}.
COMMENT = rt.strict(
    {
        "type": rt.keyof("user"),
        "comment": rt.limited_string("comment", 1, MAX_COMMENT_LENGTH),
        "owner": rt.string,
    }
)
