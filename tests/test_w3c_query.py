"""W3C SPARQL 1.1 query-evaluation (and syntax, and result-format) tests through the HTTP endpoint.

Each test's data is loaded through the Graph Store Protocol, its query sent to /sparql with the
query file's IRI as BASE, and the answer compared with the expected results (unordered unless
the query has ORDER BY; graphs by isomorphism). The same comparison run in-process on
pyoxigraph gives the baseline: we must pass everything pyoxigraph passes. Every test we do not
run through the endpoint is listed in EXCLUDED with its reason.

The server for these tests answers with the store's real default graph (the W3C semantics),
not the union of the named graphs that conflictkg serves by default.
"""

from __future__ import annotations

import csv
import decimal
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conflictkg.config import Settings
from server_helpers import W3C, serve_in_thread

rdflib.NORMALIZE_LITERALS = False

SPARQL11 = W3C / "sparql" / "sparql11"
MANIFESTS = ["aggregates", "bind", "bindings", "cast", "construct", "exists", "functions", "grouping",
             "negation", "project-expression", "property-path", "subquery", "syntax-query",
             "csv-tsv-res", "json-res"]
TOKEN = "w3c-query-token"

# Every test not run through the endpoint, with the reason. The "pyoxigraph" entries are the
# tests pyoxigraph 0.5.13 fails in-process with this harness (test_baseline checks this list
# still matches); the others are refused by design.
PYOXIGRAPH_FAILS = "pyoxigraph 0.5.13 fails it in-process (engine behaviour, not the HTTP layer)"
EXCLUDED: dict[str, str] = {
    "aggregates/agg-groupconcat-04": PYOXIGRAPH_FAILS,
    "aggregates/agg-groupconcat-06": PYOXIGRAPH_FAILS,
    "aggregates/agg-empty-group-count-graph": PYOXIGRAPH_FAILS,
    "bindings/graph": PYOXIGRAPH_FAILS,
    "negation/graph-minus": PYOXIGRAPH_FAILS,
    "property-path/zero_or_more_set_start": PYOXIGRAPH_FAILS,
    "property-path/zero_or_more_set_end": PYOXIGRAPH_FAILS,
    "property-path/zero_or_one_set_start": PYOXIGRAPH_FAILS,
    "property-path/zero_or_one_set_end": PYOXIGRAPH_FAILS,
    "syntax-query/test_4": PYOXIGRAPH_FAILS,
    "csv-tsv-res/csv03": PYOXIGRAPH_FAILS,
    "csv-tsv-res/tsv03": PYOXIGRAPH_FAILS,
}

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SPARQL11.exists(), reason=f"{SPARQL11} is absent (../shared not checked out)"),
]

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
EVAL_TYPES = {MF + "QueryEvaluationTest", MF + "CSVResultFormatTest"}
POS_SYNTAX = {MF + "PositiveSyntaxTest11", MF + "PositiveSyntaxTest"}
NEG_SYNTAX = {MF + "NegativeSyntaxTest11", MF + "NegativeSyntaxTest"}


@dataclass
class W3CTest:
    id: str
    kind: str  # eval | positive | negative
    query: Path
    data: list[Path] = field(default_factory=list)
    graph_data: list[tuple[str, Path]] = field(default_factory=list)
    result: Path | None = None
    service: bool = False

    @property
    def query_iri(self) -> str:
        return self.query.as_uri()


