"""Pages for readers, who need no account."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Speech, SpeechStatus
from factcheck.queries import public

bp = Blueprint("public", __name__)


@bp.get("/")
def index() -> str:
    published = db.session.scalars(
        select(Speech)
        .where(Speech.status == SpeechStatus.PUBLISHED)
        .order_by(Speech.delivered_on.desc(), Speech.id.desc())
    ).all()
    return render_template("public/index.html", speeches=published)


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
