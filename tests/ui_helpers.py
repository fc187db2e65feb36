"""Test helpers for the linked-data site, dumps, VoID and web UI tests.

* ``TRIG``: a small made-up knowledge graph that follows docs/rdf-layout.md (three
  articles, four reports, three events), with hostile text in an article headline.
* ``StandInEngine``: the query-engine API the server puts on ``app.state.engine``
  (``select_json``, ``construct_nt``, ``ask``, ``dump_to_file``, ``settings``) over an
  in-process pyoxigraph Store; used only while the real ``conflictkg.server.app`` is absent.
* ``serve_app``: a real uvicorn server on a free loopback port, in a thread (as httpx's
  own tests do), for the real app when it exists and otherwise for a small stand-in app
  that includes our routers and a minimal ``/sparql``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import importlib.util
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from conflictkg.config import Settings

BASE = "https://w3id.org/conflictkg/id/"
CKG = "https://w3id.org/conflictkg/ontology#"

HOSTILE_HEADLINE = "Clashes near Tal Hadid <script>alert('pwned')</script> & \"more\""

TRIG = """
@prefix ckg: <https://w3id.org/conflictkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/conflictkg/id/> .

id:graph\\/article\\/a1 {
  id:article\\/a1 a ckg:Article, schema:NewsArticle, prov:Entity ;
    schema:identifier "a1" ;
    schema:headline "HEADLINE_A1" ;
    schema:datePublished "2024-03-05"^^xsd:date ;
    schema:publisher id:publisher\\/example-wire ;
    schema:url "https://news.example.org/2024/03/a1"^^xsd:anyURI ;
    schema:text "Fighting broke out on Monday near Tal Hadid. The Observatory said eight soldiers were killed. Volunteers said three died." ;
    ckg:contentHash "0000000000000000000000000000000000000000000000000000000000000001" ;
    dcterms:source "a1.txt" .
  id:publisher\\/example-wire a schema:Organization ; rdfs:label "Example Wire" .

  id:report\\/a1\\/1 a ckg:Report, prov:Entity ;
    rdfs:label "Armed clash: Northern Front vs Republic Army, Tal Hadid" ;
    ckg:reportedIn id:article\\/a1 ; prov:wasDerivedFrom id:article\\/a1 ;
    ckg:eventType ckg:ArmedClash ;
    ckg:actor1 id:actor\\/northern-front ; ckg:actor2 id:actor\\/republic-army ;
    ckg:location id:place\\/tal-hadid ;
    ckg:date "2024-03-04"^^xsd:date ; ckg:dateText "on Monday" ; ckg:timePrecision ckg:Day ;
    ckg:casualty id:report\\/a1\\/1\\/casualty\\/1 , id:report\\/a1\\/1\\/casualty\\/2 ;
    ckg:claimedBy id:actor\\/observatory ; ckg:certainty ckg:Reported ;
    ckg:evidence "The Observatory said eight soldiers were killed." ;
    ckg:charStart 45 ; ckg:charEnd 93 ;
    ckg:confidence 0.85 ; ckg:isBackground false ; ckg:isLead true ;
    prov:wasGeneratedBy id:activity\\/f00d .
  id:report\\/a1\\/1\\/casualty\\/1 a ckg:Casualty ; ckg:casualtyType ckg:Killed ;
    ckg:minCount 8 ; ckg:maxCount 8 ; ckg:ofActor id:actor\\/republic-army .
  id:report\\/a1\\/1\\/casualty\\/2 a ckg:Casualty ; ckg:casualtyType ckg:Injured ;
    ckg:minCount 3 ; ckg:maxCount 5 ; ckg:ofActor id:actor\\/republic-army .

  id:report\\/a1\\/2 a ckg:Report, prov:Entity ;
    rdfs:label "Armed clash: Northern Front vs Republic Army, Tal Hadid" ;
    ckg:reportedIn id:article\\/a1 ; prov:wasDerivedFrom id:article\\/a1 ;
    ckg:eventType ckg:ArmedClash ;
    ckg:actor1 id:actor\\/northern-front ; ckg:actor2 id:actor\\/republic-army ;
    ckg:location id:place\\/tal-hadid ;
    ckg:date "2024-03-04"^^xsd:date ; ckg:timePrecision ckg:Day ;
    ckg:casualty id:report\\/a1\\/2\\/casualty\\/1 ;
    ckg:claimedBy id:actor\\/civil-defence ; ckg:certainty ckg:Claimed ;
    ckg:evidence "Volunteers said three died." ;
    ckg:charStart 94 ; ckg:charEnd 121 ;
    ckg:confidence 0.7 ; ckg:isBackground false ; ckg:isLead false ;
    prov:wasGeneratedBy id:activity\\/f00d .
  id:report\\/a1\\/2\\/casualty\\/1 a ckg:Casualty ; ckg:casualtyType ckg:Killed ;
    ckg:minCount 3 ; ckg:maxCount 3 .

  id:actor\\/northern-front a ckg:Actor, sem:Actor, prov:Agent ;
    skos:prefLabel "Northern Front" ; skos:altLabel "NF", "Jabhat al-Shamal al-Mukhtabar" ;
    ckg:actorKind ckg:RebelGroup ; ckg:country "XS" .
  id:actor\\/republic-army a ckg:Actor, sem:Actor, prov:Agent ;
    skos:prefLabel "Republic Army" ; skos:altLabel "RA" ;
    ckg:actorKind ckg:StateForces ; ckg:country "XS" ;
    owl:sameAs <http://www.wikidata.org/entity/Q0000001> .
  id:actor\\/observatory a ckg:Actor, sem:Actor, prov:Agent ;
    skos:prefLabel "Observatory for Testing" ; ckg:actorKind ckg:ExternalForces .
  id:actor\\/civil-defence a ckg:Actor, sem:Actor, prov:Agent ;
    skos:prefLabel "Civil Defence Volunteers" ; ckg:actorKind ckg:Civilians .

  id:place\\/tal-hadid a ckg:Place, sem:Place, geosparql:Feature ;
    rdfs:label "Tal Hadid" ; geo:lat 36.2021 ; geo:long 37.1343 ;
    geosparql:hasGeometry id:place\\/tal-hadid\\/geometry ;
    ckg:admin1 "North Province" ; ckg:countryCode "SY" ; ckg:geoPrecision 1 ;
    owl:sameAs <https://sws.geonames.org/170063/> .
  id:place\\/tal-hadid\\/geometry a geosparql:Geometry ;
    geosparql:asWKT "POINT(37.1343 36.2021)"^^geosparql:wktLiteral .

  id:activity\\/f00d a prov:Activity, ckg:ExtractionActivity ;
    rdfs:label "conflictkg 0.1.0 with en_core_web_sm 3.8.0" ;
    schema:softwareVersion "0.1.0" ; ckg:model "en_core_web_sm" ; ckg:modelVersion "3.8.0" .
}

