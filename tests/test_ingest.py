"""Ingest end to end: articles -> reports -> SHACL-valid named graphs in the embedded store."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from conflictkg.ingest import Pipeline, ingest
from conflictkg.models import Report
from conflictkg.validation import validate
from conflictkg.vocab import EVENT_TYPES

from kg_helpers import DATA, DEMO, SEEDS, needs_shared, rows

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@needs_shared
def test_seed_corpus_bar(seed_store):
    """Issue 2's bar: 5 Articles, >= 8 Reports, one scheme type each, ids are file names."""
    store, summary, _ = seed_store
    assert summary.articles == 5 and not summary.errors and not summary.quarantined
    ids = [r["id"] for r in rows(store, "SELECT ?id WHERE { ?a a ckg:Article ; schema:identifier ?id } ORDER BY ?id")]
    assert ids == SEED_IDS
    n = rows(store, "SELECT (COUNT(?r) AS ?n) WHERE { ?r a ckg:Report }")[0]["n"]
    assert int(n) >= 8
    bad = rows(store, """SELECT ?r (COUNT(?t) AS ?n) WHERE { ?r a ckg:Report . OPTIONAL { ?r ckg:eventType ?t } }
                         GROUP BY ?r HAVING (COUNT(?t) != 1)""")
    assert bad == []
    types = {r["t"].rsplit("#", 1)[1] for r in rows(store, "SELECT DISTINCT ?t WHERE { ?r a ckg:Report ; ckg:eventType ?t }")}
    assert types <= set(EVENT_TYPES)
    in_scheme = rows(store, """SELECT ?t WHERE { ?r a ckg:Report ; ckg:eventType ?t .
                                FILTER NOT EXISTS { ?t skos:inScheme ckg:EventTypeScheme ; skos:broader ?p } }""")
    assert in_scheme == []


