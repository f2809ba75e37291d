"""Settings, layered: defaults, then `instance/config.py`, then `KG_*` environment variables,
then what the caller passes (the CLI's flags, or a test's config), each overriding the last.

flaskr reads the instance file only when no test config is given; here the CLI passes its
flags too, so the instance file is read in production as well, and only a config with
`TESTING: True` skips the instance file and the environment.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI reads DEFAULTS without importing Flask
    from flask import Config

__all__ = ["DEFAULTS", "ConfigError", "layer"]

DEFAULTS: dict[str, Any] = {
    "KG_GRAPH": "data/graph.trig",    # dataset file, or an http(s) SPARQL endpoint URL
    "KG_QUERIES": "queries",          # folder of saved queries (*.rq)
    "KG_TIMEOUT": 20.0,               # seconds a query may run
    "KG_MAX_ROWS": 10_000,            # rows any answer holds at most
    "KG_WORKERS": 4,                  # query worker processes
    "KG_RELOAD": 1.0,                 # > 0: check the dataset file every so many seconds
    "KG_PAGE_SIZE": 50,               # rows per page on long lists
    "KG_HOST": "127.0.0.1",
    "KG_PORT": 5000,
    "KG_PUBLIC_URL": "",              # this service's URL for clients; "" = http://HOST:PORT/
    "KG_THREADS": 16,                 # HTTP threads (waitress)
    # Limits (README "Limits and hardening"; kg.store.worker, kg.server, kg.web.limits)
    "KG_MAX_MB": 16.0,                # largest answer one query may return, in MB
    "KG_WORKER_MEMORY": 1024,         # MB one query may add to its worker (0: no cap)
    "KG_QUEUE_TIMEOUT": 5.0,          # seconds a request may wait for a worker / its turn
    "KG_PER_CLIENT": 0,               # requests one client runs at once; 0 = half the workers
    "KG_CONNECTION_LIMIT": 1000,      # open connections in all
    "KG_PER_IP": 32,                  # open connections from one address (0: no limit)
    "KG_IDLE_TIMEOUT": 30,            # seconds an idle keep-alive connection stays open
    "KG_REQUEST_TIMEOUT": 20.0,       # seconds a request may take to arrive
    "KG_TRUSTED_PROXY": "",           # reverse proxy address whose X-Forwarded-For is believed
    "MAX_CONTENT_LENGTH": 1 << 20,
}


class ConfigError(ValueError):
    """A setting that does not fit its type; the message names the setting."""


def layer(config: Config, overrides: Mapping[str, Any] | None = None,
          environ: Mapping[str, str] | None = None) -> Config:
    """Fill `config` (a Flask Config rooted at the instance folder) layer by layer."""
    config.from_mapping(DEFAULTS)
    if not (overrides or {}).get("TESTING"):
        config.from_pyfile("config.py", silent=True)
        config.update(from_environment(os.environ if environ is None else environ))
    config.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return config


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The `KG_*` settings the environment sets, converted to their defaults' types.

    :raises ConfigError: a value that is not of its setting's type.
    """
    found: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        if key.startswith("KG_") and key in environ:
            try:
                found[key] = type(default)(environ[key])
            except ValueError:
                raise ConfigError(f"{key}={environ[key]!r} is not a {type(default).__name__}") from None
    return found
