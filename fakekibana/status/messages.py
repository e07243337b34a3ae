"""Kibana's texts on the status and stats pages, each with the release it matches."""

from __future__ import annotations

# GET /api/status?v7format=...&v8format=... (400), 8.0+: the query object's `validate` in
# src/core/packages/status/server-internal/src/routes/status.ts
# @ 328b3b5eaa3de0fbcffbf0eb32df686363b03879, with config-schema's `[request query]: ` prefix
# (kibana-py 0.6.0's own tests quote it so).
BOTH_FORMATS = "[request query]: provide only one format option: v7format or v8format"

# 8.x/9.x summaries. get_summary_status.ts @ 50d695cd5c05bb98452ef4972ed57907043300ee: the
# overall status, and a plugin's derived from core and its dependencies.
ALL_AVAILABLE = "All services and plugins are available"
# Core services (reference kibana-connectors-9x.md §9; status.examples.yaml @ 357078f5).
ELASTICSEARCH_AVAILABLE = "Elasticsearch is available"
SAVED_OBJECTS_AVAILABLE = "SavedObjects service has completed migrations and is available"

# legacy_status.ts @ c258e378445518e6832b09c5d295ac59939e8032: the legacy attributes of an
# available service under ?v7format=true (8.x/9.x), in STATUS_LEVEL_LEGACY_ATTRS.
GREEN = {
    "state": "green",
    "title": "Green",
    "icon": "success",
    "uiColor": "success",
    "nickname": "Looking good",
}


# GET /api/stats with a bad query on 7.8: Joi 13's texts, as hapi's validation of the legacy
# route (register_stats.js of the 7.7 build, soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1)
# answers them, several joined by '. ' (Joi's abortEarly is off in Kibana's legacy server).
def joi_not_one_of(key: str) -> str:
    """`Joi.string().valid('', 'true', 'false')` given another string."""
    return f'child "{key}" fails because ["{key}" must be one of [, true, false]]'


def joi_not_a_string(key: str) -> str:
    """The same given a repeated key (an array)."""
    return f'child "{key}" fails because ["{key}" must be a string]'


def joi_not_allowed(key: str) -> str:
    """An unknown query key."""
    return f'"{key}" is not allowed'
