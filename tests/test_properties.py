"""Property tests: valid bodies round-trip, invalid ones get Kibana's 400, nothing gives a 5xx."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from fakekibana.connectors.actions_config import ActionsConfig
from fakekibana.connectors.registry import load_types
from fakekibana.core.configschema import SCHEMA_BASE_URI, Invalid, SchemaSet, schema_dir
from tests import strategies
from tests.conftest import SEED_JIRA, SEED_SERVICENOW, TYPE_SPECS, XSRF, app_routes, ordered

# The `client` fixture is shared by a test's examples on purpose: every example makes its own
# connectors, so what earlier examples stored cannot change what a later one checks.
shared_client = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# Parametrised properties run a share of the profile's examples each (the ci profile gives
# them four times as many), so the suite stays fast.
PROFILE_EXAMPLES = settings().max_examples
few = settings(
    max_examples=max(10, PROFILE_EXAMPLES // 4),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

TYPE_IDS = [row.id for row in TYPE_SPECS]
BOOM_KEYS = (["statusCode", "error", "message"], ["statusCode", "error", "message", "attributes"])


def assert_boom(status: int, body: Any) -> None:
    """An error body in Boom's shape for this status."""
    assert list(body) in BOOM_KEYS, body
    assert body["statusCode"] == status
    assert isinstance(body["error"], str)
    assert isinstance(body["message"], str)


# --- valid create bodies are accepted and round-trip ---------------------------------------------


@pytest.mark.parametrize("type_id", TYPE_IDS)
@few
@given(data=st.data())
async def test_valid_create_bodies_round_trip(
    client: TestClient[Any, Any], type_id: str, data: st.DataObject
) -> None:
    """A schema-valid create body answers 200 with the validated config, and GET says the same."""
    body = data.draw(strategies.create_bodies(type_id))
    response = await client.post("/api/action", json=body, headers=XSRF)
    text = await response.text()
    assert response.status == 200, text
    created = json.loads(text)
    expected = {
        "id": created["id"],
        "actionTypeId": type_id,
        "name": body["name"],
        "config": strategies.echoed_config(type_id, body.get("config")),
        "isPreconfigured": False,
    }
    assert ordered(created) == ordered(expected)
    got = await client.get(f"/api/actions/action/{created['id']}")
    assert (got.status, await got.text()) == (200, text)


FIXED_CONNECTORS: dict[str, tuple[Any, Any]] = {
    ".email": ({"service": "__json", "from": "a@b.c"}, None),
    ".index": ({"index": "i"}, None),
    ".pagerduty": (None, {"routingKey": "rk"}),
    ".server-log": (None, None),
    ".servicenow": (SEED_SERVICENOW["config"], SEED_SERVICENOW["secrets"]),
    ".slack": (None, {"webhookUrl": "https://hooks.slack.com/x"}),
    ".webhook": ({"url": "https://example.com/hook"}, None),
    ".jira": (SEED_JIRA["config"], SEED_JIRA["secrets"]),
}


@pytest.mark.parametrize("type_id", TYPE_IDS)
@few
@given(data=st.data())
async def test_valid_params_execute_ok(
    client: TestClient[Any, Any], type_id: str, data: st.DataObject
) -> None:
    """Schema-valid params for every type execute with status ok for that connector."""
    config, secrets = FIXED_CONNECTORS[type_id]
    body: dict[str, Any] = {"name": "c", "actionTypeId": type_id}
    if config is not None:
        body["config"] = config
    if secrets is not None:
        body["secrets"] = secrets
    created = await (await client.post("/api/action", json=body, headers=XSRF)).json()
    params = data.draw(strategies.PARAMS[type_id])
    response = await client.post(
        f"/api/action/{created['id']}/_execute", json={"params": params}, headers=XSRF
    )
    result = await response.json()
    assert response.status == 200
    assert (result["status"], result["actionId"]) == ("ok", created["id"]), result


# --- bodies that break the route schema ----------------------------------------------------------

NON_STRINGS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.lists(strategies.json_scalars(), max_size=2),
    st.dictionaries(strategies.KEYS, strategies.json_scalars(), max_size=2),
)
NON_RECORDS = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
    st.lists(strategies.json_scalars(), max_size=2),
    st.text(strategies.BMP, max_size=8).filter(lambda t: not t.strip().startswith("{")),
)
UNKNOWN_KEYS = strategies.KEYS.filter(
    lambda k: k not in {"name", "actionTypeId", "config", "secrets", "params"}
)


@st.composite
def broken_bodies(draw: st.DrawFn, route: str) -> Any:
    """A body the route's schema refuses: one required key wrong or missing, an unknown key,
    a non-record config/secrets/params, or not an object at all."""
    if route == "create":
        body: dict[str, Any] = {"name": "n", "actionTypeId": ".server-log"}
        body.update(
            draw(
                st.fixed_dictionaries({}, optional={"config": st.just({}), "secrets": st.just({})})
            )
        )
        fields = ["name", "actionTypeId"]
        records = ["config", "secrets"]
    elif route == "update":
        body = {"name": "n"}
        fields, records = ["name"], ["config", "secrets"]
    else:
        body = {"params": {}}
        fields, records = [], ["params"]
    breakage = draw(
        st.sampled_from(["field", "record", "unknown", "not-object"][0 if fields else 1 :])
    )
    if breakage == "field":
        key = draw(st.sampled_from(fields))
        if draw(st.booleans()):
            del body[key]
        else:
            body[key] = draw(NON_STRINGS)
    elif breakage == "record":
        body[draw(st.sampled_from(records))] = draw(NON_RECORDS)
    elif breakage == "unknown":
        body[draw(UNKNOWN_KEYS)] = draw(strategies.json_values())
    else:
        return draw(st.one_of(NON_RECORDS, st.just("{")))
    if route == "execute" and breakage == "record" and draw(st.booleans()):
        del body["params"]
    return body


