"""The Cases area (Kibana's cases plugin, 8.19 / 9.x): its routes and store.

7.8's `case` plugin is a different generation of the API (reference kibana-cases.md §2.1);
it is not served yet, so a 7.8 fake has no cases routes and no cases store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakekibana.cases.client import CasesClient
from fakekibana.cases.comments import CommentsClient
from fakekibana.cases.configure import ConfigureClient
from fakekibana.cases.routes import build_routes
from fakekibana.cases.store import CaseStore
from fakekibana.core.area import Area, AreaContext, Route


class CasesArea(Area):
    """Cases as the configured release serves them (where the gate `cases.api` holds)."""

    name = "cases"

    def __init__(self, context: AreaContext) -> None:
        self._routes: tuple[Route, ...] = ()
        if context.version.has("cases.api"):
            store = CaseStore(context.shared)
            self.store = store
            self.client = CasesClient(store, context.shared, context.settings)
            self.client.comments = CommentsClient(self.client)
            self.client.configure = ConfigureClient(self.client)
            self._routes = build_routes(self.client, context.version)

    def routes(self) -> Sequence[Route]:
        """The cases, their lists and their comments."""
        return self._routes

    def use_connectors(self, actions_client: Any) -> None:
        """The actions client a push runs connectors with (the connectors area's)."""
        if self.store is not None:
            self.client.connectors = actions_client
