"""fakekibana: a fake Kibana HTTP server for integration and contract tests."""

from fakekibana.app import create_app
from fakekibana.settings import Settings
from fakekibana.store import Store

__version__ = "0.1.0"

__all__ = ["Settings", "Store", "__version__", "create_app"]
