"""zod.py without HTTP: zod v3's issues, Kibana's formatZodError text, defaults, and agreement
with the config-schema compiler on what is valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from fakekibana.core.configschema import SCHEMA_BASE_URI, Invalid, SchemaSet, schema_dir
from fakekibana.core.zod import ZodInvalid, ZodIssue, ZodSchemaSet, format_zod_error
from fakekibana.core.zod_js import js_number
from tests.strategies import BMP, KEYS, json_values

SCHEMAS = SchemaSet(schema_dir())
ZOD = ZodSchemaSet(SCHEMAS)

GEMINI = "stack_connectors/gemini/config.json"
EMAIL = "stack_connectors/email/config.json"
WEBHOOK = "stack_connectors/webhook/config.json"
GEN_AI = "stack_connectors/gen-ai/config.json"
GEN_AI_SECRETS = "stack_connectors/gen-ai/secrets.json"
DEFENDER = "stack_connectors/microsoft_defender_endpoint/config.json"
SLACK_API = "stack_connectors/slack_api/config.json"
CASES_WEBHOOK_PARAMS = "stack_connectors/cases-webhook/params.json"


def failure(name: str, value: Any, zod: ZodSchemaSet = ZOD) -> str:
    """formatZodError's text for `value` against schemas/<name>."""
    with pytest.raises(ZodInvalid) as caught:
        zod.validator(name)(value)
    return str(caught.value)


def ad_hoc(tmp_path: Path, schema: dict[str, Any]) -> ZodSchemaSet:
    """A ZodSchemaSet over one ad-hoc schema, main.json."""
    (tmp_path / "main.json").write_text(json.dumps(schema), encoding="utf-8")
    return ZodSchemaSet(SchemaSet(tmp_path))


def issue(path: tuple[str | int, ...], message: str, code: str = "invalid_type") -> ZodIssue:
    """A hand-made issue, as Kibana's format_zod_error.test.ts builds them."""
    return ZodIssue(code, path, message)


# --- formatZodError, Kibana's own unit tests (format_zod_error.test.ts @ 3ac3829e) ----------


def test_format_single_issue() -> None:
    """One issue is one `Field "x": message` line without a count."""
    issues = [issue(("routingKey",), "Expected string, received boolean")]
    assert format_zod_error(issues) == 'Field "routingKey": Expected string, received boolean'


def test_format_root_issues_first() -> None:
    """An issue at the root comes before field issues, whatever the issue order."""
    issues = [
        issue(("routingKey",), "Expected string, received boolean"),
        issue((), "Unrecognized key(s) in object: 'extraKey'", "unrecognized_keys"),
    ]
    assert format_zod_error(issues) == (
        "2 errors:\n"
        " [1]: Unrecognized key(s) in object: 'extraKey';\n"
        ' [2]: Field "routingKey": Expected string, received boolean'
    )


def test_format_more_than_five() -> None:
    """Six messages list five and then `and 1 more`, counting all six."""
    issues = [
        issue(
            ("enumField",),
            "Invalid enum value. Expected 'option1' | 'option2', received 'option3'",
            "invalid_enum_value",
        ),
        issue((), 'error parsing timestamp "1963-09-55 90:23:45"', "invalid_date"),
        issue(("shortString",), "String must contain at least 1 character(s)", "too_small"),
        issue(("longString",), "String must contain at most 10 character(s)", "too_big"),
        issue(("routingKey",), "Expected string, received boolean"),
        issue((), "Unrecognized key(s) in object: 'extraKey'", "unrecognized_keys"),
    ]
    assert format_zod_error(issues) == (
        "6 errors:\n"
        ' [1]: error parsing timestamp "1963-09-55 90:23:45";\n'
        " [2]: Unrecognized key(s) in object: 'extraKey';\n"
        " [3]: Field \"enumField\": Invalid enum value. Expected 'option1' | 'option2', "
        "received 'option3';\n"
        ' [4]: Field "shortString": String must contain at least 1 character(s);\n'
        ' [5]: Field "longString": String must contain at most 10 character(s);\n'
        " [6]: and 1 more"
    )


