"""Views that show patterns, on the seeds graph: the network's data, the map and the timeline."""
from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient

from kg.store import Store
from kg.web import create_app
from kg.web.geo import ATLAS

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def client(seeds_store: Store) -> FlaskClient:
    return create_app({"TESTING": True, "KG_STORE": seeds_store}).test_client()


def network_of(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page, re.S)
    assert found, "no network data on the page"
    return json.loads(found.group(1))


def test_who_met_whom_network_data(client: FlaskClient) -> None:
    page = client.get("/queries/who-met-whom?topic=&who=Kalin&place=").get_data(as_text=True)
    data = network_of(page)
    kalin = "https://newskg.example/id/person/ibrahim-kalin"
    hayya = next(e for e in data["edges"] if {e["source"], e["target"]} ==
                 {kalin, "https://newskg.example/id/person/khalil-al-hayya"})
    assert hayya["meetings"] >= 1 and len(hayya["evidence"]) == hayya["meetings"]
    assert all(item["href"].startswith("/id/sentence/") for item in hayya["evidence"])
    kinds = {n["kind"] for n in data["nodes"]}
    assert "person" in kinds and all(n["colour"].startswith("#") for n in data["nodes"])
    assert "/static/vendor/cytoscape/cytoscape.min.js" in page and "/static/network.js" in page


def test_entity_page_has_its_network(client: FlaskClient) -> None:
    page = client.get("/id/person/ibrahim-kalin").get_data(as_text=True)
    data = network_of(page)
    assert {n["label"] for n in data["nodes"]} >= {"Ibrahim Kalin", "Khalil al-Hayya"}
    assert "met with</a>" in page


@pytest.mark.skipif(not ATLAS.is_file(), reason="world-atlas not vendored (npm ci && sh scripts/vendor.sh)")
def test_map_shows_the_meeting_places(client: FlaskClient) -> None:
    page = client.get("/map").get_data(as_text=True)
    assert '<path class="outline" d="M' in page
    titles = re.findall(r"<circle class=\"place\"[^>]*><title>([^<]+)</title>", page)
    assert any(t.startswith("Istanbul: ") for t in titles) and any(t.startswith("Cairo: ") for t in titles)


def test_timeline_marks_reported_dates(client: FlaskClient) -> None:
    page = client.get("/timeline?who=Kalin").get_data(as_text=True)
    assert re.search(r'<text class="actor"[^>]*>Ibrahim Kalin</text>', page)
    dots = re.findall(r'<circle class="meeting( reported)?"[^>]*><title>([^<]+)</title>', page)
    assert dots and all(bool(rep) == ("reported by the article" in title) for rep, title in dots)
    busiest = client.get("/timeline").get_data(as_text=True)
    assert busiest.count('class="actor"') >= 4
    assert '<circle class="meeting reported"' in busiest and "(date reported by the article)" in busiest
