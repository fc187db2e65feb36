"""The public surface of the package is deliberate: this test pins it."""

import conflictkg


def test_exported_members():
    assert sorted(conflictkg.__all__) == sorted([
        "__version__", "ingest", "open_store", "Pipeline", "IngestSummary", "Article", "Report", "Actor", "Place",
        "Casualty", "TimeSpec", "Settings", "get_settings", "ConflictKGError", "InputError", "ValidationFailed",
        "ConfigError", "StoreError", "QueryError", "QueryTimeout",
    ])
    for name in conflictkg.__all__:
        assert getattr(conflictkg, name) is not None, name


def test_error_tree():
    assert issubclass(conflictkg.QueryTimeout, conflictkg.StoreError)
    assert issubclass(conflictkg.QueryError, conflictkg.StoreError)
    assert issubclass(conflictkg.InputError, conflictkg.ConflictKGError)
    err = conflictkg.InputError("a.jsonl", "no text or html; skipped", line=7)
    assert str(err) == "a.jsonl line 7: no text or html; skipped"
