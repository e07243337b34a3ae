"""multipart/form-data bodies, as hapi's subtext (with pez) hands them to a route that takes them.

A route declares it takes multipart (hapi's route `options.body.accepts: 'multipart/form-data'`,
`output: 'stream'`, as Kibana's saved-objects import does): its body is then a dict of fields,
a file part as a FormFile, a text part as a string, a repeated name as a list (pez). Any other
content type is hapi's 415; a body pez cannot split is subtext's 400.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from fakekibana.core.errors import BadRequest

# subtext wraps every pez failure (no closing boundary, a part without a name ...) in this 400.
INVALID_MULTIPART = "Invalid multipart payload format"

_BOUNDARY = re.compile(r';\s*boundary=(?:"([^"]+)"|([^;"\s]+))', re.IGNORECASE)
_PARAM = re.compile(r';\s*([a-zA-Z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


@dataclasses.dataclass(frozen=True)
class FormFile:
    """A file part: its field name, file name, content type and bytes."""

    name: str
    filename: str
    content_type: str
    data: bytes

    def text(self) -> str:
        """The part as UTF-8 text (bad bytes replaced, as Node's toString does)."""
        return self.data.decode("utf-8", "replace")


def boundary_of(content_type: str) -> str | None:
    """The boundary parameter of a multipart Content-Type, or None."""
    match = _BOUNDARY.search(content_type)
    if match is None:
        return None
    return match.group(1) or match.group(2)


def _headers(block: bytes) -> dict[str, str]:
    headers = {}
    for line in block.decode("utf-8", "replace").split("\r\n"):
        name, colon, value = line.partition(":")
        if not colon:
            raise BadRequest(INVALID_MULTIPART)
        headers[name.strip().lower()] = value.strip()
    return headers


def _part(segment: bytes) -> tuple[str, str | FormFile]:
    # After the boundary: optional transport padding, CRLF, headers, a blank line, the data.
    line_end = segment.find(b"\r\n")
    if line_end < 0 or segment[:line_end].strip(b" \t"):
        raise BadRequest(INVALID_MULTIPART)
    head_end = segment.find(b"\r\n\r\n", line_end)
    if head_end == line_end:
        headers: dict[str, str] = {}
    elif head_end < 0:
        raise BadRequest(INVALID_MULTIPART)
    else:
        headers = _headers(segment[line_end + 2 : head_end])
    data = segment[head_end + 4 :]
    disposition = headers.get("content-disposition", "")
    if not disposition.lower().startswith("form-data"):
        raise BadRequest(INVALID_MULTIPART)
    params = {key.lower(): quoted or plain for key, quoted, plain in _PARAM.findall(disposition)}
    name = params.get("name")
    if not name:
        raise BadRequest(INVALID_MULTIPART)
    if "filename" in params:
        content_type = headers.get("content-type", "application/octet-stream")
        return name, FormFile(name, params["filename"], content_type, data)
    return name, data.decode("utf-8", "replace")


def parse_form(raw: bytes, boundary: str) -> dict[str, Any]:
    """The fields of a multipart/form-data body; BadRequest when it does not parse."""
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    # The first delimiter may open the body without a CRLF before it (a preamble is ignored).
    segments = (b"\r\n" + raw).split(delimiter)
    if len(segments) < 2 or not segments[-1].startswith(b"--"):
        raise BadRequest(INVALID_MULTIPART)
    form: dict[str, Any] = {}
    for segment in segments[1:-1]:
        name, value = _part(segment)
        if name in form:
            previous = form[name]
            form[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            form[name] = value
    return form
