"""The staff desk: the list of speeches, importing a speech, and a speech's claims."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import InvalidInput
from factcheck.extensions import db
from factcheck.forms.desk import ImportSpeechForm
from factcheck.models import Speech
from factcheck.queries import speeches as speech_reads
from factcheck.services import speeches
from factcheck.templating import counted
from factcheck.views._helpers import require_desk

bp = Blueprint("desk", __name__, url_prefix="/desk")


bp.before_request(require_desk)


@bp.get("/")
def index() -> str:
    archived = request.args.get("show") == "archived"
    return render_template(
        "desk/index.html",
        rows=speech_reads.list_speeches(db.session, archived=archived),
        archived=archived,
        archived_count=speech_reads.count_archived(db.session),
    )


@bp.route("/speeches/new", methods=["GET", "POST"])
def import_speech() -> str | Response | tuple[str, int]:
    if not permissions.can_import_speech(current_user):
        abort(403)
    form = ImportSpeechForm()
    if form.validate_on_submit():
        uploaded = bool(form.upload.data and form.upload.data.filename)
        try:
            if uploaded:
                limit = current_app.config["MAX_TRANSCRIPT_BYTES"]
                # Read one byte past the limit: enough to refuse, never the whole of a huge upload.
                data = form.upload.data.read(limit + 1)
                if len(data) > limit:  # its size is unknown here, so don't state one
                    raise InvalidInput(
                        f"The file is larger than the limit of {limit:,} bytes.", field="upload"
                    )
                transcript = speeches.decode_upload(data, limit=limit)
            else:
                transcript = form.transcript.data or ""
            speech = speeches.import_speech(
                db.session,
                actor=current_user,
                details=speeches.SpeechDetails(
                    title=form.title.data or "",
                    speaker=form.speaker.data or "",
                    delivered_on=form.delivered_on.data,
                    occasion=form.occasion.data,
                    source_url=form.source_url.data,
                    language=form.language.data or "en",
                    media_url=form.media_url.data,
                ),
                transcript=transcript,
                max_bytes=current_app.config["MAX_TRANSCRIPT_BYTES"],
                fmt=form.transcript_format.data or None,
                filename=form.upload.data.filename if uploaded else None,
            )
        except InvalidInput as exc:
            db.session.rollback()
            name = "upload" if uploaded and exc.field == "transcript" else exc.field
            field = getattr(form, name or "", None)
            if field is not None:
                field.errors = [*field.errors, exc.message]
            else:
                flash(exc.message, "error")
            return render_template("desk/import.html", form=form), 400
        db.session.commit()
        to_check, others = speech_reads.claim_counts(db.session, speech)
        flash(
            f"Imported “{speech.title}”: {counted(to_check, 'claim')} to check, "
            f"{counted(others, 'other span')}.",
            "success",
        )
        return redirect(url_for("desk.speech", speech_id=speech.id))
    status = 400 if form.is_submitted() else 200
    return render_template("desk/import.html", form=form), status


@bp.get("/speeches/<id:speech_id>")
def speech(speech_id: int) -> str:
    item = db.session.get(Speech, speech_id)
    if item is None or not permissions.can_view_speech_as_staff(current_user, item):
        abort(404)
    sort = request.args.get("sort", "transcript")
    if sort not in speech_reads.CLAIM_ORDERS:
        sort = "transcript"
    claims = speech_reads.claims_of(db.session, item)
    return render_template(
        "desk/speech.html",
        speech=item,
        listed=speech_reads.numbered_claims(claims, sort),
        sort=sort,
        pieces=speech_reads.transcript_pieces(item.transcript, claims),
        open_count=sum(1 for c in claims if c.is_claim),
        progress=speech_reads.progress_of(db.session, [item.id]).get(item.id),
        total=len(claims),
        # Bars are drawn against the speech's highest score: scores are chances (most far below
        # 0.5), so against 1 every bar would look empty while the ranking is what matters.
        top_score=max((c.checkworthiness for c in claims if c.is_claim), default=0.0) or 1.0,
    )
