"""Kibana 9.4's OAuth callback page and script: order of checks, exact pages, releases before."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from kibana import Kibana
from kibana.exceptions import AuthenticationException

from fakekibana import Settings
from fakekibana.core.security import Principal
from fakekibana.server import FakeKibana
from tests.conftest import connectors_area, expect_json

MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]
CALLBACK = "/api/actions/connector/_oauth_callback"
SCRIPT_PATH = "/api/actions/connector/_oauth_callback_script"
HTML = "text/html; charset=utf-8"
USER = Principal("elastic", "changeme")
BASIC = {"Authorization": "Basic " + base64.b64encode(b"elastic:changeme").decode()}

# generateOAuthCallbackPage (routes/oauth_callback.ts) for a failure with details, no broadcast
# and no auto-close: the template literal's whitespace, the empty data attributes (`<body >`)
# and the empty auto-close line included.
PAGE = """
    <!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title}</title>
        <style>
          * {{
            margin: 0;
            padding: 0;
            box-sizing: border-box;
          }}
          body {{
            font-family: {fonts};
            background-color: #F5F7FA;
            color: #343741;
            display: flex;
            align-items: center;
            justify-content: center;
            min-height: 100vh;
            padding: 20px;
          }}
          .container {{
            background: white;
            border-radius: 6px;
            box-shadow: 0 2px 4px rgba(0, 0, 0, 0.1);
            max-width: 500px;
            width: 100%;
            padding: 32px;
            text-align: center;
          }}
          .icon {{
            width: 64px;
            height: 64px;
            border-radius: 50%;
            background-color: #BD271E;
            color: white;
            font-size: 32px;
            line-height: 64px;
            margin: 0 auto 24px;
            font-weight: 600;
          }}
          h1 {{
            font-size: 24px;
            font-weight: 600;
            margin-bottom: 16px;
            color: #1a1c21;
          }}
          p {{
            font-size: 14px;
            line-height: 1.5;
            margin-bottom: 12px;
            color: #69707d;
          }}
          p:last-child {{
            margin-bottom: 0;
          }}
          .details {{
            background-color: #F5F7FA;
            border-left: 3px solid #BD271E;
            padding: 12px 16px;
            margin: 16px 0;
            text-align: left;
            font-size: 13px;
            color: #343741;
            border-radius: 4px;
          }}
        </style>
      </head>
      <body >
        <div class="container">
          <div class="icon">\u2715</div>
          <h1>{heading}</h1>
          <p>{message}</p>
          <div class="details">{details}</div>
          \n        </div>
        <script src="/api/actions/connector/_oauth_callback_script"></script>
      </body>
    </html>
  """
FONTS = "'Inter', -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
AUTH_REQUIRED_PAGE = PAGE.format(
    fonts=FONTS,
    title="Authorization Failed",
    heading="Authentication Required",
    message="You must be logged in to complete the OAuth authorization.",
    details="Please log in and try again.",
)
NO_PROFILE_PAGE = PAGE.format(
    fonts=FONTS,
    title="OAuth Authorization Failed",
    heading="Authorization Failed",
    message="You can close this window and try again.",
    details="Unable to retrieve Kibana user profile ID.",
)
# Kibana's response adapter makes a 401 with a string body a Boom payload with the route's
# headers: JSON text, labelled text/html.
AUTH_REQUIRED_BODY = json.dumps(
    {"statusCode": 401, "error": "Unauthorized", "message": AUTH_REQUIRED_PAGE},
    separators=(",", ":"),
    ensure_ascii=False,
)
# OAUTH_CALLBACK_SCRIPT_BODY with the channel name and the delay filled in.
SCRIPT = """(() => {
  const { broadcast, autoClose } = document.body.dataset;

  if (broadcast) {
    try {
      const message = JSON.parse(broadcast);
      const channel = new BroadcastChannel("oauth_flow_completed");
      channel.postMessage(message);
      channel.close();
    } catch (_) {
      // BroadcastChannel may not be supported in all browsers
    }
  }

  if (autoClose === 'true') {
    setTimeout(() => {
      window.close();
      setTimeout(() => {
        const fallback = document.querySelector('.auto-close-message');
        if (fallback) {
          fallback.style.display = 'block';
        }
      }, 100);
    }, 3000);
  }
})();
"""


def settings(version: str = "9.4.0", **changes: Any) -> Settings:
    """A strict fake of that release."""
    return Settings(kibana_version=version, server_name="oauth", strict_responses=True, **changes)


async def expect_text(
    response: Any, status: int, content_type: str, body: str, cache_control: str = "no-cache"
) -> None:
    """Assert the status, the content type, the cache-control header and the whole body."""
    answer = (response.status, response.headers["Content-Type"], await response.text())
    assert answer == (status, content_type, body)
    assert response.headers["Cache-Control"] == cache_control


@pytest.mark.parametrize("space", ["", "/s/ops"])
async def test_without_security_the_callback_is_the_authentication_required_page(
    make_client: MakeClient, space: str
) -> None:
    """With security off there is no current user: 401, the page as a Boom message, text/html."""
    kb = await make_client(settings())
    response = await kb.get(space + CALLBACK + "?code=c&state=s&scope=openid")
    await expect_text(response, 401, HTML, AUTH_REQUIRED_BODY)


@pytest.mark.parametrize(
    ("headers", "query"),
    [
        (BASIC, "?code=c&state=s&session_state=x&scope=openid"),
        (BASIC, ""),
        (
            {"Authorization": "ApiKey " + base64.b64encode(b"key-1:secret").decode()},
            "?state=s",
        ),
    ],
)
async def test_with_security_the_callback_is_the_missing_profile_page(
    make_client: MakeClient, headers: dict[str, str], query: str
) -> None:
    """A user or API key has no profile uid: the 200 error page, before any state check."""
    key = Principal("key-1", "secret")
    kb = await make_client(settings(users=(USER,), api_keys=(key,)))
    response = await kb.get(CALLBACK + query, headers=headers)
    await expect_text(response, 200, HTML, NO_PROFILE_PAGE)


async def test_wrong_credentials_get_the_json_401(make_client: MakeClient) -> None:
    """With security on, a request without credentials gets the adapter's Boom JSON 401."""
    kb = await make_client(settings(users=(USER,)))
    response = await kb.get(CALLBACK)
    await expect_json(
        response, 401, {"statusCode": 401, "error": "Unauthorized", "message": "Unauthorized"}
    )
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("key", ["code", "state", "error", "error_description", "session_state"])
async def test_a_repeated_known_key_is_refused_first(make_client: MakeClient, key: str) -> None:
    """A repeated known key is an array, refused with config-schema's text before the licence."""
    kb = await make_client(settings(license_expired=True))
    response = await kb.get(f"{CALLBACK}?{key}=a&{key}=b&scope=x&scope=y")
    await expect_json(
        response,
        400,
        {
            "statusCode": 400,
            "error": "Bad Request",
            "message": f"[request query.{key}]: expected value of type [string] but got [Array]",
        },
    )