def test_format_union_branches() -> None:
    """A union's own "Invalid input" is not printed; every branch's issues are, merged by path."""
    union = ZodIssue(
        "invalid_union",
        (),
        "Invalid input",
        (
            (issue(("subAction",), "Invalid literal value, expected 'subaction1'"),),
            (
                issue(("subAction",), "Invalid literal value, expected 'subaction2'"),
                issue(("subActionParams", "message"), "Required"),
            ),
        ),
    )
    assert format_zod_error([union]) == (
        "2 errors:\n"
        " [1]: Field \"subAction\": Invalid literal value, expected 'subaction1', "
        "Invalid literal value, expected 'subaction2';\n"
        ' [2]: Field "subActionParams.message": Required'
    )


def test_format_depth_limit() -> None:
    """A path deeper than 20 levels is cut with Kibana's too-many-levels text."""
    path = tuple(f"path{n}" for n in range(1, 23))
    prefix = ".".join(path[:21])
    assert format_zod_error([issue(path, "Expected string, received boolean")]) == (
        f'Field "{prefix}...": Unable to parse ZodError - too many levels deep'
    )


def test_format_dotted_key_is_lost() -> None:
    """lodash's get reads a key with a dot as a path, so its issue vanishes from the text."""
    assert failure(WEBHOOK, {"url": "u", "headers": {"X.Y": 2}}) == "0 errors:\n "


# --- zod issues through real connector schemas ----------------------------------------------


def test_one_missing_field() -> None:
    """One missing required string is `Field "apiUrl": Required`."""
    value = {"gcpRegion": "us-central1", "gcpProjectID": "p"}
    assert failure(GEMINI, value) == 'Field "apiUrl": Required'


def test_three_missing_fields_as_kibana_answers() -> None:
    """Gemini's empty config gives Kibana's three-error message, in schema order."""
    message = f"error validating connector type config: {failure(GEMINI, {})}"
    # x-pack/test/alerting_api_integration's gemini connector test (read_file id 3442980306).
    assert message == (
        "error validating connector type config: 3 errors:\n"
        ' [1]: Field "apiUrl": Required;\n'
        ' [2]: Field "gcpRegion": Required;\n'
        ' [3]: Field "gcpProjectID": Required'
    )


def test_more_than_five_issues() -> None:
    """Five missing fields and an unknown key list five lines and `and 1 more`."""
    assert failure(DEFENDER, {"x": 1}) == (
        "6 errors:\n"
        " [1]: Unrecognized key(s) in object: 'x';\n"
        ' [2]: Field "clientId": Required;\n'
        ' [3]: Field "tenantId": Required;\n'
        ' [4]: Field "oAuthServerUrl": Required;\n'
        ' [5]: Field "oAuthScope": Required;\n'
        " [6]: and 1 more"
    )


def test_wrong_type() -> None:
    """A number where a string belongs is not coerced: `Expected string, received number`."""
    value = {"apiUrl": 5, "gcpRegion": "r", "gcpProjectID": "p"}
    assert failure(GEMINI, value) == 'Field "apiUrl": Expected string, received number'


def test_no_string_coercion() -> None:
    """A numeric string where a number belongs fails, unlike config-schema."""
    value = {"from": "a@b.c", "port": "25"}
    assert failure(EMAIL, value) == 'Field "port": Expected number, received string'


def test_enum() -> None:
    """A string outside a choice gets zod's enum text with every member."""
    assert failure(WEBHOOK, {"url": "u", "method": "trace"}) == (
        "Field \"method\": Invalid enum value. Expected 'post' | 'put' | 'patch' | 'get' | "
        "'delete', received 'trace'"
    )


