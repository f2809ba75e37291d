"""The web layer's plumbing: layered settings, errors as HTML pages or JSON, the access log."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Config
from flask.testing import FlaskClient

from kg.web import layered_config
from kg.web.config import DEFAULTS, ConfigError, layer


def test_settings_layer_in_order(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text("KG_PORT = 6000\nKG_TIMEOUT = 3.0\nKG_WORKERS = 2\n")
    config = layer(Config(str(tmp_path)), {"KG_WORKERS": 7, "KG_HOST": None},
                   environ={"KG_TIMEOUT": "9", "KG_THREADS": "3"})
    assert config["KG_PORT"] == 6000                      # instance file over the default
    assert config["KG_TIMEOUT"] == 9.0                    # environment over the instance file
    assert config["KG_THREADS"] == 3
    assert config["KG_WORKERS"] == 7                      # flags over everything
    assert config["KG_HOST"] == DEFAULTS["KG_HOST"]       # a flag not given changes nothing
    testing = layer(Config(str(tmp_path)), {"TESTING": True}, environ={"KG_PORT": "1"})
    assert testing["KG_PORT"] == DEFAULTS["KG_PORT"]      # tests skip instance file and environment


def test_bad_environment_value_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KG_TIMEOUT='soon' is not a float"):
        layer(Config(str(tmp_path)), None, environ={"KG_TIMEOUT": "soon"})


def test_cli_path_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PORT", "6123")
    assert layered_config({"KG_PORT": None})["KG_PORT"] == 6123
    assert layered_config({"KG_PORT": 7000})["KG_PORT"] == 7000


@pytest.mark.parametrize(("path", "status"), [("/queries/no-such-query", 404), ("/id/person/nobody", 404),
                                              ("/no/such/page", 404)])
def test_pages_get_an_html_error_page(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status and response.mimetype == "text/html"
    assert "<h1>" in response.get_data(as_text=True) and "Back to the home page" in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/queries/no-such-query.json", 404, "not_found"), ("/id/person/nobody.ttl", 404, "not_found"),
    ("/sparql?query=SELECT", 400, "bad_query"), ("/queries/meetings.csv?from=soon", 400, "bad_query"),
    ("/data/graph.yaml", 404, "not_found")])
def test_the_api_gets_json_errors(client: FlaskClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status and response.mimetype == "application/json"
    assert response.get_json()["error"] == code and response.get_json()["message"]


def test_a_bad_form_value_stays_on_its_page(client: FlaskClient) -> None:
    response = client.get("/queries/meetings?from=soon")
    assert response.status_code == 400 and 'name="from" value="soon"' in response.get_data(as_text=True)


def test_access_log_line_per_request(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="kg.access"):
        client.get("/healthz")
        client.get("/queries/no-such-query")
    lines = [r.getMessage() for r in caplog.records if r.name == "kg.access"]
    assert lines[0].startswith("GET /healthz 200 ") and lines[0].endswith(" ms")
    assert lines[1].startswith("GET /queries/no-such-query 404 ")
