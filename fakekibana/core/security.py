"""Kibana 7.x security emulation: basic and ApiKey authentication, and the 404-style authz.

Off unless users or API keys are configured. Roles (fakekibana's shorthand for Kibana roles):
`superuser` (everything), `read` (read in every space), `all@SPACE`, `read@SPACE`, and `none`
(can log in, holds no Kibana privilege: the `no_kibana_privileges` user of Kibana's tests).
Reference core §3.2, §3.5, §3.6: a missing privilege answers 404 `Not Found`, and execute
needs only read.
"""

from __future__ import annotations

import base64
import dataclasses
import hmac
import re

from fakekibana.core import messages
from fakekibana.core.errors import FakeKibanaError, Forbidden, NotFound, Unauthorized

_ROLE = re.compile(r"superuser|read|none|(?:all|read)@[a-z0-9_\-]+")


@dataclasses.dataclass(frozen=True)
class Principal:
    """Someone who can log in: a user (name, password) or an API key (id, key)."""

    name: str
    secret: str
    role: str = "superuser"

    def may(self, space: str, privilege: str) -> bool:
        """Whether this principal holds `privilege` ('read' or 'all') in `space`.

        'global_read' and 'global_all' are Kibana's global base privileges (the features API,
        managing spaces): `superuser` holds both, `read` (read everywhere) the first, and the
        space roles neither.
        """
        if self.role == "superuser":
            return True
        if privilege.startswith("global_"):
            return self.role == "read" and privilege == "global_read"
        if self.role == "read":
            return privilege == "read"
        if self.role == "none":
            return False
        level, _, role_space = self.role.partition("@")
        if role_space != space:
            return False
        return level == "all" or privilege == "read"


def parse_principal(text: str, what: str) -> Principal:
    """NAME:SECRET[:ROLE] as given to --user or --api-key."""
    parts = text.split(":")
    if len(parts) == 2:
        parts.append("superuser")
    if len(parts) != 3 or not parts[0] or not parts[1] or not _ROLE.fullmatch(parts[2]):
        msg = (
            f"{what} must be NAME:SECRET[:ROLE] with ROLE superuser, read, all@SPACE, read@SPACE "
            "or none"
        )
        raise FakeKibanaError(msg)
    return Principal(parts[0], parts[1], parts[2])


def _same(expected: str, given: str) -> bool:
    # compare_digest on str refuses non-ASCII text; compare the UTF-8 bytes instead.
    return hmac.compare_digest(
        expected.encode("utf-8", "surrogatepass"), given.encode("utf-8", "surrogatepass")
    )


class Security:
    """The configured users and API keys."""

    def __init__(self, users: tuple[Principal, ...], api_keys: tuple[Principal, ...]) -> None:
        self.users = {u.name: u for u in users}
        self.api_keys = {k.name: k for k in api_keys}
        self.enabled = bool(users or api_keys)

    def authenticate(self, authorization: str | None) -> Principal:
        """The principal an Authorization header names, or 401."""
        if not authorization:
            raise Unauthorized(messages.UNAUTHORIZED)
        scheme, _, credentials = authorization.strip().partition(" ")
        scheme = scheme.lower()
        if scheme not in ("basic", "apikey"):
            raise Unauthorized(messages.UNAUTHORIZED)
        try:
            # A str with non-ASCII characters raises a plain ValueError, not binascii.Error.
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except ValueError:
            raise Unauthorized(messages.UNAUTHORIZED) from None
        name, sep, secret = decoded.partition(":")
        if not sep:
            # Without a colon the whole value may be a secret: never echo it back.
            raise Unauthorized(messages.UNAUTHORIZED)
        if scheme == "basic":
            user = self.users.get(name)
            if user is not None and _same(user.secret, secret):
                return user
            raise Unauthorized(messages.bad_credentials(name))
        key = self.api_keys.get(name)
        if key is not None and _same(key.secret, secret):
            return key
        raise Unauthorized(messages.bad_api_key())

    @staticmethod
    def authorize(
        principal: Principal, space: str, privilege: str, forbidden: str | None = None
    ) -> None:
        """404 Not Found when the principal lacks the route's privilege in that space (7.x's
        access tags), or 403 with `forbidden` where the route gives that text (8.x)."""
        if not principal.may(space, privilege):
            if forbidden is not None:
                raise Forbidden(forbidden)
            raise NotFound(messages.NOT_FOUND)
