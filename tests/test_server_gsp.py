"""The Graph Store HTTP Protocol at /store."""

from __future__ import annotations


from typing import Any

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic

from conflictkg.config import Settings
from server_helpers import BASE, serve_in_thread, write_sample

TOKEN = "gsp-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TTL = {"Content-Type": "text/turtle; charset=utf-8", **AUTH}
A1_GRAPH = BASE + "graph/article/a1"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    sample = write_sample(tmp_path_factory.mktemp("gsp") / "sample.trig")
    with serve_in_thread(Settings(store=str(sample), token=TOKEN)) as url:
        with httpx.Client(base_url=url, timeout=30) as c:
            yield c


def turtle(r: httpx.Response, base: str = "urn:x-base:") -> rdflib.Graph:
    assert r.status_code == 200, r.text
    return rdflib.Graph().parse(data=r.text, format="turtle", publicID=base)


def test_get_named_graph_and_negotiation(client: httpx.Client) -> None:
    r = client.get("/store", params={"graph": A1_GRAPH})
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    g = turtle(r)
    assert (rdflib.URIRef(BASE + "article/a1"), rdflib.URIRef("https://schema.org/identifier"), rdflib.Literal("a1")) in g
    for accept, mt in (("application/n-triples", "application/n-triples"), ("application/rdf+xml", "application/rdf+xml"),
                       ("application/ld+json", "application/ld+json")):
        r = client.get("/store", params={"graph": A1_GRAPH}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == mt
    assert client.get("/store", params={"graph": A1_GRAPH}, headers={"Accept": "image/png"}).status_code == 406
    h = client.head("/store", params={"graph": A1_GRAPH})
    assert h.status_code == 200 and h.headers["content-type"] == "text/turtle; charset=utf-8" and h.content == b""


def test_missing_graph_and_bad_requests(client: httpx.Client) -> None:
    assert client.get("/store", params={"graph": "urn:x-test:nothing"}).status_code == 404
    assert client.head("/store", params={"graph": "urn:x-test:nothing"}).status_code == 404
    assert client.get("/store").status_code == 400
    assert client.get("/store", params={"graph": "urn:x-test:a", "default": ""}).status_code == 400
    assert client.get("/store", params={"graph": "http://exa mple/"}).status_code == 400


def test_default_graph_is_the_real_default_graph(client: httpx.Client) -> None:
    r = client.get("/store", params={"default": ""})
    assert len(turtle(r)) == 0  # the sample has everything in named graphs
    data = "<urn:x-test:d> <urn:x-test:p> 1 ."
    assert client.put("/store?default", content=data, headers=TTL).status_code in (200, 204)
    assert len(turtle(client.get("/store?default"))) == 1
    # the query default graph is the union: it sees both
    q = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(?s IN (<urn:x-test:d>, <%sarticle/a1>)) }" % BASE
    r = client.get("/sparql", params={"query": q})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 1
    assert client.delete("/store?default", headers=AUTH).status_code == 204
    assert len(turtle(client.get("/store?default"))) == 0


def test_put_post_delete_cycle(client: httpx.Client) -> None:
    g = "urn:x-test:cycle"
    r = client.put("/store", params={"graph": g}, content='<urn:x-test:s> <urn:x-test:p> "one" .', headers=TTL)
    assert r.status_code == 201
    r = client.put("/store", params={"graph": g}, content='<urn:x-test:s> <urn:x-test:p> "two" .', headers=TTL)
    assert r.status_code == 204
    assert {str(o) for o in turtle(client.get("/store", params={"graph": g})).objects()} == {"two"}
    r = client.post("/store", params={"graph": g}, content='<urn:x-test:s> <urn:x-test:p> "three" .',
                    headers={"Content-Type": "application/n-triples", **AUTH})
    assert r.status_code == 204
    assert {str(o) for o in turtle(client.get("/store", params={"graph": g})).objects()} == {"two", "three"}
    assert client.delete("/store", params={"graph": g}, headers=AUTH).status_code == 204
    assert client.get("/store", params={"graph": g}).status_code == 404
    assert client.delete("/store", params={"graph": g}, headers=AUTH).status_code == 404
    # POST to a new graph creates it
    r = client.post("/store", params={"graph": g}, content="<urn:x-test:s> <urn:x-test:p> 4 .", headers=TTL)
    assert r.status_code == 201


