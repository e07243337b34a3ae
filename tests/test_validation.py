"""validation.py without HTTP: config-schema's messages, coercions, defaults and key order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakekibana.core.configschema import SchemaSet, schema_dir
from fakekibana.core.schema_checks import (
    MISSING,
    Check,
    Invalid,
    js_string,
    type_name,
    utf16_length,
)

SCHEMAS = SchemaSet(schema_dir())


def real(name: str) -> Check:
    """The compiled validator of one file under schemas/."""
    return SCHEMAS.validator(name)


def compile_schema(tmp_path: Path, schema: dict[str, Any], **others: dict[str, Any]) -> Check:
    """Compile an ad-hoc schema (plus sibling files named by keyword) through SchemaSet."""
    (tmp_path / "main.json").write_text(json.dumps(schema), encoding="utf-8")
    for name, document in others.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    return SchemaSet(tmp_path).validator("main.json")


def failure(check: Check, value: Any, namespace: str | None = None) -> str:
    """The formatted message of the first error `check` finds in `value`."""
    with pytest.raises(Invalid) as caught:
        check(value, ())
    return caught.value.format(namespace)


def obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed JSON Schema object (config-schema's schema.object)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


INDEX_CONFIG = "connector_types/index/config.json"
EMAIL_CONFIG = "connector_types/email/config.json"
EMAIL_PARAMS = "connector_types/email/params.json"
WEBHOOK_CONFIG = "connector_types/webhook/config.json"
SERVICENOW_CONFIG = "connector_types/servicenow/config.json"
SERVICENOW_PARAMS = "connector_types/servicenow/params.json"
PAGERDUTY_PARAMS = "connector_types/pagerduty/params.json"
SLACK_PARAMS = "connector_types/slack/params.json"
CREATE_BODY = "actions/create_connector.request.json"
FIND_QUERY = "actions/find_connectors.query.json"

# --- type mismatches -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "got"),
    [
        (MISSING, "undefined"),
        (None, "null"),
        (5, "number"),
        (1.5, "number"),
        (True, "boolean"),
        ({}, "Object"),
        ([], "Array"),
    ],
)
def test_string_mismatch_names_the_type_detect_type(value: Any, got: str) -> None:
    """A non-string where a string is required reports type-detect's name of what was given."""
    check = real(INDEX_CONFIG)
    config = {} if value is MISSING else {"index": value}
    assert failure(check, config) == f"[index]: expected value of type [string] but got [{got}]"


def test_type_name_covers_every_json_type_and_bytes() -> None:
    """type_name gives config-schema's names, Uint8Array for a raw (Buffer) body."""
    names = [type_name(v) for v in (MISSING, None, True, 0, 0.5, "", {}, [], b"")]
    assert names == [
        "undefined",
        "null",
        "boolean",
        "number",
        "number",
        "string",
        "Object",
        "Array",
        "Uint8Array",
    ]


def test_record_mismatch_says_object() -> None:
    """A record (config, secrets) given an array reports `[object]`, not `[Array]`'s schema name."""
    check = real(CREATE_BODY)
    body = {"name": "n", "actionTypeId": "t", "config": []}
    assert failure(check, body, "request body") == (
        "[request body.config]: expected value of type [object] but got [Array]"
    )


def test_record_null_is_refused() -> None:
    """`config: null` gives the update.ts U3 message (core §8.4)."""
    check = real("actions/update_connector.request.json")
    assert failure(check, {"name": "x", "config": None}, "request body") == (
        "[request body.config]: expected value of type [object] but got [null]"
    )


@pytest.mark.parametrize(
    ("body", "got"),
    [([], "Array"), (None, "null"), (5, "number"), (True, "boolean"), (MISSING, "undefined")],
)
def test_object_mismatch_uses_plain_object_wording(body: Any, got: str) -> None:
    """schema.object given a non-object says `expected a plain object value, but found [T] ...`."""
    assert failure(real(CREATE_BODY), body, "request body") == (
        f"[request body]: expected a plain object value, but found [{got}] instead."
    )


def test_boolean_mismatch() -> None:
    """A non-boolean, non-'true'/'false' value for a boolean reports its type."""
    assert failure(real(INDEX_CONFIG), {"index": "i", "refresh": "yes"}) == (
        "[refresh]: expected value of type [boolean] but got [string]"
    )


