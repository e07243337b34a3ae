"""7.8's case configuration, the connectors a case can use, and recording a push.

server/routes/api/cases/configure/{get,post,patch}_configure.ts, get_connectors.ts and
cases/push_case.ts of the 7.7.0 build and the 7.8-era sources (reference kibana-cases.md
§2.1, §3.1, §6, §7.1). In 7.8 the client pushes: it runs the connector's pushToService through
the actions API, then records the push here; Kibana never calls the connector on this route.
"""

from __future__ import annotations

import copy
from typing import Any

from fakekibana.cases.client import CasesNotFound as CaseNotFound
from fakekibana.cases.legacy import codecs, esorder, messages, view
from fakekibana.cases.legacy import iots as rt
from fakekibana.cases.legacy.client import LegacyCasesClient
from fakekibana.core.errors import Conflict
from fakekibana.core.security import Principal

_CONFIGURE = "cases-configure"
# SUPPORTED_CONNECTORS of the 7.8-era case plugin (reference §1 sources, §6.1).
SUPPORTED_CONNECTORS = (".servicenow", ".jira")


def _answer(
    configuration: dict[str, Any], attributes: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`{...attributes, version}` (§3.1, §6.2)."""
    held = configuration["attributes"] if attributes is None else attributes
    return {**copy.deepcopy(held), "version": configuration["version"]}


class LegacyConfigure:
    """The configuration, connector list and push-recording routes' work."""

    def __init__(self, cases: LegacyCasesClient) -> None:
        self.cases = cases
        self.store = cases.store

    def get(self, space: str, principal: Principal | None) -> dict[str, Any]:
        """get_configure.ts: the space's configuration, or `{}`."""
        self.cases.allow(principal, space, "find", _CONFIGURE, write=False)
        configuration = self.store.configuration(space)
        return _answer(configuration) if configuration is not None else {}

    def post(self, space: str, body: Any, principal: Principal | None) -> dict[str, Any]:
        """post_configure.ts: decode (400, no excess check: other keys are stored too), delete
        the existing configuration, write the new one."""
        request = rt.decode(codecs.CONFIGURE, body)
        self.cases.allow(principal, space, "create", _CONFIGURE, write=True)
        now = self.cases.now()
        attributes = {
            **request,
            "created_at": now,
            "created_by": view.user(principal),
            "updated_at": None,
            "updated_by": None,
        }
        configuration = {
            "id": self.cases.shared.ids.new(),
            "version": self.store.next_version(),
            "attributes": attributes,
        }
        self.store.put_configuration(space, configuration)
        return _answer(configuration)

    def patch(self, space: str, body: Any, principal: Principal | None) -> dict[str, Any]:
        """patch_configure.ts: decode (400), a configuration must exist (409) at this version
        (409); answers the old attributes merged with the patch."""
        request = rt.decode(codecs.CONFIGURE_PATCH, body)
        self.cases.allow(principal, space, "find", _CONFIGURE, write=False)
        configuration = self.store.configuration(space)
        if configuration is None:
            raise Conflict(messages.CONFIGURE_FIRST)
        if request["version"] != configuration["version"]:
            raise Conflict(messages.CONFIGURE_CONFLICT)
        self.cases.allow(principal, space, "update", _CONFIGURE, write=True)
        changes = {key: value for key, value in request.items() if key != "version"}
        changes |= {"updated_at": self.cases.now(), "updated_by": view.user(principal)}
        answered = {**copy.deepcopy(configuration["attributes"]), **changes}
        esorder.update(configuration["attributes"], changes)
        configuration["version"] = self.store.next_version()
        self.store.put_configuration(space, configuration)
        return _answer(configuration, answered)

    def connectors(self, space: str, principal: Principal | None) -> list[dict[str, Any]]:
        """get_connectors.ts: actionsClient.getAll() filtered to the supported types — a plain
        array (§6.1: UNCONFIRMED for 7.8.0, the reference's better bet over the paged object
        of 7.7 and the 7.8 guide)."""
        self.cases.allow(principal, space, "find", "action", write=False)
        connectors: list[dict[str, Any]] = self.cases.connectors.get_all(space)
        return [c for c in connectors if c["actionTypeId"] in SUPPORTED_CONNECTORS]

    def record_push(
        self, space: str, case_id: str, body: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """push_case.ts (§7.1): decode (400), the case (404), closed (409), its connector
        (404), then external_service, the comments' pushed_*, and the user actions."""
        request = rt.decode(codecs.PUSH, body)
        self.cases.allow(principal, space, "get", "cases", write=False)
        document = self.cases.found(space, case_id)
        attributes = document["attributes"]
        if attributes["status"] == "closed":
            raise Conflict(messages.closed_case(attributes["title"]))
        configuration = self.store.configuration(space)
        own = attributes.get("connector_id")
        connector_id = own if own is not None else self.cases.configured_id(space)
        known = {c["id"] for c in self.cases.connectors.get_all(space)}
        if connector_id not in known:
            raise CaseNotFound(messages.CONNECTOR_NOT_FOUND)
        self.cases.allow(principal, space, "update", "cases", write=True)
        now, pusher = self.cases.now(), view.pusher(principal)
        # {pushed_at, pushed_by, ...body}: any other key the body carried is kept (§7.1).
        external = {"pushed_at": now, "pushed_by": pusher, **request}
        closes = bool(
            configuration and configuration["attributes"].get("closure_type") == "close-by-pushing"
        )
        changes: dict[str, Any] = {}
        if closes:
            changes = {"status": "closed", "closed_at": now, "closed_by": view.user(principal)}
        changes |= {
            "external_service": external,
            "updated_at": now,
            "updated_by": pusher,
            "connector_id": connector_id,
        }
        answered = {**copy.deepcopy(attributes), **changes}
        esorder.update(attributes, changes)
        document["version"] = self.store.next_version()
        # Comments never pushed get pushed_at/pushed_by; the answer shows them as written.
        comments = []
        stamp = {"pushed_at": now, "pushed_by": pusher}
        for stored in document["comments"]:
            if stored["attributes"]["pushed_at"] is None:
                written = {**copy.deepcopy(stored["attributes"]), **stamp}
                esorder.update(stored["attributes"], stamp)
                stored["version"] = self.store.next_version()
                comments.append(view.comment(stored, written))
            else:
                comments.append(view.comment(stored))
        self.store.put(space, document)
        if closes:
            self.cases.record(
                space, case_id, "update", ["status"], (principal, now), new="closed", old="open"
            )
        new = rt.js_json(external)
        self.cases.record(space, case_id, "push-to-service", ["pushed"], (principal, now), new=new)
        return view.case(document, answered, comments, self.cases.configured_id(space))
