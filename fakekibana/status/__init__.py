"""The status area: GET /api/status, the page clients read first."""
