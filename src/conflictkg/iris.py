"""Deterministic, text-safe IRIs for everything conflictkg mints.

Every path segment that comes from text goes through :func:`segment`, so no space, quote
or angle bracket from an article ever reaches an IRI unescaped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

_SAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_len: int = 60) -> str:
    """Lower-case ASCII slug ("Liwa al-Quds" -> "liwa-al-quds"); a hash when nothing is left."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = _SAFE.sub("-", ascii_).strip("-")[:max_len].strip("-")
    return out or "x" + digest(text, 10)


def segment(text: str) -> str:
    """One IRI path segment: unreserved characters kept, everything else percent-encoded."""
    return quote(text, safe="-._~")


def digest(*parts: object, n: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]


class IRIs:
    """Mints instance IRIs under one base (default ``https://w3id.org/conflictkg/id/``)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def article(self, article_id: str) -> URIRef:
        return self._iri("article", segment(article_id))

    def article_graph(self, article_id: str) -> URIRef:
        return self._iri("graph", "article", segment(article_id))

    def events_graph(self) -> URIRef:
        return self._iri("graph", "events")

    def entities_graph(self) -> URIRef:
        """Actors, places, publishers and extraction activities: one description shared by all articles."""
        return self._iri("graph", "entities")

    def shared_prefixes(self) -> tuple[str, ...]:
        return tuple(self.base + p for p in ("actor/", "place/", "publisher/", "activity/"))

    def ontology_graph(self) -> URIRef:
        return self._iri("graph", "ontology")

    def report(self, article_id: str, n: int) -> URIRef:
        return self._iri("report", segment(article_id), str(n))

    def casualty(self, article_id: str, n: int, k: int) -> URIRef:
        return self._iri("report", segment(article_id), str(n), "casualty", str(k))

    def evidence(self, article_id: str, n: int, k: int) -> URIRef:
        return self._iri("report", segment(article_id), str(n), "evidence", str(k))

    def event(self, key: str) -> URIRef:
        return self._iri("event", segment(key))

    def actor(self, key: str) -> URIRef:
        return self._iri("actor", segment(key))

    def place(self, key: str) -> URIRef:
        return self._iri("place", segment(key))

    def geometry(self, key: str) -> URIRef:
        return self._iri("place", segment(key), "geometry")

    def publisher(self, name: str) -> URIRef:
        return self._iri("publisher", slug(name))

    def activity(self, fingerprint: str) -> URIRef:
        return self._iri("activity", segment(fingerprint))
