"""GET /api/saved_objects/_find: the query Kibana's repository builds, run over the store.

Routes: the 7.7 build's routes/find.js and find.ts @ 08e36799; repository: the 7.7 build's
repository.js `find` and find.ts @ 012f5d98 (reference kibana-saved-objects-spaces.md §2.2,
§2.5). Checks run in the repository's order: the route's `aggs` JSON, the allowed types (none
left: an empty page), the KQL filter, then sorting. `search` approximates Elasticsearch's
simple_query_string (words, "phrases", `prefix*`, `-excluded`; DERIVED); hits are in write
order unless `sort_field` (ascending, missing values last) says otherwise.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fakekibana.core.errors import BadRequest
from fakekibana.saved_objects import kql, messages
from fakekibana.saved_objects.client import SavedObjectsClient
from fakekibana.saved_objects.store import SavedObject

_SEARCH_TOKEN = re.compile(r'([+-]?)(?:"([^"]*)"|(\S+))')
_WORD = re.compile(r"\w+")
# Sortable without a type: the root fields of the mapping, and Elasticsearch's own.
_ROOT_SORT = frozenset(("type", "updated_at", "created_at", "originId", "managed", "_id", "_score"))


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def _strings(value: Any) -> list[str]:
    """Every string (and number) in an attribute value, depth first."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [str(value)]
    return []


def _search_matcher(search: str, fields: list[str] | None, operator: str) -> Any:
    """simple_query_string over the attributes (or the named ones; `title^2` boosts ignored)."""
    names = None if fields is None else [field.split("^")[0] for field in fields]
    clauses = []
    for sign, phrase, word in _SEARCH_TOKEN.findall(search):
        clauses.append((sign, phrase.lower().split() if phrase else None, word.lower()))

    def words_of(obj: SavedObject) -> list[str]:
        if names is None:
            texts = _strings(obj.attributes)
        else:
            texts = [
                t
                for name in names
                if name in obj.attributes
                for t in _strings(obj.attributes[name])
            ]
        return [word for text in texts for word in _WORD.findall(text.lower())]

    def hit(words: list[str], phrase: list[str] | None, word: str) -> bool:
        if phrase is not None:
            size = len(phrase)
            return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))
        if word == "*":
            return bool(words)
        if word.endswith("*"):
            return any(item.startswith(word[:-1]) for item in words)
        return any(part in words for part in _WORD.findall(word))

    def matches(obj: SavedObject) -> bool:
        words = words_of(obj)
        wanted = [hit(words, phrase, word) for sign, phrase, word in clauses if sign != "-"]
        excluded = any(hit(words, phrase, word) for sign, phrase, word in clauses if sign == "-")
        if excluded:
            return False
        if not wanted:
            return True
        return all(wanted) if operator == "AND" else any(wanted)

    return matches


def _reference_matcher(refs: Any, operator: str) -> Any:
    wanted = [(ref["type"], ref["id"]) for ref in _as_list(refs) or []]

    def matches(obj: SavedObject) -> bool:
        have = {(ref.get("type"), ref.get("id")) for ref in obj.references}
        found = [ref in have for ref in wanted]
        return all(found) if operator == "AND" else any(found)

    return matches


def _sort_key(obj: SavedObject, field: str) -> tuple[int, Any]:
    root = {
        "type": obj.type,
        "updated_at": obj.updated_at,
        "created_at": obj.created_at,
        "_id": obj.id,
    }
    value = root[field] if field in root else obj.attributes.get(field)
    if value is None or isinstance(value, dict | list):
        return (2, "")
    if isinstance(value, bool | int | float):
        return (0, float(value))
    return (1, str(value))


def find(client: SavedObjectsClient, space: str, query: dict[str, Any]) -> dict[str, Any]:
    """The `{page, per_page, total, saved_objects}` answer of a validated _find query."""
    if query.get("aggs") is not None:
        try:
            json.loads(query["aggs"])
        except ValueError:
            raise BadRequest(messages.INVALID_AGGS) from None
    page, per_page = query["page"], query["per_page"]
    empty = {"page": page, "per_page": per_page, "total": 0, "saved_objects": []}
    requested = list(dict.fromkeys(_as_list(query["type"]) or []))
    types = [name for name in requested if client.visible_type(name) is not None]
    if not types:
        return empty
    matchers = []
    if query.get("filter"):
        matchers.append(kql.compile_filter(query["filter"], types))
    if query.get("aggs") is not None:
        raise BadRequest(messages.AGGS_UNSUPPORTED)
    sort_field = query.get("sort_field")
    if sort_field and len(types) > 1 and sort_field not in _ROOT_SORT:
        raise BadRequest(messages.multi_type_sort(sort_field))
    if query.get("search"):
        fields = _as_list(query.get("search_fields"))
        operator = query.get("default_search_operator", "OR")
        matchers.append(_search_matcher(query["search"], fields, operator))
    if query.get("has_reference") is not None:
        operator = query.get("has_reference_operator", "OR")
        matchers.append(_reference_matcher(query["has_reference"], operator))
    if query.get("has_no_reference") is not None:
        operator = query.get("has_no_reference_operator", "OR")
        excluded = _reference_matcher(query["has_no_reference"], operator)
        matchers.append(lambda obj: not excluded(obj))
    spaces = _as_list(query.get("namespaces")) or [space]
    hits = [
        obj for obj in client.store.find(spaces, types) if all(match(obj) for match in matchers)
    ]
    if sort_field and sort_field != "_score":
        hits.sort(key=lambda obj: _sort_key(obj, sort_field))
    # from = per_page * (page - 1); page 0 would be negative, read as the first page, and
    # fractions are cut (Elasticsearch's own answers to both are not reproduced; DERIVED).
    size = int(per_page)
    start = max(size * (int(page) - 1), 0)
    fields = _as_list(query.get("fields"))
    return {
        "page": page,
        "per_page": per_page,
        "total": len(hits),
        "saved_objects": [
            client.views.found(obj, client.types[obj.type], fields)
            for obj in hits[start : start + size]
        ],
    }
