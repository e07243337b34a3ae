"""`.pagerduty` (Kibana 8.19/9.x): the events URL rule, timestamps, dedup keys, answers.

SC/pagerduty/index.ts @ 167598a5 and CS/pagerduty/schemas/v1.ts @ 524c5f66 (rows): apiUrl
(or https://events.pagerduty.com/v2/enqueue) must be allowed; a timestamp moment() cannot read
and resolve/acknowledge without dedupKey are refused. The executor answers as 7.x's does
(PagerDuty's 202 body; 429/5xx retry, other statuses 'unexpected status').
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.stack import messages
from fakekibana.connectors.stack._common import allowed_url
from fakekibana.connectors.types.pagerduty import pagerduty_executor, parse_js_date

_NEEDS_DEDUP_KEY = ("resolve", "acknowledge")


def _check_params(params: Mapping[str, Any], _: ActionsConfig) -> str | None:
    timestamp = params.get("timestamp")
    if timestamp is not None and parse_js_date(timestamp) is None:
        return messages.pagerduty_bad_timestamp(timestamp)
    action = params.get("eventAction")
    if action in _NEEDS_DEDUP_KEY and not params.get("dedupKey"):
        return messages.pagerduty_dedup_key_required(action)
    return None


TYPE = TypeSpec(
    ".pagerduty",
    "PagerDuty",
    "gold",
    pagerduty_executor,
    allowed_url(
        "apiUrl",
        lambda inner: messages.configuring("pagerduty", inner),
        messages.PAGERDUTY_DEFAULT_URL,
    ),
    None,
    _check_params,
    fault_modes=("error", "retry"),
    feature_ids=("alerting", "uptime", "siem", "workflows"),
    schema_root="stack_connectors",
    position=30,
)