def test_number_mismatch() -> None:
    """A non-numeric string for a number reports [string]; a boolean reports [boolean]."""
    check = real(FIND_QUERY)
    assert failure(check, {"per_page": "abc"}, "request query") == (
        "[request query.per_page]: expected value of type [number] but got [string]"
    )
    assert failure(check, {"page": True}, "request query") == (
        "[request query.page]: expected value of type [number] but got [boolean]"
    )


@pytest.mark.parametrize(
    "text", ["", "5abc", "Infinity", "0x", "--1", "1e", "NaN", "1e400", "-1e999"]
)
def test_number_refuses_strings_javascript_does_not_read_as_finite(text: str) -> None:
    """Strings that are not a finite JavaScript number stay strings and fail the number check."""
    assert failure(real(FIND_QUERY), {"page": text}) == (
        "[page]: expected value of type [number] but got [string]"
    )


def test_number_limits() -> None:
    """minimum and maximum give Joi's `Value must be equal to or greater/lower than [n].`."""
    check = real(FIND_QUERY)
    assert failure(check, {"page": 0}, "request query") == (
        "[request query.page]: Value must be equal to or greater than [1]."
    )
    assert failure(check, {"per_page": "-1"}, "request query") == (
        "[request query.per_page]: Value must be equal to or greater than [0]."
    )


def test_number_maximum_inside_a_union(tmp_path: Path) -> None:
    """A port above 65535 fails the number alternative and the null one, indexed in order."""
    assert failure(real(EMAIL_CONFIG), {"from": "a", "port": 65536}) == (
        "[port]: types that failed validation:\n"
        "- [port.0]: Value must be equal to or lower than [65535].\n"
        "- [port.1]: expected value to equal [null]"
    )


def test_fractional_limits_print_like_javascript(tmp_path: Path) -> None:
    """A limit of 1.0 prints as [1] and 0.5 as [0.5], as a JavaScript template literal does."""
    check = compile_schema(
        tmp_path,
        obj({"a": {"type": "number", "minimum": 1.0}, "b": {"maximum": 0.5, "type": "number"}}),
    )
    assert failure(check, {"a": 0}) == "[a]: Value must be equal to or greater than [1]."
    assert failure(check, {"b": 2}) == "[b]: Value must be equal to or lower than [0.5]."


def test_array_mismatches() -> None:
    """An array field reports [array] for a wrong type and a parse error for a non-JSON string."""
    check = real(EMAIL_PARAMS)
    base = {"subject": "s", "message": "m"}
    assert (
        failure(check, {**base, "to": {}})
        == "[to]: expected value of type [array] but got [Object]"
    )
    assert (
        failure(check, {**base, "to": "bob"}) == "[to]: could not parse array value from json input"
    )
    assert failure(check, {**base, "to": '{"a": 1}'}) == (
        "[to]: expected value of type [array] but got [Object]"
    )
    assert failure(check, {**base, "cc": ["a", 1]}) == (
        "[cc.1]: expected value of type [string] but got [number]"
    )


def test_record_parse_error() -> None:
    """A record given a non-JSON string says `could not parse record value from json input`."""
    body = {"name": "n", "actionTypeId": "t", "secrets": "nope"}
    assert failure(real(CREATE_BODY), body, "request body") == (
        "[request body.secrets]: could not parse record value from json input"
    )


def test_object_parse_errors() -> None:
    """An object given a non-JSON string cannot be parsed; a JSON array string is an [Array]."""
    check = real(CREATE_BODY)
    assert failure(check, "not json", "request body") == (
        "[request body]: could not parse object value from json input"
    )
    assert failure(check, "[1]", "request body") == (
        "[request body]: expected a plain object value, but found [Array] instead."
    )


def test_record_values_are_checked_with_their_key_in_the_path() -> None:
    """webhook headers is a record of strings inside a nullable union."""
    assert failure(real(WEBHOOK_CONFIG), {"url": "u", "headers": {"a": "1", "b": 2}}) == (
        "[headers]: types that failed validation:\n"
        "- [headers.0.b]: expected value of type [string] but got [number]\n"
        "- [headers.1]: expected value to equal [null]"
    )


# --- unknown keys --------------------------------------------------------------------------------


def test_unknown_key_is_reported_after_every_known_key() -> None:
    """Known keys are checked in declaration order before unknown ones, whatever the input order."""
    check = real(INDEX_CONFIG)
    assert failure(check, {"zzz": 1, "index": 5}) == (
        "[index]: expected value of type [string] but got [number]"
    )
    assert failure(check, {"zzz": 1, "aaa": 2, "index": "i"}) == (
        "[zzz]: definition for this key is missing"
    )


