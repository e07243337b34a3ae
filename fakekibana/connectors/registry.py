"""Connector (action) types: what a type module declares, and the registry built from them.

A type is one module (connectors/types/<name>.py) holding its TypeSpec: id, display name,
minimum licence, custom checks, executor and fault modes; and its schemas under
schemas/<root>/<id without dot>/{config,secrets,params}.json. A missing schema file
means Kibana has no validator for that part, so the value passes unchanged (types §1.3). Where
Kibana runs a custom check after the schema, the row names it; every check returns Kibana's
message, or None when the value is fine.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from fakekibana.connectors import messages
from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.store import ConnectorStore
from fakekibana.core.configschema import Check, Invalid, SchemaSet
from fakekibana.core.store import iso
from fakekibana.core.versions import KibanaVersion

if TYPE_CHECKING:
    from fakekibana.core.zod import ZodSchemaSet

CustomCheck = Callable[[Mapping[str, Any], ActionsConfig], "str | None"]
# validate.connector: config and secrets together (8.x/9.x), after each has passed its own.
ConnectorCheck = Callable[[Mapping[str, Any], Mapping[str, Any]], "str | None"]


class ExecutorError(Exception):
    """A type's own error result, returned as the execute answer."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result.get("message"))
        self.result = result


@dataclasses.dataclass
class Execution:
    """One run of a connector: what its executor reads, and the store it writes through."""

    action_id: str
    config: dict[str, Any]
    secrets: dict[str, Any]
    params: dict[str, Any]
    store: ConnectorStore
    fault: str | None = None
    # The connector's name and type, for texts that name them (the sub-action framework's).
    name: str = ""
    type_id: str = ""
    # The release answered as, for executors whose results differ between releases.
    version: KibanaVersion | None = None

    def now(self) -> datetime.datetime:
        """The time the service sees (the fake's clock)."""
        return self.store.shared.clock.now()

    def now_iso(self) -> str:
        """That time as JavaScript's toISOString writes it."""
        return iso(self.now())

    def token(self, length: int, alphabet: str | None = None) -> str:
        """A random token from the fake's id sequence (repeatable with --random-seed)."""
        ids = self.store.shared.ids
        return ids.token(length) if alphabet is None else ids.token(length, alphabet)

    def new_id(self) -> str:
        """A fresh UUID from the fake's id sequence."""
        return self.store.shared.ids.new()


Executor = Callable[[Execution], dict[str, Any]]

LICENSE_RANK = {
    "basic": 10,
    "standard": 20,
    "gold": 30,
    "platinum": 40,
    "enterprise": 50,
    "trial": 60,
}


@dataclasses.dataclass(frozen=True)
class TypeSpec:
    """One connector type as Kibana registers it: its row, custom checks, executor, faults.

    Its JSON Schemas are schemas/<schema_root>/<id without dot>/{config,secrets,params}.json.
    """

    id: str
    name: str
    minimum_license: str
    executor: Executor
    check_config: CustomCheck | None = None
    check_secrets: CustomCheck | None = None
    check_params: CustomCheck | None = None
    # The failure modes PUT /_fakekibana/connectors/{id}/fault accepts: "error" (the service
    # refuses) for every type, and the type's own ("retry": a retryable 5xx; "down": an
    # incident system that does not answer).
    fault_modes: tuple[str, ...] = ("error",)
    # supported_feature_ids, for the releases that list them. An id that came later than the
    # generation's first release is listed only where the gate `connectors.feature.<id>` holds.
    feature_ids: tuple[str, ...] = ()
    # The generation's schema folder: connector_types (7.x built-in action types) or
    # stack_connectors (8.19/9.x).
    schema_root: str = "connector_types"
    # The type's place in Kibana's registration order (lists of types follow it).
    position: int = 0
    # 8.18+: the type's sub_feature (endpointSecurity for EDR types), and whether it is a
    # system type (never listed, never created through the API).
    sub_feature: str | None = None
    is_system: bool = False
    # 9.3+: the type itself is deprecated (is_deprecated on types, is_connector_type_deprecated
    # on its connectors).
    is_deprecated: bool = False
    # The version gate a release must have for the type to be registered at all (None: every
    # release of the generation has it).
    gate: str | None = None
    # The sub-actions a sub-action connector accepts (None: not a sub-action connector).
    sub_actions: tuple[str, ...] | None = None
    check_connector: ConnectorCheck | None = None
    # Whether the type's schemas moved to @kbn/connector-schemas (zod) in 9.3; the few that
    # stayed with config-schema keep its texts on every line.
    connector_schemas: bool = True

    @property
    def schema_dir(self) -> str:
        """schemas/<schema_root>/<this folder>/."""
        return self.id.lstrip(".")


