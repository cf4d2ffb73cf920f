"""Agreement between reviewers, for editors: over all speeches or one, per pair and per month."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from factcheck import permissions
from factcheck.extensions import db
from factcheck.ids import is_id
from factcheck.models import Speech
from factcheck.queries import agreement as reads
from factcheck.views.desk.speeches import bp


@bp.get("/agreement")
def agreement() -> str:
    if not permissions.can_decide(current_user):
        abort(404)
    asked = request.args.get("speech", type=int)
    speech = db.session.get(Speech, asked) if asked is not None and is_id(asked) else None
    if asked is not None and speech is None:
        abort(404)
    speeches = db.session.execute(select(Speech.id, Speech.title).order_by(Speech.title)).all()
    return render_template(
        "desk/agreement.html",
        result=reads.agreement(db.session, speech.id if speech else None),
        speech=speech,
        speeches=speeches,
    )
