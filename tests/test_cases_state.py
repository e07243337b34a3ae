"""The cases part of a state document: a document the fake did not write is refused whole, and
whatever is accepted can be read by every cases route without an error."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakekibana.app import create_app
from fakekibana.cases import user_actions
from fakekibana.cases.area import CasesArea
from fakekibana.core.adapter import AREAS
from fakekibana.core.errors import KibanaError
from fakekibana.core.persistence import StateError
from fakekibana.core.settings import Settings

BODY = {
    "title": "t",
    "description": "d",
    "tags": ["a"],
    "owner": "cases",
    "settings": {"syncAlerts": False},
    "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
}
CONFIGURATION = {
    "owner": "cases",
    "closure_type": "close-by-pushing",
    "connector": {"id": "none", "type": ".none", "fields": None, "name": "none"},
}


def populated() -> tuple[CasesArea, dict[str, Any]]:
    """A 9.4 cases area holding a case with a comment, an update and a configuration, and its
    state document part."""
    app = create_app(Settings(kibana_version="9.4.0"))
    area = app[AREAS]["cases"]
    assert isinstance(area, CasesArea)
    client = area.client
    case = client.create("default", BODY, None)
    client.comments.add(
        "default", case["id"], {"type": "user", "comment": "c", "owner": "cases"}, None
    )
    version = client.get("default", case["id"], None, False)["version"]
    client.update(
        "default", {"cases": [{"id": case["id"], "version": version, "tags": ["b"]}]}, None
    )
    client.configure.create("default", CONFIGURATION, None)
    return area, area.store.export()


def read_everything(area: CasesArea) -> None:
    """Every cases read over every stored case (what the routes answer): an answer or a
    Kibana 4xx, never another exception."""
    client = area.client
    reads: list[Callable[[], Any]] = [
        lambda: client.configure.get("default", {}),
        lambda: client.find("default", {}),
        lambda: client.find("default", {"sortField": "title", "status": "open", "search": "t"}),
        lambda: client.tags("default", {}),
        lambda: client.reporters("default", {}),
    ]
    for case_id in list(area.store.cases("default")):
        reads += [
            lambda case_id=case_id: client.get("default", case_id, None, True),
            lambda case_id=case_id: client.comments.find("default", case_id, {}),
            lambda case_id=case_id: user_actions.find(lambda: client.found("default", case_id), {}),
        ]
    statuses = []
    for read in reads:
        try:
            read()
        except KibanaError as refusal:
            statuses.append(refusal.status)
    assert all(status < 500 for status in statuses), statuses


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


AREA, DOCUMENT = populated()
CASES_PATHS = [p for p in paths(DOCUMENT["cases"]) if len(p) >= 3]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)


def test_the_fakes_own_document_round_trips() -> None:
    """A document the fake exported imports again and reads back the same."""
    area, document = populated()
    area.store.prepare_import(copy.deepcopy(document))()
    read_everything(area)
    assert area.store.export() == document


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(CASES_PATHS), value=JSON, delete=st.booleans())
def test_a_changed_document_is_refused_or_readable(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    """One value changed or removed in the cases part: a StateError, or every read works."""
    document = copy.deepcopy(DOCUMENT)
    parent = document["cases"]
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    area, _ = populated()
    before = area.store.export()
    try:
        apply = area.store.prepare_import(document)
    except StateError:
        assert area.store.export() == before
        return
    apply()
    read_everything(area)


def test_an_old_user_action_is_refused() -> None:
    """A user action of the shape written before user actions were served is a StateError."""
    document = copy.deepcopy(DOCUMENT)
    document["cases"]["cases"][0]["user_actions"] = [
        {
            "action": "update",
            "type": "update_case",
            "payload": {},
            "created_at": "x",
            "created_by": {},
        }
    ]
    with pytest.raises(
        StateError, match=r"state\.cases\.cases\[0\]\.user_actions\[0\]: needs exactly the keys"
    ):
        AREA.store.prepare_import(document)
