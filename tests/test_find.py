"""Finding things on the seeds graph: the entity index by kind with counts and pages, the
name search (aliases, accents, prefixes, did you mean) and its JSON twin."""
from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from kg.store import Store
from kg.web import create_app

pytestmark = [pytest.mark.model, pytest.mark.slow]
KALIN = "/id/person/ibrahim-kalin"


@pytest.fixture(scope="module")
def client(seeds_store: Store) -> FlaskClient:
    return create_app({"TESTING": True, "KG_STORE": seeds_store, "KG_PAGE_SIZE": 5}).test_client()


@pytest.mark.parametrize("text", ["Kalin", "kalın", "KAL", "İbrahim Kalın", "ibrahim k"])
def test_search_finds_kalin_first(client: FlaskClient, text: str) -> None:
    page = client.get("/search", query_string={"q": text}).get_data(as_text=True)
    hits = re.findall(r'<li><a href="([^"]+)">', page)
    assert hits and hits[0] == KALIN, hits[:3]


def test_search_by_alias_says_which_name_matched(client: FlaskClient) -> None:
    page = client.get("/search?q=Kal%C4%B1n").get_data(as_text=True)  # "Kalın", an alias
    assert f'href="{KALIN}"' in page
    assert re.search(rf'<li><a href="{KALIN}">Ibrahim Kalin</a>[^<]*<span class="kind">person</span>'
                     r'\s*<span class="alias">also written “Kal[iı]n”</span>', page)


def test_did_you_mean(client: FlaskClient) -> None:
    page = client.get("/search?q=Kalinn").get_data(as_text=True)
    assert "Nothing in the graph is called" in page and "Did you mean" in page
    assert f'href="{KALIN}"' in page
    missing = client.get("/id/person/ibrahim-kalinn")
    assert missing.status_code == 404 and f'href="{KALIN}"' in missing.get_data(as_text=True)
    as_json = client.get("/id/person/ibrahim-kalinn.ttl").get_json()
    assert as_json["did_you_mean"][0]["page"] == KALIN


def test_names_api(client: FlaskClient) -> None:
    names = client.get("/api/names?q=hayya").get_json()
    assert names[0]["label"] == "Khalil al-Hayya" and names[0]["kind"] == "Person"
    assert names[0]["page"] == "/id/person/khalil-al-hayya"
    assert client.get("/api/names?q=").get_json() == []


def test_header_search_on_every_page(client: FlaskClient) -> None:
    for url in ("/", "/entities", "/queries", KALIN):
        assert 'action="/search"' in client.get(url).get_data(as_text=True), url


def test_entity_index_facets_counts_and_pages(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    assert 'href="/entities?type=people"' in home
    page = client.get("/entities?type=people").get_data(as_text=True)
    counts = dict((k, int(n)) for k, n in re.findall(r'type=(\w+)"[^>]*>\s*<strong>(\d+)</strong>', page))
    assert {"people", "organisations", "countries", "places", "meetings", "demands", "articles"} <= set(counts)
    assert counts["people"] > 5 and counts["articles"] == 5
    first = re.findall(r'<li><a href="(/id/[^"]+)"', page)
    assert len(first) == 5 and 'rel="next"' in page and "of {} people".format(counts["people"]) in page
    second = client.get("/entities?type=people&page=2").get_data(as_text=True)
    assert not set(first) & set(re.findall(r'<li><a href="(/id/[^"]+)"', second))
    assert 'rel="prev"' in second
    assert client.get("/entities?type=unicorns").status_code == 404
    assert client.get("/entities?type=people&page=zero").status_code == 400


def test_saved_query_pages(client: FlaskClient) -> None:
    page = client.get("/queries/meetings").get_data(as_text=True)
    assert 'rel="next"' in page and page.count("<tr>") == 1 + 5  # header row and one page
    assert client.get("/queries/meetings?page=2").status_code == 200
