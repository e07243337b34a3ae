"""The Cases area (Kibana's cases plugin, 8.19 / 9.x; 7.8's `case` plugin): routes and store.

7.8's `case` plugin is a different generation of the API (reference kibana-cases.md §2.1),
served from fakekibana/cases/legacy/.
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
    # The client whose pushes run connectors (8.x) or list them (7.8), if the release has one.
    _connectors_user: Any = None

    def __init__(self, context: AreaContext) -> None:
        self._routes: tuple[Route, ...] = ()
        if context.version.has("cases.api"):
            store = CaseStore(context.shared)
            self.store = store
            self.client = CasesClient(store, context.shared, context.settings)
            self.client.comments = CommentsClient(self.client)
            self.client.configure = ConfigureClient(self.client)
            self._routes = build_routes(self.client, context.version)
            self._connectors_user = self.client
        elif context.version.has("cases.api_v7"):
            # Only a 7.8 fake loads the legacy modules.
            from fakekibana.cases.legacy import area as legacy  # noqa: PLC0415

            self.store, self._connectors_user, self._routes = legacy.build(context)

    def routes(self) -> Sequence[Route]:
        """The cases, their lists and their comments."""
        return self._routes

    def use_connectors(self, actions_client: Any) -> None:
        """The actions client a push runs connectors with (the connectors area's)."""
        if self._connectors_user is not None:
            self._connectors_user.connectors = actions_client
