"""The reviewer workspace: the claim queue beside the transcript, and fixing the split.

Sources, verdicts and notes have their own endpoints in `views.review_items`; every form here is a
plain POST that redirects back to the workspace (JavaScript only adds keyboard shortcuts).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    request,
)
from flask_login import current_user
from werkzeug.wrappers import Response

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
from factcheck.models import Claim
from factcheck.services import claims as claim_ops
from factcheck.views._helpers import require_desk
from factcheck.views.desk._helpers import (
    claim_or_404,
    operation_name,
    render_workspace,
    run_on_claim,
    speech_or_404,
)

bp = Blueprint("review", __name__, url_prefix="/desk")


bp.before_request(require_desk)


@bp.get("/speeches/<id:speech_id>/work")
def work(speech_id: int) -> tuple[str, int]:
    speech = speech_or_404(speech_id)
    asked = request.args.get("claim")
    selected = parse_id(asked)
    # Not an id at all ("abc", "١٢", 2**63): no claim can be it, so it is as missing as a removed one.
    return render_workspace(speech, selected, not_an_id=bool(asked) and selected is None)


def _run(claim: Claim, form: Any, done: str, operation) -> Response | tuple[str, int]:
    """`run_on_claim` for a change to the claim itself, its form named after the operation."""
    return run_on_claim(claim, form, operation_name(), done, operation)


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
