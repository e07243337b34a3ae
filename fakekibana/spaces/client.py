"""The spaces client: what Kibana's SpacesClient and its security wrapper do, per release.

7.8: the 7.7 build's spaces_client.js (soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1, folder
kibana/x-pack/plugins/spaces/server/lib/spaces_client/). 8.x: spaces_client.ts @ 041623b9fec2.
9.x: spaces_client.ts @ 01c1a0e852f8 and security's secure_spaces_client_wrapper.ts @ 05baa1ce5ca1.
Which release does what is decided by the version gates `spaces.*`.
"""

from __future__ import annotations

from typing import Any

from fakekibana.core import messages as core_messages
from fakekibana.core.errors import BadRequest, Conflict, Forbidden, NotFound
from fakekibana.core.security import Principal
from fakekibana.core.store import Shared
from fakekibana.core.versions import KibanaVersion
from fakekibana.features.catalogue import DEPRECATED_REPLACEMENTS
from fakekibana.spaces import messages
from fakekibana.spaces.store import SpaceStore

# The purposes secure_spaces_client_wrapper.ts checks, in its PURPOSE_PRIVILEGE_MAP order, and
# the fakekibana privilege that stands for the Kibana actions each needs: `login` (read),
# savedObjectsManagement's copyIntoSpace and shareIntoSpace UI actions (granted by its `all`),
# login and config find (read).
PURPOSES: dict[str, str] = {
    "any": "read",
    "copySavedObjectsIntoSpace": "all",
    "findSavedObjects": "read",
    "shareSavedObjectsIntoSpace": "all",
}
# transformSavedObjectToSpace's optional string attributes, in the order it writes them.
_OPTIONAL = ("description", "color", "initials", "imageUrl")


