"""fakekibana: a fake Kibana HTTP server for integration and contract tests."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from fakekibana.app import create_app
    from fakekibana.core.settings import Settings
    from fakekibana.server import FakeKibana

__all__ = ["FakeKibana", "Settings", "__version__", "create_app"]

# Loaded on first use: pytest imports fakekibana.pytest_plugin in every session where
# fakekibana is installed, and that must not cost an aiohttp import.
_LAZY = {
    "FakeKibana": "fakekibana.server",
    "Settings": "fakekibana.core.settings",
    "create_app": "fakekibana.app",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'fakekibana' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