id:graph\\/article\\/a2 {
  id:article\\/a2 a ckg:Article, schema:NewsArticle, prov:Entity ;
    schema:identifier "a2" ;
    schema:headline "Air strike hits market in Kafr Sample" ;
    schema:datePublished "2024-04-11T08:30:00Z"^^xsd:dateTime ;
    schema:publisher id:publisher\\/daily-sample ;
    schema:url "javascript:alert(1)"^^xsd:anyURI ;
    schema:text "Dozens of civilians were killed when an air strike hit the market." ;
    ckg:contentHash "0000000000000000000000000000000000000000000000000000000000000002" ;
    dcterms:source "a2.html" .
  id:publisher\\/daily-sample a schema:Organization ; rdfs:label "Daily Sample" .
  id:report\\/a2\\/1 a ckg:Report, prov:Entity ;
    rdfs:label "Air/drone strike: Unidentified Armed Group (Syria), Kafr Sample" ;
    ckg:reportedIn id:article\\/a2 ; prov:wasDerivedFrom id:article\\/a2 ;
    ckg:eventType ckg:AirDroneStrike ;
    ckg:actor1 id:actor\\/unidentified-armed-group-sy ; ckg:actor2 ckg:Civilians ;
    ckg:location id:place\\/kafr-sample ;
    ckg:date "2024-04-10"^^xsd:date ; ckg:timePrecision ckg:Day ;
    ckg:casualty id:report\\/a2\\/1\\/casualty\\/1 ;
    ckg:certainty ckg:Reported ;
    ckg:evidence "Dozens of civilians were killed when an air strike hit the market." ;
    ckg:charStart 0 ; ckg:charEnd 66 ;
    ckg:confidence 0.9 ; ckg:isBackground false ;
    prov:wasGeneratedBy id:activity\\/f00d .
  id:report\\/a2\\/1\\/casualty\\/1 a ckg:Casualty ; ckg:casualtyType ckg:Killed ;
    ckg:minCount 24 ; ckg:approximate true ; ckg:ofActor ckg:Civilians .
  id:actor\\/unidentified-armed-group-sy a ckg:Actor, sem:Actor, prov:Agent ;
    skos:prefLabel "Unidentified Armed Group (Syria)" ; ckg:actorKind ckg:Unidentified ; ckg:country "SY" .
  id:place\\/kafr-sample a ckg:Place, sem:Place, geosparql:Feature ;
    rdfs:label "Kafr Sample" ; geo:lat 35.5 ; geo:long 36.6 ;
    ckg:admin1 "West Province" ; ckg:countryCode "SY" ; ckg:geoPrecision 2 .
}

