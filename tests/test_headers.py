"""Headers and self-descriptions: security headers on pages, no Host-header echo, no paths."""
from __future__ import annotations

from flask.testing import FlaskClient

from kg.web import create_app


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    for path in ("/", "/queries", "/editor", "/queries/who-met-whom"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "text/html", path
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_api_answers_are_never_sniffed(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%7B%7D")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_service_description_and_void_ignore_the_host_header(client: FlaskClient) -> None:
    for path in ("/sparql", "/.well-known/void"):
        response = client.get(path, headers={"Host": "evil.example", "Accept": "text/turtle"})
        assert response.status_code == 200 and b"evil.example" not in response.data
        assert b"http://127.0.0.1:5000/" in response.data


def test_public_url_comes_from_configuration(store) -> None:
    app = create_app({"TESTING": True, "KG_STORE": store, "KG_PUBLIC_URL": "https://kg.example.org/"})
    body = app.test_client().get("/sparql", headers={"Accept": "text/turtle"}).data
    assert b"<https://kg.example.org/sparql>" in body


def test_healthz_shows_no_path(client: FlaskClient) -> None:
    health = client.get("/healthz").json
    assert health["source"] == "mini.trig" and "/" not in health["source"]
    assert not any(isinstance(v, str) and v.startswith("/") for v in health.values())
