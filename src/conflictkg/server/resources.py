"""Linked data: every minted IRI dereferences, with content negotiation.

``GET /id/{path}`` describes the resource whose IRI is ``settings.base_iri + path`` (the
IRIs keep the public base even when served from localhost): HTML for browsers (one page
per kind: Event, Report, Actor, Place, Article, named graph, anything else), Turtle,
JSON-LD or N-Triples for machines (``Accept`` with q-values, or ``?format=ttl|jsonld|nt|html``).
``GET /ontology`` documents the ontology and event-type scheme (pyLODE when it is
installed, else a built-in page), ``GET /ontology.ttl`` is the ontology as Turtle.

Everything here reads through ``request.app.state.engine`` (async ``select_json``,
``construct_nt``, ``ask``). Text from articles is untrusted: templates autoescape, links
from data are only followed for http(s) URLs, and HTML pages carry a strict CSP.

This module also holds the helpers the other linked-data modules share (content
negotiation, RDF serialisation, the template environment, static files).
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import rdflib
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..vocab import CKG_NS, EVENT_TYPES, GEO, PARENT_TYPES, PREFIXES, SCHEMA

log = logging.getLogger(__name__)

router = APIRouter()

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"

CKG = rdflib.Namespace(CKG_NS)

# --------------------------------------------------------------------------- negotiation

#: format key -> (media type, rdflib serializer name)
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html", ""),
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
}
FORMAT_ALIASES = {
    "html": "html", "htm": "html",
    "ttl": "ttl", "turtle": "ttl",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt",
}
#: media types we can answer, mapped to a format key
MEDIA_TYPES: list[tuple[str, str]] = [
    ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
]


def _parse_accept(header: str) -> list[tuple[str, str, float]]:
    out = []
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if not mt:
            continue
        if "/" not in mt:
            mt = mt + "/*" if mt == "*" else mt
        typ, _, sub = mt.partition("/")
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        out.append((typ, sub or "*", q))
    return out


def negotiate(request: Request, offers: Iterable[str] = ("html", "ttl", "jsonld", "nt"),
              default: str = "ttl") -> str | None:
    """The format key to answer with, or None (406).

    ``?format=`` wins; then the Accept header with q-values (a more specific range beats a
    wildcard; ties go to ``default`` and then to our order). No Accept header, or only
    wildcards, gives ``default`` (Turtle for machines); browsers name text/html.
    """
    offers = list(offers)
    fmt = request.query_params.get("format")
    if fmt:
        key = FORMAT_ALIASES.get(fmt.lower())
        return key if key in offers else None
    header = request.headers.get("accept", "").strip()
    if not header:
        return default if default in offers else offers[0]
    ranges = _parse_accept(header)
    candidates = [(mt, key) for mt, key in MEDIA_TYPES if key in offers]
    # the default's media types first, so they win ties
    candidates.sort(key=lambda c: 0 if c[1] == default else 1)
    best: tuple[float, int, int] | None = None
    best_key = None
    for order, (mt, key) in enumerate(candidates):
        typ, sub = mt.split("/")
        match_q, match_spec = None, -1
        for rtyp, rsub, q in ranges:
            if rtyp == typ and rsub == sub:
                spec = 2
            elif rtyp == typ and rsub == "*":
                spec = 1
            elif rtyp == "*" and rsub == "*":
                spec = 0
            else:
                continue
            if spec > match_spec:
                match_q, match_spec = q, spec
        if match_q is None or match_q <= 0:
            continue
        score = (match_q, match_spec, -order)
        if best is None or score > best:
            best, best_key = score, key
    return best_key


def not_acceptable(offers: Iterable[str] = ("html", "ttl", "jsonld", "nt")) -> Response:
    types = ", ".join(FORMATS[k][0] for k in offers)
    return Response(f"406 Not Acceptable: this resource is available as {types} "
                    "(or use ?format=html|ttl|jsonld|nt)\n",
                    status_code=406, media_type="text/plain; charset=utf-8")


# --------------------------------------------------------------------------- RDF output

def bind_prefixes(g: rdflib.Graph, base: str | None = None) -> rdflib.Graph:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)
    g.bind("void", "http://rdfs.org/ns/void#", override=True)
    g.bind("sd", "http://www.w3.org/ns/sparql-service-description#", override=True)
    if base:
        g.bind("id", base, override=True)
    return g


def graph_from_nt(data: bytes) -> rdflib.Graph:
    g = rdflib.Graph()
    if data.strip():
        g.parse(data=data.decode("utf-8"), format="nt")
    return g


def serialize(g: rdflib.Graph, fmt: str, base: str | None = None) -> bytes:
    """Serialise ``g`` as ``fmt`` (ttl, jsonld, nt) with the project's prefixes."""
    bind_prefixes(g, base)
    if fmt == "ttl":
        return g.serialize(format="turtle", encoding="utf-8")
    if fmt == "jsonld":
        ctx: dict[str, str] = dict(PREFIXES)
        if base:
            ctx["id"] = base
        return g.serialize(format="json-ld", context=ctx, auto_compact=True, encoding="utf-8")
    if fmt == "nt":
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    raise ValueError(fmt)


def rdf_response(g: rdflib.Graph, fmt: str, *, base: str | None = None, status: int = 200,
                 headers: dict[str, str] | None = None) -> Response:
    media = FORMATS[fmt][0]
    charset = "" if fmt == "jsonld" else "; charset=utf-8"
    h = {"Vary": "Accept"}
    h.update(headers or {})
    return Response(serialize(g, fmt, base), status_code=status, media_type=media + charset, headers=h)


OX_FORMATS = {"ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES"}


