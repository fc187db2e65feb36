"""conflictkg: news articles about armed conflict -> a linked-data knowledge graph.

    >>> from conflictkg import ingest, open_store
    >>> summary = ingest(["articles/"], store="./conflictkg-data")   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from .ingest import IngestSummary, Pipeline, ingest
    from .store import open_store


def __getattr__(name: str) -> Any:
    # The heavy parts (spaCy, pyoxigraph) load only when asked for.
    if name in ("ingest", "Pipeline", "IngestSummary"):
        from . import ingest as _ingest

        return getattr(_ingest, name)
    if name == "open_store":
        from .store import open_store

        return open_store
    raise AttributeError(f"module 'conflictkg' has no attribute {name!r}")
