"""The control plane under /_fakekibana/: reset, journal, errors, state, seed, faults, clock."""

from __future__ import annotations

import asyncio
import datetime
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from fakekibana import Settings, create_app
from fakekibana.connectors.client import ActionsClient
from fakekibana.core.journal import BODY_LIMIT, REDACTED, redact, redact_header, redact_text
from tests.conftest import SEED_JIRA, SEED_SERVICENOW, TYPE_SPECS, XSRF

Make = Callable[..., Awaitable[TestClient[Any, Any]]]
JSON = {"Content-Type": "application/json"}
PUSH = {
    "subAction": "pushToService",
    "subActionParams": {
        "caseId": "case-1",
        "title": "Disk full",
        "createdAt": "2020-06-01T10:00:00.000Z",
        "createdBy": {"fullName": "Ada", "username": "ada"},
    },
}
SERVER_LOG = {"actionTypeId": ".server-log", "name": "log"}


@pytest.fixture
def make(aiohttp_client: Any) -> Make:
    """Build a client for an app with these Settings fields (strict responses on)."""

    async def build(**options: Any) -> TestClient[Any, Any]:
        settings = Settings(server_name="fakekibana-test", strict_responses=True, **options)
        client: TestClient[Any, Any] = await aiohttp_client(create_app(settings))
        return client

    return build


@pytest.fixture
async def kb(make: Make) -> TestClient[Any, Any]:
    """A client for a default app."""
    return await make()


async def create(kb: TestClient[Any, Any], body: dict[str, Any], space: str = "") -> str:
    """Create a connector through Kibana's API and return its id."""
    prefix = f"/s/{space}" if space else ""
    response = await kb.post(f"{prefix}/api/action", json=body, headers=XSRF)
    assert response.status == 200
    connector_id: str = (await response.json())["id"]
    return connector_id


async def journal(kb: TestClient[Any, Any], query: str = "") -> dict[str, Any]:
    """GET /_fakekibana/requests."""
    response = await kb.get("/_fakekibana/requests" + query)
    assert response.status == 200
    body: dict[str, Any] = await response.json()
    return body


def boom(status: int, error: str, message: str) -> dict[str, Any]:
    """A Boom error body."""
    return {"statusCode": status, "error": error, "message": message}


# --- health, reset, unknown paths ---------------------------------------------------------------


async def test_health_answers_ok(kb: TestClient[Any, Any]) -> None:
    """GET /_fakekibana/health names fakekibana's and Kibana's versions."""
    response = await kb.get("/_fakekibana/health")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "fakekibana": "0.1.0", "kibana": "7.8.0"}


async def test_unknown_control_path_is_a_boom_404(kb: TestClient[Any, Any]) -> None:
    """An unknown path under the prefix answers Kibana's 404 body."""
    response = await kb.get("/_fakekibana/nothing")
    assert response.status == 404
    assert await response.json() == boom(404, "Not Found", "Not Found")


async def test_reset_forgets_everything(kb: TestClient[Any, Any]) -> None:
    """POST /_fakekibana/reset answers 204 and empties connectors, journal and every space."""
    await create(kb, SERVER_LOG)
    await create(kb, SERVER_LOG, space="team-a")
    response = await kb.post("/_fakekibana/reset")
    assert response.status == 204
    assert await response.read() == b""
    assert (await (await kb.get("/api/actions")).json()) == []
    assert (await (await kb.get("/s/team-a/api/actions")).json()) == []
    # The two GETs above are the only requests since the reset.
    assert [r["path"] for r in (await journal(kb))["requests"]] == [
        "/api/actions",
        "/s/team-a/api/actions",
    ]


async def test_reset_of_one_space_keeps_the_others(kb: TestClient[Any, Any]) -> None:
    """POST /_fakekibana/reset?space=ID forgets that space only, and keeps the journal."""
    kept = await create(kb, SERVER_LOG)
    await create(kb, SERVER_LOG, space="team-a")
    response = await kb.post("/_fakekibana/reset?space=team-a")
    assert response.status == 204
    assert [c["id"] for c in await (await kb.get("/api/actions")).json()] == [kept]
    assert (await (await kb.get("/s/team-a/api/actions")).json()) == []
    assert len((await journal(kb))["requests"]) == 4