def test_enum_wrong_type() -> None:
    """A non-string for an enum is an invalid_type whose expected side lists the members."""
    assert failure(WEBHOOK, {"url": "u", "verificationMode": 1}) == (
        "Field \"verificationMode\": Expected 'none' | 'certificate' | 'full', received number"
    )


def test_literal() -> None:
    """A wrong literal is worded with JSON.stringify of the expected value."""
    assert failure(CASES_WEBHOOK_PARAMS, {"subAction": "x"}) == (
        "2 errors:\n"
        ' [1]: Field "subAction": Invalid literal value, expected "pushToService";\n'
        ' [2]: Field "subActionParams": Required'
    )


def test_unknown_keys_on_strict_object() -> None:
    """Unknown keys are one root issue listing them all, array indexes first as JavaScript does."""
    value = {"apiUrl": "u", "gcpRegion": "r", "gcpProjectID": "p", "b": 1, "10": 1, "2": 1}
    assert failure(GEMINI, value) == "Unrecognized key(s) in object: '2', '10', 'b'"


def test_min_length() -> None:
    """A string shorter than minLength gets zod's character count text."""
    value = {"allowedChannels": [{"name": ""}]}
    assert failure(SLACK_API, value) == (
        'Field "allowedChannels.0.name": String must contain at least 1 character(s)'
    )


def test_number_bounds() -> None:
    """minimum and maximum are zod's inclusive .min() and .max()."""
    assert failure(EMAIL, {"from": "a", "port": 0}) == (
        'Field "port": Number must be greater than or equal to 1'
    )
    assert failure(EMAIL, {"from": "a", "port": 65536}) == (
        'Field "port": Number must be less than or equal to 65535'
    )


def test_array_bounds_hide_element_issues() -> None:
    """A too-long array is reported on its field, which hides its elements' issues."""
    value = {"allowedChannels": [{"name": ""}] * 26}
    assert failure(SLACK_API, value) == (
        'Field "allowedChannels": Array must contain at most 25 element(s)'
    )


def test_array_min_items(tmp_path: Path) -> None:
    """minItems is zod's .min() on an array."""
    zod = ad_hoc(tmp_path, {"type": "array", "items": {"type": "string"}, "minItems": 1})
    assert failure("main.json", [], zod) == "Array must contain at least 1 element(s)"


def test_union_failure() -> None:
    """A union of objects prints every branch's issues, grouped by field."""
    assert failure(GEN_AI, {"apiProvider": "x", "apiUrl": "u"}) == (
        "2 errors:\n"
        " [1]: Field \"apiProvider\": Invalid enum value. Expected 'Azure OpenAI', received 'x', "
        "Invalid enum value. Expected 'OpenAI', received 'x', "
        "Invalid enum value. Expected 'Other', received 'x';\n"
        ' [2]: Field "defaultModel": Required'
    )


def test_union_of_scalars(tmp_path: Path) -> None:
    """A scalar union's branches share the field's line."""
    schema = {
        "type": "object",
        "properties": {
            "stop": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        },
        "additionalProperties": False,
    }
    assert failure("main.json", {"stop": 5}, ad_hoc(tmp_path, schema)) == (
        'Field "stop": Expected string, received number, Expected array, received number'
    )


def test_union_takes_first_dirty_branch() -> None:
    """When no branch is valid, the first whose type matched (dirty) gives its issues alone."""
    assert failure(GEN_AI_SECRETS, {"apiKey": "k", "extra": 1}) == (
        "Unrecognized key(s) in object: 'extra'"
    )


def test_nullable_reports_inner_issue() -> None:
    """A nullable field that is neither null nor its type reports the inner type's issue."""
    assert failure(EMAIL, {"from": "a", "host": 5}) == (
        'Field "host": Expected string, received number'
    )


