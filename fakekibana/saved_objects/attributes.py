"""Per-type attribute validation: a type's create schema checks what create, bulk_create, an
upsert and import write (Kibana's ValidationHelper.validateObjectForCreate).

src/core/packages/saved-objects/server/src/api/lib/apis/helpers/validation.ts @ ebcba525 and
base-server-internal/src/validation/validator.ts; reference kibana-saved-objects-spaces.md §2.8.
A type's schema is data, schemas/saved_objects/attributes/<type>.json, read and compiled the first
time an object of that type is written; a type without a file accepts any attributes (as
index-pattern, config and 7.8's every type do). Kibana validates and discards the result, so
defaults are not written into the stored object.
"""

from __future__ import annotations

from typing import Any

from fakekibana.core.configschema import Check, Invalid, SchemaSet
from fakekibana.core.errors import BadRequest
from fakekibana.core.versions import KibanaVersion
from fakekibana.saved_objects import messages

FOLDER = "saved_objects/attributes"


class AttributesInvalid(BadRequest):
    """400 `[attributes.<path>]: <config-schema error>: Bad Request`, and the object's id (the
    generated one when none was sent), which a bulk item's error names."""

    def __init__(self, so_type: str, so_id: str, schema_error: str) -> None:
        super().__init__(messages.attributes_invalid(schema_error))
        self.so_type = so_type
        self.so_id = so_id

    def thrown(self) -> dict[str, Any]:
        """The error object itself, as JSON.stringify writes it where Kibana passes it on
        unwrapped (a bulk_create item, an import error): Boom's own enumerable keys in the order
        @hapi/boom's initialize() sets them, the payload's `message` first (bulk_create.ts @
        d407a22c returns `left({id, type, error})` with the caught error; DERIVED, never seen on a
        live server)."""
        return {
            "isBoom": True,
            "isServer": False,
            "data": None,
            "output": {
                "statusCode": 400,
                "payload": {"message": self.message, "statusCode": 400, "error": "Bad Request"},
                "headers": {},
            },
        }

    def bulk_item(self) -> dict[str, Any]:
        """A bulk_create item: `{id, type, error}` with the thrown error."""
        return {"id": self.so_id, "type": self.so_type, "error": self.thrown()}


class AttributeSchemas:
    """The configured release's attribute schemas, by type, compiled on first use."""

    def __init__(self, schemas: SchemaSet | None, version: KibanaVersion) -> None:
        on = schemas is not None and version.has("saved_objects.attribute_schemas")
        self._schemas = schemas if on else None
        self._checks: dict[str, Check | None] = {}

    def _check_of(self, so_type: str) -> Check | None:
        if so_type not in self._checks:
            name = f"{FOLDER}/{so_type}.json"
            schemas = self._schemas
            found = schemas is not None and schemas.has(name)
            self._checks[so_type] = schemas.validator(name) if found and schemas else None
        return self._checks[so_type]

    def compiled(self) -> tuple[str, ...]:
        """The types whose schema file has been read and compiled (a start-up reads none)."""
        return tuple(name for name, check in self._checks.items() if check is not None)

    def check(self, so_type: str, so_id: str, attributes: Any) -> None:
        """Raise AttributesInvalid if the type's create schema refuses the attributes."""
        if self._schemas is None:
            return
        check = self._check_of(so_type)
        if check is None:
            return
        try:
            check(attributes, ())
        except Invalid as failure:
            # createSavedObjectSanitizedDocSchema puts the type's schema at the document's
            # `attributes` key, so paths read `[attributes.<key>]`.
            raise AttributesInvalid(so_type, so_id, failure.format("attributes")) from None
