"""What `_find`'s default query needs, kept as cases are written: status counts per space, and
whether a space's cases are stored in `created_at` order.

Without it, `GET /api/cases/_find` with no filter scanned and sorted every case of the space on
every request, so its time grew with the store (71 ms at 10,000 cases against 6 ms at 1,000 in
benchmarks/cases.py). With it, that query reads only the page it answers (find.py).
"""

from __future__ import annotations

from typing import Any

Case = dict[str, Any]


class SpaceIndex:
    """One space: each case's status as last stored, the counts, and the creation order."""

    def __init__(self) -> None:
        self.status: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        # The created_at of the newest case stored; `ordered` stays true while every new case's
        # created_at is at least that (a clock set back, or an imported state, may break it).
        self.last_created: str | None = None
        self.ordered = True

    def put(self, case: Case) -> None:
        """A case was created or replaced."""
        attributes = case["attributes"]
        old = self.status.get(case["id"])
        new = attributes["status"]
        if old is None:
            created = attributes.get("created_at")
            if not isinstance(created, str) or (
                self.last_created is not None and created < self.last_created
            ):
                self.ordered = False
            else:
                self.last_created = created
        elif old != new:
            self.counts[old] -= 1
        if old != new:
            self.counts[new] = self.counts.get(new, 0) + 1
        self.status[case["id"]] = new

    def delete(self, case_id: str) -> None:
        """A case was deleted (the order of the others is unchanged)."""
        old = self.status.pop(case_id, None)
        if old is not None:
            self.counts[old] -= 1


class FindIndex:
    """Every space's SpaceIndex, kept in step with the case store by its writes."""

    def __init__(self) -> None:
        self.spaces: dict[str, SpaceIndex] = {}

    def rebuild(self, spaces: dict[str, dict[str, Case]]) -> None:
        """Index every stored case again (after an import), in stored order."""
        self.spaces = {}
        for space, bucket in spaces.items():
            for case in bucket.values():
                self.put(space, case)

    def drop(self, space: str | None = None) -> None:
        """Forget one space, or all of them."""
        if space is None:
            self.spaces = {}
        else:
            self.spaces.pop(space, None)

    def put(self, space: str, case: Case) -> None:
        """A case of the space was created or replaced."""
        self.spaces.setdefault(space, SpaceIndex()).put(case)

    def delete(self, space: str, case_id: str) -> None:
        """A case of the space was deleted; an emptied space starts afresh."""
        index = self.spaces.get(space)
        if index is not None:
            index.delete(case_id)
            if not index.status:
                del self.spaces[space]

    def ordered(self, space: str) -> SpaceIndex | None:
        """The space's index when its cases are stored in created_at order, else None."""
        index = self.spaces.get(space)
        if index is None:
            return SpaceIndex()
        return index if index.ordered else None
