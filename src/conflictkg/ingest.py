"""Run the stages: read -> NLP -> Reports -> RDF -> SHACL -> store (-> resolution).

Bad input never stops the batch: each unreadable file or line is reported with its path (and
line) while the rest goes in. Conforming graphs are written one transaction per batch; a graph
that fails SHACL is quarantined with its report, never silently dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from .articles import ReadError, read_articles
from .config import Settings, get_settings
from .iris import IRIs
from .models import Article, Report
from .rdf import article_graph, graph_fingerprint, split_shared
from .resources import ontology_graph
from .store import Store, open_store
from .validation import validate

log = logging.getLogger(__name__)

BATCH = 32


@dataclass
class IngestSummary:
    """What one ingest run did."""

    articles: int = 0
    reports: int = 0
    triples: int = 0
    unchanged: int = 0
    quarantined: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    events: int = 0

    def line(self) -> str:
        return (f"{self.articles} articles, {self.reports} reports, {self.triples} triples, "
                f"{self.unchanged} unchanged, {len(self.quarantined)} quarantined, {len(self.errors)} errors, "
                f"{self.events} events")


class Pipeline:
    """The loaded NLP resources (spaCy, actors, gazetteer) and the extractor, built once."""

    def __init__(self, settings: Settings | None = None) -> None:
        from .extraction import Extractor
        from .nlp.actors import load_registry
        from .nlp.pipeline import load_nlp, model_info
        from .nlp.places import load_gazetteer

        self.settings = settings or get_settings()
        self.nlp = load_nlp(self.settings.model or None)
        self.model, self.model_version = model_info(self.nlp)
        self.registry = load_registry()
        self.gazetteer = load_gazetteer()
        self.extractor = Extractor(self.nlp, self.registry, self.gazetteer)

    def extract_many(self, articles: list[Article]) -> list[tuple[list[Report], dict[str, set[str]]]]:
        out = []
        for art, doc in zip(articles, self.nlp.pipe(a.text for a in articles), strict=True):
            reports = self.extractor.extract(art, doc)
            out.append((reports, self._aliases(doc)))
        return out

    def _aliases(self, doc) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
        seen: dict[str, set[str]] = {}
        for ent in doc.ents:
            if ent.ent_id_:
                seen.setdefault(ent.ent_id_, set()).add(re.sub(r"^(?:the)\s+", "", ent.text.strip(), flags=re.I))
        return seen

    def graph(self, article: Article, reports: list[Report], aliases: dict[str, set[str]]) -> Graph:
        iris = IRIs(self.settings.base_iri)
        g = article_graph(article, reports, iris=iris, model=self.model, model_version=self.model_version,
                          aliases=aliases)
        g.add((iris.article_graph(article.id), DCTERMS.hasVersion,
               Literal(graph_fingerprint(article, self.model, self.model_version))))
        return g


def _quarantine_dir(store: Store, settings: Settings) -> Path:
    loc = store.location
    if loc.startswith(("http://", "https://")) or loc == ":memory:":
        return Path("conflictkg-quarantine")
    return Path(loc) / "quarantine"


def _safe_name(article_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", article_id)[:120] or "article"


def _union_default_graph(store: Store) -> bool:
    """Whether queries see named-graph triples without GRAPH (embedded: always)."""
    probe = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> ASK { ?s a ckg:Article }"
    named = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> ASK { GRAPH ?g { ?s a ckg:Article } }"
    return bool(store.query(probe)) or not bool(store.query(named))


def ensure_ontology(store: Store, settings: Settings) -> None:
    """Keep the ontology graph in the store in step with ontology/."""
    iris = IRIs(settings.base_iri)
    g = ontology_graph()
    name = str(iris.ontology_graph())
    if name in store.graph_names():
        count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        if int(next(iter(count))["n"].value) == len(g):  # type: ignore[call-overload]
            return
    store.replace_graphs([(name, g)])


def ingest(paths: Iterable[str | Path], *, store: Store | str | None = None, settings: Settings | None = None,
           pipeline: Pipeline | None = None, resolve_events: bool = True,
           on_progress: Callable[[int, str], None] | None = None,
           on_error: Callable[[str], None] | None = None) -> IngestSummary:
    """Ingest files, folders and .jsonl files into the store; idempotent."""
    settings = settings or get_settings()
    own_store = not isinstance(store, Store)
    st: Store = store if isinstance(store, Store) else open_store(store, settings=settings)
    summary = IngestSummary()
    iris = IRIs(settings.base_iri)

    def error(msg: str) -> None:
        summary.errors.append(msg)
        log.warning(msg)
        if on_error:
            on_error(msg)

    try:
        pipe = pipeline or Pipeline(settings)
        ensure_ontology(st, settings)
        batch: list[Article] = []
        seen_ids: set[str] = set()

        def flush() -> None:
            if not batch:
                return
            pending = []
            for art in batch:
                name = str(iris.article_graph(art.id))
                fp = graph_fingerprint(art, pipe.model, pipe.model_version)
                stored = st.literal(name, name, str(DCTERMS.hasVersion))
                if stored == fp:
                    summary.unchanged += 1
                    if on_progress:
                        on_progress(1, art.id)
                    continue
                pending.append(art)
            good: list[tuple[str, Graph]] = []
            shared = Graph()
            for art, (reports, aliases) in zip(pending, pipe.extract_many(pending), strict=True):
                g = pipe.graph(art, reports, aliases)
                result = validate(g)
                if not result.conforms:
                    qdir = _quarantine_dir(st, settings)
                    qdir.mkdir(parents=True, exist_ok=True)
                    base = qdir / _safe_name(art.id)
                    g.serialize(destination=str(base) + ".ttl", format="turtle")
                    Path(str(base) + ".report.txt").write_text(result.text, encoding="utf-8")
                    summary.quarantined.append(art.id)
                    error(f"{art.source or art.id}: graph of article {art.id!r} fails SHACL; "
                          f"quarantined in {base}.ttl with its report")
                else:
                    own, entities = split_shared(g, iris)
                    good.append((str(iris.article_graph(art.id)), own))
                    shared += entities
                    summary.articles += 1
                    summary.reports += len(reports)
                if on_progress:
                    on_progress(1, art.id)
            if good:
                summary.triples += st.replace_graphs(good, additions=[(str(iris.entities_graph()), shared)])
            batch.clear()

        for item in read_articles(list(paths)):
            if isinstance(item, ReadError):
                error(str(item))
                if on_progress:
                    on_progress(1, item.path)
                continue
            if item.id in seen_ids:
                error(f"{item.source or item.id}: duplicate article id {item.id!r} in this run; skipped")
                continue
            seen_ids.add(item.id)
            batch.append(item)
            if len(batch) >= BATCH:
                flush()
        flush()
        if resolve_events:
            from .resolution import resolve_store

            if not _union_default_graph(st):
                error(f"{st.location}: the store's default graph is not the union of its named graphs, so events "
                      "cannot be resolved; start Oxigraph with --union-default-graph (Fuseki: unionDefaultGraph)")
            else:
                summary.events = resolve_store(st, settings=settings)
    finally:
        if own_store:
            st.close()
    return summary
