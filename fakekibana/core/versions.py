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
    # @kbn/connector-schemas and zod (PRs #240177, #240186, #240315, labelled v9.3.0): zod's
    # texts for sub-action params and the 9.3 wording of the webhook secrets rule. Which minor
    # moved each type is UNCONFIRMED (reference §5); all move together at 9.3 here.
    "connectors.zod_schemas": Gate(_v("9.3.0"), None, "kibana-connectors-9x.md §1.2, §5"),
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

    @property
    def line(self) -> str:
        """'7.8' for 7.8.0."""
        major, minor, _ = self.parts
        return f"{major}.{minor}"


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
