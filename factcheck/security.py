"""HTTP hardening in one place: the security headers of every response, and what the HTTPS and
PROXY_COUNT settings turn on (HSTS and Secure cookies; trusting the proxy's X-Forwarded-* headers)."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

# Nothing inline: every script and style is a file of this site, so an injected <script> or
# style="" does nothing. Pages are never framed (clickjacking), forms post only here.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    # The desk's addresses (and that fact-checkers looked at a page) are not told to the sites of
    # the sources they open.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=()",
}
HSTS = "max-age=31536000"  # a year; subdomains are the organisation's own business


def register(app: Flask) -> None:
    """Apply the HTTPS and PROXY_COUNT settings and add the headers to every response."""
    headers = dict(HEADERS)
    if app.config["HTTPS"]:
        headers["Strict-Transport-Security"] = HSTS
        app.config.update(
            SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https"
        )
    proxies = app.config["PROXY_COUNT"]
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise RuntimeError(f"PROXY_COUNT must be a whole number, 0 or more (it is {proxies!r}).")
    if proxies:
        # Only the headers the last `proxies` hops set are believed: the client's address and
        # scheme, so that logs, throttling and HTTPS redirects see the real ones.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,
            x_host=proxies,
            x_port=proxies,
            x_prefix=proxies,
        )

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.cookies and current_user.is_authenticated:  # log-ins live in cookies only
            # Staff pages hold unpublished work: not kept by the browser (its back button after
            # logging out on a shared computer) nor by any cache on the way.
            response.headers["Cache-Control"] = "no-store"
        return response
