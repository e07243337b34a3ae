"""`.gen-ai` (OpenAI, Kibana 8.19/9.x): a deterministic chat-completion service.

Registration SC/openai @ 024f3a4a (reference §8.2), sub-actions run, invokeAI, invokeStream,
invokeAsyncIterator, stream, getDashboard, test (rows). fakekibana answers:

* run / test: subActionParams.body is the OpenAI request (a JSON string); data is an OpenAI
  chat completion {id: 'chatcmpl-' + a 24-character token of the fake's id sequence, object:
  'chat.completion', created: the clock's epoch seconds, model: body.model, else
  config.defaultModel, else 'gpt-4o', choices: [{index: 0, message: {role: 'assistant',
  content: 'fakekibana: <last user message>'}, finish_reason: 'stop'}], usage:
  {prompt_tokens, completion_tokens, total_tokens}} (counts: _ai's rule).
* invokeAI: {message: <that content>, usage: <that usage>}.
* getDashboard: {available: true}; the streaming sub-actions: {} (no stream is simulated).

The "error" fault is OpenAI's 400: 'Status code: 400. Message: API Error: Bad Request - <its
error.message>' (getResponseErrorMessage, find_string hits of the OpenAI connector).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _ai
from fakekibana.connectors.stack._common import framework_url, tokens
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor

DEFAULT_MODEL = "gpt-4o"


def completion(run: Execution, request: dict[str, Any]) -> dict[str, Any]:
    """The chat completion fakekibana's OpenAI answers a request with."""
    messages = request.get("messages") or []
    content = _ai.answer(messages)
    prompt, done = _ai.prompt_tokens(messages), tokens(content)
    model = request.get("model") or run.config.get("defaultModel") or DEFAULT_MODEL
    return {
        "id": "chatcmpl-" + run.token(24),
        "object": "chat.completion",
        "created": int(run.now().timestamp()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": done,
            "total_tokens": prompt + done,
        },
    }


def _run(run: Execution, params: dict[str, Any]) -> Any:
    return completion(run, _ai.parse_body(params["body"]))


def _invoke_ai(run: Execution, params: dict[str, Any]) -> Any:
    result = completion(run, params)
    return {"message": result["choices"][0]["message"]["content"], "usage": result["usage"]}


def _nothing(_: Execution, __: dict[str, Any]) -> Any:
    return None


def _dashboard(_: Execution, __: dict[str, Any]) -> Any:
    return {"available": True}


TYPE = TypeSpec(
    ".gen-ai",
    "OpenAI",
    "enterprise",
    subaction_executor(
        "gen-ai",
        {
            "run": SubAction(_run),
            "invokeAI": SubAction(_invoke_ai),
            "invokeStream": SubAction(_nothing),
            "invokeAsyncIterator": SubAction(_nothing),
            "stream": SubAction(_nothing),
            "getDashboard": SubAction(_dashboard, remote=False),
            "test": SubAction(_run),
        },
        api_error("API Error: Bad Request - Invalid request"),
    ),
    framework_url("apiUrl"),
    feature_ids=(
        "generativeAIForSecurity",
        "generativeAIForObservability",
        "generativeAIForSearchPlayground",
    ),
    schema_root="stack_connectors",
    position=190,
    sub_actions=(
        "run",
        "invokeAI",
        "invokeStream",
        "invokeAsyncIterator",
        "stream",
        "getDashboard",
        "test",
    ),
)