def test_nested_paths() -> None:
    """Record keys and array indexes join the field's path with dots."""
    value = {"url": "u", "headers": {"a": 1}}
    assert failure(WEBHOOK, value) == 'Field "headers.a": Expected string, received number'
    channels = {"allowedChannels": [{"name": "a"}, {"id": 1, "name": "b"}, {}]}
    assert failure(SLACK_API, channels) == (
        "2 errors:\n"
        ' [1]: Field "allowedChannels.1.id": Expected string, received number;\n'
        ' [2]: Field "allowedChannels.2.name": Required'
    )


def test_defaults_applied() -> None:
    """A valid config comes back with zod's defaults, keys in the schema's order."""
    assert ZOD.validator(EMAIL)({"from": "a@b.c", "hasAuth": False}) == {
        "service": "other",
        "host": None,
        "port": None,
        "secure": None,
        "from": "a@b.c",
        "hasAuth": False,
        "tenantId": None,
        "clientId": None,
        "oauthTokenUrl": None,
    }


def test_optional_stays_missing() -> None:
    """A property that is neither required nor defaulted is left out, not set to null."""
    value = {"apiUrl": "u", "gcpRegion": "r", "gcpProjectID": "p"}
    assert ZOD.validator(GEMINI)(value) == {**value, "defaultModel": "gemini-2.5-pro"}


def test_defs_pointer() -> None:
    """A validator can be asked for a place inside a file."""
    check = ZOD.validator("stack_connectors/_webhook_auth.json#/$defs/certType")
    assert check("ssl-pfx") == "ssl-pfx"


def test_zod_invalid_keeps_issues() -> None:
    """ZodInvalid carries every issue, with codes and paths, in zod's order."""
    with pytest.raises(ZodInvalid) as caught:
        ZOD.validator(GEMINI)({"apiUrl": True})
    assert [(i.code, i.path) for i in caught.value.issues] == [
        ("invalid_type", ("apiUrl",)),
        ("invalid_type", ("gcpRegion",)),
        ("invalid_type", ("gcpProjectID",)),
    ]


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "1"), (1.0, "1"), (1.5, "1.5"), (1e21, "1e+21"), (1e-7, "1e-7"), (0.000001, "0.000001")],
)
def test_js_number(number: float, text: str) -> None:
    """Bounds print as JavaScript prints numbers."""
    assert js_number(number) == text


# --- agreement with config-schema -----------------------------------------------------------

# Values a JSON Schema type never coerces from in config-schema (only strings are coerced).
WRONG: SearchStrategy[Any] = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.just([]), st.just({})
)
ANY_TEXT = st.text(BMP, max_size=8)


def _mostly(good: SearchStrategy[Any], clean: bool) -> SearchStrategy[Any]:
    """`good` alone when clean, else three times in four, else a wrong but uncoercible value."""
    return good if clean else st.one_of(good, good, good, WRONG)


