"""The HTTP server: SPARQL 1.1 Protocol (/sparql), Graph Store Protocol (/store) and the
linked-data site. ``create_app(settings)`` builds the FastAPI app; ``serve`` runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ..config import Settings


def create_app(settings: "Settings | None" = None) -> "FastAPI":
    from .app import create_app as _create_app

    return _create_app(settings)


def serve(settings: "Settings | None" = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    from .app import serve as _serve

    _serve(settings, host=host, port=port)


def __getattr__(name: str) -> Any:
    if name == "QueryEngine":
        from .engine import QueryEngine

        return QueryEngine
    raise AttributeError(name)


__all__ = ["create_app", "serve", "QueryEngine"]
