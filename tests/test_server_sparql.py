"""The SPARQL 1.1 Protocol endpoint on a small made-up conflictkg store, and the engine API."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conflictkg.config import Settings
from conflictkg.server.engine import QueryEngine
from conflictkg.server.sparql import BINDINGS_OFFERS, GRAPH_OFFERS, negotiate
from server_helpers import BASE, serve_in_thread, write_sample

CKG = "https://w3id.org/conflictkg/ontology#"
EVENTS_GRAPH = BASE + "graph/events"
A1_GRAPH = BASE + "graph/article/a1"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("sparql") / "sample.trig")


@pytest.fixture(scope="module")
def client(sample: Path) -> Any:
    with serve_in_thread(Settings(store=str(sample), token="")) as url:
        with httpx.Client(base_url=url, timeout=30) as c:
            yield c


def bindings(r: httpx.Response) -> list[dict[str, str]]:
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


COUNT_REPORTS = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{CKG}Report> }}"


def test_query_get_form_and_direct_post(client: httpx.Client) -> None:
    for r in (client.get("/sparql", params={"query": COUNT_REPORTS}),
              client.post("/sparql", data={"query": COUNT_REPORTS}),
              client.post("/sparql", content=COUNT_REPORTS.encode(), headers={"Content-Type": "application/sparql-query"}),
              client.post("/sparql", content=COUNT_REPORTS.encode(),
                          headers={"Content-Type": "application/sparql-query; charset=UTF-8"})):
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert bindings(r) == [{"n": "2"}]


def test_default_graph_is_the_union_and_protocol_dataset_overrides_it(client: httpx.Client) -> None:
    q = f"SELECT ?e WHERE {{ ?r <{CKG}reportOf> ?e . ?r <{CKG}reportedIn> ?a }}"
    # reportOf lives in the events graph, reportedIn in the article graphs: only the union joins them
    assert len(bindings(client.get("/sparql", params={"query": q}))) == 2
    r = client.get("/sparql", params={"query": q, "default-graph-uri": EVENTS_GRAPH})
    assert bindings(r) == []
    r = client.get("/sparql", params=[("query", q), ("default-graph-uri", EVENTS_GRAPH), ("default-graph-uri", A1_GRAPH)])
    assert len(bindings(r)) == 1
    q2 = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q2, "named-graph-uri": A1_GRAPH})
    assert bindings(r) == [{"g": A1_GRAPH}]
    # FROM in the query also replaces the union
    r = client.get("/sparql", params={"query": f"SELECT ?e FROM <{EVENTS_GRAPH}> WHERE {{ ?r <{CKG}reportOf> ?e . ?r <{CKG}reportedIn> ?a }}"})
    assert bindings(r) == []


@pytest.mark.parametrize("accept,media_type", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_negotiation(client: httpx.Client, accept: str, media_type: str) -> None:
    r = client.get("/sparql", params={"query": COUNT_REPORTS}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media_type
    fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}.get(media_type)
    if fmt is not None:
        rows = list(ox.parse_query_results(r.content, fmt))
        assert rows[0]["n"].value == "2"
    else:
        assert r.text.splitlines() == ["n", "2"]


def test_ask_formats(client: httpx.Client) -> None:
    q = f"ASK {{ ?e a <{CKG}Event> }}"
    assert client.get("/sparql", params={"query": q}).json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"})
    assert bool(ox.parse_query_results(r.content, ox.QueryResultsFormat.XML)) is True


CONSTRUCT = f"CONSTRUCT {{ ?e ?p ?o }} WHERE {{ ?e a <{CKG}Event> ; ?p ?o }}"
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
               "application/trig": "trig", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


def _graph(data: bytes, media_type: str) -> rdflib.Graph:
    fmt = GRAPH_TYPES[media_type]
    if fmt in ("nquads", "trig"):
        ds = rdflib.Dataset()
        ds.parse(data=data, format=fmt)
        g = rdflib.Graph()
        for s, p, o, _ in ds.quads():
            g.add((s, p, o))
        return g
    return rdflib.Graph().parse(data=data, format=fmt)


def test_construct_in_every_rdf_format(client: httpx.Client) -> None:
    ref = _graph(client.get("/sparql", params={"query": CONSTRUCT},
                            headers={"Accept": "application/n-triples"}).content, "application/n-triples")
    assert len(ref) == 6
    r = client.get("/sparql", params={"query": CONSTRUCT})
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"  # the default
    for media_type in GRAPH_TYPES:
        r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media_type})
        assert r.status_code == 200, (media_type, r.text)
        assert r.headers["content-type"].split(";")[0] == media_type
        if media_type != "application/ld+json":
            assert isomorphic(_graph(r.content, media_type), ref), media_type
    r = client.get("/sparql", params={"query": f"DESCRIBE <{BASE}event/e1>"}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and f"<{BASE}event/e1>" in r.text


def test_jsonld_is_compacted_with_the_published_context(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/ld+json"})
    doc = r.json()
    assert doc["@context"] == str(client.base_url) + "/context.jsonld"
    text = json.dumps(doc)
    assert "ckg:" in text and CKG not in text  # compacted
    ctx = client.get("/context.jsonld")
    assert ctx.status_code == 200 and ctx.headers["content-type"].startswith("application/ld+json")
    assert ctx.json()["@context"]["ckg"] == CKG
    # expanded with the published context, it is the same graph as the N-Triples answer
    local = dict(doc, **{"@context": ctx.json()["@context"]})
    g = rdflib.Graph().parse(data=json.dumps(local), format="json-ld")
    ref = _graph(client.get("/sparql", params={"query": CONSTRUCT},
                            headers={"Accept": "application/n-triples"}).content, "application/n-triples")
    assert isomorphic(g, ref)


def test_not_acceptable(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": COUNT_REPORTS}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "text/turtle" in r.text
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/turtle;q=0"})
    assert r.status_code == 406


def test_negotiate_unit() -> None:
    assert negotiate(None, BINDINGS_OFFERS)[1] == "json"
    assert negotiate("application/xml", BINDINGS_OFFERS)[1] == "xml"
    assert negotiate("application/xml", GRAPH_OFFERS)[1] == "rdfxml"
    assert negotiate("text/html", GRAPH_OFFERS) is None
    assert negotiate("text/html, */*;q=0.8", GRAPH_OFFERS)[1] == "turtle"
    assert negotiate("application/n-triples;q=0.2, text/turtle;q=0.1", GRAPH_OFFERS)[1] == "ntriples"
    assert negotiate("text/*;q=0.3, text/turtle;q=0", GRAPH_OFFERS) is None  # aliases match only exactly
    assert negotiate("text/plain", GRAPH_OFFERS)[1] == "ntriples"


def test_service_description(client: httpx.Client) -> None:
    for accept in (None, "application/n-triples", "application/rdf+xml", "application/ld+json"):
        r = client.get("/sparql", headers={"Accept": accept} if accept else {})
        assert r.status_code == 200
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    SDN = rdflib.Namespace(SD)
    svc = next(g.subjects(rdflib.RDF.type, SDN.Service))
    assert g.value(svc, SDN.endpoint) == rdflib.URIRef(str(client.base_url) + "/sparql")
    assert (svc, SDN.supportedLanguage, SDN.SPARQL11Query) in g
    assert (svc, SDN.supportedLanguage, SDN.SPARQL11Update) not in g  # read-only server
    assert (svc, SDN.feature, SDN.UnionDefaultGraph) in g
    assert len(set(g.objects(svc, SDN.resultFormat))) == 10
    ds = g.value(svc, SDN.defaultDataset)
    names = {str(g.value(ng, SDN.name)) for ng in g.objects(ds, SDN.namedGraph)}
    assert {EVENTS_GRAPH, A1_GRAPH, BASE + "graph/article/a2"} <= names


@pytest.mark.parametrize("method,kwargs,status,needle", [
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
    ("GET", {"params": {"query": "SELECT * WHERE { ?s ?p"}}, 400, "syntax"),
    ("GET", {"params": {"update": "CLEAR ALL"}}, 400, "not allowed by GET"),
    ("POST", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "not both"),
    ("POST", {"content": b"ASK {}"}, 400, "Content-Type"),
    ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "unsupported Content-Type"),
    ("POST", {"content": "ASK {}".encode("utf-16"),
              "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415, "UTF-8"),
    ("POST", {"content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}}, 400, "UTF-8"),
    ("POST", {"content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-query"}}, 400, "Update"),
    ("GET", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "absolute IRI"),
])
def test_protocol_errors_are_4xx_with_a_message(client: httpx.Client, method: str, kwargs: dict[str, Any],
                                                status: int, needle: str) -> None:
    r = client.request(method, "/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/plain")
    assert needle.lower() in r.text.lower()


def test_put_is_not_a_sparql_method(client: httpx.Client) -> None:
    assert client.put("/sparql", params={"query": "ASK {}"}).status_code == 405


# --------------------------------------------------------------------------- engine API

def test_engine_public_api(sample: Path, tmp_path: Path) -> None:
    async def run() -> None:
        engine = QueryEngine(Settings(store=str(sample), query_timeout=10))
        try:
            await engine.astart()
            res = await engine.select_json(COUNT_REPORTS)
            assert res["results"]["bindings"][0]["n"]["value"] == "2"
            assert await engine.ask(f"ASK {{ ?e a <{CKG}Event> }}") is True
            nt = await engine.construct_nt(CONSTRUCT)
            assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == 6
            assert engine.settings.query_timeout == 10
            for fmt, rdf_format in (("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                                    ("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)):
                out = tmp_path / f"dump.{fmt}"
                await engine.dump_to_file(str(out), fmt)
                items = list(ox.parse(path=str(out), format=rdf_format))
                assert len(items) > 50
                if fmt in ("nquads", "trig"):
                    assert {q.graph_name.value for q in items} >= {EVENTS_GRAPH, A1_GRAPH}
            with pytest.raises(Exception, match="SERVICE"):
                await engine.select_json("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
            with pytest.raises(Exception, match="read-only"):
                await engine.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        finally:
            engine.close()

    asyncio.run(run())
