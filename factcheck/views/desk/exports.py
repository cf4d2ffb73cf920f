"""Downloads of checked claims in every export format: a speech's from the editor's screen, a
selection's from the export page. Published checks for all staff; the live desk (unpublished
work, private sources) for editors and admins only, a 404 to others."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from flask import abort, render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.exports.formats import FORMATS
from factcheck.extensions import db
from factcheck.forms.exports import ExportForm
from factcheck.models import Speech
from factcheck.queries import exports as reads
from factcheck.views.desk._helpers import staff_speech_or_404
from factcheck.views.desk.speeches import bp


def _speeches() -> list[tuple[int, str]]:
    return [
        tuple(row)
        for row in db.session.execute(select(Speech.id, Speech.title).order_by(Speech.title))
    ]


def _download(form: ExportForm, selection: reads.Selection, name: str) -> Response:
    """Stream the export the valid form asks for, as an attachment named after `name`."""
    chosen = FORMATS[form.format.data]
    published_only = bool(form.published.data) or chosen.published_only
    if not published_only and not permissions.can_export_unpublished(current_user):
        abort(404)
    export = reads.export(
        db.session, selection, published_only=published_only, base_url=request.url_root
    )
    chunks: Iterator[bytes] = chosen.write(export, bom=bool(form.bom.data))
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    kind = "published" if published_only else "desk"
    filename = f"factcheck-{name}-{kind}-{stamp}.{chosen.extension}"
    return Response(
        stream_with_context(chunks),
        content_type=chosen.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@bp.get("/exports")
def exports() -> tuple[str, int]:
    form = ExportForm(formdata=None, data={"format": "csv", "published": True})
    return render_template(
        "desk/exports.html",
        form=form,
        speeches=_speeches(),
        can_export_unpublished=permissions.can_export_unpublished(current_user),
    ), 200


@bp.get("/exports/download")
def export_download() -> Response | tuple[str, int]:
    form = ExportForm(request.args)
    if not form.validate():
        return render_template(
            "desk/exports.html",
            form=form,
            speeches=_speeches(),
            can_export_unpublished=permissions.can_export_unpublished(current_user),
        ), 400
    if form.speech.data is not None:
        staff_speech_or_404(form.speech.data)
    selection = reads.Selection(
        speech_id=form.speech.data,
        speaker=(form.speaker.data or "").strip() or None,
        since=form.since.data,
        until=form.until.data,
    )
    name = f"speech-{form.speech.data}" if form.speech.data is not None else "selection"
    return _download(form, selection, name)


@bp.get("/speeches/<id:speech_id>/export")
def export_speech(speech_id: int) -> Response:
    speech = staff_speech_or_404(speech_id)
    form = ExportForm(request.args)
    form.speech.data = speech.id
    if not form.validate():
        abort(400)
    return _download(form, reads.Selection(speech_id=speech.id), f"speech-{speech.id}")