def _load_manifest(name: str) -> list[W3CTest]:
    path = SPARQL11 / name / "manifest.ttl"
    base = path.as_uri()
    g = ox.Store()
    g.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base)

    def objs(s: Any, p: str) -> list[Any]:
        return [q.object for q in g.quads_for_pattern(s, ox.NamedNode(p), None)]

    def rdf_list(node: Any) -> list[Any]:
        out = []
        while node != ox.NamedNode(RDF + "nil"):
            out.append(objs(node, RDF + "first")[0])
            node = objs(node, RDF + "rest")[0]
        return out

    tests = []
    manifest = ox.NamedNode(base)
    for entries in objs(manifest, MF + "entries"):
        for t in rdf_list(entries):
            types = {o.value for o in objs(t, RDF + "type")}
            if types & EVAL_TYPES:
                kind = "eval"
            elif types & POS_SYNTAX:
                kind = "positive"
            elif types & NEG_SYNTAX:
                kind = "negative"
            else:
                continue
            action = objs(t, MF + "action")[0]
            tid = f"{name}/{t.value.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"
            if kind != "eval":
                tests.append(W3CTest(tid, kind, Path(action.value.removeprefix("file://"))))
                continue
            query = objs(action, QT + "query")[0]
            data = [Path(d.value.removeprefix("file://")) for d in objs(action, QT + "data")]
            gdata = []
            for gd in objs(action, QT + "graphData"):
                if isinstance(gd, ox.NamedNode):
                    gdata.append((gd.value, Path(gd.value.removeprefix("file://"))))
                else:
                    file = objs(gd, QT + "graph")[0]
                    label = objs(gd, "http://www.w3.org/2000/01/rdf-schema#label")
                    gdata.append((label[0].value if label else file.value, Path(file.value.removeprefix("file://"))))
            results = objs(t, MF + "result")
            tests.append(W3CTest(tid, kind, Path(query.value.removeprefix("file://")), data, gdata,
                                 Path(results[0].value.removeprefix("file://")) if results else None,
                                 service=bool(objs(action, QT + "serviceData"))))
    return tests


@functools.cache
def all_tests() -> list[W3CTest]:
    if not SPARQL11.exists():
        return []
    return [t for name in MANIFESTS for t in _load_manifest(name)]


# --------------------------------------------------------------------------- comparison

def _fmt_of(path: Path) -> str:
    return path.suffix.lstrip(".").lower()


def _rdf_format(path: Path) -> ox.RdfFormat:
    return {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}[_fmt_of(path)]


