"""The data views API (Kibana's data_views plugin, 8.19 and 9.x) over index-pattern objects."""
