"""The small interface every store backend implements."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox
import rdflib


def to_ox_term(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def graph_to_quads(graph: rdflib.Graph, graph_iri: str) -> Iterator[ox.Quad]:
    g = ox.NamedNode(graph_iri)
    for s, p, o in graph:
        yield ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), g)  # type: ignore[arg-type]


class Store(ABC):
    """A quad store: named graphs in, SPARQL out. The SPARQL default graph is the union."""

    location: str

    def replace_graphs(self, graphs: Iterable[tuple[str, rdflib.Graph]], *,
                       additions: Iterable[tuple[str, rdflib.Graph]] = ()) -> int:
        """Replace each named graph in ``graphs`` and add ``additions`` to theirs, all in one
        SPARQL update (one transaction: everything is written or nothing changes).
        Returns the number of triples written."""
        parts, n = [], 0
        for iri, g, replace in [(i, g, True) for i, g in graphs] + [(i, g, False) for i, g in additions]:
            buf = io.BytesIO()
            ox.serialize((ox.Triple(to_ox_term(s), to_ox_term(p), to_ox_term(o)) for s, p, o in g),  # type: ignore[arg-type]
                         buf, ox.RdfFormat.N_TRIPLES)
            n += len(g)
            drop = f"DROP SILENT GRAPH <{iri}> ;\n" if replace else ""
            parts.append(f"{drop}INSERT DATA {{ GRAPH <{iri}> {{\n{buf.getvalue().decode()}}} }}")
        if parts:
            self.update(" ;\n".join(parts))
        return n

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs in the store."""

    @abstractmethod
    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        """Run a SPARQL query; without ``default_graph`` the default graph is the union of all graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""

    @abstractmethod
    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, *, graph: str | None = None) -> None:
        """Serialise the whole store (or one graph) to ``out``."""

    def close(self) -> None:  # noqa: B027 - optional for backends
        """Release the store."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def literal(self, graph: str, subject: str, predicate: str) -> str | None:
        """One literal value (used for idempotency checks)."""
        q = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <{subject}> <{predicate}> ?o }} }} LIMIT 1"
        for row in self.query(q):  # type: ignore[union-attr]
            return str(row["o"].value)
        return None

    def count_triples(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in res:  # type: ignore[union-attr]
            return int(row["n"].value)
        return 0
