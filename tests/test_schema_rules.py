"""Every rule of the connector schemas and route bodies, broken alone, gets Kibana's exact message.

RULE_MESSAGES is written out by hand, one entry per rule that tests/contract_strategies.py finds
in schemas/; a test fails when a rule has no entry or an entry no rule. The texts are
@kbn/config-schema's as bundled with Kibana 7.8 (reference core §3.3, types §1.4 and the 7.8
servicenow/jira integration tests, types §5.2-§5.3), without the wrapper the route adds
(`error validating action type config: ` and the like). Rule ids read
`<schema>:<path>:<kind>`; `#i` marks the oneOf alternative the body takes at that point.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakekibana import Settings
from fakekibana.server import FakeKibana
from tests.conftest import KibanaHTTP
from tests.contract_strategies import (
    EXAMPLES,
    TYPES,
    Rule,
    all_rules,
    break_rule,
    minimal,
    part_of,
    schema_name,
    valid_create_bodies,
    valid_part,
    with_defaults,
)

# The lines every 7.8 cases-connector params error starts with (types §5.2, "L").
L = (
    "types that failed validation:\n"
    "- [0.subAction]: expected value to equal [getIncident]\n"
    "- [1.subAction]: expected value to equal [handshake]\n"
)

RULE_MESSAGES: dict[str, str] = {
    "email/config:service:type": (
        "[service]: types that failed validation:\n"
        "- [service.0]: expected value of type [string] but got [number]\n"
        "- [service.1]: expected value to equal [null]"
    ),
    "email/config:host:type": (
        "[host]: types that failed validation:\n"
        "- [host.0]: expected value of type [string] but got [number]\n"
        "- [host.1]: expected value to equal [null]"
    ),
    "email/config:port:type": (
        "[port]: types that failed validation:\n"
        "- [port.0]: expected value of type [number] but got [boolean]\n"
        "- [port.1]: expected value to equal [null]"
    ),
    "email/config:port#0:minimum": (
        "[port]: types that failed validation:\n"
        "- [port.0]: Value must be equal to or greater than [1].\n"
        "- [port.1]: expected value to equal [null]"
    ),
    "email/config:port#0:maximum": (
        "[port]: types that failed validation:\n"
        "- [port.0]: Value must be equal to or lower than [65535].\n"
        "- [port.1]: expected value to equal [null]"
    ),
    "email/config:secure:type": (
        "[secure]: types that failed validation:\n"
        "- [secure.0]: expected value of type [boolean] but got [number]\n"
        "- [secure.1]: expected value to equal [null]"
    ),
    "email/config:from:required": "[from]: expected value of type [string] but got [undefined]",
    "email/config:from:type": "[from]: expected value of type [string] but got [number]",
    "email/config:(root):unknown": "[zzz]: definition for this key is missing",
    "email/secrets:user:type": (
        "[user]: types that failed validation:\n"
        "- [user.0]: expected value of type [string] but got [number]\n"
        "- [user.1]: expected value to equal [null]"
    ),
    "email/secrets:password:type": (
        "[password]: types that failed validation:\n"
        "- [password.0]: expected value of type [string] but got [number]\n"
        "- [password.1]: expected value to equal [null]"
    ),
    "email/secrets:(root):unknown": "[zzz]: definition for this key is missing",
    "email/params:to:type": "[to]: expected value of type [array] but got [number]",
    "email/params:to.0:type": "[to.0]: expected value of type [string] but got [number]",
    "email/params:cc:type": "[cc]: expected value of type [array] but got [number]",
    "email/params:cc.0:type": "[cc.0]: expected value of type [string] but got [number]",
    "email/params:bcc:type": "[bcc]: expected value of type [array] but got [number]",
    "email/params:bcc.0:type": "[bcc.0]: expected value of type [string] but got [number]",
    "email/params:subject:required": (
        "[subject]: expected value of type [string] but got [undefined]"
    ),
    "email/params:subject:type": "[subject]: expected value of type [string] but got [number]",
    "email/params:message:required": (
        "[message]: expected value of type [string] but got [undefined]"
    ),
    "email/params:message:type": "[message]: expected value of type [string] but got [number]",
    "email/params:(root):unknown": "[zzz]: definition for this key is missing",
    "index/config:index:required": "[index]: expected value of type [string] but got [undefined]",
    "index/config:index:type": "[index]: expected value of type [string] but got [number]",
    "index/config:refresh:type": "[refresh]: expected value of type [boolean] but got [number]",
    "index/config:executionTimeField:type": (
        "[executionTimeField]: types that failed validation:\n"
        "- [executionTimeField.0]: expected value of type [string] but got [number]\n"
        "- [executionTimeField.1]: expected value to equal [null]"
    ),
    "index/config:(root):unknown": "[zzz]: definition for this key is missing",
    "index/params:documents:required": (
        "[documents]: expected value of type [array] but got [undefined]"
    ),
    "index/params:documents:type": "[documents]: expected value of type [array] but got [number]",
    "index/params:documents.0:type": (
        "[documents.0]: expected value of type [object] but got [number]"
    ),
    "index/params:(root):unknown": "[zzz]: definition for this key is missing",
    "pagerduty/config:apiUrl:type": (
        "[apiUrl]: types that failed validation:\n"
        "- [apiUrl.0]: expected value of type [string] but got [number]\n"
        "- [apiUrl.1]: expected value to equal [null]"
    ),
    "pagerduty/config:(root):unknown": "[zzz]: definition for this key is missing",
    "pagerduty/secrets:routingKey:required": (
        "[routingKey]: expected value of type [string] but got [undefined]"
    ),
    "pagerduty/secrets:routingKey:type": (
        "[routingKey]: expected value of type [string] but got [number]"
    ),
    "pagerduty/secrets:(root):unknown": "[zzz]: definition for this key is missing",
    "pagerduty/params:eventAction:literal": (
        "[eventAction]: types that failed validation:\n"
        "- [eventAction.0]: expected value to equal [trigger]\n"
        "- [eventAction.1]: expected value to equal [resolve]\n"
        "- [eventAction.2]: expected value to equal [acknowledge]"
    ),
    "pagerduty/params:dedupKey:type": (
        "[dedupKey]: expected value of type [string] but got [number]"
    ),
    "pagerduty/params:dedupKey:maxLength": (
        "[dedupKey]: value has length [256] but it must have a maximum length of [255]."
    ),
    "pagerduty/params:summary:type": "[summary]: expected value of type [string] but got [number]",
    "pagerduty/params:summary:maxLength": (
        "[summary]: value has length [1025] but it must have a maximum length of [1024]."
    ),
    "pagerduty/params:source:type": "[source]: expected value of type [string] but got [number]",
    "pagerduty/params:severity:literal": (
        "[severity]: types that failed validation:\n"
        "- [severity.0]: expected value to equal [critical]\n"
        "- [severity.1]: expected value to equal [error]\n"
        "- [severity.2]: expected value to equal [warning]\n"
        "- [severity.3]: expected value to equal [info]"
    ),
    "pagerduty/params:timestamp:type": (
        "[timestamp]: expected value of type [string] but got [number]"
    ),
    "pagerduty/params:component:type": (
        "[component]: expected value of type [string] but got [number]"
    ),
    "pagerduty/params:group:type": "[group]: expected value of type [string] but got [number]",
    "pagerduty/params:class:type": "[class]: expected value of type [string] but got [number]",
    "pagerduty/params:(root):unknown": "[zzz]: definition for this key is missing",
    "server-log/params:message:required": (
        "[message]: expected value of type [string] but got [undefined]"
    ),
    "server-log/params:message:type": "[message]: expected value of type [string] but got [number]",
    "server-log/params:level:literal": (
        "[level]: types that failed validation:\n"
        "- [level.0]: expected value to equal [trace]\n"
        "- [level.1]: expected value to equal [debug]\n"
        "- [level.2]: expected value to equal [info]\n"
        "- [level.3]: expected value to equal [warn]\n"
        "- [level.4]: expected value to equal [error]\n"
        "- [level.5]: expected value to equal [fatal]"
    ),
    "server-log/params:(root):unknown": "[zzz]: definition for this key is missing",
    "servicenow/config:apiUrl:required": (
        "[apiUrl]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/config:apiUrl:type": "[apiUrl]: expected value of type [string] but got [number]",
    "servicenow/config:casesConfiguration:type": (
        "[casesConfiguration]: expected a plain object value, but found [number] instead."
    ),
    "servicenow/config:casesConfiguration.mapping:required": (
        "[casesConfiguration.mapping]: expected value of type [array] but got [undefined]"
    ),
    "servicenow/config:casesConfiguration.mapping:type": (
        "[casesConfiguration.mapping]: expected value of type [array] but got [number]"
    ),
    "servicenow/config:casesConfiguration.mapping.0:type": (
        "[casesConfiguration.mapping.0]: expected a plain object value, but found [number] instead."
    ),
    "servicenow/config:casesConfiguration.mapping.0.source:required": (
        "[casesConfiguration.mapping.0.source]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/config:casesConfiguration.mapping.0.source:type": (
        "[casesConfiguration.mapping.0.source]: expected value of type [string] but got [number]"
    ),
    "servicenow/config:casesConfiguration.mapping.0.target:required": (
        "[casesConfiguration.mapping.0.target]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/config:casesConfiguration.mapping.0.target:type": (
        "[casesConfiguration.mapping.0.target]: expected value of type [string] but got [number]"
    ),
    "servicenow/config:casesConfiguration.mapping.0.actionType:required": (
        "[casesConfiguration.mapping.0.actionType]: expected at least one defined value but "
        "got [undefined]"
    ),
    "servicenow/config:casesConfiguration.mapping.0.actionType:literal": (
        "[casesConfiguration.mapping.0.actionType]: types that failed validation:\n"
        "- [casesConfiguration.mapping.0.actionType.0]: expected value to equal [nothing]\n"
        "- [casesConfiguration.mapping.0.actionType.1]: expected value to equal [overwrite]\n"
        "- [casesConfiguration.mapping.0.actionType.2]: expected value to equal [append]"
    ),
    "servicenow/config:casesConfiguration.mapping.0:unknown": (
        "[casesConfiguration.mapping.0.zzz]: definition for this key is missing"
    ),
    "servicenow/config:casesConfiguration:unknown": (
        "[casesConfiguration.zzz]: definition for this key is missing"
    ),
    "servicenow/config:(root):unknown": "[zzz]: definition for this key is missing",
    "servicenow/secrets:password:required": (
        "[password]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/secrets:password:type": (
        "[password]: expected value of type [string] but got [number]"
    ),
    "servicenow/secrets:username:required": (
        "[username]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/secrets:username:type": (
        "[username]: expected value of type [string] but got [number]"
    ),
    "servicenow/secrets:(root):unknown": "[zzz]: definition for this key is missing",
    "servicenow/params#0:subAction:required": (
        "Cannot read property 'Symbol(Symbol.iterator)' of undefined"
    ),
    "servicenow/params#0:subAction:literal": (
        L + "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#0:subActionParams:type": (
        "types that failed validation:\n"
        "- [0.subActionParams]: expected a plain object value, but found [number] instead.\n"
        "- [1.subAction]: expected value to equal [handshake]\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#0:subActionParams.externalId:required": (
        "types that failed validation:\n"
        "- [0.subActionParams.externalId]: expected value of type [string] but got [undefined]\n"
        "- [1.subAction]: expected value to equal [handshake]\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#0:subActionParams.externalId:type": (
        "types that failed validation:\n"
        "- [0.subActionParams.externalId]: expected value of type [string] but got [number]\n"
        "- [1.subAction]: expected value to equal [handshake]\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#0:subActionParams:unknown": (
        "types that failed validation:\n"
        "- [0.subActionParams.zzz]: definition for this key is missing\n"
        "- [1.subAction]: expected value to equal [handshake]\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#0:(root):unknown": (
        "types that failed validation:\n"
        "- [0.zzz]: definition for this key is missing\n"
        "- [1.subAction]: expected value to equal [handshake]\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#1:subAction:required": (
        "Cannot read property 'Symbol(Symbol.iterator)' of undefined"
    ),
    "servicenow/params#1:subAction:literal": (
        L + "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#1:subActionParams:type": (
        "types that failed validation:\n"
        "- [0.subAction]: expected value to equal [getIncident]\n"
        "- [1.subActionParams]: expected a plain object value, but found [number] instead.\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#1:subActionParams:unknown": (
        "types that failed validation:\n"
        "- [0.subAction]: expected value to equal [getIncident]\n"
        "- [1.subActionParams.zzz]: definition for this key is missing\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#1:(root):unknown": (
        "types that failed validation:\n"
        "- [0.subAction]: expected value to equal [getIncident]\n"
        "- [1.zzz]: definition for this key is missing\n"
        "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#2:subAction:required": (
        "Cannot read property 'Symbol(Symbol.iterator)' of undefined"
    ),
    "servicenow/params#2:subAction:literal": (
        L + "- [2.subAction]: expected value to equal [pushToService]"
    ),
    "servicenow/params#2:subActionParams:type": (
        L + "- [2.subActionParams]: expected a plain object value, but found [number] instead."
    ),
    "servicenow/params#2:subActionParams.caseId:required": (
        L + "- [2.subActionParams.caseId]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/params#2:subActionParams.caseId:type": (
        L + "- [2.subActionParams.caseId]: expected value of type [string] but got [number]"
    ),
    "servicenow/params#2:subActionParams.title:required": (
        L + "- [2.subActionParams.title]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/params#2:subActionParams.title:type": (
        L + "- [2.subActionParams.title]: expected value of type [string] but got [number]"
    ),
    "servicenow/params#2:subActionParams.description:type": (
        L
        + "- [2.subActionParams.description]: types that failed validation:\n"
        + " - [subActionParams.description.0]: expected value of type [string] but got [number]\n"
        + " - [subActionParams.description.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0]: expected value of type [array] but got [number]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0]: expected a plain object value, but found [number] "
        + "instead.\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.commentId:required": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.commentId]: expected value of type [string] but got "
        + "[undefined]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.commentId:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.commentId]: expected value of type [string] but got "
        + "[number]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.comment:required": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.comment]: expected value of type [string] but got "
        + "[undefined]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.comment:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.comment]: expected value of type [string] but got "
        + "[number]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdAt:required": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdAt]: expected value of type [string] but got "
        + "[undefined]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdAt:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdAt]: expected value of type [string] but got "
        + "[number]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdBy:required": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdBy]: expected a plain object value, but found "
        + "[undefined] instead.\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdBy:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdBy]: expected a plain object value, but found "
        + "[number] instead.\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdBy.fullName:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdBy.fullName]: types that failed validation:\n"
        + "  - [subActionParams.comments.0.createdBy.fullName.0]: expected value of type "
        + "[string] but got [number]\n"
        + "  - [subActionParams.comments.0.createdBy.fullName.1]: expected value to equal [null]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdBy.username:required": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdBy.username]: expected value of type [string] "
        + "but got [undefined]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdBy.username:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdBy.username]: expected value of type [string] "
        + "but got [number]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.createdBy:unknown": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.createdBy.zzz]: definition for this key is missing\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.updatedAt:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.updatedAt]: types that failed validation:\n"
        + "  - [subActionParams.comments.0.updatedAt.0]: expected value of type [string] but got "
        + "[number]\n"
        + "  - [subActionParams.comments.0.updatedAt.1]: expected value to equal [null]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0.updatedBy:type": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.updatedBy]: types that failed validation:\n"
        + "  - [subActionParams.comments.0.updatedBy.0]: expected a plain object value, but "
        + "found [number] instead.\n"
        + "  - [subActionParams.comments.0.updatedBy.1]: expected value to equal [null]\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.comments#0.0:unknown": (
        L
        + "- [2.subActionParams.comments]: types that failed validation:\n"
        + " - [subActionParams.comments.0.0.zzz]: definition for this key is missing\n"
        + " - [subActionParams.comments.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.externalId:type": (
        L
        + "- [2.subActionParams.externalId]: types that failed validation:\n"
        + " - [subActionParams.externalId.0]: expected value of type [string] but got [number]\n"
        + " - [subActionParams.externalId.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.createdAt:required": (
        L + "- [2.subActionParams.createdAt]: expected value of type [string] but got [undefined]"
    ),
    "servicenow/params#2:subActionParams.createdAt:type": (
        L + "- [2.subActionParams.createdAt]: expected value of type [string] but got [number]"
    ),
    "servicenow/params#2:subActionParams.createdBy:required": (
        L
        + "- [2.subActionParams.createdBy]: expected a plain object value, but found [undefined] "
        + "instead."
    ),
    "servicenow/params#2:subActionParams.updatedAt:type": (
        L
        + "- [2.subActionParams.updatedAt]: types that failed validation:\n"
        + " - [subActionParams.updatedAt.0]: expected value of type [string] but got [number]\n"
        + " - [subActionParams.updatedAt.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams.updatedBy:type": (
        L
        + "- [2.subActionParams.updatedBy]: types that failed validation:\n"
        + " - [subActionParams.updatedBy.0]: expected a plain object value, but found [number] "
        + "instead.\n"
        + " - [subActionParams.updatedBy.1]: expected value to equal [null]"
    ),
    "servicenow/params#2:subActionParams:unknown": (
        L + "- [2.subActionParams.zzz]: definition for this key is missing"
    ),
    "servicenow/params#2:(root):unknown": L + "- [2.zzz]: definition for this key is missing",
    "slack/secrets:webhookUrl:required": (
        "[webhookUrl]: expected value of type [string] but got [undefined]"
    ),
    "slack/secrets:webhookUrl:type": (
        "[webhookUrl]: expected value of type [string] but got [number]"
    ),
    "slack/secrets:(root):unknown": "[zzz]: definition for this key is missing",
    "slack/params:message:required": (
        "[message]: expected value of type [string] but got [undefined]"
    ),
    "slack/params:message:type": "[message]: expected value of type [string] but got [number]",
    "slack/params:message:minLength": (
        "[message]: value has length [0] but it must have a minimum length of [1]."
    ),
    "slack/params:(root):unknown": "[zzz]: definition for this key is missing",
    "webhook/config:url:required": "[url]: expected value of type [string] but got [undefined]",
    "webhook/config:url:type": "[url]: expected value of type [string] but got [number]",
    "webhook/config:method:literal": (
        "[method]: types that failed validation:\n"
        "- [method.0]: expected value to equal [post]\n"
        "- [method.1]: expected value to equal [put]"
    ),
    "webhook/config:headers:type": (
        "[headers]: types that failed validation:\n"
        "- [headers.0]: expected value of type [object] but got [number]\n"
        "- [headers.1]: expected value to equal [null]"
    ),
    "webhook/config:headers#0.k:type": (
        "[headers]: types that failed validation:\n"
        "- [headers.0.k]: expected value of type [string] but got [number]\n"
        "- [headers.1]: expected value to equal [null]"
    ),
    "webhook/config:(root):unknown": "[zzz]: definition for this key is missing",
    "webhook/secrets:user:type": (
        "[user]: types that failed validation:\n"
        "- [user.0]: expected value of type [string] but got [number]\n"
        "- [user.1]: expected value to equal [null]"
    ),
    "webhook/secrets:password:type": (
        "[password]: types that failed validation:\n"
        "- [password.0]: expected value of type [string] but got [number]\n"
        "- [password.1]: expected value to equal [null]"
    ),
    "webhook/secrets:(root):unknown": "[zzz]: definition for this key is missing",
    "webhook/params:body:type": "[body]: expected value of type [string] but got [number]",
    "webhook/params:(root):unknown": "[zzz]: definition for this key is missing",
    "jira/config:projectKey:required": (
        "[projectKey]: expected value of type [string] but got [undefined]"
    ),
    "jira/config:projectKey:type": "[projectKey]: expected value of type [string] but got [number]",
    "jira/config:apiUrl:required": "[apiUrl]: expected value of type [string] but got [undefined]",
    "jira/config:apiUrl:type": "[apiUrl]: expected value of type [string] but got [number]",
    "jira/config:(root):unknown": "[zzz]: definition for this key is missing",
    "jira/secrets:email:required": "[email]: expected value of type [string] but got [undefined]",
    "jira/secrets:email:type": "[email]: expected value of type [string] but got [number]",
    "jira/secrets:apiToken:required": (
        "[apiToken]: expected value of type [string] but got [undefined]"
    ),
    "jira/secrets:apiToken:type": "[apiToken]: expected value of type [string] but got [number]",
    "jira/secrets:(root):unknown": "[zzz]: definition for this key is missing",
    "create_connector.request:name:required": (
        "[request body.name]: expected value of type [string] but got [undefined]"
    ),
    "create_connector.request:name:type": (
        "[request body.name]: expected value of type [string] but got [number]"
    ),
    "create_connector.request:actionTypeId:required": (
        "[request body.actionTypeId]: expected value of type [string] but got [undefined]"
    ),
    "create_connector.request:actionTypeId:type": (
        "[request body.actionTypeId]: expected value of type [string] but got [number]"
    ),
    "create_connector.request:config:type": (
        "[request body.config]: expected value of type [object] but got [number]"
    ),
    "create_connector.request:secrets:type": (
        "[request body.secrets]: expected value of type [object] but got [number]"
    ),
    "create_connector.request:(root):unknown": (
        "[request body.zzz]: definition for this key is missing"
    ),
    "update_connector.request:name:required": (
        "[request body.name]: expected value of type [string] but got [undefined]"
    ),
    "update_connector.request:name:type": (
        "[request body.name]: expected value of type [string] but got [number]"
    ),
    "update_connector.request:config:type": (
        "[request body.config]: expected value of type [object] but got [number]"
    ),
    "update_connector.request:secrets:type": (
        "[request body.secrets]: expected value of type [object] but got [number]"
    ),
    "update_connector.request:(root):unknown": (
        "[request body.zzz]: definition for this key is missing"
    ),
    "execute_connector.request:params:required": (
        "[request body.params]: expected value of type [object] but got [undefined]"
    ),
    "execute_connector.request:params:type": (
        "[request body.params]: expected value of type [object] but got [number]"
    ),
    "execute_connector.request:(root):unknown": (
        "[request body.zzz]: definition for this key is missing"
    ),
}

PREFIXES = {
    "config": "error validating action type config: ",
    "secrets": "error validating action type secrets: ",
    "params": "error validating action params: ",
}
RULES = all_rules()


@pytest.fixture(scope="module")
def kibana() -> Iterator[KibanaHTTP]:
    """A strict fakekibana of this module's own, with Kibana's default settings."""
    with FakeKibana(Settings(server_name="schema-rules", strict_responses=True)) as server:
        client = KibanaHTTP(server.url)
        yield client
        client.close()
        server.check()


@pytest.fixture(scope="module")
def connectors(kibana: KibanaHTTP) -> dict[str, str]:
    """One connector of every type, made from its example: type id -> connector id."""
    ids = {}
    for type_id in TYPES:
        example = EXAMPLES[type_id]
        body = {"name": type_id, "actionTypeId": type_id, **example}
        del body["params"]
        status, created = kibana.request("POST", "/api/action", body)
        assert status == 200, created
        ids[type_id] = created["id"]
    return ids


def answer(kibana: KibanaHTTP, connectors: dict[str, str], rule: Rule, document: Any) -> Any:
    """Send a document where the rule's schema applies; the error Kibana answers, as JSON."""
    type_id, part = part_of(rule)
    if type_id == "body":
        server_log = connectors[".server-log"]
        method, path = {
            "create_connector": ("POST", "/api/action"),
            "update_connector": ("PUT", f"/api/action/{server_log}"),
            "execute_connector": ("POST", f"/api/action/{server_log}/_execute"),
        }[part]
        return kibana.request(method, path, document)
    if part == "params":
        connector = connectors[type_id]
        path = f"/api/action/{connector}/_execute"
        return kibana.request("POST", path, {"params": document})
    example = EXAMPLES[type_id]
    body = {"name": "n", "actionTypeId": type_id, "config": example["config"]}
    body["secrets"] = example["secrets"]
    body[part] = document
    return kibana.request("POST", "/api/action", body)


