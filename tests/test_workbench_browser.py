"""The analyst's path in a real browser (Chromium) on the seeds graph served by a real server:
search "Kalin" -> his page (each fact once, with evidence) -> whom he "met with" -> the
network -> an edge's evidence -> the article with the sentence highlighted; the map and the
timeline; the editor's own completion and its links. Screenshots go to tests/artifacts/.
No request may leave 127.0.0.1.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.web.geo import ATLAS
from tests.servers import loopback_only

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.model,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
              pytest.mark.skipif(not ATLAS.is_file(), reason="run npm ci && sh scripts/vendor.sh")]
playwright_sync = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


@pytest.fixture(scope="module")
def server(seeds_graph: Path) -> Iterator[str]:
    from waitress.server import create_server

    from kg.web import create_app

    app = create_app({"TESTING": True, "KG_GRAPH": str(seeds_graph), "KG_WORKERS": 2,
                      "KG_QUERIES": str(ROOT / "queries")})
    httpd = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=httpd.run, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.effective_port}"
    httpd.close()
    app.extensions["kg"].close()


@pytest.fixture()
def tab() -> Iterator[tuple[object, list[str]]]:
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside = loopback_only(context)
        yield context.new_page(), outside
        browser.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_analyst_path(server: str, tab: tuple[object, list[str]]) -> None:
    page, outside = tab
    page.goto(server + "/")
    page.fill("header form.find input[name=q]", "Kalin")
    page.press("header form.find input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Kalin")
    shot(page, "1-search")
    page.click("ol.hits li:first-child a")
    page.wait_for_url("**/id/person/ibrahim-kalin")
    rows = page.locator("table.facts tbody tr")
    texts = [rows.nth(i).locator("td").nth(0).inner_html() + "|" + rows.nth(i).locator("td").nth(1).inner_html()
             for i in range(rows.count())]  # the cells' links tell facts apart
    assert len(texts) == len(set(texts)), "a fact is listed twice"
    assert page.locator("table.facts blockquote").count() > 0
    shot(page, "2-entity")

    page.click("text=Everyone Ibrahim Kalin met with")
    page.wait_for_url("**/queries/who-met-whom?*who=Ibrahim*")
    firsts = page.locator("table.results tbody tr td:first-child").all_inner_texts()
    assert firsts and set(firsts) == {"Ibrahim Kalin"}
    page.wait_for_selector("#network[data-ready=true]", timeout=20_000)
    point = page.evaluate("""() => {
      const cy = window.kgNetwork;
      const e = cy.edges().filter(e => [e.source().data('label'), e.target().data('label')].includes('Khalil al-Hayya'))[0];
      return e.renderedMidpoint(); }""")
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#network-evidence ol.evidence li a", timeout=10_000)
    assert "al-Hayya" in page.locator("#network-evidence h3").inner_text()
    shot(page, "3-network-evidence")

    page.locator("#network-evidence ol.evidence li a").first.click()
    page.wait_for_url(re.compile(r".*/id/article/[^#]+#sentence-\d+-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    mark = page.locator(f"mark#{anchor}")
    assert mark.count() == 1 and page.evaluate(f"document.querySelector('mark#{anchor}').matches(':target')")
    assert "hayya" in mark.inner_text().lower()
    shot(page, "4-article-highlight")
    assert outside == [], outside


def test_map_and_timeline(server: str, tab: tuple[object, list[str]]) -> None:
    page, outside = tab
    page.goto(server + "/map")
    titles = page.locator("circle.place title").all_text_contents()
    assert any(t.startswith("Istanbul") for t in titles) and any(t.startswith("Cairo") for t in titles)
    assert page.locator("path.outline").count() == 1
    shot(page, "5-map")
    page.goto(server + "/timeline")
    assert page.locator("circle.meeting").count() >= 3
    assert page.locator("text.actor", has_text="Ibrahim Kalin").count() == 1
    shot(page, "6-timeline")
    assert outside == [], outside


def test_editor_completion_and_links(server: str, tab: tuple[object, list[str]]) -> None:
    if not (ROOT / "kg/web/static/vendor/yasgui/yasgui.min.js").is_file():
        pytest.skip("YASGUI is not vendored: run `npm ci && sh scripts/vendor.sh`")
    page, outside = tab
    page.goto(server + "/queries/who-met-whom?topic=Rafah&who=Kalin&place=")
    page.click("text=Open in editor")
    page.wait_for_selector("#yasgui[data-ready=true] .CodeMirror", timeout=20_000)
    text = page.evaluate("window.kgYasgui.getTab().getQuery()")
    assert '"Kalin"' in text and '"Rafah"' in text  # the page's values, written in
    assert "query=" in page.url and "Kalin" in page.get_attribute("#share-link", "href")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr", timeout=20_000)
    assert "Khalil al-Hayya" in page.locator(".yasr").inner_text()
    page.evaluate("""() => { const y = window.kgYasgui.getTab().getYasqe();
                           y.setValue('SELECT * WHERE { ?m a kg:Meet'); y.setCursor({line: 0, ch: 999}); }""")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints", timeout=10_000)
    assert "kg:Meeting" in page.locator(".CodeMirror-hints").inner_text()
    page.evaluate("""() => { const y = window.kgYasgui.getTab().getYasqe();
                           y.setValue('SELECT * WHERE { ?p rdfs:label "Kal'); y.setCursor({line: 0, ch: 999}); }""")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints", timeout=10_000)
    assert '"Ibrahim Kalin"' in page.locator(".CodeMirror-hints").inner_text()
    shot(page, "7-editor")
    assert outside == [], outside
