"""create_app(): a fake Kibana of the configured release, assembled from the core and the areas.

This is where the areas are named: each is built for the release from one shared context,
and the core's adapter serves them. Only the configured release's types and schemas load.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from aiohttp import web

from fakekibana.cases.area import CasesArea
from fakekibana.connectors.area import ConnectorsArea
from fakekibana.core.adapter import build_app
from fakekibana.core.area import Area, AreaContext
from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.settings import Settings
from fakekibana.core.store import Clock, Ids, Shared
from fakekibana.core.versions import parse_version
from fakekibana.data_views.area import DataViewsArea
from fakekibana.features.area import FeaturesArea
from fakekibana.saved_objects.area import SavedObjectsArea
from fakekibana.spaces.area import SpacesArea
from fakekibana.status.area import StatusArea

# The areas every release has, in the order their routes are added (static paths first).
AREAS: tuple[Callable[[AreaContext], Area], ...] = (
    StatusArea,
    ConnectorsArea,
    FeaturesArea,
    SpacesArea,
    CasesArea,
    SavedObjectsArea,
    DataViewsArea,
)


def create_app(settings: Settings | None = None) -> web.Application:
    """The fake Kibana as an aiohttp application.

    Raises FakeKibanaError when the Kibana version is not supported, or when the seed or
    state file named in the settings is unusable.
    """
    settings = settings or Settings()
    shared = Shared(Ids(settings.random_seed), Clock(settings.clock))
    version = parse_version(settings.kibana_version)
    context = AreaContext(
        settings=settings,
        version=version,
        shared=shared,
        schemas=SchemaSet(schema_dir(), version),
        uuid=str(uuid.uuid4()),
        started=shared.clock.now(),
    )
    areas = [area(context) for area in AREAS]
    # Cases pushes a case through the connectors area's actions client.
    connectors = next(area for area in areas if isinstance(area, ConnectorsArea))
    for area in areas:
        if isinstance(area, CasesArea):
            area.use_connectors(connectors.client)
    # Data views are index-pattern saved objects, written through the saved objects client.
    saved_objects = next(area for area in areas if isinstance(area, SavedObjectsArea))
    for area in areas:
        if isinstance(area, DataViewsArea):
            area.use_saved_objects(saved_objects.client)
    # Deleting a space deletes what every area keeps in it (Kibana's deleteByNamespace).
    shared.space_listeners.extend(area.store.reset for area in areas if area.store is not None)
    return build_app(context, areas)
