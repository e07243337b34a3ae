"""`.gemini` (Google Gemini, Kibana 8.19/9.x): a deterministic Vertex AI Gemini service.

Registration SC/gemini/index.ts @ 1e8d99ce (reference §8.2), sub-actions per rows. Answers:

* run / test: subActionParams.body is the Gemini request ({contents: [{role, parts:
  [{text}]}]}, a JSON string or an object); data is {completion: 'fakekibana: <last user
  message>', stop_reason: 'STOP', usageMetadata: {promptTokenCount, candidatesTokenCount,
  totalTokenCount}} (rows' shape; counts: _ai's rule over the parts' text).
* invokeAI: messages [{role, content}] -> {message: <completion>, usageMetadata};
  invokeAIRaw: Gemini's raw answer {candidates: [{content: {role: 'model', parts: [{text}]},
  finishReason: 'STOP'}], usageMetadata}; getDashboard {available: true}; invokeStream {}.

The "error" fault: 'Status code: 400. Message: API Error: Bad Request' (the Gemini connector's
getResponseErrorMessage was not read: UNCONFIRMED).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _ai
from fakekibana.connectors.stack._common import framework_url, tokens
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor


def _usage(prompt: int, text: str) -> dict[str, int]:
    done = tokens(text)
    return {
        "promptTokenCount": prompt,
        "candidatesTokenCount": done,
        "totalTokenCount": prompt + done,
    }


def _from_contents(body: dict[str, Any]) -> tuple[str, dict[str, int]]:
    turns = [
        {"role": c.get("role"), "content": c.get("parts")}
        for c in body.get("contents") or []
        if isinstance(c, dict)
    ]
    text = _ai.answer(turns)
    return text, _usage(_ai.prompt_tokens(turns), text)


def _run(_: Execution, params: dict[str, Any]) -> Any:
    text, usage = _from_contents(_ai.parse_body(params["body"]))
    return {"completion": text, "stop_reason": "STOP", "usageMetadata": usage}


def _invoke_ai(_: Execution, params: dict[str, Any]) -> Any:
    turns = params.get("messages") or []
    text = _ai.answer(turns)
    return {"message": text, "usageMetadata": _usage(_ai.prompt_tokens(turns), text)}


def _invoke_raw(_: Execution, params: dict[str, Any]) -> Any:
    turns = params.get("messages") or []
    text = _ai.answer(turns)
    return {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}
        ],
        "usageMetadata": _usage(_ai.prompt_tokens(turns), text),
    }


TYPE = TypeSpec(
    ".gemini",
    "Google Gemini",
    "enterprise",
    subaction_executor(
        "gemini",
        {
            "run": SubAction(_run),
            "getDashboard": SubAction(lambda _, __: {"available": True}, remote=False),
            "test": SubAction(_run),
            "invokeAI": SubAction(_invoke_ai),
            "invokeAIRaw": SubAction(_invoke_raw),
            "invokeStream": SubAction(lambda _, __: None),
        },
        api_error("API Error: Bad Request"),
    ),
    framework_url("apiUrl"),
    feature_ids=(
        "generativeAIForSecurity",
        "generativeAIForSearchPlayground",
        "generativeAIForObservability",
        "workflows",
    ),
    schema_root="stack_connectors",
    position=210,
    sub_actions=("run", "getDashboard", "test", "invokeAI", "invokeAIRaw", "invokeStream"),
)