async def test_reset_refuses_a_bad_space_id(kb: TestClient[Any, Any]) -> None:
    """A space id Kibana would not accept is a 400."""
    response = await kb.post("/_fakekibana/reset?space=Team%20A")
    assert response.status == 400
    assert await response.json() == boom(
        400, "Bad Request", "[request query.space]: 'Team A' is not a space id"
    )


async def test_control_endpoints_skip_kibana_checks(make: Make) -> None:
    """With security on, control endpoints need neither credentials nor kbn-xsrf."""
    kb = await make(users=Settings().with_options(users=["elastic:changeme"]).users)
    assert (await kb.get("/api/actions")).status == 401
    assert (await kb.post("/_fakekibana/reset")).status == 204
    assert (await kb.get("/_fakekibana/state")).status == 200


# --- the request journal ------------------------------------------------------------------------


async def test_journal_records_requests_newest_last(kb: TestClient[Any, Any]) -> None:
    """Each Kibana request is journaled with its space, query, body and status, in order."""
    await kb.get("/s/team-a/api/action/_find?per_page=5")
    await kb.post("/api/action", json={"name": "x"}, headers={**XSRF, "X-Trace": "t1"})
    entries = (await journal(kb))["requests"]
    assert [(e["method"], e["path"], e["space"], e["status"]) for e in entries] == [
        ("GET", "/s/team-a/api/action/_find", "team-a", 200),
        ("POST", "/api/action", "default", 400),
    ]
    assert entries[0]["query"] == {"per_page": "5"}
    assert entries[0]["body"] is None
    assert entries[1]["body"] == {"name": "x"}
    assert entries[1]["headers"]["X-Trace"] == "t1"
    assert entries[1]["headers"]["kbn-xsrf"] == "true"
    assert entries[1]["time"].endswith("Z")


async def test_journal_time_is_the_clocks(kb: TestClient[Any, Any]) -> None:
    """An entry's time is the fake's clock: the time set with PUT /_fakekibana/clock, else now
    (milliseconds, as toISOString writes them)."""
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    await kb.get("/api/status")
    after = datetime.datetime.now(datetime.UTC)
    await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:00:00.123Z"})
    await kb.get("/api/status")
    entries = (await journal(kb))["requests"]
    assert [e["time"] for e in entries][1:] == ["2020-06-01T12:00:00.123Z"]
    real = datetime.datetime.fromisoformat(entries[0]["time"].replace("Z", "+00:00"))
    assert before <= real <= after
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entries[0]["time"])


async def test_journal_entry_exists_when_the_answer_arrives(kb: TestClient[Any, Any]) -> None:
    """The entry is written before the response is sent: a slow request appears only then."""
    slow = asyncio.ensure_future(kb.get("/api/status", headers={"X-Fakekibana-Delay": "300"}))
    await asyncio.sleep(0.1)
    assert (await journal(kb))["requests"] == []
    response = await slow
    assert response.status == 200
    assert [e["path"] for e in (await journal(kb))["requests"]] == ["/api/status"]


async def test_journal_filters_by_method_and_path(kb: TestClient[Any, Any]) -> None:
    """?method= (any case) and ?path= (exact, or with * patterns) select entries."""
    connector_id = await create(kb, SERVER_LOG)
    await kb.get(f"/api/action/{connector_id}")
    await kb.get("/api/actions")
    got = await journal(kb, "?method=get")
    assert [e["path"] for e in got["requests"]] == [f"/api/action/{connector_id}", "/api/actions"]
    got = await journal(kb, "?path=/api/action")
    assert [e["method"] for e in got["requests"]] == ["POST"]
    got = await journal(kb, "?method=GET&path=/api/action/*")
    assert [e["path"] for e in got["requests"]] == [f"/api/action/{connector_id}"]


async def test_journal_is_bounded(make: Make) -> None:
    """With journal_size 2, only the two newest entries are kept and the rest are counted."""
    kb = await make(journal_size=2)
    for path in ("/api/status", "/api/actions", "/api/action/types"):
        await kb.get(path)
    got = await journal(kb)
    assert [e["path"] for e in got["requests"]] == ["/api/actions", "/api/action/types"]
    assert got["dropped"] == 1


async def test_journal_can_be_turned_off(make: Make) -> None:
    """With journal_size 0, nothing is recorded."""
    kb = await make(journal_size=0)
    await kb.get("/api/status")
    assert await journal(kb) == {"requests": [], "dropped": 0}


