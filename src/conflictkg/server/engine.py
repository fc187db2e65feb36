"""QueryEngine: every SPARQL query runs in a worker process that can be killed.

pyoxigraph cannot cancel a query, so the engine keeps a small pool of worker processes
(:mod:`conflictkg.server.worker`), each with the store opened by itself: the on-disk store
read-only in readers, and read-write in one writer process that exists only when writes are
enabled (a bearer token is configured). A job that runs past its deadline has its worker
killed and replaced in the background, and the caller gets :class:`QueryTimeout`; the other
workers keep answering. After every write the readers reopen the store before their next job,
so they see it.

Public API (used by the routers of the linked-data pages, dumps and UI)::

    engine = QueryEngine(settings)          # app.state.engine in the server
    await engine.select_json(query) -> dict  # SPARQL 1.1 JSON results, parsed
    await engine.construct_nt(query) -> bytes  # N-Triples
    await engine.ask(query) -> bool
    await engine.dump_to_file(path, fmt)     # fmt: nquads | turtle | trig | ntriples
    engine.settings

A store given as an RDF file (``.nq``, ``.trig``, ``.ttl``, ``.nt``, ...) or ``:memory:`` is
loaded into a private temporary on-disk store (writes to it are not saved back).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import logging
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings, get_settings
from ..errors import QueryError, QueryTimeout, StoreError
from ..vocab import PREFIXES
from .worker_lex import Analysis, add_using, analyze, refuse_network_reason

log = logging.getLogger("conflictkg.engine")

DUMP_FORMATS = {"nquads", "turtle", "trig", "ntriples", "jsonld"}
RDF_FILE_SUFFIXES = {".nq", ".nquads", ".trig", ".ttl", ".turtle", ".nt", ".ntriples", ".rdf", ".owl", ".xml",
                     ".jsonld", ".n3"}


class MediaTypeError(QueryError):
    """A payload in a media type the store cannot read (HTTP 415)."""


class WriteForbidden(QueryError):
    """A write to a read-only engine."""


@dataclass
class QueryResult:
    kind: str  # "bindings" | "boolean" | "graph"
    fmt: str  # key of the serialisation (json, xml, csv, tsv, turtle, ntriples, ...)
    body: bytes
    truncated: bool
    count: int


def jsonld_context(settings: Settings | None = None) -> dict[str, Any]:
    """The JSON-LD context published at /context.jsonld (prefixes of the public contract)."""
    ctx: dict[str, Any] = dict(PREFIXES)
    ctx["dc"] = "http://purl.org/dc/elements/1.1/"
    ctx["foaf"] = "http://xmlns.com/foaf/0.1/"
    ctx["sd"] = "http://www.w3.org/ns/sparql-service-description#"
    if settings is not None:
        ctx["id"] = settings.base_iri
    return ctx


class _Proc:
    def __init__(self, role: str, proc: Any, conn: Any) -> None:
        self.role = role
        self.proc = proc
        self.conn = conn
        self.pid = proc.pid

    def kill(self) -> None:
        try:
            self.proc.kill()
        except (OSError, AttributeError, ValueError):
            pass
        try:
            self.proc.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            self.conn.close()
        except OSError:
            pass


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [p for p in sys.path if p and os.path.isdir(p)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


class QueryEngine:
    """Runs SPARQL queries, updates and Graph Store operations in killable worker processes."""

    def __init__(self, settings: Settings | None = None, *, workers: int | None = None) -> None:
        self.settings = settings or get_settings()
        extra = self.settings.extra or {}
        self.n_readers = max(1, int(workers or extra.get("workers", 2)))
        # The SPARQL default graph is the union of all graphs (DESIGN.md); the W3C evaluation
        # tests need the store's real default graph, hence this switch.
        self.union_default_graph = bool(extra.get("union_default_graph", True))
        self.writable = bool(self.settings.token)
        self.dump_timeout = float(extra.get("dump_timeout", max(600.0, self.settings.query_timeout)))
        self._idle: queue.Queue[_Proc] = queue.Queue()
        self._writer_q: queue.Queue[_Proc] = queue.Queue()
        self._procs: set[_Proc] = set()
        self._procs_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._generation = 0
        self._started = False
        self._closed = False
        self._tmpdir: str | None = None
        self._spec: dict[str, Any] = {}
        self._executor = ThreadPoolExecutor(max_workers=32, thread_name_prefix="ckg-engine")
        self.context = jsonld_context(self.settings)

    # ------------------------------------------------------------------ life cycle
    def _prepare_store(self) -> dict[str, Any]:
        loc = self.settings.store
        spec: dict[str, Any] = {"prefixes": dict(PREFIXES), "token": self.settings.token}
        if loc.startswith(("http://", "https://")):
            spec.update(kind="remote", location=loc)
            return spec
        import pyoxigraph as ox

        path = Path(loc) if loc not in ("", ":memory:") else None
        if path is None or path.is_file():
            self._tmpdir = tempfile.mkdtemp(prefix="conflictkg-store-")
            store = ox.Store(self._tmpdir)
            if path is not None:
                fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
                if fmt is None:
                    raise StoreError(f"{path}: unknown RDF file extension (use .nq, .trig, .ttl, .nt, ...)")
                try:
                    store.bulk_load(path=str(path), format=fmt)
                except (OSError, SyntaxError, ValueError) as exc:
                    raise StoreError(f"cannot load {path}: {exc}") from exc
            store.flush()
            del store
            gc.collect()
            spec.update(kind="disk", location=self._tmpdir)
            return spec
        if not path.exists() or not any(path.iterdir()):
            path.mkdir(parents=True, exist_ok=True)
            try:
                store = ox.Store(str(path))
                del store
                gc.collect()
            except OSError as exc:
                raise StoreError(f"cannot create store {path}: {exc}") from exc
        spec.update(kind="disk", location=str(path))
        return spec

    def start(self) -> "QueryEngine":
        """Open the store and start the workers (called on first use if not called before)."""
        with self._start_lock:
            if self._started:
                return self
            if self._closed:
                raise StoreError("the query engine is closed")
            self._spec = self._prepare_store()
            if self.writable:
                self._writer_q.put(self._spawn("writer"))
            procs = list(self._executor.map(lambda _: self._spawn("reader"), range(self.n_readers)))
            for p in procs:
                self._idle.put(p)
            self._started = True
            log.info("query engine: %d readers%s on %s", self.n_readers,
                     " + 1 writer" if self.writable else "", self._spec["location"])
            return self

    async def astart(self) -> "QueryEngine":
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.start)

    def close(self) -> None:
        self._closed = True
        with self._procs_lock:
            procs = list(self._procs)
            self._procs.clear()
        for p in procs:
            try:
                p.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2
        for p in procs:
            try:
                p.proc.wait(max(0.01, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
            try:
                p.conn.close()
            except OSError:
                pass
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
        self._started = False

    async def aclose(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)

    def _spawn(self, role: str) -> _Proc:
        spec = dict(self._spec)
        spec["read_only"] = role == "reader" and spec.get("kind") == "disk"
        spec["generation"] = self._generation
        if spec.get("kind") == "disk" and not self.writable and not self._tmpdir:
            # read-only server on a store others may write: readers reopen it now and then
            spec["refresh_seconds"] = float((self.settings.extra or {}).get("refresh_seconds", 5.0))
        # A plain child interpreter (not multiprocessing): nothing of the parent's __main__ is
        # re-imported, and killing it is safe whatever it is doing.
        ps, cs = socket.socketpair()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", f"from conflictkg.server.worker import run_fd; run_fd({cs.fileno()})"],
                pass_fds=[cs.fileno()], stdin=subprocess.DEVNULL, env=_child_env(), close_fds=True)
        except OSError as exc:
            ps.close()
            raise StoreError(f"cannot start a {role} worker: {exc}") from exc
        finally:
            cs.close()
        parent = Connection(ps.detach())
        p = _Proc(role, proc, parent)
        try:
            parent.send(spec)
            if not parent.poll(60):
                raise StoreError(f"the {role} worker did not start within 60 s")
            msg = parent.recv()
        except (EOFError, OSError) as exc:
            p.kill()
            raise StoreError(f"the {role} worker died while opening the store (exit code {proc.poll()})") from exc
        except StoreError:
            p.kill()
            raise
        if msg[0] != "ready":
            p.kill()
            raise StoreError(f"the {role} worker cannot open the store {self._spec.get('location')}: {msg[1]}")
        with self._procs_lock:
            self._procs.add(p)
        return p

    def _replace(self, role: str) -> None:
        delay = 0.2
        while not self._closed:
            try:
                p = self._spawn(role)
            except StoreError as exc:
                log.error("cannot restart a %s worker: %s", role, exc)
                time.sleep(delay)
                delay = min(delay * 2, 10)
                continue
            if self._closed:
                p.kill()
                return
            (self._writer_q if role == "writer" else self._idle).put(p)
            return

    def _discard(self, p: _Proc) -> None:
        with self._procs_lock:
            self._procs.discard(p)
        p.kill()
        if not self._closed:
            threading.Thread(target=self._replace, args=(p.role,), daemon=True,
                             name=f"conflictkg-respawn-{p.role}").start()

    # ------------------------------------------------------------------ jobs
    def run_job(self, op: str, args: dict[str, Any] | None = None, *, write: bool = False,
                timeout: float | None = None) -> Any:
        """Run one job in a worker, synchronously; raises QueryError / QueryTimeout / StoreError."""
        if not self._started:
            self.start()
        timeout = float(timeout if timeout is not None else self.settings.query_timeout)
        if write and not self.writable:
            raise WriteForbidden("this endpoint is read-only (no write token is configured)")
        pool = self._writer_q if write else self._idle
        try:
            p = pool.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"all query workers stayed busy for {timeout:g} s; try again later") from None
        job = {"op": op, "args": args or {}, "generation": self._generation}
        try:
            p.conn.send(job)
            if not p.conn.poll(timeout):
                self._discard(p)
                raise QueryTimeout(
                    f"query stopped: it ran longer than this endpoint's limit of {timeout:g} s "
                    "(CONFLICTKG_QUERY_TIMEOUT). Make it more selective or add a LIMIT.")
            msg = p.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._discard(p)
            raise StoreError("the query worker died while running the request "
                             "(out of memory?); it has been replaced") from exc
        pool.put(p)
        if write:
            self._generation += 1
        if msg[0] == "ok":
            return msg[1]
        _, kind, message = msg
        if kind == "query":
            raise QueryError(message)
        if kind == "media":
            raise MediaTypeError(message)
        raise StoreError(message)

    async def _run(self, op: str, args: dict[str, Any] | None = None, *, write: bool = False,
                   timeout: float | None = None) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, functools.partial(self.run_job, op, args, write=write, timeout=timeout))

    # ------------------------------------------------------------------ SPARQL
    @staticmethod
    def check(text: str) -> Analysis:
        """Analyse a query or update; raises QueryError for SERVICE / LOAD."""
        a = analyze(text)
        reason = refuse_network_reason(a)
        if reason:
            raise QueryError(reason)
        return a

    async def query(self, query: str, *, fmt_bindings: str = "json", fmt_graph: str = "turtle",
                    default_graph: Iterable[str] | None = None, named_graphs: Iterable[str] | None = None,
                    base_iri: str | None = None, max_rows: int | None = None, context_url: str | None = None,
                    analysis: Analysis | None = None, timeout: float | None = None) -> QueryResult:
        """Run a SPARQL query; results serialised as ``fmt_bindings`` (SELECT/ASK) or ``fmt_graph``."""
        a = analysis or self.check(query)
        if a.is_update:
            raise QueryError("this is a SPARQL Update, not a query: send it as an update")
        protocol_dataset = default_graph is not None or named_graphs is not None
        args = {
            "query": query, "base_iri": base_iri,
            "default_graph": list(default_graph or []) if protocol_dataset else None,
            "named_graphs": list(named_graphs or []) if protocol_dataset else None,
            "union": self.union_default_graph and not a.has_dataset and not protocol_dataset,
            "fmt_bindings": fmt_bindings, "fmt_graph": fmt_graph,
            "max_rows": self.settings.max_rows if max_rows is None else max_rows,
            "context": self.context if fmt_graph == "jsonld" else None, "context_url": context_url,
        }
        r = await self._run("query", args, timeout=timeout)
        return QueryResult(kind=r["kind"], fmt=r["fmt"], body=r["body"], truncated=r["truncated"], count=r["count"])

    async def update(self, update: str, *, base_iri: str | None = None, using: Iterable[str] = (),
                     using_named: Iterable[str] = (), analysis: Analysis | None = None) -> None:
        """Run a SPARQL 1.1 Update in the writer (protocol using-graph-uri / using-named-graph-uri)."""
        a = analysis or self.check(update)
        using, using_named = list(using), list(using_named)
        if a.form is not None and not a.is_update:
            raise QueryError("this is a SPARQL query, not an update: send it as a query")
        if using or using_named:
            if a.has_using_or_with:
                raise QueryError("using-graph-uri / using-named-graph-uri cannot be combined with "
                                 "USING, USING NAMED or WITH in the update")
            update = add_using(update, a, using, using_named)
        await self._run("update", {"update": update, "base_iri": base_iri}, write=True)

    async def select_json(self, query: str, *, max_rows: int | None = None) -> dict[str, Any]:
        """SPARQL SELECT (or ASK) -> the SPARQL 1.1 JSON results, parsed."""
        r = await self.query(query, fmt_bindings="json", fmt_graph="ntriples", max_rows=max_rows)
        if r.kind == "graph":
            raise QueryError("select_json needs a SELECT or ASK query")
        return json.loads(r.body)

    async def construct_nt(self, query: str, *, max_rows: int | None = None) -> bytes:
        """SPARQL CONSTRUCT / DESCRIBE -> N-Triples bytes."""
        r = await self.query(query, fmt_bindings="json", fmt_graph="ntriples", max_rows=max_rows)
        if r.kind != "graph":
            raise QueryError("construct_nt needs a CONSTRUCT or DESCRIBE query")
        return r.body

    async def ask(self, query: str) -> bool:
        r = await self.query(query, fmt_bindings="json", fmt_graph="ntriples")
        if r.kind != "boolean":
            raise QueryError("ask needs an ASK query")
        return bool(json.loads(r.body)["boolean"])

    async def dump_to_file(self, path: str, fmt: str, *, timeout: float | None = None) -> None:
        """Write the whole store to ``path`` (quads for nquads/trig, the union for triple formats)."""
        if fmt not in DUMP_FORMATS:
            raise QueryError(f"unknown dump format {fmt!r} (use one of {', '.join(sorted(DUMP_FORMATS))})")
        await self._run("dump", {"path": str(Path(path).resolve()), "fmt": fmt},
                        timeout=timeout or self.dump_timeout)

    async def named_graphs(self) -> list[str]:
        return await self._run("named_graphs")

    # ------------------------------------------------------------------ Graph Store Protocol
    async def gsp_get(self, graph: str | None, fmt: str, *, body: bool = True,
                      context_url: str | None = None) -> bytes | None:
        """A graph serialised as ``fmt`` (None: the store's real default graph); None if it does not exist."""
        r = await self._run("gsp_get", {"graph": graph, "fmt": fmt, "body": body,
                                        "context": self.context if fmt == "jsonld" else None,
                                        "context_url": context_url})
        return r["body"] if r["exists"] else None

    async def gsp_write(self, graph: str | None, payloads: list[tuple[bytes, str]], *,
                        base_iri: str | None, replace: bool) -> bool:
        """PUT (replace) or POST (merge) RDF payloads into a graph; True if the graph was created."""
        r = await self._run("gsp_write", {"graph": graph, "payloads": payloads, "base_iri": base_iri,
                                          "replace": replace}, write=True)
        return bool(r["created"])

    async def gsp_delete(self, graph: str | None) -> bool:
        """Drop a graph (clear the default graph); False if it did not exist."""
        r = await self._run("gsp_delete", {"graph": graph}, write=True)
        return bool(r["existed"])


__all__ = ["QueryEngine", "QueryResult", "MediaTypeError", "WriteForbidden", "jsonld_context"]
