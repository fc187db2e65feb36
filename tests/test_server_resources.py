"""Linked data over a live server: dereferencing minted IRIs (content negotiation, HTML
pages, escaping, 404s), the ontology pages, VoID/DCAT, static files and the UI page."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF

import ui_helpers as h

CKG = rdflib.Namespace(h.CKG)
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
BROWSER = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
           "image/apng,*/*;q=0.8")
E1 = rdflib.URIRef(h.BASE + "event/e1")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = h.build_app(tmp_path_factory.mktemp("resources"))
    with h.serve_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def html(client: httpx.Client, path: str) -> httpx.Response:
    r = client.get(path, headers={"Accept": BROWSER})
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r


def parse(r: httpx.Response, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=r.text, format=fmt)
    return g


# --------------------------------------------------------------------------- negotiation

def test_event_turtle_by_accept(client: httpx.Client) -> None:
    r = client.get("/id/event/e1", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r.headers.get("vary", "")
    g = parse(r, "turtle")
    assert (E1, RDF.type, CKG.Event) in g
    assert (E1, CKG.eventType, CKG.ArmedClash) in g
    # sub-resources (casualties) and inbound reportOf links come along
    assert (rdflib.URIRef(h.BASE + "event/e1/casualty/1"), CKG.casualtyType, CKG.Killed) in g
    assert (rdflib.URIRef(h.BASE + "report/a1/1"), CKG.reportOf, E1) in g


@pytest.mark.parametrize("accept,fmt,media", [
    ("application/ld+json", "json-ld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("text/html;q=0.5, text/turtle", "turtle", "text/turtle"),
    ("*/*", "turtle", "text/turtle"),
    ("application/json", "json-ld", "application/ld+json"),
])
def test_event_machine_formats(client: httpx.Client, accept: str, fmt: str, media: str) -> None:
    r = client.get("/id/event/e1", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    g = parse(r, fmt)
    assert (E1, RDF.type, CKG.Event) in g


@pytest.mark.parametrize("fmt,parser,media", [
    ("ttl", "turtle", "text/turtle"), ("jsonld", "json-ld", "application/ld+json"),
    ("nt", "nt", "application/n-triples"),
])
def test_format_parameter_beats_accept(client: httpx.Client, fmt: str, parser: str, media: str) -> None:
    r = client.get(f"/id/event/e1?format={fmt}", headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert (E1, CKG.reportCount, rdflib.Literal(2)) in parse(r, parser)


def test_jsonld_is_compacted(client: httpx.Client) -> None:
    doc = client.get("/id/event/e1?format=jsonld").json()
    assert "@context" in doc
    assert "ckg" in json.dumps(doc["@context"])


def test_browser_gets_html(client: httpx.Client) -> None:
    r = html(client, "/id/event/e1")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert '<link rel="alternate" type="text/turtle"' in r.text


def test_not_acceptable(client: httpx.Client) -> None:
    r = client.get("/id/event/e1", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "text/turtle" in r.text
    assert client.get("/id/event/e1?format=rdfxml").status_code == 406


@pytest.mark.parametrize("path", [
    "/id/event/does-not-exist", "/id/actor/nobody", "/id/report/a1/99",
    "/id/event/%3Cscript%3E", "/id/article/a1%22%3E", "/id/place/tal-hadid/nothing",
])
def test_unknown_iris_404(client: httpx.Client, path: str) -> None:
    for accept in (BROWSER, "text/turtle"):
        r = client.get(path, headers={"Accept": accept})
        assert r.status_code == 404, (path, accept, r.status_code)
    assert "<script>" not in client.get(path, headers={"Accept": BROWSER}).text


def test_raw_unsafe_characters_404(server: str) -> None:
    # a raw (unencoded) quote or brace in the path must never reach a SPARQL query
    import socket
    from urllib.parse import urlsplit

    u = urlsplit(server)
    for raw in ('/id/event/e1"}', "/id/event/{x}", "/id/a b"):
        with socket.create_connection((u.hostname, u.port), timeout=10) as s:
            s.sendall(f"GET {raw} HTTP/1.1\r\nHost: x\r\nAccept: text/turtle\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(4096).decode("latin-1")
        status = int(head.split(" ", 2)[1])
        assert status in (400, 404), (raw, head[:200])


def test_percent_encoded_iri(client: httpx.Client) -> None:
    r = html(client, "/id/article/a%203")
    assert "Protesters gather in the capital" in r.text
    # percent-encoding of unreserved characters and lower-case hex are normalised
    g = parse(client.get("/id/article/a%203?format=nt"), "nt")
    assert (rdflib.URIRef(h.BASE + "article/a%203"), RDF.type, CKG.Article) in g
    assert client.get("/id/%61rticle/a%203?format=nt").status_code == 200


def test_dataset_iri_redirects_to_void(client: httpx.Client) -> None:
    r = client.get("/id/dataset", headers={"Accept": "text/turtle"})
    assert r.status_code == 303
    assert r.headers["location"].endswith("/.well-known/void")


# --------------------------------------------------------------------------- HTML pages

def test_event_page(client: httpx.Client) -> None:
    t = html(client, "/id/event/e1").text
    assert "<h1>Armed clash: Northern Front vs Republic Army, Tal Hadid</h1>" in t
    # type: label + ACLED notation + parent
    assert "ACLED: Armed clash" in t and "(Battles)" in t
    # actors, linked
    assert 'href="/id/actor/northern-front"' in t and ">Northern Front</a>" in t
    assert 'href="/id/actor/republic-army"' in t
    # place on a map
    assert 'id="map" data-lat="36.2021" data-long="37.1343"' in t
    assert "/static/vendor/leaflet/leaflet.js" in t
    assert "North Province" in t
    # date and precision
    assert '<dd class="when">2024-03-04</dd>' in t and '<dd class="precision">Day</dd>' in t
    # casualties per claimant
    claims = t[t.index('<table class="data claims">'):]
    claims = claims[claims.index("<tbody>"):claims.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", claims, re.S)
    assert len(rows) == 2
    by_claimant = {re.search(r'class="claimant">.*?>([^<]+)</a>', r, re.S).group(1): r for r in rows}
    obs = by_claimant["Observatory for Testing"]
    assert "Reported" in obs and '<td class="num">8</td>' in obs and '<td class="num">3–5</td>' in obs
    civ = by_claimant["Civil Defence Volunteers"]
    assert "Claimed" in civ and '<td class="num">3</td>' in civ
    # merged range over all claims
    assert '<td class="num">3–8</td>' in t
    # evidence with offsets
    assert "The Observatory said eight soldiers were killed." in t
    assert '<span class="offsets">45–93</span>' in t and '<span class="offsets">94–121</span>' in t
    # articles: headline (escaped), publisher, date, link
    assert "Example Wire" in t and "2024-03-05" in t
    assert 'href="https://news.example.org/2024/03/a1"' in t


def test_untrusted_text_is_escaped(client: httpx.Client) -> None:
    for path in ("/id/event/e1", "/id/article/a1", "/id/report/a1/1", "/id/publisher/example-wire",
                 "/id/graph/article/a1"):
        t = html(client, path).text
        assert "<script>alert" not in t, path
        assert "alert(&#39;pwned&#39;)" in t or path == "/id/publisher/example-wire", path
    t = html(client, "/id/article/a1").text
    assert '<h1 class="headline">Clashes near Tal Hadid &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; ' \
           "&amp; &#34;more&#34;</h1>" in t


def test_javascript_urls_are_not_linked(client: httpx.Client) -> None:
    t = html(client, "/id/article/a2").text
    assert 'href="javascript:' not in t.lower()
    assert "javascript:alert(1)" in t  # shown as text


def test_report_page(client: httpx.Client) -> None:
    t = html(client, "/id/report/a1/1").text
    assert '<dd class="claimant"><a href="/id/actor/observatory"' in t
    assert '<dd class="certainty">Reported</dd>' in t
    assert "0.85" in t
    assert 'href="/id/event/e1"' in t and 'href="/id/article/a1"' in t
    assert '<span class="offsets">45–93</span>' in t
    assert "Killed" in t and "Injured" in t and "3–5" in t
    assert 'href="/id/activity/f00d"' in t
    assert "<dt>Lead</dt>" in t
    assert "<dt>Lead</dt>" not in html(client, "/id/report/a1/2").text


def test_actor_page(client: httpx.Client) -> None:
    t = html(client, "/id/actor/northern-front").text
    assert "<h1>Northern Front</h1>" in t
    assert '<span class="alias">NF</span>' in t and "Jabhat al-Shamal al-Mukhtabar" in t
    assert '<dd class="actor-kind">Rebel group</dd>' in t
    assert 'href="/id/event/e1"' in t and "Actor 1" in t
    t = html(client, "/id/actor/republic-army").text
    assert 'href="http://www.wikidata.org/entity/Q0000001"' in t
    assert 'href="/id/event/e1"' in t and "Actor 2" in t
    t = html(client, "/id/actor/observatory").text
    assert "Reports claimed by this actor" in t and 'href="/id/report/a1/1"' in t


def test_place_page(client: httpx.Client) -> None:
    t = html(client, "/id/place/tal-hadid").text
    assert "<h1>Tal Hadid</h1>" in t
    assert '<dd class="coords">36.2021, 37.1343</dd>' in t
    assert '<dd class="admin1">North Province</dd>' in t
    assert 'href="https://sws.geonames.org/170063/"' in t
    assert 'href="/id/event/e1"' in t
    assert "POINT(37.1343 36.2021)" in t
    t = html(client, "/id/place/capital-city").text
    assert 'href="/id/event/e3"' in t and "2024-05-01 – 2024-05-31" in t


def test_article_page(client: httpx.Client) -> None:
    t = html(client, "/id/article/a1").text
    assert 'href="/id/report/a1/1"' in t and 'href="/id/report/a1/2"' in t
    assert "<mark>The Observatory said eight soldiers were killed.</mark>" in t
    assert "<mark>Volunteers said three died.</mark>" in t
    assert "Example Wire" in t and "2024-03-05" in t


def test_graph_page_and_download(client: httpx.Client) -> None:
    t = html(client, "/id/graph/article/a1").text
    assert 'href="/id/report/a1/1"' in t and 'class="triple-count"' in t
    g = parse(client.get("/id/graph/article/a1", headers={"Accept": "application/n-triples"}), "nt")
    assert (rdflib.URIRef(h.BASE + "article/a1"), RDF.type, CKG.Article) in g
    assert not any(s == E1 for s in g.subjects())  # the events graph is separate
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld")):
        g2 = parse(client.get(f"/id/graph/article/a1?format={fmt}"), parser)
        assert set(g2) == set(g)


def test_generic_page(client: httpx.Client) -> None:
    t = html(client, "/id/activity/f00d").text
    assert "en_core_web_sm" in t and "3.8.0" in t


# --------------------------------------------------------------------------- ontology

@pytest.fixture()
def test_ontology(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from conflictkg.server import resources

    d = h.write_ontology_dir(tmp_path / "ontology")
    monkeypatch.setenv("CONFLICTKG_ONTOLOGY_DIR", str(d))
    resources._ONTO_CACHE.clear()
    yield d
    resources._ONTO_CACHE.clear()


def test_ontology_html_and_turtle(client: httpx.Client, test_ontology: Path) -> None:
    r = html(client, "/ontology")
    assert "conflictkg test ontology" in r.text
    assert "A real-world conflict event." in r.text
    assert 'id="event-types"' in r.text and "Armed clash" in r.text
    assert "https://" not in "".join(re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', r.text))
    r = client.get("/ontology.ttl")
    assert r.headers["content-type"].startswith("text/turtle")
    g = parse(r, "turtle")
    assert (CKG.Event, RDF.type, OWL.Class) in g
    assert (CKG.ArmedClash, rdflib.namespace.SKOS.broader, CKG.Battles) in g
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_ontology_builtin_page_without_pylode(client: httpx.Client, test_ontology: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictkg.server import resources

    monkeypatch.setattr(resources, "_pylode_html", lambda onto: None)
    t = html(client, "/ontology").text
    assert "<h2>Classes</h2>" in t and "ckg:Event" in t and "A real-world conflict event." in t
    assert "actor 1" in t and "Armed clash" in t


def test_ontology_missing(client: httpx.Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from conflictkg.server import resources

    monkeypatch.setattr(resources, "ontology_dirs", lambda: [tmp_path / "nowhere"])
    resources._ONTO_CACHE.clear()
    assert client.get("/ontology.ttl").status_code == 404
    assert client.get("/ontology", headers={"Accept": BROWSER}).status_code == 404
    resources._ONTO_CACHE.clear()


def test_repository_ontology_is_served(client: httpx.Client) -> None:
    from conflictkg.server import resources

    if not resources.ontology_files():
        pytest.skip("ontology/*.ttl not present in this installation")
    resources._ONTO_CACHE.clear()
    g = parse(client.get("/ontology.ttl"), "turtle")
    assert (CKG.Event, RDF.type, OWL.Class) in g
    assert (CKG.ArmedClash, rdflib.namespace.SKOS.notation, rdflib.Literal("Armed clash")) in g or \
        any(g.objects(CKG.ArmedClash, rdflib.namespace.SKOS.notation))
    t = html(client, "/ontology").text
    assert "Armed clash" in t


# --------------------------------------------------------------------------- VoID

def expected_counts() -> tuple[int, dict[str, int]]:
    store = ox.Store()
    h.load_store(store)
    quads = len(store)
    classes = {}
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c"):
        classes[row["c"].value] = int(row["n"].value)
    return quads, classes


def test_void_counts(client: httpx.Client) -> None:
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = parse(r, "turtle")
    ds = rdflib.URIRef(h.BASE + "dataset")
    assert (ds, RDF.type, VOID.Dataset) in g and (ds, RDF.type, DCAT.Dataset) in g
    quads, classes = expected_counts()
    assert int(g.value(ds, VOID.triples)) == quads
    parts = {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)}
    assert parts == classes
    assert parts[h.CKG + "Event"] == 3 and parts[h.CKG + "Report"] == 4 and parts[h.CKG + "Actor"] == 6
    assert str(g.value(ds, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(g.value(ds, VOID.sparqlEndpoint)).endswith("/sparql")
    assert g.value(ds, DCTERMS.title) is not None
    dumps = sorted(str(d) for d in g.objects(ds, VOID.dataDump))
    assert len(dumps) == 2 and all(re.search(r"/dumps/conflictkg-\d{4}-\d{2}-\d{2}\.(nq|ttl)\.gz$", d) for d in dumps)
    dists = set(g.objects(ds, DCAT.distribution))
    for d in dumps:
        dist = rdflib.URIRef(d)
        assert dist in dists and (dist, RDF.type, DCAT.Distribution) in g
        assert str(g.value(dist, DCAT.downloadURL)) == d
        assert g.value(dist, DCAT.mediaType) is not None
    services = [d for d in dists if g.value(d, DCAT.accessService) is not None]
    assert services, "the SPARQL endpoint is a distribution too"


def test_void_negotiation(client: httpx.Client) -> None:
    t = html(client, "/.well-known/void").text
    quads, _ = expected_counts()
    assert f'<dd class="void-triples">{quads}</dd>' in t
    assert "https://creativecommons.org/licenses/by/4.0/" in t
    g = rdflib.Graph().parse(data=client.get("/.well-known/void?format=jsonld").text, format="json-ld")
    assert (rdflib.URIRef(h.BASE + "dataset"), RDF.type, VOID.Dataset) in g
    assert client.get("/.well-known/void", headers={"Accept": "application/n-triples"}).status_code == 200
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406


# --------------------------------------------------------------------------- static files, UI page

def test_static_files(client: httpx.Client) -> None:
    r = client.get("/static/ckg.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    r = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/vendor/world-atlas/countries-50m.json").status_code == 200
    for bad in ("/static/../resources.py", "/static/%2e%2e/resources.py", "/static/nope.js", "/static/"):
        assert client.get(bad).status_code == 404, bad


def test_ui_page_offline_and_preloaded(client: httpx.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "sparql"
    d.mkdir()
    (d / "b-second.rq").write_text("# title: Second <test> query\n# Counts things.\nSELECT * { ?s ?p ?o } LIMIT 1\n")
    (d / "a-first.rq").write_text("# title: First test query\nASK { ?s ?p ?o }\n")
    monkeypatch.setenv("CONFLICTKG_SPARQL_DIR", str(d))
    t = html(client, "/").text
    assert '<option value="a-first">First test query</option>' in t
    assert "Second &lt;test&gt; query" in t and "<test>" not in t.split('id="ckg-config"')[0][-2000:]
    config = re.search(r'<script type="application/json" id="ckg-config">(.*?)</script>', t, re.S).group(1)
    data = json.loads(config)
    assert [q["id"] for q in data["queries"]] == ["a-first", "b-second"]
    assert data["queries"][1]["description"] == "Counts things."
    assert data["endpoint"] == "/sparql" and data["base"] == h.BASE
    # nothing from a CDN: every script and stylesheet is served from /static
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', t)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    q = client.get("/ui/queries.json").json()
    assert q[0]["title"] == "First test query"


def test_ui_reads_repository_queries(client: httpx.Client) -> None:
    from conflictkg.server import ui

    queries = ui.load_queries()
    if not queries:
        pytest.skip("no sparql/*.rq in this installation")
    t = html(client, "/").text
    for q in queries:
        assert q["id"] in t


def test_head_requests(client: httpx.Client) -> None:
    for path, media in (("/id/event/e1", "text/turtle"), ("/.well-known/void", "text/turtle"),
                        ("/ontology.ttl", "text/turtle"), ("/static/ckg.css", "text/css")):
        r = client.head(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), path
        assert r.content == b""
    assert client.head("/id/event/nope", headers={"Accept": "text/turtle"}).status_code == 404
