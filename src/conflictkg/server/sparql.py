"""The SPARQL 1.1 Protocol endpoint at /sparql (query, update, service description)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from ..errors import QueryError
from .engine import QueryEngine, jsonld_context
from .worker import serialize_triples

router = APIRouter(tags=["SPARQL"])

# Offers in server preference order: (media type sent, format key, accepted aliases).
BINDINGS_OFFERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("application/sparql-results+json", "json", ("application/sparql-results+json", "application/json")),
    ("application/sparql-results+xml", "xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    ("text/csv; charset=utf-8", "csv", ("text/csv",)),
    ("text/tab-separated-values; charset=utf-8", "tsv", ("text/tab-separated-values",)),
]
GRAPH_OFFERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("text/turtle; charset=utf-8", "turtle", ("text/turtle", "application/x-turtle")),
    ("application/n-triples", "ntriples", ("application/n-triples", "text/plain")),
    ("application/n-quads", "nquads", ("application/n-quads", "text/x-nquads")),
    ("application/trig", "trig", ("application/trig",)),
    ("application/rdf+xml", "rdfxml", ("application/rdf+xml", "application/xml", "text/xml")),
    ("application/ld+json", "jsonld", ("application/ld+json", "application/json")),
]
MEDIA_TYPE_OF = {fmt: mt for mt, fmt, _ in BINDINGS_OFFERS + GRAPH_OFFERS}
FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "nquads": "http://www.w3.org/ns/formats/N-Quads",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
}
TRUNCATED_HEADER = "X-Result-Truncated"
LIMIT_HEADER = "X-Result-Limit"


class HTTPProblem(Exception):
    """A protocol error answered as text/plain with ``status``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --------------------------------------------------------------------------- negotiation

