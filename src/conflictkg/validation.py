"""SHACL validation of article graphs with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph

from .resources import ontology_graph, shapes_graph


@dataclass
class ValidationResult:
    conforms: bool
    report: Graph
    text: str


def validate(data: Graph) -> ValidationResult:
    """Validate ``data`` against shapes/ with the ontology as the class hierarchy."""
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        advanced=True, allow_warnings=True,
    )
    return ValidationResult(bool(conforms), report, str(text))  # type: ignore[arg-type]
