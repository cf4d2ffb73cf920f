"""The editors' decisions, posted from the claim's panel in the workspace: approve or send back a
submitted verdict, settle submitted verdicts that disagree, publish, unpublish, correct or withdraw a check, publish a speech's approved
claims; and the corrections log.

Each decision is a plain POST carrying the version of the claim's state the editor saw, and
redirects back to the workspace; a refusal shows the workspace again (400 with the rule, 409 with
what changed meanwhile). Only editors and admins may decide: a 403 for anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.forms.decisions import (
    ApproveForm,
    CorrectForm,
    PublishForm,
    PublishSpeechForm,
    ResolveForm,
    SendBackForm,
    UnpublishForm,
    WithdrawForm,
)
from factcheck.ids import parse_id
from factcheck.models import Claim, ClaimState
from factcheck.queries import publications
from factcheck.services import approvals, publishing
from factcheck.views._helpers import require_desk
from factcheck.views.desk._helpers import (
    back_to_workspace,
    claim_or_404,
    form_problem,
    refused,
    run_on_claim,
    speech_or_404,
)

bp = Blueprint("decisions", __name__, url_prefix="/desk")

bp.before_request(require_desk)


def _decide(
    allowed: Callable[[Any], bool],
    claim_id: int,
    form: Any,
    done: str | Callable[[Any], str],
    operation: Callable[[Claim, Any], object],
) -> Response | tuple[str, int]:
    """`run_on_claim` for a decision, its form named after the endpoint ("approve" ...)."""
    claim = claim_or_404(claim_id)
    if not allowed(current_user):
        abort(403)
    name = (request.endpoint or "").rpartition(".")[2]
    return run_on_claim(claim, form, name, done, lambda f: operation(claim, f))


def _counted(result: approvals.Approval) -> str:
    if result.approved:
        return f"Approved ({result.votes} of {result.quorum}): the claim is ready to publish."
    more = result.quorum - result.votes
    return (
        f"Your approval is recorded: {result.votes} of {result.quorum}; "
        f"{more} more editor{'s' if more != 1 else ''} must approve."
    )


@bp.post("/claims/<id:claim_id>/approve")
def approve(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_decide,
        claim_id,
        ApproveForm(),
        _counted,
        lambda claim, f: approvals.approve(
            db.session,
            actor=current_user,
            claim=claim,
            rationale=f.rationale.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/send-back")
def send_back(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_decide,
        claim_id,
        SendBackForm(),
        "Sent back: the reviewer sees your comment, and the verdict is a draft again.",
        lambda claim, f: approvals.send_back(
            db.session,
            actor=current_user,
            claim=claim,
            comment=f.comment.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/resolve")
def resolve(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_decide,
        claim_id,
        ResolveForm(),
        lambda r: (
            f"Settled: the {r.rating_label} verdict stands and is up for approval; both "
            "verdicts stay on record."
        ),
        lambda claim, f: approvals.resolve(
            db.session,
            actor=current_user,
            claim=claim,
            verdict_id=f.verdict.data,
            rationale=f.rationale.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/publish")
def publish(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_publish,
        claim_id,
        PublishForm(),
        lambda p: f"Published as version {p.number}: readers see the check as it is now.",
        lambda claim, f: publishing.publish(
            db.session, actor=current_user, claim=claim, expected_version=f.version.data
        ),
    )


@bp.post("/claims/<id:claim_id>/unpublish")
def unpublish(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_publish,
        claim_id,
        UnpublishForm(),
        lambda row: (
            "Unpublished: readers no longer see it."
            if row.state is ClaimState.APPROVED
            else "Unpublished: readers no longer see it. Its verdict changed while published, so it "
            "needs the editors' approval again."
        ),
        lambda claim, f: publishing.unpublish(
            db.session, actor=current_user, claim=claim, expected_version=f.version.data
        ),
    )


@bp.post("/claims/<id:claim_id>/correct")
def correct(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_publish,
        claim_id,
        CorrectForm(),
        lambda p: f"Correction published as version {p.number}, with its note.",
        lambda claim, f: publishing.correct(
            db.session,
            actor=current_user,
            claim=claim,
            note=f.note.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/withdraw")
def withdraw(claim_id: int) -> Response | tuple[str, int]:
    return _decide(
        permissions.can_publish,
        claim_id,
        WithdrawForm(),
        "Withdrawn: readers see the note beside the check as last published.",
        lambda claim, f: publishing.withdraw(
            db.session,
            actor=current_user,
            claim=claim,
            note=f.note.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/speeches/<id:speech_id>/publish")
def publish_speech(speech_id: int) -> Response | tuple[str, int]:
    """Publish every approved claim of the speech; back to the claim the form was on."""
    speech = speech_or_404(speech_id)
    if not permissions.can_publish(current_user):
        abort(403)
    claim_id = parse_id(request.args.get("claim"))
    form = PublishSpeechForm()
    try:
        if not form.validate_on_submit():
            raise InvalidInput(form_problem(form) or "The form was incomplete.")
        done = publishing.publish_speech(db.session, actor=current_user, speech=speech)
    except (InvalidInput, Conflict) as exc:
        return refused(speech.id, claim_id, exc, "publish-speech")
    db.session.commit()
    flash(f"Published {len(done)} approved claim{'s' if len(done) != 1 else ''}.", "success")
    if claim_id is None:
        return redirect(url_for("review.work", speech_id=speech.id))
    return back_to_workspace(claim_id, speech.id)


@bp.get("/corrections")
def corrections() -> str:
    """Every public correction and withdrawal, newest first: what readers were told, and when."""
    before = parse_id(request.args.get("before"))
    entries = publications.corrections_log(db.session, before=before)
    more = len(entries) == publications.LOG_PAGE
    return render_template("desk/corrections.html", entries=entries, before=before, more=more)