class SpacesClient:
    """Spaces as the configured release manages them."""

    def __init__(self, store: SpaceStore, shared: Shared, version: KibanaVersion) -> None:
        self.store = store
        self.shared = shared
        self.canonical = version.has("spaces.canonical_order")
        self.reserved_names_space = version.has("spaces.reserved_text_names_space")
        self.authorized_purposes = version.has("spaces.authorized_purposes")
        self.merged_update = version.has("spaces.update_answers_merged")
        self.trim_names = version.has("spaces.name_trimmed")
        self.replace_deprecated = version.has("spaces.deprecated_feature_ids_replaced")

    # --- how a space is answered and stored ---------------------------------------------------

    def view(self, space_id: str, attributes: dict[str, Any]) -> dict[str, Any]:
        """The space as the release answers it."""
        if not self.canonical:
            # 7.7 build transformSavedObjectToSpace: {id, ...savedObject.attributes}.
            return {"id": space_id, **attributes}
        # transformSavedObjectToSpace: every key in a fixed order, undefined ones dropped.
        space: dict[str, Any] = {"id": space_id, "name": attributes.get("name", "")}
        for key in _OPTIONAL:
            if key in attributes:
                space[key] = attributes[key]
        disabled = attributes.get("disabledFeatures", [])
        if self.replace_deprecated:
            # Deprecated feature ids read as the features that replace them.
            disabled = [new for old in disabled for new in DEPRECATED_REPLACEMENTS.get(old, [old])]
        space["disabledFeatures"] = disabled
        if "_reserved" in attributes:
            space["_reserved"] = attributes["_reserved"]
        if attributes.get("solution"):
            space["solution"] = attributes["solution"]
        return space

    def attributes(self, body: dict[str, Any], name: str) -> dict[str, Any]:
        """What a create or update writes to the space's saved object."""
        if not self.canonical:
            # 7.7 build: omit(space, ['id', '_reserved']), in the order the body was validated.
            return {key: value for key, value in body.items() if key not in ("id", "_reserved")}
        # generateSpaceAttributes: a fixed order; undefined values are not stored.
        attributes: dict[str, Any] = {"name": name}
        for key in _OPTIONAL:
            if key in body:
                attributes[key] = body[key]
        attributes["disabledFeatures"] = body["disabledFeatures"]
        if body.get("solution"):
            attributes["solution"] = body["solution"]
        return attributes

    # --- security (secure_spaces_client_wrapper.ts; 7.7 build spaces_client.js) -----------------

    @staticmethod
    def _manage(principal: Principal | None, refusal: str) -> None:
        # space.manage is a global privilege: only superusers hold it among fakekibana's roles.
        if principal is not None and not principal.may("*", "global_all"):
            raise Forbidden(refusal)

    # --- the operations -----------------------------------------------------------------------

    def get_all(self, query: dict[str, Any], principal: Principal | None) -> list[dict[str, Any]]:
        """GET /api/spaces/space: by name.keyword, those the user may see for the purpose."""
        purpose = query.get("purpose") or "any"
        include = query.get("include_authorized_purposes")
        if self.authorized_purposes and query.get("purpose") and include not in (None, False):
            raise BadRequest(messages.PURPOSE_AND_AUTHORIZED_PURPOSES)
        # Elasticsearch sorts keyword values by their UTF-8 bytes; ties keep index order.
        ordered = sorted(
            self.store.spaces.items(),
            key=lambda item: str(item[1].get("name", "")).encode("utf-8", "surrogatepass"),
        )
        if principal is None:
            return [self.view(space_id, attributes) for space_id, attributes in ordered]
        found = []
        for space_id, attributes in ordered:
            if self.authorized_purposes and include:
                allowed = {name: principal.may(space_id, need) for name, need in PURPOSES.items()}
                if any(allowed.values()):
                    found.append({**self.view(space_id, attributes), "authorizedPurposes": allowed})
            elif principal.may(space_id, PURPOSES[purpose]):
                found.append(self.view(space_id, attributes))
        if not found:
            raise Forbidden(messages.FORBIDDEN)
        return found

    def get(self, space_id: str, principal: Principal | None) -> dict[str, Any]:
        """GET /api/spaces/space/{id}: the privilege is checked before the space is looked up."""
        if principal is not None and not principal.may(space_id, "read"):
            raise Forbidden(messages.unauthorized_get(space_id))
        attributes = self.store.get(space_id)
        if attributes is None:
            raise NotFound(core_messages.NOT_FOUND)
        return self.view(space_id, attributes)

    def create(self, body: dict[str, Any], principal: Principal | None) -> dict[str, Any]:
        """POST /api/spaces/space: privilege, maxSpaces, then the id's uniqueness (409)."""
        self._manage(principal, messages.UNAUTHORIZED_CREATE)
        if len(self.store.spaces) >= messages.MAX_SPACES_DEFAULT:
            raise BadRequest(messages.MAX_SPACES)
        space_id = body["id"]
        name = body["name"].strip() if self.trim_names else body["name"]
        attributes = self.attributes(body, name)
        if self.store.get(space_id) is not None:
            raise Conflict(messages.space_exists(space_id))
        self.store.put(space_id, attributes)
        return self.view(space_id, attributes)

    def update(self, space_id: str, body: dict[str, Any], principal: Principal | None) -> Any:
        """PUT /api/spaces/space/{id}: a partial update of the stored attributes (the path's id
        wins over the body's), answered re-read (7.8, 8.x) or merged (9.4)."""
        self._manage(principal, messages.UNAUTHORIZED_UPDATE)
        existing = self.store.get(space_id)
        if existing is None:
            raise NotFound(core_messages.NOT_FOUND)
        name = body["name"]
        if self.trim_names and name != existing.get("name"):
            # A new name is trimmed; an unchanged one keeps its (legacy) whitespace.
            name = name.strip()
        written = self.attributes(body, name)
        # Elasticsearch's partial update: stored keys keep their place, new ones come last.
        stored = {**existing, **written}
        self.store.put(space_id, stored)
        if not self.merged_update:
            return self.view(space_id, stored)
        # {...existing.attributes, ...attributes}: generateSpaceAttributes' undefined values
        # hide the unsent optional keys from the answer (they stay stored).
        answered = {k: v for k, v in stored.items() if k not in _OPTIONAL or k in written}
        return self.view(space_id, answered)

    def delete(self, space_id: str, principal: Principal | None) -> None:
        """DELETE /api/spaces/space/{id}: reserved spaces stay; what was in the space goes."""
        self._manage(principal, messages.UNAUTHORIZED_DELETE)
        existing = self.store.get(space_id)
        if existing is None:
            raise NotFound(core_messages.NOT_FOUND)
        if existing.get("_reserved"):
            if self.reserved_names_space:
                raise BadRequest(messages.reserved(space_id))
            raise BadRequest(messages.RESERVED_7)
        self.store.delete(space_id)
        # repository.deleteByNamespace: every area drops what it keeps in the space.
        self.shared.space_deleted(space_id)
