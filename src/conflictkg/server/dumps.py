"""Dated gzip dumps of the whole store: ``/dumps/conflictkg-YYYY-MM-DD.nq.gz`` and ``.ttl.gz``.

A dump is written by ``engine.dump_to_file`` into a cache directory, gzip-compressed there
chunk by chunk (never held in memory) together with the dataset's licence triples
(``<base>dataset dcterms:license <settings.licence>``), and streamed from disk. The date is
the day the store last changed (the newest file of an on-disk store) or today. A cached
dump is reused while the store's fingerprint (last change, triple count) is unchanged;
the few most recent older dumps stay downloadable.

Cache directory: ``settings.extra["dump_dir"]``, else ``$CONFLICTKG_DUMP_DIR``, else a
per-store folder under the system temporary directory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from .resources import render, root_path

router = APIRouter()

DUMP_NAME = re.compile(r"^conflictkg-(\d{4}-\d{2}-\d{2})\.(nq|ttl)\.gz$")
#: file extension -> (engine dump format, media type of the uncompressed content, label)
KINDS: dict[str, tuple[str, str, str]] = {
    "nq": ("nquads", "application/n-quads", "N-Quads (named graphs kept)"),
    "ttl": ("turtle", "text/turtle", "Turtle (all graphs merged)"),
}
KEEP_OLD = 3
CHUNK = 1 << 20

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
TITLE = "conflictkg: a knowledge graph of armed-conflict events extracted from news"


def dataset_iri(settings: Any) -> str:
    return settings.base_iri + "dataset"


def cache_dir(settings: Any) -> Path:
    d = (getattr(settings, "extra", None) or {}).get("dump_dir") or os.environ.get("CONFLICTKG_DUMP_DIR")
    if not d:
        key = hashlib.sha256(str(Path(settings.store).resolve() if "://" not in settings.store
                                 else settings.store).encode()).hexdigest()[:12]
        d = os.path.join(tempfile.gettempdir(), "conflictkg-dumps", key)
    path = Path(d)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_last_change(settings: Any) -> float | None:
    """Newest modification time of an on-disk store's files, or of the RDF file served as
    the store (None for remote stores)."""
    store = str(settings.store)
    if "://" in store:
        return None
    root = Path(store)
    if root.is_file():  # an RDF file the engine loads at start-up
        return root.stat().st_mtime
    if not root.is_dir():
        return None
    newest = None
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            if f.upper() == "LOCK" or f.startswith("LOG"):
                continue  # touched by merely opening the store
            try:
                m = os.stat(os.path.join(dirpath, f)).st_mtime
            except OSError:
                continue
            newest = m if newest is None or m > newest else newest
    return newest


def dump_date(settings: Any) -> str:
    """The store's last-change day (UTC), or today."""
    m = store_last_change(settings)
    when = dt.datetime.fromtimestamp(m, dt.timezone.utc) if m else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def dump_name(date: str, ext: str) -> str:
    return f"conflictkg-{date}.{ext}.gz"


def dump_urls(request: Request, date: str | None = None) -> dict[str, str]:
    """Absolute download URLs of the current dumps, by extension."""
    date = date or dump_date(request.app.state.engine.settings)
    base = str(request.base_url).rstrip("/")
    return {ext: f"{base}/dumps/{dump_name(date, ext)}" for ext in KINDS}


