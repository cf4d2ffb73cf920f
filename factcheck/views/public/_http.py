"""How the reader site's pages are cached: by browsers and by a CDN or proxy in front of the
app servers, for `MAX_AGE` seconds, then checked again with their ETag (a 304 when unchanged).

A publication, correction or withdrawal therefore reaches every reader within `MAX_AGE` seconds.
Staff pages are never cached (`factcheck.security` sends `no-store` to anyone logged in, whose
header differs), so public pages vary on the cookie.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from flask import Response, request

MAX_AGE = 60


@dataclass
class Page:
    stamp: Hashable  # what the page was made of
    body: str
    checked: float  # when the stamp was last read (time.monotonic)


class PageCache:
    """Pages rendered by this process, each with the stamp of what it was made of (a query that
    costs far less than the page): a claim's permalink, the page most often shared, is served
    again without being read and rendered again until something it shows changes. For `TRUST`
    seconds after its stamp was read a page is served without reading it again, so a page asked
    for hundreds of times a second costs one query a second; a change therefore reaches readers
    within MAX_AGE + TRUST seconds (the README says so). Only requests without cookies use it
    (as the README's proxy cache does): nobody logged in, no message flashed, the page as anyone
    would get it. Bounded; the least recently used page goes first."""

    def __init__(self, size: int = 512, trust: float = 1.0) -> None:
        self.size = size
        self.trust = trust
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def usable() -> bool:
        return not request.cookies

    def get(self, key: Hashable) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def trusted(self, page: Page | None) -> bool:
        return page is not None and time.monotonic() - page.checked < self.trust

    def put(self, key: Hashable, stamp: Hashable, body: str) -> None:
        with self._lock:
            self._pages[key] = Page(stamp, body, time.monotonic())
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def drop(self, key: Hashable) -> None:
        with self._lock:
            self._pages.pop(key, None)


def cached(body: str, mimetype: str = "text/html") -> Response:
    """The page as a public, briefly cached response, or a 304 for a matching conditional GET."""
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)
