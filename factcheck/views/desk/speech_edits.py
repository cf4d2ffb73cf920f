"""Correcting a speech: its details and speakers' names, archiving it, and (admins) deleting it.

Plain forms that redirect; a refusal shows the page again with the message (400) or with what the
other person saved (409), and what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.forms.desk import (
    ArchiveSpeechForm,
    DeleteSpeechForm,
    EditSpeechForm,
    RenameSpeakerForm,
)
from factcheck.models import Speech
from factcheck.services import speech_edits
from factcheck.services.speeches import SpeechDetails
from factcheck.templating import counted
from factcheck.views.desk._helpers import form_problem, staff_speech_or_404
from factcheck.views.desk.speeches import bp


def _edit_page(
    speech: Speech,
    status: int = 200,
    *,
    details: EditSpeechForm | None = None,
    problem: str | None = None,
    conflict: Conflict | None = None,
) -> tuple[str, int]:
    if details is None:
        details = EditSpeechForm(obj=speech, formdata=None)
        details.version.data = speech.version
    page = render_template(
        "desk/edit_speech.html",
        speech=speech,
        details=details,
        speakers=speech_edits.speakers(db.session, speech),
        problem=problem,
        conflict=conflict,
    )
    return page, status


def _refused(speech_id: int, exc: InvalidInput | Conflict, **forms: Any) -> tuple[str, int]:
    """The edit page again with the refusal; nothing was saved."""
    db.session.rollback()
    speech = staff_speech_or_404(speech_id)
    if isinstance(exc, Conflict):
        return _edit_page(speech, 409, conflict=exc, **forms)
    return _edit_page(speech, 400, problem=exc.message, **forms)


@bp.get("/speeches/<id:speech_id>/edit")
def edit_speech(speech_id: int) -> tuple[str, int]:
    return _edit_page(staff_speech_or_404(speech_id))


@bp.post("/speeches/<id:speech_id>/edit")
def save_speech(speech_id: int) -> Response | tuple[str, int]:
    speech = staff_speech_or_404(speech_id)
    if not permissions.can_edit_speech(current_user, speech):
        abort(403)
    form = EditSpeechForm()
    if not form.validate_on_submit():
        problem = InvalidInput(form_problem(form) or "The form was incomplete.")
        return _refused(speech_id, problem, details=form)
    version_seen = speech.version
    try:
        speech_edits.update_details(
            db.session,
            actor=current_user,
            speech=speech,
            details=SpeechDetails(
                title=form.title.data or "",
                speaker=form.speaker.data or "",
                delivered_on=form.delivered_on.data,
                occasion=form.occasion.data,
                source_url=form.source_url.data,
                media_url=form.media_url.data,
            ),
            expected_version=form.version.data,
        )
    except (InvalidInput, Conflict) as exc:
        return _refused(speech_id, exc, details=form)
    db.session.commit()
    if speech.version == version_seen:
        flash("Nothing to save: the details were already like that.", "info")
    else:
        flash("Speech details saved.", "success")
    return redirect(url_for("desk.edit_speech", speech_id=speech_id))


@bp.post("/speeches/<id:speech_id>/speakers")
def rename_speaker(speech_id: int) -> Response | tuple[str, int]:
    speech = staff_speech_or_404(speech_id)
    if not permissions.can_edit_speech(current_user, speech):
        abort(403)
    form = RenameSpeakerForm()
    if not form.validate_on_submit():
        return _refused(speech_id, InvalidInput(form_problem(form) or "The form was incomplete."))
    try:
        changed = speech_edits.rename_speaker(
            db.session,
            actor=current_user,
            speech=speech,
            old=form.old.data,
            new=form.new.data,
            expected_version=form.version.data,
        )
    except (InvalidInput, Conflict) as exc:
        return _refused(speech_id, exc)
    db.session.commit()
    if changed:
        flash(
            f"“{form.old.data}” is now “{' '.join(form.new.data.split())}” on "
            f"{counted(changed, 'span')}.",
            "success",
        )
    else:
        flash("Nothing to save: that is already the name.", "info")
    return redirect(url_for("desk.edit_speech", speech_id=speech_id))


def _set_archived(speech_id: int, archived: bool) -> Response | tuple[str, int]:
    speech = staff_speech_or_404(speech_id)
    if not permissions.can_archive_speech(current_user, speech):
        abort(403)
    form = ArchiveSpeechForm()
    if not form.validate_on_submit():
        return _refused(speech_id, InvalidInput(form_problem(form) or "The form was incomplete."))
    try:
        speech_edits.set_archived(
            db.session,
            actor=current_user,
            speech=speech,
            archived=archived,
            expected_version=form.version.data,
        )
    except (InvalidInput, Conflict) as exc:
        return _refused(speech_id, exc)
    db.session.commit()
    if archived:
        flash(f"“{speech.title}” is archived: read-only and out of the desk's list.", "success")
        return redirect(url_for("desk.index"))
    flash(f"“{speech.title}” is back in review.", "success")
    return redirect(url_for("desk.speech", speech_id=speech_id))


@bp.post("/speeches/<id:speech_id>/archive")
def archive_speech(speech_id: int) -> Response | tuple[str, int]:
    return _set_archived(speech_id, True)


@bp.post("/speeches/<id:speech_id>/unarchive")
def unarchive_speech(speech_id: int) -> Response | tuple[str, int]:
    return _set_archived(speech_id, False)


@bp.route("/speeches/<id:speech_id>/delete", methods=["GET", "POST"])
def delete_speech(speech_id: int) -> Response | tuple[str, int]:
    speech = staff_speech_or_404(speech_id)
    if not permissions.can_delete_speech(current_user, speech):
        abort(403)
    form = DeleteSpeechForm()
    problem = None
    if form.validate_on_submit():
        title = speech.title
        try:
            gone = speech_edits.delete_speech(
                db.session, actor=current_user, speech=speech, confirm_title=form.confirm_title.data
            )
        except InvalidInput as exc:
            db.session.rollback()
            speech = staff_speech_or_404(speech_id)
            problem = exc.message
        else:
            db.session.commit()
            flash(
                f"Deleted “{title}” with {counted(gone.claims, 'span')}, "
                f"{counted(gone.verdicts, 'verdict')}, {counted(gone.sources, 'source')} and "
                f"{counted(gone.notes, 'note')}. The audit log keeps the record.",
                "success",
            )
            return redirect(url_for("desk.index"))
    elif form.is_submitted():
        problem = form_problem(form) or "The form was incomplete."
    page = render_template(
        "desk/delete_speech.html",
        speech=speech,
        form=form,
        gone=speech_edits.what_goes(db.session, speech),
        problem=problem,
    )
    return page, 400 if problem else 200
