"""The Spaces area (Kibana's spaces plugin): its routes and store."""

from __future__ import annotations

from collections.abc import Sequence

from fakekibana.core.area import Area, AreaContext, Route
from fakekibana.spaces.client import SpacesClient
from fakekibana.spaces.routes import build_routes
from fakekibana.spaces.store import SpaceStore


class SpacesArea(Area):
    """Spaces as the configured release serves them; the default space always exists."""

    name = "spaces"

    def __init__(self, context: AreaContext) -> None:
        self.store: SpaceStore = SpaceStore(context.shared)
        self.client = SpacesClient(self.store, context.shared, context.version)
        self._routes = build_routes(self.client, context.version)

    def routes(self) -> Sequence[Route]:
        """GET|POST /api/spaces/space, GET|PUT|DELETE /api/spaces/space/{id}."""
        return self._routes
