"""Dated gzip dumps over a live server: listing, download, round trip through pyoxigraph,
licence triples, caching, bad names."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

import ui_helpers as h

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DCT_LICENSE = ox.NamedNode("http://purl.org/dc/terms/license")
DATASET = ox.NamedNode(h.BASE + "dataset")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dumps")


@pytest.fixture(scope="module")
def client(workdir: Path) -> Iterator[httpx.Client]:
    app = h.build_app(workdir)
    with h.serve_app(app) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield c


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def source_quads() -> set[ox.Quad]:
    store = ox.Store()
    h.load_store(store)
    return set(store)


def test_listing(client: httpx.Client) -> None:
    r = client.get("/dumps/", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for ext in ("nq", "ttl"):
        assert f'href="/dumps/conflictkg-{today()}.{ext}.gz"' in r.text
    assert LICENCE in r.text
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    assert {d["name"] for d in listing["dumps"]} >= {f"conflictkg-{today()}.nq.gz", f"conflictkg-{today()}.ttl.gz"}
    assert listing["licence"] == LICENCE
    r = client.get("/dumps", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"].endswith("/dumps/")


def download(client: httpx.Client, name: str) -> bytes:
    with client.stream("GET", f"/dumps/{name}") as r:
        assert r.status_code == 200, r.read()[:300]
        assert r.headers["content-type"] == "application/gzip"
        assert name in r.headers.get("content-disposition", "")
        assert "content-encoding" not in r.headers  # the .gz file itself, not a transfer coding
        body = b"".join(r.iter_raw())
    assert body[:2] == b"\x1f\x8b"
    return body


def test_nquads_round_trip(client: httpx.Client) -> None:
    body = download(client, f"conflictkg-{today()}.nq.gz")
    quads = set(ox.parse(io.BytesIO(gzip.decompress(body)), ox.RdfFormat.N_QUADS))
    expected = source_quads()
    assert expected <= quads  # every quad, named graphs kept
    extra = quads - expected
    assert ox.Quad(DATASET, DCT_LICENSE, ox.NamedNode(LICENCE), ox.DefaultGraph()) in extra
    assert all(q.subject == DATASET for q in extra)
    graphs = {q.graph_name for q in quads}
    assert ox.NamedNode(h.BASE + "graph/article/a1") in graphs and ox.NamedNode(h.BASE + "graph/events") in graphs


def test_turtle_round_trip(client: httpx.Client) -> None:
    body = download(client, f"conflictkg-{today()}.ttl.gz")
    triples = {q.triple for q in ox.parse(io.BytesIO(gzip.decompress(body)), ox.RdfFormat.TURTLE)}
    expected = {ox.Triple(q.subject, q.predicate, q.object) for q in source_quads()}
    assert expected <= triples
    assert ox.Triple(DATASET, DCT_LICENSE, ox.NamedNode(LICENCE)) in triples
    hostile = [t for t in triples if t.predicate.value == "https://schema.org/headline"
               and "<script>" in t.object.value]
    assert len(hostile) == 1  # text survives the round trip byte for byte
    assert hostile[0].object.value == h.HOSTILE_HEADLINE


def test_dump_is_cached(client: httpx.Client, workdir: Path) -> None:
    name = f"conflictkg-{today()}.nq.gz"
    first = download(client, name)
    cached = workdir / "dumps" / name
    assert cached.is_file()
    mtime = cached.stat().st_mtime_ns
    second = download(client, name)
    assert first == second
    assert cached.stat().st_mtime_ns == mtime  # not written again: the store did not change
    assert not list((workdir / "dumps").glob(".*"))  # no temporary files left behind
    listing = client.get("/dumps/?format=json").json()
    sizes = {d["name"]: d["size"] for d in listing["dumps"]}
    assert sizes[name] == len(first)


def test_range_request(client: httpx.Client) -> None:
    name = f"conflictkg-{today()}.nq.gz"
    full = download(client, name)
    r = client.get(f"/dumps/{name}", headers={"Range": "bytes=0-9"})
    assert r.status_code == 206 and r.content == full[:10]


def test_latest_redirects(client: httpx.Client) -> None:
    r = client.get("/dumps/conflictkg-latest.ttl.gz", follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"].endswith(f"/dumps/conflictkg-{today()}.ttl.gz")


@pytest.mark.parametrize("name", [
    "conflictkg-1999-01-01.nq.gz", "conflictkg-2024-01-01.ttl.gz", "conflictkg.nq.gz",
    "conflictkg-2024-01-01.rdf.gz", "..%2Fdata.trig", "other.txt",
])
def test_unknown_dumps_404(client: httpx.Client, name: str) -> None:
    assert client.get(f"/dumps/{name}").status_code == 404


def test_void_links_download(client: httpx.Client) -> None:
    turtle = client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text
    links = re.findall(r"<(http://[^>]+/dumps/conflictkg-[0-9-]+\.(?:nq|ttl)\.gz)>", turtle)
    assert len(set(links)) == 2
    for link in set(links):
        path = link.split("/dumps/", 1)[1]
        download(client, path)


def test_licence_triples_unit() -> None:
    from conflictkg.config import Settings
    from conflictkg.server import dumps

    text = dumps.licence_triples(Settings(licence="https://example.org/licence"), "2024-01-02")
    triples = [q.triple for q in ox.parse(io.BytesIO(text.encode()), ox.RdfFormat.N_TRIPLES)]
    assert ox.Triple(DATASET, DCT_LICENSE, ox.NamedNode("https://example.org/licence")) in triples
    # a licence that is not an IRI becomes a literal, never broken syntax
    text = dumps.licence_triples(Settings(licence='CC BY 4.0 "attribution"'), "2024-01-02")
    triples = [q.triple for q in ox.parse(io.BytesIO(text.encode()), ox.RdfFormat.N_TRIPLES)]
    assert ox.Triple(DATASET, DCT_LICENSE, ox.Literal('CC BY 4.0 "attribution"')) in triples


def test_dump_date_is_store_last_change(tmp_path: Path) -> None:
    import os

    from conflictkg.config import Settings
    from conflictkg.server import dumps

    store = tmp_path / "store"
    store.mkdir()
    f = store / "000001.sst"
    f.write_bytes(b"x")
    when = dt.datetime(2023, 6, 7, 12, 0, tzinfo=dt.timezone.utc).timestamp()
    os.utime(f, (when, when))
    assert dumps.dump_date(Settings(store=str(store))) == "2023-06-07"
    assert dumps.dump_date(Settings(store="http://127.0.0.1:1/sparql")) == today()
