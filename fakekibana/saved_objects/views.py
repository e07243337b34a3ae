"""How each operation answers a saved object, per release, keys in Kibana's order (§2.4).

7.8: the 7.7 build's repository.js and serialization/serializer.js (soipachara43/
NetworkTrafficAnalysis @ 2ffd9cf1). 8.x/9.x: the serializer and repository of
src/core/packages/saved-objects/ at the commits reference kibana-saved-objects-spaces.md §2.4
names; their orders are DERIVED there from the code, and so are these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakekibana.saved_objects.messages import REASONS
from fakekibana.saved_objects.store import SavedObject
from fakekibana.saved_objects.types import CORE_MIGRATION_VERSION, SavedObjectType

View = dict[str, Any]


class Views:
    """The answer shapes of one release."""

    def __init__(self, v8: bool) -> None:
        self.v8 = v8

    # --- pieces -------------------------------------------------------------------------------

    @staticmethod
    def _migration(obj: SavedObject, so_type: SavedObjectType) -> dict[str, str]:
        return {so_type.name: so_type.migration} if so_type.migration else {}

    @staticmethod
    def _attributes(obj: SavedObject, fields: Sequence[str] | None) -> dict[str, Any]:
        if fields is None:
            return obj.attributes
        # includedFields: only the named attributes, in stored order.
        wanted = set(fields)
        return {key: value for key, value in obj.attributes.items() if key in wanted}

    # --- 7.8 ----------------------------------------------------------------------------------

    def _raw_7(self, obj: SavedObject, fields: Sequence[str] | None = None) -> View:
        """serializer.js rawToSavedObject, `namespace` omitted by the repository: create, find."""
        view: View = {
            "type": obj.type,
            "id": obj.id,
            "attributes": self._attributes(obj, fields),
            "references": obj.references,
        }
        # `{}` is truthy in JavaScript: an empty migrationVersion is answered too.
        if obj.migration_version is not None:
            view["migrationVersion"] = obj.migration_version
        if obj.updated_at:
            view["updated_at"] = obj.updated_at
        view["version"] = obj.version
        return view

    # --- the operations -----------------------------------------------------------------------

    def created(self, obj: SavedObject, so_type: SavedObjectType) -> View:
        """create and bulk_create items."""
        if not self.v8:
            return self._raw_7(obj)
        view: View = {"type": obj.type, "id": obj.id}
        if so_type.multi_namespace:
            view["namespaces"] = obj.namespaces
        if obj.origin_id is not None:
            view["originId"] = obj.origin_id
        view.update(
            attributes=obj.attributes,
            references=obj.references,
            managed=obj.managed,
            migrationVersion=self._migration(obj, so_type),
            coreMigrationVersion=CORE_MIGRATION_VERSION,
            typeMigrationVersion=so_type.migration,
            updated_at=obj.updated_at,
            created_at=obj.created_at,
            version=obj.version,
        )
        _drop_missing_times(view)
        if not so_type.multi_namespace:
            view["namespaces"] = obj.namespaces
        return view

    def bulk_created_7(self, obj: SavedObject) -> View:
        """7.8 bulk_create item: `{id, type, updated_at, version, attributes, references}`."""
        return {
            "id": obj.id,
            "type": obj.type,
            "updated_at": obj.updated_at,
            "version": obj.version,
            "attributes": obj.attributes,
            "references": obj.references,
        }

    def got(
        self, obj: SavedObject, so_type: SavedObjectType, fields: Sequence[str] | None = None
    ) -> View:
        """get, bulk_get items and resolve's saved_object."""
        attributes = self._attributes(obj, fields)
        if not self.v8:
            view: View = {"id": obj.id, "type": obj.type}
            if obj.updated_at:
                view["updated_at"] = obj.updated_at
            view.update(version=obj.version, attributes=attributes, references=obj.references)
            # `migrationVersion: _source.migrationVersion`, dropped by JSON when undefined.
            if obj.migration_version is not None:
                view["migrationVersion"] = obj.migration_version
            return view
        view = {
            "id": obj.id,
            "type": obj.type,
            "namespaces": obj.namespaces,
            "migrationVersion": self._migration(obj, so_type),
        }
        if obj.origin_id is not None:
            view["originId"] = obj.origin_id
        view.update(
            updated_at=obj.updated_at,
            created_at=obj.created_at,
            version=obj.version,
            attributes=attributes,
            references=obj.references,
            managed=obj.managed,
        )
        _drop_missing_times(view)
        # The document migrator re-appends the two version keys last (§2.4).
        view["coreMigrationVersion"] = CORE_MIGRATION_VERSION
        view["typeMigrationVersion"] = so_type.migration
        return view

    def found(
        self, obj: SavedObject, so_type: SavedObjectType, fields: Sequence[str] | None
    ) -> View:
        """A _find hit: serializer order; migrated (version keys last) unless `fields` trims
        the attributes; then `score` (§2.4). Single-namespace types put `namespaces` where
        create does (DERIVED)."""
        if not self.v8:
            return self._raw_7(obj, fields)
        view = self.created(obj, so_type)
        view["attributes"] = self._attributes(obj, fields)
        if fields is None:
            for key in ("coreMigrationVersion", "typeMigrationVersion"):
                view[key] = view.pop(key)
        # No relevance scoring: every hit scores 0, as a filter-only query does. DERIVED for
        # queries with `search`, where Elasticsearch would score by relevance.
        view["score"] = 0
        return view

    def updated(
        self, obj: SavedObject, so_type: SavedObjectType, sent: dict[str, Any], upserted: bool
    ) -> View:
        """update: the request's attributes, not the merged ones (§2.4)."""
        view: View = {"id": obj.id, "type": obj.type}
        if upserted:
            view["created_at"] = obj.created_at
        view["updated_at"] = obj.updated_at
        view["version"] = obj.version
        if self.v8:
            view["namespaces"] = obj.namespaces
            if obj.origin_id is not None:
                view["originId"] = obj.origin_id
        if upserted or "references" in sent:
            view["references"] = obj.references
        view["attributes"] = sent["upsert"] if upserted else sent["attributes"]
        return view

    def bulk_updated(self, obj: SavedObject, sent: dict[str, Any]) -> View:
        """bulk_update items: 7.7 build repository.js bulkUpdate; bulk_update.ts @ 363cc85d
        (`namespaces`, `originId`; references only when sent)."""
        view: View = {"id": obj.id, "type": obj.type}
        if self.v8:
            view["namespaces"] = obj.namespaces
            if obj.origin_id is not None:
                view["originId"] = obj.origin_id
        view.update(updated_at=obj.updated_at, version=obj.version, attributes=sent["attributes"])
        # Both generations answer the document's `references`, undefined unless sent.
        if "references" in sent:
            view["references"] = sent["references"]
        return view


def _drop_missing_times(view: View) -> None:
    """An object without a timestamp (one a state document brought, as a 7.x object migrated
    to 8.x has no created_at) answers without the key: undefined values vanish (§2.4)."""
    for key in ("updated_at", "created_at"):
        if view.get(key, "") is None:
            del view[key]


def boom(status: int, message: str) -> dict[str, Any]:
    """A Boom payload embedded in a bulk answer."""
    return {"statusCode": status, "error": REASONS[status], "message": message}