id:graph\\/article\\/a%203 {
  id:article\\/a%203 a ckg:Article, schema:NewsArticle, prov:Entity ;
    schema:identifier "a 3" ;
    schema:headline "Protesters gather in the capital" ;
    schema:text "In May, hundreds protested in the capital." ;
    ckg:contentHash "0000000000000000000000000000000000000000000000000000000000000003" ;
    dcterms:source "a 3.txt" .
  id:report\\/a%203\\/1 a ckg:Report, prov:Entity ;
    rdfs:label "Peaceful protest: Protesters (Syria), Capital City" ;
    ckg:reportedIn id:article\\/a%203 ; prov:wasDerivedFrom id:article\\/a%203 ;
    ckg:eventType ckg:PeacefulProtest ;
    ckg:actor1 id:actor\\/protesters-sy ;
    ckg:location id:place\\/capital-city ;
    ckg:earliestDate "2024-05-01"^^xsd:date ; ckg:latestDate "2024-05-31"^^xsd:date ;
    ckg:dateText "In May" ; ckg:timePrecision ckg:Month ;
    ckg:certainty ckg:Reported ;
    ckg:evidence "In May, hundreds protested in the capital." ;
    ckg:charStart 0 ; ckg:charEnd 42 ;
    ckg:confidence 0.6 ; ckg:isBackground false .
  id:actor\\/protesters-sy a ckg:Actor, sem:Actor, prov:Agent ;
    skos:prefLabel "Protesters (Syria)" ; ckg:actorKind ckg:Protesters ; ckg:country "SY" .
  id:place\\/capital-city a ckg:Place, sem:Place, geosparql:Feature ;
    rdfs:label "Capital City" ; geo:lat 33.5 ; geo:long 36.3 ;
    ckg:countryCode "SY" ; ckg:geoPrecision 1 .
}