def test_nested_unknown_key_has_the_full_path() -> None:
    """An unknown key in a mapping entry is reported with its whole path."""
    entry = {"source": "title", "target": "t", "actionType": "append", "extra": 1}
    config = {"apiUrl": "u", "casesConfiguration": {"mapping": [entry]}}
    assert failure(real(SERVICENOW_CONFIG), config) == (
        "[casesConfiguration.mapping.0.extra]: definition for this key is missing"
    )


def test_unknown_top_level_body_key() -> None:
    """An unknown body key carries the request namespace (types §1.2)."""
    body = {"name": "n", "actionTypeId": "t", "foo": 1}
    assert failure(real(CREATE_BODY), body, "request body") == (
        "[request body.foo]: definition for this key is missing"
    )


def test_declaration_order_decides_the_first_error() -> None:
    """With several errors, the first declared key wins: name before actionTypeId (core §3.3)."""
    check = real(CREATE_BODY)
    assert failure(check, {}, "request body") == (
        "[request body.name]: expected value of type [string] but got [undefined]"
    )
    assert failure(check, {"actionTypeId": 1, "name": "x"}, "request body") == (
        "[request body.actionTypeId]: expected value of type [string] but got [number]"
    )


# --- literals and unions -------------------------------------------------------------------------


def test_literal_union_failure_lists_every_alternative() -> None:
    """A webhook method outside post/put gives the types §1.4 example byte for byte."""
    assert failure(real(WEBHOOK_CONFIG), {"url": "u", "method": "get"}) == (
        "[method]: types that failed validation:\n"
        "- [method.0]: expected value to equal [post]\n"
        "- [method.1]: expected value to equal [put]"
    )


def test_union_with_namespace_prefixes_every_line() -> None:
    """default_search_operator=xyz gives the core §3.3 worked example."""
    assert failure(real(FIND_QUERY), {"default_search_operator": "xyz"}, "request query") == (
        "[request query.default_search_operator]: types that failed validation:\n"
        "- [request query.default_search_operator.0]: expected value to equal [OR]\n"
        "- [request query.default_search_operator.1]: expected value to equal [AND]"
    )


def test_literals_print_like_javascript(tmp_path: Path) -> None:
    """Literal null, true and 1.0 print as null, true and 1."""
    check = compile_schema(
        tmp_path, obj({"a": {"const": None}, "b": {"const": True}, "c": {"const": 1.0}})
    )
    assert failure(check, {"a": 0}) == "[a]: expected value to equal [null]"
    assert failure(check, {"b": 1}) == "[b]: expected value to equal [true]"
    assert failure(check, {"c": "1"}) == "[c]: expected value to equal [1]"
    assert [js_string(v) for v in (None, True, False, 2.0, 2.5, "x")] == [
        "null",
        "true",
        "false",
        "2",
        "2.5",
        "x",
    ]


def test_required_union_given_nothing() -> None:
    """A missing required oneOf says `expected at least one defined value but got [undefined]`."""
    entry = {"source": "title", "target": "t"}
    config = {"apiUrl": "u", "casesConfiguration": {"mapping": [entry]}}
    assert failure(real(SERVICENOW_CONFIG), config) == (
        "[casesConfiguration.mapping.0.actionType]: "
        "expected at least one defined value but got [undefined]"
    )


def test_mapping_action_type_failure_is_types_6_4_message() -> None:
    """A mapping actionType outside nothing/overwrite/append gives types §6 item 4's message."""
    entry = {"source": "title", "target": "description", "actionType": "non-supported"}
    config = {"apiUrl": "u", "casesConfiguration": {"mapping": [entry]}}
    assert failure(real(SERVICENOW_CONFIG), config) == (
        "[casesConfiguration.mapping.0.actionType]: types that failed validation:\n"
        "- [casesConfiguration.mapping.0.actionType.0]: expected value to equal [nothing]\n"
        "- [casesConfiguration.mapping.0.actionType.1]: expected value to equal [overwrite]\n"
        "- [casesConfiguration.mapping.0.actionType.2]: expected value to equal [append]"
    )


def test_missing_literal_in_every_alternative_reproduces_the_7_8_crash() -> None:
    """params {} for a 7.8 cases type gives config-schema's TypeError text (types §5.2 row 8)."""
    check = real(SERVICENOW_PARAMS)
    assert failure(check, {}) == "Cannot read property 'Symbol(Symbol.iterator)' of undefined"
    assert failure(check, {"subActionParams": {}}) == (
        "Cannot read property 'Symbol(Symbol.iterator)' of undefined"
    )


