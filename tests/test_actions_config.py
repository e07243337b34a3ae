"""actions_config.py: `new URL(...).hostname` and the whitelist and enabled-type checks."""

from __future__ import annotations

import pytest

from fakekibana.connectors.actions_config import ActionsConfig, url_hostname


@pytest.mark.parametrize(
    ("url", "hostname"),
    [
        ("https://Example.COM:8080/path", "example.com"),
        ("http://user:pw@host.io/x", "host.io"),
        ("http://a@b@c.d/", "c.d"),
        ("HTTP://A.B", "a.b"),
        ("  http://a.b  ", "a.b"),
        ("http://a.b:", "a.b"),
        ("http://a.b?x=1", "a.b"),
        ("http://a.b#f", "a.b"),
        ("http://host:65535", "host"),
        ("http://[::1]:80/", "[::1]"),
        ("http://b\u00fccher.de/", "xn--bcher-kva.de"),
        ("https:\\\\host.x\\p", "host.x"),
        ("http:/h.x", "h.x"),
        ("http:h.x", "h.x"),
        ("ftp://h.x/", "h.x"),
        ("custom://h.x/p", "h.x"),
        ("mailto:x@y", ""),
        ("file:///etc/passwd", ""),
        ("file://server/share", "server"),
        ("http://ex%41mple.com/", "example.com"),
        ("http://localhost:5620/api/_actions-FTS-external-service-simulators/jira", "localhost"),
    ],
)
def test_url_hostname_matches_whatwg(url: str, hostname: str) -> None:
    """url_hostname gives what Node's `new URL(url).hostname` gives."""
    assert url_hostname(url) == hostname


@pytest.mark.parametrize(
    "url",
    [
        "",
        "fee-fi-fo-fum",
        "www.servicenowisinkibanaactions.com",
        "http://",
        "http://exa mple.com",
        "http://host:99999",
        "http://host:65536",
        "http://host:abc",
        "http://[::1",
        "http://a<b.c/",
        "1http://a.b",
    ],
)
def test_url_hostname_is_none_where_new_url_throws(url: str) -> None:
    """Strings `new URL` refuses (no scheme, empty or bad host, bad port) give None."""
    assert url_hostname(url) is None


def test_star_whitelists_every_hostname() -> None:
    """'*' in whitelistedHosts allows any hostname (Kibana's default)."""
    config = ActionsConfig(["*"], ["*"])
    assert config.is_whitelisted_hostname("anything.example")
    assert config.is_whitelisted_uri("https://anything.example/x")


def test_listed_hostnames_match_exactly() -> None:
    """Only an exactly listed hostname passes; no suffix or case folding of the list."""
    config = ActionsConfig(["localhost", "Some.Host"], ["*"])
    assert config.is_whitelisted_hostname("localhost")
    assert not config.is_whitelisted_hostname("sub.localhost")
    assert not config.is_whitelisted_hostname("some.host")
    assert config.is_whitelisted_uri("http://LOCALHOST:5601/x")
    assert not config.is_whitelisted_uri("http://Some.Host/")


def test_unparsable_uri_is_never_whitelisted_even_with_star() -> None:
    """isWhitelistedUri refuses a URI `new URL` cannot parse, whatever the list (types §1.5)."""
    config = ActionsConfig(["*"], ["*"])
    assert not config.is_whitelisted_uri("fee-fi-fo-fum")
    assert not config.is_whitelisted_uri("www.servicenowisinkibanaactions.com")


def test_empty_whitelist_allows_nothing() -> None:
    """An empty whitelistedHosts refuses every hostname and URI."""
    config = ActionsConfig([], ["*"])
    assert not config.is_whitelisted_hostname("localhost")
    assert not config.is_whitelisted_uri("http://localhost/")


def test_enabled_action_types() -> None:
    """enabledActionTypes allows listed ids only, or every id with '*'."""
    listed = ActionsConfig(["*"], [".index", ".server-log"])
    assert listed.is_action_type_enabled(".index")
    assert not listed.is_action_type_enabled(".email")
    assert ActionsConfig(["*"], ["*"]).is_action_type_enabled(".anything")
    assert not ActionsConfig(["*"], []).is_action_type_enabled(".index")
