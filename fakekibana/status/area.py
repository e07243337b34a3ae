"""The status area: GET /api/status and GET /api/stats in the shapes the release answers with.

7.8 keeps the legacy platform's routes: /api/status (legacy shape, credentials unless
status.allowAnonymous) and /api/stats (Joi query). 8.x/9.x: core's /api/status (v8 shape,
?v7format / ?v8format, optional authentication with a redacted answer for anonymous callers)
and usage_collection's /api/stats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakekibana.core.area import Area, AreaContext, Call, Route
from fakekibana.core.errors import BadRequest
from fakekibana.status import messages
from fakekibana.status.body import legacy_status_body
from fakekibana.status.stats import legacy_stats_body, stats_body
from fakekibana.status.v8 import full_body, redacted_body


class StatusArea(Area):
    """Kibana's status and stats pages."""

    name = "status"

    def __init__(self, context: AreaContext) -> None:
        self.context = context
        settings = context.settings
        self.v8 = context.version.has("status.v8_default")
        self.core_stats = context.version.has("stats.core_route")
        # status.allowAnonymous, and whether security is on at all.
        self.allow_anonymous = settings.status_allow_anonymous
        self.secured = bool(settings.users or settings.api_keys)
        self._routes = (
            Route(
                "GET",
                ("/api/status",),
                "get_status",
                self.get_status,
                "status",
                None,
                # 7.x: the legacy route has `auth: false` when status.allowAnonymous is set.
                anonymous=self.allow_anonymous and not self.v8,
                # 8.x/9.x: authRequired 'optional', query v7format / v8format.
                auth_optional=self.v8,
                query=self.v8,
                tag="status",
            ),
            Route(
                "GET",
                ("/api/stats",),
                "get_stats",
                self.get_stats,
                "status",
                None,
                # authRequired: !status.allowAnonymous (both releases).
                anonymous=self.allow_anonymous,
                query=True,
                tag="status",
                # 7.8's Joi query is checked by the handler: its file only lets the keys through.
                variant="" if self.core_stats else ".v7",
            ),
        )

    def routes(self) -> Sequence[Route]:
        """GET /api/status, GET /api/stats."""
        return self._routes

    def get_status(self, call: Call) -> Any:
        """GET /api/status: the release's shape; redacted for anonymous callers (8.x/9.x)."""
        if not self.v8:
            return legacy_status_body(self.context)
        query = call.query
        # The query object's own `validate`, after its keys: both flags given, even false.
        if "v7format" in query and "v8format" in query:
            raise BadRequest(messages.BOTH_FORMATS)
        if self.secured and not self.allow_anonymous and call.principal is None:
            return redacted_body()
        legacy = query.get("v7format", False) or not query.get("v8format", True)
        return full_body(self.context, legacy=legacy)

    def get_stats(self, call: Call) -> Any:
        """GET /api/stats (?extended, ?legacy, ?exclude_usage)."""
        if self.core_stats:
            return stats_body(self.context, call.query)
        return legacy_stats_body(self.context, call.query)