XSD = "http://www.w3.org/2001/XMLSchema#"
_DECIMALS = {XSD + n for n in ("decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
                                "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}


def _term_key(t: Any) -> str:
    """A comparable form: blank nodes alike, numbers and booleans by value (as W3C harnesses do)."""
    if isinstance(t, ox.BlankNode):
        return "_:"
    if isinstance(t, ox.Literal):
        dt = t.datatype.value
        try:
            if dt in _DECIMALS:
                return f"{dt}={decimal.Decimal(t.value.strip()).normalize()}"
            if dt in _FLOATS:
                return f"{dt}={float(t.value.strip())!r}"
            if dt == XSD + "boolean":
                return f"{dt}={t.value.strip() in ('true', '1')}"
        except (ArithmeticError, ValueError):
            pass
    return str(t)


def _csv_rows(data: bytes) -> Any:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    order = sorted(range(len(header)), key=lambda i: header[i])
    norm = [tuple("_:" if r[i].startswith("_:") else r[i] for i in order) for r in body]
    return ("csv", tuple(header[i] for i in order), sorted(norm))


def _norm_solutions(variables: list[str], rows: list[dict[str, Any]], ordered: bool) -> Any:
    keyed = [tuple(sorted((v, _term_key(r[v])) for v in variables if r.get(v) is not None)) for r in rows]
    return ("bindings", tuple(sorted(variables)), keyed if ordered else sorted(keyed))


def _norm_ox_results(res: Any, ordered: bool) -> Any:
    if isinstance(res, ox.QueryBoolean):
        return ("boolean", bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = [{v: row[v] for v in variables} for row in res]
        return _norm_solutions(variables, rows, ordered)
    triples = [t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object) for t in res]
    return ("graph", _rdflib_graph(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))


def _rdflib_graph(nt: bytes) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=nt.decode("utf-8"), format="nt")
    return g


def _result_set_from_rdf(quads: list[ox.Quad], ordered: bool) -> Any:
    by_s: dict[Any, dict[str, list[Any]]] = {}
    for q in quads:
        by_s.setdefault(q.subject, {}).setdefault(q.predicate.value, []).append(q.object)
    rs = next(s for s, po in by_s.items() if ox.NamedNode(RS + "ResultSet") in po.get(RDF + "type", []))
    props = by_s[rs]
    if RS + "boolean" in props:
        return ("boolean", props[RS + "boolean"][0].value == "true")
    variables = [v.value for v in props.get(RS + "resultVariable", [])]
    rows = []
    indexed = []
    for sol in props.get(RS + "solution", []):
        row: dict[str, Any] = {}
        for b in by_s.get(sol, {}).get(RS + "binding", []):
            bp = by_s[b]
            row[bp[RS + "variable"][0].value] = bp[RS + "value"][0]
        idx = by_s.get(sol, {}).get(RS + "index")
        indexed.append((int(idx[0].value) if idx else 0, row))
    rows = [r for _, r in sorted(indexed, key=lambda x: x[0])]
    return _norm_solutions(variables, rows, ordered)


def expected(test: W3CTest, ordered: bool) -> Any:
    assert test.result is not None
    fmt = _fmt_of(test.result)
    data = test.result.read_bytes()
    if fmt == "csv":
        return _csv_rows(data)
    if fmt in ("srx", "srj", "tsv"):
        rf = {"srx": ox.QueryResultsFormat.XML, "srj": ox.QueryResultsFormat.JSON,
              "tsv": ox.QueryResultsFormat.TSV, "csv": ox.QueryResultsFormat.CSV}[fmt]
        return _norm_ox_results(ox.parse_query_results(data, rf), ordered)
    quads = list(ox.parse(data, format=_rdf_format(test.result), base_iri=test.result.as_uri()))
    if any(q.object == ox.NamedNode(RS + "ResultSet") for q in quads):
        return _result_set_from_rdf(quads, ordered)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return ("graph", _rdflib_graph(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))


def same(got: Any, want: Any) -> bool:
    if got[0] != want[0]:
        return False
    if got[0] == "graph":
        return isomorphic(got[1], want[1])
    return got == want


def is_ordered(query: str) -> bool:
    return re.search(r"ORDER\s+BY", query, re.I) is not None


def result_format(test: W3CTest) -> str:
    """The results format the test is about: CSV/TSV tests compare that serialisation."""
    fmt = _fmt_of(test.result) if test.result else ""
    return fmt if fmt in ("csv", "tsv") else "json"


# --------------------------------------------------------------------------- in-process baseline

def run_inprocess(test: W3CTest) -> bool:
    query = test.query.read_text(encoding="utf-8")
    store = ox.Store()
    try:
        if test.kind != "eval":
            try:
                store.query(query, base_iri=test.query_iri)
                ok = True
            except SyntaxError:
                ok = False
            return ok == (test.kind == "positive")
        for d in test.data:
            store.load(path=str(d), format=_rdf_format(d), base_iri=d.as_uri(), to_graph=ox.DefaultGraph())
        for name, d in test.graph_data:
            store.load(path=str(d), format=_rdf_format(d), base_iri=d.as_uri(), to_graph=ox.NamedNode(name))
        ordered = is_ordered(query)
        res = store.query(query, base_iri=test.query_iri)
        fmt = result_format(test)
        if fmt == "csv":
            return same(_csv_rows(res.serialize(format=ox.QueryResultsFormat.CSV)), expected(test, ordered))
        if fmt == "tsv":
            rf = ox.QueryResultsFormat.TSV
            res = ox.parse_query_results(res.serialize(format=rf), rf)
        return same(_norm_ox_results(res, ordered), expected(test, ordered))
    except Exception:  # noqa: BLE001 - any failure is a failure of the baseline
        return False


@functools.cache
def baseline() -> frozenset[str]:
    return frozenset(t.id for t in all_tests() if run_inprocess(t))


# --------------------------------------------------------------------------- through HTTP

ACCEPT = {"json": "application/sparql-results+json, application/n-triples;q=0.9",
          "csv": "text/csv, application/n-triples;q=0.9",
          "tsv": "text/tab-separated-values, application/n-triples;q=0.9"}
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "text/csv": ox.QueryResultsFormat.CSV,
                "text/tab-separated-values": ox.QueryResultsFormat.TSV}


