"""GET /api/action/_find: Kibana 7.7's saved-objects find over connectors (core §2.5).

The fake searches its own store the way Elasticsearch would answer the saved-objects query for
the few field types an action has: `name` is text (case-insensitive words), `actionTypeId` is
a keyword (exact, case-sensitive). KQL filters of the form `action.attributes.<field>:<value>`,
joined by `and` / `or`, are understood; anything richer is refused with a plain 400.
"""

from __future__ import annotations

import math
import re
from typing import Any

from fakekibana.connectors.store import Connector
from fakekibana.core.errors import BadRequest

_WORD = re.compile(r"\w+")
_TEXT_FIELDS = frozenset({"name"})
_CLAUSE = re.compile(r"\s*(?:action\.attributes\.)?(\w+)\s*:\s*(\"[^\"]*\"|[^\s()]+)\s*")


def _value(connector: Connector, field: str) -> Any:
    return {"actionTypeId": connector.action_type_id, "name": connector.name}.get(field)


def _term_matches(term: str, field: str, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    prefix = term.endswith("*")
    term = term.rstrip("*")
    if field in _TEXT_FIELDS:
        words = [w.casefold() for w in _WORD.findall(value)]
        wanted = [w.casefold() for w in _WORD.findall(term)]
        if not wanted:
            return False
        if prefix:
            *whole, last = wanted
            return all(w in words for w in whole) and any(w.startswith(last) for w in words)
        return all(w in words for w in wanted)
    return value.startswith(term) if prefix else value == term


def _search(connector: Connector, terms: list[str], fields: list[str], operator: str) -> bool:
    hits = [any(_term_matches(t, f, _value(connector, f)) for f in fields) for t in terms]
    return all(hits) if operator == "AND" else any(hits)


def _filter(filter_text: str) -> list[list[tuple[str, str]]]:
    """The filter as OR-groups of AND-ed (field, value) clauses."""
    groups: list[list[tuple[str, str]]] = []
    for group in re.split(r"\s+or\s+", filter_text.strip(), flags=re.IGNORECASE):
        clauses = []
        for clause in re.split(r"\s+and\s+", group, flags=re.IGNORECASE):
            match = _CLAUSE.fullmatch(clause)
            if match is None:
                msg = f"fakekibana does not emulate this KQL filter: {filter_text}"
                raise BadRequest(msg)
            clauses.append((match.group(1), match.group(2).strip('"')))
        groups.append(clauses)
    return groups


def find(connectors: list[Connector], query: dict[str, Any]) -> dict[str, Any]:
    """The paged find answer: {page, perPage, total, data}."""
    matches = connectors
    search = query.get("search")
    if search:
        fields = query.get("search_fields") or ["name", "actionTypeId"]
        if isinstance(fields, str):
            fields = [fields]
        fields = [f.split("^")[0] for f in fields]
        terms = search.split()
        operator = query["default_search_operator"]
        matches = [c for c in matches if _search(c, terms, fields, operator)]
    if query.get("filter"):
        groups = _filter(query["filter"])
        matches = [c for c in matches if any(all(_value(c, f) == v for f, v in g) for g in groups)]
    if query.get("has_reference"):
        # Nothing in the fake refers to a connector.
        matches = []
    sort_field = query.get("sort_field")
    if sort_field:
        descending = query.get("sort_order") == "desc"
        matches = sorted(
            matches, key=lambda c: str(_value(c, sort_field) or ""), reverse=descending
        )
    # page and perPage are echoed as validated (JSON numbers); slicing clamps them.
    page, per_page = query["page"], query["per_page"]
    # Clamped before flooring: a huge page times perPage overflows to infinity.
    start = math.floor(min(len(matches), (page - 1) * per_page))
    window = matches[start : math.floor(min(len(matches), page * per_page))]
    wanted = query.get("fields")
    data = []
    for connector in window:
        attributes = {
            "actionTypeId": connector.action_type_id,
            "name": connector.name,
            "config": connector.config_json,
        }
        item: dict[str, Any] = {"id": connector.id}
        for key, value in attributes.items():
            if wanted is None or key in wanted:
                item[key] = value
        item["isPreconfigured"] = False
        item["referencedByCount"] = 0
        data.append(item)
    return {"page": page, "perPage": per_page, "total": len(matches), "data": data}
