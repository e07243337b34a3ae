"""7.8's cases as the area serves them: the store, the client and the routes."""

from __future__ import annotations

from fakekibana.cases.legacy.client import LegacyCasesClient
from fakekibana.cases.legacy.comments import LegacyComments
from fakekibana.cases.legacy.configure import LegacyConfigure
from fakekibana.cases.legacy.routes import build_routes
from fakekibana.cases.legacy.store import LegacyCaseStore
from fakekibana.core.area import AreaContext, Route


def build(context: AreaContext) -> tuple[LegacyCaseStore, LegacyCasesClient, tuple[Route, ...]]:
    """The store, the client (which the area hands the actions client) and the routes."""
    store = LegacyCaseStore(context.shared)
    client = LegacyCasesClient(store, context.shared)
    client.comment_routes = LegacyComments(client)
    client.configure = LegacyConfigure(client)
    return store, client, build_routes(client)
