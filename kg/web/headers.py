"""Security headers: every response is never sniffed; HTML pages also get a strict CSP.

Pages load scripts and styles only from this server (YASGUI is vendored, no inline script),
may not be framed, and send no Referer to other sites. The query editor talks only to this
server's /sparql (`connect-src 'self'`). YASGUI and CodeMirror set element styles at run
time, which `style-src` must allow ('unsafe-inline' for styles only; scripts stay strict).
"""
from __future__ import annotations

from flask import Response

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HTML_HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY",
                "Referrer-Policy": "same-origin"}


def add_security_headers(response: Response) -> Response:
    """`nosniff` everywhere; CSP, framing and referrer rules on HTML pages."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        for name, value in HTML_HEADERS.items():
            response.headers.setdefault(name, value)
    return response
