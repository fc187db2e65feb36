"""The web UI at ``/``: a SPARQL editor (YASGUI), a map and a timeline of events, filters.

Every asset is vendored under server/static (scripts/vendor_ui.sh copies it from npm), so
the page works offline and loads nothing from a CDN. The editor is preloaded with the
analyst queries of the repository's ``sparql/*.rq`` files (read at request time; each
starts with a ``# title:`` comment header); the map and the timeline query the SPARQL
endpoint from the browser.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..vocab import CKG_NS, EVENT_TYPES, PARENT_TYPES
from .resources import TEMPLATES, render, root_path, site_for

router = APIRouter()

SPARQL_DIR_ENV = "CONFLICTKG_SPARQL_DIR"
MAX_QUERY_BYTES = 200_000


def sparql_dirs() -> list[Path]:
    """Where the shipped .rq files may be: $CONFLICTKG_SPARQL_DIR, the repository's sparql/
    (a checkout or editable install) and the package's _resources/sparql."""
    import conflictkg

    pkg = Path(conflictkg.__file__).resolve().parent
    dirs = []
    env = os.environ.get(SPARQL_DIR_ENV)
    if env:
        dirs.append(Path(env))
    dirs += [pkg.parents[1] / "sparql", pkg / "_resources" / "sparql"]
    return dirs


def parse_query_file(path: Path) -> dict[str, Any] | None:
    """``{id, title, description, query}`` from an .rq file with a ``# title:`` header."""
    try:
        if path.stat().st_size > MAX_QUERY_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    title, doc = "", []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            if doc or title:
                continue
            continue
        if not s.startswith("#"):
            break
        body = s.lstrip("#").strip()
        key, sep, value = body.partition(":")
        if sep and key.strip().lower() == "title" and not title:
            title = value.strip()
        elif body:
            doc.append(body)
    return {"id": path.stem, "title": title or path.stem.replace("-", " ").replace("_", " "),
            "description": "\n".join(doc), "query": text, "file": path.name}


def load_queries() -> list[dict[str, Any]]:
    for d in sparql_dirs():
        if d.is_dir():
            files = sorted(d.glob("*.rq"))
            if files:
                return [q for q in (parse_query_file(f) for f in files) if q]
    return []


def event_type_options() -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for name, label in PARENT_TYPES.items():
        groups[name] = {"iri": CKG_NS + name, "label": label, "children": []}
    for name, (parent, label) in EVENT_TYPES.items():
        groups[parent]["children"].append({"iri": CKG_NS + name, "label": label})
    return list(groups.values())


DEFAULT_QUERY = """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# The latest events with their type and place
SELECT ?event ?label ?date ?type ?placeLabel WHERE {
  ?event a ckg:Event ; rdfs:label ?label .
  OPTIONAL { ?event ckg:date ?date }
  OPTIONAL { ?event ckg:eventType ?type }
  OPTIONAL { ?event ckg:location/rdfs:label ?placeLabel }
}
ORDER BY DESC(?date)
LIMIT 100
"""


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
async def index(request: Request) -> Response:
    site = site_for(request)
    queries = load_queries()
    config = {
        "endpoint": site.endpoint,
        "base": site.base,
        "root": root_path(request),
        "idPrefix": site.url("/id/"),
        "eventTypes": event_type_options(),
        "queries": queries,
        "defaultQuery": DEFAULT_QUERY,
    }
    return render(request, "index.html", site=site, title="Explore", config=config, queries=queries)


@router.api_route("/ui/queries.json", methods=["GET", "HEAD"], summary="The analyst queries shipped in sparql/*.rq")
async def queries_json() -> JSONResponse:
    return JSONResponse(load_queries())


_ = TEMPLATES  # the template environment is shared with resources