async def test_delete_clears_the_journal(kb: TestClient[Any, Any]) -> None:
    """DELETE /_fakekibana/requests answers 204 and empties the journal."""
    await kb.get("/api/status")
    response = await kb.delete("/_fakekibana/requests")
    assert response.status == 204
    assert await journal(kb) == {"requests": [], "dropped": 0}


async def test_control_requests_are_not_journaled(kb: TestClient[Any, Any]) -> None:
    """Requests to /_fakekibana/ never appear in the journal."""
    await kb.get("/_fakekibana/health")
    await kb.get("/_fakekibana/state")
    assert (await journal(kb))["requests"] == []


async def test_journal_keeps_a_long_body_truncated(kb: TestClient[Any, Any]) -> None:
    """A body over the limit is kept as its first BODY_LIMIT characters of text."""
    body = json.dumps({"name": "n" * BODY_LIMIT})
    await kb.post("/api/action", data=body, headers={**XSRF, **JSON})
    (entry,) = (await journal(kb))["requests"]
    assert entry["body"] == body[:BODY_LIMIT]


SECRETS = {
    ".servicenow": (SEED_SERVICENOW, "securePassword123!"),
    ".jira": (SEED_JIRA, "my-api-token"),
    ".slack": (
        {
            "actionTypeId": ".slack",
            "name": "slack",
            "secrets": {"webhookUrl": "https://hooks.slack.com/services/T0/B0/s3cr3tHook"},
        },
        "s3cr3tHook",
    ),
    ".pagerduty": (
        {"actionTypeId": ".pagerduty", "name": "pd", "secrets": {"routingKey": "rk-s3cr3t"}},
        "rk-s3cr3t",
    ),
    ".webhook": (
        {
            "actionTypeId": ".webhook",
            "name": "hook",
            "config": {
                "url": "https://bob:hunter2@example.com/hook",
                "headers": {"Authorization": "Bearer tok-s3cr3t"},
            },
            "secrets": {"user": "bob", "password": "hunter2"},
        },
        "hunter2",
    ),
    ".email": (
        {
            "actionTypeId": ".email",
            "name": "mail",
            "config": {"from": "a@example.com", "service": "gmail"},
            "secrets": {"user": "a@example.com", "password": "mail-s3cr3t"},
        },
        "mail-s3cr3t",
    ),
}


@pytest.mark.parametrize("type_id", list(SECRETS))
async def test_journal_never_shows_secrets(kb: TestClient[Any, Any], type_id: str) -> None:
    """Every secrets value of every connector type is redacted, keeping the field names."""
    body, secret = SECRETS[type_id]
    await kb.post("/api/action", json=body, headers=XSRF)
    raw = await (await kb.get("/_fakekibana/requests")).text()
    assert secret not in raw
    (entry,) = json.loads(raw)["requests"]
    assert entry["body"]["secrets"] == {key: REDACTED for key in body["secrets"]}


async def test_journal_redacts_headers_urls_and_query(kb: TestClient[Any, Any]) -> None:
    """Authorization keeps its scheme only; URL user info and secret query values go."""
    body = SECRETS[".webhook"][0]
    headers = {**XSRF, "Authorization": "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==", "Cookie": "sid=1"}
    await kb.post("/api/action?api_key=k1&page=2", json=body, headers=headers)
    (entry,) = (await journal(kb))["requests"]
    assert entry["headers"]["Authorization"] == "Basic [REDACTED]"
    assert entry["headers"]["Cookie"] == REDACTED
    assert entry["query"] == {"api_key": REDACTED, "page": "2"}
    assert entry["body"]["config"] == {
        "url": "https://[REDACTED]@example.com/hook",
        "headers": {"Authorization": REDACTED},
    }


def test_redact_handles_text_and_nesting() -> None:
    """redact() keeps shape and nulls; text bodies lose `key: value` secrets and URL user info."""
    assert redact({"a": [{"apiToken": "t", "ok": 1}], "password": None, "n": 2}) == {
        "a": [{"apiToken": REDACTED, "ok": 1}],
        "password": None,
        "n": 2,
    }
    assert redact_text('{"secrets": {"password": "pw1", "user": "u"') == (
        '{"secrets": {"password": [REDACTED], "user": "u"'
    )
    assert redact_text("user=a&password=pw2&x=ftp://u:p@host/") == (
        "user=a&password=[REDACTED]&x=ftp://[REDACTED]@host/"
    )
    assert redact_header("X-Api-Key", "abc") == REDACTED
    assert redact_header("Authorization", "token") == REDACTED
    assert redact_header("Accept", "application/json") == "application/json"


