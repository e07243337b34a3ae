"""The saved-object types a default Kibana registers, per release: scope, hidden, migrations.

Reference kibana-saved-objects-spaces.md §2.8. A type's scope is Kibana's `namespaceType`:
`single` (one object per space, its raw id prefixed by the space), `multiple-isolated` (one
object in exactly one space, its raw id unprefixed, so the id is unique across spaces),
`multiple` (shareable to several spaces or to `*`) and `agnostic` (in no space, seen from all).
Hidden types exist but the HTTP API refuses them as it refuses unknown types.
"""

from __future__ import annotations

import dataclasses

from fakekibana.core.versions import KibanaVersion

SINGLE = "single"
MULTIPLE = "multiple"
ISOLATED = "multiple-isolated"
AGNOSTIC = "agnostic"

# coreMigrationVersion of every 8.x/9.x answer (§2.4).
CORE_MIGRATION_VERSION = "8.8.0"


@dataclasses.dataclass(frozen=True)
class SavedObjectType:
    """One registered type as the configured release has it."""

    name: str
    scope: str
    hidden: bool
    # 8.x/9.x: the type's latest version (typeMigrationVersion, also migrationVersion's value);
    # 7.8: the migrationVersion value, None for a type without migrations (answered `{}`).
    migration: str | None
    # management.importableAndExportable: what _export, _import and copy to space take.
    importable: bool = True

    @property
    def multi_namespace(self) -> bool:
        """Kibana's isMultiNamespace: one object, listed in `namespaces`."""
        return self.scope in (MULTIPLE, ISOLATED)

    @property
    def shareable(self) -> bool:
        """Kibana's isShareable: may live in several spaces at once."""
        return self.scope == MULTIPLE


# 8.x/9.x (§2.8). typeMigrationVersion: dashboard 10.4.0, visualization 8.5.0 and tag 8.0.0 are
# the reference's fixtures (§2.4); index-pattern's 8.0.0 is its convertToMultiNamespaceTypeVersion.
# The others are UNCONFIRMED: 8.0.0 is chosen (the release that made them multi-namespace), and
# 8.19 is given 9.x's values. The scopes of the types after `config` are UNCONFIRMED (§2.8).
_TYPES_8: tuple[tuple[str, str, bool, str], ...] = (
    ("index-pattern", MULTIPLE, False, "8.0.0"),
    ("dashboard", ISOLATED, False, "10.4.0"),
    ("config", SINGLE, False, "8.0.0"),
    ("visualization", ISOLATED, False, "8.5.0"),
    ("search", ISOLATED, False, "8.0.0"),
    ("lens", ISOLATED, False, "8.0.0"),
    ("map", ISOLATED, False, "8.0.0"),
    ("canvas-workpad", ISOLATED, False, "8.0.0"),
    ("canvas-element", ISOLATED, False, "8.0.0"),
    ("graph-workspace", ISOLATED, False, "8.0.0"),
    ("tag", ISOLATED, False, "8.0.0"),
    ("query", ISOLATED, False, "8.0.0"),
    ("url", ISOLATED, False, "8.0.0"),
    ("links", ISOLATED, False, "8.0.0"),
    ("event-annotation-group", ISOLATED, False, "8.0.0"),
    # Hidden (§2.1, §2.8): refused by the HTTP API.
    ("action", ISOLATED, True, "8.0.0"),
    ("alert", SINGLE, True, "8.0.0"),
    ("cases", SINGLE, True, "8.0.0"),
    ("space", AGNOSTIC, True, "8.0.0"),
    # Core's legacyUrlAliasType (src/core/packages/saved-objects/server-internal/src/
    # object_types/registration.ts @ b97d0cd6): `hidden: false`, so the HTTP API serves
    # it (create, get, find ...), but no `management`, so it is neither importable nor
    # exportable. Its one migration is 8.2.0's (which added `purpose`): typeMigrationVersion
    # 8.2.0 (DERIVED: the latest migration is the type's version).
    ("legacy-url-alias", AGNOSTIC, False, "8.2.0"),
)
# Types the HTTP API serves that have no management.importableAndExportable.
_NOT_IMPORTABLE = frozenset(("legacy-url-alias",))

# 7.8: every type is single-namespace (7.x had no multi-namespace types in this set, §2.8).
# migrationVersion values are UNCONFIRMED, chosen as the last migration each type's 7.7 plugin
# registers as far as known; None for types without migrations. tag, links and
# event-annotation-group did not exist yet.
_TYPES_7: tuple[tuple[str, str, bool, str | None], ...] = (
    ("index-pattern", SINGLE, False, "7.6.0"),
    ("dashboard", SINGLE, False, "7.3.0"),
    ("config", SINGLE, False, None),
    ("visualization", SINGLE, False, "7.4.2"),
    ("search", SINGLE, False, "7.4.0"),
    ("lens", SINGLE, False, "7.7.0"),
    ("map", SINGLE, False, "7.7.0"),
    ("canvas-workpad", SINGLE, False, None),
    ("canvas-element", SINGLE, False, None),
    ("graph-workspace", SINGLE, False, "7.0.0"),
    ("query", SINGLE, False, None),
    ("url", SINGLE, False, None),
    ("action", SINGLE, True, None),
    ("alert", SINGLE, True, None),
    ("space", AGNOSTIC, True, None),
)


def registry(version: KibanaVersion) -> dict[str, SavedObjectType]:
    """The types the release registers, by name, in registration order."""
    rows = _TYPES_8 if version.has("saved_objects.v8") else _TYPES_7
    return {
        name: SavedObjectType(name, scope, hidden, mig, name not in _NOT_IMPORTABLE)
        for name, scope, hidden, mig in rows
    }
