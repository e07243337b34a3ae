"""`.slack` (Kibana 8.19/9.x): the webhook URL rule, and Slack's incoming-webhook answers.

SC/slack/index.ts @ 1155df4a (rows): webhookUrl must parse and pass ensureUriAllowed on the
whole URL (Kibana's slack test: 'target url "http://slack.mynonexistent.com/other/stuff/in/
the/path" is not added ...'). The executor answers as 7.x's does ({text: 'ok'}).
"""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.stack._common import webhook_url_secret
from fakekibana.connectors.types.slack import slack_executor

TYPE = TypeSpec(
    ".slack",
    "Slack",
    "gold",
    slack_executor,
    None,
    webhook_url_secret("slack"),
    fault_modes=("error", "retry"),
    feature_ids=("alerting", "uptime", "siem"),
    schema_root="stack_connectors",
    position=60,
)
