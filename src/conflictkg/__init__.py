"""conflictkg: news articles about armed conflict -> a linked-data knowledge graph."""
__version__ = "0.1.0"