async def test_form_bodies_are_redacted(kb: TestClient[Any, Any]) -> None:
    """A form-encoded body is shown as fields, with secret fields redacted."""
    await kb.post("/api/action", data={"name": "x", "password": "pw3"}, headers=XSRF)
    (entry,) = (await journal(kb))["requests"]
    assert entry["body"] == {"name": "x", "password": REDACTED}


# --- failures of the fake itself ----------------------------------------------------------------


async def test_server_errors_are_kept_until_reset(
    kb: TestClient[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception in a handler answers Kibana's 500 and is listed by GET /_fakekibana/errors."""

    def broken(self: ActionsClient) -> Any:
        msg = "types table is broken"
        raise RuntimeError(msg)

    monkeypatch.setattr(ActionsClient, "list_types", broken)
    response = await kb.get("/api/action/types")
    assert response.status == 500
    assert await response.json() == boom(
        500, "Internal Server Error", "An internal server error occurred."
    )
    errors = (await (await kb.get("/_fakekibana/errors")).json())["errors"]
    assert [(e["method"], e["path"], e["error"]) for e in errors] == [
        ("GET", "/api/action/types", "RuntimeError: types table is broken")
    ]
    assert "raise RuntimeError(msg)" in errors[0]["traceback"]
    await kb.post("/_fakekibana/reset")
    assert await (await kb.get("/_fakekibana/errors")).json() == {"errors": [], "dropped": 0}


# --- state and seed -----------------------------------------------------------------------------


async def test_state_export_has_everything(make: Make) -> None:
    """GET /_fakekibana/state lists connectors with secrets, per space, and the executors' data."""
    kb = await make()
    index = {"actionTypeId": ".index", "name": "idx", "config": {"index": "logs"}}
    connector_id = await create(kb, index, space="ops")
    await kb.post(
        f"/s/ops/api/action/{connector_id}/_execute",
        json={"params": {"documents": [{"a": 1}]}},
        headers=XSRF,
    )
    state = await (await kb.get("/_fakekibana/state")).json()
    doc_id = state["indices"]["logs"][0]["_id"]
    assert state == {
        "version": 1,
        "connectors": [
            {
                "space": "ops",
                "id": connector_id,
                "actionTypeId": ".index",
                "name": "idx",
                "config": {"index": "logs", "refresh": False, "executionTimeField": None},
                "secrets": {},
            }
        ],
        "indices": {"logs": [{"_id": doc_id, "_source": {"a": 1}}]},
        "incidents": {},
        "faults": {},
        "clock": None,
        "ids": None,
    }


async def test_state_round_trips_into_another_server(make: Make) -> None:
    """PUT /_fakekibana/state loads an export; the other server then serves those connectors."""
    source = await make()
    connector_id = await create(source, SEED_SERVICENOW, space="ops")
    exported = await (await source.get("/_fakekibana/state")).json()
    target = await make()
    response = await target.put("/_fakekibana/state", json=exported)
    assert response.status == 204
    assert await (await target.get("/_fakekibana/state")).json() == exported
    got = await target.get(f"/s/ops/api/action/{connector_id}")
    assert (await got.json())["name"] == "ServiceNow"


async def test_bad_state_is_refused_and_changes_nothing(kb: TestClient[Any, Any]) -> None:
    """A malformed state answers 400 naming the bad field, and the store is untouched."""
    connector_id = await create(kb, SERVER_LOG)
    bad = {"version": 1, "connectors": [{"space": "default", "id": "a", "actionTypeId": ".x"}]}
    response = await kb.put("/_fakekibana/state", json=bad)
    assert response.status == 400
    assert await response.json() == boom(
        400, "Bad Request", "state.connectors[0].actionTypeId: '.x' is not a registered type"
    )
    assert [c["id"] for c in await (await kb.get("/api/actions")).json()] == [connector_id]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "state: must be an object"),
        ({"version": 2}, "state.version: must be 1, got 2"),
        ({"version": 1, "extra": 1}, "state: unknown keys ['extra']"),
        ({"version": 1, "connectors": {}}, "state.connectors: must be an array"),
        ({"version": 1, "faults": {"a": 1}}, "state.faults.a: must be a non-empty string"),
        ({"version": 1, "clock": "noon"}, "state.clock: not an ISO 8601 time: 'noon'"),
        ({"version": 1, "ids": [1]}, "state.ids: must be null or what an export gave"),
    ],
)
async def test_state_errors_name_the_problem(
    kb: TestClient[Any, Any], document: Any, message: str
) -> None:
    """Each kind of bad state document gets its own message."""
    response = await kb.put("/_fakekibana/state", json=document)
    assert response.status == 400
    assert await response.json() == boom(400, "Bad Request", message)


