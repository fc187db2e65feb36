"""Safety of the endpoint: no network reach (SERVICE / LOAD), a time limit that really stops
queries while others are answered, a row cap, a request-size cap, token-gated writes, CORS."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from conflictkg.config import Settings
from conflictkg.server.worker_lex import analyze
from server_helpers import LoopbackTrap, serve_in_thread, write_sample

TOKEN = "safety-token"
SPARQL_UPDATE = {"Content-Type": "application/sparql-update"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("safety") / "sample.trig", filler=3000)


@pytest.fixture(scope="module")
def server(sample: Path) -> Any:
    settings = Settings(store=str(sample), token=TOKEN, query_timeout=2.0, max_rows=50,
                        max_request_bytes=20_000, cors_origins="*")
    with serve_in_thread(settings) as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client


@pytest.fixture(scope="module")
def readonly(sample: Path) -> Any:
    with serve_in_thread(Settings(store=str(sample), token="", cors_origins="")) as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client


# --------------------------------------------------------------------------- SERVICE / LOAD trap

def test_service_and_load_never_reach_the_network(server: httpx.Client) -> None:
    trap = LoopbackTrap()
    target = f"http://127.0.0.1:{trap.port}"
    try:
        queries = [
            f"SELECT * WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}",
            f"select * {{ service silent <{target}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ ?s ?p ?o . {{ SELECT ?s {{ SERVICE <{target}/> {{ ?s ?p ?o }} }} }} }} LIMIT 1",
            f"PREFIX t: <{target}/>\nSELECT * {{ SERVICE t: {{ ?s ?p ?o }} }}",
            f"SELECT * {{ ?s ?p ?o # a comment }}\n SERVICE <{target}/> {{ ?a ?b ?c }} }}",
            f"ASK {{ ?s ?p 1.SERVICE <{target}/> {{ }} }}",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE<{target}/>{{?s ?p ?o}} }}",
        ]
        for q in queries:
            for resp in (server.get("/sparql", params={"query": q}),
                         server.post("/sparql", data={"query": q}),
                         server.post("/sparql", content=q, headers={"Content-Type": "application/sparql-query"})):
                assert resp.status_code == 400, (q, resp.status_code, resp.text)
                assert "SERVICE" in resp.text
        updates = [
            f"LOAD <{target}/x>",
            f"load silent <{target}/x> into graph <urn:x-test:g>",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}",
            f"CLEAR SILENT GRAPH <urn:x-test:none> ; LOAD <{target}/x>",
        ]
        for u in updates:
            for resp in (server.post("/sparql", content=u, headers={**SPARQL_UPDATE, **AUTH}),
                         server.post("/sparql", data={"update": u}, headers=AUTH)):
                assert resp.status_code == 400, (u, resp.status_code, resp.text)
        time.sleep(0.3)
        assert trap.connections == 0, "a request reached the loopback listener"
    finally:
        trap.close()


def test_keywords_in_strings_iris_and_names_are_not_refused(server: httpx.Client) -> None:
    q = """PREFIX ex: <http://example.org/service/load#>
    SELECT ?service ?load WHERE {
      BIND("SERVICE <http://127.0.0.1:1/> { }" AS ?service)  # SERVICE in a comment
      BIND(ex:load AS ?load)
      FILTER(?service != '''LOAD <http://x/>''')
    }"""
    r = server.get("/sparql", params={"query": q})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["load"]["value"] == "http://example.org/service/load#load"


def test_lexer_reports_network_keywords() -> None:
    assert analyze("SELECT * { SERVICE <x:y> { ?s ?p ?o } }").network == ["SERVICE"]
    assert analyze("LOAD <http://x/>").network == ["LOAD"]
    assert analyze('SELECT * { ?s ?p "SERVICE" }').network == []
    assert analyze("SELECT ?service { ?service <x:p> ex:load }").network == []
    assert analyze("SELECT * { ?s ?p ?o } # LOAD <http://x/>").network == []
    # \u escapes are not SPARQL 1.1 code points outside strings for pyoxigraph, but be safe
    assert analyze("SELECT * { \\u0053ERVICE <x:y> { } }").network == ["SERVICE"]


# --------------------------------------------------------------------------- time limit

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_timeout_stops_query_while_others_are_answered(server: httpx.Client) -> None:
    slow: dict[str, Any] = {}

    def run_slow() -> None:
        t0 = time.monotonic()
        slow["resp"] = server.get("/sparql", params={"query": CARTESIAN})
        slow["elapsed"] = time.monotonic() - t0

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.4)  # the cartesian product is running in one worker
    fast = []
    for _ in range(3):
        t0 = time.monotonic()
        r = server.get("/sparql", params={"query": "ASK { ?s ?p 42 }"})
        fast.append(time.monotonic() - t0)
        assert r.status_code == 200 and r.json()["boolean"] is True
    thread.join(30)
    assert not thread.is_alive()
    resp = slow["resp"]
    assert resp.status_code == 503, resp.text
    assert "limit of 2 s" in resp.text and "stopped" in resp.text
    assert 1.5 <= slow["elapsed"] < 10, slow["elapsed"]
    assert max(fast) < 1.0, fast
    # the killed worker is replaced: the endpoint keeps answering
    for _ in range(4):
        r = server.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        assert r.status_code == 200


def test_timeout_applies_to_construct_and_ask(server: httpx.Client) -> None:
    never = "FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), 'never'))"
    r = server.post("/sparql", data={"query": f"ASK {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i {never} }}"})
    assert r.status_code == 503, r.text
    assert r.headers.get("retry-after")
    r = server.post("/sparql", data={"query": f"CONSTRUCT {{ ?a ?b ?i }} WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i {never} }}"})
    assert r.status_code == 503, r.text


# --------------------------------------------------------------------------- caps

def test_row_cap_truncates_and_says_so(server: httpx.Client) -> None:
    r = server.get("/sparql", params={"query": "SELECT ?s WHERE { ?s <urn:x-test:p> ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-result-truncated"] == "true"
    assert r.headers["x-result-limit"] == "50"
    r = server.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s <urn:x-test:p> ?o }"},
                   headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert len(r.text.strip().splitlines()) == 50
    assert r.headers["x-result-truncated"] == "true"
    r = server.get("/sparql", params={"query": "SELECT ?s WHERE { ?s <urn:x-test:p> ?o } LIMIT 10"},
                   headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert len(r.text.strip().splitlines()) == 11
    assert "x-result-truncated" not in r.headers


def test_request_size_cap(server: httpx.Client) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    r = server.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert "limit" in r.text

    def chunks() -> Any:
        for _ in range(30):
            yield b"#" + b"x" * 999 + b"\n"
    r = server.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    r = server.put("/store", params={"graph": "urn:x-test:big"}, content=b"<urn:a> <urn:b> <urn:c> .\n" * 1000,
                   headers={"Content-Type": "application/n-triples", **AUTH})
    assert r.status_code == 413


# --------------------------------------------------------------------------- writes

def test_updates_need_the_token(server: httpx.Client) -> None:
    u = "INSERT DATA { GRAPH <urn:x-test:w> { <urn:x-test:a> <urn:x-test:b> 1 } }"
    r = server.post("/sparql", content=u, headers=SPARQL_UPDATE)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = server.post("/sparql", content=u, headers={**SPARQL_UPDATE, "Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = server.post("/sparql", data={"update": u}, headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401
    assert server.get("/sparql", params={"query": "ASK { <urn:x-test:a> ?p ?o }"}).json()["boolean"] is False
    r = server.post("/sparql", content=u, headers={**SPARQL_UPDATE, **AUTH})
    assert r.status_code == 204, r.text
    assert server.get("/sparql", params={"query": "ASK { <urn:x-test:a> ?p ?o }"}).json()["boolean"] is True
    # Graph Store writes too
    for method in ("PUT", "POST"):
        r = server.request(method, "/store", params={"graph": "urn:x-test:w"}, content=b"<urn:x-test:z> <urn:x-test:b> 2 .",
                           headers={"Content-Type": "application/n-triples"})
        assert r.status_code == 401
    assert server.delete("/store", params={"graph": "urn:x-test:w"}).status_code == 401
    assert server.delete("/store", params={"graph": "urn:x-test:w"}, headers=AUTH).status_code == 204
    assert server.get("/store", params={"graph": "urn:x-test:w"}).status_code == 404


def test_read_only_without_token(readonly: httpx.Client) -> None:
    u = "INSERT DATA { <urn:x-test:a> <urn:x-test:b> 1 }"
    for headers in ({}, {"Authorization": "Bearer anything"}):
        r = readonly.post("/sparql", content=u, headers={**SPARQL_UPDATE, **headers})
        assert r.status_code == 403, r.text
        assert "read-only" in r.text
        r = readonly.put("/store", params={"default": ""}, content=b"<urn:a> <urn:b> <urn:c> .",
                         headers={"Content-Type": "application/n-triples", **headers})
        assert r.status_code == 403
    r = readonly.get("/sparql", params={"query": "ASK { ?s a <https://w3id.org/conflictkg/ontology#Event> }"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    # no CORS when no origins are configured
    r = readonly.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_without_credentials(server: httpx.Client) -> None:
    r = server.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    r = server.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200
    assert r.headers.get("access-control-allow-credentials") in (None, "false")
