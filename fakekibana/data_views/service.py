"""Data views as Kibana's DataViewsService keeps them: `index-pattern` saved objects.

Reference kibana-saved-objects-spaces.md §6. The service is handed the saved objects client
(`use_saved_objects`) and never imports the saved_objects package: it calls the client's
`create`, `get`, `update` and `delete` and reads `store.find`, as store.py documents them.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from fakekibana.core.errors import BadRequest, KibanaError, NotFound
from fakekibana.core.security import Principal
from fakekibana.data_views import messages

TYPE = "index-pattern"
# The saved object attributes, in the order DataView.getAsSavedObjectBody writes them, and
# which of them are JSON strings (DERIVED from common/data_views/data_view.ts: sourceFilters,
# fieldFormatMap, typeMeta, runtimeFieldMap and fieldAttrs are stringified; `fields` is no
# longer stored, the field list comes from Elasticsearch).
_JSON_ATTRIBUTES = {
    "fieldAttrs": "fieldAttrs",
    "sourceFilters": "sourceFilters",
    "fieldFormats": "fieldFormatMap",
    "typeMeta": "typeMeta",
    "runtimeFieldMap": "runtimeFieldMap",
}
_ORDER = (
    "fieldAttrs",
    "title",
    "timeFieldName",
    "sourceFilters",
    "fieldFormatMap",
    "type",
    "typeMeta",
    "allowNoIndex",
    "runtimeFieldMap",
    "name",
    "allowHidden",
)
# What create stringifies when the spec leaves it out (the DataView's defaults).
_DEFAULTS: dict[str, Any] = {
    "fieldAttrs": {},
    "sourceFilters": [],
    "fieldFormats": {},
    "runtimeFieldMap": {},
}


class SavedObjectsUser(Protocol):
    """The part of the saved objects client the data views use (saved_objects/client.py)."""

    store: Any

    def create(
        self, space: str, so_type_name: str, attributes: dict[str, Any], **options: Any
    ) -> Any:
        """Create an object."""

    def get(self, space: str, so_type_name: str, so_id: str) -> Any:
        """The object seen from the space, or NotFound."""

    def update(
        self, space: str, so_type_name: str, so_id: str, body: dict[str, Any]
    ) -> tuple[Any, bool]:
        """Merge attributes into an object."""

    def delete(self, space: str, so_type_name: str, so_id: str, force: bool = False) -> None:
        """Delete an object."""


def _parsed(text: Any, default: Any) -> Any:
    # An object written through the saved objects API may hold anything: what does not
    # parse (or parses to another kind of value) reads as the default.
    if not isinstance(text, str):
        return default
    try:
        value = json.loads(text)
    except ValueError:
        return default
    if default is not None and type(value) is not type(default):
        return default
    if isinstance(value, dict) and any(not isinstance(item, dict) for item in value.values()):
        # Maps of objects (runtime fields, formats, field attributes) only.
        return default
    return value


def attributes_of(spec: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The saved object attributes of a spec, laid over `base` (an update's old attributes)."""
    values = dict(base or {})
    for key, value in spec.items():
        if key in _JSON_ATTRIBUTES:
            values[_JSON_ATTRIBUTES[key]] = json.dumps(value, separators=(",", ":"))
        elif key in ("title", "timeFieldName", "type", "name"):
            values[key] = value
        elif key == "allowNoIndex":
            # getAsSavedObjectBody writes `allowNoIndex` only when it is true (DERIVED).
            if value:
                values[key] = True
            else:
                values.pop(key, None)
        elif key == "allowHidden":
            values[key] = value
    values.setdefault("allowHidden", False)
    return {key: values[key] for key in _ORDER if key in values}


def spec_of(obj: Any, with_namespaces: bool = False) -> dict[str, Any]:
    """The API spec of an index-pattern object, keys in toSpecShared's order (§6); `name`
    defaults to `title`, `namespaces` ends a create's answer."""
    attrs = obj.attributes
    title = attrs.get("title") if isinstance(attrs.get("title"), str) else ""
    spec: dict[str, Any] = {"id": obj.id, "version": obj.version, "title": title}
    if isinstance(attrs.get("timeFieldName"), str):
        spec["timeFieldName"] = attrs["timeFieldName"]
    spec["sourceFilters"] = _parsed(attrs.get("sourceFilters"), [])
    type_meta = _parsed(attrs.get("typeMeta"), None)
    if type_meta is not None:
        spec["typeMeta"] = type_meta
    if isinstance(attrs.get("type"), str):
        spec["type"] = attrs["type"]
    spec["fieldFormats"] = _parsed(attrs.get("fieldFormatMap"), {})
    spec["runtimeFieldMap"] = _parsed(attrs.get("runtimeFieldMap"), {})
    spec["fieldAttrs"] = _parsed(attrs.get("fieldAttrs"), {})
    spec["allowNoIndex"] = attrs.get("allowNoIndex") is True
    name = attrs.get("name")
    spec["name"] = name if isinstance(name, str) and name else title
    spec["allowHidden"] = attrs.get("allowHidden") is True
    if with_namespaces:
        spec["namespaces"] = list(obj.namespaces)
    return spec


