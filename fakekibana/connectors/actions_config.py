"""Kibana's xpack.actions settings checks: whitelisted hosts and enabled action types.

Mirrors Kibana 7.7/7.8 actions_config.js (reference core §3.10, types §1.5).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

from fakekibana.core.versions import DEFAULT_VERSION, KibanaVersion

# WHATWG URL: a scheme, then for the special schemes an authority with a non-empty host.
_SCHEME = re.compile(r"[\x00-\x20]*([A-Za-z][A-Za-z0-9+.\-]*):(.*)", re.DOTALL)
_SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})
# The common case, answered without the full parser: http(s)://host[:port] then / ? # or end,
# the host plain ASCII (letters, digits, dots, hyphens), no user info, no whitespace.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9][A-Za-z0-9.\-]*)(?::(\d{1,5}))?(?=[/?#]|$)")
_SPECIAL_STOPS = re.compile(r"[/?#\\]")
_OTHER_STOPS = re.compile(r"[/?#]")
_FORBIDDEN_HOST = re.compile(r"[\x00\t\n\r #/:<>?@\[\\\]^|%]")


def url_hostname(url: str) -> str | None:
    """The hostname JavaScript's `new URL(url)` gives, or None where `new URL` throws.

    A close reading of the WHATWG parser for the cases that matter to whitelisting: a missing
    scheme, an empty or malformed host, a bad port. Hosts are lower-cased and IDNA-encoded.
    """
    plain = _PLAIN_URL.match(url)
    if plain is not None and (plain.group(2) is None or int(plain.group(2)) <= 65535):
        return plain.group(1).lower()
    match = _SCHEME.fullmatch(url.rstrip("\x00\x20\t\n\r"))
    if match is None:
        return None
    scheme = match.group(1).lower()
    rest = match.group(2).replace("\t", "").replace("\n", "").replace("\r", "")
    if scheme == "file":
        # A file: URL has a host only after two slashes: `file:///etc` has the empty host.
        if rest[:2].replace("\\", "/") != "//":
            return ""
        rest = rest[2:]
    elif scheme in _SPECIAL_SCHEMES:
        rest = rest.lstrip("/\\")
    elif rest.startswith("//"):
        rest = rest[2:]
    else:
        return ""
    stops = _SPECIAL_STOPS if scheme in _SPECIAL_SCHEMES else _OTHER_STOPS
    authority = stops.split(rest, maxsplit=1)[0]
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):
        end = host_port.find("]")
        if end < 0:
            return None
        host, port = host_port[: end + 1], host_port[end + 1 :]
        if port and not port.startswith(":"):
            return None
        port = port[1:]
    else:
        host, _, port = host_port.partition(":")
        if scheme in _SPECIAL_SCHEMES:
            # A special scheme's host is percent-decoded before it is checked.
            host = unquote(host)
        if _FORBIDDEN_HOST.search(host):
            return None
    if port and (not port.isdigit() or int(port) > 65535):
        return None
    if scheme in _SPECIAL_SCHEMES and scheme != "file" and not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host.lower()


class ActionsConfig:
    """What xpack.actions.whitelistedHosts and xpack.actions.enabledActionTypes allow."""

    def __init__(
        self,
        whitelisted_hosts: Sequence[str],
        enabled_action_types: Sequence[str],
        version: KibanaVersion | None = None,
    ) -> None:
        # The release answered as: custom checks whose texts changed between releases ask it.
        self.version = version or KibanaVersion(DEFAULT_VERSION)
        self.whitelisted_hosts = tuple(whitelisted_hosts)
        self.enabled_action_types = tuple(enabled_action_types)
        self._any_host = "*" in self.whitelisted_hosts
        self._hosts = frozenset(self.whitelisted_hosts)
        self._any_type = "*" in self.enabled_action_types
        self._types = frozenset(self.enabled_action_types)

    def is_whitelisted_hostname(self, hostname: str) -> bool:
        """isWhitelistedHostname: the exact hostname is listed, or '*' is."""
        return self._any_host or hostname in self._hosts

    def is_whitelisted_uri(self, uri: str) -> bool:
        """isWhitelistedUri: an unparsable URI is never whitelisted, even with '*'."""
        hostname = url_hostname(uri)
        return hostname is not None and self.is_whitelisted_hostname(hostname)

    def is_action_type_enabled(self, type_id: str) -> bool:
        """isActionTypeEnabled: the id is listed, or '*' is."""
        return self._any_type or type_id in self._types
