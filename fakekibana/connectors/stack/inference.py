"""`.inference` (AI Connector, Kibana 8.19/9.x): a deterministic Elasticsearch inference endpoint.

SC/inference/index.ts @ 15e7e739 (rows): taskType must be one of the sub-actions
('chat_completion' allowed). Answers (fakekibana's; Elasticsearch's inference API shapes):

* unified_completion: body {messages, model?} -> {id: 'chatcmpl-' + a 24-character token,
  choices: [{finish_reason: 'stop', index: 0, message: {content: 'fakekibana: <last user
  message>', role: 'assistant'}}], created: epoch seconds, model: body.model or
  config.providerConfig.model_id or the inference id, object: 'chat.completion', usage:
  {completion_tokens, prompt_tokens, total_tokens}} (rows' key order).
* completion: [{result: 'fakekibana: <input>'}]; rerank: [{index, score, text}] in input order,
  score 1, 0.9, 0.8, ... (never below 0); text_embedding: [{embedding: 8 floats in [-1, 1] from
  the SHA-256 of the input}]; sparse_embedding: [{<lower-cased word>: 1.0, ...}].
* The streaming sub-actions: {}.

The inference client does not use axios: the "error" fault's text is fakekibana's
('Status code: 400. Message: API Error: Bad Request', UNCONFIRMED).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import _ai, messages
from fakekibana.connectors.stack._common import tokens
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor

SUB_ACTIONS = (
    "unified_completion_async_iterator",
    "unified_completion_stream",
    "unified_completion",
    "completion",
    "rerank",
    "text_embedding",
    "sparse_embedding",
    "completion_stream",
)


def _check_config(config: Mapping[str, Any], _: ActionsConfig) -> str | None:
    task = config["taskType"]
    if task != "chat_completion" and task not in SUB_ACTIONS:
        return messages.inference_task_not_supported(task)
    return None


def _unified(run: Execution, params: dict[str, Any]) -> Any:
    body = params["body"]
    turns = body.get("messages") or []
    text = _ai.answer(turns)
    prompt, done = _ai.prompt_tokens(turns), tokens(text)
    provider = run.config.get("providerConfig") or {}
    model = body.get("model") or provider.get("model_id") or run.config["inferenceId"]
    return {
        "id": "chatcmpl-" + run.token(24),
        "choices": [
            {
                "finish_reason": "stop",
                "index": 0,
                "message": {"content": text, "role": "assistant"},
            }
        ],
        "created": int(run.now().timestamp()),
        "model": model,
        "object": "chat.completion",
        "usage": {
            "completion_tokens": done,
            "prompt_tokens": prompt,
            "total_tokens": prompt + done,
        },
    }


def _completion(_: Execution, params: dict[str, Any]) -> Any:
    return [{"result": _ai.PREFIX + params["input"]}]


def _rerank(_: Execution, params: dict[str, Any]) -> Any:
    return [
        {"index": i, "score": max(0.0, round(1 - i / 10, 1)), "text": text}
        for i, text in enumerate(params["input"])
    ]


def _embedding(_: Execution, params: dict[str, Any]) -> Any:
    digest = hashlib.sha256(params["input"].encode()).digest()
    return [{"embedding": [round(byte / 127.5 - 1, 4) for byte in digest[:8]]}]


def _sparse(_: Execution, params: dict[str, Any]) -> Any:
    return [{word.lower(): 1.0 for word in params["input"].split()}]


def _nothing(_: Execution, __: dict[str, Any]) -> Any:
    return None


TYPE = TypeSpec(
    ".inference",
    "AI Connector",
    "enterprise",
    subaction_executor(
        "inference",
        {
            "unified_completion_async_iterator": SubAction(_nothing),
            "unified_completion_stream": SubAction(_nothing),
            "unified_completion": SubAction(_unified),
            "completion": SubAction(_completion),
            "rerank": SubAction(_rerank),
            "text_embedding": SubAction(_embedding),
            "sparse_embedding": SubAction(_sparse),
            "completion_stream": SubAction(_nothing),
        },
        api_error("API Error: Bad Request"),
    ),
    _check_config,
    feature_ids=(
        "generativeAIForSecurity",
        "generativeAIForSearchPlayground",
        "generativeAIForObservability",
    ),
    schema_root="stack_connectors",
    position=280,
    sub_actions=SUB_ACTIONS,
)
