"""The saved objects routes that move objects in and out: _export, _import,
_resolve_import_errors, and the Spaces copy routes built on them.

routes/export.ts, import.ts, resolve_import_errors.ts @ the commits reference
kibana-saved-objects-spaces.md §2.1 names; 7.8: the 7.7 build's routes/*.js. None of them is
deprecated (no `warning` header, §1.2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.core import jsonio
from fakekibana.core.area import Call, Reply
from fakekibana.core.errors import KibanaError
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import export
from fakekibana.saved_objects.client import SavedObjectsClient

PREFIX = "/api/saved_objects"
JSON = "application/json; charset=utf-8"
Row = tuple[str, tuple[str, ...], Callable[[SavedObjectsClient, Call], Any], dict[str, Any]]


def _boom_with_attributes(error: KibanaError) -> Reply:
    # The core's error schemas know `attributes` only as the kbn-version mismatch's; these
    # routes document their own (`attributes.objects`) in their response schemas.
    return Reply(error.status, jsonio.dumps(error.to_body()), JSON)


def export_saved_objects(client: SavedObjectsClient, call: Call) -> Any:
    """POST /api/saved_objects/_export."""
    try:
        return export.export_objects(client, call.space, call.body)
    except KibanaError as error:
        if error.attributes is None:
            raise
        return _boom_with_attributes(error)


def rows(version: KibanaVersion) -> list[Row]:
    """The rows of this release, static paths (they go before the `{type}` routes)."""
    variant = "" if version.has("saved_objects.v8") else ".v7"
    return [
        ("POST", (f"{PREFIX}/_export",), export_saved_objects, {"variant": variant, "headers": ()}),
    ]
