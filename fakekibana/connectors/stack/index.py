"""`.index` (Kibana 8.19/9.x): documents kept per index, answered like a bulk request.

The executor is 7.x's (types/index.py) less the `_type` of each item, which Elasticsearch 8
no longer returns (rows: execute_success). indexOverride, when set, must start with
'kibana-alert-history-' (CS/es_index/schemas/v1.ts @ 34ab3873), and wins over config.index.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import Execution, TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.types.index import index_executor

_ALERT_HISTORY_PREFIX = "kibana-alert-history-"


def _check_params(params: Mapping[str, Any], _: ActionsConfig) -> str | None:
    override = params["indexOverride"]
    if override is not None and not override.startswith(_ALERT_HISTORY_PREFIX):
        return messages.INDEX_OVERRIDE_PREFIX
    return None


def execute_index(run: Execution) -> dict[str, Any]:
    """Bulk-indexes the documents into indexOverride or config.index."""
    if run.params["indexOverride"] is not None:
        config = {**run.config, "index": run.params["indexOverride"]}
        run = dataclasses.replace(run, config=config)
    result = index_executor(run)
    for item in result["data"]["items"]:
        item["index"].pop("_type", None)
    return result


TYPE = TypeSpec(
    ".index",
    "Index",
    "basic",
    execute_index,
    None,
    None,
    _check_params,
    feature_ids=("alerting", "uptime", "siem"),
    schema_root="stack_connectors",
    position=20,
)
