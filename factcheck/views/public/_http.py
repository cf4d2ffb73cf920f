"""How the reader site's pages are cached: by browsers and by a CDN or proxy in front of the
app servers, for `MAX_AGE` seconds, then checked again with their ETag (a 304 when unchanged).

A publication, correction or withdrawal therefore reaches every reader within `MAX_AGE` seconds.
Staff pages are never cached (`factcheck.security` sends `no-store` to anyone logged in, whose
header differs), so public pages vary on the cookie.
"""

from __future__ import annotations

from flask import Response, request

MAX_AGE = 60


def cached(body: str, mimetype: str = "text/html") -> Response:
    """The page as a public, briefly cached response, or a 304 for a matching conditional GET."""
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)
