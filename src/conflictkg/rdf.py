"""Article + Reports -> one rdflib Graph (the article's named graph), per docs/rdf-layout.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .iris import IRIs, digest
from .models import Actor, Article, Casualty, Place, Report
from .vocab import CKG, EVENT_TYPES, GEO, GEONAMES, GEOSPARQL, PREFIXES, SCHEMA, SEM, WD

KIND_NAMES = {"StateForces", "RebelGroup", "PoliticalMilitia", "IdentityMilitia", "Rioters", "Protesters",
              "Civilians", "ExternalForces", "Unidentified"}


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def date_literal(value: dt.date | dt.datetime) -> Literal:
    if isinstance(value, dt.datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def activity_fingerprint(model: str, model_version: str) -> str:
    return f"conflictkg-{__version__}-{model}-{model_version}".replace(" ", "_")


def actor_iri(iris: IRIs, actor: Actor) -> URIRef:
    if actor.key == "civilians" or actor.kind == "Civilians" and actor.key in ("civilians", "ckg-civilians"):
        return CKG.Civilians
    return iris.actor(actor.key)


def add_actor(g: Graph, iris: IRIs, actor: Actor, seen_aliases: set[str] | None = None) -> URIRef:
    node = actor_iri(iris, actor)
    if node == CKG.Civilians:
        return node
    g.add((node, RDF.type, CKG.Actor))
    g.add((node, RDF.type, SEM.Actor))
    g.add((node, RDF.type, PROV.Agent))
    g.set((node, SKOS.prefLabel, Literal(actor.label)))
    g.set((node, RDFS.label, Literal(actor.label)))
    for alias in sorted(seen_aliases or ()):
        if alias != actor.label:
            g.add((node, SKOS.altLabel, Literal(alias)))
    if actor.kind in KIND_NAMES:
        g.set((node, CKG.actorKind, CKG[actor.kind]))
    if actor.wikidata:
        g.set((node, OWL.sameAs, WD[actor.wikidata]))
    if actor.country:
        g.set((node, CKG.country, Literal(actor.country)))
    return node


def add_place(g: Graph, iris: IRIs, place: Place) -> URIRef:
    node = iris.place(place.key)
    g.add((node, RDF.type, CKG.Place))
    g.add((node, RDF.type, SEM.Place))
    g.add((node, RDF.type, GEOSPARQL.Feature))
    g.set((node, RDFS.label, Literal(place.label)))
    if place.lat is not None and place.lon is not None:
        lat, lon = Decimal(str(round(place.lat, 5))), Decimal(str(round(place.lon, 5)))
        g.set((node, GEO.lat, Literal(lat, datatype=XSD.decimal)))
        g.set((node, GEO.long, Literal(lon, datatype=XSD.decimal)))
        geom = iris.geometry(place.key)
        g.set((node, GEOSPARQL.hasGeometry, geom))
        g.set((geom, RDF.type, GEOSPARQL.Geometry))
        g.set((geom, GEOSPARQL.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEOSPARQL.wktLiteral)))
    if place.admin1:
        g.set((node, CKG.admin1, Literal(place.admin1)))
    if place.country_code:
        g.set((node, CKG.countryCode, Literal(place.country_code)))
    g.set((node, CKG.geoPrecision, Literal(int(place.precision), datatype=XSD.integer)))
    if place.geonames_id:
        g.set((node, OWL.sameAs, URIRef(f"{GEONAMES}{place.geonames_id}/")))
    return node


def add_casualty(g: Graph, iris: IRIs, node: URIRef, c: Casualty, aliases: dict[str, set[str]]) -> None:
    g.add((node, RDF.type, CKG.Casualty))
    g.add((node, CKG.casualtyType, CKG[c.type]))
    if c.min is not None:
        g.add((node, CKG.minCount, Literal(c.min, datatype=XSD.integer)))
    if c.max is not None:
        g.add((node, CKG.maxCount, Literal(c.max, datatype=XSD.integer)))
    if c.approximate:
        g.add((node, CKG.approximate, Literal(True)))
    if c.of_actor is not None:
        g.add((node, CKG.ofActor, add_actor(g, iris, c.of_actor, aliases.get(c.of_actor.key))))


def report_label(r: Report) -> str:
    parts = [EVENT_TYPES[r.event_type][1]]
    if r.actor1 is not None:
        parts.append(f": {r.actor1.label}")
        if r.actor2 is not None:
            parts.append(f" vs {r.actor2.label}")
    if r.location is not None:
        parts.append(f", {r.location.label}")
    if r.time.date:
        parts.append(f", {r.time.date.isoformat()}")
    return "".join(parts)


def add_time(g: Graph, node: URIRef, r_time: object) -> None:
    t = r_time  # TimeSpec
    if t.date:  # type: ignore[attr-defined]
        g.add((node, CKG.date, Literal(t.date.isoformat(), datatype=XSD.date)))  # type: ignore[attr-defined]
    else:
        if t.earliest:  # type: ignore[attr-defined]
            g.add((node, CKG.earliestDate, Literal(t.earliest.isoformat(), datatype=XSD.date)))  # type: ignore[attr-defined]
        if t.latest:  # type: ignore[attr-defined]
            g.add((node, CKG.latestDate, Literal(t.latest.isoformat(), datatype=XSD.date)))  # type: ignore[attr-defined]
    if t.month_day:  # type: ignore[attr-defined]
        g.add((node, CKG.monthDay, Literal(t.month_day, datatype=XSD.gMonthDay)))  # type: ignore[attr-defined]
    if t.text:  # type: ignore[attr-defined]
        g.add((node, CKG.dateText, Literal(t.text)))  # type: ignore[attr-defined]
    g.add((node, CKG.timePrecision, CKG[t.precision]))  # type: ignore[attr-defined]


def article_graph(article: Article, reports: list[Report], *, iris: IRIs, model: str = "unknown",
                  model_version: str = "unknown", aliases: dict[str, set[str]] | None = None) -> Graph:
    """The named graph of one article: the Article, its Reports and what they point at."""
    aliases = aliases or {}
    g = new_graph()
    art = iris.article(article.id)
    for cls in (CKG.Article, SCHEMA.NewsArticle, PROV.Entity):
        g.add((art, RDF.type, cls))
    g.add((art, SCHEMA.identifier, Literal(article.id)))
    if article.title:
        g.add((art, SCHEMA.headline, Literal(article.title)))
        g.add((art, RDFS.label, Literal(article.title)))
    if article.published:
        g.add((art, SCHEMA.datePublished, date_literal(article.published)))
    if article.publisher:
        pub = iris.publisher(article.publisher)
        g.add((art, SCHEMA.publisher, pub))
        g.add((pub, RDF.type, SCHEMA.Organization))
        g.add((pub, RDFS.label, Literal(article.publisher)))
    if article.url:
        g.add((art, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    g.add((art, SCHEMA.text, Literal(article.text)))
    g.add((art, CKG.contentHash, Literal(article.content_hash)))
    if article.source:
        g.add((art, DCTERMS.source, Literal(article.source)))

    activity = iris.activity(activity_fingerprint(model, model_version))
    if reports:
        g.add((activity, RDF.type, PROV.Activity))
        g.add((activity, RDF.type, CKG.ExtractionActivity))
        g.add((activity, RDFS.label, Literal(f"conflictkg {__version__} with {model} {model_version}")))
        g.add((activity, SCHEMA.softwareVersion, Literal(__version__)))
        g.add((activity, CKG.model, Literal(model)))
        g.add((activity, CKG.modelVersion, Literal(model_version)))

    for n, r in enumerate(reports, start=1):
        node = iris.report(article.id, n)
        g.add((node, RDF.type, CKG.Report))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDFS.label, Literal(report_label(r))))
        g.add((node, CKG.reportedIn, art))
        g.add((node, PROV.wasDerivedFrom, art))
        g.add((node, CKG.eventType, CKG[r.event_type]))
        if r.actor1 is not None:
            g.add((node, CKG.actor1, add_actor(g, iris, r.actor1, aliases.get(r.actor1.key))))
        if r.actor2 is not None:
            g.add((node, CKG.actor2, add_actor(g, iris, r.actor2, aliases.get(r.actor2.key))))
        for a in r.associated:
            g.add((node, CKG.associatedActor, add_actor(g, iris, a, aliases.get(a.key))))
        if r.location is not None:
            g.add((node, CKG.location, add_place(g, iris, r.location)))
        add_time(g, node, r.time)
        for k, c in enumerate(r.casualties, start=1):
            cnode = iris.casualty(article.id, n, k)
            g.add((node, CKG.casualty, cnode))
            add_casualty(g, iris, cnode, c, aliases)
        if r.claimed_by is not None:
            g.add((node, CKG.claimedBy, add_actor(g, iris, r.claimed_by, aliases.get(r.claimed_by.key))))
        g.add((node, CKG.certainty, CKG[r.certainty]))
        if r.evidence:
            start = min(e.start for e in r.evidence)
            end = max(e.end for e in r.evidence)
            g.add((node, CKG.evidence, Literal(article.text[start:end])))
            g.add((node, CKG.charStart, Literal(start, datatype=XSD.integer)))
            g.add((node, CKG.charEnd, Literal(end, datatype=XSD.integer)))
        g.add((node, CKG.confidence, Literal(Decimal(str(r.confidence)), datatype=XSD.decimal)))
        g.add((node, CKG.isBackground, Literal(bool(r.background))))
        g.add((node, CKG.isLead, Literal(bool(r.lead))))
        g.add((node, PROV.wasGeneratedBy, activity))
    return g


def graph_fingerprint(article: Article, model: str, model_version: str) -> str:
    """Changes when the text or the extractor changes: decides whether re-ingest is a no-op."""
    return digest(article.content_hash, article.title, article.published, article.publisher, article.url,
                  activity_fingerprint(model, model_version), n=32)


def split_shared(g: Graph, iris: IRIs) -> tuple[Graph, Graph]:
    """(the article's own triples, the shared entity triples) of an article graph.

    Actors, places, publishers and the extraction activity are described once, in the entities
    graph, so the union default graph holds each of their triples once (pyoxigraph's union is
    a bag: a triple stored in N graphs would match N times and inflate every count and sum).
    """
    shared_prefixes = iris.shared_prefixes()
    own, shared = new_graph(), new_graph()
    for t in g:
        (shared if str(t[0]).startswith(shared_prefixes) else own).add(t)
    return own, shared
