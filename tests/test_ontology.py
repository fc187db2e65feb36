"""The OWL ontology (ontology/conflictkg.ttl) and the SKOS event-type scheme
(ontology/event-types.ttl): both parse with rdflib and pyoxigraph, and they declare exactly
the closed vocabulary of conflictkg.vocab.CKG, with the structure DESIGN.md promises."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS, Namespace

from conflictkg import vocab
from conflictkg.vocab import CKG, CKG_NS, EVENT_TYPES, PARENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
OWL_FILE = ROOT / "ontology" / "conflictkg.ttl"
SCHEME_FILE = ROOT / "ontology" / "event-types.ttl"
FILES = [OWL_FILE, SCHEME_FILE]

ONTOLOGY_IRI = URIRef("https://w3id.org/conflictkg/ontology")
SCHEMA = Namespace(vocab.PREFIXES["schema"])
SEM = vocab.SEM
GEOSPARQL = vocab.GEOSPARQL
VANN = Namespace("http://purl.org/vocab/vann/")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
PLOVER = "https://github.com/openeventdata/PLOVER#"
PLOVER_CATEGORIES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "FIGHT",
}
CAMEO = "http://eventdata.parusanalytics.com/cameo#"

VOCAB_TERMS = {URIRef(CKG_NS + name) for name in CKG.__annotations__}
SUB_TYPES = {URIRef(CKG_NS + name): (URIRef(CKG_NS + parent), label) for name, (parent, label) in EVENT_TYPES.items()}
TOP_TYPES = {URIRef(CKG_NS + name): label for name, label in PARENT_TYPES.items()}
CLASS_NAMES = [
    "Article", "Report", "Event", "Actor", "Place", "Casualty", "Evidence", "ExtractionActivity",
    "EventType", "ActorKind", "TimePrecision", "CasualtyType", "Certainty",
]
# properties are the lower-case terms of vocab.CKG
PROPERTY_TERMS = {URIRef(CKG_NS + name) for name in CKG.__annotations__ if name[0].islower()}


@pytest.fixture(scope="module")
def owl_graph() -> Graph:
    return Graph().parse(OWL_FILE, format="turtle")


@pytest.fixture(scope="module")
def scheme_graph() -> Graph:
    return Graph().parse(SCHEME_FILE, format="turtle")


@pytest.fixture(scope="module")
def g(owl_graph: Graph, scheme_graph: Graph) -> Graph:
    both = Graph()
    for t in owl_graph:
        both.add(t)
    for t in scheme_graph:
        both.add(t)
    return both


def _ckg(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(CKG_NS)


def _labels(g: Graph, term: URIRef) -> list:
    return list(g.objects(term, RDFS.label)) + list(g.objects(term, SKOS.prefLabel))


def _classes(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, OWL.Class) if _ckg(s)}


def _properties(g: Graph) -> set[URIRef]:
    return {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, kind)
        if _ckg(s)
    }


def _class_members(g: Graph, expr: object) -> set:
    """A named class, or the members of an owl:unionOf."""
    if isinstance(expr, BNode):
        union = g.value(expr, OWL.unionOf)
        assert union is not None, "anonymous domain/range must be an owl:unionOf"
        return set(Collection(g, union))
    return {expr}


# --- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    with path.open("rb") as f:
        quads = list(pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph) > 100


def test_pyoxigraph_store_sees_the_scheme() -> None:
    store = pyoxigraph.Store()
    for path in FILES:
        with path.open("rb") as f:
            store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    query = """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        SELECT (COUNT(DISTINCT ?sub) AS ?n) WHERE {
          ?sub a ckg:EventType ; skos:inScheme ckg:EventTypeScheme ; skos:broader ?top .
          ?top skos:topConceptOf ckg:EventTypeScheme .
        }"""
    (row,) = list(store.query(query))
    assert int(row["n"].value) == 25


# --- vocab.CKG and the files stay in step --------------------------------------------


def test_every_vocab_term_is_declared_with_a_label(g: Graph) -> None:
    assert len(VOCAB_TERMS) > 100
    for term in sorted(VOCAB_TERMS):
        assert any(g.objects(term, RDF.type)), f"{term} is not declared"
        assert _labels(g, term), f"{term} has no label"


def test_every_declared_term_is_in_vocab(g: Graph) -> None:
    declared = {s for s in g.subjects(RDF.type, None) if _ckg(s)}
    assert declared - VOCAB_TERMS == set()


def test_no_unknown_ckg_term_is_used(g: Graph) -> None:
    used = {t for triple in g for t in triple if _ckg(t)}
    assert used - VOCAB_TERMS == set()


def test_labels_are_plain_and_single(g: Graph) -> None:
    for term in VOCAB_TERMS:
        for prop in (RDFS.label, SKOS.prefLabel):
            values = list(g.objects(term, prop))
            assert len(values) <= 1, f"{term} has several {prop}"
            for v in values:
                assert isinstance(v, Literal) and v.language is None and v.datatype is None


# --- ontology header -----------------------------------------------------------------


def test_ontology_header(owl_graph: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in owl_graph
    assert owl_graph.value(ONTOLOGY_IRI, DCTERMS.title)
    assert owl_graph.value(ONTOLOGY_IRI, DCTERMS.description)
    assert owl_graph.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert owl_graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert owl_graph.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("ckg")


# --- classes and properties ----------------------------------------------------------


def test_classes_and_properties_are_documented(g: Graph) -> None:
    assert _classes(g) == {URIRef(CKG_NS + name) for name in CLASS_NAMES}
    assert _properties(g) == PROPERTY_TERMS
    terms = _classes(g) | _properties(g)
    for term in terms:
        assert g.value(term, RDFS.label), f"{term} has no rdfs:label"
        comment = g.value(term, RDFS.comment)
        assert comment and len(str(comment)) > 20, f"{term} has no rdfs:comment"
        assert g.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_properties_have_domain_and_range(g: Graph) -> None:
    classes = _classes(g)
    for prop in _properties(g):
        domain = g.value(prop, RDFS.domain)
        rng = g.value(prop, RDFS.range)
        assert domain is not None, f"{prop} has no rdfs:domain"
        assert rng is not None, f"{prop} has no rdfs:range"
        assert _class_members(g, domain) <= classes, f"{prop} domain is not a ckg class"
        if (prop, RDF.type, OWL.DatatypeProperty) in g:
            assert str(rng).startswith(XSD_NS), f"{prop} range should be an XSD datatype"
            assert (prop, RDF.type, OWL.ObjectProperty) not in g
        else:
            assert rng in classes, f"{prop} range should be a ckg class"


def test_shared_properties_do_not_conflate_reports_and_events(g: Graph) -> None:
    for name in ("eventType", "actor1", "actor2", "associatedActor", "location", "date",
                 "earliestDate", "latestDate", "dateText", "monthDay", "timePrecision", "casualty"):
        domain = g.value(CKG[name], RDFS.domain)
        assert _class_members(g, domain) == {CKG.Report, CKG.Event}, name


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (CKG.Article, SCHEMA.NewsArticle),
        (CKG.Article, PROV.Entity),
        (CKG.Report, PROV.Entity),
        (CKG.Event, SEM.Event),
        (CKG.Actor, SEM.Actor),
        (CKG.Actor, PROV.Agent),
        (CKG.Place, SEM.Place),
        (CKG.Place, GEOSPARQL.Feature),
        (CKG.EventType, SKOS.Concept),
        (CKG.ExtractionActivity, PROV.Activity),
    ],
)
def test_class_alignment(g: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in g


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (CKG.actor1, SEM.hasActor),
        (CKG.actor2, SEM.hasActor),
        (CKG.associatedActor, SEM.hasActor),
        (CKG.location, SEM.hasPlace),
        (CKG.reportedIn, PROV.wasDerivedFrom),
        (CKG.claimedBy, PROV.wasAttributedTo),
        (CKG.date, SEM.hasTimeStamp),
        (CKG.earliestDate, SEM.hasEarliestBeginTimeStamp),
        (CKG.latestDate, SEM.hasLatestEndTimeStamp),
    ],
)
def test_property_alignment(g: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subPropertyOf, sup) in g


# --- individuals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "names"),
    [
        (CKG.TimePrecision, ["Day", "Week", "Month", "Year", "Unknown"]),
        (CKG.CasualtyType, ["Killed", "Injured", "Captured", "Abducted", "Missing"]),
        (CKG.Certainty, ["Reported", "Claimed", "Disputed", "Denied"]),
        (CKG.ActorKind, ["StateForces", "RebelGroup", "PoliticalMilitia", "IdentityMilitia",
                         "Rioters", "Protesters", "Civilians", "ExternalForces", "Unidentified"]),
    ],
)
def test_closed_sets_of_individuals(g: Graph, cls: URIRef, names: list[str]) -> None:
    members = [CKG[n] for n in names]
    assert set(g.subjects(RDF.type, cls)) == set(members)
    assert list(Collection(g, g.value(cls, OWL.oneOf))) == members
    for m in members:
        assert (m, RDF.type, OWL.NamedIndividual) in g
        assert g.value(m, RDFS.label) and g.value(m, RDFS.comment)


def test_actor_kinds_carry_acled_inter_codes(g: Graph) -> None:
    codes = {
        "StateForces": 1, "RebelGroup": 2, "PoliticalMilitia": 3, "IdentityMilitia": 4,
        "Rioters": 5, "Protesters": 6, "Civilians": 7, "ExternalForces": 8,
    }
    for name, code in codes.items():
        assert list(g.objects(CKG[name], SKOS.notation)) == [Literal(code)], name
    assert g.value(CKG.Unidentified, SKOS.notation) is None


def test_civilians_is_also_an_actor(g: Graph) -> None:
    assert (CKG.Civilians, RDF.type, CKG.Actor) in g
    assert (CKG.Civilians, RDF.type, CKG.ActorKind) in g
    assert list(g.objects(CKG.Civilians, SKOS.prefLabel)) == [Literal("Civilians")]


# --- the event-type scheme -----------------------------------------------------------


def test_scheme_is_declared(scheme_graph: Graph) -> None:
    sg = scheme_graph
    assert (CKG.EventTypeScheme, RDF.type, SKOS.ConceptScheme) in sg
    assert set(sg.objects(CKG.EventTypeScheme, SKOS.hasTopConcept)) == set(TOP_TYPES)


def test_scheme_has_six_top_concepts(scheme_graph: Graph) -> None:
    sg = scheme_graph
    tops = set(sg.subjects(SKOS.topConceptOf, CKG.EventTypeScheme))
    assert tops == set(TOP_TYPES) and len(tops) == 6
    for top, label in TOP_TYPES.items():
        assert list(sg.objects(top, SKOS.notation)) == [Literal(label)]
        assert list(sg.objects(top, SKOS.prefLabel)) == [Literal(label)]
        assert sg.value(top, SKOS.broader) is None


def test_scheme_has_twenty_five_sub_event_types(scheme_graph: Graph) -> None:
    sg = scheme_graph
    subs = {s for s in sg.subjects(SKOS.broader, None)}
    assert subs == set(SUB_TYPES) and len(subs) == 25
    for sub, (parent, label) in SUB_TYPES.items():
        assert list(sg.objects(sub, SKOS.broader)) == [parent], sub
        assert list(sg.objects(sub, SKOS.notation)) == [Literal(label)], sub
        assert list(sg.objects(sub, SKOS.prefLabel)) == [Literal(label)], sub
        assert (sub, SKOS.topConceptOf, CKG.EventTypeScheme) not in sg


def test_acled_labels_spot_check(scheme_graph: Graph) -> None:
    sg = scheme_graph
    assert sg.value(CKG.AirDroneStrike, SKOS.notation) == Literal("Air/drone strike")
    assert sg.value(CKG.ShellingArtilleryMissileAttack, SKOS.notation) == Literal("Shelling/artillery/missile attack")
    assert sg.value(CKG.ExplosionsRemoteViolence, SKOS.notation) == Literal("Explosions/Remote violence")


def test_every_concept_is_typed_defined_and_in_scheme(scheme_graph: Graph) -> None:
    sg = scheme_graph
    concepts = set(TOP_TYPES) | set(SUB_TYPES)
    assert set(sg.subjects(SKOS.inScheme, CKG.EventTypeScheme)) == concepts
    assert set(sg.subjects(RDF.type, SKOS.Concept)) == concepts
    assert set(sg.subjects(RDF.type, CKG.EventType)) == concepts
    definitions = set()
    for c in concepts:
        (definition,) = list(sg.objects(c, SKOS.definition))
        assert len(str(definition)) > 30, c
        definitions.add(str(definition))
    assert len(definitions) == len(concepts), "definitions must not repeat"


def test_close_matches_point_at_plover_and_cameo(scheme_graph: Graph) -> None:
    sg = scheme_graph
    targets = list(sg.objects(None, SKOS.closeMatch))
    assert targets
    for t in targets:
        s = str(t)
        if s.startswith(PLOVER):
            assert s.removeprefix(PLOVER) in PLOVER_CATEGORIES, s
        else:
            assert s.startswith(CAMEO), s
            code = s.removeprefix(CAMEO)
            assert len(code) == 2 and 1 <= int(code) <= 20, s
    expected = {
        CKG.ArmedClash: PLOVER + "FIGHT",
        CKG.Attack: PLOVER + "ASSAULT",
        CKG.PeacefulProtest: PLOVER + "PROTEST",
        CKG.Agreement: PLOVER + "AGREE",
    }
    for concept, target in expected.items():
        assert (concept, SKOS.closeMatch, URIRef(target)) in sg
    assert (CKG.Protests, SKOS.closeMatch, URIRef(CAMEO + "14")) in sg
    assert (CKG.Battles, SKOS.closeMatch, URIRef(CAMEO + "19")) in sg
