"""The sub-action framework's executor (Kibana 8.19/9.x): dispatch on params.subAction.

Mirrors x-pack/platform/plugins/shared/actions/server/sub_action_framework/executor.ts
@ 33dd4792: an unknown sub-action throws 'Sub action "<x>" is not registered. ...' (errorSource
framework); a sub-action with a schema parses subActionParams first and throws
'Request validation failed (<error>)' (errorSource user); success is
{status: 'ok', data: <result ?? {}>, actionId}.

<error> is `${err}` of what the schema threw, so it depends on the schema library:

* config-schema (8.19-9.2): 'Error: ' + the ValidationError's message, which is what
  configschema's Invalid.format() writes (Kibana's opsgenie execute test: 'Request validation
  failed (Error: [message]: expected value of type [string] but got [undefined])').
* zod (9.3+, gate connectors.zod_schemas): ZodError's text, JSON.stringify(issues, null, 2)
  (Kibana's JSM execute test). fakekibana builds the issue list from the first Invalid:
  a missing or mistyped value becomes zod's invalid_type issue, an unknown key its
  unrecognized_keys issue, a too short or long string too_small/too_big, anything else a
  'custom' issue carrying the config-schema text. zod lists every issue where config-schema
  stops at the first, so a body with several faults gets one issue here: an approximation.

Errors a client must mark errorSource 'user' are raised as UserError (its error_source says
so); every other exception is the framework's.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from fakekibana.connectors.registry import Execution, Executor
from fakekibana.connectors.stack import messages
from fakekibana.core.configschema import Check, Invalid, SchemaSet, schema_dir

Handler = Callable[[Execution, dict[str, Any]], Any]
Fault = Callable[[Execution], Exception]


class UserError(RuntimeError):
    """An error Kibana marks with createTaskRunError(..., TaskErrorSource.USER)."""

    error_source = "user"


@dataclasses.dataclass(frozen=True)
class SubAction:
    """One registered sub-action: its handler, and whether it calls the external service."""

    handler: Handler
    # False for sub-actions that answer from Kibana itself (a fault mode leaves them alone).
    remote: bool = True


@functools.cache
def _schemas() -> SchemaSet:
    return SchemaSet(schema_dir())


def _sub_action_check(folder: str, name: str) -> Check | None:
    """The compiled $defs/<name> of the type's params.json; None where Kibana has no schema."""
    file = f"stack_connectors/{folder}/params.json"
    schemas = _schemas()
    if not schemas.has(file):
        return None
    node = schemas.document(file).get("$defs", {}).get(name)
    # A $def of `{"const": null}` records Kibana's `schema: null` (no validation).
    if node is None or node == {"const": None}:
        return None
    return schemas.validator(f"{file}#/$defs/{name}")


_EXPECTED = re.compile(r"expected value of type \[(\w+)\] but got \[(\w+)\]")
_LENGTH = re.compile(r"value has length \[(\d+)\] but it must have a (minimum|maximum) length")
_ZOD_TYPES = {"Object": "object", "Array": "array"}


def _zod_path(path: tuple[str, ...]) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in path]


def zod_issue(failure: Invalid) -> dict[str, Any]:
    """zod v3's issue (key order of its makeIssue: issue data, then path, then message)."""
    path = _zod_path(failure.path)
    expected = _EXPECTED.fullmatch(failure.message)
    if expected is not None:
        want = _ZOD_TYPES.get(expected.group(1), expected.group(1).lower())
        got = _ZOD_TYPES.get(expected.group(2), expected.group(2))
        message = "Required" if got == "undefined" else f"Expected {want}, received {got}"
        return {
            "code": "invalid_type",
            "expected": want,
            "received": got,
            "path": path,
            "message": message,
        }
    if failure.message == "definition for this key is missing" and path:
        key = str(path[-1])
        return {
            "code": "unrecognized_keys",
            "keys": [key],
            "path": path[:-1],
            "message": f"Unrecognized key(s) in object: '{key}'",
        }
    length = _LENGTH.match(failure.message)
    if length is not None:
        limit = int(failure.message.rsplit("[", 1)[1].split("]")[0])
        small = length.group(2) == "minimum"
        word = "at least" if small else "at most"
        return {
            "code": "too_small" if small else "too_big",
            "minimum" if small else "maximum": limit,
            "type": "string",
            "inclusive": True,
            "exact": False,
            "path": path,
            "message": f"String must contain {word} {limit} character(s)",
        }
    return {"code": "custom", "path": path, "message": failure.message}


def validation_text(run: Execution, failure: Invalid) -> str:
    """What `${reqValidationError}` prints on the release answered as."""
    if run.version is not None and run.version.has("connectors.zod_schemas"):
        return messages.zod_issues_text([zod_issue(failure)])
    return "Error: " + failure.format()


def subaction_executor(
    folder: str,
    sub_actions: Mapping[str, SubAction],
    fault: Fault | None = None,
    *,
    validate: bool = True,
    unknown: str | None = None,
) -> Executor:
    """An executor over the sub-actions; `folder` is the type's schemas/stack_connectors/ one.

    `validate=False` for classic types whose params schema already names each sub-action
    (their subActionParams arrive validated). `fault` makes the error a fault mode raises.
    `unknown` names the service of a classic executor, whose unknown sub-actions are
    '[Action][ExternalService] -> [<service>] Unsupported subAction type <x>.' instead.
    """

    def execute(run: Execution) -> dict[str, Any]:
        name = run.params["subAction"]
        action = sub_actions.get(name)
        if action is None and unknown is not None:
            raise RuntimeError(messages.unsupported_sub_action(unknown, name))
        if action is None:
            raise RuntimeError(
                messages.sub_action_not_registered(name, run.action_id, run.name, run.type_id)
            )
        params = run.params.get("subActionParams")
        if params is None:
            params = {}
        if validate:
            check = _sub_action_check(folder, name)
            if check is not None:
                try:
                    params = check(params, ())
                except Invalid as failure:
                    text = messages.request_validation_failed(validation_text(run, failure))
                    raise UserError(text) from None
        if run.fault is not None and action.remote and fault is not None:
            raise fault(run)
        data = action.handler(run, params)
        return {"status": "ok", "data": {} if data is None else data, "actionId": run.action_id}

    return execute


def api_error(message: str, status: int = 400) -> Fault:
    """The "error" fault of a framework type: its service refuses the call with `status`, and
    the type's getResponseErrorMessage makes `message` of it."""

    def fault(_: Execution) -> Exception:
        return RuntimeError(messages.sub_action_request_failed(status, message))

    return fault
