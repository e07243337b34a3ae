"""A data view's runtime fields: what the runtime_field routes add, read, replace and delete.

rest_api_routes/public/runtime_fields/*.ts and response_formatter.ts (reference
kibana-saved-objects-spaces.md §6). A runtime field lives in the data view's `runtimeFieldMap`
as `{type, script[, fields]}`; its label, description and popularity go to `fieldAttrs`, its
format to `fieldFormats`, as DataView.addRuntimeField splits them (DERIVED from
common/data_views/data_view.ts).
"""

from __future__ import annotations

import json
from typing import Any

from fakekibana.core.errors import BadRequest, NotFound
from fakekibana.data_views import messages
from fakekibana.data_views.service import TYPE, DataViewsService, spec_of

# castEsToKbnFieldTypeName for the runtime types (@kbn/field-types).
_KBN_TYPES = {
    "keyword": "string",
    "long": "number",
    "double": "number",
    "date": "date",
    "ip": "ip",
    "boolean": "boolean",
    "geo_point": "geo_point",
}
_ATTRS = (("customLabel", "customLabel"), ("customDescription", "customDescription"))


def _field(name: str, es_type: str, runtime: dict[str, Any], attrs: dict[str, Any]) -> Any:
    # DataViewField.toSpec's keys in its order, undefined ones left out (DERIVED; `format` is
    # left out as the routes call toSpec without a formatter).
    spec: dict[str, Any] = {
        "count": attrs.get("count", 0),
        "name": name,
        "type": _KBN_TYPES.get(es_type, "unknown"),
        "esTypes": [es_type],
        "scripted": False,
        "searchable": True,
        "aggregatable": True,
        "readFromDocValues": False,
    }
    for key, attr in _ATTRS:
        if attr in attrs:
            spec[key] = attrs[attr]
    spec["shortDotsEnable"] = False
    spec["runtimeField"] = runtime
    return spec


def field_specs(view: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The fields a runtime field makes: itself, or a composite's subfields `<name>.<sub>`."""
    runtime = view["runtimeFieldMap"][name]
    # An object written through the saved objects API may hold any runtime field: what is
    # not a runtime type reads as `unknown` rather than failing.
    if runtime.get("type") == "composite":
        subfields = runtime.get("fields")
        return [
            _field(
                f"{name}.{sub}",
                _es_type(value),
                runtime,
                view["fieldAttrs"].get(f"{name}.{sub}", {}),
            )
            for sub, value in (subfields.items() if isinstance(subfields, dict) else ())
        ]
    return [_field(name, _es_type(runtime), runtime, view["fieldAttrs"].get(name, {}))]


def _es_type(runtime: Any) -> str:
    value = runtime.get("type") if isinstance(runtime, dict) else None
    return value if isinstance(value, str) else "unknown"


def _names(view: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for name, runtime in view["runtimeFieldMap"].items():
        names.add(name)
        subfields = runtime.get("fields")
        names.update(f"{name}.{sub}" for sub in (subfields if isinstance(subfields, dict) else ()))
    return names


class RuntimeFields:
    """The runtime field operations over the data views service."""

    def __init__(self, service: DataViewsService) -> None:
        self.service = service

    def _save(self, space: str, view_id: str, view: dict[str, Any]) -> Any:
        attributes = {
            "runtimeFieldMap": json.dumps(view["runtimeFieldMap"], separators=(",", ":")),
            "fieldAttrs": json.dumps(view["fieldAttrs"], separators=(",", ":")),
            "fieldFormatMap": json.dumps(view["fieldFormats"], separators=(",", ":")),
        }
        obj, _ = self.service.so.update(space, TYPE, view_id, {"attributes": attributes})
        return obj

    @staticmethod
    def _add(view: dict[str, Any], name: str, field: dict[str, Any]) -> None:
        keys = ("type", "script", "fields")
        view["runtimeFieldMap"][name] = {key: field[key] for key in keys if key in field}
        attrs = {attr: field[key] for key, attr in _ATTRS if key in field}
        if "popularity" in field:
            attrs["count"] = field["popularity"]
        if attrs:
            view["fieldAttrs"][name] = {**view["fieldAttrs"].get(name, {}), **attrs}
        if "format" in field:
            view["fieldFormats"][name] = field["format"]

    @staticmethod
    def _remove(view: dict[str, Any], name: str) -> None:
        view["runtimeFieldMap"].pop(name, None)
        view["fieldAttrs"].pop(name, None)
        view["fieldFormats"].pop(name, None)

    def _answer(self, obj: Any, name: str) -> dict[str, Any]:
        view = spec_of(obj)
        # response_formatter.ts: `fields` first, then the data view's spec.
        return {"fields": field_specs(view, name), "data_view": view}

    def create(self, space: str, view_id: str, name: str, field: dict[str, Any]) -> Any:
        """POST …/runtime_field: a name the data view has is a 400."""
        view = spec_of(self.service.get(space, view_id))
        if name in _names(view):
            raise BadRequest(messages.runtime_field_exists(name))
        self._add(view, name, field)
        return self._answer(self._save(space, view_id, view), name)

    def put(self, space: str, view_id: str, name: str, field: dict[str, Any]) -> Any:
        """PUT …/runtime_field: create or replace."""
        view = spec_of(self.service.get(space, view_id))
        self._remove(view, name)
        self._add(view, name, field)
        return self._answer(self._save(space, view_id, view), name)

    def _existing(self, space: str, view_id: str, name: str) -> dict[str, Any]:
        view = spec_of(self.service.get(space, view_id))
        if name not in view["runtimeFieldMap"]:
            raise NotFound(messages.runtime_field_missing(view_id, name))
        return view

    def get(self, space: str, view_id: str, name: str) -> Any:
        """GET …/runtime_field/{name}."""
        view = self._existing(space, view_id, name)
        return {"fields": field_specs(view, name), "data_view": view}

    def update(self, space: str, view_id: str, name: str, changes: dict[str, Any]) -> Any:
        """POST …/runtime_field/{name}: the old field with the changes laid over it."""
        view = self._existing(space, view_id, name)
        old = dict(view["runtimeFieldMap"][name])
        attrs = view["fieldAttrs"].get(name, {})
        old.update({key: attrs[attr] for key, attr in _ATTRS if attr in attrs})
        if "count" in attrs:
            old["popularity"] = attrs["count"]
        self._remove(view, name)
        self._add(view, name, {**old, **changes})
        return self._answer(self._save(space, view_id, view), name)

    def delete(self, space: str, view_id: str, name: str) -> None:
        """DELETE …/runtime_field/{name}."""
        view = self._existing(space, view_id, name)
        self._remove(view, name)
        self._save(space, view_id, view)
