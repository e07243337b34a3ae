"""Helpers the 8.19/9.x type modules share: allow-list checks and small result builders.

8.x renamed xpack.actions.whitelistedHosts to allowedHosts; the list and its matching are the
same, so these ask ActionsConfig.is_whitelisted_uri / is_whitelisted_hostname. (Kibana 8.x
parses with Node's legacy url.parse, fakekibana with the WHATWG reading of 7.x: they differ
only on odd inputs.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from fakekibana.connectors.actions_config import ActionsConfig, url_hostname
from fakekibana.connectors.registry import CustomCheck
from fakekibana.connectors.stack import messages


def allowed_url(field: str, wrap: Callable[[str], str], default: str | None = None) -> CustomCheck:
    """A check: the URL in `field` (or `default`) passes ensureUriAllowed; `wrap` words it."""

    def check(value: Mapping[str, Any], actions: ActionsConfig) -> str | None:
        url = value.get(field) or default
        if url is not None and not actions.is_whitelisted_uri(url):
            return wrap(messages.uri_not_allowed(url))
        return None

    return check


def framework_url(*fields: str) -> CustomCheck:
    """The sub-action framework's urlAllowListValidator for each field, in order."""

    def check(config: Mapping[str, Any], actions: ActionsConfig) -> str | None:
        for field in fields:
            url = config.get(field)
            if url is not None and not actions.is_whitelisted_uri(url):
                return messages.url_validation(messages.uri_not_allowed(url))
        return None

    return check


def webhook_url_secret(kind: str) -> CustomCheck:
    """.slack/.teams secrets: webhookUrl must parse (`new URL`) and pass ensureUriAllowed."""

    def check(secrets: Mapping[str, Any], actions: ActionsConfig) -> str | None:
        url = secrets["webhookUrl"]
        if url_hostname(url) is None:
            return messages.configuring(kind, messages.UNPARSABLE_WEBHOOK_URL)
        if not actions.is_whitelisted_uri(url):
            return messages.configuring(kind, messages.uri_not_allowed(url))
        return None

    return check


def combine(*checks: CustomCheck) -> CustomCheck:
    """Run checks in order; the first problem wins."""

    def check(value: Mapping[str, Any], actions: ActionsConfig) -> str | None:
        for one in checks:
            problem = one(value, actions)
            if problem is not None:
                return problem
        return None

    return check


def tokens(text: str) -> int:
    """fakekibana's token count for the AI types: one token per four characters, rounded up."""
    return math.ceil(len(text) / 4)
