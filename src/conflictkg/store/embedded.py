"""The default store: pyoxigraph (RocksDB) on disk."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from .base import Store


class EmbeddedStore(Store):
    """pyoxigraph on disk; ``path=None`` gives an in-memory store (tests, scratch work)."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.location = str(path) if path else ":memory:"
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not (Path(path) / "CURRENT").exists():
                    raise StoreError(f"no store at {path}: run `conflictkg ingest` first")
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.location}: {exc} "
                             "(is another conflictkg process using it?)") from exc

    @property
    def raw(self) -> ox.Store:
        return self._store

    def graph_names(self) -> list[str]:
        return sorted(n.value for n in self._store.named_graphs() if isinstance(n, ox.NamedNode))

    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        kwargs: dict[str, object] = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (ValueError, OSError) as exc:
            raise QueryError(str(exc)) from exc

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL Update syntax error: {exc}") from exc
        except ValueError as exc:
            raise QueryError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"write to {self.location} failed: {exc}") from exc

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, *, graph: str | None = None) -> None:
        if graph is not None:
            self._store.dump(out, fmt, from_graph=ox.NamedNode(graph))
        elif fmt.supports_datasets:
            self._store.dump(out, fmt)
        else:
            # Triple formats get the union of the named graphs.
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            ox.serialize(triples, out, fmt)  # type: ignore[arg-type]

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        if not hasattr(self, "_store"):
            return
        if not self.read_only:
            try:
                self._store.flush()
            except (OSError, ValueError):
                pass
        del self._store
