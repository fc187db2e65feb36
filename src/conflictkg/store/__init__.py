"""Stores: the embedded pyoxigraph store on disk, or any SPARQL 1.1 store over HTTP."""

from __future__ import annotations

from ..config import Settings, get_settings
from .base import Store
from .embedded import EmbeddedStore
from .remote import RemoteStore

__all__ = ["Store", "EmbeddedStore", "RemoteStore", "open_store"]


def open_store(location: str | None = None, *, settings: Settings | None = None, read_only: bool = False) -> Store:
    """Open the store at ``location`` (a directory or an ``http(s)://`` SPARQL endpoint URL)."""
    settings = settings or get_settings()
    location = location or settings.store
    if location.startswith(("http://", "https://")):
        return RemoteStore(location, token=settings.token or None)
    return EmbeddedStore(location, read_only=read_only)