def instances(node: Any, base: str, clean: bool) -> SearchStrategy[Any]:
    """Values for a schema node whose types match exactly where they match at all.

    Clean values keep to the schema's bounds, required keys and known keys (most are valid);
    the others cross bounds, drop required keys, add unknown keys and put wrong types.
    """
    if node is True or node == {}:
        return json_values()
    if "$ref" in node:
        target, target_base = SCHEMAS.resolve(node["$ref"], base)
        return instances(target, target_base, clean)
    if "const" in node:
        return (
            st.just(node["const"]) if clean else st.one_of(st.just(node["const"]), ANY_TEXT, WRONG)
        )
    if "oneOf" in node or "anyOf" in node:
        options = node.get("oneOf") or node.get("anyOf")
        return _mostly(st.one_of(*(instances(alt, base, clean) for alt in options)), clean)
    kind = node.get("type")
    slack = 0 if clean else 1
    if kind == "string":
        low, high = node.get("minLength", 0), node.get("maxLength", 8)
        return _mostly(st.text(BMP, min_size=max(low - slack, 0), max_size=high + slack), clean)
    if kind == "number":
        low, high = node.get("minimum", -5), node.get("maximum", 5)
        edges = st.sampled_from([low - slack, low, high, high + slack])
        floats = st.floats(low - slack, high + slack, allow_nan=False, allow_infinity=False)
        numbers = st.one_of(edges, st.integers(low - 2 * slack, high + 2 * slack), floats)
        if not clean:
            numbers |= st.floats(allow_nan=False, allow_infinity=False)
        return _mostly(numbers, clean)
    if kind == "boolean":
        return _mostly(st.booleans(), clean)
    if kind == "array":
        items = instances(node.get("items", True), base, clean)
        most = node.get("maxItems")
        lists = st.lists(items, max_size=3)
        if most is not None:
            lists |= st.lists(items, min_size=most, max_size=most + slack)
        return _mostly(lists, clean)
    assert kind == "object", node
    properties = node.get("properties")
    if properties is None:
        values = instances(node.get("additionalProperties", True), base, clean)
        return _mostly(st.dictionaries(KEYS, values, max_size=3), clean)
    required = set(node.get("required", ()))
    members = {name: instances(sub, base, clean) for name, sub in properties.items()}
    complete = st.fixed_dictionaries(
        {name: members[name] for name in members if name in required},
        optional={name: members[name] for name in members if name not in required},
    )
    if clean:
        return complete
    partial = st.fixed_dictionaries({}, optional=members)
    unknown = st.dictionaries(KEYS.filter(lambda k: k not in members), json_values(), max_size=1)
    objects = st.builds(lambda known, extra: {**extra, **known}, complete | partial, unknown)
    return _mostly(st.one_of(complete, objects), clean)


def _comparable(node: Any, base: str, seen: set[str]) -> bool:
    """Whether a schema keeps to the part of the subset where the two compilers must agree.

    They may disagree, legitimately, on: minItems and integer (config-schema does not check
    them), a pattern or x-kibana-validate (config-schema-only checks), and a required property
    whose schema is {} (config-schema's any refuses undefined, zod's accepts it).
    """
    if isinstance(node, list):
        return all(_comparable(sub, base, seen) for sub in node)
    if not isinstance(node, dict):
        return True
    if {"minItems", "pattern", "x-kibana-validate"} & set(node) or node.get("type") == "integer":
        return False
    required = set(node.get("required", ()))
    if any(
        node["properties"][name] in ({}, True)
        for name in required & set(node.get("properties", {}))
    ):
        return False
    if "$ref" in node:
        target, target_base = SCHEMAS.resolve(node["$ref"], base)
        key = f"{target_base}#{node['$ref']}"
        if key not in seen and not _comparable(target, target_base, seen | {key}):
            return False
    return all(_comparable(sub, base, seen) for key, sub in node.items() if key != "$defs")


COMPARED = [
    f"stack_connectors/{path.parent.name}/{path.name}"
    for pattern in ("*/config.json", "*/secrets.json")
    for path in sorted((schema_dir() / "stack_connectors").glob(pattern))
    if _comparable(
        *SCHEMAS.resolve(path.relative_to(schema_dir()).as_posix(), SCHEMA_BASE_URI), set()
    )
]


def test_most_schemas_compared() -> None:
    """Every stack connector config and secrets schema takes part in the agreement property."""
    assert len(COMPARED) == 2 * len(list((schema_dir() / "stack_connectors").glob("*/config.json")))


@pytest.mark.parametrize("name", COMPARED)
@given(data=st.data())
def test_agrees_with_config_schema(name: str, data: st.DataObject) -> None:
    """config-schema and zod accept and refuse the same exactly-typed values."""
    node, base = SCHEMAS.resolve(name, SCHEMA_BASE_URI)
    value = data.draw(instances(node, base, clean=True) | instances(node, base, clean=False))
    try:
        SCHEMAS.validator(name)(value, ())
        config_schema_valid = True
    except Invalid:
        config_schema_valid = False
    try:
        ZOD.validator(name)(value)
        zod_valid = True
    except ZodInvalid:
        zod_valid = False
    event("valid" if zod_valid else "invalid")
    assert config_schema_valid == zod_valid