async def test_an_expired_licence_is_a_403_before_the_user(make_client: MakeClient) -> None:
    """The actions licence check comes before the current user is looked at."""
    kb = await make_client(settings(license_expired=True, users=(USER,)))
    response = await kb.get(CALLBACK + "?state=s", headers=BASIC)
    await expect_json(
        response,
        403,
        {
            "statusCode": 403,
            "error": "Forbidden",
            "message": "You cannot use actions because your platinum license has expired.",
        },
    )


@pytest.mark.parametrize("security", [False, True])
async def test_the_script_is_javascript_cached_for_a_day(
    make_client: MakeClient, security: bool
) -> None:
    """The script route answers the script with its content type and cache-control."""
    kb = await make_client(settings(users=(USER,) if security else (), license_expired=True))
    response = await kb.get("/s/ops" + SCRIPT_PATH, headers=BASIC if security else {})
    await expect_text(
        response,
        200,
        "application/javascript; charset=utf-8",
        SCRIPT,
        cache_control="public, max-age=86400",
    )


@pytest.mark.parametrize("version", ["8.19.0", "9.3.0"])
@pytest.mark.parametrize("path", [CALLBACK, SCRIPT_PATH])
async def test_before_9_4_the_paths_are_connector_ids(
    make_client: MakeClient, version: str, path: str
) -> None:
    """Before 9.4 the paths reach get-connector, which finds no such connector (404)."""
    kb = await make_client(settings(version))
    connector_id = path.rpartition("/")[2]
    response = await kb.get(path)
    await expect_json(
        response,
        404,
        {
            "statusCode": 404,
            "error": "Not Found",
            "message": f"Saved object [action/{connector_id}] not found",
        },
    )


async def test_on_9_4_the_static_paths_win_over_get_connector(make_client: MakeClient) -> None:
    """On 9.4 the callback path is its own route, and other ids still reach get-connector."""
    kb = await make_client(settings())
    routes = [(r.method, r.paths[0]) for r in connectors_area(kb).routes()]
    callback = routes.index(("GET", CALLBACK))
    assert callback < routes.index(("GET", "/api/actions/connector/{id}"))
    response = await kb.get("/api/actions/connector/_oauth_callback_other")
    await expect_json(
        response,
        404,
        {
            "statusCode": 404,
            "error": "Not Found",
            "message": "Saved object [action/_oauth_callback_other] not found",
        },
    )


@pytest.fixture(scope="module")
def kibana() -> Iterator[Kibana]:
    """kibana-py pointed at a 9.4 fakekibana on a real port."""
    with FakeKibana(Settings(kibana_version="9.4.0")) as server:
        client = Kibana(server.url)
        yield client
        client.close()


def test_kibana_py_gets_the_script(kibana: Kibana) -> None:
    """kibana-py's get_oauth_callback_script returns the script as text."""
    response = kibana.connectors.get_oauth_callback_script()
    assert (response.meta.status, response.body) == (200, SCRIPT)
    assert response.meta.headers["content-type"] == "application/javascript; charset=utf-8"


def test_kibana_py_oauth_callback_without_security(kibana: Kibana) -> None:
    """kibana-py's oauth_callback raises AuthenticationException with the 401 page's body."""
    with pytest.raises(AuthenticationException) as refused:
        kibana.connectors.oauth_callback(code="c", state="s")
    assert (refused.value.meta.status, refused.value.body) == (401, AUTH_REQUIRED_BODY)


def test_kibana_py_oauth_callback_with_security() -> None:
    """kibana-py with basic credentials gets the missing-profile page as text."""
    with FakeKibana(Settings(kibana_version="9.4.0", users=(USER,))) as server:
        client = Kibana(server.url, basic_auth=("elastic", "changeme"))
        try:
            response = client.connectors.oauth_callback(code="c", state="s")
        finally:
            client.close()
    assert (response.meta.status, response.body) == (200, NO_PROFILE_PAGE)