def test_relative_iris_resolve_against_the_graph(client: httpx.Client) -> None:
    g = "http://example.org/graphs/rel"
    assert client.put("/store", params={"graph": g}, content="<s> <p> <o> .", headers=TTL).status_code == 201
    r = client.get("/store", params={"graph": g}, headers={"Accept": "application/n-triples"})
    assert "<http://example.org/graphs/s> <http://example.org/graphs/p> <http://example.org/graphs/o> ." in r.text


def test_bad_rdf_and_unsupported_media_type(client: httpx.Client) -> None:
    g = "urn:x-test:bad"
    r = client.put("/store", params={"graph": g}, content="<urn:a> <urn:b> .", headers=TTL)
    assert r.status_code == 400 and "parse" in r.text
    assert client.get("/store", params={"graph": g}).status_code == 404  # nothing half-written
    r = client.put("/store", params={"graph": g}, content="a,b", headers={"Content-Type": "text/csv", **AUTH})
    assert r.status_code == 415
    r = client.put("/store", params={"graph": g}, content="x", headers=AUTH)
    assert r.status_code in (400, 415)
    r = client.put("/store", params={"graph": g}, content="<urn:a> <urn:b> <urn:c> .".encode("utf-16"),
                   headers={"Content-Type": "text/turtle; charset=utf-16", **AUTH})
    assert r.status_code == 415


def test_multipart_post_and_graph_creation(client: httpx.Client) -> None:
    g = "urn:x-test:multi"
    files = [("a", ("a.ttl", b"<urn:x-test:s> <urn:x-test:p> 1 .", "text/turtle")),
             ("b", ("b.nt", b"<urn:x-test:s> <urn:x-test:p> \"2\" .", "application/n-triples"))]
    r = client.post("/store", params={"graph": g}, files=files, headers=AUTH)
    assert r.status_code == 201, r.text
    assert len(turtle(client.get("/store", params={"graph": g}))) == 2
    r = client.post("/store", content="<urn:x-test:s> <urn:x-test:p> 3 .", headers=TTL)
    assert r.status_code == 201
    location = r.headers["location"]
    assert location.startswith(str(client.base_url) + "/store/")
    assert len(turtle(client.get("/store", params={"graph": location}))) == 1
    # the minted IRI is also the graph's direct URL
    assert len(turtle(client.get(location))) == 1


def test_direct_identification(client: httpx.Client) -> None:
    url = "/store/people/jane.ttl"
    r = client.put(url, content="<#me> a <http://xmlns.com/foaf/0.1/Person> .", headers=TTL)
    assert r.status_code == 201
    full = str(client.base_url) + url
    r = client.get("/store", params={"graph": full}, headers={"Accept": "application/n-triples"})
    assert f"<{full}#me>" in r.text
    assert client.head(url).status_code == 200
    assert client.delete(url, headers=AUTH).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get(url, params={"graph": "urn:x"}).status_code == 400


def test_writes_need_the_token(client: httpx.Client) -> None:
    g = "urn:x-test:locked"
    body = "<urn:x-test:s> <urn:x-test:p> 1 ."
    assert client.put("/store", params={"graph": g}, content=body,
                      headers={"Content-Type": "text/turtle"}).status_code == 401
    assert client.put("/store", params={"graph": g}, content=body,
                      headers={"Content-Type": "text/turtle", "Authorization": "Bearer nope"}).status_code == 403
    assert client.get("/store", params={"graph": g}).status_code == 404
    r = client.put("/store", params={"graph": g}, content=body, headers=TTL)
    assert r.status_code == 201
    assert isomorphic(turtle(client.get("/store", params={"graph": g})),
                      rdflib.Graph().parse(data=body, format="turtle"))



