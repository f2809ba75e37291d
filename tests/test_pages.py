"""Human pages through the Flask test client: saved queries, downloads, entity pages, escaping."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.store import Store, open_store
from kg.web import create_app

DATA = Path(__file__).parent / "data"
KALIN = "/id/person/ibrahim-kalin"


def test_home_links_everywhere(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    for href in ("/queries/who-met-whom", "/editor", "/sparql", "/data/graph.trig", "/queries"):
        assert f'href="{href}' in page
    assert "people" in page and "meetings" in page


def test_queries_index_and_json(client: FlaskClient) -> None:
    page = client.get("/queries").get_data(as_text=True)
    assert "Who met whom" in page and "/queries/evidence" in page
    described = client.get("/queries.json").get_json()
    by_name = {q["name"]: q for q in described["queries"]}
    assert by_name["who-met-whom"]["params"][0] == {
        "name": "topic", "type": "string", "label": "Topic", "default": "Rafah"}
    assert by_name["who-met-whom"]["results"]["csv"].endswith("/queries/who-met-whom.csv")


def test_query_page_defaults_and_form(client: FlaskClient) -> None:
    response = client.get("/queries/who-met-whom")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="query query-who-met-whom"' in page
    assert 'name="topic" value="Rafah"' in page
    assert f'href="{KALIN}"' in page and ">Hamas</a>" in page
    assert 'id="network-data"' in page and '"topics": ["' in page and '"2026-01-24"' in page
    assert "/queries/who-met-whom.json?topic=Rafah" in page and ".tsv?topic=Rafah" in page
    assert "/editor?query=" in page and "GROUP_CONCAT" in page


def test_query_page_with_no_match_and_bad_value(client: FlaskClient) -> None:
    page = client.get("/queries/who-met-whom?topic=Atlantis").get_data(as_text=True)
    assert "No results." in page and "<svg" not in page and 'id="network-data"' not in page
    response = client.get("/queries/meetings?from=last+week")
    assert response.status_code == 400
    assert "is not a date" in response.get_data(as_text=True)
    assert client.get("/queries/meetings.csv?from=soon").status_code == 400


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; #', "<b>x</b>", "{ ?s ?p ?o }"])
def test_hostile_form_values_are_escaped_and_match_nothing(client: FlaskClient, value: str) -> None:
    response = client.get("/queries/who-met-whom", query_string={"topic": value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "No results." in page
    assert "<b>x</b>" not in page
    assert client.get("/queries/who-met-whom.json", query_string={"topic": value}).get_json()[
        "results"]["bindings"] == []


def test_downloads(client: FlaskClient) -> None:
    data = client.get("/queries/who-met-whom.json?topic=Rafah")
    assert data.mimetype == "application/sparql-results+json"
    body = json.loads(data.data)
    assert body["head"]["vars"][:2] == ["participant_label", "met_with_label"]
    assert "topic" not in body["head"]["vars"]
    row = body["results"]["bindings"][0]
    assert {row["participant_label"]["value"], row["met_with_label"]["value"]} == {"Hamas", "Ibrahim Kalin"}
    table = list(csv.reader(io.StringIO(client.get("/queries/who-met-whom.csv").get_data(as_text=True))))
    assert table[0][:2] == ["participant_label", "met_with_label"] and len(table) == 2
    tsv = client.get("/queries/who-met-whom.tsv")
    assert tsv.mimetype == "text/tab-separated-values" and tsv.get_data(as_text=True).startswith("?participant_label\t")


def test_truncation_banner(store: Store) -> None:
    app = create_app({"TESTING": True, "KG_STORE": store, "KG_MAX_ROWS": 1})
    client = app.test_client()
    page = client.get("/queries/meetings").get_data(as_text=True)
    assert "the results were capped" in page
    assert client.get("/queries/meetings.csv").headers["X-KG-Truncated"] == "true"


def test_unknown_query_and_entity_404(client: FlaskClient) -> None:
    assert client.get("/queries/no-such-query").status_code == 404
    assert client.get("/queries/no-such-query.json").status_code == 404
    response = client.get("/id/person/nobody")
    assert response.status_code == 404 and "person/nobody" in response.get_data(as_text=True)
    assert client.get("/id/person/nobody.ttl").status_code == 404


def test_entity_page(client: FlaskClient) -> None:
    response = client.get(KALIN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>Ibrahim Kalin</h1>" in page
    assert "Kalın" in page and "Ibrahim Kalın" in page  # aliases
    assert "hosted a delegation from Hamas in Istanbul" in page  # evidence sentence
    assert "Türkiye hosts Hamas delegation for talks" in page  # its article
    assert 'class="status asserted"' in page and 'class="status inferred"' in page
    assert 'href="/id/organization/hamas"' in page and 'href="/id/meeting/doc1-1"' in page


@pytest.mark.parametrize(("accept", "mimetype", "marker"), [
    ("text/turtle", "text/turtle", "kgr:person\\/ibrahim-kalin"),
    ("application/ld+json", "application/ld+json", '"@id"'),
    ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "text/html", "<h1>"),
])
def test_entity_conneg(client: FlaskClient, accept: str, mimetype: str, marker: str) -> None:
    response = client.get(KALIN, headers={"Accept": accept})
    assert response.mimetype == mimetype and marker in response.get_data(as_text=True)
    assert "Accept" in response.headers["Vary"]


def test_entity_suffixes(client: FlaskClient) -> None:
    turtle = client.get(KALIN + ".ttl")
    assert turtle.mimetype == "text/turtle" and "Ibrahim Kalin" in turtle.get_data(as_text=True)
    doc = json.loads(client.get(KALIN + ".jsonld").data)
    assert "Ibrahim Kalin" in json.dumps(doc, ensure_ascii=False)


def test_editor_page_offline_assets(client: FlaskClient, app: Flask) -> None:
    page = client.get("/editor?query=SELECT+%3Fx+WHERE+%7B%7D").get_data(as_text=True)
    assert "SELECT ?x WHERE {}" in page and 'action="/sparql"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no remote assets or links
    vendored = Path(app.static_folder or "") / "vendor" / "yasgui" / "yasgui.min.js"
    if vendored.is_file():
        assert "/static/vendor/yasgui/yasgui.min.js" in page
    else:
        assert "sh scripts/vendor.sh" in page


def test_editor_without_vendor_files_explains(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.web.home.YASGUI_JS", Path("vendor/missing/nothing.js"))
    page = client.get("/editor").get_data(as_text=True)
    assert "npm ci" in page and "sh scripts/vendor.sh" in page and "yasgui.min.js" not in page


@pytest.fixture()
def script_client(tmp_path: Path) -> Iterator[FlaskClient]:
    """An app over a graph whose labels and sentences contain markup."""
    text = (DATA / "browser.trig").read_text(encoding="utf-8")
    text = text.replace('"Khalil al-Hayya"', '"<script>alert(1)</script> al-Hayya"')
    text = text.replace("to discuss the Rafah crossing.", "to discuss <img src=x onerror=alert(2)>.")
    path = tmp_path / "script.trig"
    path.write_text(text, encoding="utf-8")
    with open_store(path, timeout=10, workers=0) as opened:
        yield create_app({"TESTING": True, "KG_STORE": opened}).test_client()


def test_article_text_is_escaped_everywhere(script_client: FlaskClient) -> None:
    for url in ("/", "/queries/who-met-whom", "/id/person/khalil-al-hayya", KALIN,
                "/queries/evidence?label=Hayya"):
        response = script_client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "&lt;script&gt;alert(1)" in page, url  # shown, escaped
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url
    page = script_client.get("/queries/who-met-whom").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; al-Hayya" in page
