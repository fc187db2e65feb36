"""SHACL shapes (shapes/conflictkg-shapes.ttl) against hand-written good and bad graphs.

Validation is run the way the tool runs it: pyshacl with the ontology and the event-type
scheme as ont_graph, no inference. Each bad graph under tests/data/shapes/bad/ has exactly one
flaw, and the test checks that the flaw, and nothing else, is what gets reported: the
source shape, the result path and the constraint component of every validation result.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from conflictkg.vocab import CKG, CKG_NS, EVENT_TYPES, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILES = [ROOT / "ontology" / "conflictkg.ttl", ROOT / "ontology" / "event-types.ttl"]
SHAPES_FILE = ROOT / "shapes" / "conflictkg-shapes.ttl"
DATA = ROOT / "tests" / "data" / "shapes"
CKGSH = Namespace("https://w3id.org/conflictkg/shapes#")
TARGET_CLASSES = {CKG.Article, CKG.Report, CKG.Event, CKG.Actor, CKG.Place, CKG.Casualty}

# bad graph -> (sh:sourceShape local name, sh:resultPath, constraint component without
# the "ConstraintComponent" suffix). The graph must produce this one result and no other.
EXPECTED_VIOLATIONS: dict[str, tuple[str, str, str]] = {
    "article-missing-identifier": ("Article-identifier-count", "schema:identifier", "MinCount"),
    "article-two-identifiers": ("Article-identifier-count", "schema:identifier", "MaxCount"),
    "article-empty-identifier": ("Article-identifier-nonEmpty", "schema:identifier", "MinLength"),
    "article-missing-contenthash": ("Article-contentHash-count", "ckg:contentHash", "MinCount"),
    "article-contenthash-short": ("Article-contentHash-pattern", "ckg:contentHash", "Pattern"),
    "article-contenthash-uppercase": ("Article-contentHash-pattern", "ckg:contentHash", "Pattern"),
    "article-datepublished-text": ("Article-datePublished-datatype", "schema:datePublished", "Or"),
    "article-two-datespublished": ("Article-datePublished-count", "schema:datePublished", "MaxCount"),
    "article-url-iri": ("Article-url-datatype", "schema:url", "Datatype"),
    "article-two-leads": ("Article-lead-count", "^ckg:reportedIn", "QualifiedMaxCount"),
    "report-missing-eventtype": ("ReportEvent-eventType-count", "ckg:eventType", "MinCount"),
    "report-two-eventtypes": ("ReportEvent-eventType-count", "ckg:eventType", "MaxCount"),
    "report-eventtype-top-concept": ("ReportEvent-eventType-in", "ckg:eventType", "In"),
    "report-eventtype-outside-scheme": ("ReportEvent-eventType-in", "ckg:eventType", "In"),
    "report-missing-reportedin": ("Report-reportedIn-count", "ckg:reportedIn", "MinCount"),
    "report-reportedin-not-article": ("Report-reportedIn-class", "ckg:reportedIn", "Class"),
    "report-two-reportof": ("Report-reportOf-count", "ckg:reportOf", "MaxCount"),
    "report-two-actor1": ("Report-actor1-count", "ckg:actor1", "MaxCount"),
    "report-actor2-not-actor": ("Report-actor2-class", "ckg:actor2", "Or"),
    "report-location-not-place": ("Report-location-class", "ckg:location", "Class"),
    "report-two-locations": ("Report-location-count", "ckg:location", "MaxCount"),
    "report-date-datetime": ("ReportEvent-date-datatype", "ckg:date", "Datatype"),
    "report-two-dates": ("Report-date-count", "ckg:date", "MaxCount"),
    "report-monthday-plain": ("ReportEvent-monthDay-datatype", "ckg:monthDay", "Datatype"),
    "report-earliest-after-latest": ("ReportEvent-earliestDate-order", "ckg:earliestDate", "LessThanOrEquals"),
    "report-timeprecision-invalid": ("ReportEvent-timePrecision-in", "ckg:timePrecision", "In"),
    "report-two-timeprecisions": ("Report-timePrecision-count", "ckg:timePrecision", "MaxCount"),
    "report-certainty-invalid": ("Report-certainty-in", "ckg:certainty", "In"),
    "report-two-claimants": ("Report-claimedBy-count", "ckg:claimedBy", "MaxCount"),
    "report-casualty-untyped": ("Report-casualty-class", "ckg:casualty", "Class"),
    "report-confidence-too-high": ("Report-confidence-range", "ckg:confidence", "MaxInclusive"),
    "report-confidence-negative": ("Report-confidence-range", "ckg:confidence", "MinInclusive"),
    "report-confidence-double": ("Report-confidence-datatype", "ckg:confidence", "Datatype"),
    "report-two-confidences": ("Report-confidence-count", "ckg:confidence", "MaxCount"),
    "report-charstart-after-charend": ("Report-charStart-order", "ckg:charStart", "LessThanOrEquals"),
    "report-charstart-negative": ("Report-charStart-min", "ckg:charStart", "MinInclusive"),
    "report-charend-decimal": ("Report-charEnd-datatype", "ckg:charEnd", "Datatype"),
    "report-isbackground-text": ("Report-isBackground-datatype", "ckg:isBackground", "Datatype"),
    "report-islead-text": ("Report-isLead-datatype", "ckg:isLead", "Datatype"),
    "casualty-missing-type": ("Casualty-casualtyType-count", "ckg:casualtyType", "MinCount"),
    "casualty-two-types": ("Casualty-casualtyType-count", "ckg:casualtyType", "MaxCount"),
    "casualty-type-invalid": ("Casualty-casualtyType-in", "ckg:casualtyType", "In"),
    "casualty-min-greater-than-max": ("Casualty-minCount-order", "ckg:minCount", "LessThanOrEquals"),
    "casualty-negative-mincount": ("Casualty-minCount-min", "ckg:minCount", "MinInclusive"),
    "casualty-negative-maxcount": ("Casualty-maxCount-min", "ckg:maxCount", "MinInclusive"),
    "casualty-decimal-mincount": ("Casualty-minCount-datatype", "ckg:minCount", "Datatype"),
    "casualty-two-mincounts": ("Casualty-minCount-count", "ckg:minCount", "MaxCount"),
    "casualty-two-sides": ("Casualty-ofActor-count", "ckg:ofActor", "MaxCount"),
    "casualty-ofactor-literal": ("Casualty-ofActor-kind", "ckg:ofActor", "NodeKind"),
    "actor-missing-preflabel": ("Actor-prefLabel-count", "skos:prefLabel", "MinCount"),
    "actor-two-preflabels": ("Actor-prefLabel-count", "skos:prefLabel", "MaxCount"),
    "actor-kind-invalid": ("Actor-actorKind-in", "ckg:actorKind", "In"),
    "actor-two-kinds": ("Actor-actorKind-count", "ckg:actorKind", "MaxCount"),
    "actor-country-lowercase": ("Actor-country-pattern", "ckg:country", "Pattern"),
    "actor-sameas-literal": ("Actor-sameAs-kind", "owl:sameAs", "NodeKind"),
    "place-missing-label": ("Place-label-count", "rdfs:label", "MinCount"),
    "place-two-labels": ("Place-label-count", "rdfs:label", "MaxCount"),
    "place-lat-95": ("Place-lat-range", "geo:lat", "MaxInclusive"),
    "place-lat-double": ("Place-lat-datatype", "geo:lat", "Datatype"),
    "place-two-lats": ("Place-lat-count", "geo:lat", "MaxCount"),
    "place-long-minus-200": ("Place-long-range", "geo:long", "MinInclusive"),
    "place-geoprecision-4": ("Place-geoPrecision-in", "ckg:geoPrecision", "In"),
    "place-geoprecision-string": ("Place-geoPrecision-in", "ckg:geoPrecision", "In"),
    "place-countrycode-alpha3": ("Place-countryCode-pattern", "ckg:countryCode", "Pattern"),
    "place-admin1-langtagged": ("Place-admin1-datatype", "ckg:admin1", "Datatype"),
    "place-geometry-literal": ("Place-hasGeometry-kind", "geosparql:hasGeometry", "NodeKind"),
    "event-missing-eventtype": ("ReportEvent-eventType-count", "ckg:eventType", "MinCount"),
    "event-eventtype-top-concept": ("ReportEvent-eventType-in", "ckg:eventType", "In"),
    "event-reportcount-zero": ("Event-reportCount-min", "ckg:reportCount", "MinInclusive"),
    "event-missing-reportcount": ("Event-reportCount-count", "ckg:reportCount", "MinCount"),
    "event-two-reportcounts": ("Event-reportCount-count", "ckg:reportCount", "MaxCount"),
    "event-reportcount-decimal": ("Event-reportCount-datatype", "ckg:reportCount", "Datatype"),
    "event-actor1-literal": ("Event-actor1-kind", "ckg:actor1", "NodeKind"),}


def _expand(curie: str) -> URIRef:
    inverse = curie.startswith("^")
    prefix, local = curie.removeprefix("^").split(":", 1)
    return URIRef("^" * inverse + PREFIXES[prefix] + local)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for path in ONTOLOGY_FILES:
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _validate(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph, str]:
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    return conforms, report, text


def _results(report: Graph) -> set[tuple[str, URIRef, str]]:
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        if (inverse := report.value(path, SH.inversePath)) is not None:
            path = URIRef("^" + str(inverse))  # written "^ckg:reportedIn" in EXPECTED_VIOLATIONS
        component = str(report.value(result, SH.sourceConstraintComponent))
        out.add(
            (
                str(shape).removeprefix(str(CKGSH)),
                path,
                component.removeprefix(str(SH)).removesuffix("ConstraintComponent"),
            )
        )
    return out


def _in_list(shapes: Graph, shape: URIRef) -> list:
    head = shapes.value(shape, SH["in"])
    assert head is not None, f"{shape} has no sh:in"
    return list(Collection(shapes, head))


def _individuals(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return set(ontology.subjects(RDF.type, cls))


# --- the shapes file itself ----------------------------------------------------------


def test_shapes_parse_with_rdflib_and_pyoxigraph(shapes: Graph) -> None:
    with SHAPES_FILE.open("rb") as f:
        quads = list(pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(shapes) > 0


def test_node_shapes_target_the_six_classes(shapes: Graph) -> None:
    targets = {shapes.value(s, SH.targetClass) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert targets == TARGET_CLASSES


def test_every_constraint_shape_has_a_message(shapes: Graph) -> None:
    named = [s for s in set(shapes.subjects(SH.path, None)) if isinstance(s, URIRef)]
    assert len(named) > 50
    for shape in named:
        messages = list(shapes.objects(shape, SH.message))
        assert len(messages) == 1, f"{shape} needs exactly one sh:message"
        assert isinstance(messages[0], Literal) and len(str(messages[0])) > 15
    # no anonymous property shapes: every result must name its rule
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node_shape, SH.property):
            assert isinstance(prop, URIRef), f"{node_shape} has an anonymous property shape"
            assert (prop, RDF.type, SH.PropertyShape) in shapes


def test_property_shapes_are_all_attached(shapes: Graph) -> None:
    attached = set(shapes.objects(None, SH.property))
    declared = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert declared == attached


def test_shapes_use_only_vocabulary_terms(shapes: Graph) -> None:
    known = {URIRef(CKG_NS + name) for name in CKG.__annotations__}
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(CKG_NS)}
    assert used - known == set()


def test_event_type_list_matches_the_vocabulary(shapes: Graph) -> None:
    allowed = _in_list(shapes, CKGSH["ReportEvent-eventType-in"])
    assert allowed == [URIRef(CKG_NS + name) for name in EVENT_TYPES]


def test_closed_lists_match_the_ontology_individuals(shapes: Graph, ontology: Graph) -> None:
    pairs = {
        "ReportEvent-timePrecision-in": CKG.TimePrecision,
        "Report-certainty-in": CKG.Certainty,
        "Casualty-casualtyType-in": CKG.CasualtyType,
        "Actor-actorKind-in": CKG.ActorKind,
    }
    for shape, cls in pairs.items():
        assert set(_in_list(shapes, CKGSH[shape])) == _individuals(ontology, cls), shape
    assert _in_list(shapes, CKGSH["Place-geoPrecision-in"]) == [Literal(1), Literal(2), Literal(3)]


# --- good graphs ---------------------------------------------------------------------

GOOD = sorted((DATA / "good").glob("*.ttl"))


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_graph_conforms(path: Path, shapes: Graph, ontology: Graph) -> None:
    data = Graph().parse(path, format="turtle")
    conforms, _, text = _validate(data, shapes, ontology)
    assert conforms, text


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_graph_conforms_without_the_ontology(path: Path, shapes: Graph) -> None:
    data = Graph().parse(path, format="turtle")
    conforms, _, text = _validate(data, shapes, None)
    assert conforms, text


def test_good_graphs_together_conform(shapes: Graph, ontology: Graph) -> None:
    data = Graph()
    for path in GOOD:
        data.parse(path, format="turtle")
    conforms, _, text = _validate(data, shapes, ontology)
    assert conforms, text


def test_good_data_covers_every_shape_target(shapes: Graph) -> None:
    data = Graph()
    for path in GOOD:
        data.parse(path, format="turtle")
    for cls in TARGET_CLASSES:
        assert any(data.subjects(RDF.type, cls)), f"no {cls} in the good graphs"


def test_ontology_graph_itself_conforms(shapes: Graph, ontology: Graph) -> None:
    # ckg:Civilians is an Actor in the ontology graph, so the Actor shape applies to it
    conforms, _, text = _validate(ontology, shapes, None)
    assert conforms, text
    assert (CKG.Civilians, RDF.type, CKG.Actor) in ontology


# --- bad graphs ----------------------------------------------------------------------

BAD = sorted((DATA / "bad").glob("*.ttl"))


def test_every_bad_graph_has_an_expectation() -> None:
    assert {p.stem for p in BAD} == set(EXPECTED_VIOLATIONS)


def test_bad_graphs_cover_every_node_shape() -> None:
    prefixes = {shape.split("-", 1)[0] for shape, _, _ in EXPECTED_VIOLATIONS.values()}
    assert {"Article", "Report", "ReportEvent", "Event", "Actor", "Place", "Casualty"} <= prefixes


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_graph_is_rejected_for_the_right_reason(path: Path, shapes: Graph, ontology: Graph) -> None:
    shape, result_path, component = EXPECTED_VIOLATIONS[path.stem]
    data = Graph().parse(path, format="turtle")
    conforms, report, text = _validate(data, shapes, ontology)
    assert not conforms, f"{path.name} was accepted"
    assert _results(report) == {(shape, _expand(result_path), component)}, text
    for result in report.subjects(RDF.type, SH.ValidationResult):
        assert report.value(result, SH.resultSeverity) == SH.Violation
        assert report.value(result, SH.resultMessage) == shapes.value(CKGSH[shape], SH.message)
