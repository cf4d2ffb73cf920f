"""The reviewer workspace: the claim queue beside the transcript, and fixing the split.

Sources, verdicts and notes have their own endpoints in `views.review_items`; every form here is a
plain POST that redirects back to the workspace (JavaScript only adds keyboard shortcuts).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    render_template,
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
from factcheck.queries import speeches as speech_reads
from factcheck.queries import workspace
from factcheck.queries.speeches import TRANSCRIPT_CHUNK, centred, parse_offset
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


def _side() -> str:
    """Which links to the rest a fragment ends with: before it, after it or both."""
    side = request.args.get("side")
    return side if side in ("before", "after") else "both"


def _count(most: int) -> int:
    asked = parse_offset(request.args.get("count"))
    return most if asked is None else min(asked, most)


@bp.get("/speeches/<id:speech_id>/work/queue")
def work_queue(speech_id: int) -> str:
    """Queue items from ``start`` (or around ``claim``): what the page loads as it scrolls."""
    speech = speech_or_404(speech_id)
    filters = workspace.QueueFilters.parse(request.args)
    selected = parse_id(request.args.get("claim"))
    start = parse_offset(request.args.get("start"))
    total = count = None
    if start is None:  # the window the page would show around the claim
        chosen = workspace.select_claim(db.session, speech, current_user, filters, selected)
        selected = chosen.claim_id
        total = workspace.queue_total(db.session, speech, current_user, filters)
        start = centred(chosen.position, workspace.QUEUE_BEFORE, total)
        count = workspace.QUEUE_WINDOW
    items, window = workspace.queue_window(
        db.session,
        speech,
        current_user,
        filters,
        start,
        count or _count(workspace.QUEUE_WINDOW),
        total,
    )
    return render_template(
        "review/_queue_items.html",
        speech=speech,
        items=items,
        window=window,
        side=_side() if count is None else "both",
        selected_id=selected,
        filters=filters,
        page_size=workspace.QUEUE_WINDOW,
    )


@bp.get("/speeches/<id:speech_id>/work/transcript")
def work_transcript(speech_id: int) -> str:
    """Transcript spans from ``start`` (or around ``claim``), cut into pieces as the page shows them."""
    speech = speech_or_404(speech_id)
    selected = parse_id(request.args.get("claim"))
    start = parse_offset(request.args.get("start"))
    count = None
    total = speech_reads.count_spans(db.session, speech)
    if start is None:
        number = speech_reads.span_number(db.session, speech, selected)
        start = centred(number, workspace.TRANSCRIPT_BEFORE, total)
        count = TRANSCRIPT_CHUNK
    pieces, window = speech_reads.transcript_window(
        db.session,
        speech,
        start,
        count or _count(TRANSCRIPT_CHUNK),
        total,
        viewer_id=current_user.id,
    )
    return render_template(
        "review/_transcript_pieces.html",
        speech=speech,
        pieces=pieces,
        window=window,
        side=_side() if count is None else "both",
        selected_id=selected,
        filters=workspace.QueueFilters.parse(request.args),
        page_size=TRANSCRIPT_CHUNK,
    )


@bp.get("/speeches/<id:speech_id>/work/panel")
def work_panel(speech_id: int) -> tuple[str, int]:
    """The panel of one claim alone: moving from claim to claim in a page already open."""
    speech = speech_or_404(speech_id)
    filters = workspace.QueueFilters.parse(request.args)
    selected = parse_id(request.args.get("claim"))
    page = workspace.load(db.session, speech, current_user, filters, selected, windows=False)
    status = 200 if page.panel is not None else 404
    return render_template("review/_panel_fragment.html", ws=page, filters=filters), status


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