L_PREFIX = (
    "types that failed validation:\n"
    "- [0.subAction]: expected value to equal [getIncident]\n"
    "- [1.subAction]: expected value to equal [handshake]\n"
)


def test_union_error_from_inside_an_alternative_carries_its_index() -> None:
    """A pushToService without caseId reports `[2.subActionParams.caseId]` (types §5.2 row 10)."""
    assert failure(real(SERVICENOW_PARAMS), {"subAction": "pushToService"}) == (
        L_PREFIX
        + "- [2.subActionParams.caseId]: expected value of type [string] but got [undefined]"
    )


def test_nested_union_indents_and_keeps_its_own_paths() -> None:
    """A nested oneOf indents with ' - ' and its paths lack the outer index (types §5.2 row 14)."""
    params = {
        "subAction": "pushToService",
        "subActionParams": {
            "caseId": "success",
            "title": "success",
            "createdAt": "success",
            "createdBy": {"username": "elastic"},
            "comments": [{}],
        },
    }
    assert failure(real(SERVICENOW_PARAMS), params) == (
        L_PREFIX + "- [2.subActionParams.comments]: types that failed validation:\n"
        " - [subActionParams.comments.0.0.commentId]: "
        "expected value of type [string] but got [undefined]\n"
        " - [subActionParams.comments.1]: expected value to equal [null]"
    )


def test_nested_union_with_namespace(tmp_path: Path) -> None:
    """With a namespace, nested lines carry it too, indented one more space per level."""
    inner = {"oneOf": [{"type": "string"}, {"const": None}]}
    check = compile_schema(
        tmp_path, obj({"a": {"oneOf": [obj({"b": inner}, ("b",)), {"const": 1}]}})
    )
    assert failure(check, {"a": {"b": 2}}, "request body") == (
        "[request body.a]: types that failed validation:\n"
        "- [request body.a.0.b]: types that failed validation:\n"
        " - [request body.a.b.0]: expected value of type [string] but got [number]\n"
        " - [request body.a.b.1]: expected value to equal [null]\n"
        "- [request body.a.1]: expected value to equal [1]"
    )


def test_union_returns_the_first_matching_alternative() -> None:
    """search_fields takes a JSON array string as an array and any other string as a string."""
    check = real(FIND_QUERY)
    assert check({"search_fields": '["name"]'}, ())["search_fields"] == ["name"]
    assert check({"search_fields": "name"}, ())["search_fields"] == "name"


def test_required_any_value_missing(tmp_path: Path) -> None:
    """A required schema.any() that is missing says `expected value of type [any]`."""
    check = compile_schema(tmp_path, obj({"a": {}}, ("a",)))
    assert failure(check, {}) == "[a]: expected value of type [any] but got [undefined]"
    assert check({"a": None}, ()) == {"a": None}


def test_unsupported_schema_node_is_refused_at_compile_time(tmp_path: Path) -> None:
    """A JSON Schema construct outside the supported subset is a TypeError, not a silent pass."""
    for node in ({"type": "date"}, {"minimum": 1}, ["string"]):
        with pytest.raises(TypeError, match="unsupported schema node"):
            compile_schema(tmp_path, obj({"a": node}))


# --- coercions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [("5", 5), (" 5 ", 5), ("1.5e2", 150), (".5", 0.5), ("5.", 5), ("-3", -3), ("+7", 7)],
)
def test_numeric_strings_become_numbers(tmp_path: Path, text: str, number: float) -> None:
    """Joi converts strings JavaScript reads as finite numbers (how ?per_page=5 works)."""
    result = compile_schema(tmp_path, obj({"n": {"type": "number"}}))({"n": text}, ())
    assert result == {"n": number}
    assert type(result["n"]) is type(number)


@pytest.mark.parametrize(("text", "value"), [("true", True), ("FALSE", False), ("True", True)])
def test_boolean_strings_are_coerced_in_any_case(text: str, value: bool) -> None:
    """config-schema turns 'true'/'false' (any case) into booleans."""
    assert real(INDEX_CONFIG)({"index": "i", "refresh": text}, ()) == {
        "index": "i",
        "refresh": value,
        "executionTimeField": None,
    }