async def fast_rdf_response(nt: bytes, fmt: str, base: str | None = None) -> Response:
    """N-Triples from the engine re-serialised by pyoxigraph (for whole graphs: rdflib
    would be slow and memory-hungry on them)."""
    import io

    import pyoxigraph as ox

    def convert() -> bytes:
        if fmt == "nt":
            return nt
        prefixes = dict(PREFIXES)
        if base:
            prefixes["id"] = base
        out = io.BytesIO()
        ox.serialize(ox.parse(nt, ox.RdfFormat.N_TRIPLES), out, getattr(ox.RdfFormat, OX_FORMATS[fmt]),
                     prefixes=prefixes)
        return out.getvalue()

    body = await asyncio.to_thread(convert)
    charset = "" if fmt == "jsonld" else "; charset=utf-8"
    return Response(body, media_type=FORMATS[fmt][0] + charset, headers={"Vary": "Accept"})


# --------------------------------------------------------------------------- templates

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'self'; form-action 'self'")

_SAFE_SCHEMES = ("http://", "https://")


def safe_url(value: object) -> str | None:
    """``value`` when it is an http(s) URL (for href attributes of data links), else None."""
    s = str(value or "").strip()
    if s.lower().startswith(_SAFE_SCHEMES) and not any(c in s for c in '<>"\' \t\r\n'):
        return s
    return None


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters["safe_url"] = safe_url
    return env


TEMPLATES = _env()


def root_path(request: Request) -> str:
    return str(request.scope.get("root_path", "") or "").rstrip("/")


@dataclass
class Site:
    """What every page needs: where things are, and how to link an IRI."""

    base: str
    root: str
    licence: str
    endpoint: str

    def url(self, path: str) -> str:
        return self.root + path

    def href(self, iri: object) -> str | None:
        """A local link for IRIs under the base, the IRI itself for other http(s) IRIs."""
        s = str(iri)
        if s.startswith(self.base):
            return self.root + "/id/" + s[len(self.base):]
        return safe_url(s)


