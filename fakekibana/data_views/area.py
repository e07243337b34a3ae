"""The data views area (Kibana's data_views plugin, 8.19 and 9.x): routes over saved objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakekibana.core.area import Area, AreaContext, Route
from fakekibana.data_views.routes import build_routes
from fakekibana.data_views.service import DataViewsService


class DataViewsArea(Area):
    """Data views as the configured release serves them (where the gate `data_views.api`
    holds); what they are lives in the saved objects area's store, so the area has none."""

    name = "data_views"

    def __init__(self, context: AreaContext) -> None:
        self._routes: tuple[Route, ...] = ()
        self.service = DataViewsService(
            context.version.has("data_views.duplicate_by_name"), context.version.number
        )
        if context.version.has("data_views.api"):
            self._routes = build_routes(self.service)

    def routes(self) -> Sequence[Route]:
        """The data views, their default and their runtime fields."""
        return self._routes

    def use_saved_objects(self, client: Any) -> None:
        """The saved objects client the data views are written through (the saved objects
        area's)."""
        self.service.use(client)