class ConnectorType:
    """A registered type: its row plus compiled validators for config, secrets and params."""

    def __init__(
        self,
        row: TypeSpec,
        schemas: SchemaSet,
        prefixes: tuple[str, str, str] | None = None,
        zod: Callable[[], ZodSchemaSet] | None = None,
    ) -> None:
        self.row = row
        # 9.3+: validators compiled as zod (the set made on first use), whose failures read as
        # Kibana's formatZodError.
        self._zod = zod
        # The wrappers of Kibana's validation messages: config, secrets, params.
        self.prefixes = prefixes or (
            messages.CONFIG_PREFIX,
            messages.SECRETS_PREFIX,
            messages.PARAMS_PREFIX,
        )
        self.id = row.id
        self.name = row.name
        self.minimum_license = row.minimum_license
        self.executor = row.executor
        self._schemas = schemas

    # Compiled when first used: a start-up loads no type's schemas.
    @functools.cached_property
    def _config(self) -> Check | None:
        return self._load("config")

    @functools.cached_property
    def _secrets(self) -> Check | None:
        return self._load("secrets")

    @functools.cached_property
    def _params(self) -> Check | None:
        return self._load("params")

    def _load(self, part: str) -> Check | None:
        name = f"{self.row.schema_root}/{self.row.schema_dir}/{part}.json"
        if not self._schemas.has(name):
            return None
        if self._zod is None or not self.row.connector_schemas:
            return self._schemas.validator(name)
        from fakekibana.core.zod import ZodInvalid  # noqa: PLC0415 - 9.3+ only

        parse = self._zod().validator(name)

        def check(value: Any, _path: tuple[str, ...]) -> Any:
            try:
                return parse(value)
            except ZodInvalid as failure:
                raise Invalid((), str(failure)) from None

        return check

    @staticmethod
    def _run(
        check: Check | None,
        custom: CustomCheck | None,
        value: dict[str, Any],
        actions: ActionsConfig,
        prefix: str,
    ) -> dict[str, Any]:
        if check is None:
            return value
        try:
            validated: dict[str, Any] = check(value, ())
        except Invalid as failure:
            raise ValueError(prefix + failure.format()) from None
        if custom is not None:
            problem = custom(validated, actions)
            if problem is not None:
                raise ValueError(prefix + problem)
        return validated

    def validate_config(self, value: dict[str, Any], actions: ActionsConfig) -> dict[str, Any]:
        """The validated config, or ValueError with Kibana's whole message."""
        return self._run(self._config, self.row.check_config, value, actions, self.prefixes[0])

    def validate_secrets(self, value: dict[str, Any], actions: ActionsConfig) -> dict[str, Any]:
        """The validated secrets, or ValueError with Kibana's whole message."""
        return self._run(self._secrets, self.row.check_secrets, value, actions, self.prefixes[1])

    def validate_connector(self, config: dict[str, Any], secrets: dict[str, Any]) -> None:
        """validate.connector: ValueError with Kibana's whole message when the pair is wrong."""
        check = self.row.check_connector
        problem = check(config, secrets) if check is not None else None
        if problem is not None:
            raise ValueError(messages.CONNECTOR_PREFIX + problem)

    def validate_params(self, value: dict[str, Any], actions: ActionsConfig) -> dict[str, Any]:
        """The validated params, or ValueError with Kibana's whole message."""
        return self._run(self._params, self.row.check_params, value, actions, self.prefixes[2])


def load_types(
    rows: Sequence[TypeSpec],
    schemas: SchemaSet,
    prefixes: tuple[str, str, str] | None = None,
    zod: Callable[[], ZodSchemaSet] | None = None,
) -> dict[str, ConnectorType]:
    """The registry: type id -> ConnectorType, in registration order."""
    return {row.id: ConnectorType(row, schemas, prefixes, zod) for row in rows}
