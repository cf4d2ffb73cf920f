"""What the desk's views share: finding what a URL names (or a 404), showing the workspace, and
running a change on a claim (validate, call the service, commit once, redirect back; or show the
workspace again with the refusal and what was typed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.models import Claim, Note, Source, Speech, Verdict
from factcheck.queries import workspace
from factcheck.queries.blind import blind_to
from factcheck.queries.speeches import TRANSCRIPT_CHUNK, parse_offset
from factcheck.services import claims as claim_ops

Item = TypeVar("Item", Source, Verdict, Note)


def staff_speech_or_404(speech_id: int) -> Speech:
    """A speech staff may look at (archived ones too), or the 404 of one that does not exist."""
    speech = db.session.get(Speech, speech_id)
    if speech is None or not permissions.can_view_speech_as_staff(current_user, speech):
        abort(404)
    return speech


def speech_or_404(speech_id: int) -> Speech:
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


def item_or_404(model: type[Item], item_id: int, claim: Claim) -> Item:
    """A source, verdict or note of this claim; another claim's is as unknown as a missing one,
    and so is another person's on a claim the user reviews blind."""
    item = db.session.get(model, item_id)
    if item is None or item.claim_id != claim.id:
        abort(404)
    if claim.id in blind_to(db.session, current_user.id, [claim.id]):
        owner = item.created_by_id if isinstance(item, Source) else item.author_id
        if owner != current_user.id:
            abort(404)
    return item


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
    page = workspace.load(
        db.session,
        speech,
        current_user,
        filters,
        selected,
        queue_from=parse_offset(request.args.get("qfrom")),
        transcript_from=parse_offset(request.args.get("tfrom")),
    )
    return render_template(
        "review/workspace.html", ws=page, filters=filters, **window_sizes(), **extra
    ), status


def window_sizes() -> dict[str, int]:
    """How many queue items and transcript spans a page or a fragment of the workspace sends."""
    return {"queue_size": workspace.QUEUE_WINDOW, "transcript_size": TRANSCRIPT_CHUNK}


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


def operation_name() -> str:
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
