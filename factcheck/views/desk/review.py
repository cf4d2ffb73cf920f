"""The reviewer workspace: the claim queue beside the transcript, and fixing the split.

Sources, verdicts and notes have their own endpoints in `views.review_items`; every form here is a
plain POST that redirects back to the workspace (JavaScript only adds keyboard shortcuts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.forms.review import (
    BoundsForm,
    DismissForm,
    MergeForm,
    RestateForm,
    RestoreForm,
    RestoreWordingForm,
    SplitForm,
)
from factcheck.ids import parse_id
from factcheck.models import Claim, Speech
from factcheck.queries import workspace
from factcheck.services import claims as claim_ops
from factcheck.views._helpers import require_desk

bp = Blueprint("review", __name__, url_prefix="/desk")


bp.before_request(require_desk)


def _speech_or_404(speech_id: int) -> Speech:
    speech = db.session.get(Speech, speech_id)
    if speech is None or not permissions.can_work_on(current_user, speech):
        abort(404)
    return speech


def claim_or_404(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None and request.method == "POST":
        _refuse_merged_away(claim_id)
    if claim is None or not permissions.can_work_on(current_user, claim.speech):
        abort(404)
    return claim


def _refuse_merged_away(claim_id: int) -> None:
    """A form sent to a claim merged away since its page was opened: a 409 in the workspace,
    showing the claim that now holds its text, instead of a bare 404."""
    event = claim_ops.merged_into(db.session, claim_id)
    if event is None or event.speech_id is None:
        return
    speech = db.session.get(Speech, event.speech_id)
    if speech is None or not permissions.can_work_on(current_user, speech):
        return
    conflict = claim_ops.gone(db.session, claim_id)
    abort(make_response(refused(speech.id, claim_id, conflict, posted_to="")))


def render_workspace(
    speech: Speech, selected: int | None, status: int = 200, **extra: Any
) -> tuple[str, int]:
    filters = workspace.QueueFilters.parse(request.args)
    page = workspace.load(db.session, speech, current_user, filters, selected)
    return render_template("review/workspace.html", ws=page, filters=filters, **extra), status


@bp.get("/speeches/<id:speech_id>/work")
def work(speech_id: int) -> tuple[str, int]:
    speech = _speech_or_404(speech_id)
    asked = request.args.get("claim")
    selected = parse_id(asked)
    # Not an id at all ("abc", "١٢", 2**63): no claim can be it, so it is as missing as a removed one.
    return render_workspace(speech, selected, not_an_id=bool(asked) and selected is None)


def back_to_workspace(claim_id: int, speech_id: int) -> Response:
    # No #fragment: the page opens at its top, where the message of the change is, and the
    # selected claim is in view (its own column, or first of all on a narrow screen).
    args = workspace.QueueFilters.parse(request.args).as_args()
    return redirect(url_for("review.work", speech_id=speech_id, claim=claim_id, **args))


def refused(
    speech_id: int, claim_id: int, exc: InvalidInput | Conflict, posted_to: str
) -> tuple[str, int]:
    """Show the workspace again with the message; nothing was saved.

    The form that was posted is shown with what the reviewer typed (``posted``; ``posted_to`` names
    the form), so that after a conflict they can compare it with the stored version. The ids are
    taken before the operation: after the rollback the claim may be gone (merged away meanwhile).
    """
    db.session.rollback()
    speech = db.session.get(Speech, speech_id)
    typed: dict[str, Any] = {"posted": request.form, "posted_to": posted_to}
    if isinstance(exc, Conflict):
        return render_workspace(speech, claim_id, 409, conflict=exc, **typed)
    return render_workspace(
        speech, claim_id, 400, problem=exc.message, problem_field=exc.field, **typed
    )


def form_problem(form: Any) -> str:
    """Every field error as sentences, each led by its field's label: "URL: Give … Title: …"."""
    sentences = []
    for name, errors in form.errors.items():
        text = " ".join(errors).strip()
        if text and not text.endswith((".", "?", "!")):
            text += "."
        sentences.append(f"{getattr(form, name).label.text}: {text}")
    return " ".join(sentences)