async def test_state_that_is_not_json_is_a_400(kb: TestClient[Any, Any]) -> None:
    """A body that is not JSON answers hapi's message."""
    response = await kb.put("/_fakekibana/state", data=b"{", headers=JSON)
    assert response.status == 400
    assert await response.json() == boom(400, "Bad Request", "Invalid request payload JSON format")


async def test_seed_creates_connectors_with_chosen_ids(kb: TestClient[Any, Any]) -> None:
    """POST /_fakekibana/seed validates like create, fills defaults and keeps ids and spaces."""
    seed = [
        {"id": "log-1", **SERVER_LOG},
        {
            "id": "idx-1",
            "space": "ops",
            "actionTypeId": ".index",
            "name": "i",
            "config": {"index": "logs"},
        },
    ]
    response = await kb.post("/_fakekibana/seed", json={"connectors": seed})
    assert response.status == 200
    assert await response.json() == {
        "connectors": [
            {
                "space": "default",
                "id": "log-1",
                "actionTypeId": ".server-log",
                "name": "log",
                "config": {},
                "isPreconfigured": False,
            },
            {
                "space": "ops",
                "id": "idx-1",
                "actionTypeId": ".index",
                "name": "i",
                "config": {"index": "logs", "refresh": False, "executionTimeField": None},
                "isPreconfigured": False,
            },
        ],
        # Every area with a seed key answers its part; this seed has no saved objects.
        "saved_objects": [],
    }
    got = await kb.get("/s/ops/api/action/idx-1")
    assert (await got.json())["config"]["index"] == "logs"


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        (
            [{"name": "x"}],
            "seed[0]: [actionTypeId]: expected value of type [string] but got [undefined]",
        ),
        (
            [{"name": "x", "actionTypeId": ".nope"}],
            'seed[0]: Action type ".nope" is not registered.',
        ),
        (
            [{"name": "x", "actionTypeId": ".servicenow"}],
            "seed[0]: error validating action type config: [apiUrl]: expected value of type "
            "[string] but got [undefined]",
        ),
        (
            [{"id": "a", **SERVER_LOG}, {"id": "a", **SERVER_LOG}],
            "seed[1].id: 'a' is already taken",
        ),
        (
            [{"space": "Ops", **SERVER_LOG}],
            "seed[0].space: 'Ops' is not a space id (lower-case letters, digits, _ and -)",
        ),
        (
            {"items": []},
            "seed: unknown keys ['items']; expected {'connectors': [...], 'saved_objects': [...]}",
        ),
    ],
)
async def test_bad_seed_keeps_nothing(kb: TestClient[Any, Any], seed: Any, message: str) -> None:
    """An invalid seed answers 400 with Kibana's message for that entry, and creates nothing."""
    good = {"id": "first", **SERVER_LOG}
    items = [good, *seed] if isinstance(seed, list) else seed
    response = await kb.post("/_fakekibana/seed", json=items)
    assert response.status == 400
    expected = message
    if isinstance(seed, list):
        # The good entry comes first, so the bad one's index moves by one.
        expected = message.replace("seed[1]", "seed[2]").replace("seed[0]", "seed[1]")
    assert await response.json() == boom(400, "Bad Request", expected)
    assert await (await kb.get("/api/actions")).json() == []


# --- per-connector faults -----------------------------------------------------------------------