def site_for(request: Request) -> Site:
    settings = request.app.state.engine.settings
    root = root_path(request)
    return Site(base=settings.base_iri, root=root, licence=settings.licence, endpoint=root + "/sparql")


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    site = ctx.pop("site", None) or site_for(request)
    html = TEMPLATES.get_template(template).render(site=site, request_path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status,
                        headers={"Vary": "Accept", "Content-Security-Policy": CSP,
                                 "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    fmt = negotiate(request, default="html")
    if fmt == "html" or fmt is None:
        return render(request, "error.html", status=status, title=title, message=message)
    return Response(f"{status} {title}: {message}\n", status_code=status, media_type="text/plain; charset=utf-8")


# --------------------------------------------------------------------------- static files

@router.api_route("/static/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
async def static(path: str) -> Response:
    """Files under server/static (the vendored UI assets and our CSS/JS)."""
    root = STATIC_DIR.resolve()
    try:
        target = (root / path).resolve()
    except (OSError, ValueError):
        return Response("not found\n", status_code=404, media_type="text/plain")
    if root not in target.parents or not target.is_file():
        return Response("not found\n", status_code=404, media_type="text/plain")
    media, _ = mimetypes.guess_type(target.name)
    if target.suffix == ".js":
        media = "text/javascript"
    elif target.suffix == ".json":
        media = "application/json"
    cache = "public, max-age=86400" if "vendor" in target.relative_to(root).parts else "no-cache"
    return FileResponse(target, media_type=media or "application/octet-stream",
                        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"})


# --------------------------------------------------------------------------- SPARQL helpers

_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PATH_OK = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def iri_ref(iri: str) -> str:
    """``<iri>`` for a SPARQL query; raises ValueError for anything unsafe."""
    if _IRI_BAD.search(iri) or not _ABSOLUTE.match(iri):
        raise ValueError(f"unsafe IRI {iri!r}")
    return f"<{iri}>"


def normalise_path(raw: str) -> str | None:
    """RFC 3986 normalisation of a request path below /id/ (None when it is not a valid one).

    Percent-encoded unreserved characters are decoded and hex digits upper-cased, as
    ``iris.segment`` mints them; anything outside the path grammar is rejected.
    """
    if not _PATH_OK.match(raw):
        return None

    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    return re.sub(r"%([0-9A-Fa-f]{2})", fix, raw)


def bindings(result: dict) -> list[dict[str, dict]]:
    return list(result.get("results", {}).get("bindings", []))


def term(b: dict | None) -> URIRef | BNode | Literal | None:
    """A SPARQL JSON term -> rdflib term."""
    if not b:
        return None
    t = b.get("type")
    if t == "uri":
        return URIRef(b["value"])
    if t == "bnode":
        return BNode(b["value"])
    return Literal(b["value"], lang=b.get("xml:lang"),
                   datatype=URIRef(b["datatype"]) if b.get("datatype") else None)


class Loader:
    """Accumulates resource descriptions fetched through the engine into one rdflib graph."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.g = rdflib.Graph()
        self.loaded: set[str] = set()

    async def construct(self, query: str) -> rdflib.Graph:
        data = await self.engine.construct_nt(query)
        g = graph_from_nt(data)
        self.g += g
        return g

    async def load(self, iris: Iterable[object], *, skip_text: bool = True) -> None:
        """Outgoing triples of each IRI (and of their blank nodes), minus long article text."""
        todo = sorted({str(i) for i in iris if isinstance(i, URIRef)} - self.loaded)
        todo = [i for i in todo if _ABSOLUTE.match(i) and not _IRI_BAD.search(i)]
        for start in range(0, len(todo), 200):
            chunk = todo[start:start + 200]
            self.loaded.update(chunk)
            values = " ".join(f"<{i}>" for i in chunk)
            text_filter = f"FILTER(?p != <{SCHEMA.text}>)" if skip_text else ""
            await self.construct(
                f"CONSTRUCT {{ ?x ?p ?o . ?o ?bp ?bo }} WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o . {text_filter} "
                f"OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo }} }}")

    async def describe(self, iri: str, inbound_limit: int = 1000) -> rdflib.Graph:
        """The resource's own triples, its sub-resources (IRIs under ``iri/``, blank nodes)
        and up to ``inbound_limit`` triples pointing at it."""
        ref = iri_ref(iri)
        prefix = iri + "/"
        q = (
            f"CONSTRUCT {{ {ref} ?p ?o . ?o ?sp ?so . ?s ?ip {ref} }} WHERE {{"
            f" {{ {ref} ?p ?o . OPTIONAL {{ FILTER(isBlank(?o) || (isIRI(?o) && STRSTARTS(STR(?o), \"{prefix}\")))"
            f"   ?o ?sp ?so }} }}"
            f" UNION {{ SELECT ?s ?ip WHERE {{ ?s ?ip {ref} }} LIMIT {int(inbound_limit)} }}"
            f" }}")
        g = await self.construct(q)
        self.loaded.add(iri)
        return g


# --------------------------------------------------------------------------- view helpers

def local_name(iri: object) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1] or s
    return s


def humanise(name: str) -> str:
    """``StateForces`` -> ``State forces``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).split()
    return " ".join([words[0]] + [w.lower() if not w.isupper() else w for w in words[1:]]) if words else name


def count_range(lo: object, hi: object, approximate: bool = False) -> str:
    """3/3 -> "3"; 3/8 -> "3–8"; 50/None -> "≥50"; approximate -> prefixed "~"."""
    if lo is None and hi is None:
        return "—"
    if hi is None:
        out = f"≥{lo}"
    elif lo is None:
        out = f"≤{hi}"
    elif str(lo) == str(hi):
        out = str(lo)
    else:
        out = f"{lo}–{hi}"
    return ("~" + out) if approximate else out


@dataclass
class Link:
    label: str
    href: str | None
    iri: str = ""
    note: str = ""


@dataclass
class View:
    """What the HTML templates get for one resource."""

    iri: str
    kind: str
    title: str
    types: list[Link] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    props: list[tuple[Link, list[Any]]] = field(default_factory=list)
    inbound: list[tuple[Link, Link]] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)


class Labeller:
    """Labels and links for terms, from the loaded graph and the vocabulary tables."""

    LABEL_PROPS = (SKOS.prefLabel, RDFS.label, SCHEMA.headline, SCHEMA.name, DCTERMS.title)

    def __init__(self, g: rdflib.Graph, site: Site) -> None:
        self.g = g
        self.site = site

    def label(self, node: object) -> str:
        if isinstance(node, Literal):
            return str(node)
        for p in self.LABEL_PROPS:
            vals = list(self.g.objects(node, p))  # type: ignore[arg-type]
            if vals:
                en = [v for v in vals if isinstance(v, Literal) and v.language in (None, "en")]
                return str(sorted(en or vals, key=str)[0])
        s = str(node)
        if s.startswith(CKG_NS):
            name = s[len(CKG_NS):]
            if name in EVENT_TYPES:
                return EVENT_TYPES[name][1]
            if name in PARENT_TYPES:
                return PARENT_TYPES[name]
            return humanise(name)
        if isinstance(node, URIRef):
            for p, ns in PREFIXES.items():
                if s.startswith(ns) and len(s) > len(ns):
                    return f"{p}:{s[len(ns):]}"
            if s.startswith(self.site.base):
                return s[len(self.site.base):]
        return s

    def link(self, node: object, note: str = "") -> Link:
        if isinstance(node, URIRef):
            return Link(self.label(node), self.site.href(node), str(node), note)
        return Link(self.label(node), None, "", note)

    def value(self, node: object) -> Any:
        """A template value: a Link for IRIs and blank nodes, a string for literals."""
        if isinstance(node, Literal):
            return str(node)
        return self.link(node)

    def first(self, s: object, p: URIRef) -> Any:
        vals = sorted(self.g.objects(s, p), key=str)  # type: ignore[arg-type]
        return vals[0] if vals else None

    def all(self, s: object, p: URIRef) -> list[Any]:
        return sorted(self.g.objects(s, p), key=str)  # type: ignore[arg-type]


def event_type_info(t: object) -> dict[str, Any] | None:
    """{label, notation, parent, iri} of an event-type concept (from vocab.EVENT_TYPES)."""
    if t is None:
        return None
    s = str(t)
    name = s[len(CKG_NS):] if s.startswith(CKG_NS) else local_name(s)
    if name in EVENT_TYPES:
        parent, label = EVENT_TYPES[name]
        return {"iri": s, "label": label, "notation": label, "parent": PARENT_TYPES.get(parent, parent),
                "name": name}
    if name in PARENT_TYPES:
        return {"iri": s, "label": PARENT_TYPES[name], "notation": PARENT_TYPES[name], "parent": "", "name": name}
    return {"iri": s, "label": humanise(name), "notation": "", "parent": "", "name": name}


def _num(v: object) -> int | float | None:
    if v is None:
        return None
    try:
        f = float(str(v))
    except ValueError:
        return None
    return int(f) if f.is_integer() else f


def time_info(lab: Labeller, s: object) -> dict[str, Any]:
    date = lab.first(s, CKG.date)
    earliest = lab.first(s, CKG.earliestDate)
    latest = lab.first(s, CKG.latestDate)
    month_day = lab.first(s, CKG.monthDay)
    precision = lab.first(s, CKG.timePrecision)
    if date is not None:
        shown = str(date)
    elif earliest is not None or latest is not None:
        shown = f"{earliest or '…'} – {latest or '…'}"
    elif month_day is not None:
        shown = f"{month_day} (year unknown)"
    else:
        shown = "unknown"
    return {
        "shown": shown,
        "date": str(date) if date is not None else "",
        "earliest": str(earliest) if earliest is not None else "",
        "latest": str(latest) if latest is not None else "",
        "month_day": str(month_day) if month_day is not None else "",
        "text": [str(t) for t in lab.all(s, CKG.dateText)],
        "precision": local_name(precision) if precision is not None else "",
    }


def place_info(lab: Labeller, place: object) -> dict[str, Any] | None:
    if place is None:
        return None
    lat, lon = _num(lab.first(place, GEO.lat)), _num(lab.first(place, GEO["long"]))
    geonames = [str(x) for x in lab.all(place, OWL.sameAs) if "geonames.org" in str(x)]
    return {
        "link": lab.link(place),
        "lat": lat, "long": lon,
        "admin1": str(lab.first(place, CKG.admin1) or ""),
        "country": str(lab.first(place, CKG.countryCode) or ""),
        "precision": str(lab.first(place, CKG.geoPrecision) or ""),
        "geonames": [safe_url(x) for x in geonames if safe_url(x)],
        "wkt": [str(w) for geom in lab.all(place, rdflib.URIRef("http://www.opengis.net/ont/geosparql#hasGeometry"))
                for w in lab.all(geom, rdflib.URIRef("http://www.opengis.net/ont/geosparql#asWKT"))],
    }


CASUALTY_ORDER = ["Killed", "Injured", "Captured", "Abducted", "Missing"]


def casualty_rows(lab: Labeller, s: object) -> list[dict[str, Any]]:
    rows = []
    for c in lab.all(s, CKG.casualty):
        ctype = lab.first(c, CKG.casualtyType)
        lo, hi = _num(lab.first(c, CKG.minCount)), _num(lab.first(c, CKG.maxCount))
        approx = str(lab.first(c, CKG.approximate) or "").lower() in ("true", "1")
        of = lab.first(c, CKG.ofActor)
        rows.append({
            "type": local_name(ctype) if ctype is not None else "?",
            "min": lo, "max": hi, "approximate": approx,
            "range": count_range(lo, hi, approx),
            "of": lab.link(of) if of is not None else None,
            "link": lab.link(c),
        })
    rows.sort(key=lambda r: (CASUALTY_ORDER.index(r["type"]) if r["type"] in CASUALTY_ORDER else 99,
                             r["of"].label if r["of"] else ""))
    return rows


def casualty_totals(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per casualty type, the sum over the (disjoint) Casualty nodes of one Report."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = out.setdefault(r["type"], {"min": 0, "max": 0, "open": False, "approximate": False, "parts": []})
        t["min"] += r["min"] or 0
        if r["max"] is None:
            t["open"] = True
        else:
            t["max"] += r["max"]
        t["approximate"] = t["approximate"] or r["approximate"]
        t["parts"].append(r)
    for t in out.values():
        t["range"] = count_range(t["min"], None if t["open"] else t["max"], t["approximate"])
    return out


def evidence_items(lab: Labeller, report: object) -> list[dict[str, Any]]:
    """Evidence sentences with their offsets (literal evidence with the report's
    charStart/charEnd, or evidence nodes carrying their own)."""
    items = []
    literals = [e for e in lab.all(report, CKG.evidence) if isinstance(e, Literal)]
    starts = sorted(v for v in (_num(x) for x in lab.all(report, CKG.charStart)) if v is not None)
    ends = sorted(v for v in (_num(x) for x in lab.all(report, CKG.charEnd)) if v is not None)
    pairs = list(zip(starts, ends))
    for e in literals:
        text = str(e)
        match = next((p for p in pairs if p[1] - p[0] == len(text)), None)
        if match is None and len(literals) == 1 and pairs:
            match = pairs[0]
        if match in pairs:
            pairs.remove(match)
        items.append({"text": text, "start": match[0] if match else None, "end": match[1] if match else None})
    for node in lab.all(report, CKG.evidence):
        if isinstance(node, Literal):
            continue
        text = lab.first(node, CKG.sourceText) or lab.first(node, RDF.value) or lab.first(node, RDFS.label)
        items.append({"text": str(text or ""), "start": _num(lab.first(node, CKG.charStart)),
                      "end": _num(lab.first(node, CKG.charEnd)), "link": lab.link(node)})
    items.sort(key=lambda i: (i["start"] is None, i["start"] or 0))
    return items


def actor_links(lab: Labeller, s: object) -> list[dict[str, Any]]:
    out = []
    for role, p in (("actor 1", CKG.actor1), ("actor 2", CKG.actor2), ("associated", CKG.associatedActor)):
        for a in lab.all(s, p):
            kind = lab.first(a, CKG.actorKind)
            out.append({"role": role, "link": lab.link(a), "kind": humanise(local_name(kind)) if kind else ""})
    return out


def article_info(lab: Labeller, art: object) -> dict[str, Any]:
    pub = lab.first(art, SCHEMA.publisher)
    url = lab.first(art, SCHEMA.url)
    return {
        "link": lab.link(art),
        "headline": str(lab.first(art, SCHEMA.headline) or lab.first(art, SCHEMA.identifier) or local_name(art)),
        "publisher": lab.link(pub) if pub is not None else None,
        "date": str(lab.first(art, SCHEMA.datePublished) or ""),
        "url": str(url) if url is not None else "",
        "safe_url": safe_url(url) if url is not None else None,
        "identifier": str(lab.first(art, SCHEMA.identifier) or ""),
    }


def report_info(lab: Labeller, r: object) -> dict[str, Any]:
    claimant = lab.first(r, CKG.claimedBy)
    certainty = lab.first(r, CKG.certainty)
    rows = casualty_rows(lab, r)
    art = lab.first(r, CKG.reportedIn)
    tail = str(r)[len(lab.site.base):] if str(r).startswith(lab.site.base) else local_name(r)
    return {
        "link": lab.link(r),
        "short": Link(tail.replace("report/", "report ", 1), lab.site.href(r), str(r)),
        "claimant": lab.link(claimant) if claimant is not None else None,
        "certainty": local_name(certainty) if certainty is not None else "",
        "casualties": rows,
        "totals": casualty_totals(rows),
        "evidence": evidence_items(lab, r),
        "confidence": str(lab.first(r, CKG.confidence) or ""),
        "article": article_info(lab, art) if art is not None else None,
        "type": event_type_info(lab.first(r, CKG.eventType)),
        "time": time_info(lab, r),
        "background": str(lab.first(r, CKG.isBackground) or "").lower() == "true",
        "lead": str(lab.first(r, CKG.isLead) or "").lower() == "true",
        "events": [lab.link(e) for e in lab.all(r, CKG.reportOf)],
    }


def property_table(lab: Labeller, s: object) -> list[tuple[Link, list[Any]]]:
    props: dict[URIRef, list[Any]] = {}
    for p, o in lab.g.predicate_objects(s):  # type: ignore[arg-type]
        props.setdefault(p, []).append(o)
    out = []
    for p in sorted(props, key=lambda x: (x != RDF.type, lab.label(x))):
        vals = sorted(props[p], key=str)
        out.append((lab.link(p), [lab.value(v) for v in vals]))
    return out


def inbound_table(lab: Labeller, s: object, limit: int = 200) -> list[tuple[Link, Link]]:
    rows = [(lab.link(p), lab.link(subj)) for subj, p in lab.g.subject_predicates(s)]  # type: ignore[arg-type]
    rows.sort(key=lambda r: (r[0].label, r[1].label))
    return rows[:limit]


# --------------------------------------------------------------------------- event lists

EVENT_LIST_QUERY = """
PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) (SAMPLE(?d) AS ?date)
       (SAMPLE(?ed) AS ?earliest) (SAMPLE(?ld) AS ?latest) (SAMPLE(?pl) AS ?place)
       (SAMPLE(?pll) AS ?placeLabel) (GROUP_CONCAT(DISTINCT STR(?role); separator=" ") AS ?roles)
WHERE {
  %s
  ?e a ckg:Event .
  OPTIONAL { ?e rdfs:label ?l }
  OPTIONAL { ?e ckg:eventType ?t }
  OPTIONAL { ?e ckg:date ?d }
  OPTIONAL { ?e ckg:earliestDate ?ed }
  OPTIONAL { ?e ckg:latestDate ?ld }
  OPTIONAL { ?e ckg:location ?pl OPTIONAL { ?pl rdfs:label ?pll } }
}
GROUP BY ?e
LIMIT %d
"""

EVENT_LIST_LIMIT = 500
ROLE_LABELS = {"actor1": "Actor 1", "actor2": "Actor 2", "associatedActor": "Associated actor"}


async def event_list(engine: Any, lab: Labeller, pattern: str) -> tuple[list[dict[str, Any]], bool]:
    res = await engine.select_json(EVENT_LIST_QUERY % (pattern, EVENT_LIST_LIMIT + 1))
    rows = []
    for b in bindings(res):
        e = term(b.get("e"))
        label = str(term(b.get("label")) or lab.label(e))
        date = str(term(b.get("date")) or "")
        earliest, latest = str(term(b.get("earliest")) or ""), str(term(b.get("latest")) or "")
        place = term(b.get("place"))
        roles = [ROLE_LABELS.get(local_name(r), humanise(local_name(r)))
                 for r in str(term(b.get("roles")) or "").split() if r]
        rows.append({
            "link": Link(label, lab.site.href(e), str(e)),
            "type": event_type_info(term(b.get("type"))),
            "date": date or (f"{earliest or '…'} – {latest or '…'}" if (earliest or latest) else ""),
            "sort": date or earliest or latest or "",
            "place": Link(str(term(b.get("placeLabel")) or lab.label(place)), lab.site.href(place), str(place))
            if place is not None else None,
            "roles": roles,
        })
    rows.sort(key=lambda r: (r["sort"], r["link"].label), reverse=True)
    truncated = len(rows) > EVENT_LIST_LIMIT
    return rows[:EVENT_LIST_LIMIT], truncated


# --------------------------------------------------------------------------- kind views

def kind_of(g: rdflib.Graph, iri: URIRef, path: str) -> str:
    types = set(g.objects(iri, RDF.type))
    for kind in ("Event", "Report", "Article", "Actor", "Place", "Casualty"):
        if CKG[kind] in types:
            return kind.lower()
    if SCHEMA.NewsArticle in types:
        return "article"
    if path.startswith("graph/"):
        return "graph"
    return "resource"


async def build_view(request: Request, iri: str, path: str, g: rdflib.Graph, loader: Loader) -> View:
    engine = request.app.state.engine
    site = site_for(request)
    s = URIRef(iri)
    kind = kind_of(g, s, path)
    lab = Labeller(loader.g, site)

    # one hop out: everything the page links to gets a label
    await loader.load(set(loader.g.objects(s, None)) | set(loader.g.subjects(None, s)))
    data: dict[str, Any] = {}

    if kind in ("event", "report"):
        reports = sorted(loader.g.subjects(CKG.reportOf, s), key=str) if kind == "event" else [s]
        # second hop: reports' casualties, claimants, articles; places; actors
        hop2 = set()
        for r in reports:
            hop2 |= set(loader.g.objects(r, None))
        await loader.load(hop2)
        hop3 = set()
        for r in reports:
            for c in loader.g.objects(r, CKG.casualty):
                hop3 |= set(loader.g.objects(c, None))
            for a in loader.g.objects(r, CKG.reportedIn):
                hop3 |= set(loader.g.objects(a, None))
        for c in loader.g.objects(s, CKG.casualty):
            hop3 |= set(loader.g.objects(c, None))
        for pl in loader.g.objects(s, CKG.location):
            hop3 |= set(loader.g.objects(pl, None))
        await loader.load(hop3)
        infos = [report_info(lab, r) for r in reports]
        infos.sort(key=lambda i: (i["claimant"].label if i["claimant"] else "~", i["link"].label))
        articles: dict[str, dict[str, Any]] = {}
        for i in infos:
            if i["article"]:
                articles.setdefault(i["article"]["link"].iri, i["article"])
        data.update(
            type=event_type_info(lab.first(s, CKG.eventType)),
            actors=actor_links(lab, s),
            place=place_info(lab, lab.first(s, CKG.location)),
            time=time_info(lab, s),
            casualties=casualty_rows(lab, s),
            reports=infos,
            articles=sorted(articles.values(), key=lambda a: (a["date"], a["headline"])),
            report_count=str(lab.first(s, CKG.reportCount) or len(reports)),
            casualty_types=[t for t in CASUALTY_ORDER
                            if any(t in i["totals"] for i in infos) or t in {"Killed", "Injured"}],
        )
        if kind == "report":
            data["report"] = infos[0]
            data["generated_by"] = [lab.link(a) for a in lab.all(s, PROV.wasGeneratedBy)]
    elif kind == "actor":
        ref = iri_ref(iri)
        events, truncated = await event_list(
            engine, lab, f"VALUES ?role {{ ckg:actor1 ckg:actor2 ckg:associatedActor }} ?e ?role {ref} .")
        claims = sorted(loader.g.subjects(CKG.claimedBy, s), key=str)
        kind_iri = lab.first(s, CKG.actorKind)
        data.update(
            pref=str(lab.first(s, SKOS.prefLabel) or ""),
            aliases=[str(a) for a in lab.all(s, SKOS.altLabel)],
            kind=humanise(local_name(kind_iri)) if kind_iri is not None else "",
            country=str(lab.first(s, CKG.country) or ""),
            same_as=[Link(str(x), safe_url(x), str(x)) for x in lab.all(s, OWL.sameAs)],
            events=events, truncated=truncated,
            claims=[lab.link(r) for r in claims],
        )
    elif kind == "place":
        events, truncated = await event_list(engine, lab, f"?e ckg:location {iri_ref(iri)} .")
        await loader.load(loader.g.objects(s, URIRef("http://www.opengis.net/ont/geosparql#hasGeometry")))
        data.update(place=place_info(lab, s), events=events, truncated=truncated)
    elif kind == "article":
        text = await engine.select_json(
            f"SELECT ?t WHERE {{ {iri_ref(iri)} <{SCHEMA.text}> ?t }} LIMIT 1")
        rows = bindings(text)
        body = str(term(rows[0].get("t"))) if rows else ""
        reports = sorted(loader.g.subjects(CKG.reportedIn, s), key=str)
        hop2 = set()
        for r in reports:
            hop2 |= set(loader.g.objects(r, None))
        await loader.load(hop2)
        infos = [report_info(lab, r) for r in reports]
        for i in infos:
            i["actors"] = actor_links(lab, URIRef(i["link"].iri))
            i["place"] = place_info(lab, lab.first(URIRef(i["link"].iri), CKG.location))
        spans = [(e["start"], e["end"]) for i in infos for e in i["evidence"]
                 if e["start"] is not None and e["end"] is not None]
        data.update(article=article_info(lab, s), reports=infos, text_parts=highlight(body, spans),
                    content_hash=str(lab.first(s, CKG.contentHash) or ""),
                    source=str(lab.first(s, DCTERMS.source) or ""))
    elif kind == "graph":
        res = await engine.select_json(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri_ref(iri)} {{ ?s ?p ?o }} }}")
        rows = bindings(res)
        subjects = await engine.select_json(
            f"SELECT DISTINCT ?s ?t WHERE {{ GRAPH {iri_ref(iri)} {{ ?s a ?t }} FILTER(isIRI(?s)) }} "
            f"ORDER BY ?t ?s LIMIT 501")
        members = []
        for b in bindings(subjects):
            members.append((lab.link(term(b.get("t"))), Link(lab.label(term(b["s"])), site.href(term(b["s"])),
                                                             str(term(b["s"])))))
        await loader.load([URIRef(m[1].iri) for m in members])
        members = [(t, lab.link(URIRef(m.iri))) for t, m in members]
        data.update(triples=str(term(rows[0].get("n"))) if rows else "0", members=members[:500],
                    truncated=len(members) > 500)

    title = lab.label(s)
    if kind == "article":
        title = data["article"]["headline"]
    view = View(iri=iri, kind=kind, title=title,
                types=[lab.link(t) for t in lab.all(s, RDF.type)], data=data,
                props=property_table(lab, s), inbound=inbound_table(lab, s))
    here = site.url("/id/" + path)
    view.alternates = [(FORMATS[k][0], f"{here}?format={k}") for k in ("ttl", "jsonld", "nt")]
    return view


def highlight(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_evidence) parts; spans are clipped and merged."""
    n = len(text)
    clean = sorted((max(0, int(a)), min(n, int(b))) for a, b in spans if 0 <= int(a) < int(b))
    merged: list[list[int]] = []
    for a, b in clean:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif a < n:
            merged.append([a, b])
    parts, pos = [], 0
    for a, b in merged:
        if a > pos:
            parts.append((text[pos:a], False))
        parts.append((text[a:b], True))
        pos = b
    if pos < n:
        parts.append((text[pos:], False))
    return parts


# --------------------------------------------------------------------------- routes

def _id_path(request: Request) -> str:
    raw = request.scope.get("raw_path")
    path = raw.decode("utf-8", "replace") if isinstance(raw, bytes | bytearray) else request.url.path
    path = path.split("?", 1)[0]
    root = root_path(request)
    if root and path.startswith(root + "/"):
        path = path[len(root):]
    return path[len("/id/"):] if path.startswith("/id/") else request.path_params.get("path", "")


@router.api_route("/id/", methods=["GET", "HEAD"], include_in_schema=False)
async def id_root(request: Request) -> Response:
    return RedirectResponse(root_path(request) + "/", status_code=303)


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"], summary="Dereference a minted IRI (content negotiation)",
            responses={200: {"content": {"text/html": {}, "text/turtle": {}, "application/ld+json": {},
                                         "application/n-triples": {}}},
                       404: {"description": "No such resource"}, 406: {"description": "Not acceptable"}})
async def resource(request: Request, path: str) -> Response:
    fmt = negotiate(request)
    if fmt is None:
        return not_acceptable()
    norm = normalise_path(_id_path(request))
    if not norm:
        return error_page(request, 404, "Not found", "This is not an IRI conflictkg mints.")
    engine = request.app.state.engine
    base = engine.settings.base_iri
    if norm == "dataset":
        q = f"?format={fmt}" if request.query_params.get("format") else ""
        return RedirectResponse(root_path(request) + "/.well-known/void" + q, status_code=303)
    iri = base + norm
    try:
        iri_ref(iri)
    except ValueError:
        return error_page(request, 404, "Not found", "This is not an IRI conflictkg mints.")
    loader = Loader(engine)
    if norm.startswith("graph/") and await engine.ask(f"ASK {{ GRAPH {iri_ref(iri)} {{ ?s ?p ?o }} }}"):
        if fmt != "html":
            data = await engine.construct_nt(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(iri)} {{ ?s ?p ?o }} }}")
            return await fast_rdf_response(data, fmt, base)
        view = await build_view(request, iri, norm, rdflib.Graph(), loader)
        view.kind = "graph"
        return render(request, "graph.html", view=view)
    g = await loader.describe(iri)
    if len(g) == 0:
        return error_page(request, 404, "Not found", f"Nothing is known about {iri}.")
    if fmt != "html":
        return rdf_response(g, fmt, base=base)
    view = await build_view(request, iri, norm, g, loader)
    return render(request, f"{view.kind}.html", view=view)


# --------------------------------------------------------------------------- ontology

ONTOLOGY_FILES = ("conflictkg.ttl", "event-types.ttl")
ONTOLOGY_IRI = "https://w3id.org/conflictkg/ontology"


def ontology_dirs() -> list[Path]:
    """Where the ontology Turtle files may be: $CONFLICTKG_ONTOLOGY_DIR, the repository's
    ontology/ (editable installs, a checkout) and the package's _resources/ontology."""
    import conflictkg

    pkg = Path(conflictkg.__file__).resolve().parent
    dirs = []
    env = os.environ.get("CONFLICTKG_ONTOLOGY_DIR")
    if env:
        dirs.append(Path(env))
    dirs += [pkg.parents[1] / "ontology", pkg / "_resources" / "ontology"]
    return dirs


def ontology_files() -> list[Path]:
    for d in ontology_dirs():
        files = [d / f for f in ONTOLOGY_FILES if (d / f).is_file()]
        if files:
            return files
    return []


_ONTO_CACHE: dict[str, Any] = {}


def _files_key(files: list[Path]) -> str:
    return "|".join(f"{f}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files)


async def ontology_graphs(request: Request) -> tuple[rdflib.Graph, rdflib.Graph] | None:
    """(OWL ontology, event-type scheme) graphs from the files, else from the store's
    ontology graph; None when neither exists."""
    files = ontology_files()
    if files:
        key = "files:" + _files_key(files)
        cached = _ONTO_CACHE.get("graphs")
        if cached and cached[0] == key:
            return cached[1]
        onto, scheme = rdflib.Graph(), rdflib.Graph()
        for f in files:
            (scheme if "event-types" in f.name else onto).parse(str(f), format="turtle")
        _ONTO_CACHE["graphs"] = (key, (onto, scheme))
        return onto, scheme
    engine = request.app.state.engine
    g = graph_from_nt(await engine.construct_nt(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{engine.settings.base_iri}graph/ontology> {{ ?s ?p ?o }} }}"))
    if len(g) == 0:
        return None
    scheme = rdflib.Graph()
    concepts = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    for c in concepts:
        for p, o in g.predicate_objects(c):
            scheme.add((c, p, o))
            g.remove((c, p, o))
    return g, scheme


def _pylode_html(onto: rdflib.Graph) -> str | None:
    # pyLODE calls logging.basicConfig(level=DEBUG) on import and logs through the root
    # logger (which installs a handler): leave the process's logging as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    if not handlers:
        root.addHandler(logging.NullHandler())  # so basicConfig installs nothing
    try:
        try:
            from pylode import OntPub  # type: ignore[import-untyped]
        except Exception as exc:  # noqa: BLE001 - any import problem means: fall back
            log.info("pyLODE unavailable (%s): using the built-in ontology page", exc)
            return None
        try:
            return str(OntPub(ontology=onto).make_html())
        except Exception as exc:  # noqa: BLE001
            log.warning("pyLODE failed (%s): using the built-in ontology page", exc)
            return None
    finally:
        for hnd in list(root.handlers):
            if hnd not in handlers:
                root.removeHandler(hnd)
        root.setLevel(level)


def match_label(iri: object) -> str:
    """``…/cameo#19`` -> ``CAMEO 19``, ``…/PLOVER#FIGHT`` -> ``PLOVER FIGHT``; else the IRI."""
    s = str(iri)
    if "#" in s:
        head, frag = s.rsplit("#", 1)
        name = head.rstrip("/").rsplit("/", 1)[-1]
        if name.lower() in ("cameo", "plover") and frag:
            return f"{name.upper()} {frag}"
    return s


def scheme_view(scheme: rdflib.Graph, site: Site) -> list[dict[str, Any]]:
    lab = Labeller(scheme, site)
    concepts = sorted(set(scheme.subjects(RDF.type, SKOS.Concept)), key=str)
    by_parent: dict[str, list[dict[str, Any]]] = {}
    tops = []
    for c in concepts:
        item = {
            "iri": str(c), "name": local_name(c), "label": lab.label(c),
            "notation": str(lab.first(c, SKOS.notation) or ""),
            "definition": str(lab.first(c, SKOS.definition) or lab.first(c, RDFS.comment) or ""),
            "matches": [Link(match_label(m), safe_url(m), str(m)) for p in (SKOS.closeMatch, SKOS.exactMatch,
                                                                             SKOS.relatedMatch)
                        for m in lab.all(c, p)],
            "children": [],
        }
        parents = lab.all(c, SKOS.broader)
        if parents:
            by_parent.setdefault(str(parents[0]), []).append(item)
        else:
            tops.append(item)
    for t in tops:
        t["children"] = sorted(by_parent.get(t["iri"], []), key=lambda i: i["label"])
    return sorted(tops, key=lambda i: i["label"])


def ontology_doc(onto: rdflib.Graph) -> dict[str, Any]:
    """A simple documentation model of an OWL ontology (the built-in page)."""
    lab = Labeller(onto, Site("", "", "", ""))
    ont = next(iter(onto.subjects(RDF.type, OWL.Ontology)), None)

    def entries(types: list[URIRef]) -> list[dict[str, Any]]:
        subjects = {s for t in types for s in onto.subjects(RDF.type, t) if isinstance(s, URIRef)}
        out = []
        for s in sorted(subjects, key=lambda x: local_name(x).lower()):
            out.append({
                "iri": str(s), "name": local_name(s), "label": lab.label(s),
                "comment": str(lab.first(s, RDFS.comment) or lab.first(s, SKOS.definition) or ""),
                "super": [lab.link(x) for x in lab.all(s, RDFS.subClassOf) + lab.all(s, RDFS.subPropertyOf)
                          if isinstance(x, URIRef)],
                "domain": [lab.link(x) for x in lab.all(s, RDFS.domain) if isinstance(x, URIRef)],
                "range": [lab.link(x) for x in lab.all(s, RDFS.range) if isinstance(x, URIRef)],
                "types": [lab.link(x) for x in lab.all(s, RDF.type)],
            })
        return out

    return {
        "iri": str(ont) if ont is not None else ONTOLOGY_IRI,
        "title": str(lab.first(ont, DCTERMS.title) or lab.first(ont, RDFS.label) or "conflictkg ontology")
        if ont is not None else "conflictkg ontology",
        "description": str(lab.first(ont, DCTERMS.description) or lab.first(ont, RDFS.comment) or "")
        if ont is not None else "",
        "version": str(lab.first(ont, OWL.versionInfo) or "") if ont is not None else "",
        "classes": entries([OWL.Class, RDFS.Class]),
        "object_properties": entries([OWL.ObjectProperty]),
        "datatype_properties": entries([OWL.DatatypeProperty]),
        "other_properties": [e for e in entries([RDF.Property, OWL.AnnotationProperty])],
        "individuals": entries([OWL.NamedIndividual]),
    }


@router.api_route("/ontology", methods=["GET", "HEAD"], summary="The ontology and event-type scheme, documented (HTML) or as RDF",
            responses={200: {"content": {"text/html": {}, "text/turtle": {}, "application/ld+json": {},
                                         "application/n-triples": {}}}})
async def ontology(request: Request) -> Response:
    fmt = negotiate(request, default="html")
    if fmt is None:
        return not_acceptable()
    graphs = await ontology_graphs(request)
    if graphs is None:
        return error_page(request, 404, "Not found", "The ontology files are not installed.")
    onto, scheme = graphs
    if fmt != "html":
        return rdf_response(onto + scheme, fmt)
    site = site_for(request)
    key = ("pylode", id(onto), len(onto), len(scheme), site.root)
    cached = _ONTO_CACHE.get("html")
    if cached and cached[0] == key:
        return HTMLResponse(cached[1], headers={"Vary": "Accept"})
    html = await asyncio.to_thread(_pylode_html, onto) if len(onto) else None
    concepts = scheme_view(scheme, site)
    section = TEMPLATES.get_template("_event_types.html").render(concepts=concepts, site=site)
    if html:
        nav = TEMPLATES.get_template("_ontology_nav.html").render(site=site)
        body_at = html.find("<body")
        if body_at >= 0:
            end = html.find(">", body_at) + 1
            html = html[:end] + nav + html[end:]
        at = html.find('<div id="namespaces"')
        if at < 0:
            at = html.rfind("</body>")
        html = (html[:at] + section + html[at:]) if at >= 0 else html + section
        page = html
    else:
        page = TEMPLATES.get_template("ontology.html").render(
            site=site, doc=ontology_doc(onto), event_types=section, request_path=request.url.path)
    _ONTO_CACHE["html"] = (key, page)
    return HTMLResponse(page, headers={"Vary": "Accept"})


@router.api_route("/ontology.ttl", methods=["GET", "HEAD"], summary="The ontology and event-type scheme as Turtle",
            responses={200: {"content": {"text/turtle": {}}}})
async def ontology_ttl(request: Request) -> Response:
    graphs = await ontology_graphs(request)
    if graphs is None:
        return Response("404 Not Found: the ontology files are not installed.\n", status_code=404,
                        media_type="text/plain; charset=utf-8")
    onto, scheme = graphs
    return rdf_response(onto + scheme, "ttl")


def json_for_script(obj: Any) -> str:
    """JSON safe to embed in <script type="application/json"> (no </script> breakout)."""
    import json

    return (json.dumps(obj, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


TEMPLATES.filters["script_json"] = json_for_script
TEMPLATES.filters["count_range"] = count_range
_ = (JSONResponse, XSD)  # re-exported for the sibling modules
