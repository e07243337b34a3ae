"""Request payloads and query strings as hapi (subtext, @hapi/content) hands them to Kibana."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from fakekibana.core import jsonio, messages
from fakekibana.core.control import RAW_BODY
from fakekibana.core.errors import (
    BadRequest,
    InternalError,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
)
from fakekibana.core.multipart import boundary_of, parse_form

# Kibana's server.maxPayloadBytes default (1 MiB); hapi refuses anything longer.
MAX_PAYLOAD = 1024 * 1024
# hapi's route payload timeout (10 s): a body that trickles in slower is refused with 408.
PAYLOAD_TIMEOUT = 10.0

_CONTENT_TYPE = re.compile(r"([^/\s]+/[^\s;]+)(.*)?", re.DOTALL)
_BOUNDARY = re.compile(r';\s*boundary=(?:"([^"]+)"|([^;"\s]+))(?!")', re.IGNORECASE)


async def read_payload(
    request: web.Request, *, multipart: bool = False, max_bytes: int = MAX_PAYLOAD
) -> Any:
    """The parsed body, as hapi hands it to Kibana: JSON, text, form fields or raw bytes.

    A route that takes multipart (hapi's `accepts: 'multipart/form-data'`) gets the form's
    fields and refuses every other type (415); `max_bytes` is its `body.maxBytes`.
    """
    length = request.content_length
    if length is not None and length > max_bytes:
        raise PayloadTooLarge(messages.payload_too_large(max_bytes))
    try:
        if request.content.is_eof():
            # The whole body has arrived with the headers (the usual case): no timer needed.
            raw = await request.read()
        else:
            async with asyncio.timeout(PAYLOAD_TIMEOUT):
                raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise PayloadTooLarge(messages.payload_too_large(max_bytes)) from None
    except TimeoutError:
        raise RequestTimeout(messages.REQUEST_TIMEOUT) from None
    except web.RequestPayloadError:
        # The one payload error aiohttp raises once headers are accepted: a body that does not
        # decompress, which subtext refuses with a 400.
        raise BadRequest(messages.INVALID_COMPRESSED_PAYLOAD) from None
    except ConnectionResetError:
        # The client went away mid-body: wreck's Boom.internal('Payload stream closed
        # prematurely'), rendered to nobody. Not a fault of the fake, so nothing is logged.
        raise InternalError(messages.INTERNAL_ERROR) from None
    if len(raw) > max_bytes:
        # A chunked body longer than the limit (the app reads up to the largest route limit).
        raise PayloadTooLarge(messages.payload_too_large(max_bytes))
    request[RAW_BODY] = raw  # for the request journal; decoded only if someone reads it
    header = request.headers.get("Content-Type")
    if not header:
        mime = "application/json"  # subtext's default when no (or an empty) Content-Type is sent
    else:
        # @hapi/content's type(): the media type, and a boundary for multipart types.
        match = _CONTENT_TYPE.fullmatch(header)
        if match is None:
            raise BadRequest(messages.INVALID_CONTENT_TYPE)
        mime = match.group(1).lower()
        if mime.startswith("multipart/") and not _BOUNDARY.search(match.group(2) or ""):
            raise BadRequest(messages.MULTIPART_WITHOUT_BOUNDARY)
    if multipart:
        # subtext's `allow` check comes after the content type is parsed (hapi 17/18).
        if mime != "multipart/form-data" or header is None:
            raise UnsupportedMediaType(messages.UNSUPPORTED_MEDIA_TYPE)
        boundary = boundary_of(header)
        assert boundary is not None  # checked with the content type
        return parse_form(raw, boundary)
    if mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json")):
        if not raw:
            return None
        try:
            return jsonio.loads(raw)
        except (ValueError, RecursionError):
            raise BadRequest(messages.INVALID_JSON) from None
    if mime.startswith("text/"):
        return raw.decode("utf-8", "replace")
    if mime == "application/x-www-form-urlencoded":
        form: dict[str, Any] = {}
        for key, value in parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True):
            if key in form:
                previous = form[key]
                form[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                form[key] = value
        return form
    if mime == "application/octet-stream":
        # subtext: a Buffer, or null when the payload is empty.
        return raw or None
    raise UnsupportedMediaType(messages.UNSUPPORTED_MEDIA_TYPE)


def query_dict(request: web.Request) -> dict[str, Any]:
    """The query string as Node's querystring parses it: repeated keys become arrays."""
    query: dict[str, Any] = {}
    for key, value in request.query.items():
        if key in query:
            previous = query[key]
            query[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            query[key] = value
    return query
