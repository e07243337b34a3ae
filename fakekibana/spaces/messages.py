"""The spaces plugin's texts, byte for byte, each with the Kibana release it matches.

Sources: the 7.7 build `kibana/x-pack/plugins/spaces/server/` of
soipachara43/NetworkTrafficAnalysis @ 2ffd9cf1f158237077a9c72eebd6616225f721d5 ("7.7 build"; no
7.7 -> 7.8 change is known, reference kibana-saved-objects-spaces.md §0) and elastic/kibana's
`x-pack/platform/plugins/shared/spaces/server/` and `.../security/server/spaces/` ("main").
The space body's own rule texts (id, color, imageUrl) live with their patterns in
schemas/spaces/_defs.json; the three constants below are the same texts, and
tests/test_spaces_rules.py checks that they agree.
"""

from __future__ import annotations

# space_schema.js (7.7 build) and space_schema.ts @ 01c1a0e852f82ab53aef630558b936435246d5d5:
# the `validate` texts of id, color and imageUrl (7.8, 8.x, 9.x).
ID_RULE = "must be lower case, a-z, 0-9, '_', and '-' are allowed"
COLOR_RULE = "must be a 6 digit hex color, starting with a #"
IMAGE_URL_RULE = "must start with 'data:image'"


def space_exists(space_id: str) -> str:
    """POST of an id that is taken (409): routes/api/external/post.js (7.7 build) and post.ts
    @ 1a7e54e2a9ffb76a100d4f68c05c4fc2cddd8842 (9.x), the same text."""
    return f"A space with the identifier {space_id} already exists."


# DELETE of the default space (400), 7.8: spaces_client.js of the 7.7 build.
RESERVED_7 = "This Space cannot be deleted because it is reserved."


def reserved(space_id: str) -> str:
    """DELETE of a reserved space (400), 8.x/9.x: spaces_client.ts
    @ 041623b9fec22bcad6f3e8516d743be12cb7be6e and @ 01c1a0e852f82ab53aef630558b936435246d5d5."""
    return f"The {space_id} space cannot be deleted because it is reserved."


# Creating space number xpack.spaces.maxSpaces + 1 (400): spaces_client.js (7.7 build) and
# spaces_client.ts @ 01c1a0e852f82ab53aef630558b936435246d5d5, the same text.
MAX_SPACES = (
    "Unable to create Space, this exceeds the maximum number of spaces set by the "
    "xpack.spaces.maxSpaces setting"
)
# xpack.spaces.maxSpaces' default (reference §3.4).
MAX_SPACES_DEFAULT = 1000

# GET /api/spaces/space?purpose=...&include_authorized_purposes=true (400), 8.x/9.x: the query
# object's `validate` in get_all.ts @ 3efb7038931be7deb0ff794456e7a112cc4d4318, with
# config-schema's `[request query]: ` prefix (reference §3.1 marks the prefix DERIVED).
PURPOSE_AND_AUTHORIZED_PURPOSES = (
    "[request query]: include_authorized_purposes can only be false when purpose is specified"
)


# Security on, RBAC: spaces_client.js (7.7 build) and secure_spaces_client_wrapper.ts
# @ 05baa1ce5ca1c5f9e02ab5ae26082062cb9ab006 (9.x), the same texts (Boom.forbidden).
def unauthorized_get(space_id: str) -> str:
    """GET of a space the user has no privilege in (403)."""
    return f"Unauthorized to get {space_id} space"


UNAUTHORIZED_CREATE = "Unauthorized to create spaces"
UNAUTHORIZED_UPDATE = "Unauthorized to update spaces"
UNAUTHORIZED_DELETE = "Unauthorized to delete spaces"
# getAll when no space is visible to the user: Boom.forbidden() without a text, whose message is
# the reason phrase.
FORBIDDEN = "Forbidden"
