"""A real browser on a real server: the who-met-whom form, and YASGUI with no outside requests.

Needs Debian's chromium at /usr/bin/chromium (skipped otherwise). The who-met-whom
screenshot is written to the test's tmp dir and copied to tests/artifacts/who-met-whom.png.
"""
from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.servers import free_port, loopback_only

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")]
playwright_sync = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """create_app over tests/data/browser.trig, served by waitress in a thread."""
    from waitress.server import create_server

    from kg.web import create_app

    app = create_app({"KG_GRAPH": str(ROOT / "tests/data/browser.trig"), "KG_WORKERS": 1, "TESTING": True,
                      "KG_QUERIES": str(ROOT / "queries")})
    httpd = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.effective_port}"
    httpd.close()
    app.extensions["kg"].close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as pw:
        opened = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield opened
        opened.close()


@pytest.fixture()
def page(browser: object) -> Iterator[tuple[object, list[str]]]:
    """A fresh page whose requests outside 127.0.0.1 are recorded and blocked."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    outside = loopback_only(context)
    page = context.new_page()
    yield page, outside
    context.close()


def test_who_met_whom_form(server: str, page: tuple[object, list[str]], tmp_path: Path) -> None:
    tab, outside = page
    tab.goto(f"{server}/queries/who-met-whom?topic=Nothing")
    tab.fill("#param-topic", "Rafah")
    tab.click("form.params button[type=submit]")
    tab.wait_for_url("**/queries/who-met-whom?topic=Rafah*")
    cells = tab.locator("table.results").inner_text()
    assert "Ibrahim Kalin" in cells and "Khalil al-Hayya" in cells
    tab.wait_for_selector("#network[data-ready=true]", timeout=15_000)
    assert tab.evaluate("window.kgNetwork.nodes().length") == 3
    shot = tmp_path / "who-met-whom.png"
    tab.screenshot(path=str(shot), full_page=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "who-met-whom.png")
    assert outside == []


def test_editor_is_offline(server: str, page: tuple[object, list[str]], tmp_path: Path) -> None:
    if not (ROOT / "kg/web/static/vendor/yasgui/yasgui.min.js").is_file():
        pytest.skip("YASGUI is not vendored: run `npm ci && sh scripts/vendor.sh`")
    tab, outside = page
    query = "SELECT ?label WHERE { ?p a <https://newskg.example/ontology#Person> ; " \
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    tab.goto(f"{server}/editor?" + urlencode({"query": query}))
    tab.wait_for_selector("#yasgui[data-ready=true] .CodeMirror", timeout=15_000)
    assert "ontology#Person" in tab.evaluate("window.kgYasgui.getTab().getQuery()")
    assert tab.evaluate("window.kgYasgui.getTab().getEndpoint()") == f"{server}/sparql"
    tab.click(".yasqe_queryButton")
    tab.wait_for_selector(".yasr table tbody tr", timeout=15_000)
    assert "Khalil al-Hayya" in tab.locator(".yasr").inner_text()
    tab.keyboard.type(" ")
    tab.wait_for_timeout(500)
    tab.screenshot(path=str(tmp_path / "editor.png"), full_page=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "editor.png", ARTIFACTS / "editor.png")
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_pages_run_under_the_content_security_policy(server: str, page: tuple[object, list[str]]) -> None:
    """Every page's scripts and styles load and run under its CSP: no violation reported."""
    tab, outside = page
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    tab.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))")
    response = tab.goto(f"{server}/queries/who-met-whom?topic=Rafah")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    tab.wait_for_selector("#network[data-ready=true]", timeout=15_000)
    for path in ("/", "/queries", "/editor?query=ASK%20%7B%7D"):
        tab.goto(f"{server}{path}")
        tab.wait_for_load_state("networkidle")
    if (ROOT / "kg/web/static/vendor/yasgui/yasgui.min.js").is_file():
        tab.wait_for_selector("#yasgui[data-ready=true] .CodeMirror", timeout=15_000)
        tab.click(".yasqe_queryButton")
        tab.wait_for_selector(".yasr", timeout=15_000)
        tab.wait_for_timeout(500)
    assert violations == [] and outside == []
