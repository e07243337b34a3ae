"""The features a release's /api/features lists, from the data files beside this module.

features_7_8.json: the features the 7.7 build's features plugin registers itself
(soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1f158237077a9c72eebd6616225f721d5,
kibana/x-pack/plugins/features/server/oss_features.js, with timelion, whose UI is on by default),
each with the automatic grants of feature_registry.js, sorted by `order`.
features_9.json: the same for 9.x, from x-pack/platform/plugins/shared/features/server/
oss_features.ts @ 061779e6392ce12899894ebe71dec8d4b556e55e (reporting on, as on a stateful
Kibana) with the grants of feature_registry.ts @ 020c0224edc3039635de7b2d61e7c6fb1ed4a695, and
DEFAULT_APP_CATEGORIES (src/core/packages/application/common/src/default_app_categories.ts
@ 1dddebbf54aea6f6ee510424cde3ef46666e0295); deprecated features (discover, visualize,
dashboard) are left out, as the route omits them.

Left out on both lines: savedObjectsManagement (its privileges list every saved-object type the
installed plugins register) and the features each x-pack plugin registers (canvas, maps, ml,
apm, siem, actions...): their definitions are not in the reference.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

# oss_features.ts @ 061779e6: the deprecated v1 features and the features that replace them
# (`deprecated.replacedBy`); a space's disabledFeatures read through it (9.x spaces_client.ts).
DEPRECATED_REPLACEMENTS: dict[str, list[str]] = {
    "discover": ["discover_v2"],
    "visualize": ["visualize_v2"],
    "dashboard": ["dashboard_v2"],
}
# The licensing plugin's LICENSE_TYPE order, for a sub-feature privilege's minimumLicense.
LICENSE_LEVELS = {
    "basic": 10,
    "standard": 20,
    "gold": 30,
    "platinum": 40,
    "enterprise": 50,
    "trial": 60,
}


@functools.cache
def _load(name: str) -> list[dict[str, Any]]:
    path = Path(__file__).with_name(name)
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def features(line: str) -> list[dict[str, Any]]:
    """The listed features of a data file (`features_7_8.json` or `features_9.json`)."""
    return _load(line)


def licensed(listed: list[dict[str, Any]], license_type: str) -> list[dict[str, Any]]:
    """The features with the sub-feature privileges a licence below their minimumLicense lacks
    removed, as getAllKibanaFeatures does unless ignoreValidLicenses is set (9.x)."""
    level = LICENSE_LEVELS[license_type]

    def allowed(privilege: dict[str, Any]) -> bool:
        needed = privilege.get("minimumLicense")
        return needed is None or LICENSE_LEVELS[needed] <= level

    result = []
    for feature in listed:
        groups = [
            group
            for sub in feature.get("subFeatures", ())
            for group in sub["privilegeGroups"]
            if not all(allowed(p) for p in group["privileges"])
        ]
        if not groups:
            result.append(feature)
            continue
        trimmed = copy.deepcopy(feature)
        for sub in trimmed["subFeatures"]:
            for group in sub["privilegeGroups"]:
                group["privileges"] = [p for p in group["privileges"] if allowed(p)]
        result.append(trimmed)
    return result
