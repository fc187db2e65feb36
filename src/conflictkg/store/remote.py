"""Any SPARQL 1.1 store over HTTP (tested against the Oxigraph server)."""

from __future__ import annotations

from typing import IO

import httpx
import pyoxigraph as ox

from ..errors import QueryError, StoreError
from .base import Store


def _update_url(query_url: str) -> str:
    # Oxigraph serves /query and /update; most others take both at one URL.
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    return query_url


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint; updates go to its update URL."""

    def __init__(self, url: str, *, update_url: str | None = None, token: str | None = None,
                 timeout: float = 60.0) -> None:
        self.location = url
        self.update_url = update_url or _update_url(url)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(timeout=timeout, headers=headers)

    def _post(self, url: str, **kwargs: object) -> httpx.Response:
        try:
            resp = self._http.post(url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise StoreError(f"{url}: {exc}") from exc
        if resp.status_code == 400:
            raise QueryError(f"{url}: {resp.text.strip()[:500]}")
        if resp.status_code >= 300:
            raise StoreError(f"{url}: HTTP {resp.status_code} {resp.text.strip()[:300]}")
        return resp

    def graph_names(self) -> list[str]:
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in res)  # type: ignore[union-attr]

    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        params: list[tuple[str, str]] = [("default-graph-uri", g) for g in default_graph or []]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        # Ask for formats pyoxigraph can parse back into the same result objects.
        resp = self._post(self.location, params=params, content=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        ctype = resp.headers.get("content-type", "").split(";")[0].strip()
        if ctype == "application/n-triples":
            return ox.parse(resp.content, ox.RdfFormat.N_TRIPLES)  # type: ignore[return-value]
        return ox.parse_query_results(resp.content, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, content=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, *, graph: str | None = None) -> None:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        if fmt.supports_datasets and not graph:
            resp = self._post(self.location, content=f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}".encode(),
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": "application/sparql-results+json"})
            rows = ox.parse_query_results(resp.content, ox.QueryResultsFormat.JSON)
            ox.serialize((ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows), out, fmt)  # type: ignore[arg-type]
            return
        triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")
        ox.serialize(triples, out, fmt)  # type: ignore[arg-type]

    def close(self) -> None:
        self._http.close()
