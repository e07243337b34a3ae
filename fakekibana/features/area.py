"""The features area (Kibana's features plugin): GET /api/features as the release answers it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from fakekibana.core.area import Area, AreaContext, Call, Route
from fakekibana.features.catalogue import features, licensed

# 8.x/9.x: the route's `security.authz.requiredPrivileges: ['read_features']` refusal
# (routes/index.ts @ 32b1b95f586e816e285e5cd76d9151892191f615), worded as Kibana's authz words
# every such refusal (reference kibana-saved-objects-spaces.md §3.1, copy to space).
FORBIDDEN = (
    "API [GET /api/features] is unauthorized for user, this action is granted by the Kibana "
    "privileges [read_features]"
)


class FeaturesArea(Area):
    """GET /api/features: the listed features, sorted by `order`."""

    name = "features"

    def __init__(self, context: AreaContext) -> None:
        version = context.version
        self._catalogue = (
            "features_9.json" if version.has("features.scoped") else "features_7_8.json"
        )
        self.license = context.settings.license
        self.license_filter = version.has("features.sub_feature_licences")
        self._routes = (
            Route(
                "GET",
                ("/api/features",),
                "get_features",
                self.get_features,
                "features",
                # 7.x: the route's access:features tag, granted by the global base privileges;
                # 8.x/9.x: requiredPrivileges ['read_features'], granted by the same.
                "global_read",
                query=True,
                tag="features",
                plugin="features",
                forbidden=FORBIDDEN if version.has("features.read_features_403") else None,
            ),
        )

    def routes(self) -> Sequence[Route]:
        """GET /api/features."""
        return self._routes

    @functools.cached_property
    def listed(self) -> list[dict[str, Any]]:
        """The release's features, read on the first request (not at start-up)."""
        return features(self._catalogue)

    def get_features(self, call: Call) -> Any:
        """The features; ?ignoreValidLicenses=true keeps what the licence would remove."""
        if self.license_filter and not call.query["ignoreValidLicenses"]:
            return licensed(self.listed, self.license)
        return self.listed