@dataclass
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), 0 if none."""
        t, _, s = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == t and self.subtype == "*":
            return 2
        if self.type == t and self.subtype == s:
            return 3
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    ranges = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        mt = fields[0].lower()
        if "/" not in mt:
            if mt == "*":
                mt = "*/*"
            else:
                continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v.strip())))
                except ValueError:
                    q = 0.0
        t, _, s = mt.partition("/")
        ranges.append(MediaRange(t, s, q, i))
    return ranges


def negotiate(accept: str | None, offers: list[tuple[str, str, tuple[str, ...]]]) -> tuple[str, str] | None:
    """(media type, format key) of the best offer for ``accept``; None when nothing is acceptable."""
    if not accept or not accept.strip():
        return offers[0][0], offers[0][1]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0][0], offers[0][1]
    best: tuple[float, int, int] | None = None
    choice = None
    for rank, (sent, fmt, aliases) in enumerate(offers):
        q_best, spec_best = -1.0, 0
        for k, alias in enumerate(aliases):
            for r in ranges:
                spec = r.matches(alias)
                if k and spec < 3:
                    continue  # aliases (application/json, text/plain, ...) only match exactly
                # the most specific matching range decides an alias' quality
                if spec > spec_best or (spec == spec_best and spec and r.q > q_best):
                    spec_best, q_best = spec, r.q
        if spec_best == 0 or q_best <= 0:
            continue
        # an exact match on a primary media type beats an alias of equal quality
        key = (q_best, spec_best, -rank)
        if best is None or key > best:
            best, choice = key, (sent, fmt)
    return choice


def not_acceptable(offers: list[tuple[str, str, tuple[str, ...]]], what: str) -> HTTPProblem:
    types = ", ".join(o[0].split(";")[0] for o in offers)
    return HTTPProblem(406, f"none of the media types in Accept can carry {what}; available: {types}")


# --------------------------------------------------------------------------- request parsing

def split_content_type(value: str | None) -> tuple[str, dict[str, str]]:
    if not value:
        return "", {}
    parts = [p.strip() for p in value.split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"')
    return parts[0].lower(), params


def check_charset(params: dict[str, str]) -> None:
    cs = params.get("charset")
    if cs and cs.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii"):
        raise HTTPProblem(415, f"unsupported charset {cs!r}: SPARQL requests must be UTF-8")


def decode_utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPProblem(400, f"the {what} is not valid UTF-8: {exc}") from exc


def parse_form(body: bytes) -> dict[str, list[str]]:
    text = decode_utf8(body, "form body")
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                                     errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPProblem(400, f"malformed form body: {exc}") from exc


def one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPProblem(400, f"exactly one '{name}' parameter is allowed, got {len(values)}")
    return values[0] if values else None


def endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def context_url(request: Request) -> str:
    return str(request.base_url) + "context.jsonld"


def check_write_auth(request: Request) -> None:
    """Writes need ``Authorization: Bearer <token>``; without a configured token the store is read-only."""
    token = request.app.state.settings.token
    if not token:
        raise HTTPProblem(403, "this endpoint is read-only: writes are disabled (no token is configured)")
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if not auth or scheme.lower() != "bearer":
        raise HTTPProblem(401, "writes need 'Authorization: Bearer <token>'",
                          {"WWW-Authenticate": 'Bearer realm="conflictkg"'})
    import hmac

    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPProblem(403, "the bearer token is not valid for writes",
                          {"WWW-Authenticate": 'Bearer realm="conflictkg", error="invalid_token"'})


def engine_of(request: Request) -> QueryEngine:
    return request.app.state.engine


# --------------------------------------------------------------------------- endpoint

async def _execute(request: Request, *, queries: list[str], updates: list[str], dataset: dict[str, list[str]],
                   method: str) -> Response:
    if queries and updates:
        raise HTTPProblem(400, "a request carries either 'query' or 'update', not both")
    engine = engine_of(request)
    if updates:
        update = one(updates, "update") or ""
        if dataset["default-graph-uri"] or dataset["named-graph-uri"]:
            raise HTTPProblem(400, "default-graph-uri / named-graph-uri apply to queries; "
                                   "updates take using-graph-uri / using-named-graph-uri")
        check_write_auth(request)
        analysis = engine.check(update)
        if not analysis.is_update and analysis.form:
            raise HTTPProblem(400, "this is a SPARQL query: send it as 'query', not 'update'")
        await engine.update(update, base_iri=endpoint_url(request), using=dataset["using-graph-uri"],
                            using_named=dataset["using-named-graph-uri"], analysis=analysis)
        return Response(status_code=204)
    query = one(queries, "query")
    if query is None:
        raise HTTPProblem(400, "missing 'query' parameter")
    if dataset["using-graph-uri"] or dataset["using-named-graph-uri"]:
        raise HTTPProblem(400, "using-graph-uri / using-named-graph-uri apply to updates; "
                               "queries take default-graph-uri / named-graph-uri")
    analysis = engine.check(query)
    if analysis.is_update:
        raise HTTPProblem(400, "this is a SPARQL Update: send it by POST as 'update' "
                               "(form) or with Content-Type application/sparql-update")
    accept = request.headers.get("accept")
    bindings = negotiate(accept, BINDINGS_OFFERS)
    graph = negotiate(accept, GRAPH_OFFERS)
    if analysis.form in ("SELECT", "ASK") and bindings is None:
        raise not_acceptable(BINDINGS_OFFERS, "SPARQL results")
    if analysis.form in ("CONSTRUCT", "DESCRIBE") and graph is None:
        raise not_acceptable(GRAPH_OFFERS, "an RDF graph")
    has_dataset = bool(dataset["default-graph-uri"] or dataset["named-graph-uri"])
    result = await engine.query(
        query, fmt_bindings=(bindings or BINDINGS_OFFERS[0][:2])[1], fmt_graph=(graph or GRAPH_OFFERS[0][:2])[1],
        default_graph=dataset["default-graph-uri"] if has_dataset else None,
        named_graphs=dataset["named-graph-uri"] if has_dataset else None,
        base_iri=endpoint_url(request), context_url=context_url(request), analysis=analysis)
    if result.kind == "graph" and graph is None:
        raise not_acceptable(GRAPH_OFFERS, "an RDF graph")
    if result.kind != "graph" and bindings is None:
        raise not_acceptable(BINDINGS_OFFERS, "SPARQL results")
    headers = {"Vary": "Accept"}
    if result.truncated:
        limit = engine.settings.max_rows
        headers[TRUNCATED_HEADER] = "true"
        headers[LIMIT_HEADER] = str(limit)
        headers["Warning"] = f'199 conflictkg "results truncated to the first {limit} rows"'
    return Response(content=result.body, media_type=MEDIA_TYPE_OF[result.fmt], headers=headers)


def _dataset_params(*sources: Any) -> dict[str, list[str]]:
    names = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
    out: dict[str, list[str]] = {n: [] for n in names}
    for src in sources:
        for n in names:
            vals = src.getlist(n) if hasattr(src, "getlist") else src.get(n, [])
            out[n].extend(v for v in vals)
    for n in names:
        for v in out[n]:
            if not _absolute_iri(v):
                raise HTTPProblem(400, f"{n} must be an absolute IRI, got {v!r}")
    return out


def _absolute_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except (ValueError, TypeError):
        return False
    return ":" in value


def problem_response(exc: HTTPProblem) -> PlainTextResponse:
    return PlainTextResponse(exc.message + "\n", status_code=exc.status, headers=exc.headers)


QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE). Without it, GET returns the service description."
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Query results, negotiated by Accept",
          "content": {mt.split(";")[0]: {} for mt, _, _ in BINDINGS_OFFERS + GRAPH_OFFERS}},
    204: {"description": "Update applied"},
    400: {"description": "Malformed or refused request (syntax error, SERVICE/LOAD, two queries, ...)",
          "content": {"text/plain": {}}},
    401: {"description": "Update without a bearer token", "content": {"text/plain": {}}},
    403: {"description": "Update refused (read-only endpoint or wrong token)", "content": {"text/plain": {}}},
    406: {"description": "No acceptable result format", "content": {"text/plain": {}}},
    413: {"description": "Request body too large", "content": {"text/plain": {}}},
    415: {"description": "Unsupported Content-Type or charset", "content": {"text/plain": {}}},
    503: {"description": "Query stopped at the time limit, or all workers busy", "content": {"text/plain": {}}},
}


@router.get("/sparql", summary="SPARQL query by GET, or the service description",
            responses=RESPONSES, response_class=Response)
async def sparql_get(
    request: Request,
    query: str | None = Query(None, description=QUERY_DOC),
    default_graph_uri: list[str] = Query([], alias="default-graph-uri",
                                         description="Default graph(s) of the query dataset (overrides the union default graph)"),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri", description="Named graph(s) of the query dataset"),
) -> Response:
    try:
        params = request.query_params
        if params.getlist("update"):
            raise HTTPProblem(400, "SPARQL Update is not allowed by GET: POST it as 'update' (form) "
                                   "or with Content-Type application/sparql-update")
        queries = params.getlist("query")
        dataset = _dataset_params(params)
        if not queries:
            return await service_description(request)
        return await _execute(request, queries=queries, updates=[], dataset=dataset, method="GET")
    except HTTPProblem as exc:
        return problem_response(exc)


POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/sparql-query": {"schema": {"type": "string"}, "example": "ASK { ?s ?p ?o }"},
            "application/sparql-update": {"schema": {"type": "string"},
                                          "example": "INSERT DATA { <urn:x:s> <urn:x:p> 1 }"},
            "application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "properties": {
                    "query": {"type": "string"}, "update": {"type": "string"},
                    "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "using-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "using-named-graph-uri": {"type": "array", "items": {"type": "string"}},
                }}},
        },
    },
    "parameters": [
        {"name": n, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
         "style": "form", "explode": True, "description": d}
        for n, d in (("default-graph-uri", "Query dataset default graph(s)"),
                     ("named-graph-uri", "Query dataset named graph(s)"),
                     ("using-graph-uri", "Update dataset default graph(s)"),
                     ("using-named-graph-uri", "Update dataset named graph(s)"))
    ],
}


@router.post("/sparql", summary="SPARQL query or update by POST (form or direct)", responses=RESPONSES,
             response_class=Response, openapi_extra=POST_BODY)
async def sparql_post(request: Request) -> Response:
    try:
        ctype, params = split_content_type(request.headers.get("content-type"))
        if not ctype:
            raise HTTPProblem(400, "POST needs a Content-Type: application/sparql-query, "
                                   "application/sparql-update or application/x-www-form-urlencoded")
        body = await request.body()
        url_params = request.query_params
        if ctype == "application/x-www-form-urlencoded":
            check_charset(params)
            form = parse_form(body)
            return await _execute(request, queries=form.get("query", []), updates=form.get("update", []),
                                  dataset=_dataset_params(form, url_params), method="POST")
        if ctype in ("application/sparql-query", "application/sparql-update"):
            check_charset(params)
            if url_params.getlist("query") or url_params.getlist("update"):
                raise HTTPProblem(400, "with a direct POST the request body is the query or update; "
                                       "do not also pass 'query' or 'update' in the URL")
            text = decode_utf8(body, "request body")
            if ctype == "application/sparql-query":
                return await _execute(request, queries=[text], updates=[], dataset=_dataset_params(url_params),
                                      method="POST")
            return await _execute(request, queries=[], updates=[text], dataset=_dataset_params(url_params),
                                  method="POST")
        raise HTTPProblem(415, f"unsupported Content-Type {ctype!r}: use application/sparql-query, "
                               "application/sparql-update or application/x-www-form-urlencoded")
    except HTTPProblem as exc:
        return problem_response(exc)


# --------------------------------------------------------------------------- service description

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


async def service_description(request: Request) -> Response:
    graph = negotiate(request.headers.get("accept"), GRAPH_OFFERS)
    if graph is None:
        raise not_acceptable(GRAPH_OFFERS, "the service description")
    media_type, fmt = graph
    engine = engine_of(request)
    names = await engine.named_graphs()
    ep = endpoint_url(request)
    N, B, L = ox.NamedNode, ox.BlankNode, ox.Literal
    svc, ds, dg = B("service"), B("dataset"), B("defaultGraph")
    sd = lambda local: N(SD + local)  # noqa: E731
    t: list[ox.Triple] = [
        ox.Triple(svc, N(RDF_TYPE), sd("Service")),
        ox.Triple(svc, sd("endpoint"), N(ep)),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, N("http://www.w3.org/2000/01/rdf-schema#comment"),
                  L("conflictkg SPARQL 1.1 endpoint: the default graph is the union of all named graphs; "
                    "SERVICE and LOAD are refused; queries are stopped after "
                    f"{engine.settings.query_timeout:g} s and results capped at {engine.settings.max_rows} rows.")),
        ox.Triple(svc, sd("defaultDataset"), ds),
        ox.Triple(ds, N(RDF_TYPE), sd("Dataset")),
        ox.Triple(ds, sd("defaultGraph"), dg),
        ox.Triple(dg, N(RDF_TYPE), sd("Graph")),
    ]
    if engine.union_default_graph:
        t.append(ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")))
    if engine.writable:
        t.append(ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    for fmt_key, iri in FORMAT_IRIS.items():
        t.append(ox.Triple(svc, sd("resultFormat"), N(iri)))
    for i, g in enumerate(names):
        ng = B(f"ng{i}")
        t += [ox.Triple(ds, sd("namedGraph"), ng), ox.Triple(ng, N(RDF_TYPE), sd("NamedGraph")),
              ox.Triple(ng, sd("name"), N(g))]
    prefixes = {"sd": SD, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    body = serialize_triples(t, fmt, prefixes, engine.context, context_url(request))
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


@router.get("/context.jsonld", summary="The JSON-LD context used by JSON-LD responses", tags=["SPARQL"],
            response_class=JSONResponse)
async def context_document(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    return JSONResponse({"@context": jsonld_context(settings)}, media_type="application/ld+json",
                        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=86400"})


__all__ = ["router", "negotiate", "parse_accept", "HTTPProblem", "check_write_auth", "BINDINGS_OFFERS",
           "GRAPH_OFFERS", "problem_response", "QueryError"]