async def test_servicenow_down_gives_kibanas_error_result(kb: TestClient[Any, Any]) -> None:
    """A ServiceNow connector set "down" answers execute as Kibana does when it is unreachable."""
    connector_id = await create(kb, SEED_SERVICENOW)
    response = await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": "down"})
    assert response.status == 200
    assert await response.json() == {"id": connector_id, "mode": "down"}
    result = await kb.post(
        f"/api/action/{connector_id}/_execute", json={"params": PUSH}, headers=XSRF
    )
    assert await result.json() == {
        "actionId": connector_id,
        "status": "error",
        "message": "an error occurred while running the action executor",
        "serviceMessage": "[Action][ServiceNow]: Unable to create incident. Error: Instance is not "
        "alive.",
        "retry": False,
    }
    cleared = await kb.delete(f"/_fakekibana/connectors/{connector_id}/fault")
    assert cleared.status == 204
    result = await kb.post(
        f"/api/action/{connector_id}/_execute", json={"params": PUSH}, headers=XSRF
    )
    assert (await result.json())["status"] == "ok"


async def test_slack_retry_gives_a_retryable_error(kb: TestClient[Any, Any]) -> None:
    """A Slack connector set "retry" answers Kibana's 'retry later' result."""
    connector_id = await create(kb, SECRETS[".slack"][0])
    await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": "retry"})
    result = await kb.post(
        f"/api/action/{connector_id}/_execute", json={"params": {"message": "hi"}}, headers=XSRF
    )
    assert await result.json() == {
        "status": "error",
        "actionId": connector_id,
        "message": "error posting a slack message, retry later",
        "retry": True,
    }


EXECUTE_PARAMS: dict[str, dict[str, Any]] = {
    ".email": {"to": ["b@example.com"], "subject": "s", "message": "m"},
    ".index": {"documents": [{"a": 1}]},
    ".pagerduty": {},
    ".server-log": {"message": "m"},
    ".servicenow": PUSH,
    ".slack": {"message": "m"},
    ".webhook": {"body": "{}"},
    ".jira": PUSH,
}
CONNECTORS: dict[str, dict[str, Any]] = {
    **{type_id: body for type_id, (body, _) in SECRETS.items()},
    ".index": {"actionTypeId": ".index", "name": "i", "config": {"index": "logs"}},
    ".server-log": SERVER_LOG,
}


# Each type module's fault modes.
FAULT_MODES = {spec.id: spec.fault_modes for spec in TYPE_SPECS}


@pytest.mark.parametrize(
    ("type_id", "mode"), [(t, m) for t, modes in FAULT_MODES.items() for m in modes]
)
async def test_every_fault_mode_makes_execute_fail(
    kb: TestClient[Any, Any], type_id: str, mode: str
) -> None:
    """Each type's fault modes turn a successful execute into an error result."""
    connector_id = await create(kb, CONNECTORS[type_id])
    path = f"/api/action/{connector_id}/_execute"
    body = {"params": EXECUTE_PARAMS[type_id]}
    assert (await (await kb.post(path, json=body, headers=XSRF)).json())["status"] == "ok"
    await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": mode})
    result = await (await kb.post(path, json=body, headers=XSRF)).json()
    assert (result["status"], result["actionId"]) == ("error", connector_id)


async def test_fault_modes_cover_every_executor() -> None:
    """Every connector type has fault modes, and this file a connector for each."""
    assert set(FAULT_MODES) == set(CONNECTORS)


def test_every_type_fails_with_error() -> None:
    """`error` (the service refuses) works for every type, as the README promises."""
    assert {type_id for type_id, modes in FAULT_MODES.items() if "error" in modes} == set(
        FAULT_MODES
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            SEED_JIRA,
            "[Action][Jira]: Unable to create issue. Error: Request failed with status code 400",
        ),
    ],
)
async def test_error_mode_of_a_cases_connector_is_a_refused_call(
    kb: TestClient[Any, Any], body: dict[str, Any], message: str
) -> None:
    """A cases connector in `error` mode fails its push as an HTTP 400 from the service."""
    connector_id = await create(kb, body)
    await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": "error"})
    path = f"/api/action/{connector_id}/_execute"
    response = await kb.post(path, json={"params": EXECUTE_PARAMS[".jira"]}, headers=XSRF)
    assert await response.json() == {
        "actionId": connector_id,
        "status": "error",
        "message": "an error occurred while running the action executor",
        "serviceMessage": message,
        "retry": False,
    }


