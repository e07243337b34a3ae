"""Kibana 7.x's built-in action types: one module each, found by listing this package.

A module whose name starts with an underscore is a helper; every other module declares one
type as TYPE (a TypeSpec), whose `position` is its place in Kibana's registration order.
"""

from __future__ import annotations

import importlib
import pkgutil

from fakekibana.connectors.registry import TypeSpec


def load_specs() -> tuple[TypeSpec, ...]:
    """Every type of this package, in registration order."""
    specs = [
        importlib.import_module(f"{__name__}.{module.name}").TYPE
        for module in pkgutil.iter_modules(__path__)
        if not module.name.startswith("_")
    ]
    return tuple(sorted(specs, key=lambda spec: spec.position))
