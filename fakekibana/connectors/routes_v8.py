"""The connectors routes of Kibana 8.19/9.x: snake_case, and 8.19's deprecated camelCase ones.

Reference kibana-connectors-9x.md §2: `/api/actions/connector...` (7.13+), and until 9.0 the
legacy `/api/actions/action...`, `GET /api/actions`, `GET /api/actions/list_action_types` over
the same store with the 8.x key set. Every path is also served under `/s/{space_id}`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from fakekibana.connectors import handlers_v8 as h
from fakekibana.connectors import messages
from fakekibana.connectors import oauth_callback as oauth
from fakekibana.connectors.client_v8 import ConnectorsClient
from fakekibana.core.area import Call, Route
from fakekibana.core.errors import BadRequest
from fakekibana.core.schema_checks import utf16_length
from fakekibana.core.versions import KibanaVersion

Handler = Callable[[ConnectorsClient, Call], Any]

_ID_CHARACTERS = re.compile(r"[a-z0-9-]+")
# validate_connector_id.ts's CONNECTOR_ID_MAX_LENGTH.
_ID_MAX_LENGTH = 36


def check_connector_id(connector_id: str) -> None:
    """9.4+ (PR #255922): a caller-chosen id is at most 36 of `[a-z0-9-]`.

    The params schema is schema.string({minLength: 1, maxLength: 36, validate}), so Joi's length
    rule answers before the validate function for a long id (config-schema's own text); the
    function's texts are reached for the characters.
    """
    if not connector_id:
        return
    length = utf16_length(connector_id)
    if length > _ID_MAX_LENGTH:
        from fakekibana.core import messages as core  # noqa: PLC0415 - the rare path

        message = core.max_length(length, _ID_MAX_LENGTH)
        raise BadRequest(f"[request params.id]: {message}")
    if not _ID_CHARACTERS.fullmatch(connector_id):
        raise BadRequest(f"[request params.id]: {messages.CONNECTOR_ID_CHARACTERS}")


# (method, paths, handler, options): the snake_case family. Options: `gate`, the GATES feature a
# row needs; `license` False where the handler runs the plugin's licence check itself, or none.
_SNAKE: tuple[tuple[str, tuple[str, ...], Handler, dict[str, Any]], ...] = (
    # 9.4+: static paths, so before the `{id}` rows (aiohttp matches in the order added).
    (
        "GET",
        ("/api/actions/connector/_oauth_callback",),
        oauth.oauth_callback,
        {"gate": "connectors.oauth_callback", "query": True, "license": False},
    ),
    (
        "GET",
        ("/api/actions/connector/_oauth_callback_script",),
        oauth.oauth_callback_script,
        {"gate": "connectors.oauth_callback", "license": False},
    ),
    (
        "POST",
        ("/api/actions/connector", "/api/actions/connector/{id}"),
        h.create_connector,
        {"links": ("get_connector", "update_connector", "delete_connector", "execute_connector")},
    ),
    ("GET", ("/api/actions/connectors",), h.get_all_connectors, {}),
    ("GET", ("/api/actions/connector_types",), h.list_connector_types, {"query": True}),
    ("GET", ("/api/actions/connector/{id}",), h.get_connector, {}),
    ("PUT", ("/api/actions/connector/{id}",), h.update_connector, {}),
    ("DELETE", ("/api/actions/connector/{id}",), h.delete_connector, {"status": 204}),
    ("POST", ("/api/actions/connector/{id}/_execute",), h.execute_connector, {}),
)

# 8.19's camelCase family (removed in 9.0 by PR #197510).
_LEGACY: tuple[tuple[str, tuple[str, ...], Handler, dict[str, Any]], ...] = (
    (
        "POST",
        ("/api/actions/action",),
        h.legacy_create_connector,
        {"links": ("legacy_get_connector", "legacy_update_connector", "legacy_delete_connector")},
    ),
    ("GET", ("/api/actions",), h.legacy_get_all_connectors, {}),
    ("GET", ("/api/actions/list_action_types",), h.legacy_list_connector_types, {}),
    ("GET", ("/api/actions/action/{id}",), h.legacy_get_connector, {}),
    ("PUT", ("/api/actions/action/{id}",), h.legacy_update_connector, {}),
    ("DELETE", ("/api/actions/action/{id}",), h.legacy_delete_connector, {"status": 204}),
    ("POST", ("/api/actions/action/{id}/_execute",), h.legacy_execute_connector, {}),
)


def build_routes(client: ConnectorsClient, version: KibanaVersion) -> tuple[Route, ...]:
    """The connectors routes this release serves, with handlers bound to its client."""
    families = []
    if version.has("connectors.snake_case_routes"):
        families.append(("connectors", "connectors", _SNAKE))
    if version.has("actions.release_routes"):
        families.append(("actions_legacy", "connectors (deprecated)", _LEGACY))
    check_id = check_connector_id if version.has("connectors.id_validation") else None
    routes = []
    for folder, tag, rows in families:
        for method, paths, handler, options in rows:
            if "gate" in options and not version.has(options["gate"]):
                continue
            routes.append(
                Route(
                    method,
                    paths,
                    handler.__name__,
                    functools.partial(handler, client),
                    folder,
                    None,
                    client.check_plugin_license if options.get("license", True) else None,
                    tag=tag if handler is not h.list_connector_types else "connector types",
                    status=options.get("status", 200),
                    query=options.get("query", False),
                    plugin="actions",
                    links=options.get("links", ()),
                    check_id=check_id if handler is h.create_connector else None,
                )
            )
    return tuple(routes)
