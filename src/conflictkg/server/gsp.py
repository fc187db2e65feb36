"""The SPARQL 1.1 Graph Store HTTP Protocol at /store.

``/store?default`` is the store's real default graph (a query's default graph is the union),
``/store?graph=IRI`` a named graph (indirect identification) and ``/store/anything`` the graph
whose IRI is that request URL (direct identification). GET and HEAD are open; PUT, POST and
DELETE need the bearer token.
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from .sparql import (GRAPH_OFFERS, HTTPProblem, check_charset, check_write_auth, context_url, engine_of,
                     negotiate, not_acceptable, problem_response, split_content_type)

router = APIRouter(tags=["Graph Store"])

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

GRAPH_DOC = "IRI of the named graph (indirect identification)"
DEFAULT_DOC = "Present (no value) to address the store's real default graph"
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The graph, negotiated by Accept",
          "content": {mt.split(";")[0]: {} for mt, _, _ in GRAPH_OFFERS}},
    201: {"description": "Graph created"},
    204: {"description": "Graph replaced, merged or deleted"},
    400: {"description": "Bad graph IRI or unparsable RDF", "content": {"text/plain": {}}},
    401: {"description": "Write without a bearer token", "content": {"text/plain": {}}},
    403: {"description": "Write refused (read-only store or wrong token)", "content": {"text/plain": {}}},
    404: {"description": "No such graph", "content": {"text/plain": {}}},
    406: {"description": "No acceptable RDF format", "content": {"text/plain": {}}},
    413: {"description": "Request body too large", "content": {"text/plain": {}}},
    415: {"description": "Unsupported RDF media type", "content": {"text/plain": {}}},
}
WRITE_BODY = {"requestBody": {"required": False, "content": {
    "text/turtle": {"schema": {"type": "string"}},
    "application/n-triples": {"schema": {"type": "string"}},
    "application/rdf+xml": {"schema": {"type": "string"}},
    "application/ld+json": {"schema": {"type": "string"}},
    "multipart/form-data": {"schema": {"type": "object"}},
}}}


def _target(request: Request, direct_path: str | None) -> tuple[bool, str | None]:
    """(addressed, graph IRI or None for the default graph) for this request."""
    raw = request.url.query
    pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True)
    names = [k for k, _ in pairs]
    graphs = [v for k, v in pairs if k == "graph"]
    has_default = "default" in names
    if direct_path is not None:
        if graphs or has_default:
            raise HTTPProblem(400, "a direct graph URL takes no 'graph' or 'default' parameter")
        return True, _direct_iri(request)
    if len(graphs) > 1:
        raise HTTPProblem(400, "exactly one 'graph' parameter is allowed")
    if graphs and has_default:
        raise HTTPProblem(400, "give either 'graph=IRI' or 'default', not both")
    if has_default:
        return True, None
    if not graphs:
        return False, None
    iri = graphs[0]
    if not _SCHEME.match(iri):
        iri = urllib.parse.urljoin(str(request.url.replace(query="", fragment="")), iri)
    try:
        ox.NamedNode(iri)
    except (ValueError, TypeError) as exc:
        raise HTTPProblem(400, f"'graph' is not a valid IRI: {iri!r} ({exc})") from exc
    return True, iri


_IRI_SAFE = "/:@!$&'()*+,;=-._~%"


def _direct_iri(request: Request) -> str:
    """The graph IRI of a direct graph URL: the request URL as sent (percent-encoding kept)."""
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    path = raw.decode("latin-1").split("?", 1)[0]
    base = str(request.base_url).rstrip("/")
    for candidate in (path, urllib.parse.quote(urllib.parse.unquote(path), safe=_IRI_SAFE)):
        iri = base + candidate
        try:
            ox.NamedNode(iri)
            return iri
        except (ValueError, TypeError):
            continue
    raise HTTPProblem(400, f"the graph URL {path!r} is not a valid IRI")


async def _read(request: Request, graph_path: str | None, *, head: bool) -> Response:
    addressed, graph = _target(request, graph_path)
    if not addressed:
        raise HTTPProblem(400, "name the graph: /store?graph=IRI or /store?default")
    chosen = negotiate(request.headers.get("accept"), GRAPH_OFFERS)
    if chosen is None:
        raise not_acceptable(GRAPH_OFFERS, "an RDF graph")
    media_type, fmt = chosen
    body = await engine_of(request).gsp_get(graph, fmt, body=not head, context_url=context_url(request))
    if body is None:
        raise HTTPProblem(404, f"no graph {graph}")
    return Response(content=b"" if head else body, media_type=media_type, headers={"Vary": "Accept"})


async def _payloads(request: Request) -> list[tuple[bytes, str]]:
    ctype, params = split_content_type(request.headers.get("content-type"))
    if not ctype:
        raise HTTPProblem(400, "a Content-Type naming the RDF format is required (e.g. text/turtle)")
    if ctype == "multipart/form-data":
        out = []
        form = await request.form()
        try:
            for _, value in form.multi_items():
                if isinstance(value, str):
                    continue
                part_type, part_params = split_content_type(value.content_type)
                check_charset(part_params)
                _rdf_format(part_type)
                out.append((await value.read(), part_type))
        finally:
            await form.close()
        return out
    check_charset(params)
    _rdf_format(ctype)
    return [(await request.body(), ctype)]


def _rdf_format(media_type: str) -> ox.RdfFormat:
    fmt = None
    try:
        fmt = ox.RdfFormat.from_media_type(media_type)
    except (ValueError, TypeError):
        fmt = None
    if fmt is None or fmt in (ox.RdfFormat.N3,):
        raise HTTPProblem(415, f"unsupported RDF media type {media_type!r}: use text/turtle, "
                               "application/n-triples, application/rdf+xml or application/ld+json")
    return fmt


async def _write(request: Request, graph_path: str | None, *, replace: bool) -> Response:
    check_write_auth(request)
    addressed, graph = _target(request, graph_path)
    location = None
    if not addressed:
        if replace:
            raise HTTPProblem(400, "name the graph: /store?graph=IRI or /store?default")
        # POST to the store itself: a new graph whose IRI the server mints (Location header).
        graph = str(request.base_url) + "store/" + uuid.uuid4().hex
        location = graph
    payloads = await _payloads(request)
    base = graph or str(request.url.replace(query="", fragment=""))
    created = await engine_of(request).gsp_write(graph, payloads, base_iri=base, replace=replace)
    headers = {"Location": location} if location else {}
    return Response(status_code=201 if created or location else 204, headers=headers)


async def _delete(request: Request, graph_path: str | None) -> Response:
    check_write_auth(request)
    addressed, graph = _target(request, graph_path)
    if not addressed:
        raise HTTPProblem(400, "name the graph: /store?graph=IRI or /store?default")
    existed = await engine_of(request).gsp_delete(graph)
    if not existed:
        raise HTTPProblem(404, f"no graph {graph}")
    return Response(status_code=204)


def _guard(fn: Any) -> Any:
    async def run(*args: Any, **kwargs: Any) -> Response:
        try:
            return await fn(*args, **kwargs)
        except HTTPProblem as exc:
            return problem_response(exc)
    return run


_read_g, _write_g, _delete_g = _guard(_read), _guard(_write), _guard(_delete)


@router.get("/store", summary="Get a graph", responses=RESPONSES, response_class=Response)
async def store_get(request: Request, graph: str | None = Query(None, description=GRAPH_DOC),
                    default: str | None = Query(None, description=DEFAULT_DOC)) -> Response:
    return await _read_g(request, None, head=False)


@router.head("/store", summary="Headers of a graph", responses=RESPONSES, response_class=Response)
async def store_head(request: Request, graph: str | None = Query(None, description=GRAPH_DOC),
                     default: str | None = Query(None, description=DEFAULT_DOC)) -> Response:
    return await _read_g(request, None, head=True)


@router.put("/store", summary="Replace a graph (bearer token)", responses=RESPONSES, response_class=Response,
            openapi_extra=WRITE_BODY)
async def store_put(request: Request, graph: str | None = Query(None, description=GRAPH_DOC),
                    default: str | None = Query(None, description=DEFAULT_DOC)) -> Response:
    return await _write_g(request, None, replace=True)


@router.post("/store", summary="Merge into a graph, or create a new graph (bearer token)", responses=RESPONSES,
             response_class=Response, openapi_extra=WRITE_BODY)
async def store_post(request: Request, graph: str | None = Query(None, description=GRAPH_DOC),
                     default: str | None = Query(None, description=DEFAULT_DOC)) -> Response:
    return await _write_g(request, None, replace=False)


@router.delete("/store", summary="Delete a graph (bearer token)", responses=RESPONSES, response_class=Response)
async def store_delete(request: Request, graph: str | None = Query(None, description=GRAPH_DOC),
                       default: str | None = Query(None, description=DEFAULT_DOC)) -> Response:
    return await _delete_g(request, None)


@router.get("/store/{path:path}", summary="Get a graph by its own URL (direct identification)",
            responses=RESPONSES, response_class=Response)
async def direct_get(request: Request, path: str) -> Response:
    return await _read_g(request, path, head=False)


@router.head("/store/{path:path}", summary="Headers of a graph by its own URL", responses=RESPONSES,
             response_class=Response)
async def direct_head(request: Request, path: str) -> Response:
    return await _read_g(request, path, head=True)


@router.put("/store/{path:path}", summary="Replace a graph by its own URL (bearer token)", responses=RESPONSES,
            response_class=Response, openapi_extra=WRITE_BODY)
async def direct_put(request: Request, path: str) -> Response:
    return await _write_g(request, path, replace=True)


@router.post("/store/{path:path}", summary="Merge into a graph by its own URL (bearer token)",
             responses=RESPONSES, response_class=Response, openapi_extra=WRITE_BODY)
async def direct_post(request: Request, path: str) -> Response:
    return await _write_g(request, path, replace=False)


@router.delete("/store/{path:path}", summary="Delete a graph by its own URL (bearer token)", responses=RESPONSES,
               response_class=Response)
async def direct_delete(request: Request, path: str) -> Response:
    return await _delete_g(request, path)


__all__ = ["router"]