id:graph\\/events {
  id:event\\/e1 a ckg:Event, sem:Event ;
    rdfs:label "Armed clash: Northern Front vs Republic Army, Tal Hadid" ;
    ckg:eventType ckg:ArmedClash ;
    ckg:actor1 id:actor\\/northern-front ; ckg:actor2 id:actor\\/republic-army ;
    ckg:location id:place\\/tal-hadid ;
    ckg:date "2024-03-04"^^xsd:date ; ckg:timePrecision ckg:Day ;
    ckg:casualty id:event\\/e1\\/casualty\\/1 , id:event\\/e1\\/casualty\\/2 ;
    ckg:reportCount 2 .
  id:event\\/e1\\/casualty\\/1 a ckg:Casualty ; ckg:casualtyType ckg:Killed ; ckg:minCount 3 ; ckg:maxCount 8 .
  id:event\\/e1\\/casualty\\/2 a ckg:Casualty ; ckg:casualtyType ckg:Injured ; ckg:minCount 3 ; ckg:maxCount 5 .
  id:report\\/a1\\/1 ckg:reportOf id:event\\/e1 .
  id:report\\/a1\\/2 ckg:reportOf id:event\\/e1 .

  id:event\\/e2 a ckg:Event, sem:Event ;
    rdfs:label "Air/drone strike: Unidentified Armed Group (Syria), Kafr Sample" ;
    ckg:eventType ckg:AirDroneStrike ;
    ckg:actor1 id:actor\\/unidentified-armed-group-sy ; ckg:actor2 ckg:Civilians ;
    ckg:location id:place\\/kafr-sample ;
    ckg:date "2024-04-10"^^xsd:date ; ckg:timePrecision ckg:Day ;
    ckg:casualty id:event\\/e2\\/casualty\\/1 ;
    ckg:reportCount 1 .
  id:event\\/e2\\/casualty\\/1 a ckg:Casualty ; ckg:casualtyType ckg:Killed ; ckg:minCount 24 ; ckg:approximate true .
  id:report\\/a2\\/1 ckg:reportOf id:event\\/e2 .

  id:event\\/e3 a ckg:Event, sem:Event ;
    rdfs:label "Peaceful protest: Protesters (Syria), Capital City" ;
    ckg:eventType ckg:PeacefulProtest ;
    ckg:actor1 id:actor\\/protesters-sy ;
    ckg:location id:place\\/capital-city ;
    ckg:earliestDate "2024-05-01"^^xsd:date ; ckg:latestDate "2024-05-31"^^xsd:date ;
    ckg:timePrecision ckg:Month ;
    ckg:reportCount 1 .
  id:report\\/a%203\\/1 ckg:reportOf id:event\\/e3 .
}
""".replace("HEADLINE_A1", HOSTILE_HEADLINE.replace("\\", "\\\\").replace('"', '\\"'))

ONTOLOGY_TTL = """
@prefix ckg: <https://w3id.org/conflictkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
<https://w3id.org/conflictkg/ontology> a owl:Ontology ;
  dcterms:title "conflictkg test ontology" ;
  dcterms:description "Stand-in ontology for the tests." .
ckg:Event a owl:Class ; rdfs:subClassOf sem:Event ; rdfs:label "Event" ;
  rdfs:comment "A real-world conflict event." ; rdfs:isDefinedBy <https://w3id.org/conflictkg/ontology> .
ckg:Report a owl:Class ; rdfs:label "Report" ; rdfs:comment "One article's account of one event." .
ckg:actor1 a owl:ObjectProperty ; rdfs:label "actor 1" ; rdfs:domain ckg:Event ;
  rdfs:comment "The initiating actor." .
"""

EVENT_TYPES_TTL = """
@prefix ckg: <https://w3id.org/conflictkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ckg:EventTypeScheme a skos:ConceptScheme ; skos:prefLabel "conflictkg event types"@en .
ckg:Battles a skos:Concept ; skos:inScheme ckg:EventTypeScheme ; skos:prefLabel "Battles"@en ;
  skos:notation "Battles" ; skos:topConceptOf ckg:EventTypeScheme .
ckg:ArmedClash a skos:Concept ; skos:inScheme ckg:EventTypeScheme ; skos:prefLabel "Armed clash"@en ;
  skos:notation "Armed clash" ; skos:broader ckg:Battles ;
  skos:definition "Two organised armed groups fight."@en .
