"""Sources, verdicts and notes on a claim, posted from the workspace panel.

Each action is a plain POST that redirects back to the workspace with the claim selected. A refusal
shows the workspace again (400 with the problem, 409 with what the other person saved) and hands the
template what was posted (`posted`, `posted_to`), so the reviewer's typing is not lost.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.extensions import db
from factcheck.forms.items import (
    DeleteNoteForm,
    EditNoteForm,
    EditSourceForm,
    MoveSourceForm,
    NoteForm,
    RemoveSourceForm,
    RestoreVerdictForm,
    SourceForm,
    VerdictForm,
    WithdrawVerdictForm,
)
from factcheck.models import Note, Source, Verdict, VerdictStatus
from factcheck.queries.blind import blind_to
from factcheck.services import notes, sources, verdicts
from factcheck.views._helpers import require_desk
from factcheck.views.desk._helpers import claim_or_404, item_or_404, run_on_claim

bp = Blueprint("review_items", __name__, url_prefix="/desk")

bp.before_request(require_desk)


def _source_input(form: SourceForm) -> sources.SourceInput:
    return sources.SourceInput(
        url=form.url.data or "",
        title=form.title.data or "",
        publisher=form.publisher.data,
        published_on=form.published_on.data,
        accessed_on=form.accessed_on.data,
        quote=form.quote.data,
        stance=form.stance.data or "",
        kind=form.kind.data or "",
        is_public=bool(form.is_public.data),
    )


# --- sources ---------------------------------------------------------------------------------------


def _saved(done: str, source: Source) -> str:
    """The message of a saved source, warning when the claim already cites the same address."""
    blind = source.claim_id in blind_to(db.session, current_user.id, [source.claim_id])
    twin = sources.same_address(db.session, source, current_user.id if blind else None)
    if twin is None:
        return done
    return (
        f"{done} The claim already cites this address as “{twin.title}”: check that this is "
        "not the same source twice."
    )


@bp.post("/claims/<id:claim_id>/sources")
def add_source(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return run_on_claim(
        claim,
        SourceForm(),
        "source-new",
        lambda s: _saved("Source added.", s),
        lambda f: sources.add_source(
            db.session, actor=current_user, claim=claim, data=_source_input(f)
        ),
    )


@bp.post("/claims/<id:claim_id>/sources/<id:source_id>/edit")
def edit_source(claim_id: int, source_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    source = item_or_404(Source, source_id, claim)
    return run_on_claim(
        claim,
        EditSourceForm(),
        f"source-{source.id}",
        lambda s: _saved("Source saved.", s),
        lambda f: sources.update_source(
            db.session,
            actor=current_user,
            source=source,
            data=_source_input(f),
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/sources/<id:source_id>/remove")
def remove_source(claim_id: int, source_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    source = item_or_404(Source, source_id, claim)
    return run_on_claim(
        claim,
        RemoveSourceForm(),
        f"source-{source.id}-remove",
        "Source removed.",
        lambda f: sources.remove_source(
            db.session, actor=current_user, source=source, expected_version=f.version.data
        ),
    )


@bp.post("/claims/<id:claim_id>/sources/<id:source_id>/move")
def move_source(claim_id: int, source_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    source = item_or_404(Source, source_id, claim)
    return run_on_claim(
        claim,
        MoveSourceForm(),
        f"source-{source.id}-move",
        "Source moved.",
        lambda f: sources.move_source(
            db.session,
            actor=current_user,
            source=source,
            by=f.by.data,
            expected_version=f.version.data,
        ),
    )


# --- verdicts --------------------------------------------------------------------------------------


@bp.post("/claims/<id:claim_id>/verdict")
def set_verdict(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return run_on_claim(
        claim,
        VerdictForm(),
        "verdict",
        lambda v: "Verdict submitted." if v.status is VerdictStatus.SUBMITTED else "Draft saved.",
        lambda f: verdicts.set_verdict(
            db.session,
            actor=current_user,
            claim=claim,
            rating_id=f.rating.data,
            conclusion=f.conclusion.data,
            explanation=f.explanation.data,
            submit=f.intent.data == "submit",
            expected_version=f.version.data,
            claim_seen=f.claim_state.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/verdicts/<id:verdict_id>/restore")
def restore_verdict(claim_id: int, verdict_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    verdict = item_or_404(Verdict, verdict_id, claim)
    if not permissions.can_restore_verdict(current_user, verdict):
        abort(403)
    return run_on_claim(
        claim,
        RestoreVerdictForm(),
        f"verdict-{verdict.id}-restore",
        lambda v: (
            "Verdict restored to that version."
            if v.judged(claim)
            else "Restored as a draft: that version was given on other words of the claim. "
            "Read the claim as it is now, then submit it again."
        ),
        lambda f: verdicts.restore_verdict(
            db.session,
            actor=current_user,
            verdict=verdict,
            audit_event_id=f.event_id.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/verdicts/<id:verdict_id>/withdraw")
def withdraw_verdict(claim_id: int, verdict_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    verdict = item_or_404(Verdict, verdict_id, claim)
    if not permissions.can_withdraw_verdict(current_user, verdict):
        abort(403)
    return run_on_claim(
        claim,
        WithdrawVerdictForm(),
        f"verdict-{verdict.id}-withdraw",
        # An editor or admin taking down someone else's verdict removes it; its author withdraws it.
        "Verdict withdrawn; it stays in the history."
        if verdict.author_id == current_user.id
        else "Verdict removed; it stays in the history.",
        lambda f: verdicts.withdraw_verdict(
            db.session, actor=current_user, verdict=verdict, expected_version=f.version.data
        ),
    )


# --- notes -----------------------------------------------------------------------------------------


@bp.post("/claims/<id:claim_id>/notes")
def add_note(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return run_on_claim(
        claim,
        NoteForm(),
        "note-new",
        "Note added.",
        lambda f: notes.add_note(db.session, actor=current_user, claim=claim, body=f.body.data),
    )


@bp.post("/claims/<id:claim_id>/notes/<id:note_id>/edit")
def edit_note(claim_id: int, note_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    note = item_or_404(Note, note_id, claim)
    if not permissions.can_edit_note(current_user, note):
        abort(403)
    return run_on_claim(
        claim,
        EditNoteForm(),
        f"note-{note.id}",
        "Note saved.",
        lambda f: notes.edit_note(
            db.session,
            actor=current_user,
            note=note,
            body=f.body.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/notes/<id:note_id>/delete")
def delete_note(claim_id: int, note_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    note = item_or_404(Note, note_id, claim)
    if not permissions.can_delete_note(current_user, note):
        abort(403)
    return run_on_claim(
        claim,
        DeleteNoteForm(),
        f"note-{note.id}-delete",
        "Note deleted.",
        lambda f: notes.delete_note(
            db.session, actor=current_user, note=note, expected_version=f.version.data
        ),
    )
