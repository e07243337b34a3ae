"""The features area: GET /api/features, the Kibana features spaces and roles refer to."""