"""

# (IRI path under the base, expected text on its HTML page)
EVENT_E1 = BASE + "event/e1"


def load_store(store: ox.Store) -> None:
    store.load(io.BytesIO(TRIG.encode()), ox.RdfFormat.TRIG)


def write_ontology_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "conflictkg.ttl").write_text(ONTOLOGY_TTL, encoding="utf-8")
    (path / "event-types.ttl").write_text(EVENT_TYPES_TTL, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- stand-in engine

def _term_json(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


class StandInEngine:
    """The engine API of ``app.state.engine`` over an in-process pyoxigraph Store."""

    def __init__(self, store: ox.Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def _query(self, q: str):  # noqa: ANN202
        return self.store.query(q, use_default_graph_as_union=True)

    async def select_json(self, query: str) -> dict:
        res = self._query(query)
        if isinstance(res, ox.QueryBoolean):
            return {"head": {}, "boolean": bool(res)}
        variables = [v.value for v in res.variables]
        bindings = []
        for sol in res:
            row = {}
            for v in variables:
                t = sol[v]
                if t is not None:
                    row[v] = _term_json(t)
            bindings.append(row)
        return {"head": {"vars": variables}, "results": {"bindings": bindings}}

    async def construct_nt(self, query: str) -> bytes:
        buf = io.BytesIO()
        ox.serialize(self._query(query), buf, ox.RdfFormat.N_TRIPLES)
        return buf.getvalue()

    async def ask(self, query: str) -> bool:
        return bool(self._query(query))

    async def dump_to_file(self, path: str, fmt: str) -> None:
        def run() -> None:
            with open(path, "wb") as out:
                if fmt == "nquads":
                    self.store.dump(out, ox.RdfFormat.N_QUADS)
                elif fmt == "turtle":
                    ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in self.store),
                                 out, ox.RdfFormat.TURTLE)
                else:
                    raise ValueError(fmt)
        await asyncio.to_thread(run)


# --------------------------------------------------------------------------- apps and servers

def real_app_available() -> bool:
    """True when the SPARQL-endpoint engineer's ``create_app`` and engine exist."""
    try:
        return (importlib.util.find_spec("conflictkg.server.app") is not None
                and importlib.util.find_spec("conflictkg.server.engine") is not None)
    except ModuleNotFoundError:
        return False


def stand_in_app(engine: StandInEngine):  # noqa: ANN201
    """Our routers plus a minimal SPARQL protocol endpoint, over the stand-in engine."""
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse

    app = FastAPI()
    app.state.engine = engine
    for name in ("resources", "void", "dumps", "ui"):
        mod = importlib.import_module(f"conflictkg.server.{name}")
        app.include_router(mod.router)

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> JSONResponse:
        if request.method == "POST":
            form = await request.form()
            query = str(form.get("query", ""))
        else:
            query = request.query_params.get("query", "")
        try:
            data = await engine.select_json(query)
        except SyntaxError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(data, media_type="application/sparql-results+json")

    return app


def build_app(tmp: Path, *, real: bool | None = None):  # noqa: ANN201
    """The app under test, data loaded: the real ``create_app`` (its engine bulk-loads a
    TriG file given as the store) when it exists, else the stand-in app."""
    tmp.mkdir(parents=True, exist_ok=True)
    dump_dir = tmp / "dumps"
    if real is None:
        real = real_app_available()
    if real:
        data = tmp / "data.trig"
        data.write_text(TRIG, encoding="utf-8")
        settings = Settings(store=str(data), query_timeout=30.0,
                            extra={"dump_dir": str(dump_dir), "workers": 2})
        app_mod = importlib.import_module("conflictkg.server.app")
        return app_mod.create_app(settings)
    store = ox.Store()
    load_store(store)
    settings = Settings(store=str(tmp / "no-store"), extra={"dump_dir": str(dump_dir)})
    return stand_in_app(StandInEngine(store, settings))


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(app) -> Iterator[str]:  # noqa: ANN001
    """Run ``app`` under uvicorn in a thread on a free port; yields the base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def dumps_json(obj: object) -> str:
    return json.dumps(obj, indent=1, sort_keys=True)