async def test_fault_mode_must_suit_the_type(kb: TestClient[Any, Any]) -> None:
    """A mode the type does not know is a 400 listing the ones it does."""
    connector_id = await create(kb, SEED_JIRA)
    response = await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": "retry"})
    assert response.status == 400
    assert await response.json() == boom(
        400, "Bad Request", "[request body.mode]: .jira connectors fail with one of [error, down]"
    )


async def test_fault_on_unknown_connector_is_a_404(kb: TestClient[Any, Any]) -> None:
    """A fault for a connector that exists nowhere answers Kibana's saved-object 404."""
    response = await kb.put("/_fakekibana/connectors/nope/fault", json={"mode": "error"})
    assert response.status == 404
    assert await response.json() == boom(404, "Not Found", "Saved object [action/nope] not found")


async def test_fault_works_for_preconfigured_connectors(make: Make) -> None:
    """A preconfigured connector can be made to fail too."""
    preconfigured = {"my-log": {"actionTypeId": ".server-log", "name": "Log"}}
    kb = await make(
        preconfigured=Settings().with_options(preconfigured=preconfigured).preconfigured
    )
    await kb.put("/_fakekibana/connectors/my-log/fault", json={"mode": "error"})
    result = await kb.post(
        "/api/action/my-log/_execute", json={"params": {"message": "m"}}, headers=XSRF
    )
    assert await result.json() == {
        "status": "error",
        "message": "error logging message",
        "serviceMessage": "simulated logger failure",
        "actionId": "my-log",
    }


async def test_reset_clears_faults(kb: TestClient[Any, Any]) -> None:
    """After a reset of the connector's space, its fault is gone from the state."""
    connector_id = await create(kb, SEED_SERVICENOW)
    await kb.put(f"/_fakekibana/connectors/{connector_id}/fault", json={"mode": "down"})
    await kb.post("/_fakekibana/reset?space=default")
    assert (await (await kb.get("/_fakekibana/state")).json())["faults"] == {}


# --- per-request faults -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (503, "Service Unavailable", "Service Unavailable"),
        (500, "Internal Server Error", "An internal server error occurred."),
        (429, "Too Many Requests", "Too Many Requests"),
        (408, "Request Time-out", "Request Time-out"),
        (599, "Unknown", "Unknown"),
    ],
)
async def test_status_header_answers_that_status(
    kb: TestClient[Any, Any], status: int, error: str, message: str
) -> None:
    """X-Fakekibana-Status answers Boom's body for that status and runs no handler."""
    response = await kb.post(
        "/api/action", json=SERVER_LOG, headers={**XSRF, "X-Fakekibana-Status": str(status)}
    )
    assert response.status == status
    assert await response.json() == boom(status, error, message)
    assert response.headers["kbn-name"] == "fakekibana-test"
    assert await (await kb.get("/api/actions")).json() == []
    assert [e["status"] for e in (await journal(kb))["requests"]] == [status, 200]


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        (
            "X-Fakekibana-Status",
            "200",
            "X-Fakekibana-Status must be a whole number from 400 to 599, got '200'",
        ),
        (
            "X-Fakekibana-Status",
            "oops",
            "X-Fakekibana-Status must be a whole number from 400 to 599, got 'oops'",
        ),
        (
            "X-Fakekibana-Delay",
            "-1",
            "X-Fakekibana-Delay must be a whole number from 0 to 60000, got '-1'",
        ),
        (
            "X-Fakekibana-Delay",
            "1.5",
            "X-Fakekibana-Delay must be a whole number from 0 to 60000, got '1.5'",
        ),
    ],
)
async def test_bad_fault_headers_are_a_400(
    kb: TestClient[Any, Any], header: str, value: str, message: str
) -> None:
    """A fault header with a value out of range says what it accepts."""
    response = await kb.get("/api/status", headers={header: value})
    assert response.status == 400
    assert await response.json() == boom(400, "Bad Request", message)


async def test_delay_does_not_block_other_requests(kb: TestClient[Any, Any]) -> None:
    """A delayed request waits without holding up a request sent after it."""
    slow = asyncio.ensure_future(kb.get("/api/status", headers={"X-Fakekibana-Delay": "400"}))
    await asyncio.sleep(0.05)
    fast = await kb.get("/api/actions")
    assert fast.status == 200
    assert not slow.done()
    assert (await slow).status == 200