async def fingerprint(engine: Any) -> str:
    res = await engine.select_json("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    rows = res.get("results", {}).get("bindings", [])
    n = rows[0]["n"]["value"] if rows and "n" in rows[0] else "0"
    return f"{store_last_change(engine.settings) or ''}:{n}"


def _iri_ok(s: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", s))


def _lit(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def licence_triples(settings: Any, date: str) -> str:
    """N-Triples (also valid Turtle and N-Quads lines) stating the dataset and its licence."""
    ds = f"<{dataset_iri(settings)}>"
    lic = settings.licence
    lic_term = f"<{lic}>" if _iri_ok(lic) else _lit(lic)
    return "".join([
        f"{ds} <{RDF_TYPE}> <http://rdfs.org/ns/void#Dataset> .\n",
        f"{ds} <{RDF_TYPE}> <http://www.w3.org/ns/dcat#Dataset> .\n",
        f"{ds} <{DCT}title> {_lit(TITLE)} .\n",
        f"{ds} <{DCT}license> {lic_term} .\n",
        f"{ds} <{DCT}issued> \"{date}\"^^<{XSD}date> .\n",
    ])


def _compress(raw: Path, out: Path, trailer: str) -> None:
    """gzip ``raw`` + ``trailer`` into ``out``, streaming."""
    with open(raw, "rb") as src, open(out, "wb") as dst_raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=dst_raw, compresslevel=6, mtime=0) as dst:
            last = b"\n"
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    break
                dst.write(chunk)
                last = chunk[-1:]
            if last != b"\n":
                dst.write(b"\n")
            dst.write(trailer.encode("utf-8"))
        dst_raw.flush()
        os.fsync(dst_raw.fileno())


def _locks(request: Request) -> dict[str, asyncio.Lock]:
    locks = getattr(request.app.state, "ckg_dump_locks", None)
    if locks is None:
        locks = {}
        request.app.state.ckg_dump_locks = locks
    return locks


def _prune(directory: Path, ext: str) -> None:
    files = sorted((p for p in directory.glob(f"conflictkg-*.{ext}.gz") if DUMP_NAME.match(p.name)),
                   key=lambda p: p.name, reverse=True)
    for old in files[KEEP_OLD + 1:]:
        for p in (old, old.with_name(old.name + ".stamp")):
            p.unlink(missing_ok=True)


async def ensure_dump(request: Request, ext: str) -> Path:
    """The current dump file of kind ``ext`` (written now when missing or stale)."""
    engine = request.app.state.engine
    settings = engine.settings
    fmt = KINDS[ext][0]
    directory = cache_dir(settings)
    fp = await fingerprint(engine)
    date = dump_date(settings)
    path = directory / dump_name(date, ext)
    stamp = path.with_name(path.name + ".stamp")
    lock = _locks(request).setdefault(path.name, asyncio.Lock())
    async with lock:
        if path.is_file() and stamp.is_file() and stamp.read_text() == fp:
            return path
        tag = f"{os.getpid()}-{id(lock)}"
        raw = directory / f".{path.name}.{tag}.raw"
        tmp = directory / f".{path.name}.{tag}.tmp"
        try:
            await engine.dump_to_file(str(raw), fmt)
            await asyncio.to_thread(_compress, raw, tmp, licence_triples(settings, date))
            os.replace(tmp, path)
            stamp.write_text(fp)
        finally:
            raw.unlink(missing_ok=True)
            tmp.unlink(missing_ok=True)
        await asyncio.to_thread(_prune, directory, ext)
    return path


def _listing(request: Request) -> list[dict[str, Any]]:
    settings = request.app.state.engine.settings
    directory = cache_dir(settings)
    current = dump_date(settings)
    base = root_path(request) + "/dumps/"
    items: dict[str, dict[str, Any]] = {}
    for ext, (_fmt, media, label) in KINDS.items():
        name = dump_name(current, ext)
        items[name] = {"name": name, "date": current, "format": label, "media_type": media,
                       "href": base + name, "size": None, "current": True}
    for p in directory.glob("conflictkg-*.gz"):
        m = DUMP_NAME.match(p.name)
        if not m:
            continue
        ext = m.group(2)
        item = items.setdefault(p.name, {"name": p.name, "date": m.group(1), "format": KINDS[ext][2],
                                         "media_type": KINDS[ext][1], "href": base + p.name,
                                         "current": False})
        try:
            item["size"] = p.stat().st_size
        except OSError:
            item["size"] = None
    return sorted(items.values(), key=lambda i: (not i["current"], i["date"], i["name"]), reverse=False)


@router.api_route("/dumps", methods=["GET", "HEAD"], include_in_schema=False)
async def dumps_redirect(request: Request) -> Response:
    return RedirectResponse(root_path(request) + "/dumps/", status_code=301)


@router.api_route("/dumps/", methods=["GET", "HEAD"], summary="The downloadable dumps (HTML, or JSON with Accept: application/json)")
async def dumps_index(request: Request) -> Response:
    items = _listing(request)
    accept = request.headers.get("accept", "")
    if request.query_params.get("format") == "json" or (
            "application/json" in accept and "text/html" not in accept):
        return JSONResponse({"dumps": items, "licence": request.app.state.engine.settings.licence})
    return render(request, "dumps.html", items=items, title="Dumps")


@router.api_route("/dumps/conflictkg-latest.{ext}.gz", methods=["GET", "HEAD"], include_in_schema=False)
async def dump_latest(request: Request, ext: str) -> Response:
    if ext not in KINDS:
        return Response("404 Not Found\n", status_code=404, media_type="text/plain")
    date = dump_date(request.app.state.engine.settings)
    return RedirectResponse(root_path(request) + "/dumps/" + dump_name(date, ext), status_code=302)


@router.api_route("/dumps/{name}", methods=["GET", "HEAD"], summary="Download a dated gzip dump (N-Quads or Turtle)",
            responses={200: {"content": {"application/gzip": {}}}, 404: {"description": "No such dump"}})
async def dump_file(request: Request, name: str) -> Response:
    m = DUMP_NAME.match(name)
    if not m:
        return Response("404 Not Found: dumps are named conflictkg-YYYY-MM-DD.nq.gz or .ttl.gz\n",
                        status_code=404, media_type="text/plain; charset=utf-8")
    date, ext = m.group(1), m.group(2)
    settings = request.app.state.engine.settings
    directory = cache_dir(settings)
    if date == dump_date(settings):
        path = await ensure_dump(request, ext)
    else:
        path = directory / name
        if not path.is_file():
            return Response(f"404 Not Found: no dump of {date}; the current one is "
                            f"{dump_name(dump_date(settings), ext)}\n",
                            status_code=404, media_type="text/plain; charset=utf-8")
    return FileResponse(path, media_type="application/gzip", filename=name,
                        headers={"Cache-Control": "public, max-age=3600",
                                 "Link": f'<{settings.licence}>; rel="license"'})

