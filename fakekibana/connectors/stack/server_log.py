"""`.server-log` (Kibana 8.19/9.x): logs 'Server log: <message>' at a level; answers {status}.

SC/server_log/index.ts @ 0703cc83 (reference §8.3): the same executor as 7.x (no data).
"""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.types.server_log import server_log_executor

TYPE = TypeSpec(
    ".server-log",
    "Server log",
    "basic",
    server_log_executor,
    feature_ids=("alerting", "uptime", "siem"),
    schema_root="stack_connectors",
    position=50,
)
