"""The OpenAPI description of the HTTP API, and schemathesis against it: no 5xx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from conflictkg.config import Settings
from server_helpers import serve_in_thread, write_sample

TOKEN = "openapi-token"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    sample = write_sample(tmp_path_factory.mktemp("openapi") / "sample.trig", filler=200)
    with serve_in_thread(Settings(store=str(sample), token=TOKEN, query_timeout=10, max_rows=1000)) as url:
        yield url


@pytest.fixture(scope="module")
def api_schema(live_url: str) -> Any:
    return schemathesis.openapi.from_url(f"{live_url}/openapi.json")


def test_openapi_describes_sparql_and_store(live_url: str) -> None:
    doc = httpx.get(f"{live_url}/openapi.json").json()
    paths = doc["paths"]
    assert {"get", "post"} <= set(paths["/sparql"])
    get_params = {p["name"] for p in paths["/sparql"]["get"]["parameters"]}
    assert {"query", "default-graph-uri", "named-graph-uri"} <= get_params
    post_body = paths["/sparql"]["post"]["requestBody"]["content"]
    assert {"application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded"} <= set(post_body)
    assert {"get", "head", "put", "post", "delete"} <= set(paths["/store"])
    assert {"graph", "default"} <= {p["name"] for p in paths["/store"]["get"]["parameters"]}
    for op in ("put", "post"):
        assert "text/turtle" in paths["/store"][op]["requestBody"]["content"]
    responses = paths["/sparql"]["get"]["responses"]
    assert {"200", "400", "406", "503"} <= set(responses)
    assert "application/sparql-results+json" in responses["200"]["content"]


def _operations() -> list[str]:
    return ["GET /sparql", "POST /sparql", "GET /store", "HEAD /store", "PUT /store", "POST /store",
            "DELETE /store", "GET /store/{path}", "HEAD /store/{path}", "PUT /store/{path}",
            "POST /store/{path}", "DELETE /store/{path}",
            "GET /context.jsonld"]


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    labels = {r.ok().label for r in api_schema.get_all_operations()}
    assert set(_operations()) <= labels


# schemathesis' own pytest plugin does not run under pytest 9 yet: drive hypothesis directly,
# one test per operation of the schema (ours and the linked-data routers').
def _all_labels() -> list[str]:
    return _operations() + ["*others*"]


@pytest.mark.parametrize("label", _all_labels())
def test_no_server_errors(api_schema: Any, live_url: str, label: str) -> None:
    ops = [r.ok() for r in api_schema.get_all_operations()]
    mine = set(_operations())
    chosen = [o for o in ops if (o.label == label if label != "*others*" else o.label not in mine)]
    if not chosen:
        pytest.skip(f"no operation {label} in the schema")
    failures: list[str] = []
    for op in chosen:
        @given(case=op.as_strategy())
        @settings(max_examples=25 if label != "*others*" else 10, deadline=None, derandomize=True,
                  database=None, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            response = case.call(base_url=live_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                f"{response.text[:300]}\n{case.as_curl_command()}")

        run()
    assert not failures, "\n\n".join(failures[:5])