def test_json_strings_become_objects_arrays_and_records() -> None:
    """A JSON string is parsed where an object, array or record is expected."""
    body = real(CREATE_BODY)('{"name": "n", "actionTypeId": "t", "config": "{\\"a\\": [1]}"}', ())
    assert body == {"name": "n", "actionTypeId": "t", "config": {"a": [1]}, "secrets": {}}
    params = real(EMAIL_PARAMS)({"to": '["a@b.c"]', "subject": "s", "message": "m"}, ())
    assert params == {"to": ["a@b.c"], "subject": "s", "message": "m", "cc": [], "bcc": []}
    config = real(SERVICENOW_CONFIG)({"apiUrl": "u", "casesConfiguration": '{"mapping": []}'}, ())
    assert config == {"apiUrl": "u", "casesConfiguration": {"mapping": []}}


def test_coercion_applies_inside_unions() -> None:
    """A nullable port given "25" becomes the number 25."""
    config = real(EMAIL_CONFIG)({"from": "a", "port": "25"}, ())
    assert config["port"] == 25


# --- defaults and key order ----------------------------------------------------------------------


def test_defaults_follow_the_input_keys_in_schema_order() -> None:
    """.index {index} becomes {index, refresh:false, executionTimeField:null} (types §3.2)."""
    result = real(INDEX_CONFIG)({"index": "i"}, ())
    assert ordered_items(result) == [
        ("index", "i"),
        ("refresh", False),
        ("executionTimeField", None),
    ]


def test_input_key_order_is_kept() -> None:
    """Given keys keep the request's order; only the missing defaults are appended."""
    result = real(EMAIL_CONFIG)({"from": "a", "port": 25, "service": "__json"}, ())
    assert list(result) == ["from", "port", "service", "host", "secure"]
    assert result == {"from": "a", "port": 25, "service": "__json", "host": None, "secure": None}


def test_missing_nested_object_is_validated_as_its_default() -> None:
    """A missing casesConfiguration is validated as {} (types §1.4)."""
    assert failure(real(SERVICENOW_CONFIG), {"apiUrl": "u"}) == (
        "[casesConfiguration.mapping]: expected value of type [array] but got [undefined]"
    )


def test_defaults_are_fresh_copies() -> None:
    """Mutating a defaulted array does not leak into the next validation."""
    check = real(EMAIL_PARAMS)
    first = check({"subject": "s", "message": "m"}, ())
    first["to"].append("x")
    second = check({"subject": "s", "message": "m"}, ())
    assert second["to"] == []


def test_validation_does_not_mutate_its_input() -> None:
    """The caller's dict is left as it was; the validated copy has the defaults."""
    value = {"index": "i"}
    real(INDEX_CONFIG)(value, ())
    assert value == {"index": "i"}


def test_optional_key_without_default_stays_absent() -> None:
    """schema.maybe: an absent optional key is not added."""
    assert real(PAGERDUTY_PARAMS)({}, ()) == {}


def ordered_items(value: dict[str, Any]) -> list[tuple[str, Any]]:
    """The items of a dict, in order."""
    return list(value.items())


# --- string length in UTF-16 code units ---------------------------------------------------------


def test_min_length_message() -> None:
    """A slack message '' fails minLength 1 with config-schema's length wording."""
    assert failure(real(SLACK_PARAMS), {"message": ""}) == (
        "[message]: value has length [0] but it must have a minimum length of [1]."
    )


def test_max_length_counts_utf16_code_units() -> None:
    """513 emoji are 1026 UTF-16 code units, over the pagerduty summary's 1024."""
    check = real(PAGERDUTY_PARAMS)
    assert failure(check, {"summary": "\U0001f600" * 513}) == (
        "[summary]: value has length [1026] but it must have a maximum length of [1024]."
    )
    assert check({"summary": "\U0001f600" * 512}, ()) == {"summary": "\U0001f600" * 512}
    assert check({"summary": "\u00e9" * 1024}, ()) == {"summary": "\u00e9" * 1024}


def test_utf16_length() -> None:
    """utf16_length counts astral characters twice and everything else once."""
    assert [utf16_length(t) for t in ("", "abc", "\u00e9t\u00e9", "a\U0001f600", "\ud800")] == [
        0,
        3,
        3,
        3,
        1,
    ]


def test_invalid_knows_its_path_and_format_without_namespace() -> None:
    """Invalid keeps the failing path; format() without a namespace starts at the key."""
    with pytest.raises(Invalid) as caught:
        real(INDEX_CONFIG)({"index": 1}, ())
    assert caught.value.path == ("index",)
    assert caught.value.format() == "[index]: expected value of type [string] but got [number]"
    assert caught.value.format("x") == "[x.index]: expected value of type [string] but got [number]"