@needs_shared
def test_seed_dump_conforms_to_shapes(seed_store):
    store, _, _ = seed_store
    buf = io.BytesIO()
    store.dump(buf, ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(data=buf.getvalue().decode(), format="nt")
    result = validate(g)
    assert result.conforms, result.text[:2000]


@needs_shared
def test_evidence_offsets_point_into_the_text(seed_store):
    store, _, _ = seed_store
    found = rows(store, """SELECT ?ev ?s ?e ?text WHERE { ?r ckg:evidence ?ev ; ckg:charStart ?s ; ckg:charEnd ?e ;
                           ckg:reportedIn ?a . ?a schema:text ?text }""")
    assert found
    for r in found:
        assert r["text"][int(r["s"]):int(r["e"])] == r["ev"]


@needs_shared
def test_every_report_has_provenance_and_an_event(seed_store):
    store, _, _ = seed_store
    no_prov = rows(store, """SELECT ?r WHERE { ?r a ckg:Report .
        FILTER NOT EXISTS { ?r prov:wasGeneratedBy ?act . ?act ckg:model ?m ; schema:softwareVersion ?v } }""")
    no_event = rows(store, """SELECT ?r WHERE { ?r a ckg:Report FILTER NOT EXISTS { ?r ckg:reportOf ?e . ?e a ckg:Event } }""")
    assert no_prov == [] and no_event == []


@needs_shared
def test_undated_articles_never_get_a_year(seed_store):
    store, _, _ = seed_store
    # 000 reports "Late on December 20" with no publication date anywhere.
    r = rows(store, """SELECT ?d ?md ?txt WHERE { ?r ckg:reportedIn ?a . ?a schema:identifier "000_da02797beb7fccef" .
                       ?r ckg:monthDay ?md . OPTIONAL { ?r ckg:date ?d } OPTIONAL { ?r ckg:dateText ?txt } }""")
    assert r and r[0]["md"] == "--12-20" and r[0]["d"] is None
    dated = rows(store, """SELECT ?a WHERE { ?a a ckg:Article ; schema:identifier ?id ; schema:datePublished ?d
                           FILTER(?id IN ("000_da02797beb7fccef", "001_f97f412069280a46", "002_ca7823ecd390f98a")) }""")
    assert dated == []


@needs_shared
def test_ingest_is_idempotent(seed_store, pipeline):
    store, _, _ = seed_store
    before = store.count_triples()
    again = ingest([SEEDS], store=store, pipeline=pipeline)
    assert again.unchanged == 5 and again.articles == 0 and again.triples == 0
    assert store.count_triples() == before


def test_bad_inputs_are_named_and_the_rest_goes_in(tmp_store, pipeline):
    summary = ingest([DATA / "articles"], store=tmp_store, pipeline=pipeline)
    errors = "\n".join(summary.errors)
    assert "empty.txt" in errors and "binary.txt" in errors
    assert "bad.jsonl line 2" in errors and "bad.jsonl line 3" in errors
    ids = {r["id"] for r in rows(tmp_store, "SELECT ?id WHERE { ?a a ckg:Article ; schema:identifier ?id }")}
    assert {"minimal", "page", "undated", "conflicting", "bad-good-line"} <= ids
    assert summary.quarantined == []


def test_reingest_after_a_text_change_replaces_the_graph(tmp_path, tmp_store, pipeline):
    art = tmp_path / "story.txt"
    art.write_text("Rebels Attack Army Post\n\nRebels attacked an army post near Idlib on Monday, killing three soldiers, the army said.\n")
    ingest([art], store=tmp_store, pipeline=pipeline)
    art.write_text("Rebels Attack Army Post\n\nRebels attacked an army post near Idlib on Monday, killing five soldiers, the army said.\n")
    s2 = ingest([art], store=tmp_store, pipeline=pipeline)
    assert s2.articles == 1
    counts = rows(tmp_store, "SELECT ?n WHERE { ?c a ckg:Casualty ; ckg:casualtyType ckg:Killed ; ckg:minCount ?n . ?r ckg:casualty ?c ; a ckg:Report }")
    assert [c["n"] for c in counts] == ["5"]


class _BrokenReports(Pipeline):
    """Fault injection: an extractor that returns a Report violating the shapes."""

    def __init__(self, real: Pipeline) -> None:
        self.__dict__.update(real.__dict__)

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        out = super().extract_many(articles)
        for reports, _ in out:
            reports.append(Report(event_type="ArmedClash", confidence=1.7))
        return out


def test_graph_failing_shacl_is_quarantined_with_its_report(tmp_path, pipeline):
    from conflictkg.store import EmbeddedStore

    store_dir = tmp_path / "store"
    store = EmbeddedStore(store_dir)
    summary = ingest([DATA / "articles" / "minimal.txt"], store=store, pipeline=_BrokenReports(pipeline))
    assert summary.quarantined == ["minimal"]
    assert any("fails SHACL" in e and "minimal" in e for e in summary.errors)
    q = store_dir / "quarantine"
    assert (q / "minimal.ttl").exists()
    report = (q / "minimal.report.txt").read_text()
    assert "confidence" in report
    assert rows(store, "SELECT ?a WHERE { ?a a ckg:Article }") == []
    store.close()


def test_demo_corpus_merges_reports_of_one_event(demo_store):
    store, summary, _ = demo_store
    assert summary.articles >= 12 and not summary.errors
    merged = rows(store, """SELECT ?e (COUNT(DISTINCT ?art) AS ?n) WHERE { ?r ckg:reportOf ?e ; ckg:reportedIn ?art }
                            GROUP BY ?e HAVING (COUNT(DISTINCT ?art) > 1)""")
    assert merged, "the same event told by two outlets should be one Event"
    # reportCount agrees with the links.
    for m in merged:
        rc = rows(store, f"SELECT ?c WHERE {{ <{m['e']}> ckg:reportCount ?c }}")[0]["c"]
        links = rows(store, f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r ckg:reportOf <{m['e']}> }}")[0]["n"]
        assert rc == links


def test_iris_are_safe_for_any_id(tmp_store, pipeline, tmp_path):
    jl = tmp_path / "odd.jsonl"
    jl.write_text('{"id": "a b<c>\\"d\'e/f", "title": "Odd id", "text": "Gunmen attacked a police post in Gao on 3 May 2024, killing two officers, officials said."}\n')
    summary = ingest([jl], store=tmp_store, pipeline=pipeline)
    assert summary.articles == 1, summary.errors
    for g in tmp_store.graph_names():
        assert not any(c in g for c in ' <>"\'')


@needs_shared
def test_shared_entities_are_described_once(seed_store):
    """Actors and places live in one entities graph, so union queries never double-count them."""
    store, _, _ = seed_store
    dup = rows(store, """SELECT ?s ?p ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ?p ?o HAVING (COUNT(*) > 1) LIMIT 5""")
    assert dup == []
    labels = rows(store, """SELECT ?l WHERE { <https://w3id.org/conflictkg/id/actor/islamic-state> skos:prefLabel ?l }""")
    assert [r["l"] for r in labels] == ["Islamic State"]
    aliases = {r["a"] for r in rows(store, "SELECT ?a WHERE { <https://w3id.org/conflictkg/id/actor/islamic-state> skos:altLabel ?a }")}
    assert {"ISIS", "ISIL", "Daesh"} <= aliases
