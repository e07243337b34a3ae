"""Kibana versions: which releases fakekibana speaks, and the one table of version gates.

Behaviour that differs between Kibana releases is looked up here by feature name
(`version.has("feature")`), the way Kibana's release notes read: each gate names the first
release that has the feature, the first that no longer has it (if any), and the source. Areas
ask the gates; nothing else compares version numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from fakekibana.core.errors import FakeKibanaError

DEFAULT_VERSION = "7.8.0"

# The release lines fakekibana serves (major, minor); any patch release of a line is accepted.
SUPPORTED_LINES: tuple[tuple[int, int], ...] = (
    (7, 8),
    (8, 19),
    (9, 0),
    (9, 1),
    (9, 2),
    (9, 3),
    (9, 4),
)

_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")


@dataclasses.dataclass(frozen=True)
class Gate:
    """A feature of Kibana: the first release with it, the first without it, and the source."""

    since: tuple[int, int, int]
    until: tuple[int, int, int] | None
    source: str


def _v(text: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in text.split("."))
    return major, minor, patch


# feature -> Gate. Where the reference leaves a release open, the choice and its reason are
# written beside the row.
GATES: dict[str, Gate] = {
    # The seed page's routes (/api/action, /api/action/_getAll, /api/action/types, _find):
    # Kibana 7.7's actions plugin; the 7.8 profile keeps serving them beside the 7.8 names.
    # Removed with the rest of the 7.x names by 8.0 (reference core §2, kibana-cases-and-8x §3.1).
    "actions.seed_routes": Gate(_v("7.7.0"), _v("8.0.0"), "kibana-actions-core.md §2"),
    # 7.8's release names /api/actions/action..., GET /api/actions, list_action_types
    # (PR #65936 v7.8.0); deprecated in 7.13, removed in 9.0 by PR #197510.
    "actions.release_routes": Gate(_v("7.8.0"), _v("9.0.0"), "kibana-connectors-9x.md §1.1, §1.2"),
    # /s/default/... is not rewritten by 7.x's spaces plugin, so it matches no route; the 8.x/9.x
    # clients (the Terraform provider) rely on it working (reference §11, inferred there).
    "spaces.default_prefix_served": Gate(_v("8.0.0"), None, "kibana-connectors-9x.md §11"),
    # --- connectors, 8.x/9.x (reference kibana-connectors-9x.md §1) ---
    # /api/actions/connector..., /api/actions/connectors, /api/actions/connector_types (7.13,
    # PRs #92451, #94180).
    "connectors.snake_case_routes": Gate(_v("7.13.0"), None, "kibana-connectors-9x.md §1.1"),
    # The built-in types moved to the stack_connectors plugin (x-pack/plugins/stack_connectors,
    # reference's SC8/ prefix); fakekibana's 8.19/9.x type modules and schemas are that set.
    # First release UNCONFIRMED (8.x): only 8.19+ are served, so 8.0 is the row's start.
    "connectors.stack_types": Gate(_v("8.0.0"), None, "kibana-connectors-9x.md §0, §8"),
    # is_connector_type_deprecated on connectors, is_deprecated on types (PR #236662, Sept 2025,
    # backport:skip: the first release cut after it is 9.3, as the reference places it).
    "connectors.type_deprecation_keys": Gate(_v("9.3.0"), None, "kibana-connectors-9x.md §6"),
    # Caller-chosen ids: at most 36 of [a-z0-9-] (PR #255922, v9.4.0).
    "connectors.id_validation": Gate(_v("9.4.0"), None, "kibana-connectors-9x.md §1.2, §2.3"),
    # GET /api/actions/connector/_oauth_callback and _oauth_callback_script (before 9.4 the
    # callback was INTERNAL_BASE_ACTION_API_PATH's, oauth_callback.ts @ 04d63746).
    "connectors.oauth_callback": Gate(
        _v("9.4.0"),
        None,
        "kibana-py connectors.py docstrings 'Added in Kibana 9.4.0'; "
        "x-pack/platform/plugins/shared/actions/server/routes/oauth_callback.ts @ f555c2e7",
    ),
    # --- stack connector types and feature ids (reference kibana-connectors-9x.md §8)
    # The `workflows` feature id: PR #243042 (merged 2025-11-14, backport:skip), so the first
    # minor cut after it, 9.3 (reference §1.2).
    "connectors.feature.workflows": Gate(
        _v("9.3.0"), None, "elastic/kibana PR #243042; kibana-connectors-9x.md §1.2, §8.2"
    ),
    # The `agentBuilder` feature id: PR #257491 "add Agent Builder compatibility to connectors"
    # (merged 2026-03, no backport label seen); Agent Builder connectors are documented as
    # "preview 9.4+" (elastic/docs-content PR #6069). The reference leaves the minor open.
    "connectors.feature.agentBuilder": Gate(
        _v("9.4.0"), None, "elastic/kibana PR #257491; elastic/docs-content PR #6069"
    ),
    # .jira-service-management: registered by PR #231155 (phase 1) and #235408 (phase 2,
    # 2025-09-17); elastic/docs-content issue #2880 names 9.2 as its release. Absent from the
    # 8.x registry (connector_types/index.ts @ 051418ca).
    "connectors.type..jira-service-management": Gate(
        _v("9.2.0"), None, "elastic/kibana PRs #231155, #235408; elastic/docs-content #2880"
    ),
    # Webhook OAuth2 client credentials (secrets.clientSecret) and the secrets rule naming it:
    # 9.2 per elastic/docs-content #2829 and the rows file (kibana PR #238072).
    "connectors.webhook.oauth2": Gate(
        _v("9.2.0"), None, "elastic/docs-content #2829; elastic/kibana PR #238072"
    ),
    # @kbn/connector-schemas and zod (PRs #239983, #240177, #240186, #240315, labelled v9.3.0):
    # 'error validating connector type config: Field "apiUrl": Required', zod's texts for
    # sub-action params and the 9.3 wording of the webhook secrets rule. Which minor
    # moved each type is UNCONFIRMED (reference §5); all move together at 9.3 here.
    "connectors.zod_schemas": Gate(_v("9.3.0"), None, "kibana-connectors-9x.md §1.2, §5"),
    # --- status, stats, features, spaces
    # GET /api/status answers the v8 shape by default, ?v7format=true the legacy one, both flags
    # a 400, with authRequired 'optional' and a redacted body for anonymous callers; 7.8 keeps
    # the legacy platform's route (PR #110830, v8.0.0). The redacted body's first release is
    # UNCONFIRMED; every 8.x/9.x line fakekibana serves has it.
    "status.v8_default": Gate(_v("8.0.0"), None, "kibana-cases-and-8x.md §5; connectors-9x §9"),
    # The event loop histogram's 90th percentile: in event_loop_delays_monitor.ts at 1a7bf6ce
    # (main), absent at 0bd78a68 (before the move to src/core/packages) and from an 8.16
    # answer. The first release is UNCONFIRMED: 9.4, the newest line, is chosen.
    "status.event_loop_p90": Gate(
        _v("9.4.0"), None, "event_loop_delays_monitor.ts @ 1a7bf6cebf7ee290a7f522d6dd7d525d6ab96b3d"
    ),
    # GET /api/stats from usage_collection (config-schema query, `processes`,
    # `elasticsearch_client`, no `timestamp`, `usage` always {}); 7.8 has the legacy route
    # (Joi query, `timestamp`). The move's release is UNCONFIRMED between 7.8 and 8.19, which
    # fakekibana does not serve: 8.0 is chosen.
    "stats.core_route": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §5, §7"),
    # /api/features lists 9.x's features (category, scope, the *_v2 ids); 7.8 its own (icon,
    # navLinkId). `scope` arrived in 8.16 (PR #191634); whether 8.19 lists exactly 9.x's
    # features is UNCONFIRMED (reference §4): 8.19 is served 9.x's list.
    "features.scoped": Gate(_v("8.16.0"), None, "kibana-saved-objects-spaces.md §4; PR #191634"),
    # A sub-feature privilege's minimumLicense (getAllKibanaFeatures drops it below that
    # licence unless ignoreValidLicenses): 9.x's registry; none of 7.8's listed features has one.
    "features.sub_feature_licences": Gate(
        _v("8.16.0"), None, "feature_registry.ts @ 020c0224edc3039635de7b2d61e7c6fb1ed4a695"
    ),
    # A missing privilege for /api/features: 7.x's access:features tag answers 404 Not Found;
    # 8.x/9.x's requiredPrivileges ['read_features'] a 403 naming it (routes/index.ts @ 32b1b95f).
    # Its wording on 8.19 is UNCONFIRMED, taken to be 9.x's.
    "features.read_features_403": Gate(
        _v("8.0.0"), None, "kibana-saved-objects-spaces.md §3.1, §4"
    ),
    # A space is answered rebuilt in a fixed order (spaces_client.ts transformSavedObjectToSpace
    # @ 041623b9) and stored as generateSpaceAttributes writes it; 7.8 answers
    # {id, ...attributes} as sent. First release UNCONFIRMED between 7.8 and 8.19: 8.0 chosen.
    "spaces.canonical_order": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §3.3, §7"),
    # DELETE of the default space: `The default space cannot be deleted because it is reserved.`
    # (8.x/9.x) instead of 7.8's `This Space cannot be deleted because it is reserved.`; first
    # release UNCONFIRMED, 8.0 chosen as above.
    "spaces.reserved_text_names_space": Gate(
        _v("8.0.0"), None, "kibana-saved-objects-spaces.md §7"
    ),
    # GET /api/spaces/space: purposes any, copySavedObjectsIntoSpace, shareSavedObjectsIntoSpace
    # and include_authorized_purposes (get_all.ts @ 3efb7038); 7.8: any (the default) and
    # copySavedObjectsIntoSpace only. 8.0 chosen (sharing to spaces came in 7.11+).
    "spaces.authorized_purposes": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §3.1"),
    # The space's `solution` (es, oblt, security, classic): PR #183986 (2024-05); the reference
    # marks 8.16+ UNCONFIRMED and so it is taken.
    "spaces.solution": Gate(_v("8.16.0"), None, "kibana-saved-objects-spaces.md §3.2"),
    # disabledFeatures answered with deprecated feature ids read as their replacements
    # (discover -> discover_v2...; spaces_client.ts @ 01c1a0e8). The v2 features are PR #202863
    # (v9.0.0); an 8.18/8.19 backport is UNCONFIRMED, so 9.0.
    "spaces.deprecated_feature_ids_replaced": Gate(
        _v("9.0.0"), None, "spaces_client.ts @ 01c1a0e852f82ab53aef630558b936435246d5d5"
    ),
    # PUT answers {...stored, ...sent} with unsent optional fields absent (stored ones kept)
    # instead of re-reading the space (8.x @ 041623b9). spaces_client.ts @ 01c1a0e8 (main) has
    # it with PR #259316 (2026-03); the release is UNCONFIRMED: 9.4 chosen, the line of that
    # spring.
    "spaces.update_answers_merged": Gate(
        _v("9.4.0"), None, "kibana-saved-objects-spaces.md §3.3; elastic/kibana PR #259316"
    ),
    # New names trimmed on create and update (an unchanged name keeps its whitespace): seen only
    # in spaces_client.ts @ 01c1a0e8 (main); release UNCONFIRMED, 9.4 chosen with the row above.
    "spaces.name_trimmed": Gate(
        _v("9.4.0"), None, "spaces_client.ts @ 01c1a0e852f82ab53aef630558b936435246d5d5"
    ),
    # --- saved objects (reference kibana-saved-objects-spaces.md §2, §7)
    # The 8.x object: namespaces, managed, created_at, core/typeMigrationVersion, UUID v4 ids,
    # multi-namespace types, initialNamespaces, upsert, delete's `force`, find's namespaces and
    # has_no_reference. These arrived across 7.10-8.8; only 7.8 and 8.19+ are served, so one
    # gate from 8.0 (chosen) separates the two generations.
    "saved_objects.v8": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §2.2, §2.4, §7"),
    # GET /api/saved_objects/resolve/{type}/{id} and POST /_bulk_resolve (7.11, UNCONFIRMED)
    # and POST /_bulk_delete (8.5, UNCONFIRMED): absent in 7.8, present in 8.19 (§2.1).
    "saved_objects.resolve": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §2.1"),
    "saved_objects.bulk_delete": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §2.1"),
    # The routes' deprecation `warning` header (PR #197936, Oct 2024): the reference has it from
    # 8.17/8.18 on (8.17 UNCONFIRMED), so 8.17; URL-encoded text in every release that has it
    # (when the encoding started is UNCONFIRMED, §1.2).
    "saved_objects.deprecation_warning": Gate(
        _v("8.17.0"), None, "kibana-saved-objects-spaces.md §1.2; elastic/kibana PR #197936"
    ),
    # _import's createNewCopies and compatibilityMode, its report's `warnings` and
    # `successResults`, ambiguous conflicts and new copies' destinationId (§2.2, §2.7, §7): 7.8 has
    # only `overwrite` and `{success, successCount, errors}`. They came with 7.10's sharing work
    # (UNCONFIRMED); only 7.8 and 8.19+ are served, so 7.10 is chosen.
    "saved_objects.import_copies": Gate(
        _v("7.10.0"), None, "kibana-saved-objects-spaces.md §2.7, §7"
    ),
    # The import report's `meta.icon` of index-pattern, visualization and dashboard: main's
    # `pattern`/`chartBarVertical`/`productDashboard`, older `indexPatternApp`/`visualizeApp`/
    # `dashboardApp` (§2.7). The release of the change is UNCONFIRMED: 9.0 is chosen.
    "saved_objects.import_icons_v9": Gate(_v("9.0.0"), None, "kibana-saved-objects-spaces.md §2.7"),
    # Per-type attribute validation against the type's create schema on create, bulk_create,
    # upsert and import (§2.8; apis/helpers/validation.ts @ ebcba525): 7.8 validates nothing.
    # Its first release is UNCONFIRMED (8.x); only 7.8 and 8.19+ are served, so 8.0 is chosen.
    "saved_objects.attribute_schemas": Gate(
        _v("8.0.0"),
        None,
        "kibana-saved-objects-spaces.md §2.8; "
        "src/core/packages/saved-objects/server/src/api/lib/apis/helpers/validation.ts @ ebcba525",
    ),
    # --- cases (reference kibana-cases.md)
    # The cases plugin's API of 8.19/9.x (§2.2).
    "cases.api": Gate(_v("8.19.0"), None, "kibana-cases.md §2.2"),
    # 7.8's `case` plugin API (§2.1): the client executes the connector and records the push
    # with POST /api/cases/{case_id}/_push. Kibana runs the push itself from 7.12 (PR #88655;
    # first release UNCONFIRMED); 7.8 is the only 7.x line served, so the row ends at 8.0.
    "cases.api_v7": Gate(_v("7.8.0"), _v("8.0.0"), "kibana-cases.md §2.1, §7.1"),
    # GET /api/cases/{case_id} without includeComments and without `comments` (PRs #207739,
    # #208829, v9.0.0; get_case.ts @ 1c4d63a46c4d69f1bf843d2c3d72e3d930e38074).
    "cases.get_without_comments": Gate(_v("9.0.0"), None, "kibana-cases.md §2.2"),
    # GET /api/cases/status, deprecated since 8.1, removed by PR #208208 (v9.0.0).
    "cases.status_route": Gate(_v("8.19.0"), _v("9.0.0"), "kibana-cases.md §2.2"),
    # GET /api/cases/{case_id}/comments, deprecated since 8.1, removed by PR #207926 (9.0).
    "cases.get_all_comments_route": Gate(_v("8.19.0"), _v("9.0.0"), "kibana-cases.md §2.2"),
    # GET /api/cases/{case_id}/user_actions, deprecated since 8.1, removed by PR #208086 (9.0;
    # backport:skip, so 8.19 keeps it).
    "cases.get_all_user_actions_route": Gate(_v("8.19.0"), _v("9.0.0"), "kibana-cases.md §2.2"),
    # --- data views (reference kibana-saved-objects-spaces.md §6, §7)
    # The data views REST API: absent in 7.8, present in 8.19/9.x. It arrived in 7.11/8.0
    # (UNCONFIRMED, §8 question 9); only 7.8 and 8.19+ are served, so 8.0 is chosen.
    "data_views.api": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §6, §7"),
    # Create's duplicate check: 9.x by name (`Duplicate data view: <name>`), older releases by
    # title (`Duplicate index pattern: <title>`). The release of the change is UNCONFIRMED; the
    # reference says "9.x", so 9.0 is chosen and 8.19 keeps the older text.
    "data_views.duplicate_by_name": Gate(_v("9.0.0"), None, "kibana-saved-objects-spaces.md §6"),
    # POST /api/spaces/_get_shareable_references and /_update_objects_spaces: absent in 7.8,
    # present in 8.19/9.x (§3.1, §7); they came with sharing to spaces in 7.x (first release
    # UNCONFIRMED), so 8.0 is chosen.
    "saved_objects.sharing": Gate(_v("8.0.0"), None, "kibana-saved-objects-spaces.md §3.1, §7"),
    # Legacy URL aliases (resolve's aliasMatch and conflict outcomes, the `legacy-url-alias`
    # type visible to the HTTP API, POST /api/spaces/_disable_legacy_url_aliases) and import's
    # origin conflicts (`ambiguous_conflict`): absent in 7.8 (no resolve, no multi-namespace
    # types), present in 8.19/9.x (§2.4, §2.7, §3.1, §7 "aliases"). They came with 7.12-8.0's
    # sharing work (first release UNCONFIRMED); only 7.8 and 8.19+ are served, so 8.0 is chosen.
    "saved_objects.legacy_url_aliases": Gate(
        _v("8.0.0"), None, "kibana-saved-objects-spaces.md §2.4, §3.1, §7"
    ),
}


@dataclasses.dataclass(frozen=True)
class KibanaVersion:
    """A Kibana release, as `--kibana-version` gives it."""

    number: str

    @functools.cached_property
    def parts(self) -> tuple[int, int, int]:
        """(major, minor, patch)."""
        return _v(self.number)

    def has(self, feature: str) -> bool:
        """Whether this release has the feature named in GATES."""
        gate = GATES[feature]
        parts = self.parts
        return gate.since <= parts and (gate.until is None or parts < gate.until)

    def reaches(self, release: str) -> bool:
        """Whether this release is `release` ('9.2') or later: for the schemas' own
        x-fakekibana-since marks, which are data, not behaviour (that is what GATES is for)."""
        major, minor = (int(part) for part in release.split(".")[:2])
        return self.parts[:2] >= (major, minor)


def supported_text() -> str:
    """The supported versions as a user reads them: '7.8.x, 8.19.x, 9.0.x, ...'."""
    return ", ".join(f"{major}.{minor}.x" for major, minor in SUPPORTED_LINES)


def parse_version(text: str) -> KibanaVersion:
    """The KibanaVersion of a supported release, or FakeKibanaError naming the supported ones."""
    match = _VERSION.fullmatch(text.strip())
    if match is None or (int(match.group(1)), int(match.group(2))) not in SUPPORTED_LINES:
        msg = f"unsupported Kibana version {text!r}; supported: {supported_text()}"
        raise FakeKibanaError(msg)
    return KibanaVersion(text.strip())