def expected(rule: Rule, connectors: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """Kibana's whole answer to a body that breaks this rule alone."""
    type_id, part = part_of(rule)
    if part == "params":
        message = PREFIXES[part] + RULE_MESSAGES[rule.id]
        body = {"status": "error", "actionId": connectors[type_id], "message": message}
        return 200, {**body, "retry": False}
    message = (
        RULE_MESSAGES[rule.id] if type_id == "body" else PREFIXES[part] + RULE_MESSAGES[rule.id]
    )
    return 400, {"statusCode": 400, "error": "Bad Request", "message": message}


def test_every_rule_has_one_message() -> None:
    """RULE_MESSAGES names exactly the rules found in schemas/, each once."""
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(RULE_MESSAGES)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_one_broken_rule_gets_kibanas_message(
    kibana: KibanaHTTP, connectors: dict[str, str], rule: Rule
) -> None:
    """An example body with only this rule broken gets exactly Kibana's message."""
    type_id, part = part_of(rule)
    base = minimal(rule.schema) if type_id == "body" else EXAMPLES[type_id][part]
    assert answer(kibana, connectors, rule, break_rule(rule, base)) == expected(rule, connectors)


@given(data=st.data())
def test_nearly_valid_bodies_get_kibanas_message(
    kibana: KibanaHTTP, connectors: dict[str, str], data: st.DataObject
) -> None:
    """A generated valid body with any one rule broken gets exactly that rule's message."""
    rule = data.draw(st.sampled_from([r for r in RULES if part_of(r)[0] != "body"]))
    type_id, part = part_of(rule)
    document = data.draw(valid_part(type_id, part), label="valid")
    broken = break_rule(rule, document)
    assert answer(kibana, connectors, rule, broken) == expected(rule, connectors)


@given(body=valid_create_bodies())
def test_valid_bodies_are_kept_as_kibana_keeps_them(kibana: KibanaHTTP, body: Any) -> None:
    """A generated valid create body gets 200 with its config as Kibana keeps it; GET agrees."""
    type_id = body["actionTypeId"]
    status, created = kibana.request("POST", "/api/action", body)
    config = with_defaults(schema_name(type_id, "config"), body["config"])
    stored = {"id": created["id"], "actionTypeId": type_id, "name": body["name"]}
    assert (status, created) == (200, {**stored, "config": config, "isPreconfigured": False})
    assert list(created["config"]) == list(config)
    assert kibana.request("GET", f"/api/action/{created['id']}") == (200, created)


@given(data=st.data())
def test_valid_params_pass_validation(
    kibana: KibanaHTTP, connectors: dict[str, str], data: st.DataObject
) -> None:
    """Generated valid params never get Kibana's params validation error."""
    type_id = data.draw(st.sampled_from(list(TYPES)))
    params = data.draw(valid_part(type_id, "params"))
    connector = connectors[type_id]
    status, result = kibana.request("POST", f"/api/action/{connector}/_execute", {"params": params})
    assert status == 200
    assert result["actionId"] == connector
    assert not result.get("message", "").startswith(PREFIXES["params"])
