"""Kibana 7.8's case plugin texts, each with the reference section it matches.

The reference is /work/shared/reference/kibana-cases.md (§4: io-ts texts and error texts of
x-pack/plugins/case in the 7.7.0 build and the 7.8-era sources).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

# The texts 7.8 shares with 8.19/9.x (NumberFromString, the saved-object 404, PATCH's 404,
# 409 and 406, §4.2) are kept once, in the 8.x module; `X as X` re-exports them for mypy.
from fakekibana.cases.messages import IDENTICAL as IDENTICAL  # noqa: PLC0414
from fakekibana.cases.messages import NOT_A_NUMBER as NOT_A_NUMBER  # noqa: PLC0414
from fakekibana.cases.messages import cases_conflict as cases_conflict  # noqa: PLC0414
from fakekibana.cases.messages import cases_not_found as cases_not_found  # noqa: PLC0414
from fakekibana.cases.messages import saved_object_not_found as saved_object_not_found  # noqa: PLC0414


# §4.1: io-ts 2.0's PathReporter (runtime_types.ts @ 026b9ed4).
def invalid_value(value: str, path: str) -> str:
    """`Invalid value <JSON> supplied to <path>`; the path starts `: <root type>`."""
    return f"Invalid value {value} supplied to {path}"


def excess_properties(value: str, root: str, keys: Sequence[str]) -> str:
    """excess(): the whole body, the root type and the unknown top-level keys (§4.1)."""
    listed = json.dumps(list(keys), separators=(",", ":"), ensure_ascii=False)
    return f"Invalid value {value} supplied to : {root}, excess properties: {listed}"


# §4.2: a comment of another case (the stray ')' is Kibana's).
def comment_of_other_case(comment_id: str, case_id: str) -> str:
    """PATCH/DELETE of a comment that belongs to another case (404)."""
    return f"This comment {comment_id} does not exist in {case_id})."


# §4.2: comment stale version (409).
COMMENT_CONFLICT = "This case has been updated. Please refresh before saving additional updates."


# §4.2: pushing a closed case (409), Kibana's grammar kept.
def closed_case(title: str) -> str:
    """POST /api/cases/{case_id}/_push on a closed case."""
    return f"This case {title} is closed. You can not pushed if the case is closed."


# §4.2: push when the case's connector is gone or `none` (404; 7.8 presence probable, PR #65876).
CONNECTOR_NOT_FOUND = "Connector not found or set to none"
# §4.2: PATCH configure before any POST (409). The final period follows the 7.8-era test
# (UNCONFIRMED: 7.7.0 had none; reference §8 question 3).
CONFIGURE_FIRST = (
    "You can not patch this configuration since you did not created first with a post."
)
# §4.2: configure stale version (409).
CONFIGURE_CONFLICT = (
    "This configuration has been updated. Please refresh before saving additional updates."
)


# §4.2: the saved-object layer's 403 (UNCONFIRMED for 7.8).
def unable(action: str, so_type: str) -> str:
    """`Unable to <action> <type>`, e.g. `Unable to create cases`."""
    return f"Unable to {action} {so_type}"
