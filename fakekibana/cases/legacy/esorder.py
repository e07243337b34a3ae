"""How Elasticsearch 7.x orders a document's keys after a partial update (reference §3.1).

A saved-object update is an Elasticsearch update with a partial `doc`. Elasticsearch reads the
stored source as an ordered map and the partial document as a Java HashMap, then merges them
(XContentHelper.update): a map merged into a stored map keeps the stored order and appends new
keys; any other value replaces the old one in its place, and an object that replaced `null`
(or a non-object) keeps the HashMap's iteration order. So a later GET shows `updated_by` as
`full_name, email, username` while the route that wrote it answered `username, full_name,
email` (DERIVED in the reference, and exactly what the 7.8 docs' examples show).
"""

from __future__ import annotations

from typing import Any

# java.util.HashMap: 16 buckets, doubled whenever the size passes three quarters of them.
_INITIAL_BUCKETS = 16


def java_hash(text: str) -> int:
    """String.hashCode over UTF-16 code units, as a 32-bit unsigned value."""
    units = text.encode("utf-16-le", "surrogatepass")
    value = 0
    for index in range(0, len(units), 2):
        value = (31 * value + int.from_bytes(units[index : index + 2], "little")) & 0xFFFFFFFF
    return value


def _bucket(key: str, buckets: int) -> int:
    spread = java_hash(key)
    spread ^= spread >> 16
    return spread & (buckets - 1)


def hashmap_keys(keys: list[str]) -> list[str]:
    """The keys in a HashMap's iteration order: by bucket, insertion order within one."""
    buckets = _INITIAL_BUCKETS
    while len(keys) > buckets * 3 // 4:
        buckets *= 2
    position = {key: index for index, key in enumerate(keys)}
    return sorted(keys, key=lambda key: (_bucket(key, buckets), position[key]))


def as_hashmap(value: Any) -> Any:
    """The value as Elasticsearch keeps a freshly parsed (unordered) object: every map, at
    every depth, in HashMap order."""
    if isinstance(value, dict):
        return {key: as_hashmap(value[key]) for key in hashmap_keys(list(value))}
    if isinstance(value, list):
        return [as_hashmap(item) for item in value]
    return value


def update(stored: dict[str, Any], changes: dict[str, Any]) -> None:
    """Merge a partial document into stored attributes as XContentHelper.update does."""
    for key in hashmap_keys(list(changes)):
        new = changes[key]
        old = stored.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            update(old, new)
        else:
            stored[key] = as_hashmap(new)
