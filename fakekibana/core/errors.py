"""The KibanaError family: what handlers raise and the middleware renders as Boom JSON."""

from __future__ import annotations

from typing import Any

from fakekibana.core import messages


class KibanaError(Exception):
    """An error Kibana answers with a Boom body: statusCode, error, message[, attributes]."""

    status = 500

    def __init__(self, message: str, attributes: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.attributes = attributes
        # Headers of the route that refused the request (a deprecated route's `warning`).
        self.headers: tuple[tuple[str, str], ...] = ()

    def to_body(self) -> dict[str, Any]:
        """The JSON body, keys in Boom's order (core §3.1)."""
        body: dict[str, Any] = {
            "statusCode": self.status,
            "error": messages.REASONS[self.status],
            "message": self.message,
        }
        if self.attributes is not None:
            body["attributes"] = self.attributes
        return body


class BadRequest(KibanaError):
    """400."""

    status = 400


class Unauthorized(KibanaError):
    """401."""

    status = 401


class Forbidden(KibanaError):
    """403."""

    status = 403


class NotFound(KibanaError):
    """404."""

    status = 404


class Conflict(KibanaError):
    """409."""

    status = 409


class RequestTimeout(KibanaError):
    """408."""

    status = 408


class PayloadTooLarge(KibanaError):
    """413."""

    status = 413


class UnsupportedMediaType(KibanaError):
    """415."""

    status = 415


class InternalError(KibanaError):
    """500, only ever for a fault injected on purpose or a bug in the fake."""

    status = 500


class FakeKibanaError(Exception):
    """A problem with fakekibana's own setup (a bad settings file): never per request."""
