"""Exceptions raised by conflictkg.

ConflictKGError
 ├── InputError(path, line)        an input file (or one line of it) cannot be read
 ├── ValidationFailed(report)      a graph does not conform to the SHACL shapes
 ├── ConfigError                   a setting has a bad value
 └── StoreError                    the store cannot be opened or written
      ├── QueryError               a SPARQL query or update is malformed or refused
      └── QueryTimeout             a query ran past its time limit
"""

from __future__ import annotations

from pathlib import Path


class ConflictKGError(Exception):
    """Base class of every error conflictkg raises on purpose."""


class InputError(ConflictKGError):
    """An input cannot be read; names the file and, for JSONL, the line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path} line {line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class ValidationFailed(ConflictKGError):
    """A graph failed SHACL validation; ``report`` is the pyshacl text report."""

    def __init__(self, message: str, report: str = "") -> None:
        self.report = report
        super().__init__(message)


class ConfigError(ConflictKGError):
    """A setting has a value conflictkg cannot use."""


class StoreError(ConflictKGError):
    """The store cannot be opened, read or written."""


class QueryError(StoreError):
    """A SPARQL request is malformed or refused (HTTP 400)."""


class QueryTimeout(StoreError):
    """A query ran past the configured time limit (HTTP 503)."""
