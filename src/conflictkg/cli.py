"""The `conflictkg` command: a thin shell over the library.

Exit codes: 0 success; 1 the command ran but found problems (input errors, quarantined graphs,
SHACL violations); 2 usage or setup errors (bad option, unreadable store, bad query).
"""

from __future__ import annotations

import io
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import get_settings
from .errors import ConflictKGError
from .vocab import with_prefixes

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News articles about armed conflict -> a linked-data knowledge graph.")
err = Console(stderr=True)
out = Console()

StoreOpt = Annotated[Optional[str], typer.Option("--store", help="Store directory or SPARQL endpoint URL (default: $CONFLICTKG_STORE or ./conflictkg-data)")]


class DumpFormat(str, Enum):
    nquads = "nquads"
    trig = "trig"
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"


class ResultFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


def _settings(store: str | None):  # type: ignore[no-untyped-def]
    s = get_settings()
    return s.with_(store=store) if store else s


def _fail(exc: Exception, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}")
    return typer.Exit(code)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logging")] = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False)])


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(help="Files, folders or .jsonl files")], store: StoreOpt = None,
           no_resolve: Annotated[bool, typer.Option("--no-resolve", help="Skip event resolution")] = False) -> None:
    """Ingest articles (.txt, .html, .jsonl); idempotent."""
    from .articles import iter_paths
    from .ingest import ingest as run_ingest

    settings = _settings(store)
    total = sum(_count_items(p) for p in iter_paths(list(paths)))
    logging.getLogger("conflictkg").setLevel(logging.ERROR)  # errors are printed once, below
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[item]}"), console=err, disable=not err.is_terminal, transient=True)

    def on_error(msg: str) -> None:
        progress.console.print(f"[red]error:[/] {msg}", highlight=False, markup=False) if err.is_terminal \
            else print(f"error: {msg}", file=sys.stderr)

    try:
        with progress:
            task = progress.add_task("ingest", total=total or None, item="loading models…")
            summary = run_ingest(paths, store=None, settings=settings, resolve_events=not no_resolve,
                                 on_progress=lambda n, item: progress.update(task, advance=n, item=item[-40:]),
                                 on_error=on_error)
    except ConflictKGError as exc:
        raise _fail(exc) from exc
    print(f"conflictkg ingest: {summary.line()}", file=sys.stderr)
    if summary.errors or summary.quarantined:
        raise typer.Exit(1)


def _count_items(path: Path) -> int:
    if path.suffix.lower() == ".jsonl":
        try:
            with open(path, "rb") as fh:
                return max(1, sum(1 for line in fh if line.strip()))
        except OSError:
            return 1
    return 1


@app.command()
def dump(store: StoreOpt = None,
         format: Annotated[DumpFormat, typer.Option("--format", "-f")] = DumpFormat.nquads,
         output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File (default: stdout)")] = None) -> None:
    """Write the whole store as RDF (streams)."""
    import pyoxigraph as ox

    from .store import open_store

    settings = _settings(store)
    try:
        st = open_store(settings.store, settings=settings, read_only=False)
    except ConflictKGError as exc:
        raise _fail(exc) from exc
    try:
        target = open(output, "wb") if output else sys.stdout.buffer
        try:
            if format == DumpFormat.jsonld:
                _dump_jsonld(st, target)
            else:
                fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
                       "ntriples": ox.RdfFormat.N_TRIPLES}[format.value]
                st.dump(target, fmt)
        finally:
            if output:
                target.close()
            else:
                target.flush()
    finally:
        st.close()


def _dump_jsonld(st, target) -> None:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox
    from rdflib import Dataset

    from .vocab import PREFIXES

    buf = io.BytesIO()
    st.dump(buf, ox.RdfFormat.N_QUADS)
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    target.write(ds.serialize(format="json-ld", context=PREFIXES, auto_compact=True).encode("utf-8"))


