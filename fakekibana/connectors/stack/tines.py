"""`.tines` (Kibana 8.19/9.x): stories, webhooks and runs of a simulated Tines tenant.

CS/tines @ 50558a21 (rows). stories: {stories: [{id: 1, name: 'fakekibana story', published:
true}], incompleteResponse: false}; webhooks: {webhooks: [{id: 1, name: 'fakekibana webhook',
storyId}], incompleteResponse: false}; run / test: Tines's webhook answer, {} here. The
"error" fault: 'Status code: 400. Message: API Error: Bad Request' (the Tines connector's
getResponseErrorMessage, find_string hit).
"""

from __future__ import annotations

from typing import Any

from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack._common import framework_url
from fakekibana.connectors.stack._subaction import SubAction, api_error, subaction_executor


def _stories(_: Execution, __: dict[str, Any]) -> Any:
    story = {"id": 1, "name": "fakekibana story", "published": True}
    return {"stories": [story], "incompleteResponse": False}


def _webhooks(_: Execution, params: dict[str, Any]) -> Any:
    webhook = {"id": 1, "name": "fakekibana webhook", "storyId": params["storyId"]}
    return {"webhooks": [webhook], "incompleteResponse": False}


TYPE = TypeSpec(
    ".tines",
    "Tines",
    "gold",
    subaction_executor(
        "tines",
        {
            "stories": SubAction(_stories),
            "webhooks": SubAction(_webhooks),
            "run": SubAction(lambda _, __: None),
            "test": SubAction(lambda _, __: None),
        },
        api_error("API Error: Bad Request"),
    ),
    framework_url("url"),
    feature_ids=("siem",),
    schema_root="stack_connectors",
    position=180,
    sub_actions=("stories", "webhooks", "run", "test"),
)
