"""`.slack_api` (Slack API, Kibana 8.19/9.x): a bot token posting to allowed channels.

SC/slack_api/index.ts @ 0ebeefe7 and common/slack_api/schema.ts @ 0ebeefe7 (rows): the token
calls https://slack.com/api/, which must be allowed; postBlockkit's text must be JSON with
"blocks". validChannelId answers Slack's conversations.info body, postMessage/postBlockkit
chat.postMessage's ({ok, channel, ts, message}). Slack's refusal ("error") is {ok: false,
error: 'invalid_auth'}: 'error posting slack message' with that serviceMessage.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._subaction import SubAction, subaction_executor

SLACK_API_URL = "https://slack.com/api/"


def _check_secrets(_: Mapping[str, Any], actions: ActionsConfig) -> str | None:
    if not actions.is_whitelisted_uri(SLACK_API_URL):
        return messages.configuring("slack", messages.uri_not_allowed(SLACK_API_URL))
    return None


def _check_params(params: Mapping[str, Any], _: ActionsConfig) -> str | None:
    # A config-schema `validate` on subActionParams.text; fakekibana gives the rule's text
    # without the oneOf listing config-schema would wrap it in (approximation).
    if params["subAction"] != "postBlockkit":
        return None
    try:
        body = json.loads(params["subActionParams"]["text"])
    except ValueError as err:
        return messages.slack_api_not_json(str(err))
    if not isinstance(body, dict) or "blocks" not in body:
        return messages.SLACK_API_BLOCKS_REQUIRED
    return None


def _fault(run: Execution) -> None:
    if run.fault == "error":
        raise ExecutorError(
            {
                "status": "error",
                "message": messages.SLACK_API_ERROR_POSTING,
                "actionId": run.action_id,
                "serviceMessage": "invalid_auth",
            }
        )


def _ts(run: Execution) -> str:
    now = run.now()
    return f"{int(now.timestamp())}.{now.microsecond:06d}"


def _valid_channel_id(run: Execution, params: dict[str, Any]) -> Any:
    _fault(run)
    channel_id = params.get("channelId")
    return {"ok": True, "channel": {"id": channel_id, "name": f"channel-{channel_id}"}}


def _post(run: Execution, params: dict[str, Any]) -> Any:
    _fault(run)
    channels = params.get("channelIds") or params.get("channels") or ["C0000000000"]
    message = {"type": "message", "text": params["text"], "ts": _ts(run)}
    return {"ok": True, "channel": channels[0], "ts": message["ts"], "message": message}


TYPE = TypeSpec(
    ".slack_api",
    "Slack API",
    "gold",
    subaction_executor(
        "slack_api",
        {
            "validChannelId": SubAction(_valid_channel_id),
            "postMessage": SubAction(_post),
            "postBlockkit": SubAction(_post),
        },
        validate=False,
        unknown="Slack API",
    ),
    None,
    _check_secrets,
    _check_params,
    feature_ids=("uptime", "alerting", "siem"),
    schema_root="stack_connectors",
    position=70,
    sub_actions=("getAllowedChannels", "validChannelId", "postMessage", "postBlockkit"),
)
