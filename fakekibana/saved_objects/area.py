"""The saved objects area (Kibana core's /api/saved_objects): its routes, store and seed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakekibana.core.area import Area, AreaContext, Route
from fakekibana.core.errors import KibanaError
from fakekibana.core.persistence import StateError, check_list, check_object, check_space
from fakekibana.core.store import DEFAULT_SPACE
from fakekibana.saved_objects import aliases, types
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.routes import build_routes
from fakekibana.saved_objects.sharing import build_sharing_routes
from fakekibana.saved_objects.store import SavedObjectStore

# What a seed entry may hold besides the create body's keys.
_SEED_KEYS = frozenset(("type", "id", "space", "attributes", "references", "namespaces"))


class SavedObjectsArea(Area):
    """Saved objects as the configured release serves them."""

    name = "saved_objects"
    seed_key = "saved_objects"

    def __init__(self, context: AreaContext) -> None:
        self.store: SavedObjectStore = SavedObjectStore(
            context.shared, types.registry(context.version)
        )
        self.client = SavedObjectsClient(
            self.store, context.shared, context.version, context.schemas
        )
        self._routes = build_routes(self.client, context.version)
        # The Spaces sharing routes work on saved objects only (sharing.py).
        self._routes += build_sharing_routes(self.client, context.version)
        self._routes += aliases.build_alias_routes(self.client, context.version)

    def routes(self) -> Sequence[Route]:
        """CRUD, bulk, resolve and find under /api/saved_objects."""
        return self._routes

    def seed(self, document: Any, where: str, space: str | None = None) -> list[dict[str, Any]]:
        """Create objects as POST /api/saved_objects/{type}[/{id}] would, each
        `{type, attributes, id?, space?, references?, namespaces?}`; all are checked (and
        written) in turn, and a bad one undoes the ones before it."""
        items = check_list(document, where)
        if space is not None:
            items = [
                i for i in items if isinstance(i, dict) and i.get("space", DEFAULT_SPACE) == space
            ]
        saved = (dict(self.store.objects), self.store.seq)
        created = []
        try:
            for index, raw in enumerate(items):
                at = f"{where}[{index}]"
                item = check_object(raw, at)
                unknown = sorted(set(item) - _SEED_KEYS)
                if unknown:
                    raise StateError(f"{at}: unknown keys {unknown}")
                home = check_space(item.get("space", DEFAULT_SPACE), at + ".space")
                if not isinstance(item.get("type"), str):
                    raise StateError(f"{at}.type: must be a string")
                check_object(item.get("attributes"), at + ".attributes")
                try:
                    obj = self.client.create(
                        home,
                        item["type"],
                        item["attributes"],
                        so_id=item.get("id"),
                        references=check_list(item.get("references", []), at + ".references"),
                        initial_namespaces=item.get("namespaces"),
                    )
                except KibanaError as failure:
                    raise StateError(f"{at}: {failure.message}") from None
                so_type = self.client.types[obj.type]
                created.append(self.client.views.created(obj, so_type))
        except StateError:
            self.store.objects, self.store.seq = saved
            raise
        return created