class HttpRunner:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.loaded: tuple[Any, ...] | None = None

    def load(self, test: W3CTest) -> None:
        key = (tuple(test.data), tuple(test.graph_data))
        if key == self.loaded:
            return
        r = self.client.post("/sparql", content="DROP SILENT ALL", headers={"Content-Type": "application/sparql-update"})
        assert r.status_code == 204, r.text
        for target, files in [(None, test.data)] + [(name, [d]) for name, d in test.graph_data]:
            triples = []
            for d in files:
                triples += [ox.Triple(q.subject, q.predicate, q.object)
                            for q in ox.parse(path=str(d), format=_rdf_format(d), base_iri=d.as_uri())]
            if not triples and target is None:
                continue
            params = {"default": ""} if target is None else {"graph": target}
            r = self.client.post("/store", params=params, content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                                 headers={"Content-Type": "application/n-triples"})
            assert r.status_code in (201, 204), r.text
        self.loaded = key

    def run(self, test: W3CTest) -> tuple[bool, str]:
        query = test.query.read_text(encoding="utf-8")
        text = f"BASE <{test.query_iri}>\n{query}"
        if test.kind != "eval":
            r = self.client.post("/sparql", content=text.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query"})
            ok = r.status_code == 200 if test.kind == "positive" else r.status_code == 400
            return ok, f"HTTP {r.status_code}: {r.text[:300]}"
        self.load(test)
        ordered = is_ordered(query)
        fmt = result_format(test)
        r = self.client.post("/sparql", content=text.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT[fmt]})
        if r.status_code != 200:
            return False, f"HTTP {r.status_code}: {r.text[:300]}"
        ctype = r.headers["content-type"].split(";")[0].strip()
        if ctype == "application/n-triples":
            got = ("graph", _rdflib_graph(r.content))
        elif ctype == "text/csv":
            got = _csv_rows(r.content)
        else:
            got = _norm_ox_results(ox.parse_query_results(r.content, RESULT_TYPES[ctype]), ordered)
        want = expected(test, ordered)
        return same(got, want), f"got {str(got)[:400]}\nwant {str(want)[:400]}"


@pytest.fixture(scope="module")
def runner() -> Any:
    settings = Settings(store=":memory:", token=TOKEN, query_timeout=20.0,
                        extra={"union_default_graph": False, "workers": 2})
    with serve_in_thread(settings) as url:
        with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            yield HttpRunner(client)


def _reason(test: W3CTest) -> str | None:
    if test.service:
        return "needs SERVICE, which this endpoint refuses by design"
    return EXCLUDED.get(test.id)


TESTS = all_tests()


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_w3c_query(runner: HttpRunner, test: W3CTest) -> None:
    reason = _reason(test)
    if reason:
        pytest.skip(reason)
    ok, detail = runner.run(test)
    assert ok, f"{test.id} ({test.query.name}) failed through HTTP:\n{detail}"


def test_baseline_matches_exclusions() -> None:
    """EXCLUDED lists exactly the tests pyoxigraph fails in-process (so none is hidden)."""
    fails = {t.id for t in TESTS if not t.service} - baseline()
    listed = {k for k, v in EXCLUDED.items() if v == PYOXIGRAPH_FAILS}
    assert fails <= listed, f"pyoxigraph fails tests that are not excluded: {sorted(fails - listed)}"
    assert listed <= fails | {t for t in listed if t not in {x.id for x in TESTS}}, \
        f"excluded tests pyoxigraph now passes: {sorted(listed - fails)}"