def _operation() -> str:
    """The claim operation being posted ("split", "restate" ...): the endpoint's name."""
    return (request.endpoint or "").rpartition(".")[2]


def run_on_claim(
    claim: Claim,
    form: Any,
    posted_to: str,
    done: str | Callable[[Any], str],
    operation: Callable[[Any], object],
) -> Response | tuple[str, int]:
    """Validate, call the service, commit once, say ``done`` and go back; or show the refusal.

    Back to the claim the operation returns (a split's first part), else to ``claim``; a claim
    returned as it was is "nothing to save".
    """
    speech_id, claim_id, version_seen = claim.speech_id, claim.id, claim.version
    if not form.validate_on_submit():
        problem = InvalidInput(form_problem(form) or "The form was incomplete.")
        return refused(speech_id, claim_id, problem, posted_to)
    try:
        result = operation(form)
    except (InvalidInput, Conflict) as exc:
        return refused(speech_id, claim_id, exc, posted_to)
    db.session.commit()
    if isinstance(result, Claim) and result.id == claim_id and result.version == version_seen:
        flash("Nothing to save: the claim was already like that.", "info")
    else:
        flash(done(result) if callable(done) else done, "success")
    target = result.id if isinstance(result, Claim) else claim_id
    return back_to_workspace(target, speech_id)


def _run(claim: Claim, form: Any, done: str, operation) -> Response | tuple[str, int]:
    """`run_on_claim` for a change to the claim itself, its form named after the operation."""
    return run_on_claim(claim, form, _operation(), done, operation)


@bp.post("/claims/<id:claim_id>/merge")
def merge(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return _run(
        claim,
        MergeForm(),
        "Merged with the next claim.",
        lambda f: claim_ops.merge_with_next(
            db.session, actor=current_user, claim=claim, expected_version=f.version.data
        ),
    )


@bp.post("/claims/<id:claim_id>/split")
def split(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)

    def operation(form: SplitForm) -> Claim:
        first, _ = claim_ops.split(
            db.session,
            actor=current_user,
            claim=claim,
            at=form.at.data,
            expected_version=form.version.data,
        )
        return first

    return _run(claim, SplitForm(), "Split in two: the second part is the next claim.", operation)


@bp.post("/claims/<id:claim_id>/bounds")
def bounds(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return _run(
        claim,
        BoundsForm(),
        "New bounds saved; the claim was scored again.",
        lambda f: claim_ops.set_bounds(
            db.session,
            actor=current_user,
            claim=claim,
            start=f.start.data,
            end=f.end.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/restate")
def restate(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return _run(
        claim,
        RestateForm(),
        "Wording saved.",
        lambda f: claim_ops.restate(
            db.session,
            actor=current_user,
            claim=claim,
            restatement=f.restatement.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/dismiss")
def dismiss(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return _run(
        claim,
        DismissForm(),
        "Dismissed; restore it from its panel if needed.",
        lambda f: claim_ops.dismiss(
            db.session,
            actor=current_user,
            claim=claim,
            reason=f.reason.data,
            note=f.note.data,
            expected_version=f.version.data,
        ),
    )


@bp.post("/claims/<id:claim_id>/restore")
def restore(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return _run(
        claim,
        RestoreForm(),
        "Restored as a claim to check.",
        lambda f: claim_ops.restore(
            db.session, actor=current_user, claim=claim, expected_version=f.version.data
        ),
    )


@bp.post("/claims/<id:claim_id>/restatement/restore")
def restore_wording(claim_id: int) -> Response | tuple[str, int]:
    claim = claim_or_404(claim_id)
    return _run(
        claim,
        RestoreWordingForm(),
        "Earlier wording restored.",
        lambda f: claim_ops.restore_wording(
            db.session,
            actor=current_user,
            claim=claim,
            event_id=f.event_id.data,
            expected_version=f.version.data,
        ),
    )
