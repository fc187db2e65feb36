"""``/.well-known/void``: a VoID and DCAT description of the dataset, content-negotiated.

The dataset IRI is ``<base>dataset`` (it dereferences here). The description states the
title, licence (``settings.licence``), SPARQL endpoint, triple count, a class partition
with the number of instances of each class, the vocabularies used, the dated dumps as
``void:dataDump`` links and as ``dcat:distribution``s, and the SPARQL endpoint as a
``dcat:DataService``.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import rdflib
from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ..vocab import CKG_NS, PREFIXES, VOID
from .dumps import KINDS, TITLE, dataset_iri, dump_date, dump_urls
from .resources import bindings, negotiate, not_acceptable, rdf_response, render, serialize, term

router = APIRouter()

IANA = "https://www.iana.org/assignments/media-types/"
DESCRIPTION = ("Armed-conflict events extracted from news articles: who did what to whom, where, when "
               "and how many were killed, each traceable to the sentence and the source that claimed it, "
               "with conflicting claims kept side by side. One named graph per article; resolved events "
               "in their own graph.")
CACHE_SECONDS = 10.0

_cache: dict[int, tuple[float, dict[str, Any]]] = {}


async def statistics(engine: Any) -> dict[str, Any]:
    """Triple count and instances per class (cached for a few seconds)."""
    hit = _cache.get(id(engine))
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    n = bindings(await engine.select_json("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    triples = int(str(term(n[0].get("n")))) if n and n[0].get("n") else 0
    rows = bindings(await engine.select_json(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"))
    classes = [(str(term(r["c"])), int(str(term(r["n"])))) for r in rows
               if r.get("c", {}).get("type") == "uri" and r.get("n")]
    g = bindings(await engine.select_json("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    graphs = int(str(term(g[0].get("n")))) if g and g[0].get("n") else 0
    ex = bindings(await engine.select_json(
        f"SELECT ?e WHERE {{ ?e a <{CKG_NS}Event> }} ORDER BY ?e LIMIT 1"))
    stats = {"triples": triples, "classes": classes, "graphs": graphs,
             "example": str(term(ex[0]["e"])) if ex else None}
    _cache[id(engine)] = (time.monotonic(), stats)
    return stats


async def void_graph(request: Request) -> tuple[rdflib.Graph, dict[str, Any]]:
    engine = request.app.state.engine
    settings = engine.settings
    stats = await statistics(engine)
    server = str(request.base_url).rstrip("/")
    ds = URIRef(dataset_iri(settings))
    endpoint = URIRef(server + "/sparql")
    doc = URIRef(server + "/.well-known/void")
    licence = URIRef(settings.licence) if "://" in settings.licence else Literal(settings.licence)
    date = dump_date(settings)

    g = rdflib.Graph()
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal("Description of the conflictkg dataset")))
    g.add((doc, FOAF.primaryTopic, ds))

    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds, DCTERMS.license, licence))
    g.add((ds, DCTERMS.modified, Literal(date, datatype=XSD.date)))
    g.add((ds, DCAT.landingPage, URIRef(server + "/")))
    for kw in ("armed conflict", "conflict events", "news", "casualties", "ACLED"):
        g.add((ds, DCAT.keyword, Literal(kw, lang="en")))
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    g.add((ds, VOID.uriSpace, Literal(settings.base_iri)))
    g.add((ds, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(stats["classes"]), datatype=XSD.integer)))
    g.add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    g.add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    g.add((ds, VOID.rootResource, URIRef(server + "/")))
    if stats["example"]:
        g.add((ds, VOID.exampleResource, URIRef(stats["example"])))
    for p in ("ckg", "schema", "prov", "sem", "skos", "geo", "geosparql", "dcterms"):
        g.add((ds, VOID.vocabulary, URIRef(PREFIXES[p])))
    for cls, count in stats["classes"]:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))

    for ext, url in dump_urls(request, date).items():
        dist = URIRef(url)
        _fmt, media, label = KINDS[ext]
        g.add((ds, VOID.dataDump, dist))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"conflictkg dump of {date}, {label}, gzip", lang="en")))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        g.add((dist, DCTERMS["format"], Literal(media)))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCTERMS.issued, Literal(date, datatype=XSD.date)))

    sparql_dist = URIRef(server + "/sparql#distribution")
    g.add((ds, DCAT.distribution, sparql_dist))
    g.add((sparql_dist, RDF.type, DCAT.Distribution))
    g.add((sparql_dist, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((sparql_dist, DCAT.accessURL, endpoint))
    g.add((sparql_dist, DCAT.accessService, endpoint))
    g.add((sparql_dist, DCTERMS.license, licence))
    g.add((endpoint, RDF.type, DCAT.DataService))
    g.add((endpoint, DCAT.endpointURL, endpoint))
    g.add((endpoint, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((endpoint, DCAT.servesDataset, ds))

    info = {"dataset": str(ds), "server": server, "endpoint": str(endpoint), "licence": settings.licence,
            "title": TITLE, "description": DESCRIPTION, "date": date, "dumps": dump_urls(request, date),
            "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), **stats}
    return g, info


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], summary="VoID + DCAT description of the dataset",
            responses={200: {"content": {"text/html": {}, "text/turtle": {}, "application/ld+json": {},
                                         "application/n-triples": {}}},
                       406: {"description": "Not acceptable"}})
async def void(request: Request) -> Response:
    fmt = negotiate(request)
    if fmt is None:
        return not_acceptable()
    g, info = await void_graph(request)
    if fmt != "html":
        return rdf_response(g, fmt)
    turtle = serialize(g, "ttl").decode("utf-8")
    return render(request, "void.html", title="Dataset", info=info, turtle=turtle)
