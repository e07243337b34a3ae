"""Kibana's Cases texts (8.19 / 9.x), each with the reference section or source it matches.

The reference is /work/shared/reference/kibana-cases.md; sources are elastic/kibana
x-pack/platform/plugins/shared/cases/… at the commits named there.
"""

from __future__ import annotations

from collections.abc import Sequence

# §4.1: formatErrors (kbn-securitysolution-io-ts-utils format_errors @ 480e392d), a codec
# without a message of its own: the value, then the non-numeric path keys joined by ','.


def invalid_value(value: str, keys: str) -> str:
    """`Invalid value "<value>" supplied to "<keys>"` (§4.1)."""
    return f'Invalid value "{value}" supplied to "{keys}"'


def invalid_keys(keys: Sequence[str]) -> str:
    """exact_check @ 2b7b1374: keys the exact codecs dropped, searched recursively (§4.1)."""
    return f'invalid keys "{",".join(keys)}"'


# §4.1, limitedStringSchema / limitedArraySchema (common/schema/index.ts).
def empty_string(field: str) -> str:
    """A blank string where at least one character is needed."""
    return f"The {field} field cannot be an empty string."


def too_short(field: str, minimum: int) -> str:
    """A string shorter than its minimum."""
    return f"The length of the {field} is too short. The minimum length is {minimum}."


def too_long(field: str, maximum: int) -> str:
    """A string longer than its maximum."""
    return f"The length of the {field} is too long. The maximum length is {maximum}."


def array_too_long(field: str, maximum: int) -> str:
    """An array longer than its maximum."""
    return f"The length of the field {field} is too long. Array must be of length <= {maximum}."


def array_too_short(field: str, minimum: int) -> str:
    """An array shorter than its minimum."""
    return f"The length of the field {field} is too short. Array must be of length >= {minimum}."


# §4.1 (common/schema/index.ts): paging limits of _find.
def per_page_too_high(maximum: int) -> str:
    """perPage above its maximum."""
    return (
        f"The provided perPage value is too high. The maximum allowed perPage value is {maximum}."
    )


TOO_MANY_DOCUMENTS = (
    "The number of documents is too high. Paginating through more than 10000 documents is not "
    "possible."
)
# §4.1: NumberFromString.
NOT_A_NUMBER = "cannot parse to a number"


# §4.2, the saved-object client's 404 (get/delete CONFIRMED; comments DERIVED).
def saved_object_not_found(so_type: str, object_id: str) -> str:
    """`Saved object [<type>/<id>] not found`."""
    return f"Saved object [{so_type}/{object_id}] not found"


# §4.2 and kibana-cases-and-8x.md §2.6: bulk update (server/client/cases/bulk_update.ts).
def cases_not_found(ids: Sequence[str]) -> str:
    """PATCH with ids that do not exist (404)."""
    return f"These cases {', '.join(ids)} do not exist. Please check you have the correct ids."


def cases_conflict(ids: Sequence[str]) -> str:
    """PATCH with a stale version (409); §4.2: 8.19 says "has", 9.4 UNCONFIRMED, "has" kept."""
    return (
        f"These cases {', '.join(ids)} has been updated. Please refresh before saving "
        "additional updates."
    )


# §4.2: PATCH that changes nothing (406).
IDENTICAL = "All update fields are identical to current version."


def owner_update(ids: Sequence[str]) -> str:
    """§4.2: PATCH carrying `owner` (400), ids joined by ', '."""
    return f"Updating the owner of a case is not allowed ids: [{', '.join(ids)}]"


# §4.2: assignees without a Platinum licence (403).
ASSIGNEES_LICENSE = (
    "In order to assign users to cases, you must be subscribed to an Elastic Platinum license"
)


def assignees_license_ids(ids: Sequence[str]) -> str:
    """The PATCH form of ASSIGNEES_LICENSE."""
    return f"{ASSIGNEES_LICENSE}, ids: [{', '.join(ids)}]"


def unauthorized(verb_and_type: str, owners: Sequence[str]) -> str:
    """§4.2: the cases authorization's 403, e.g. `Unauthorized to create case with owners:
    "securitySolution"`."""
    return f'Unauthorized to {verb_and_type} with owners: "{", ".join(owners)}"'


# §4.2: a comment of another case (the stray ')' is Kibana's).
def comment_of_other_case(comment_id: str, case_id: str) -> str:
    """PATCH/DELETE of a comment that belongs to another case (404)."""
    return f"This comment {comment_id} does not exist in {case_id})."


# §4.2: comment stale version (409).
COMMENT_CONFLICT = "This case has been updated. Please refresh before saving additional updates."
# §7.2 step 3: a push whose connector run fails and has neither serviceMessage nor message.
PUSH_FAILED = "Error pushing to service"
# §4.2: PATCH configure with a stale version (409).
CONFIGURE_CONFLICT = (
    "This configuration has been updated. Please refresh before saving additional updates."
)
# regexStringRt's message for configuration keys (common/types/api/configure/v1.ts @ 00cb93bf).
CONFIGURE_KEY_PATTERN = "Key must be lower case, a-z, 0-9, '_', and '-' are allowed"
