"""Pages for readers, who need no account."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Speech, SpeechStatus

bp = Blueprint("public", __name__)


@bp.get("/")
def index() -> str:
    published = db.session.scalars(
        select(Speech)
        .where(Speech.status == SpeechStatus.PUBLISHED)
        .order_by(Speech.delivered_on.desc(), Speech.id.desc())
    ).all()
    return render_template("public/index.html", speeches=published)