@pytest.mark.parametrize("route", ["create", "update", "execute"])
@few
@given(data=st.data())
async def test_broken_bodies_get_a_kibana_400(
    client: TestClient[Any, Any], route: str, data: st.DataObject
) -> None:
    """A body breaking the route schema answers 400 {statusCode, error, message} about the body."""
    body = data.draw(broken_bodies(route))
    path = {"create": "/api/action", "update": "/api/action/x", "execute": "/api/action/x/_execute"}
    method = "PUT" if route == "update" else "POST"
    response = await client.request(method, path[route], json=body, headers=XSRF)
    answer = await response.json()
    assert response.status == 400, (body, answer)
    assert list(answer) == ["statusCode", "error", "message"]
    assert answer["statusCode"] == 400
    assert answer["error"] == "Bad Request"
    assert answer["message"].startswith("[request body"), (body, answer)
    stored = await (await client.get("/api/action/_getAll")).json()
    assert stored == []


# --- nothing gives a 5xx -------------------------------------------------------------------------


@shared_client
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    path=strategies.paths(),
    query=strategies.queries(),
    headers=strategies.headers(),
    raw=strategies.raw_bodies(),
)
async def test_arbitrary_requests_never_give_a_5xx(
    client: TestClient[Any, Any],
    *,
    method: str,
    path: str,
    query: dict[str, str],
    headers: dict[str, str],
    raw: bytes,
) -> None:
    """Whatever the method, path, query, headers and body, the answer is Boom-shaped and < 500."""
    response = await client.request(
        method,
        path,
        params=query,
        data=raw or None,
        headers=headers,
        skip_auto_headers=["Content-Type"],
    )
    text = await response.text()
    assert response.status < 500, (method, path, query, headers, raw, text)
    assert response.headers["kbn-name"] == "fakekibana-test"
    if response.status == 204:
        assert text == ""
    else:
        body = json.loads(text)
        if response.status >= 400:
            assert_boom(response.status, body)


@few
@given(query=strategies.queries())
async def test_arbitrary_find_queries_never_give_a_5xx(
    client: TestClient[Any, Any], query: dict[str, str]
) -> None:
    """_find answers 200 or a Boom 400 for any query string."""
    response = await client.get("/api/action/_find", params=query)
    body = await response.json()
    assert response.status in (200, 400), (query, body)
    if response.status == 400:
        assert_boom(400, body)
    else:
        assert list(body) == ["page", "perPage", "total", "data"]


# --- the compiled validators agree with JSON Schema ----------------------------------------------

SCHEMAS = SchemaSet(schema_dir())
REGISTRY: Registry[Any] = Registry().with_resources(
    (uri, DRAFT202012.create_resource(document)) for uri, document in SCHEMAS.documents.items()
)
INSTANCES = strategies.SchemaInstances(SCHEMAS)
TYPES = load_types(TYPE_SPECS, SCHEMAS)
ROUTES = app_routes()
ANY_HOST = ActionsConfig(["*"], ["*"])

COMPILED = sorted(
    {name for route in ROUTES for name in (route.body_schema, route.query_schema) if name}
    | {
        f"connector_types/{row.schema_dir}/{part}.json"
        for row in TYPE_SPECS
        for part in ("config", "secrets", "params")
        if SCHEMAS.has(f"connector_types/{row.schema_dir}/{part}.json")
    }
)


def custom_check_passes(name: str, value: Any) -> bool:
    """Whether the type's own check (after the schema) accepts a connector-type value.

    validation.py leaves minItems to those checks, as Kibana does, so a compiled-valid value is
    only a stored value once its type's check has passed.
    """
    if not name.startswith("connector_types/"):
        return True
    _, folder, part = name.removesuffix(".json").split("/")
    connector_type = next(t for t in TYPES.values() if t.row.schema_dir == folder)
    custom = getattr(connector_type.row, f"check_{part}")
    return custom is None or custom(value, ANY_HOST) is None


VALIDATORS = {
    name: Draft202012Validator({"$ref": SCHEMA_BASE_URI + name}, registry=REGISTRY)
    for name in COMPILED
}


@pytest.mark.parametrize("name", COMPILED)
@few
@given(data=st.data())
def test_compiled_validator_agrees_with_json_schema(name: str, data: st.DataObject) -> None:
    """jsonschema-valid implies compiled-valid, and what the compiled validator returns is valid.

    The compiled validator may accept more (it coerces strings as config-schema does), never less;
    the cross-check draws BMP text, where code points and UTF-16 units count alike.
    """
    validator, check = VALIDATORS[name], SCHEMAS.validator(name)
    # The instance strategy itself is sound: what it calls valid, JSON Schema accepts.
    valid = data.draw(INSTANCES.valid(name))
    assert validator.is_valid(valid), valid
    check(copy.deepcopy(valid), ())
    instance = data.draw(INSTANCES.near(name))
    schema_valid = validator.is_valid(instance)
    try:
        output = check(copy.deepcopy(instance), ())
    except Invalid as failure:
        refusal: str | None = failure.format()
    else:
        refusal = None
    if refusal is not None:
        assert not schema_valid, (instance, refusal)
    elif custom_check_passes(name, output):
        errors = [e.message for e in validator.iter_errors(output)]
        assert errors == [], (instance, output)
