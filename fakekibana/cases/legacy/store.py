"""What 7.8's cases keep: the cases store of 8.x plus each space's configuration and the
user actions of deleted cases.

A case is the 8.x store's document (`id`, `version`, `attributes` in Elasticsearch's stored
order, `comments`, `user_actions`); a 7.8 user action is kept as GET …/user_actions answers
it. Kibana 7.8 keeps user actions as saved objects of their own, which deleting a case leaves
behind (delete_cases.ts writes one more), so they move here when their case goes. Every write
to the `.kibana` index advances `_seq_no`, user actions included (reference §1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.cases import state_shape
from fakekibana.cases.store import CaseStore
from fakekibana.core.persistence import StateError, check_list, check_object, check_space
from fakekibana.core.store import Shared

_KEY = "cases_v7"
_CONFIGURATION_KEYS = frozenset(("id", "version", "attributes"))


def _load(value: Any) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, list[Any]]]]:
    part = check_object(value, f"state.{_KEY}")
    if set(part) != {"configurations", "orphan_user_actions"}:
        raise StateError(f"state.{_KEY}: needs exactly configurations and orphan_user_actions")
    configurations: dict[str, dict[str, Any]] = {}
    for space, item in check_object(part["configurations"], "configurations").items():
        at = f"state.{_KEY}.configurations.{space}"
        check_space(space, at)
        configuration = check_object(item, at)
        if set(configuration) != _CONFIGURATION_KEYS:
            raise StateError(f"{at}: needs exactly the keys id, version and attributes")
        check_object(configuration["attributes"], at + ".attributes")
        configurations[space] = configuration
    orphans: dict[str, dict[str, list[Any]]] = {}
    for space, cases in check_object(part["orphan_user_actions"], "orphans").items():
        at = f"state.{_KEY}.orphan_user_actions.{space}"
        check_space(space, at)
        orphans[space] = {}
        for case_id, actions in check_object(cases, at).items():
            for index, action in enumerate(check_list(actions, f"{at}.{case_id}")):
                state_shape.USER_ACTION_V7(action, f"{at}.{case_id}[{index}]")
            orphans[space][case_id] = actions
    return configurations, orphans


class LegacyCaseStore(CaseStore):
    """The cases of every space, their configurations and orphaned user actions."""

    # 7.8's stored case (a state document's cases are checked against it).
    case_shape = staticmethod(state_shape.case_v7)

    def __init__(self, shared: Shared) -> None:
        super().__init__(shared)
        # One per space (7.8 has no owners); the 8.x `configurations` stay empty.
        self.space_configurations: dict[str, dict[str, Any]] = {}
        self.orphans: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def state_keys(self) -> tuple[str, ...]:
        """The state document's keys this store writes."""
        return ("cases", _KEY)

    def reset(self, space: str | None = None) -> None:
        """Forget everything, or one space's (a deleted space's cases go with it)."""
        if space is None:
            self.space_configurations = {}
            self.orphans = {}
        else:
            self.space_configurations.pop(space, None)
            self.orphans.pop(space, None)
        super().reset(space)

    def export(self) -> dict[str, Any]:
        """`cases` as 8.x writes it, then `cases_v7` once a configuration or an orphaned user
        action exists."""
        document = super().export()
        if self.space_configurations or self.orphans:
            document[_KEY] = {
                "configurations": self.space_configurations,
                "orphan_user_actions": self.orphans,
            }
        return document

    def prepare_import(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check both keys; nothing changes until the returned function runs."""
        apply_cases = super().prepare_import(document)
        configurations, orphans = _load(document[_KEY]) if _KEY in document else ({}, {})

        def apply() -> None:
            apply_cases()
            self.space_configurations = configurations
            self.orphans = orphans

        return apply

    # --- configuration and user actions ----------------------------------------------------------

    def configuration(self, space: str) -> dict[str, Any] | None:
        """The space's configuration (`id`, `version`, `attributes`), or None."""
        return self.space_configurations.get(space)

    def put_configuration(self, space: str, configuration: dict[str, Any]) -> None:
        """Store the space's configuration."""
        self.space_configurations[space] = configuration
        self.shared.changed()

    def user_actions(self, space: str, case_id: str) -> list[dict[str, Any]]:
        """A case's user actions, oldest first (its case may be gone)."""
        case = self.get(space, case_id)
        if case is not None:
            actions: list[dict[str, Any]] = case["user_actions"]
            return actions
        return self.orphans.get(space, {}).get(case_id, [])

    def add_user_action(self, space: str, case_id: str, action: dict[str, Any]) -> None:
        """Keep one more user action of a case (a saved object: it takes a `_seq_no`)."""
        self.next_version()
        case = self.get(space, case_id)
        if case is not None:
            case["user_actions"].append(action)
        else:
            self.orphans.setdefault(space, {}).setdefault(case_id, []).append(action)
        self.shared.changed()

    def delete(self, space: str, case_id: str) -> None:
        """Forget a case with its comments; its user actions stay, as Kibana's do."""
        case = self.get(space, case_id)
        if case is not None and case["user_actions"]:
            self.orphans.setdefault(space, {})[case_id] = case["user_actions"]
        super().delete(space, case_id)
