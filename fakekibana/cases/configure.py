"""Case configurations (8.19 / 9.x): get, create, patch, and the connectors a case can use.

server/client/configure/client.ts @ 03a71470 (reference kibana-cases.md §2.2, §6): one
configuration per owner and space; POST replaces the owner's configuration; PATCH is by id and
needs the current `version` (409). Request codecs are common/types/api/configure/v1.ts @
00cb93bf without what came after 9.4 (number custom fields, `analytics_enabled`, `workflowTags`;
UNCONFIRMED per minor, left out). Answers are decoded by ConfigurationRt (§6.2): `connector,
closure_type, customFields, templates, observableTypes` in stored order, `owner`, the four
bookkeeping keys, then `mappings, version, error, id`. Simplifications: the duplicated-key and
template custom-field checks of the validators are not run; `mappings` are the connector
type's static field mappings, so `error` is always null.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakekibana.cases import codecs, messages, view
from fakekibana.cases import decode as rt
from fakekibana.cases.store import Configuration
from fakekibana.core.errors import Conflict, Forbidden, NotFound
from fakekibana.core.security import Principal

if TYPE_CHECKING:
    from fakekibana.cases.client import CasesClient

# common/constants/index.ts (the io-ts releases).
MAX_CUSTOM_FIELD_KEY_LENGTH = 36
MAX_CUSTOM_FIELD_LABEL_LENGTH = 50
MAX_TEMPLATE_KEY_LENGTH = 36
MAX_TEMPLATE_NAME_LENGTH = 50
MAX_TEMPLATE_DESCRIPTION_LENGTH = 1000
MAX_TEMPLATES_LENGTH = 10
MAX_TEMPLATE_TAG_LENGTH = 50
MAX_TAGS_PER_TEMPLATE = 10
MAX_OBSERVABLE_TYPES = 10
MAX_OBSERVABLE_TYPE_LABEL_LENGTH = 50
# MAX_SUPPORTED_CONNECTORS_RETURNED (§6.1).
MAX_CONNECTORS = 1000


def _key(field: str, maximum: int) -> rt.Codec:
    """regexStringRt over limitedStringSchema: `^[a-z0-9_-]+$` with its own message."""
    limited = rt.limited_string(field, 1, maximum)

    def codec(value: Any, path: tuple[str, ...]) -> tuple[Any, list[str]]:
        decoded, errors = limited(value, path)
        if errors:
            return decoded, errors
        if not value or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789_-" for c in value):
            return rt.MISSING, [messages.CONFIGURE_KEY_PATTERN]
        return value, []

    return codec


def _custom_field(kind: str, default: rt.Codec) -> rt.Codec:
    return rt.intersection(
        rt.strict({"type": rt.keyof(kind)}),
        rt.strict(
            {
                "key": _key("key", MAX_CUSTOM_FIELD_KEY_LENGTH),
                "label": rt.limited_string("label", 1, MAX_CUSTOM_FIELD_LABEL_LENGTH),
                "required": rt.boolean,
            }
        ),
        rt.strict({"defaultValue": rt.nullable(default)}, optional=True),
    )


CUSTOM_FIELDS = rt.limited_array(
    rt.union(
        _custom_field("text", rt.limited_string("defaultValue", 1, 160)),
        _custom_field("toggle", rt.boolean),
    ),
    "customFields",
    0,
    codecs.MAX_CUSTOM_FIELDS_PER_CASE,
)
OBSERVABLE_TYPES = rt.limited_array(
    rt.strict(
        {
            "key": _key("key", MAX_CUSTOM_FIELD_KEY_LENGTH),
            "label": rt.limited_string("label", 1, MAX_OBSERVABLE_TYPE_LABEL_LENGTH),
        }
    ),
    "observableTypes",
    0,
    MAX_OBSERVABLE_TYPES,
)
# CaseBaseOptionalFieldsRequestRt: a template's case fields, each optional.
_CASE_FIELDS = rt.strict(
    {
        "description": codecs.DESCRIPTION,
        "tags": codecs.TAGS,
        "title": codecs.TITLE,
        "connector": codecs.CONNECTOR,
        "severity": codecs.SEVERITY,
        "assignees": codecs.ASSIGNEES,
        "category": codecs.CATEGORY,
        "customFields": codecs.CUSTOM_FIELDS,
        "settings": codecs.SETTINGS,
    },
    optional=True,
)
TEMPLATES = rt.limited_array(
    rt.intersection(
        rt.strict(
            {
                "key": _key("key", MAX_TEMPLATE_KEY_LENGTH),
                "name": rt.limited_string("name", 1, MAX_TEMPLATE_NAME_LENGTH),
                "caseFields": rt.union(rt.null, _CASE_FIELDS),
            }
        ),
        rt.strict(
            {
                "description": rt.limited_string("description", 0, MAX_TEMPLATE_DESCRIPTION_LENGTH),
                "tags": rt.limited_array(
                    rt.limited_string("template's tag", 1, MAX_TEMPLATE_TAG_LENGTH),
                    "template's tags",
                    0,
                    MAX_TAGS_PER_TEMPLATE,
                ),
            },
            optional=True,
        ),
    ),
    "templates",
    0,
    MAX_TEMPLATES_LENGTH,
)
CLOSURE_TYPE = rt.keyof("close-by-user", "close-by-pushing")
_OPTIONAL = {
    "customFields": CUSTOM_FIELDS,
    "templates": TEMPLATES,
    "observableTypes": OBSERVABLE_TYPES,
}
# ConfigurationRequestRt and ConfigurationPatchRequestRt.
CREATE = rt.intersection(
    rt.strict({"connector": codecs.CONNECTOR, "closure_type": CLOSURE_TYPE, "owner": rt.string}),
    rt.strict(_OPTIONAL, optional=True),
)
PATCH = rt.intersection(
    rt.strict(
        {"closure_type": CLOSURE_TYPE, "connector": codecs.CONNECTOR, **_OPTIONAL}, optional=True
    ),
    rt.strict({"version": rt.string}),
)
GET = rt.strict({"owner": rt.union(rt.array(rt.string), rt.string)}, optional=True)
# ConfigurationRt's first group (§6.2), in stored order.
_GROUP = frozenset(("connector", "closure_type", "customFields", "templates", "observableTypes"))
_BOOKKEEPING = ("created_at", "created_by", "updated_at", "updated_by")


def _mapping(source: str, target: str, action_type: str) -> dict[str, str]:
    return {"source": source, "target": target, "action_type": action_type}


# The cases connectors' getMapping (server/connectors/<type>/*mapping.ts); §7.2 gives ITSM's
# and Jira's; SIR's and Resilient's are DERIVED, the other types answer [] (UNCONFIRMED).
_SERVICENOW = (
    _mapping("title", "short_description", "overwrite"),
    _mapping("description", "description", "overwrite"),
    _mapping("comments", "work_notes", "append"),
)
MAPPINGS: dict[str, tuple[dict[str, str], ...]] = {
    ".servicenow": _SERVICENOW,
    ".servicenow-sir": _SERVICENOW,
    ".jira": (
        _mapping("title", "summary", "overwrite"),
        _mapping("description", "description", "overwrite"),
        _mapping("comments", "comments", "append"),
    ),
    ".resilient": (
        _mapping("title", "name", "overwrite"),
        _mapping("description", "description", "overwrite"),
        _mapping("comments", "comments", "append"),
    ),
}


def answer(stored: Configuration) -> dict[str, Any]:
    """A configuration as ConfigurationRt decodes it (§6.2)."""
    attributes = stored["attributes"]
    result = {key: value for key, value in attributes.items() if key in _GROUP}
    result["connector"] = view.connector(attributes["connector"])
    result["owner"] = attributes["owner"]
    result.update({key: attributes[key] for key in _BOOKKEEPING})
    mappings = MAPPINGS.get(attributes["connector"]["type"], ())
    result["mappings"] = [dict(mapping) for mapping in mappings]
    result["version"] = stored["version"]
    result["error"] = None
    result["id"] = stored["id"]
    return result


class ConfigureClient:
    """The configuration sub-client over the cases client's store."""

    def __init__(self, cases: CasesClient) -> None:
        self.cases = cases
        self.store = cases.store

    def get(self, space: str, query: Any) -> list[dict[str, Any]]:
        """GET /api/cases/configure: the space's configurations (of the owners asked for)."""
        owner = rt.decode_or_throw(GET, query).get("owner")
        owners = None if owner is None else owner if isinstance(owner, list) else [owner]
        return [
            answer(stored)
            for stored in self.store.configurations_of(space).values()
            if owners is None or stored["attributes"]["owner"] in owners
        ]

    def create(self, space: str, body: Any, principal: Principal | None) -> dict[str, Any]:
        """POST /api/cases/configure: decode (400), templates' assignees licence (403),
        authorize (403), then the owner's configuration is replaced by the new one."""
        request = rt.decode_or_throw(CREATE, body)
        self._check_templates(request.get("templates"))
        self.cases.authorize(principal, space, [request["owner"]], "create case configuration")
        for existing in list(self.store.configurations_of(space).values()):
            if existing["attributes"]["owner"] == request["owner"]:
                self.store.delete_configuration(space, existing["id"])
        # The stored order of create(): the request, the defaults, the bookkeeping.
        attributes = {
            **request,
            "customFields": request.get("customFields", []),
            "templates": request.get("templates", []),
            "connector": request["connector"],
            "created_at": self.cases.now(),
            "created_by": view.user(principal),
            "updated_at": None,
            "updated_by": None,
            "observableTypes": request.get("observableTypes", []),
        }
        stored: Configuration = {
            "id": self.cases.shared.ids.new(),
            "version": self.store.next_version(),
            "attributes": attributes,
        }
        self.store.put_configuration(space, stored)
        return answer(stored)

    def update(
        self, space: str, configuration_id: str, body: Any, principal: Principal | None
    ) -> dict[str, Any]:
        """PATCH /api/cases/configure/{configuration_id}: decode (400), the configuration
        (404), licence (403), authorize (403), the version (409), then the changes."""
        request = rt.decode_or_throw(PATCH, body)
        stored = self.store.configurations_of(space).get(configuration_id)
        if stored is None:
            raise NotFound(messages.saved_object_not_found("cases-configure", configuration_id))
        self._check_templates(request.get("templates"))
        owner = stored["attributes"]["owner"]
        self.cases.authorize(principal, space, [owner], "update case configuration")
        if request["version"] != stored["version"]:
            raise Conflict(messages.CONFIGURE_CONFLICT)
        changes = {key: value for key, value in request.items() if key != "version"}
        stored["attributes"].update(
            {**changes, "updated_at": self.cases.now(), "updated_by": view.user(principal)}
        )
        stored["version"] = self.store.next_version()
        self.store.put_configuration(space, stored)
        return answer(stored)

    def _check_templates(self, templates: Any) -> None:
        """validateTemplates: assignees in a template need Platinum (403)."""
        assigned = any(
            (template.get("caseFields") or {}).get("assignees") for template in templates or []
        )
        if assigned and self.cases.settings.license not in ("platinum", "enterprise", "trial"):
            raise Forbidden(messages.ASSIGNEES_LICENSE)

    def closes_by_pushing(self, space: str, owner: str) -> bool:
        """Whether the owner's configuration closes a case when it is pushed (§7.2 step 4)."""
        return any(
            stored["attributes"]["owner"] == owner
            and stored["attributes"]["closure_type"] == "close-by-pushing"
            for stored in self.store.configurations_of(space).values()
        )

    def connectors(self, space: str) -> list[dict[str, Any]]:
        """GET /api/cases/configure/connectors/_find: getConnectors (§6.1) over the actions
        client: connectors whose type supports `cases` and is enabled by the licence, by name,
        at most 1000, decoded by FindActionConnectorResponseRt (`id, actionTypeId, name,
        isPreconfigured, isDeprecated, isSystemAction, referencedByCount`, then `isMissingSecrets,
        config` where present; the order inside each group is getAll's, UNCONFIRMED)."""
        actions = self.cases.connectors
        found = []
        for listed in actions.get_all_connectors(space):
            connector_type = actions.types.get(listed["connector_type_id"])
            if connector_type is None:
                continue
            if "cases" not in actions.feature_ids(connector_type):
                continue
            if not actions.license_valid_for(connector_type):
                continue
            item: dict[str, Any] = {
                "id": listed["id"],
                "actionTypeId": listed["connector_type_id"],
                "name": listed["name"],
                "isPreconfigured": listed["is_preconfigured"],
                "isDeprecated": listed["is_deprecated"],
                "isSystemAction": listed["is_system_action"],
                "referencedByCount": listed.get("referenced_by_count", 0),
            }
            if "is_missing_secrets" in listed:
                item["isMissingSecrets"] = listed["is_missing_secrets"]
            if "config" in listed:
                item["config"] = listed["config"]
            found.append(item)
        return found[:MAX_CONNECTORS]
