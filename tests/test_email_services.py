"""The .email service lookup: nodemailer's well-known services as Kibana 7.7/7.8 bundled them."""

from __future__ import annotations

from typing import Any

import pytest

from fakekibana import Settings
from fakekibana.connectors.types._email_services import service_host
from tests.conftest import XSRF


@pytest.mark.parametrize(
    ("service", "host"),
    [
        ("gmail", "smtp.gmail.com"),
        ("Google Mail", "smtp.gmail.com"),
        ("someone@googlemail.com", "smtp.gmail.com"),
        ("Hotmail", "smtp.live.com"),
        ("SES-EU-WEST-1", "email-smtp.eu-west-1.amazonaws.com"),
        ("Maildev", None),
        ("Resend", None),
    ],
)
def test_service_names_aliases_and_domains_resolve(service: str, host: str | None) -> None:
    """A name, an alias or an address's domain resolves as nodemailer's lookup does."""
    assert service_host(service) == host


async def test_a_service_without_a_host_is_not_valid(make_client: Any) -> None:
    """Maildev is a known service without a host, so Kibana calls the value not valid."""
    client = await make_client(Settings(server_name="t"))
    body = {"name": "m", "actionTypeId": ".email", "config": {"service": "Maildev", "from": "a@b"}}
    response = await client.post("/api/action", json=body, headers=XSRF)
    assert response.status == 400
    assert await response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "error validating action type config: [service] value 'Maildev' is not valid",
    }


async def test_an_alias_resolves_to_its_host_for_the_whitelist(make_client: Any) -> None:
    """An alias is checked against the whitelist by the host it resolves to."""
    client = await make_client(Settings(server_name="t", whitelisted_hosts=("example.com",)))
    body = {"name": "m", "actionTypeId": ".email", "config": {"service": "Outlook", "from": "a@b"}}
    response = await client.post("/api/action", json=body, headers=XSRF)
    assert response.status == 400
    assert await response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "error validating action type config: [service] value 'Outlook' resolves "
        "to host 'smtp.live.com' which is not in the whitelistedHosts configuration",
    }
