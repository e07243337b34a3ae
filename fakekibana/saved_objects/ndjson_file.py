"""The `file` part of an import request, read as Kibana's createSavedObjectsStreamFromNdJson.

routes/utils.ts and routes/import.ts @ 03527cbb (elastic/kibana); reference
kibana-saved-objects-spaces.md §2.7: lines split on `\\n`, blank lines skipped, JSON.parse each,
the export details line (an object with `exportedCount`) dropped.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from fakekibana.core import jsonio
from fakekibana.core.errors import BadRequest
from fakekibana.core.multipart import FormFile
from fakekibana.saved_objects import messages

Item = dict[str, Any]
_REFERENCE_KEYS = ("name", "type", "id")


def file_part(body: Any) -> FormFile:
    """The form's `file` part with an `.ndjson` name, or Kibana's 400."""
    part = body.get("file") if isinstance(body, dict) else None
    if not isinstance(part, FormFile):
        raise BadRequest(messages.IMPORT_FILE_MISSING)
    # Node's extname: the last dot's suffix, not for a name that only starts with a dot.
    extension = posixpath.splitext(part.filename)[1].lower()
    if extension != ".ndjson":
        raise BadRequest(messages.invalid_file_extension(extension))
    return part


def _item(value: Any) -> Item:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("type"), str)
        or not isinstance(value.get("id"), str)
    ):
        raise BadRequest(messages.IMPORT_LINE_NOT_OBJECT)
    attributes = value.get("attributes")
    references = value.get("references")
    # What the repository would refuse later is taken as empty here (simplified).
    item = dict(value)
    item["attributes"] = attributes if isinstance(attributes, dict) else {}
    item["references"] = [
        ref
        for ref in (references if isinstance(references, list) else [])
        if isinstance(ref, dict) and all(isinstance(ref.get(k), str) for k in _REFERENCE_KEYS)
    ]
    return item


def read_items(part: FormFile) -> list[Item]:
    """The saved objects of the file, in order."""
    items = []
    for line in part.text().split("\n"):
        if not line.strip():
            continue
        try:
            value = jsonio.loads(line.encode())
        except json.JSONDecodeError as error:
            raise BadRequest(messages.not_valid_json(line, error.pos)) from None
        except (ValueError, RecursionError):
            raise BadRequest(messages.not_valid_json(line, 0)) from None
        if isinstance(value, dict) and "exportedCount" in value:
            continue
        items.append(_item(value))
    return items