async def test_delay_then_status(kb: TestClient[Any, Any]) -> None:
    """Both headers together wait, then answer the status."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    response = await kb.get(
        "/api/status", headers={"X-Fakekibana-Delay": "150", "X-Fakekibana-Status": "502"}
    )
    assert loop.time() - started >= 0.15
    assert await response.json() == boom(502, "Bad Gateway", "Bad Gateway")


async def test_fault_headers_do_not_apply_to_control_paths(kb: TestClient[Any, Any]) -> None:
    """Control endpoints ignore the fault headers."""
    response = await kb.get("/_fakekibana/health", headers={"X-Fakekibana-Status": "503"})
    assert response.status == 200


# --- deterministic mode -------------------------------------------------------------------------


async def test_clock_fixes_executor_timestamps(kb: TestClient[Any, Any]) -> None:
    """PUT /_fakekibana/clock fixes the time .index stamps documents with."""
    response = await kb.put("/_fakekibana/clock", json={"now": "2020-06-01T12:00:00Z"})
    assert response.status == 200
    assert await response.json() == {"now": "2020-06-01T12:00:00.000Z"}
    index = {
        "actionTypeId": ".index",
        "name": "i",
        "config": {"index": "logs", "executionTimeField": "@timestamp"},
    }
    connector_id = await create(kb, index)
    await kb.post(
        f"/api/action/{connector_id}/_execute",
        json={"params": {"documents": [{"a": 1}]}},
        headers=XSRF,
    )
    state = await (await kb.get("/_fakekibana/state")).json()
    assert state["indices"]["logs"][0]["_source"] == {
        "a": 1,
        "@timestamp": "2020-06-01T12:00:00.000Z",
    }
    assert state["clock"] == "2020-06-01T12:00:00.000Z"
    status = await (await kb.get("/api/status")).json()
    assert status["metrics"]["last_updated"] == "2020-06-01T12:00:00.000Z"
    assert await (await kb.put("/_fakekibana/clock", json={"now": None})).json() == {"now": None}
    assert await (await kb.get("/_fakekibana/clock")).json() == {"now": None}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"now": "noon"}, "[request body.now]: not an ISO 8601 time: 'noon'"),
        ({"now": 5}, "[request body.now]: expected an ISO 8601 time or null, got 5"),
        ({}, '[request body]: expected {"now": <ISO 8601 time or null>}'),
    ],
)
async def test_bad_clock_is_a_400(kb: TestClient[Any, Any], body: Any, message: str) -> None:
    """A clock that is not an ISO 8601 time or null is refused."""
    response = await kb.put("/_fakekibana/clock", json=body)
    assert response.status == 400
    assert await response.json() == boom(400, "Bad Request", message)


async def test_reset_restores_the_start_clock(make: Make) -> None:
    """A reset brings back the clock the settings fixed, undoing a test's change."""
    kb = await make(clock=Settings().with_options(clock="2021-01-01T00:00:00Z").clock)
    await kb.put("/_fakekibana/clock", json={"now": "2022-02-02T00:00:00Z"})
    await kb.post("/_fakekibana/reset")
    assert await (await kb.get("/_fakekibana/clock")).json() == {"now": "2021-01-01T00:00:00.000Z"}


async def test_random_seed_repeats_ids_across_servers_and_resets(make: Make) -> None:
    """With the same random_seed, two servers and a reset give the same connector ids."""
    first, second = await make(random_seed=42), await make(random_seed=42)
    ids = [await create(first, SERVER_LOG), await create(first, SERVER_LOG)]
    assert [await create(second, SERVER_LOG), await create(second, SERVER_LOG)] == ids
    assert ids[0] != ids[1]
    await first.post("/_fakekibana/reset")
    assert await create(first, SERVER_LOG) == ids[0]
    assert ids[0] == "bdd640fb-0667-4ad1-9c80-317fa3b1799d"


async def test_a_control_body_that_does_not_decompress_is_a_400(kb: TestClient[Any, Any]) -> None:
    """A broken deflate body on a control endpoint is Kibana's 400, not a 500 (found by fuzzing)."""
    response = await kb.put(
        "/_fakekibana/state",
        data=b"\x00not deflate",
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert await response.json() == boom(400, "Bad Request", "Invalid compressed payload")
    assert (await (await kb.get("/_fakekibana/errors")).json())["errors"] == []
