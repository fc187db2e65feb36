"""Every analyst query in sparql/ runs against an ingested corpus, with asserted answers."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from conflictkg.resources import query_files
from kg_helpers import ROOT, needs_shared, rows

QUERIES = {p.stem: p.read_text(encoding="utf-8") for p in query_files()}
pytestmark = needs_shared


def q(name: str, **values: str) -> str:
    text = QUERIES[name]
    for var, value in values.items():
        text, n = re.subn(rf"VALUES {re.escape(var)} \{{[^}}]*\}}", lambda m: f"VALUES {var} {{ {value} }}", text)
        assert n == 1, f"{name}: no VALUES {var}"
    return text


def test_every_query_has_a_header_and_runs(seed_store):
    store, _, _ = seed_store
    assert len(QUERIES) >= 8
    for name, text in QUERIES.items():
        assert re.search(r"^# title: .+", text, re.M) and re.search(r"^# answers: .+", text, re.M), name
        store.query(text)  # raises on any error
    assert (ROOT / "sparql" / "README.md").exists()


def test_events_per_type_per_month_matches_a_direct_count(seed_store):
    store, _, _ = seed_store
    got = {(r["month"], r["subEventType"].rsplit("#", 1)[1]): int(r["events"])
           for r in rows(store, QUERIES["events-per-type-per-month"])}
    expect: Counter[tuple[str, str]] = Counter()
    for r in rows(store, """SELECT ?e ?d ?lo ?hi ?t WHERE { ?e a ckg:Event ; ckg:eventType ?t .
                            OPTIONAL { ?e ckg:date ?d } OPTIONAL { ?e ckg:earliestDate ?lo } OPTIONAL { ?e ckg:latestDate ?hi } }"""):
        month = r["d"][:7] if r["d"] else (r["lo"][:7] if r["lo"] and r["hi"] and r["lo"][:7] == r["hi"][:7] else "unknown")
        expect[(month, r["t"].rsplit("#", 1)[1])] += 1
    assert got == dict(expect)
    assert sum(got.values()) == int(rows(store, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a ckg:Event }")[0]["n"])


def test_killed_per_admin1_sums_event_minimums(seed_store):
    store, _, _ = seed_store
    got = {r["admin1"]: int(r["killedAtLeast"]) for r in rows(store, QUERIES["killed-per-admin1"])}
    expect: dict[str, int] = defaultdict(int)
    for r in rows(store, """SELECT ?e ?a (SUM(?m) AS ?k) WHERE { ?e a ckg:Event ; ckg:casualty ?c .
                             OPTIONAL { ?e ckg:location/ckg:admin1 ?a0 } BIND(COALESCE(?a0, "(unknown)") AS ?a)
                             ?c ckg:casualtyType ckg:Killed ; ckg:minCount ?m } GROUP BY ?e ?a"""):
        expect[r["a"]] += int(r["k"])
    assert got == {k: v for k, v in expect.items() if v > 0}
    assert got["Aleppo"] >= 50 + 3  # FARS's "at least 50" and Amaq's three soldiers


def test_events_by_actor_finds_every_alias(seed_store):
    store, _, _ = seed_store
    daesh = rows(store, q("events-by-actor", **{"?term": '"Daesh"'}))
    isil = rows(store, q("events-by-actor", **{"?term": '"isil"'}))
    assert daesh and {r["actorName"] for r in daesh} == {"Islamic State"}
    assert {(r["event"], r["role"]) for r in daesh} == {(r["event"], r["role"]) for r in isil}
    assert rows(store, q("events-by-actor", **{"?term": '"Nobody Brigade"'})) == []


def test_events_near_place(seed_store):
    store, _, _ = seed_store
    label = rows(store, """SELECT ?l WHERE { ?r ckg:reportedIn/schema:identifier "000_da02797beb7fccef" ;
                            ckg:monthDay ?md ; ckg:location/rdfs:label ?l }""")[0]["l"]
    near = rows(store, q("events-near-place", **{"(?placeName ?country ?km)": f'("{label}" "SY" 30)'}))
    assert near and all(float(r["distanceKm"]) <= 30 for r in near)
    labels = {r["placeLabel"] for r in near}
    assert label in labels
    assert not any("Deir" in x for x in labels)  # ~250 km away


def test_undated_events_have_no_day(seed_store):
    store, _, _ = seed_store
    found = rows(store, QUERIES["undated-events"])
    assert any(r["monthDay"] == "--12-20" for r in found)
    dated = {r["e"] for r in rows(store, "SELECT ?e WHERE { ?e a ckg:Event ; ckg:date ?d }")}
    assert not dated & {r["event"] for r in found}


def test_reports_per_publisher_and_claimant(seed_store):
    store, _, _ = seed_store
    found = {(r["publisher"], r["claimant"]): int(r["reports"]) for r in rows(store, QUERIES["reports-per-publisher-claimant"])}
    assert found[("SouthFront", "Amaq News Agency")] >= 1
    total = int(rows(store, "SELECT (COUNT(?r) AS ?n) WHERE { ?r a ckg:Report }")[0]["n"])
    assert sum(found.values()) == total


def test_evidence_of_an_event(seed_store):
    store, _, _ = seed_store
    ev = rows(store, """SELECT ?e WHERE { ?r ckg:reportedIn/schema:identifier "000_da02797beb7fccef" ;
                         ckg:monthDay "--12-20"^^xsd:gMonthDay ; ckg:reportOf ?e }""")[0]["e"]
    found = rows(store, q("evidence-of-event", **{"?event": f"<{ev}>"}))
    assert found and any("ISIS cells attacked" in r["evidence"] for r in found)
    assert all(int(r["charStart"]) < int(r["charEnd"]) for r in found)


def test_disagreeing_tolls_on_the_demo_corpus(demo_store):
    store, _, _ = demo_store
    found = rows(store, QUERIES["disagreeing-tolls"])
    assert found
    for r in found:
        assert r["event"] and (r["killedMinA"], r["killedMaxA"]) != (r["killedMinB"], r["killedMaxB"])


def test_lead_events_one_per_article(seed_store):
    store, _, _ = seed_store
    got = rows(store, QUERIES["lead-events"])
    ids = [r["articleId"] for r in got]
    assert ids and len(ids) == len(set(ids))  # one lead per article
    with_reports = {r["a"] for r in rows(store, """SELECT DISTINCT ?a WHERE { ?r a ckg:Report ; ckg:isBackground false ;
                                                   ckg:reportedIn/schema:identifier ?a }""")}
    assert set(ids) == with_reports
    assert all(r["type"] and r["evidence"] for r in got)
