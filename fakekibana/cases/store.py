"""What the cases area keeps: each space's cases, their comments and user actions, and its
case configurations (one per owner).

Kibana keeps these as saved objects (`cases`, `cases-comments`, `cases-user-actions`) in one
index whose `_seq_no` every write advances; a `version` is base64 of `[_seq_no,_primary_term]`
(reference kibana-cases.md §1). The fake keeps a case as a dict: `id`, `version`, its
`attributes` in stored order, `comments` (each `id`, `version`, `attributes`) and
`user_actions`, a configuration as `id`, `version` and `attributes`, plus the index's next
`_seq_no` (`cases-configure` lives in the same index, so it advances it too).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from fakekibana.cases import state_shape
from fakekibana.cases.index import FindIndex
from fakekibana.core.persistence import StateError, check_list, check_object, check_space
from fakekibana.core.store import Shared

Case = dict[str, Any]
Configuration = dict[str, Any]
_CASE_KEYS = ("space", "id", "version", "attributes", "comments", "user_actions")
_CONFIGURATION_KEYS = ("space", "id", "version", "attributes")


def encode_version(seq_no: int, primary_term: int = 1) -> str:
    """base64 of the JSON array `[_seq_no,_primary_term]`: `WzAsMV0=` is `[0,1]` (§1)."""
    text = json.dumps([seq_no, primary_term], separators=(",", ":"))
    return base64.b64encode(text.encode()).decode()


def _load_configurations(value: Any) -> dict[str, dict[str, Configuration]]:
    spaces: dict[str, dict[str, Configuration]] = {}
    for index, raw in enumerate(check_list(value, "state.cases.configurations")):
        at = f"state.cases.configurations[{index}]"
        item = check_object(raw, at)
        if set(item) != set(_CONFIGURATION_KEYS):
            raise StateError(f"{at}: needs exactly the keys {list(_CONFIGURATION_KEYS)}")
        space = check_space(item["space"], at + ".space")
        for key in ("id", "version"):
            if not isinstance(item[key], str):
                raise StateError(f"{at}.{key}: must be a string")
        state_shape.CONFIGURATION_ATTRIBUTES(item["attributes"], at + ".attributes")
        bucket = spaces.setdefault(space, {})
        if item["id"] in bucket:
            raise StateError(f"{at}.id: {item['id']!r} appears twice")
        bucket[item["id"]] = {key: item[key] for key in _CONFIGURATION_KEYS[1:]}
    return spaces


def _load(
    value: Any,
    case_shape: Callable[[dict[str, Any], str], None],
) -> tuple[int, dict[str, dict[str, Case]], dict[str, dict[str, Configuration]]]:
    part = check_object(value, "state.cases")
    seq = part.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise StateError("state.cases.seq: must be a non-negative integer")
    spaces: dict[str, dict[str, Case]] = {}
    for index, raw in enumerate(check_list(part.get("cases"), "state.cases.cases")):
        at = f"state.cases.cases[{index}]"
        item = check_object(raw, at)
        if set(item) != set(_CASE_KEYS):
            raise StateError(f"{at}: needs exactly the keys {list(_CASE_KEYS)}")
        space = check_space(item["space"], at + ".space")
        for key in ("id", "version"):
            if not isinstance(item[key], str):
                raise StateError(f"{at}.{key}: must be a string")
        case_shape(item, at)
        bucket = spaces.setdefault(space, {})
        if item["id"] in bucket:
            raise StateError(f"{at}.id: {item['id']!r} appears twice")
        bucket[item["id"]] = {key: item[key] for key in _CASE_KEYS[1:]}
    # Documents written before configurations were kept have none.
    configurations = _load_configurations(part.get("configurations", []))
    return seq, spaces, configurations


class CaseStore:
    """Cases and configurations per space, in creation order, and the index's next `_seq_no`."""

    spaces: dict[str, dict[str, Case]]
    configurations: dict[str, dict[str, Configuration]]
    # The stored case a state document's cases are checked against (8.19/9.x's).
    case_shape = staticmethod(state_shape.case)

    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.spaces = {}
        self.configurations = {}
        self.seq = 0
        # Status counts and creation order for _find's default query, kept by every write.
        self.index = FindIndex()

    # --- the AreaStore protocol ---------------------------------------------------------------

    def state_keys(self) -> tuple[str, ...]:
        """The state document's key this store writes."""
        return ("cases",)

    def reset(self, space: str | None = None) -> None:
        """Forget every case and configuration, or one space's (a deleted space's go with it)."""
        if space is None:
            self.spaces = {}
            self.configurations = {}
            self.seq = 0
        else:
            self.spaces.pop(space, None)
            self.configurations.pop(space, None)
        self.index.drop(space)
        self.shared.changed()

    def export(self) -> dict[str, Any]:
        """`cases` as the state document writes it; left out while nothing was ever written,
        so the documents of a fresh Kibana stay as they were."""
        if not self.seq:
            return {}
        cases = [
            {"space": space, **case}
            for space, bucket in self.spaces.items()
            for case in bucket.values()
        ]
        configurations = [
            {"space": space, **configuration}
            for space, bucket in self.configurations.items()
            for configuration in bucket.values()
        ]
        return {"cases": {"seq": self.seq, "cases": cases, "configurations": configurations}}

    def prepare_import(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check a state document's `cases` (none when it has no such key)."""
        seq, spaces, configurations = (
            _load(document["cases"], self.case_shape) if "cases" in document else (0, {}, {})
        )

        def apply() -> None:
            self.seq = seq
            self.spaces = spaces
            self.configurations = configurations
            self.index.rebuild(spaces)

        return apply

    # --- cases --------------------------------------------------------------------------------

    def next_version(self) -> str:
        """The version of the next write to the index (every write advances `_seq_no`)."""
        version = encode_version(self.seq)
        self.seq += 1
        return version

    def cases(self, space: str) -> dict[str, Case]:
        """One space's cases by id, oldest first."""
        return self.spaces.get(space, {})

    def get(self, space: str, case_id: str) -> Case | None:
        """One case, or None."""
        return self.spaces.get(space, {}).get(case_id)

    def put(self, space: str, case: Case) -> None:
        """Store (create or replace) a case."""
        self.spaces.setdefault(space, {})[case["id"]] = case
        self.index.put(space, case)
        self.shared.changed()

    def delete(self, space: str, case_id: str) -> None:
        """Forget a case with its comments and user actions."""
        bucket = self.spaces.get(space, {})
        bucket.pop(case_id, None)
        self.index.delete(space, case_id)
        if not bucket:
            self.spaces.pop(space, None)
        self.shared.changed()

    # --- configurations -------------------------------------------------------------------------

    def configurations_of(self, space: str) -> dict[str, Configuration]:
        """One space's configurations by id, oldest first."""
        return self.configurations.get(space, {})

    def put_configuration(self, space: str, configuration: Configuration) -> None:
        """Store (create or replace) a configuration."""
        self.configurations.setdefault(space, {})[configuration["id"]] = configuration
        self.shared.changed()

    def delete_configuration(self, space: str, configuration_id: str) -> None:
        """Forget a configuration."""
        bucket = self.configurations.get(space, {})
        bucket.pop(configuration_id, None)
        if not bucket:
            self.configurations.pop(space, None)
        self.shared.changed()
