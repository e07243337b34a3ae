"""`.bedrock` (Amazon Bedrock, Kibana 8.19/9.x): a deterministic Anthropic-on-Bedrock service.

Registration SC/bedrock/index.ts @ 3e5fd876 (reference §8.2), sub-actions per rows. Answers:

* run / test: subActionParams.body is the Anthropic Messages request (JSON string); data is
  {completion: 'fakekibana: <last user message>', stop_reason: 'end_turn', usage:
  {input_tokens, output_tokens}} (rows' shape; counts: _ai's rule).
* invokeAI: {message: <completion>, usage: {input_tokens, output_tokens}}; a message needs
  exactly one of content / rawContent (CS/bedrock/schemas/v1.ts @ 027ff216), else
  'Request validation failed (...)'.
* invokeAIRaw: Anthropic's raw message {id, type, role, content: [{type: 'text', text}],
  model, stop_reason, usage}; getDashboard {available: true}; the streaming and converse
  sub-actions {}.

The "error" fault is Bedrock's 400: 'Status code: 400. Message: API Error: Bad Request'
(getResponseErrorMessage, find_string hit; the 8.19 wording of the body suffix UNCONFIRMED).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _ai, messages
from fakekibana.connectors.stack._common import framework_url, tokens
from fakekibana.connectors.stack._subaction import (
    SubAction,
    UserError,
    api_error,
    subaction_executor,
    validation_text,
)
from fakekibana.core.configschema import Invalid

DEFAULT_MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"


def _complete(request: dict[str, Any]) -> tuple[str, dict[str, int]]:
    turns = request.get("messages") or []
    text = _ai.answer(turns)
    return text, {"input_tokens": _ai.prompt_tokens(turns), "output_tokens": tokens(text)}


def _run(_: Execution, params: dict[str, Any]) -> Any:
    text, usage = _complete(_ai.parse_body(params["body"]))
    return {"completion": text, "stop_reason": "end_turn", "usage": usage}


def _invoke_ai(run: Execution, params: dict[str, Any]) -> Any:
    for index, message in enumerate(params["messages"]):
        has_content, has_raw = "content" in message, "rawContent" in message
        if has_content == has_raw:
            rule = messages.BEDROCK_CONTENT_BOTH if has_raw else messages.BEDROCK_CONTENT_NEITHER
            failure = Invalid(("messages", str(index)), rule)
            raise UserError(messages.request_validation_failed(validation_text(run, failure)))
    text, usage = _complete(params)
    return {"message": text, "usage": usage}


def _invoke_raw(run: Execution, params: dict[str, Any]) -> Any:
    text, usage = _complete(params)
    return {
        "id": "msg_bdrk_" + run.token(24),
        "type": "message",
        "role": "assistant",
        "content": [{"type": "text", "text": text}],
        "model": params.get("model") or run.config.get("defaultModel") or DEFAULT_MODEL,
        "stop_reason": "end_turn",
        "usage": usage,
    }


def _nothing(_: Execution, __: dict[str, Any]) -> Any:
    return None


TYPE = TypeSpec(
    ".bedrock",
    "Amazon Bedrock",
    "enterprise",
    subaction_executor(
        "bedrock",
        {
            "run": SubAction(_run),
            "invokeAI": SubAction(_invoke_ai),
            "invokeAIRaw": SubAction(_invoke_raw),
            "invokeStream": SubAction(_nothing),
            "getDashboard": SubAction(lambda _, __: {"available": True}, remote=False),
            "test": SubAction(_run),
            "bedrockClientSend": SubAction(_nothing),
            "converse": SubAction(_nothing),
            "converseStream": SubAction(_nothing),
        },
        api_error("API Error: Bad Request"),
    ),
    framework_url("apiUrl"),
    feature_ids=(
        "generativeAIForSecurity",
        "generativeAIForObservability",
        "generativeAIForSearchPlayground",
        "workflows",
    ),
    schema_root="stack_connectors",
    position=200,
    sub_actions=(
        "run",
        "invokeAI",
        "invokeAIRaw",
        "invokeStream",
        "getDashboard",
        "test",
        "bedrockClientSend",
        "converse",
        "converseStream",
    ),
)
