"""The web layer: a Flask application factory (the only package that imports Flask).

Modules: `config` (layered settings), `db` (the store and saved queries for views),
`errors` (errors to responses), `http` (negotiation, CORS), `render` (terms to cells),
`accesslog`, `headers` (security headers), `limits` (per-client fairness, used by kg.server); the views are sibling blueprints that import those helpers, never each other.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kg.web import config as settings

if TYPE_CHECKING:
    from flask import Config, Flask

__all__ = ["create_app", "layered_config"]


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Create the app: defaults, instance/config.py, KG_* environment, then `overrides`
    (the CLI's flags, or a test config with TESTING: True, which skips the two middle layers).

    KG_GRAPH is a dataset file or an http(s) SPARQL endpoint URL; KG_RELOAD > 0 (seconds)
    makes the app serve each new build of the file without a restart. Pass KG_STORE (an open
    Store) to share one store between apps, as the tests do; its owner closes it.
    """
    from flask import Flask

    from kg.web import accesslog, db, errors, headers

    app = Flask(__name__, instance_relative_config=True)
    settings.layer(app.config, overrides)
    db.init_app(app)
    errors.init_app(app)
    _register(app)
    app.after_request(headers.add_security_headers)
    app.wsgi_app = accesslog.AccessLog(app.wsgi_app)  # type: ignore[method-assign]
    return app


def layered_config(overrides: Mapping[str, Any] | None = None) -> Config:
    """The settings `create_app(overrides)` would use, without opening anything."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    return settings.layer(app.config, overrides)


def _register(app: Flask) -> None:
    """The views, each a blueprint of its own."""
    from kg.web import browse, data, entities, home, patterns, saved, sparql

    for module in (sparql, data, home, saved, entities, browse, patterns):
        app.register_blueprint(module.bp)
