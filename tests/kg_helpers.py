"""Paths and small helpers shared by the tests (importable as a plain module)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "articles"
DEMO = ROOT / "src" / "conflictkg" / "data" / "demo"
DATA = Path(__file__).parent / "data"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus is absent on this clone (CI has it)")


def rows(store, query: str) -> list[dict[str, str]]:
    """SELECT results as dicts of plain string values (prefixes added)."""
    from conflictkg.vocab import with_prefixes

    res = store.query(with_prefixes(query))
    names = [v.value for v in res.variables]
    return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in res]
