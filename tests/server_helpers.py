"""Run the real conflictkg server (uvicorn) in a thread on a free loopback port, for tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from conflictkg.config import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
W3C = SHARED / "w3c-rdf-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # not in the main thread
        pass


@contextlib.contextmanager
def serve_in_thread(settings: Settings) -> Iterator[str]:
    """Start create_app(settings) under uvicorn; yield its base URL (no trailing slash)."""
    from conflictkg.server.app import create_app

    app = create_app(settings)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = ThreadedServer(config)
    thread = threading.Thread(target=server.run, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


BASE = "https://w3id.org/conflictkg/id/"
SAMPLE_PREFIXES = """\
@prefix ckg: <https://w3id.org/conflictkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix id: <https://w3id.org/conflictkg/id/> .
"""


def sample_trig(filler: int = 0) -> str:
    """Made-up data in the layout of docs/rdf-layout.md: two articles, one event, and
    ``filler`` extra triples in their own graph (for cartesian-product tests)."""
    out = [SAMPLE_PREFIXES]
    for n, (aid, town, killed, claimant) in enumerate(
            [("a1", "khanasir", 8, "sohr"), ("a2", "khanasir", 3, "white-helmets")], start=1):
        out.append(f"""
id:graph\\/article\\/{aid} {{
  id:article\\/{aid} a ckg:Article, schema:NewsArticle, prov:Entity ;
    schema:identifier "{aid}" ; schema:headline "Clashes near {town.title()} (story {n})" ;
    schema:datePublished "2016-12-2{n}"^^xsd:date .
  id:report\\/{aid}\\/1 a ckg:Report, prov:Entity ;
    rdfs:label "Armed clash: Islamic State vs Syrian Arab Army, {town.title()}" ;
    ckg:reportedIn id:article\\/{aid} ; ckg:eventType ckg:ArmedClash ;
    ckg:actor1 id:actor\\/islamic-state ; ckg:actor2 id:actor\\/saa ;
    ckg:location id:place\\/{town} ; ckg:date "2016-12-20"^^xsd:date ; ckg:timePrecision ckg:Day ;
    ckg:casualty id:report\\/{aid}\\/1\\/casualty\\/1 ; ckg:claimedBy id:actor\\/{claimant} ;
    ckg:certainty ckg:Claimed ; ckg:evidence "At least {killed} soldiers were killed." ;
    ckg:confidence 0.85 .
  id:report\\/{aid}\\/1\\/casualty\\/1 a ckg:Casualty ; ckg:casualtyType ckg:Killed ;
    ckg:minCount {killed} ; ckg:ofActor id:actor\\/saa .
  id:actor\\/islamic-state a ckg:Actor, sem:Actor, prov:Agent ; skos:prefLabel "Islamic State" ;
    skos:altLabel "ISIS", "Daesh" .
  id:actor\\/saa a ckg:Actor ; skos:prefLabel "Syrian Arab Army" .
  id:place\\/{town} a ckg:Place, sem:Place ; rdfs:label "{town.title()}" ;
    geo:lat 35.78159 ; geo:long 37.49919 ; ckg:countryCode "SY" .
}}
""")
    out.append("""
id:graph\\/events {
  id:event\\/e1 a ckg:Event, sem:Event ; rdfs:label "Armed clash at Khanasir" ;
    ckg:eventType ckg:ArmedClash ; ckg:location id:place\\/khanasir ; ckg:reportCount 2 .
  id:report\\/a1\\/1 ckg:reportOf id:event\\/e1 .
  id:report\\/a2\\/1 ckg:reportOf id:event\\/e1 .
}
""")
    if filler:
        out.append("<urn:x-test:filler> {\n")
        out.extend(f"  <urn:x-test:s{i}> <urn:x-test:p> {i} .\n" for i in range(filler))
        out.append("}\n")
    return "".join(out)


def write_sample(path: Path, filler: int = 0) -> Path:
    path.write_text(sample_trig(filler), encoding="utf-8")
    return path


class LoopbackTrap:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()
