"""The connectors area: Kibana's actions plugin (connectors, connector types, execute)."""
