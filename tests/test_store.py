"""The stores without HTTP: connectors per space, ids, the clock and change notifications."""

from __future__ import annotations

import datetime
import re
import uuid

from fakekibana.connectors.store import Connector, ConnectorStore
from fakekibana.core.store import Clock, Ids, Shared, iso

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def connector(connector_id: str, name: str = "n") -> Connector:
    """A stored server-log connector."""
    return Connector(connector_id, ".server-log", name, {}, {"s": 1})


def test_put_get_and_replace() -> None:
    """put stores a connector in one space; a second put with the same id replaces it."""
    store = ConnectorStore(Shared())
    store.put("default", connector("a", "first"))
    store.put("default", connector("a", "second"))
    stored = store.get("default", "a")
    assert stored == Connector("a", ".server-log", "second", {}, {"s": 1})
    assert list(store.connectors("default")) == ["a"]


def test_spaces_are_isolated() -> None:
    """A connector stored in one space is invisible from every other."""
    store = ConnectorStore(Shared())
    store.put("space1", connector("a"))
    assert store.get("space1", "a") is not None
    assert store.get("default", "a") is None
    assert store.get("space2", "a") is None
    assert store.connectors("space2") == {}
    assert not store.delete("default", "a")
    assert store.get("space1", "a") is not None


def test_connectors_keep_insertion_order() -> None:
    """connectors() lists a space's connectors in the order they were created."""
    store = ConnectorStore(Shared())
    for connector_id in ("c", "a", "b"):
        store.put("default", connector(connector_id))
    assert list(store.connectors("default")) == ["c", "a", "b"]


def test_delete_reports_whether_it_removed_something() -> None:
    """delete is True once, then False; the empty space disappears."""
    store = ConnectorStore(Shared())
    store.put("s", connector("a"))
    assert store.delete("s", "a")
    assert not store.delete("s", "a")
    assert store.spaces == {}


def test_delete_forgets_the_connectors_incidents() -> None:
    """Deleting a cases connector drops the external records it pushed."""
    store = ConnectorStore(Shared())
    store.put("default", connector("a"))
    store.put("default", connector("b"))
    store.incidents["a"] = {"1": {}}
    store.incidents["b"] = {"2": {}}
    store.delete("default", "a")
    assert store.incidents == {"b": {"2": {}}}


def test_reset_one_space() -> None:
    """reset(space) forgets that space's connectors, incidents and faults, nothing else."""
    store = ConnectorStore(Shared())
    store.put("s1", connector("a"))
    store.put("s2", connector("b"))
    store.incidents.update({"a": {}, "b": {}})
    store.faults.update({"a": "error", "b": "retry"})
    store.indices["i"] = [{"_id": "x", "_source": {}}]
    store.reset("s1")
    assert store.connectors("s1") == {}
    assert list(store.connectors("s2")) == ["b"]
    assert store.incidents == {"b": {}}
    assert store.faults == {"b": "retry"}
    assert store.indices == {"i": [{"_id": "x", "_source": {}}]}


def test_reset_everything() -> None:
    """reset() forgets every space, index, incident and fault."""
    store = ConnectorStore(Shared())
    store.put("s1", connector("a"))
    store.indices["i"] = []
    store.incidents["a"] = {}
    store.faults["a"] = "error"
    store.reset()
    assert (store.spaces, store.indices, store.incidents, store.faults) == ({}, {}, {}, {})


def test_listeners_hear_every_change() -> None:
    """put, delete and reset notify the listeners; a delete of nothing does not."""
    store = ConnectorStore(Shared())
    heard: list[str] = []
    store.shared.listeners.append(lambda: heard.append("changed"))
    store.put("s", connector("a"))
    store.delete("s", "a")
    store.delete("s", "a")
    store.reset("s")
    store.reset()
    assert heard == ["changed"] * 4


def test_random_ids_are_uuid4() -> None:
    """Unseeded ids are distinct version-4 UUIDs."""
    ids = Ids()
    # More than one pool of ids (they are made 256 at a time).
    made = [ids.new() for _ in range(1000)]
    assert all(UUID4.fullmatch(i) for i in made)
    assert len(set(made)) == 1000
    parsed = [uuid.UUID(i) for i in made]
    assert {(u.version, u.variant) for u in parsed} == {(4, uuid.RFC_4122)}
    assert [str(u) for u in parsed] == made
    # Each variant digit appears: its two low bits are random.
    assert {i[19] for i in made} == set("89ab")


def test_seeded_ids_repeat() -> None:
    """Two Ids with the same seed give the same sequence of UUID4s and tokens."""
    first, second = Ids(7), Ids(7)
    a = [first.new(), first.token(20), first.new()]
    b = [second.new(), second.token(20), second.new()]
    assert a == b
    assert UUID4.fullmatch(a[0])
    assert uuid.UUID(a[0]).version == 4
    assert Ids(8).new() != a[0]


def test_tokens_use_the_alphabet_asked_for() -> None:
    """token(n) has n characters from the alphabet: URL-safe base64 by default, or the one given."""
    ids = Ids(1)
    assert re.fullmatch(r"[A-Za-z0-9_-]{20}", ids.token(20))
    assert re.fullmatch(r"[0-9a-f]{32}", ids.token(32, "0123456789abcdef"))
    assert re.fullmatch(r"[A-Za-z0-9_-]{5}", Ids().token(5))


def test_clock_is_real_unless_fixed() -> None:
    """now() is the current UTC time, or the fixed time a test set."""
    clock = Clock()
    before = datetime.datetime.now(datetime.UTC)
    now = clock.now()
    assert before <= now <= datetime.datetime.now(datetime.UTC)
    assert now.tzinfo is not None
    fixed = datetime.datetime(2020, 3, 10, 12, 24, 20, tzinfo=datetime.UTC)
    clock.fixed = fixed
    assert clock.now() == fixed


def test_iso_is_javascript_to_iso_string() -> None:
    """iso() writes milliseconds and a Z, converting other offsets to UTC."""
    moment = datetime.datetime(2020, 3, 13, 8, 34, 53, 450999, tzinfo=datetime.UTC)
    assert iso(moment) == "2020-03-13T08:34:53.450Z"
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    assert iso(datetime.datetime(2020, 1, 1, 1, 0, tzinfo=plus_two)) == "2019-12-31T23:00:00.000Z"
