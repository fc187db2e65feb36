"""Replay the W3C SPARQL 1.1 Protocol and Graph Store Protocol tests against the live server.

The 47 tests of ../shared/w3c-rdf-tests/protocol-and-gsp-tests.json are HTTP request/response
records written for an endpoint at /sparql/ and a graph store at /gsp; they are sent to our
/sparql and /store. Every test starts from an empty store holding only its graphData.
"""

from __future__ import annotations


import json
import urllib.parse

from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conflictkg.config import Settings
from server_helpers import W3C, serve_in_thread

TESTS_FILE = W3C / "protocol-and-gsp-tests.json"
TOKEN = "w3c-protocol-token"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not TESTS_FILE.exists(), reason=f"{TESTS_FILE} is absent (../shared not checked out)"),
]


def _load_tests() -> list[dict[str, Any]]:
    if not TESTS_FILE.exists():
        return []
    return json.loads(TESTS_FILE.read_text(encoding="utf-8"))


TESTS = _load_tests()

STATUS = {
    "StatusCode2xx": range(200, 300), "StatusCode3xx": range(300, 400), "StatusCode4xx": range(400, 500),
    "StatusCode5xx": range(500, 600), "OK": (200,), "Created": (201,), "NoContent": (204,),
    "NotFound": (404,), "BadRequest": (400,), "UnsupportedMediaType": (415,),
}


@pytest.fixture(scope="module")
def server() -> Any:
    settings = Settings(store=":memory:", token=TOKEN, query_timeout=30.0)
    with serve_in_thread(settings) as url:
        with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            yield client


def map_path(path: str) -> str:
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/"):]
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp"):]
    return path


def reset(client: httpx.Client, test: dict[str, Any]) -> None:
    r = client.post("/sparql", content="DROP SILENT ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.text
    manifest_dir = (W3C / test["manifest"]).parent
    for g in test["graphData"]:
        data = (manifest_dir / g["file"]).read_bytes()
        r = client.put("/store", params={"graph": g["name"]}, content=data,
                       headers={"Content-Type": "application/n-triples"})
        assert r.status_code in (201, 204), r.text


def parse_results(resp: httpx.Response) -> Any:
    ctype = resp.headers.get("content-type", "").split(";")[0].strip()
    fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/csv": ox.QueryResultsFormat.CSV,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}.get(ctype)
    assert fmt is not None, f"not a SPARQL results media type: {ctype!r}"
    return ox.parse_query_results(resp.content, fmt)


def parse_graph(data: bytes | str, media_type: str, base: str) -> rdflib.Graph:
    g = rdflib.Graph()
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}[media_type]
    if fmt in ("nquads", "trig"):
        ds = rdflib.Dataset()
        ds.parse(data=data, format=fmt, publicID=base)
        for s, p, o, _ in ds.quads():
            g.add((s, p, o))
        return g
    g.parse(data=data, format=fmt, publicID=base)
    return g


def check(resp: httpx.Response, expect: dict[str, Any], url: str, label: str) -> None:
    allowed = [code for s in expect["status"] for code in STATUS[s]]
    assert resp.status_code in allowed, f"{label}: status {resp.status_code} not in {expect['status']}: {resp.text[:500]}"
    for h in expect["headers"]:
        got = resp.headers.get(h["name"], "")
        if h["name"].lower() == "content-type":
            want_mt, *want_params = [x.strip().lower() for x in h["value"].split(";")]
            got_mt, *got_params = [x.strip().lower() for x in got.split(";")]
            assert got_mt == want_mt, f"{label}: content-type {got!r}, expected {h['value']!r}"
            for p in want_params:
                assert p.replace(" ", "") in [g.replace(" ", "") for g in got_params], \
                    f"{label}: content-type {got!r} lacks {p!r}"
        else:
            assert got == h["value"], f"{label}: header {h['name']}: {got!r} != {h['value']!r}"
    fmt = expect.get("format")
    if fmt in ("boolean", "tabular"):
        results = parse_results(resp)
        if fmt == "boolean":
            assert isinstance(results, ox.QueryBoolean), f"{label}: expected a boolean result"
            if expect.get("boolean") is not None:
                assert bool(results) is bool(expect["boolean"]), f"{label}: boolean {bool(results)}"
        else:
            assert isinstance(results, ox.QuerySolutions), f"{label}: expected tabular results"
            list(results)
    elif fmt == "RDF":
        ctype = resp.headers.get("content-type", "").split(";")[0].strip()
        parse_graph(resp.content, ctype, url)
    if expect.get("body") is not None and resp.request.method != "HEAD":
        ctype = resp.headers.get("content-type", "").split(";")[0].strip()
        got = parse_graph(resp.content, ctype, url)
        want = parse_graph(expect["body"], "text/turtle", url)
        assert isomorphic(got, want), (f"{label}: graph differs\n--- got\n{got.serialize(format='nt')}\n"
                                       f"--- expected\n{want.serialize(format='nt')}")


@pytest.mark.parametrize("test", TESTS, ids=[t["id"] for t in TESTS])
def test_w3c_protocol(server: httpx.Client, test: dict[str, Any]) -> None:
    reset(server, test)
    location: str | None = None
    for i, req in enumerate(test["requests"]):
        path = req["absolutePath"]
        if "$LOCATION$" in path:
            assert location, "no Location from an earlier request"
            path = path.replace("$LOCATION$", urllib.parse.quote(location, safe=""))
        path = map_path(path)
        headers = {h["name"]: h["value"] for h in req["headers"]}
        body = req["body"]
        content = None
        if body is not None:
            content = body.encode({"UTF-16": "utf-16", "UTF-8": "utf-8"}.get(req["bodyEncoding"] or "UTF-8", "utf-8"))
        # An explicit empty Content-Type would be "missing" for the tests that send none.
        resp = server.request(req["method"], path, content=content, headers=headers)
        label = f"{test['id']} request {i + 1} ({req['method']} {path[:80]})"
        expect = req["expect"]
        if expect.get("location") == "$LOCATION$":
            location = resp.headers.get("location")
            assert location, f"{label}: no Location header"
            location = urllib.parse.urljoin(str(resp.url), location)
        check(resp, expect, str(resp.url.copy_with(query=None)), label)


def test_all_47_present() -> None:
    assert len(TESTS) == 47



