"""A remote SPARQL 1.1 endpoint behind the same Store interface (KG_GRAPH = http(s) URL)."""
