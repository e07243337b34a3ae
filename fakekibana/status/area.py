"""The status area: GET /api/status in the shape the configured release answers with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakekibana.core.area import Area, AreaContext, Call, Route
from fakekibana.status.body import legacy_status_body


class StatusArea(Area):
    """Kibana's status page."""

    name = "status"

    def __init__(self, context: AreaContext) -> None:
        self.context = context
        # Kibana 7.x's legacy status route has `auth: false` when status.allowAnonymous is set.
        self._routes = (
            Route(
                "GET",
                ("/api/status",),
                "get_status",
                self.get_status,
                "status",
                None,
                anonymous=context.settings.status_allow_anonymous,
                tag="status",
            ),
        )

    def routes(self) -> Sequence[Route]:
        """GET /api/status."""
        return self._routes

    def get_status(self, call: Call) -> Any:
        """GET /api/status: 7.x's legacy shape while the release defaults to it."""
        return legacy_status_body(self.context)
