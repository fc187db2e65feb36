"""The query worker: a child process that opens the store itself and runs one job at a time.

pyoxigraph cannot cancel a running query, so every SPARQL query runs in one of these
processes; the parent (:mod:`conflictkg.server.engine`) kills and replaces a worker whose job
runs past its deadline. Results travel back already serialised (bytes).

Keep the imports of this module light: it is the first thing every new worker imports.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Any

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Jena's name for "the store's real default graph" in a protocol dataset.
REAL_DEFAULT_GRAPH = "urn:x-arq:DefaultGraph"

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class JobError(Exception):
    """An error reported back to the parent: ``kind`` is "query" (HTTP 400) or "store" (500)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# --------------------------------------------------------------------------- terms

def term_json(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(t.subject),
                                              "predicate": term_json(t.predicate),
                                              "object": term_json(t.object)}}
    raise JobError("store", f"unexpected term {t!r}")


def solutions_json(variables: list[str], rows: list[Any]) -> bytes:
    out = []
    for row in rows:
        b = {}
        for v in variables:
            t = row[v]
            if t is not None:
                b[v] = term_json(t)
        out.append(b)
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": out}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def boolean_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": bool(value)}).encode()


# --------------------------------------------------------------------------- backends

def _graph_term(g: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if g is None else ox.NamedNode(g)


def _dataset_graph(g: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if g == REAL_DEFAULT_GRAPH else ox.NamedNode(g)


class OxBackend:
    """pyoxigraph on disk: read-only for readers, read-write for the single writer."""

    def __init__(self, path: str, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self.store = self._open()

    def _open(self) -> ox.Store:
        if not self.read_only:
            return ox.Store(self.path)
        # A read-only open can race with the writer's compaction (the manifest names a file
        # that was just merged away): try again, the next manifest is consistent.
        delay = 0.005
        for attempt in range(12):
            try:
                return ox.Store.read_only(self.path)
            except (OSError, RuntimeError):
                if attempt == 11:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
        raise AssertionError("unreachable")

    def reopen(self) -> None:
        if self.read_only:
            self.store = None  # type: ignore[assignment]
            self.store = self._open()

    def query(self, q: str, *, base_iri: str | None, default_graph: list[str] | None,
              named_graphs: list[str] | None, union: bool) -> Any:
        kw: dict[str, Any] = {}
        if default_graph is not None:
            kw["default_graph"] = [_dataset_graph(g) for g in default_graph]
        elif union:
            kw["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kw["named_graphs"] = [ox.NamedNode(g) for g in named_graphs if g != REAL_DEFAULT_GRAPH]
        return self.store.query(q, base_iri=base_iri, **kw)

    def update(self, u: str, *, base_iri: str | None) -> None:
        self.store.update(u, base_iri=base_iri)
        self.store.flush()

    def has_graph(self, g: str | None) -> bool:
        return g is None or self.store.contains_named_graph(ox.NamedNode(g))

    def graph_triples(self, g: str | None) -> list[ox.Triple]:
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(None, None, None, _graph_term(g))]

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, path: str, fmt: ox.RdfFormat) -> None:
        if fmt.supports_datasets:
            self.store.dump(path, fmt)
        else:
            triples = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
            ox.serialize(triples, path, fmt)


class RemoteBackend:
    """Any SPARQL 1.1 store over HTTP (the project's RemoteStore)."""

    def __init__(self, url: str, token: str | None) -> None:
        from ..store.remote import RemoteStore

        self.remote = RemoteStore(url, token=token)

    def reopen(self) -> None:
        pass

    def query(self, q: str, *, base_iri: str | None, default_graph: list[str] | None,
              named_graphs: list[str] | None, union: bool) -> Any:
        return self.remote.query(q, default_graph=default_graph, named_graphs=named_graphs)

    def update(self, u: str, *, base_iri: str | None) -> None:
        self.remote.update(u)

    def has_graph(self, g: str | None) -> bool:
        if g is None:
            return True
        return bool(self.remote.query(f"ASK {{ GRAPH <{g}> {{ }} }}"))

    def graph_triples(self, g: str | None) -> list[ox.Triple]:
        where = "?s ?p ?o" if g is None else f"GRAPH <{g}> {{ ?s ?p ?o }}"
        return [t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object)
                for t in self.remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")]

    def named_graphs(self) -> list[str]:
        return self.remote.graph_names()

    def dump(self, path: str, fmt: ox.RdfFormat) -> None:
        with open(path, "wb") as out:
            self.remote.dump(out, fmt)


def open_backend(spec: dict[str, Any]) -> OxBackend | RemoteBackend:
    if spec["kind"] == "remote":
        return RemoteBackend(spec["location"], spec.get("token") or None)
    return OxBackend(spec["location"], spec["read_only"])


# --------------------------------------------------------------------------- serialisation

def serialize_triples(triples: list[ox.Triple], fmt: str, prefixes: dict[str, str],
                      context: dict[str, Any] | None = None, context_url: str | None = None) -> bytes:
    if fmt == "jsonld":
        return triples_to_jsonld(triples, context or {}, context_url)
    rdf_format = RDF_FORMATS[fmt]
    items: list[Any] = triples
    if rdf_format.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    kw: dict[str, Any] = {}
    if fmt in ("turtle", "trig", "rdfxml"):
        used = _used_prefixes(triples, prefixes)
        if used:
            kw["prefixes"] = used
    return ox.serialize(items, format=rdf_format, **kw)


def _used_prefixes(triples: list[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    iris = set()
    for t in triples[:5000]:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def triples_to_jsonld(triples: list[ox.Triple], context: dict[str, Any], context_url: str | None) -> bytes:
    """JSON-LD compacted with ``context``; the document then points at the published context."""
    import rdflib  # only JSON-LD needs rdflib: keep worker start-up fast

    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=nt.decode("utf-8"), format="nt")
    doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True) or "{}")
    if isinstance(doc, dict) and context_url:
        doc["@context"] = context_url
    elif isinstance(doc, list):
        doc = {"@context": context_url or context, "@graph": doc}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def parse_rdf(data: bytes, media_type: str, base_iri: str | None) -> list[ox.Triple]:
    try:
        fmt = ox.RdfFormat.from_media_type(media_type)
    except Exception:  # noqa: BLE001 - pyoxigraph raises various errors here
        fmt = None
    if fmt is None:
        raise JobError("media", f"unsupported RDF media type {media_type!r}")
    try:
        items = list(ox.parse(data, format=fmt, base_iri=base_iri))
    except (SyntaxError, ValueError, OSError) as exc:
        raise JobError("query", f"cannot parse the {fmt.name} payload: {exc}") from exc
    out = []
    for q in items:
        if isinstance(q, ox.Quad) and not isinstance(q.graph_name, ox.DefaultGraph):
            raise JobError("query", "the payload holds named graphs: send a triples format (e.g. Turtle)")
        out.append(ox.Triple(q.subject, q.predicate, q.object))
    return out


# --------------------------------------------------------------------------- jobs

class Worker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.generation = spec.get("generation", 0)
        self.backend = open_backend(spec)
        self.opened = time.monotonic()
        self.prefixes: dict[str, str] = spec.get("prefixes", {})

    def handle(self, job: dict[str, Any]) -> Any:
        gen = job.get("generation")
        refresh = self.spec.get("refresh_seconds") or 0
        if gen is not None and gen != self.generation:
            self.backend.reopen()
            self.generation = gen
            self.opened = time.monotonic()
        elif refresh and time.monotonic() - self.opened > refresh:
            # Another process (conflictkg ingest) may write the store: see its changes.
            self.backend.reopen()
            self.opened = time.monotonic()
        op = job["op"]
        fn = getattr(self, "op_" + op, None)
        if fn is None:
            raise JobError("store", f"unknown job {op!r}")
        try:
            return fn(**job.get("args", {}))
        except (OSError, RuntimeError):
            # A reader's snapshot may name files the writer has compacted away since: reopen
            # the store and run the (read-only) job once more.
            if not getattr(self.backend, "read_only", False):
                raise
            self.backend.reopen()
            return fn(**job.get("args", {}))

    # --- SPARQL
    def op_ping(self) -> str:
        return "pong"

    def op_query(self, query: str, base_iri: str | None = None, default_graph: list[str] | None = None,
                 named_graphs: list[str] | None = None, union: bool = True, fmt_bindings: str = "json",
                 fmt_graph: str = "turtle", max_rows: int = 0, context: dict[str, Any] | None = None,
                 context_url: str | None = None) -> dict[str, Any]:
        try:
            res = self.backend.query(query, base_iri=base_iri, default_graph=default_graph,
                                     named_graphs=named_graphs, union=union)
        except SyntaxError as exc:
            raise JobError("query", f"SPARQL syntax error: {exc}") from exc
        except (ValueError, TypeError) as exc:
            raise JobError("query", f"SPARQL query error: {exc}") from exc
        try:
            return self._serialize_result(res, fmt_bindings, fmt_graph, max_rows, context, context_url)
        except (ValueError, TypeError, SyntaxError) as exc:
            raise JobError("query", f"SPARQL evaluation error: {exc}") from exc

    def _serialize_result(self, res: Any, fmt_bindings: str, fmt_graph: str, max_rows: int,
                          context: dict[str, Any] | None, context_url: str | None) -> dict[str, Any]:
        if isinstance(res, ox.QueryBoolean) or isinstance(res, bool):
            body = boolean_json(bool(res))
            if fmt_bindings != "json":
                body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(
                    format=RESULT_FORMATS[fmt_bindings])
            return {"kind": "boolean", "fmt": fmt_bindings, "body": body, "truncated": False, "count": 1,
                    "value": bool(res)}
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows, truncated = [], False
            for row in res:
                if max_rows and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(row)
            body = solutions_json(variables, rows)
            if fmt_bindings != "json":
                body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(
                    format=RESULT_FORMATS[fmt_bindings])
            return {"kind": "bindings", "fmt": fmt_bindings, "body": body, "truncated": truncated,
                    "count": len(rows)}
        # CONSTRUCT / DESCRIBE
        triples, truncated = [], False
        for t in res:
            if max_rows and len(triples) >= max_rows:
                truncated = True
                break
            triples.append(t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object))
        body = serialize_triples(triples, fmt_graph, self.prefixes, context, context_url)
        return {"kind": "graph", "fmt": fmt_graph, "body": body, "truncated": truncated, "count": len(triples)}

    def op_update(self, update: str, base_iri: str | None = None) -> None:
        try:
            self.backend.update(update, base_iri=base_iri)
        except SyntaxError as exc:
            raise JobError("query", f"SPARQL Update syntax error: {exc}") from exc
        except (ValueError, TypeError) as exc:
            raise JobError("query", f"SPARQL Update error: {exc}") from exc

    def op_named_graphs(self) -> list[str]:
        return self.backend.named_graphs()

    def op_dump(self, path: str, fmt: str) -> None:
        self.backend.dump(path, RDF_FORMATS[fmt])

    # --- Graph Store Protocol
    def op_gsp_get(self, graph: str | None, fmt: str, context: dict[str, Any] | None = None,
                   context_url: str | None = None, body: bool = True) -> dict[str, Any]:
        if not self.backend.has_graph(graph):
            return {"exists": False}
        if not body:
            return {"exists": True, "body": b""}
        triples = self.backend.graph_triples(graph)
        return {"exists": True, "body": serialize_triples(triples, fmt, self.prefixes, context, context_url)}

    def op_gsp_write(self, graph: str | None, payloads: list[tuple[bytes, str]], base_iri: str | None,
                     replace: bool) -> dict[str, Any]:
        triples: list[ox.Triple] = []
        for data, media_type in payloads:
            triples.extend(parse_rdf(data, media_type, base_iri))
        existed = self.backend.has_graph(graph) if graph is not None else True
        target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
        parts = []
        if replace:
            parts.append(f"CLEAR SILENT {target}" if graph is None else f"DROP SILENT {target}")
        if graph is not None and isinstance(self.backend, OxBackend):
            parts.append(f"CREATE SILENT GRAPH <{graph}>")
        if triples:
            nt = _skolem_free_nt(triples)
            inner = nt if graph is None else f"GRAPH <{graph}> {{\n{nt}\n}}"
            parts.append(f"INSERT DATA {{\n{inner}\n}}")
        if parts:
            self.backend.update(" ;\n".join(parts), base_iri=None)
        return {"created": not existed, "count": len(triples)}

    def op_gsp_delete(self, graph: str | None) -> dict[str, Any]:
        if graph is None:
            self.backend.update("CLEAR DEFAULT", base_iri=None)
            return {"existed": True}
        if not self.backend.has_graph(graph):
            return {"existed": False}
        self.backend.update(f"DROP GRAPH <{graph}>", base_iri=None)
        return {"existed": True}


def _skolem_free_nt(triples: list[ox.Triple]) -> str:
    # Blank nodes in INSERT DATA become fresh blank nodes in the store, which is what the
    # Graph Store Protocol wants; labels are kept distinct per request.
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def run_fd(fd: int) -> None:
    """Entry point of a worker started as ``python -c``: talk over the socket ``fd``."""
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    try:
        spec = conn.recv()
    except (EOFError, OSError):
        return
    main(conn, spec)


def main(conn: Any, spec: dict[str, Any]) -> None:
    """Worker loop: open the store, say ready, then answer jobs until EOF."""
    try:
        worker = Worker(spec)
    except BaseException as exc:  # noqa: BLE001 - report whatever stopped the start
        conn.send(("fail", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = worker.handle(job)
            conn.send(("ok", result))
        except JobError as exc:
            conn.send(("err", exc.kind, str(exc)))
        except OSError as exc:
            conn.send(("err", "store", f"{type(exc).__name__}: {exc}"))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent
            tb = traceback.format_exc(limit=5)
            print(tb, file=sys.stderr)
            conn.send(("err", "store", f"{type(exc).__name__}: {exc}"))


__all__ = ["main", "run_fd", "Worker", "JobError", "REAL_DEFAULT_GRAPH"]
