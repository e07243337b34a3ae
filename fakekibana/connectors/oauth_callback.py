"""Kibana 9.4's OAuth callback routes: the callback page, and the script that page loads.

GET /api/actions/connector/_oauth_callback and GET /api/actions/connector/_oauth_callback_script
(routes/oauth_callback.ts; sources in messages.py). fakekibana has no OAuth authorization flow,
no user profiles and no oauth_state saved objects, so the callback answers what Kibana answers
before it needs any of them, in the route's order:

1. The query: `code`, `state`, `error`, `error_description` and `session_state` are each
   schema.maybe(schema.string()) in an object with unknowns 'allow'. A query string only holds
   strings, but hapi parses a repeated key into an array, which config-schema refuses
   (`[request query.state]: expected value of type [string] but got [Array]`, 400); other keys
   pass. The handler checks this itself, before the licence check (the schema file lets every
   key through).
2. The actions licence check (verifyAccessAndContext, 403).
3. The current user. Security off (no --user or --api-key): getCurrentUser() is null, and the
   route answers 401 with the "Authentication Required" page. Kibana's response adapter turns an
   error status with a string body into a Boom payload whose message is that string, and keeps
   the route's headers: the body is the Boom JSON, labelled text/html. Security on: the adapter
   has authenticated the request (wrong credentials are its JSON 401), and a user authenticated
   with basic credentials or an API key has no profile_uid (Kibana sets one for session users
   only), so the route answers 200 with the "Unable to retrieve Kibana user profile ID." page,
   whatever the query holds.

The rate limit, the missing or unknown `state` pages, the token exchange and the redirects all
come after the profile check and are never reached here. hapi adds `; charset=utf-8` to a
text/* or application/javascript content type. The script route has no licence check and no
query: the script, with the route's cache-control.
"""

from __future__ import annotations

import string
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.client_v8 import ConnectorsClient
from fakekibana.core import jsonio
from fakekibana.core.area import Call, Reply
from fakekibana.core.errors import BadRequest, Unauthorized
from fakekibana.core.schema_checks import Invalid, string_check

HTML = "text/html; charset=utf-8"
JAVASCRIPT = "application/javascript; charset=utf-8"
# The route's own header: Kibana's default no-cache does not apply.
SCRIPT_HEADERS = (("cache-control", "public, max-age=86400"),)

# querySchema's keys, in declaration order (Joi checks them in that order, first error wins).
_QUERY_KEYS = ("code", "state", "error", "error_description", "session_state")
_STRING = string_check(None, None)

# lodash's escape.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})

# generateOAuthCallbackPage's template literal, whitespace included. $data_attributes is empty
# on every page fakekibana answers (no connector to broadcast about, no auto-close), and so is
# the auto-close paragraph's line.
_PAGE = string.Template("""
    <!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>$title</title>
        <style>
          * {
            margin: 0;
            padding: 0;
            box-sizing: border-box;
          }
          body {
            font-family: $fonts;
            background-color: #F5F7FA;
            color: #343741;
            display: flex;
            align-items: center;
            justify-content: center;
            min-height: 100vh;
            padding: 20px;
          }
          .container {
            background: white;
            border-radius: 6px;
            box-shadow: 0 2px 4px rgba(0, 0, 0, 0.1);
            max-width: 500px;
            width: 100%;
            padding: 32px;
            text-align: center;
          }
          .icon {
            width: 64px;
            height: 64px;
            border-radius: 50%;
            background-color: $icon_color;
            color: white;
            font-size: 32px;
            line-height: 64px;
            margin: 0 auto 24px;
            font-weight: 600;
          }
          h1 {
            font-size: 24px;
            font-weight: 600;
            margin-bottom: 16px;
            color: #1a1c21;
          }
          p {
            font-size: 14px;
            line-height: 1.5;
            margin-bottom: 12px;
            color: #69707d;
          }
          p:last-child {
            margin-bottom: 0;
          }
          .details {
            background-color: #F5F7FA;
            border-left: 3px solid $icon_color;
            padding: 12px 16px;
            margin: 16px 0;
            text-align: left;
            font-size: 13px;
            color: #343741;
            border-radius: 4px;
          }
        </style>
      </head>
      <body $data_attributes>
        <div class="container">
          <div class="icon">$icon</div>
          <h1>$heading</h1>
          <p>$message</p>
          $details
          $auto_close
        </div>
        <script src="/api/actions/connector/_oauth_callback_script"></script>
      </body>
    </html>
  """)
# The one line of the template longer than this module's lines.
_FONTS = "'Inter', -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"

# OAUTH_CALLBACK_SCRIPT_BODY, with OAUTH_BROADCAST_CHANNEL_NAME ('oauth_flow_completed', the
# actions plugin's common constants) and AUTO_CLOSE_DELAY_SECONDS * 1000 filled in.
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


def escape(text: str) -> str:
    """lodash's escape: & < > " ' as HTML entities."""
    return text.translate(_ESCAPES)


def failure_page(title: str, heading: str, message: str, details: str) -> str:
    """generateOAuthCallbackPage for a failure (isSuccess false) with details, as fakekibana
    renders it: without broadcast or auto-close."""
    return _PAGE.substitute(
        title=escape(title),
        fonts=_FONTS,
        icon_color="#BD271E",
        data_attributes="",
        icon="✕",
        heading=escape(heading),
        message=escape(message),
        details=f'<div class="details">{escape(details)}</div>' if details else "",
        auto_close="",
    )


def _check_query(query: dict[str, Any]) -> None:
    for key in _QUERY_KEYS:
        if key in query:
            try:
                _STRING(query[key], (key,))
            except Invalid as failure:
                raise BadRequest(failure.format("request query")) from None


def oauth_callback(client: ConnectorsClient, call: Call) -> Reply:
    """GET /api/actions/connector/_oauth_callback: the page of the first check that fails."""
    _check_query(call.query)
    client.check_plugin_license()
    if call.principal is None:
        page = failure_page(
            messages.OAUTH_AUTH_REQUIRED_TITLE,
            messages.OAUTH_AUTH_REQUIRED_HEADING,
            messages.OAUTH_AUTH_REQUIRED_MESSAGE,
            messages.OAUTH_AUTH_REQUIRED_DETAILS,
        )
        return Reply(401, jsonio.dumps(Unauthorized(page).to_body()), HTML)
    page = failure_page(
        messages.OAUTH_ERROR_TITLE,
        messages.OAUTH_ERROR_HEADING,
        messages.OAUTH_ERROR_MESSAGE,
        messages.OAUTH_MISSING_PROFILE_UID,
    )
    return Reply(200, page.encode(), HTML)


def oauth_callback_script(client: ConnectorsClient, call: Call) -> Reply:
    """GET /api/actions/connector/_oauth_callback_script: the page's script."""
    return Reply(200, SCRIPT.encode(), JAVASCRIPT, SCRIPT_HEADERS)
