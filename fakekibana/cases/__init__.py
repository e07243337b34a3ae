"""The Cases area (Kibana's cases plugin, 8.19/9.x): cases, comments, the push."""
