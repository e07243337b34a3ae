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
