"""POST /api/saved_objects/_resolve_import_errors per release line: retries and their report."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from tests.conftest import XSRF, expect_json
from tests.kibana_lines import boom, line_settings
from tests.test_saved_objects_export import SAMPLE_7, SAMPLE_9, create
from tests.test_saved_objects_import import ICONS, MISSING, SAMPLE_KEYS, ndjson_form, post_import

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
SO = "/api/saved_objects"
RESOLVE = f"{SO}/_resolve_import_errors"


async def post_resolve(kb: TestClient[Any, Any], text: str, retries: Any, query: str = "") -> Any:
    """POST the file and the retries to _resolve_import_errors."""
    form = ndjson_form(text, retries=json.dumps(retries))
    return await kb.post(f"{RESOLVE}{query}", data=form, headers=XSRF)


async def test_overwrite_retries_resolve_conflicts(make_client: MakeClient) -> None:
    """Retrying conflicts with overwrite writes them; `overwrite` comes before `managed`."""
    kb = await make_client(line_settings("9.4.0"))
    await post_import(kb, SAMPLE_9)
    retries = [{"type": t, "id": i, "overwrite": True} for t, i, _ in SAMPLE_KEYS]
    response = await post_resolve(kb, SAMPLE_9, retries)
    results = [
        {
            "type": t,
            "id": i,
            "meta": {"title": title, "icon": icon},
            "overwrite": True,
            "managed": False,
        }
        for (t, i, title), icon in zip(SAMPLE_KEYS, ICONS["9.4.0"], strict=True)
    ]
    expected = {"successCount": 3, "success": True, "warnings": [], "successResults": results}
    await expect_json(response, 200, expected)


async def test_only_retried_objects_are_written_and_conflicts_stay(make_client: MakeClient) -> None:
    """An object not retried is skipped; a retried conflict without overwrite stays an error."""
    kb = await make_client(line_settings("8.19.0"))
    await create(kb, "index-pattern", "ip1", {"title": "old"})
    retries = [{"type": "index-pattern", "id": "ip1"}]
    response = await post_resolve(kb, SAMPLE_9, retries)
    error = {
        "type": "index-pattern",
        "id": "ip1",
        "meta": {"title": "logs-*", "icon": "indexPatternApp"},
        "error": {"type": "conflict"},
    }
    expected = {"successCount": 0, "success": False, "warnings": [], "errors": [error]}
    await expect_json(response, 200, expected)
    assert (await kb.get(f"{SO}/dashboard/dash1")).status == 404


async def test_replace_references_and_destination_ids(make_client: MakeClient) -> None:
    """replaceReferences points a missing reference at an existing object; destinationId
    writes the object under another id, keeping the file's id as originId."""
    kb = await make_client(line_settings("9.4.0"))
    await create(kb, "index-pattern", "ip1", {"title": "logs-*"})
    await create(kb, "search", "s1", {"title": "A search"})
    replace = [
        {"type": "index-pattern", "from": "non-existing", "to": "ip1"},
        {"type": "search", "from": "non-existing-search", "to": "s1"},
    ]
    retry = {"type": "visualization", "id": "1", "destinationId": "vis-new"}
    response = await post_resolve(kb, MISSING, [{**retry, "replaceReferences": replace}])
    meta = {"title": "My visualization", "icon": "chartBarVertical"}
    result = {
        "type": "visualization",
        "id": "1",
        "meta": meta,
        "destinationId": "vis-new",
        "managed": False,
    }
    expected = {"successCount": 1, "success": True, "warnings": [], "successResults": [result]}
    await expect_json(response, 200, expected)
    got = await (await kb.get(f"{SO}/visualization/vis-new")).json()
    assert ([r["id"] for r in got["references"]], got["originId"]) == (["ip1", "s1"], "1")


async def test_ignore_missing_references_writes_the_object(make_client: MakeClient) -> None:
    """ignoreMissingReferences skips the reference check for that object."""
    kb = await make_client(line_settings("9.4.0"))
    retries = [{"type": "visualization", "id": "1", "ignoreMissingReferences": True}]
    response = await post_resolve(kb, MISSING, retries)
    body = await response.json()
    assert (response.status, body["success"], body["successCount"]) == (200, True, 1)
    assert (await kb.get(f"{SO}/visualization/1")).status == 200


async def test_retries_refusals(make_client: MakeClient) -> None:
    """No retries, retries that are not JSON, repeated retries: Kibana's 400s."""
    kb = await make_client(line_settings("9.4.0"))
    response = await kb.post(RESOLVE, data=ndjson_form(SAMPLE_9), headers=XSRF)
    text = "[request body.retries]: expected value of type [array] but got [undefined]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await kb.post(RESOLVE, data=ndjson_form(SAMPLE_9, retries="nope"), headers=XSRF)
    text = "[request body.retries]: could not parse array value from json input"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await post_resolve(kb, SAMPLE_9, [{"type": "dashboard"}])
    text = "[request body.retries.0.id]: expected value of type [string] but got [undefined]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    twice = [{"type": "dashboard", "id": "dash1"}] * 2
    response = await post_resolve(kb, SAMPLE_9, twice)
    text = "Non-unique retry objects: [dashboard:dash1]"
    await expect_json(response, 400, boom(400, "Bad Request", text))
    response = await post_resolve(kb, SAMPLE_9, [], "?overwrite=true")
    text = "[request query.overwrite]: definition for this key is missing"
    await expect_json(response, 400, boom(400, "Bad Request", text))


async def test_7_8_resolves_with_overwrite(make_client: MakeClient) -> None:
    """7.8 writes the retried objects and answers `{success, successCount}`."""
    kb = await make_client(line_settings("7.8.0"))
    await post_import(kb, SAMPLE_7)
    retries = [{"type": t, "id": i, "overwrite": True} for t, i, _ in SAMPLE_KEYS]
    response = await post_resolve(kb, SAMPLE_7, retries, "?ignored=1")
    await expect_json(response, 200, {"success": True, "successCount": 3})
