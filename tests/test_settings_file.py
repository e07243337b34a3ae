"""The kibana.yml subset read by --config, including fakekibana's own users and API keys."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from fakekibana.core.security import Principal
from fakekibana.core.settings import Settings, load_kibana_yml
from tests.conftest import XSRF


def test_users_and_api_keys_come_from_the_settings_file(tmp_path: Path) -> None:
    """fakekibana.users and fakekibana.apiKeys are read as NAME:SECRET[:ROLE]."""
    path = tmp_path / "kibana.yml"
    path.write_text(
        "fakekibana:\n"
        "  users: ['elastic:changeme', 'viewer:pw:read@space1']\n"
        "  apiKeys: ['key1:s3cret:read']\n"
        "xpack.actions.whitelistedHosts: [example.com]\n",
        encoding="utf-8",
    )
    assert load_kibana_yml(path) == {
        "whitelisted_hosts": ("example.com",),
        "users": (
            Principal("elastic", "changeme", "superuser"),
            Principal("viewer", "pw", "read@space1"),
        ),
        "api_keys": (Principal("key1", "s3cret", "read"),),
    }


async def test_a_user_from_the_settings_file_can_log_in(tmp_path: Path, make_client: Any) -> None:
    """A user named in the settings file turns security on and authenticates."""
    path = tmp_path / "kibana.yml"
    path.write_text("fakekibana.users: ['elastic:changeme']\n", encoding="utf-8")
    client = await make_client(Settings(server_name="t", **load_kibana_yml(path)))
    anonymous = await client.get("/api/action/types")
    assert anonymous.status == 401
    assert await anonymous.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Unauthorized",
    }
    token = base64.b64encode(b"elastic:changeme").decode()
    response = await client.get(
        "/api/action/types", headers={**XSRF, "Authorization": f"Basic {token}"}
    )
    assert response.status == 200


def test_status_allow_anonymous_comes_from_the_settings_file(tmp_path: Path) -> None:
    """status.allowAnonymous is read from kibana.yml as Kibana 7.x names it."""
    path = tmp_path / "kibana.yml"
    path.write_text("status:\n  allowAnonymous: true\n", encoding="utf-8")
    assert load_kibana_yml(path) == {"status_allow_anonymous": True}
