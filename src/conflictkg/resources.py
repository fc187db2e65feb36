"""Paths of the ontology, SHACL shapes and SPARQL queries shipped with the project.

They live at the top of the repository (ontology/, shapes/, sparql/); an installed wheel carries
copies under conflictkg/_resources/. Either is found.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_ROOTS = (Path(__file__).resolve().parents[2], Path(__file__).resolve().parent / "_resources")


def resource_dir(name: str) -> Path:
    """The folder ``name`` (ontology, shapes or sparql) from the repository or the package."""
    for root in _ROOTS:
        path = root / name
        if path.is_dir() and any(path.iterdir()):
            return path
    raise FileNotFoundError(f"{name}/ not found next to the package or in conflictkg/_resources")


def ontology_files() -> list[Path]:
    return sorted(resource_dir("ontology").glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(resource_dir("shapes").glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(resource_dir("sparql").glob("*.rq"))


@lru_cache(maxsize=1)
def ontology_graph():  # type: ignore[no-untyped-def]
    """The ontology and event-type scheme as one rdflib Graph (parsed once)."""
    from rdflib import Graph

    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph():  # type: ignore[no-untyped-def]
    from rdflib import Graph

    g = Graph()
    for f in shapes_files():
        g.parse(f, format="turtle")
    return g
