"""How the reader site's pages are cached: by browsers and by a CDN or proxy in front of the
app servers, for `MAX_AGE` seconds, then checked again with their ETag (a 304 when unchanged).

A publication, correction or withdrawal therefore reaches every reader within `MAX_AGE` seconds.
Staff pages are never cached (`factcheck.security` sends `no-store` to anyone logged in, whose
header differs), so public pages vary on the cookie.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from flask import Response, request

MAX_AGE = 60


class PageCache:
    """Pages rendered by this process, each under the stamp of what it was made of (a query that
    costs far less than the page): a claim's permalink, the page most often shared, is served
    again without being read and rendered again until something it shows changes. Only requests
    without cookies use it (as the README's proxy cache does): nobody logged in, no message
    flashed, the page as anyone would get it. Bounded; the least recently used page goes first."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def usable() -> bool:
        return not request.cookies

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def put(self, key: Hashable, body: str) -> None:
        with self._lock:
            self._pages[key] = body
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def cached(body: str, mimetype: str = "text/html") -> Response:
    """The page as a public, briefly cached response, or a 304 for a matching conditional GET."""
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)
