"""The remote-store path against a real Oxigraph server (the `oxigraph` PyPI package's binary)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conflictkg.ingest import ingest
from conflictkg.store import RemoteStore, open_store
from kg_helpers import DATA, rows


def _oxigraph() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exe = _oxigraph()
    if exe is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph; `make test` does)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([exe, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"oxigraph server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_open_store_picks_remote_for_urls(server):
    st = open_store(server + "/query")
    assert isinstance(st, RemoteStore) and st.update_url == server + "/update"
    st.close()


def test_ingest_and_query_through_a_remote_store(server, pipeline):
    st = open_store(server + "/query")
    summary = ingest([DATA / "articles" / "minimal.txt", DATA / "articles" / "conflicting.txt"], store=st, pipeline=pipeline)
    assert summary.articles == 2 and not summary.errors
    ids = sorted(r["id"] for r in rows(st, "SELECT ?id WHERE { GRAPH ?g { ?a a ckg:Article ; schema:identifier ?id } }"))
    assert ids == ["conflicting", "minimal"]
    # Idempotent on the remote path too.
    again = ingest([DATA / "articles" / "minimal.txt"], store=st, pipeline=pipeline)
    assert again.unchanged == 1 and again.triples == 0
    assert any(g.endswith("/graph/events") for g in st.graph_names())
    st.close()
