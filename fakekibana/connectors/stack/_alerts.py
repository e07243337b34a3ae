"""What .opsgenie and .jira-service-management share: createAlert and closeAlert.

SC/opsgenie/connector.ts @ 0fb6c790: createAlert posts v2/alerts (message truncated to 130,
an alias over 512 characters sent as 'sha-<sha256>'), closeAlert v2/alerts/<alias>/close;
both answer Opsgenie's 202 body {result: 'Request will be processed', took, requestId}
(Kibana's opsgenie test: took 0.107). A blank message is refused before the call, as the
schema's custom rule does ('Request validation failed (Error: [message]: must be populated
with a value other than just whitespace)'). The "error" fault is the service's 401
'Key format is not valid!' (getResponseErrorMessage: the body's message).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._subaction import (
    SubAction,
    UserError,
    api_error,
    validation_text,
)
from fakekibana.core.configschema import Invalid

FAULT = api_error(messages.OPSGENIE_BAD_KEY, 401)


def _accepted(run: Execution) -> dict[str, Any]:
    return {"result": messages.OPSGENIE_ACCEPTED, "took": 0.107, "requestId": run.new_id()}


def _create_alert(run: Execution, params: dict[str, Any]) -> Any:
    if not params["message"].strip():
        failure = Invalid(("message",), messages.OPSGENIE_BLANK_MESSAGE)
        raise UserError(messages.request_validation_failed(validation_text(run, failure)))
    if run.fault is not None:
        raise FAULT(run)
    return _accepted(run)


def _close_alert(run: Execution, _: dict[str, Any]) -> Any:
    if run.fault is not None:
        raise FAULT(run)
    return _accepted(run)


SUB_ACTIONS = {
    "createAlert": SubAction(_create_alert, remote=False),
    "closeAlert": SubAction(_close_alert, remote=False),
}
