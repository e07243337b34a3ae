"""Kibana 8.19/9.x's stack connector types: one module each, found by listing this package.

A module whose name starts with an underscore is a helper (or messages.py, the texts); every
other module declares one type as TYPE (a TypeSpec) whose `position` is its place in Kibana's
registration order (registerConnectorTypes, reference §8.1), system types last.
"""

from __future__ import annotations

import importlib
import pkgutil

from fakekibana.connectors.registry import TypeSpec
from fakekibana.core.versions import KibanaVersion

# Modules of this package that are not connector types.
_NOT_TYPES = frozenset({"messages"})


def load_specs(version: KibanaVersion) -> tuple[TypeSpec, ...]:
    """The types the release registers, in registration order."""
    specs = [
        importlib.import_module(f"{__name__}.{module.name}").TYPE
        for module in pkgutil.iter_modules(__path__)
        if not module.name.startswith("_") and module.name not in _NOT_TYPES
    ]
    kept = [spec for spec in specs if spec.gate is None or version.has(spec.gate)]
    return tuple(sorted(kept, key=lambda spec: spec.position))
