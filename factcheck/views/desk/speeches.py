"""The staff desk: the list of speeches, importing a speech, and a speech's claims."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import jobs, permissions
from factcheck.errors import InvalidInput
from factcheck.extensions import db
from factcheck.forms.desk import ImportSpeechForm
from factcheck.models import ImportState, Speech, SpeechImport
from factcheck.models.base import utcnow
from factcheck.queries import imports as import_reads
from factcheck.queries import speeches as speech_reads
from factcheck.services import imports, speeches
from factcheck.templating import counted
from factcheck.views._helpers import require_desk
from factcheck.views.desk._helpers import staff_speech_or_404

PAGE = speech_reads.SPEECH_PAGE

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
            details = speeches.SpeechDetails(
                title=form.title.data or "",
                speaker=form.speaker.data or "",
                delivered_on=form.delivered_on.data,
                occasion=form.occasion.data,
                source_url=form.source_url.data,
                language=form.language.data or "en",
                media_url=form.media_url.data,
            )
            given = {
                "actor": current_user,
                "details": details,
                "transcript": transcript,
                "max_bytes": current_app.config["MAX_TRANSCRIPT_BYTES"],
                "fmt": form.transcript_format.data or None,
                "filename": form.upload.data.filename if uploaded else None,
            }
            # A long transcript is imported in the background, its progress on a page of its own.
            if len(transcript) >= imports.BACKGROUND_CHARACTERS:
                job = imports.queue_import(db.session, **given)
                db.session.commit()
                jobs.start_import(current_app._get_current_object(), job.id)
                return redirect(url_for("desk.import_status", import_id=job.id), 303)
            speech = speeches.import_speech(db.session, **given)
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
        return _imported(speech)
    status = 400 if form.is_submitted() else 200
    return render_template("desk/import.html", form=form), status


def _imported(speech: Speech) -> Response:
    to_check, others = speech_reads.claim_counts(db.session, speech)
    flash(
        f"Imported “{speech.title}”: {counted(to_check, 'claim')} to check, "
        f"{counted(others, 'other span')}.",
        "success",
    )
    return redirect(url_for("desk.speech", speech_id=speech.id))


def _import_or_404(import_id: int) -> SpeechImport:
    """An import of the user's own: its transcript is theirs until it is a speech."""
    job = db.session.get(SpeechImport, import_id)
    if job is None or job.created_by_id != current_user.id:
        abort(404)
    return job


@bp.get("/imports/<id:import_id>")
def import_status(import_id: int) -> str | Response:
    """How far an import has got; once done, the speech. Without JavaScript it reloads itself."""
    job = _import_or_404(import_id)
    if job.state is ImportState.DONE and job.speech_id is not None:
        return _imported(db.session.get(Speech, job.speech_id))
    shown = import_reads.progress(job, utcnow())
    return render_template("desk/import_status.html", job=job, shown=shown)


@bp.get("/imports/<id:import_id>/progress")
def import_progress(import_id: int) -> Response:
    """The same as JSON, for the page's script to move its bar."""
    shown = import_reads.progress(_import_or_404(import_id), utcnow())
    return jsonify(
        state=shown.state.value,
        percent=shown.percent,
        says=shown.says,
        finished=shown.finished,
        failed=shown.failed,
    )


def _sort() -> str:
    sort = request.args.get("sort", "transcript")
    return sort if sort in speech_reads.CLAIM_ORDERS else "transcript"


def _side() -> str:
    """Which links to the rest a fragment ends with: before it, after it or both."""
    side = request.args.get("side")
    return side if side in ("before", "after") else "both"


def _count() -> int:
    asked = speech_reads.parse_offset(request.args.get("count"))
    return PAGE if asked is None else min(asked, PAGE)


def page_links(page: int, pages: int) -> list[int | None]:
    """Page numbers to link to: the first, the last and two either side of ``page``; None for a gap."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[int | None] = []
    for number in wanted:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links


@bp.get("/speeches/<id:speech_id>")
def speech(speech_id: int) -> str:
    item = staff_speech_or_404(speech_id)
    sort = _sort()
    about = speech_reads.summary(db.session, item)
    pages = max(1, -(-about.total // PAGE))
    page = min(max(speech_reads.parse_offset(request.args.get("page")) or 1, 1), pages)
    listed, window = speech_reads.listed_claims(
        db.session, item, sort, (page - 1) * PAGE, PAGE, about.total
    )
    # The transcript beside the list: the same spans in transcript order, else from its start.
    transcript_from = speech_reads.parse_offset(request.args.get("tfrom"))
    if transcript_from is None:
        transcript_from = window.start if sort == "transcript" else 0
    pieces, transcript_at = speech_reads.transcript_window(
        db.session, item, transcript_from, PAGE, about.total, viewer_id=current_user.id
    )
    return render_template(
        "desk/speech.html",
        speech=item,
        listed=listed,
        window=window,
        sort=sort,
        page=page,
        pages=pages,
        page_links=page_links(page, pages),
        page_size=PAGE,
        pieces=pieces,
        transcript_at=transcript_at,
        about=about,
        progress=speech_reads.progress_of(db.session, [item.id]).get(item.id),
        # Bars are drawn against the speech's highest score: scores are chances (most far below
        # 0.5), so against 1 every bar would look empty while the ranking is what matters.
        top_score=about.top_score or 1.0,
    )


@bp.get("/speeches/<id:speech_id>/claims")
def speech_claims(speech_id: int) -> str:
    """Claims from ``start`` in the page's order: what the speech page loads as it scrolls."""
    item = staff_speech_or_404(speech_id)
    sort = _sort()
    about = speech_reads.summary(db.session, item)
    start = speech_reads.parse_offset(request.args.get("start")) or 0
    listed, window = speech_reads.listed_claims(
        db.session, item, sort, start, _count(), about.total
    )
    return render_template(
        "desk/_claim_items.html",
        speech=item,
        listed=listed,
        window=window,
        side=_side(),
        sort=sort,
        page_size=PAGE,
        top_score=about.top_score or 1.0,
    )


@bp.get("/speeches/<id:speech_id>/transcript")
def speech_transcript(speech_id: int) -> str:
    """Transcript spans from ``start``, as the speech page shows them."""
    item = staff_speech_or_404(speech_id)
    start = speech_reads.parse_offset(request.args.get("start")) or 0
    total = speech_reads.count_spans(db.session, item)
    pieces, window = speech_reads.transcript_window(
        db.session, item, start, _count(), total, viewer_id=current_user.id
    )
    return render_template(
        "desk/_transcript_pieces.html",
        speech=item,
        pieces=pieces,
        window=window,
        side=_side(),
        sort=_sort(),
        page=1,
        page_size=PAGE,
    )
