"""Pages for readers, who need no account: the published checks and nothing else.

Every read goes through `factcheck.queries.public`, which reads only what was published (an
import-linter contract keeps the staff side out of this package). Pages are cached briefly by
browsers and proxies (`_http.MAX_AGE`); unknown or unpublished ids are a plain 404.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from factcheck.extensions import db
from factcheck.ids import parse_id
from factcheck.queries.public import reads as public
from factcheck.queries.public import search as finder
from factcheck.views.public import jsonld
from factcheck.views.public._http import PageCache, cached

bp = Blueprint("public", __name__)

MAX_PAGE = 10_000


def claim_pages() -> PageCache:
    """This app's cache of claim pages (an app per database: tests make many)."""
    pages = current_app.extensions.get("factcheck.claim_pages")
    if pages is None:
        trust = float(current_app.config["PUBLIC_PAGE_TRUST_SECONDS"])
        pages = current_app.extensions.setdefault("factcheck.claim_pages", PageCache(trust=trust))
    return pages


def _page_number() -> int:
    number = parse_id(request.args.get("page"))
    return number if number is not None and number <= MAX_PAGE else 1


def claim_url(check_id: int, slug: str, *, external: bool = False) -> str:
    return url_for("public.claim", claim_id=check_id, slug=slug, _external=external)


def _text(name: str, limit: int = 200) -> str | None:
    """A query argument as one line of printable text (PostgreSQL refuses a NUL in a query)."""
    asked = "".join(ch for ch in request.args.get(name) or "" if ch.isprintable())
    return asked.strip()[:limit] or None


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return None


@bp.get("/")
def index() -> Response:
    speaker = _text("speaker")
    page = _page_number()
    cards, more = public.speeches(db.session, speaker=speaker, page=page)
    body = render_template(
        "public/index.html",
        cards=cards,
        more=more,
        page=page,
        speaker=speaker,
        speakers=public.speakers(db.session),
    )
    return cached(body)


@bp.get("/speeches/<id:speech_id>")
def speech(speech_id: int) -> Response:
    found = public.speech(db.session, speech_id)
    if found is None:
        abort(404)
    urls = [claim_url(c.id, c.slug, external=True) for c in found.checks]
    body = render_template(
        "public/speech.html",
        page=found,
        pieces=found.pieces(),
        item_list=jsonld.item_list(found.head.title, found.checks, urls),
        canonical=url_for("public.speech", speech_id=speech_id, _external=True),
    )
    return cached(body)


@bp.get("/claims/<id:claim_id>", defaults={"slug": None})
@bp.get("/claims/<id:claim_id>-<slug>")
def claim(claim_id: int, slug: str | None) -> Response:
    pages = claim_pages()
    usable = pages.usable()
    # The address the page was asked at is in it (canonical and absolute links).
    key = (claim_id, slug, request.host_url, request.full_path)
    page = pages.get(key) if usable else None
    if page is not None and pages.trusted(page):
        return cached(page.body)
    stamp = public.claim_stamp(db.session, claim_id)
    if stamp is None:
        pages.drop(key)
        abort(404)
    if page is not None and page.stamp == stamp:
        pages.put(key, stamp, page.body)  # checked again now
        return cached(page.body)
    found = public.claim(db.session, claim_id)
    if found is None:
        abort(404)
    check = found.check
    if slug != check.slug:
        return redirect(claim_url(claim_id, check.slug), 301)
    canonical = claim_url(claim_id, check.slug, external=True)
    speech_url = url_for("public.speech", speech_id=check.speech.id, _external=True)
    body = render_template(
        "public/claim.html",
        page=found,
        check=check,
        canonical=canonical,
        speech_url=speech_url,
        claim_review=jsonld.claim_review(found, canonical, speech_url),
    )
    if usable:
        pages.put(key, stamp, body)
    return cached(body)


@bp.get("/search")
def search() -> Response:
    query = finder.Query(
        words=_text("q") or "",
        rating=_text("rating", 60),
        speaker=_text("speaker"),
        since=_day("since"),
        until=_day("until"),
        page=_page_number(),
    )
    results = finder.search(db.session, query)
    body = render_template(
        "public/search.html",
        query=query,
        results=results,
        speakers=public.speakers(db.session),
        args={k: v for k, v in request.args.items() if k != "page" and v},
    )
    return cached(body)


@bp.get("/methodology")
def methodology() -> Response:
    body = render_template("public/methodology.html", steps=public.scale_steps(db.session))
    return cached(body)


@bp.get("/corrections")
def corrections() -> Response:
    body = render_template("public/corrections.html", entries=public.corrections(db.session))
    return cached(body)


@bp.get("/feed.atom")
def feed() -> Response:
    entries = public.feed(db.session)
    name, url = public.organisation(db.session)
    body = render_template(
        "public/feed.xml",
        entries=entries,
        organisation=name,
        organisation_url=url,
        updated=max((e.published_at for e in entries), default=None),
        claim_url=claim_url,
    )
    return cached(body, mimetype="application/atom+xml")


@bp.get("/ratings.css")
def rating_colours() -> Response:
    """The rating scale's colours as a stylesheet: cached, and checked again on every use, so a
    colour an admin changes shows at once."""
    css = render_template("public/ratings.css", colours=public.colours(db.session))
    response = Response(css, mimetype="text/css")
    response.cache_control.no_cache = True
    response.cache_control.public = True
    response.add_etag()
    return response.make_conditional(request)
