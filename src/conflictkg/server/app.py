"""The conflictkg web application: SPARQL endpoint, Graph Store, and the linked-data routers."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse

from .. import __version__
from ..config import Settings, get_settings
from ..errors import QueryError, QueryTimeout, StoreError
from . import gsp, sparql
from .engine import MediaTypeError, QueryEngine, WriteForbidden

log = logging.getLogger("conflictkg.server")

# Routers of the linked-data site, included when present: each module exposes ``router``.
OPTIONAL_ROUTERS = ("resources", "dumps", "ui", "void")

DESCRIPTION = """\
conflictkg serves a knowledge graph of armed-conflict events extracted from news articles.

* **/sparql** — SPARQL 1.1 Protocol: query by GET, form POST or direct POST; update by POST
  with `Authorization: Bearer <token>` (read-only when no token is configured). The default
  graph is the union of all named graphs; `default-graph-uri` / `named-graph-uri` override it.
  A GET without `query` returns the SPARQL service description. SERVICE and LOAD are refused;
  every query is stopped at the configured time limit (HTTP 503) and results are capped
  (header `X-Result-Truncated`).
* **/store** — SPARQL 1.1 Graph Store HTTP Protocol (`?graph=IRI`, `?default`, or a direct
  graph URL under /store/); GET and HEAD are open, PUT/POST/DELETE need the bearer token.
"""


class BodySizeLimit:
    """Pure ASGI middleware: 413 when a request body is larger than ``max_bytes``."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    size = int(value)
                except ValueError:
                    size = -1
                if size > self.max_bytes or size < 0:
                    await self._too_large(send)
                    return
        received = 0
        started = False

        async def limited_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Any) -> None:
        body = f"request body larger than the limit of {self.max_bytes} bytes (CONFLICTKG_MAX_REQUEST_BYTES)\n".encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application; its query engine is ``app.state.engine``."""
    settings = settings or get_settings()
    engine = QueryEngine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await engine.astart()
        try:
            yield
        finally:
            await engine.aclose()

    app = FastAPI(title="conflictkg", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.engine = engine
    app.state.settings = settings

    @app.exception_handler(QueryTimeout)
    async def _timeout(request: Request, exc: QueryTimeout) -> PlainTextResponse:
        return _text(503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(MediaTypeError)
    async def _media(request: Request, exc: MediaTypeError) -> PlainTextResponse:
        return _text(415, str(exc))

    @app.exception_handler(WriteForbidden)
    async def _forbidden(request: Request, exc: WriteForbidden) -> PlainTextResponse:
        return _text(403, str(exc))

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError) -> PlainTextResponse:
        return _text(400, str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> PlainTextResponse:
        return _text(500, f"store error: {exc}")

    app.include_router(sparql.router)
    app.include_router(gsp.router)
    for name in OPTIONAL_ROUTERS:
        modname = f"{__package__}.{name}"
        try:
            if importlib.util.find_spec(modname) is None:
                continue
            module = importlib.import_module(modname)
        except Exception as exc:  # noqa: BLE001 - a broken optional router must not take the endpoint down
            log.warning("router %s not loaded: %s", modname, exc)
            continue
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)

    origins = [o.strip() for o in (settings.cors_origins or "").split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_credentials=False,
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=[sparql.TRUNCATED_HEADER, sparql.LIMIT_HEADER, "Location"],
            max_age=600)
    app.add_middleware(BodySizeLimit, max_bytes=int(settings.max_request_bytes))
    return app


def serve(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=True)


__all__ = ["create_app", "serve", "BodySizeLimit"]
