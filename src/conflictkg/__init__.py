"""conflictkg: news articles about armed conflict -> a linked-data knowledge graph.

    >>> from conflictkg import ingest, open_store
    >>> summary = ingest(["articles/"], store="./conflictkg-data")   # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "ingest",
    "open_store",
    "Pipeline",
    "IngestSummary",
    "Article",
    "Report",
    "Actor",
    "Place",
    "Casualty",
    "TimeSpec",
    "Settings",
    "get_settings",
    "ConflictKGError",
    "InputError",
    "ValidationFailed",
    "ConfigError",
    "StoreError",
    "QueryError",
    "QueryTimeout",
]

from .config import Settings, get_settings
from .errors import ConfigError, ConflictKGError, InputError, QueryError, QueryTimeout, StoreError, ValidationFailed
from .models import Actor, Article, Casualty, Place, Report, TimeSpec

# Importing the ingest module here keeps `conflictkg.ingest` the function (a submodule import
# would otherwise bind the package attribute to the module).
from .ingest import IngestSummary, Pipeline, ingest  # noqa: E402
from .store import open_store  # noqa: E402
