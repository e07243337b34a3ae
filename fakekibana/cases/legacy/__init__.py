"""Kibana 7.8's cases API (the `case` plugin): the client pushes, Kibana records the push."""
