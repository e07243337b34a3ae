"""The saved objects client: Kibana's repository rules for one object at a time, per release.

Reference kibana-saved-objects-spaces.md §2.1-§2.9; 7.8 from the 7.7 build's repository.js
(soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1). The methods take plain values and return
SavedObjects (the handlers shape answers with views.py), so other areas can call them too:
`create`, `get`, `update`, `delete`, each raising KibanaError as Kibana answers.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

from fakekibana.core import messages as core_messages
from fakekibana.core.configschema import SchemaSet
from fakekibana.core.errors import BadRequest, Conflict, NotFound
from fakekibana.core.store import Shared, iso
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import aliases, messages
from fakekibana.saved_objects.attributes import AttributeSchemas
from fakekibana.saved_objects.store import (
    ALL_SPACES,
    SavedObject,
    SavedObjectStore,
    decode_version,
)
from fakekibana.saved_objects.types import AGNOSTIC, SINGLE, SavedObjectType
from fakekibana.saved_objects.views import Views


class SavedObjectsClient:
    """Saved objects as the configured release's repository manages them."""

    def __init__(
        self,
        store: SavedObjectStore,
        shared: Shared,
        version: KibanaVersion,
        schemas: SchemaSet | None = None,
    ) -> None:
        self.store = store
        self.shared = shared
        self.types = store.types
        self.v8 = version.has("saved_objects.v8")
        self.views = Views(self.v8)
        self.attribute_schemas = AttributeSchemas(schemas, version)

    # --- helpers ------------------------------------------------------------------------------

    def visible_type(self, name: str) -> SavedObjectType | None:
        """The type if the HTTP API may use it (registered and not hidden), else None."""
        so_type = self.types.get(name)
        return None if so_type is None or so_type.hidden else so_type

    def now(self) -> str:
        """Kibana's `new Date().toISOString()`."""
        return iso(self.shared.clock.now())

    def new_id(self) -> str:
        """A generated id: UUID v4 (8.x/9.x), v1 (7.8's serializer, §2.3). The fake's v1 ids
        take their bits from the shared id sequence, so seeded runs repeat them (DERIVED)."""
        value = uuid.UUID(self.shared.ids.new())
        if self.v8:
            return str(value)
        return str(uuid.UUID(int=(value.int & ~(0xF000 << 64)) | (0x1000 << 64)))

    def raw_id(self, obj: SavedObject) -> str:
        """The Elasticsearch _id: `[<space>:]<type>:<id>` (space only for single-namespace
        objects outside the default space)."""
        scope = self.types[obj.type].scope
        space = obj.namespaces[0] if scope == SINGLE and obj.namespaces else "default"
        prefix = "" if space == "default" else f"{space}:"
        return f"{prefix}{obj.type}:{obj.id}"

    def _migration_7(self, so_type: SavedObjectType, sent: dict[str, str] | None) -> dict[str, str]:
        # 7.x's document migrator marks the document up to date with the type's latest
        # migration, keeping what was sent for other keys; a type without migrations keeps
        # what was sent, `{}` when nothing was (DERIVED from document_migrator.js).
        stored = dict(sent or {})
        if so_type.migration is not None:
            stored[so_type.name] = so_type.migration
        return stored

    # --- create -------------------------------------------------------------------------------

    def target_namespaces(
        self, so_type: SavedObjectType, space: str, initial: Sequence[str] | None
    ) -> list[str]:
        """Where a new object goes: the current space, or initialNamespaces (8.x/9.x)."""
        if so_type.scope == AGNOSTIC:
            if initial is not None:
                raise BadRequest(messages.INITIAL_NAMESPACES_AGNOSTIC)
            return []
        if initial is None:
            return [space]
        if not initial:
            raise BadRequest(messages.INITIAL_NAMESPACES_EMPTY)
        if not so_type.shareable and len(initial) > 1:
            raise BadRequest(messages.INITIAL_NAMESPACES_SINGLE)
        return list(dict.fromkeys(initial))

    def create(
        self,
        space: str,
        so_type_name: str,
        attributes: dict[str, Any],
        *,
        so_id: str | None = None,
        overwrite: bool = False,
        references: list[dict[str, Any]] | None = None,
        initial_namespaces: Sequence[str] | None = None,
        migration_version: dict[str, str] | None = None,
    ) -> SavedObject:
        """Create (or with `overwrite` replace) an object; raise as Kibana's create does."""
        so_type = self.visible_type(so_type_name)
        if so_type is None:
            raise BadRequest(messages.unsupported_type(so_type_name))
        namespaces = self.target_namespaces(so_type, space, initial_namespaces)
        home = namespaces[0] if namespaces else space
        if so_id and so_type.multi_namespace:
            # The preflight check looks for legacy URL aliases first (aliases.py).
            aliases.check_alias_conflict(self, so_type.name, so_id, namespaces)
        existing = self.store.existing(home, so_type.name, so_id) if so_id else None
        if existing is not None:
            # Without overwrite an existing id conflicts; a multi-namespace object that is not
            # in the space conflicts even with it (the preflight check, §2.9). The text for
            # single-namespace types (Elasticsearch's) is UNCONFIRMED: Kibana's is used.
            elsewhere = so_type.multi_namespace and not existing.seen_from(home, so_type.scope)
            if not overwrite or elsewhere:
                raise Conflict(core_messages.saved_object_conflict(so_type.name, existing.id))
            if so_type.multi_namespace and initial_namespaces is None:
                namespaces = existing.namespaces
        obj_id = so_id or self.new_id()
        # validateObjectForCreate: after the conflict checks, on the id Kibana generated (§2.8).
        self.attribute_schemas.check(so_type.name, obj_id, attributes)
        now = self.now()
        obj = SavedObject(
            type=so_type.name,
            id=obj_id,
            attributes=attributes,
            references=list(references or []),
            namespaces=namespaces,
            created_at=now if self.v8 else None,
            updated_at=now,
            migration_version=None if self.v8 else self._migration_7(so_type, migration_version),
        )
        return self.store.put(obj)

    # --- read ---------------------------------------------------------------------------------

    def get(self, space: str, so_type_name: str, so_id: str) -> SavedObject:
        """The object seen from the space; 404 for unknown or hidden types too (§2.9)."""
        so_type = self.visible_type(so_type_name)
        obj = self.store.get(space, so_type_name, so_id) if so_type is not None else None
        if obj is None:
            raise NotFound(core_messages.saved_object_not_found(so_type_name, so_id))
        return obj

    def resolve(self, space: str, so_type_name: str, so_id: str) -> dict[str, Any]:
        """resolve: `{saved_object, outcome, [alias_target_id, alias_purpose]}` through the
        space's legacy URL aliases (aliases.py); unknown or hidden types are a 400 here
        (internal_bulk_resolve's unsupported-type error, §2.4 DERIVED), missing objects a 404."""
        return aliases.resolve(self, space, so_type_name, so_id)

    # --- update -------------------------------------------------------------------------------

    def check_version(self, obj: SavedObject, version: str | None) -> None:
        """A sent `version` must decode (400) and be the object's (409, §2.9)."""
        if version is None:
            return
        decoded = decode_version(version)
        if decoded is None:
            raise BadRequest(messages.invalid_version(version))
        if decoded != (obj.seq_no, 1):
            raise Conflict(messages.stale_version(self.raw_id(obj), decoded[0], obj.seq_no))

    def update(
        self, space: str, so_type_name: str, so_id: str, body: dict[str, Any]
    ) -> tuple[SavedObject, bool]:
        """Update the attributes (a shallow merge, mergeForUpdate DERIVED), or create the
        `upsert` of a missing object (8.x/9.x). Answers the object and whether it was upserted."""
        so_type = self.visible_type(so_type_name)
        obj = self.store.get(space, so_type_name, so_id) if so_type is not None else None
        version = body.get("version")
        if version is not None and decode_version(version) is None:
            raise BadRequest(messages.invalid_version(version))
        if obj is None:
            if so_type is None or "upsert" not in body:
                raise NotFound(core_messages.saved_object_not_found(so_type_name, so_id))
            created = self.create(
                space,
                so_type_name,
                body["upsert"],
                so_id=so_id,
                references=body.get("references"),
            )
            return created, True
        self.check_version(obj, version)
        changed = dataclasses.replace(
            obj,
            attributes={**obj.attributes, **body["attributes"]},
            references=list(body["references"]) if "references" in body else obj.references,
            namespaces=list(obj.namespaces),
            updated_at=self.now(),
        )
        return self.store.put(changed), False

    # --- delete -------------------------------------------------------------------------------

    def delete(self, space: str, so_type_name: str, so_id: str, force: bool = False) -> None:
        """Delete an object; a shared one only with `force` (8.x/9.x, §2.9)."""
        so_type = self.visible_type(so_type_name)
        if so_type is None:
            # 7.7 build repository.js: createGenericNotFoundError() without type and id.
            text = core_messages.saved_object_not_found(so_type_name, so_id)
            raise NotFound(text if self.v8 else core_messages.NOT_FOUND)
        obj = self.get(space, so_type_name, so_id)
        shared = len(obj.namespaces) > 1 or ALL_SPACES in obj.namespaces
        if so_type.multi_namespace and shared and not force:
            raise BadRequest(messages.DELETE_SHARED)
        self.store.delete(obj)
        aliases.delete_aliases(self, [aliases.cleanup_after_delete(self, obj)])
