"""The web UI end to end in a real headless browser: Debian's chromium driven by Playwright.

Load /, run a query in the YASGUI editor and see result rows; click an event marker on
the Leaflet map, follow its popup link and see the event page; filter the map. Every
request the page makes must stay on our server (no CDN), and nothing may log an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import ui_helpers as h

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(apt-get install chromium, or `make browser`)"),
]

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

E1 = h.BASE + "event/e1"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = h.build_app(tmp_path_factory.mktemp("browser"))
    with h.serve_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """Requests leaving our server and errors logged by the page."""

    def __init__(self, page: object, server: str) -> None:
        self.server = server
        self.foreign: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)  # type: ignore[attr-defined]
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))  # type: ignore[attr-defined]

    def _request(self, req: object) -> None:
        url = req.url  # type: ignore[attr-defined]
        if not (url.startswith(self.server) or url.startswith(("data:", "blob:", "about:"))):
            self.foreign.append(url)

    def _console(self, msg: object) -> None:
        if msg.type == "error":  # type: ignore[attr-defined]
            self.errors.append(msg.text)  # type: ignore[attr-defined]

    def check(self) -> None:
        assert not self.foreign, f"requests left the server: {self.foreign}"
        assert not self.errors, f"errors in the page: {self.errors}"


@pytest.fixture()
def page(browser: object, server: str) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    watch = Watch(pg, server)
    try:
        yield pg, watch
    finally:
        context.close()


def open_ui(pg: object, server: str) -> None:
    pg.goto(server + "/")  # type: ignore[attr-defined]
    pg.wait_for_selector(".yasqe .CodeMirror")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="3"]')  # type: ignore[attr-defined]


def test_run_query_in_editor(page: tuple[object, Watch], server: str) -> None:
    pg, watch = page
    open_ui(pg, server)
    query = ("PREFIX ckg: <https://w3id.org/conflictkg/ontology#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?event ?label WHERE { ?event a ckg:Event ; rdfs:label ?label } ORDER BY ?label")
    # type into the editor like a person: focus it, select all, replace
    pg.click(".yasqe .CodeMirror")  # type: ignore[attr-defined]
    pg.evaluate("q => window.ckg.yasgui.getTab().getYasqe().setValue(q)", query)  # type: ignore[attr-defined]
    assert "rdfs:label ?label" in pg.evaluate("() => window.ckg.yasgui.getTab().getYasqe().getValue()")  # type: ignore[attr-defined]
    pg.click(".yasqe_queryButton")  # type: ignore[attr-defined]
    rows = pg.locator(".yasr table tbody tr")  # type: ignore[attr-defined]
    rows.first.wait_for()
    assert rows.count() == 3
    text = pg.inner_text(".yasr table tbody")  # type: ignore[attr-defined]
    assert "Armed clash: Northern Front vs Republic Army, Tal Hadid" in text
    assert "Peaceful protest" in text
    watch.check()


def test_preloaded_query_runs(page: tuple[object, Watch], server: str) -> None:
    pg, watch = page
    open_ui(pg, server)
    options = pg.locator("#query-select option")  # type: ignore[attr-defined]
    from conflictkg.server import ui

    assert options.count() == 1 + len(ui.load_queries())
    if ui.load_queries():
        first = ui.load_queries()[0]
        pg.select_option("#query-select", first["id"])  # type: ignore[attr-defined]
        value = pg.evaluate("() => window.ckg.yasgui.getTab().getYasqe().getValue()")  # type: ignore[attr-defined]
        assert value.strip() == first["query"].strip()
    watch.check()


def test_click_marker_opens_event_page(page: tuple[object, Watch], server: str, tmp_path: Path) -> None:
    pg, watch = page
    open_ui(pg, server)
    markers = pg.locator("path.ckg-event-marker")  # type: ignore[attr-defined]
    assert markers.count() == 3
    marker = pg.locator(f'path.ckg-event-marker[data-event="{E1}"]')  # type: ignore[attr-defined]
    link = pg.locator(".leaflet-popup a.ckg-event-link")  # type: ignore[attr-defined]
    # On a loaded machine the map may still be settling (fit-bounds animation) when the first
    # click lands; click again until the popup opens rather than hanging on one attempt.
    for _ in range(6):
        marker.click()
        try:
            link.wait_for(timeout=5000)
            break
        except Exception:  # noqa: BLE001 - playwright TimeoutError; retry the click
            continue
    link.wait_for()
    assert link.inner_text() == "Armed clash: Northern Front vs Republic Army, Tal Hadid"
    link.click()
    pg.wait_for_url(server + "/id/event/e1")  # type: ignore[attr-defined]
    assert pg.inner_text("h1") == "Armed clash: Northern Front vs Republic Army, Tal Hadid"  # type: ignore[attr-defined]
    claims = pg.inner_text("table.claims")  # type: ignore[attr-defined]
    assert "Observatory for Testing" in claims and "Civil Defence Volunteers" in claims
    # the hostile headline is shown as text, never run
    assert "<script>alert('pwned')</script>" in pg.inner_text("table.articles")  # type: ignore[attr-defined]
    # the place's small map is drawn, with its marker
    pg.wait_for_selector("#map.leaflet-container path.leaflet-interactive")  # type: ignore[attr-defined]
    pg.screenshot(path=str(tmp_path / "event.png"), full_page=True)  # type: ignore[attr-defined]
    watch.check()


def test_filters_and_timeline(page: tuple[object, Watch], server: str) -> None:
    pg, watch = page
    open_ui(pg, server)
    assert pg.locator("#timeline rect.bar").count() == 3  # type: ignore[attr-defined]  # Mar, Apr, May 2024
    pg.select_option("#filter-type", h.CKG + "AirDroneStrike")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="1"]')  # type: ignore[attr-defined]
    assert pg.locator("path.ckg-event-marker").count() == 1  # type: ignore[attr-defined]
    pg.click("#filter-reset")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="3"]')  # type: ignore[attr-defined]
    # parent type selects its sub-types
    pg.select_option("#filter-type", h.CKG + "Battles")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="1"]')  # type: ignore[attr-defined]
    pg.click("#filter-reset")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="3"]')  # type: ignore[attr-defined]
    # actor filter, filled from the graph
    pg.wait_for_selector("#filter-actor option:nth-child(2)", state="attached")  # type: ignore[attr-defined]
    pg.select_option("#filter-actor", h.BASE + "actor/protesters-sy")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="1"]')  # type: ignore[attr-defined]
    assert pg.locator(f'path.ckg-event-marker[data-event="{h.BASE}event/e3"]').count() == 1  # type: ignore[attr-defined]
    pg.click("#filter-reset")  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="3"]')  # type: ignore[attr-defined]
    # date range, by clicking the April bar of the timeline
    pg.click('#timeline rect.bar[data-month="2024-04"]')  # type: ignore[attr-defined]
    pg.wait_for_selector('body[data-events-loaded="1"]')  # type: ignore[attr-defined]
    assert pg.input_value("#filter-from") == "2024-04-01"  # type: ignore[attr-defined]
    assert pg.input_value("#filter-to") == "2024-04-30"  # type: ignore[attr-defined]
    assert pg.locator(f'path.ckg-event-marker[data-event="{h.BASE}event/e2"]').count() == 1  # type: ignore[attr-defined]
    watch.check()
