"""The Spaces area: GET|POST /api/spaces/space and GET|PUT|DELETE /api/spaces/space/{id}."""
