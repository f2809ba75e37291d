"""newskg: a knowledge graph of diplomacy from news articles, served over SPARQL."""

__version__ = "0.1.0"
