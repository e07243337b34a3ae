"""What the spaces area keeps: each space's saved-object attributes, by id, in stored order.

Kibana keeps a space as the saved object `space/<id>`; the fake keeps its attributes as a dict
whose key order is the order Elasticsearch would hold them in (7.8 answers them in that order).
A fresh Kibana has the default space only (reference kibana-saved-objects-spaces.md §3.3), and
so does every reset.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakekibana.core.persistence import StateError, check_list, check_object, check_space
from fakekibana.core.store import DEFAULT_SPACE, Shared

# create_default_space.js (7.7 build, soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1) and
# create_default_space.ts @ 180656ddf4945f32722882ec76f0fa808232b49b: the same attributes, in
# this order, for 7.8, 8.x and 9.x (no `solution` unless xpack.spaces.defaultSolution is set).
DEFAULT_SPACE_ATTRIBUTES: dict[str, Any] = {
    "name": "Default",
    "description": "This is your default space!",
    "color": "#00bfb3",
    "disabledFeatures": [],
    "_reserved": True,
}
# The attributes a space's saved object can hold (space_schema's keys but `id`).
ATTRIBUTES = frozenset(
    (
        "name",
        "description",
        "color",
        "initials",
        "imageUrl",
        "disabledFeatures",
        "_reserved",
        "solution",
    )
)


def fresh() -> dict[str, dict[str, Any]]:
    """The spaces of a Kibana that has just started: the default one."""
    return {DEFAULT_SPACE: {key: _copy(value) for key, value in DEFAULT_SPACE_ATTRIBUTES.items()}}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _ordered(spaces: dict[str, dict[str, Any]]) -> list[Any]:
    return [(space_id, list(attributes.items())) for space_id, attributes in spaces.items()]


def _load(value: Any) -> dict[str, dict[str, Any]]:
    spaces: dict[str, dict[str, Any]] = {}
    for index, raw in enumerate(check_list(value, "state.spaces")):
        at = f"state.spaces[{index}]"
        item = check_object(raw, at)
        space_id = check_space(item.get("id"), at + ".id")
        if space_id in spaces:
            raise StateError(f"{at}.id: {space_id!r} appears twice")
        if not isinstance(item.get("name"), str):
            raise StateError(f"{at}.name: must be a string")
        unknown = set(item) - ATTRIBUTES - {"id"}
        if unknown:
            raise StateError(f"{at}: unknown keys {sorted(unknown)}")
        spaces[space_id] = {key: value for key, value in item.items() if key != "id"}
    if DEFAULT_SPACE not in spaces:
        raise StateError("state.spaces: the default space is missing")
    return spaces


class SpaceStore:
    """The spaces by id; reset brings back the default space alone."""

    spaces: dict[str, dict[str, Any]]

    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.spaces = fresh()

    # --- the AreaStore protocol ---------------------------------------------------------------

    def state_keys(self) -> tuple[str, ...]:
        """The state document's key this store writes."""
        return ("spaces",)

    def reset(self, space: str | None = None) -> None:
        """Back to the default space alone. A reset of one space (a space's deletion too)
        empties what is stored in it, not the space itself: nothing to do here."""
        if space is None:
            self.spaces = fresh()
            self.shared.changed()

    def export(self) -> dict[str, Any]:
        """`spaces` as the state document writes it; left out while it is a fresh Kibana's
        (the default space alone, as created), so documents of older releases stay valid."""
        if _ordered(self.spaces) == _ordered(fresh()):
            return {}
        return {"spaces": [{"id": key, **value} for key, value in self.spaces.items()]}

    def prepare_import(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check a state document's `spaces` (the default space alone when it has none)."""
        loaded = _load(document["spaces"]) if "spaces" in document else fresh()

        def apply() -> None:
            self.spaces = loaded

        return apply

    # --- spaces -------------------------------------------------------------------------------

    def get(self, space_id: str) -> dict[str, Any] | None:
        """A space's stored attributes, or None."""
        return self.spaces.get(space_id)

    def put(self, space_id: str, attributes: dict[str, Any]) -> None:
        """Store (create or replace) a space's attributes."""
        self.spaces[space_id] = attributes
        self.shared.changed()

    def delete(self, space_id: str) -> None:
        """Forget a space."""
        del self.spaces[space_id]
        self.shared.changed()
