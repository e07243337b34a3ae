"""The 7.8 case answers the core's error schemas do not list (406, and 404s with the case
plugin's own texts): the routes render them themselves."""

from __future__ import annotations

from typing import Any

from fakekibana.core.errors import KibanaError


class CaseError(KibanaError):
    """A Boom answer of the case plugin, rendered by its routes (routes.py)."""

    reason = ""

    def to_body(self) -> dict[str, Any]:
        """Boom's body with its reason phrase."""
        return {"statusCode": self.status, "error": self.reason, "message": self.message}


class NotAcceptable(CaseError):
    """406 (Boom.notAcceptable)."""

    status = 406
    reason = "Not Acceptable"


class CaseNotFound(CaseError):
    """404 with a text of the case plugin (not the saved-object client's)."""

    status = 404
    reason = "Not Found"
