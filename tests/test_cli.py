"""The command line, as outside evaluations call it (in-process via typer's runner, plus one real subprocess)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conflictkg.cli import app
from kg_helpers import DATA, ROOT, SEEDS, needs_shared

runner = CliRunner()


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, pipeline):  # pipeline: load models once for the in-process runs
    store = tmp_path_factory.mktemp("cli") / "store"
    res = runner.invoke(app, ["ingest", str(DATA / "articles" / "minimal.txt"), str(DATA / "articles" / "conflicting.txt"),
                              str(DATA / "articles" / "page.html"), "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "3 articles" in res.output
    return store


def test_ingest_reports_errors_and_exits_1(tmp_path, pipeline):
    res = runner.invoke(app, ["ingest", str(DATA / "articles"), "--store", str(tmp_path / "s")])
    assert res.exit_code == 1
    out = res.output
    assert "empty.txt" in out and "binary.txt" in out and "bad.jsonl line 2" in out
    assert "errors" in out.splitlines()[-1]


@pytest.mark.parametrize("fmt,parse", [
    ("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
    ("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
])
def test_dump_formats_parse(cli_store, tmp_path, fmt, parse):
    out = tmp_path / f"dump.{fmt}"
    res = runner.invoke(app, ["dump", "--store", str(cli_store), "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    quads = list(ox.parse(out.read_bytes(), parse))
    assert len(quads) > 50


def test_dump_jsonld_to_stdout(cli_store):
    res = runner.invoke(app, ["dump", "--store", str(cli_store), "--format", "jsonld"])
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert "@context" in doc and "@graph" in doc


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_query_formats(cli_store, fmt):
    res = runner.invoke(app, ["query", "SELECT ?id WHERE { ?a a ckg:Article ; schema:identifier ?id } ORDER BY ?id",
                              "--store", str(cli_store), "--format", fmt])
    assert res.exit_code == 0, res.output
    if fmt == "json":
        ids = [b["id"]["value"] for b in json.loads(res.stdout)["results"]["bindings"]]
    elif fmt == "csv":
        ids = [r["id"] for r in csv.DictReader(io.StringIO(res.stdout))]
    elif fmt == "tsv":
        ids = [line.strip('"') for line in res.stdout.splitlines()[1:]]
    else:
        ids = [x for x in ("conflicting", "minimal", "page") if x in res.stdout]
    assert ids == ["conflicting", "minimal", "page"]


def test_query_from_a_file(cli_store):
    res = runner.invoke(app, ["query", str(ROOT / "sparql" / "reports-per-publisher-claimant.rq"),
                              "--store", str(cli_store), "--format", "json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["results"]["bindings"]


def test_query_errors_are_clear(cli_store, tmp_path):
    bad = runner.invoke(app, ["query", "SELECT WHERE {", "--store", str(cli_store)])
    assert bad.exit_code == 2 and "syntax" in bad.output.lower()
    missing = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no store" in missing.output


def test_validate_conforms(cli_store):
    res = runner.invoke(app, ["validate", "--store", str(cli_store)])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output


def test_store_from_environment(cli_store, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_STORE", str(cli_store))
    res = runner.invoke(app, ["query", "ASK { ?a a ckg:Article }"])
    assert res.exit_code == 0 and res.stdout.strip() == "true"


@needs_shared
def test_eval_command_meets_the_seed_bar():
    res = runner.invoke(app, ["eval", "--gold", str(SEEDS.parent / "gold.json"), "--format", "json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.stdout)
    assert m["recall_core"] == 1.0
    assert m["precision"] >= 0.9
    for k in ("type_acc", "actor1_acc", "place_acc", "killed_acc"):
        assert m[k] >= 0.9, (k, m[k])
    assert m["published_acc"] == 1.0


def test_console_script_runs(tmp_path):
    exe = ROOT / ".venv" / "bin" / "conflictkg"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "conflictkg.cli"]
    res = subprocess.run([*cmd, "query", "ASK {}", "--store", str(tmp_path / "none")], capture_output=True, text=True)
    assert res.returncode == 2 and "no store" in res.stderr
