"""Link Reports of the same real-world event, from different articles, to one Event.

Two Reports are the same event when they come from different articles (or are claimant splits
of one account), agree on the country, have compatible types (same ACLED event type, or an
armed clash told as an attack), stand within 25 km (or in the same province when one is only
placed at province level), overlap in time (dates within a day, or overlapping bounds, or the
same month-day when no year is known) and do not name different attackers. Clusters are the
connected components of that relation; the Event IRI derives from the smallest Report IRI in
the cluster, so the same input always gives the same IRIs. The events graph is rewritten whole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from .config import Settings, get_settings
from .iris import IRIs, digest
from .store import Store
from .vocab import CKG, EVENT_TYPES, SEM


@dataclass
class _R:
    iri: str
    article: str
    type: str
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    cc: str | None = None
    precision: int = 1
    date: dt.date | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    month_day: str | None = None
    precision_t: str | None = None
    date_text: str | None = None
    confidence: float = 0.5
    casualties: list[tuple[str, str | None, int | None, int | None]] = field(default_factory=list)
    label: str | None = None


_QUERY = """
PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
SELECT ?r ?art ?type ?a1 ?a2 ?place ?lat ?lon ?admin1 ?cc ?prec ?date ?earliest ?latest ?md ?tp ?dt ?conf ?label WHERE {
  ?r a ckg:Report ; ckg:reportedIn ?art ; ckg:eventType ?type .
  OPTIONAL { ?r ckg:actor1 ?a1 } OPTIONAL { ?r ckg:actor2 ?a2 }
  OPTIONAL { ?r ckg:location ?place .
             OPTIONAL { ?place geo:lat ?lat ; geo:long ?lon }
             OPTIONAL { ?place ckg:admin1 ?admin1 } OPTIONAL { ?place ckg:countryCode ?cc }
             OPTIONAL { ?place ckg:geoPrecision ?prec } }
  OPTIONAL { ?r ckg:date ?date } OPTIONAL { ?r ckg:earliestDate ?earliest } OPTIONAL { ?r ckg:latestDate ?latest }
  OPTIONAL { ?r ckg:monthDay ?md } OPTIONAL { ?r ckg:timePrecision ?tp } OPTIONAL { ?r ckg:dateText ?dt }
  OPTIONAL { ?r ckg:confidence ?conf } OPTIONAL { ?r <http://www.w3.org/2000/01/rdf-schema#label> ?label }
}"""
_CASUALTIES = """
PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
SELECT ?r ?type ?of ?min ?max WHERE {
  ?r a ckg:Report ; ckg:casualty ?c . ?c ckg:casualtyType ?type .
  OPTIONAL { ?c ckg:ofActor ?of } OPTIONAL { ?c ckg:minCount ?min } OPTIONAL { ?c ckg:maxCount ?max }
}"""


def _v(row, name):  # type: ignore[no-untyped-def]
    term = row[name]
    return None if term is None else term.value


def _d(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def load_reports(store: Store) -> list[_R]:
    reports: dict[str, _R] = {}
    for row in store.query(_QUERY):  # type: ignore[union-attr]
        iri = _v(row, "r")
        if iri in reports:
            continue
        lat, lon = _v(row, "lat"), _v(row, "lon")
        reports[iri] = _R(
            iri=iri, article=_v(row, "art"), type=_v(row, "type").rsplit("#", 1)[-1],
            actor1=_v(row, "a1"), actor2=_v(row, "a2"), place=_v(row, "place"),
            lat=float(lat) if lat else None, lon=float(lon) if lon else None,
            admin1=_v(row, "admin1"), cc=_v(row, "cc"), precision=int(_v(row, "prec") or 1),
            date=_d(_v(row, "date")), earliest=_d(_v(row, "earliest")), latest=_d(_v(row, "latest")),
            month_day=_v(row, "md"), precision_t=(_v(row, "tp") or "").rsplit("#", 1)[-1] or None,
            date_text=_v(row, "dt"), confidence=float(_v(row, "conf") or 0.5), label=_v(row, "label"),
        )
    for row in store.query(_CASUALTIES):  # type: ignore[union-attr]
        r = reports.get(_v(row, "r"))
        if r is not None:
            mn, mx = _v(row, "min"), _v(row, "max")
            r.casualties.append((_v(row, "type").rsplit("#", 1)[-1], _v(row, "of"),
                                 int(mn) if mn is not None else None, int(mx) if mx is not None else None))
    return sorted(reports.values(), key=lambda r: r.iri)


def _km(a: _R, b: _R) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _interval(r: _R) -> tuple[dt.date, dt.date] | None:
    if r.date:
        return r.date, r.date
    if r.earliest or r.latest:
        return r.earliest or dt.date.min, r.latest or dt.date.max
    return None


def _same_time(a: _R, b: _R) -> bool:
    ia, ib = _interval(a), _interval(b)
    if a.date and b.date:
        return abs((a.date - b.date).days) <= 1
    if ia and ib and (a.date or b.date or (ia[0] != dt.date.min and ib[0] != dt.date.min)):
        return ia[0] <= ib[1] + dt.timedelta(days=1) and ib[0] <= ia[1] + dt.timedelta(days=1)
    if a.month_day and b.month_day:
        return a.month_day == b.month_day
    if a.month_day and b.date:
        return b.date.strftime("--%m-%d") == a.month_day
    if b.month_day and a.date:
        return a.date.strftime("--%m-%d") == b.month_day
    return False


def _same_type(a: str, b: str) -> bool:
    if a == b:
        return True
    if {a, b} <= {"ArmedClash", "Attack"}:
        return True
    return EVENT_TYPES[a][0] == EVENT_TYPES[b][0]


def _unidentified(actor: str | None) -> bool:
    return actor is None or "/actor/unidentified" in actor


def same_event(a: _R, b: _R) -> bool:
    """Whether two Reports describe one real-world event."""
    if a.article == b.article:
        # Reports of one article are distinct events unless split only by claimant.
        return (a.type, a.actor1, a.actor2, a.place, a.date, a.month_day, a.earliest) == \
               (b.type, b.actor1, b.actor2, b.place, b.date, b.month_day, b.earliest)
    if a.cc and b.cc and a.cc != b.cc:
        return False
    if not _same_type(a.type, b.type):
        return False
    if not (_unidentified(a.actor1) or _unidentified(b.actor1) or a.actor1 == b.actor1):
        return False
    if a.place is None or b.place is None:
        return False
    if a.place != b.place:
        km = _km(a, b)
        if max(a.precision, b.precision) >= 3:
            if not (a.admin1 and a.admin1 == b.admin1):
                return False
        elif km is None or km > 25:
            return False
    return _same_time(a, b)


def cluster(reports: list[_R]) -> list[list[_R]]:
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Block by country so the pairwise pass stays small.
    blocks: dict[str | None, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        blocks[r.cc].append(i)
    for idxs in blocks.values():
        for x, i in enumerate(idxs):
            for j in idxs[x + 1:]:
                if same_event(reports[i], reports[j]):
                    parent[find(i)] = find(j)
    groups: dict[int, list[_R]] = defaultdict(list)
    for i, r in enumerate(reports):
        groups[find(i)].append(r)
    return sorted(groups.values(), key=lambda g: min(r.iri for r in g))


def _most_common(values: list, key=None):  # type: ignore[no-untyped-def]
    values = [v for v in values if v is not None]
    if not values:
        return None
    return Counter(values).most_common(1)[0][0]


def events_graph(groups: list[list[_R]], iris: IRIs) -> Graph:
    g = Graph()
    for members in groups:
        key = digest(min(r.iri for r in members))
        ev = iris.event(key)
        g.add((ev, RDF.type, CKG.Event))
        g.add((ev, RDF.type, SEM.Event))
        best = max(members, key=lambda r: (r.confidence, -len(r.iri)))
        etype = _most_common([r.type for r in members]) if len({r.type for r in members}) > 1 else best.type
        counts = Counter(r.type for r in members)
        if counts.most_common(1)[0][1] == counts.get(best.type):
            etype = best.type
        g.add((ev, CKG.eventType, CKG[etype]))
        a1 = _most_common([r.actor1 for r in members if not _unidentified(r.actor1)]) or best.actor1
        a2 = _most_common([r.actor2 for r in members])
        if a1:
            g.add((ev, CKG.actor1, URIRef(a1)))
        if a2 and a2 != a1:
            g.add((ev, CKG.actor2, URIRef(a2)))
        placed = [r for r in members if r.place]
        if placed:
            top = min(placed, key=lambda r: (r.precision, -sum(1 for m in placed if m.place == r.place), r.iri))
            g.add((ev, CKG.location, URIRef(top.place)))  # type: ignore[arg-type]
        dated = [r.date for r in members if r.date]
        if dated:
            day = _most_common(dated)
            g.add((ev, CKG.date, Literal(day.isoformat(), datatype=XSD.date)))
            g.add((ev, CKG.timePrecision, CKG.Day))
        else:
            lows = [r.earliest for r in members if r.earliest]
            highs = [r.latest for r in members if r.latest]
            if lows:
                g.add((ev, CKG.earliestDate, Literal(max(lows).isoformat(), datatype=XSD.date)))
            if highs:
                g.add((ev, CKG.latestDate, Literal(min(highs).isoformat(), datatype=XSD.date)))
            md = _most_common([r.month_day for r in members])
            if md:
                g.add((ev, CKG.monthDay, Literal(md, datatype=XSD.gMonthDay)))
            tp = _most_common([r.precision_t for r in members]) or "Unknown"
            g.add((ev, CKG.timePrecision, CKG[tp if md is None or tp != "Day" else "Day"]))
        # Casualties: the range over every claim, one node per (type, side).
        ranges: dict[tuple[str, str | None], list[tuple[int | None, int | None]]] = defaultdict(list)
        for r in members:
            for ctype, of, mn, mx in r.casualties:
                ranges[(ctype, of)].append((mn, mx))
        for k, ((ctype, of), vals) in enumerate(sorted(ranges.items(), key=lambda x: (x[0][0], x[0][1] or "")), 1):
            node = URIRef(f"{ev}/casualty/{k}")
            g.add((ev, CKG.casualty, node))
            g.add((node, RDF.type, CKG.Casualty))
            g.add((node, CKG.casualtyType, CKG[ctype]))
            mins = [v[0] for v in vals if v[0] is not None]
            if mins:
                g.add((node, CKG.minCount, Literal(min(mins), datatype=XSD.integer)))
            maxes = [v[1] for v in vals]
            if maxes and all(m is not None for m in maxes):
                g.add((node, CKG.maxCount, Literal(max(maxes), datatype=XSD.integer)))  # type: ignore[type-var]
            if of:
                g.add((node, CKG.ofActor, URIRef(of)))
        label = best.label or EVENT_TYPES[etype][1]
        g.add((ev, RDFS.label, Literal(label)))
        g.add((ev, CKG.reportCount, Literal(len(members), datatype=XSD.integer)))
        for r in members:
            g.add((URIRef(r.iri), CKG.reportOf, ev))
    return g


def resolve_store(store: Store, *, settings: Settings | None = None) -> int:
    """Rebuild the events graph from every Report in the store; returns the number of Events."""
    settings = settings or get_settings()
    iris = IRIs(settings.base_iri)
    groups = cluster(load_reports(store))
    g = events_graph(groups, iris)
    store.replace_graphs([(str(iris.events_graph()), g)])
    return len(groups)