def list_item(obj: Any) -> dict[str, Any]:
    """An item of GET /api/data_views: getIdsWithTitle's `{id, namespaces, title, type?,
    typeMeta?, name?}` (undefined values vanish in JSON)."""
    attrs = obj.attributes
    item: dict[str, Any] = {"id": obj.id, "namespaces": list(obj.namespaces)}
    item["title"] = attrs.get("title")
    for key in ("type", "typeMeta", "name"):
        if attrs.get(key) is not None:
            item[key] = _parsed(attrs[key], None) if key == "typeMeta" else attrs[key]
    return item


def as_data_view_error(error: KibanaError) -> KibanaError:
    """handle_errors: a not-found stays 404, every other error is a 400 with its message."""
    if isinstance(error, (NotFound, BadRequest)):
        return error
    return BadRequest(error.message, error.attributes)


class DataViewsService:
    """The data views of every space, kept as index-pattern saved objects."""

    def __init__(self, by_name: bool, config_id: str) -> None:
        # 9.x refuses a duplicate `name`, 8.19 a duplicate title (§6).
        self.by_name = by_name
        # The uiSettings `config` object's id: the Kibana version (where Kibana keeps
        # `defaultIndex`, one per space).
        self.config_id = config_id
        self.so: Any = None

    def use(self, client: SavedObjectsUser) -> None:
        """The saved objects client the service writes through."""
        self.so = client

    # --- data views ---------------------------------------------------------------------------

    def all(self, space: str) -> list[Any]:
        """The data views seen from the space, in write order."""
        return list(self.so.store.find([space], [TYPE]))

    def get(self, space: str, view_id: str) -> Any:
        """The data view, or 404 `Saved object [index-pattern/<id>] not found`."""
        return self.so.get(space, TYPE, view_id)

    def _duplicate(self, space: str, spec: dict[str, Any]) -> Any:
        # 9.x's findByName searches the saved `name` only (`name.keyword`,
        # data_views/common/utils.ts, elastic/kibana): an index pattern saved without a name
        # (through the saved objects API) is no duplicate, whatever its title.
        key = (spec.get("name") or spec["title"]) if self.by_name else spec["title"]
        for obj in self.all(space):
            other = obj.attributes.get("name") if self.by_name else spec_of(obj)["title"]
            if other == key:
                return obj
        return None

    def create(
        self, space: str, spec: dict[str, Any], override: bool, principal: Principal | None = None
    ) -> Any:
        """createAndSave: refuse (or with `override` replace) a duplicate, then write; with
        security on, the saved objects client's create check of every space it writes to."""
        duplicate = self._duplicate(space, spec)
        if duplicate is not None:
            if not override:
                name = spec.get("name") or spec["title"]
                text = messages.duplicate_by_name(name) if self.by_name else None
                raise BadRequest(text or messages.duplicate_by_title(spec["title"]))
            self.so.delete(space, TYPE, duplicate.id, True)
        targets = [space, *(spec.get("namespaces") or [])]
        if principal is not None and not all(principal.may(t, "all") for t in targets):
            # The client's 403 `Unable to create index-pattern`, a 400 after handle_errors.
            raise BadRequest(messages.UNABLE_TO_CREATE)
        attributes = attributes_of({**_DEFAULTS, **spec})
        try:
            return self.so.create(
                space,
                TYPE,
                attributes,
                so_id=spec.get("id"),
                initial_namespaces=spec.get("namespaces"),
            )
        except KibanaError as error:
            raise as_data_view_error(error) from None

    def update(self, space: str, view_id: str, changes: dict[str, Any]) -> Any:
        """Apply a spec's changes and save the whole data view."""
        obj = self.get(space, view_id)
        attributes = attributes_of(changes, obj.attributes)
        updated, _ = self.so.update(space, TYPE, view_id, {"attributes": attributes})
        return updated

    def delete(self, space: str, view_id: str) -> None:
        """Delete the saved object, from every space it is shared to: the plugin's saved
        objects wrapper deletes with `force: true` (data_views/server/
        saved_objects_client_wrapper.ts @ 4d26ccd9, elastic/kibana)."""
        try:
            self.so.delete(space, TYPE, view_id, True)
        except KibanaError as error:
            raise as_data_view_error(error) from None

    # --- the default data view ----------------------------------------------------------------

    def _config(self, space: str) -> Any:
        # uiSettings keep `defaultIndex` in the space's `config` object, whose id is the
        # Kibana version; Kibana writes it at start-up, the fake when first needed.
        return self.so.store.get(space, "config", self.config_id)

    def default_id(self, space: str) -> str | None:
        """The space's `defaultIndex` uiSetting, or None."""
        config = self._config(space)
        value = config.attributes.get("defaultIndex") if config is not None else None
        return value if isinstance(value, str) else None

    def set_default(self, space: str, view_id: str | None, force: bool) -> None:
        """Set (or with null clear) `defaultIndex`; without `force` an existing default is
        kept (default_data_view.ts, §6). Any id is stored, whether a data view has it or not."""
        if not force and self.default_id(space) is not None:
            return
        config = self._config(space)
        if config is None:
            # The attributes of a fresh config object besides defaultIndex (buildNum) are
            # left out: the fake has no build number to give them (DERIVED).
            self.so.create(space, "config", {"defaultIndex": view_id}, so_id=self.config_id)
        else:
            self.so.update(
                space, "config", self.config_id, {"attributes": {"defaultIndex": view_id}}
            )