@app.command()
def query(sparql: Annotated[str, typer.Argument(help="A .rq file or a SPARQL query string")], store: StoreOpt = None,
          format: Annotated[ResultFormat, typer.Option("--format", "-f")] = ResultFormat.table) -> None:
    """Run a SPARQL query against the store (default graph = union of all graphs)."""
    import pyoxigraph as ox

    from .store import open_store

    path = Path(sparql)
    text = path.read_text(encoding="utf-8") if sparql.endswith(".rq") or (len(sparql) < 512 and path.is_file()) else sparql
    settings = _settings(store)
    try:
        st = open_store(settings.store, settings=settings, read_only=True) if not settings.store.startswith("http") \
            else open_store(settings.store, settings=settings)
    except (ConflictKGError, OSError) as exc:
        raise _fail(exc) from exc
    try:
        try:
            res = st.query(with_prefixes(text))
        except ConflictKGError as exc:
            raise _fail(exc) from exc
        if isinstance(res, ox.QueryBoolean):
            print(json.dumps({"head": {}, "boolean": bool(res)}) if format == ResultFormat.json else str(bool(res)).lower())
            return
        if isinstance(res, ox.QueryTriples):
            buf = io.BytesIO()
            ox.serialize(res, buf, ox.RdfFormat.TURTLE)
            sys.stdout.write(buf.getvalue().decode("utf-8"))
            return
        if format in (ResultFormat.json, ResultFormat.csv, ResultFormat.tsv):
            buf = io.BytesIO()
            res.serialize(buf, {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                                "tsv": ox.QueryResultsFormat.TSV}[format.value])
            sys.stdout.write(buf.getvalue().decode("utf-8"))
            return
        variables = [v.value for v in res.variables]
        table = Table(*variables, show_lines=False)
        n = 0
        for row in res:
            table.add_row(*[_cell(row[v]) for v in variables])
            n += 1
        out.print(table)
        err.print(f"{n} rows")
    finally:
        st.close()


def _cell(term) -> str:  # type: ignore[no-untyped-def]
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


@app.command()
def validate(store: StoreOpt = None) -> None:
    """SHACL-validate everything stored (exit 1 on violations)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from .store import open_store
    from .validation import validate as shacl

    settings = _settings(store)
    try:
        st = open_store(settings.store, settings=settings, read_only=not settings.store.startswith("http"))
    except (ConflictKGError, OSError) as exc:
        raise _fail(exc) from exc
    try:
        buf = io.BytesIO()
        st.dump(buf, ox.RdfFormat.N_TRIPLES)
    finally:
        st.close()
    g = Graph()
    g.parse(data=buf.getvalue().decode("utf-8"), format="nt")
    result = shacl(g)
    if result.conforms:
        out.print(f"conforms: {len(g)} triples validated against shapes/")
        return
    sys.stdout.write(result.text)
    raise typer.Exit(1)


@app.command()
def serve(store: StoreOpt = None, host: Annotated[str, typer.Option()] = "127.0.0.1",
          port: Annotated[int, typer.Option()] = 8000) -> None:
    """Serve the SPARQL endpoint, resource pages, dumps and web UI."""
    from .server.app import serve as run_server

    settings = _settings(store)
    err.print(f"serving {settings.store} on http://{host}:{port}/ (SPARQL at /sparql)")
    run_server(settings, host=host, port=port)


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold file (schema of shared/corpus/README.md)")],
             texts: Annotated[Optional[Path], typer.Option("--texts", help="Folder of the articles (default: beside the gold file)")] = None,
             format: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """Score extraction against a gold file: core-event recall, precision, per-field accuracy."""
    from .evaluation import evaluate_gold, render_table

    try:
        result = evaluate_gold(gold, texts)
    except ConflictKGError as exc:
        raise _fail(exc) from exc
    if format == "json":
        print(json.dumps(result, indent=2, default=str))
    else:
        render_table(result, out)


if __name__ == "__main__":  # pragma: no cover
    app()
