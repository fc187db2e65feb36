"""Shared fixtures: the loaded pipeline and stores built once per test session."""

from __future__ import annotations

import shutil

import pytest

from kg_helpers import DEMO, SEEDS

@pytest.fixture(scope="session")
def pipeline():
    """spaCy + actor registry + gazetteer, loaded once."""
    from conflictkg.ingest import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, pipeline):
    """An embedded store holding the five shared seed articles (skipped without ../shared)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus is absent on this clone (CI has it)")
    from conflictkg.ingest import ingest
    from conflictkg.store import EmbeddedStore

    path = tmp_path_factory.mktemp("seed-store")
    store = EmbeddedStore(path)
    summary = ingest([SEEDS], store=store, pipeline=pipeline)
    yield store, summary, path
    store.close()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory, pipeline):
    """An embedded store holding the bundled demo corpus."""
    from conflictkg.ingest import ingest
    from conflictkg.store import EmbeddedStore

    path = tmp_path_factory.mktemp("demo-store")
    store = EmbeddedStore(path)
    summary = ingest([DEMO], store=store, pipeline=pipeline)
    yield store, summary, path
    store.close()


@pytest.fixture
def tmp_store(tmp_path):
    from conflictkg.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()
    shutil.rmtree(tmp_path / "store", ignore_errors=True)
