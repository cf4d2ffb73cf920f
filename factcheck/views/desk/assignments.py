"""Work and who does it: a reviewer's queue across speeches, an editor's board of one speech with
its assign form, and the counts of work in the header."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.forms.desk import AssignForm, UnassignForm
from factcheck.models import Assignment, Speech
from factcheck.queries import board as board_reads
from factcheck.queries import queues
from factcheck.queries.speeches import parse_offset
from factcheck.services import assignments
from factcheck.templating import counted, utc_today
from factcheck.views._helpers import require_desk
from factcheck.views.desk._helpers import form_problem, staff_speech_or_404
from factcheck.views.desk.speeches import page_links

bp = Blueprint("assignments", __name__, url_prefix="/desk")
bp.before_request(require_desk)
log = logging.getLogger(__name__)


@bp.app_context_processor
def work_counts() -> dict[str, object]:
    return {"work_counts": header_counts}


def header_counts() -> queues.HeaderCounts | None:
    """The header's counts for the user, one query, once per request; None for a visitor. A
    failure leaves them out rather than failing the page (an error page shows the header too)."""
    if not permissions.is_staff(current_user):
        return None
    if "work_counts" not in g:
        try:
            g.work_counts = queues.header_counts(
                db.session, current_user, utc_today(), editor=permissions.can_decide(current_user)
            )
        except SQLAlchemyError:
            log.exception("the header's counts could not be read")
            g.work_counts = None
    return g.work_counts


def _page_number() -> int:
    return max(parse_offset(request.args.get("page")) or 1, 1)


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


@bp.get("/queue")
def queue() -> str:
    show = request.args.get("show")
    page = _page_number()
    if show == "approval" and permissions.can_decide(current_user):
        items, window = queues.waiting_for_approval(
            db.session, current_user, start=(page - 1) * queues.QUEUE_PAGE
        )
        pages = _pages(window.total, queues.QUEUE_PAGE)
        return render_template(
            "desk/queue.html",
            waiting=items,
            window=window,
            show=show,
            page=min(page, pages),
            pages=pages,
            page_links=page_links(min(page, pages), pages),
        )
    shown = show if show in queues.SECTIONS else None
    mine = queues.queue(
        db.session,
        current_user,
        utc_today(),
        show=shown,
        start=(page - 1) * queues.QUEUE_PAGE,
    )
    pages = _pages(mine.window.total if mine.window else 0, queues.QUEUE_PAGE)
    return render_template(
        "desk/queue.html",
        queue=mine,
        show=shown,
        page=min(page, pages),
        pages=pages,
        page_links=page_links(min(page, pages), pages),
    )


def _editor_speech_or_404(speech_id: int) -> Speech:
    speech = staff_speech_or_404(speech_id)
    if not permissions.can_assign(current_user):
        abort(403)
    return speech


def _board_args() -> dict[str, object]:
    """The board's list as the request shows it, for links and for going back after a form."""
    state = request.args.get("state", "all")
    page = _page_number()
    return {
        "state": state if state in board_reads.BOARD_STATES and state != "all" else None,
        "page": page if page > 1 else None,
    }


def _board(
    speech: Speech, status: int = 200, *, form: AssignForm | None = None, problem: str = ""
) -> tuple[str, int]:
    args = _board_args()
    page = int(args["page"] or 1)
    board = board_reads.board(
        db.session,
        speech,
        utc_today(),
        state=str(args["state"] or "all"),
        start=(page - 1) * board_reads.BOARD_PAGE,
    )
    pages = _pages(board.window.total, board_reads.BOARD_PAGE)
    page = min(page, pages)
    return render_template(
        "desk/board.html",
        board=board,
        speech=speech,
        args=args,
        page=page,
        pages=pages,
        page_links=page_links(page, pages),
        form=form or AssignForm(formdata=None),
        problem=problem,
        today=utc_today(),
    ), status


def _back_to_board(speech_id: int) -> Response:
    return redirect(url_for("assignments.board", speech_id=speech_id, **_board_args()))


@bp.get("/speeches/<id:speech_id>/board")
def board(speech_id: int) -> tuple[str, int]:
    return _board(_editor_speech_or_404(speech_id))


@bp.post("/speeches/<id:speech_id>/assignments")
def assign(speech_id: int) -> Response | tuple[str, int]:
    speech = _editor_speech_or_404(speech_id)
    form = AssignForm()
    if not form.validate_on_submit():
        return _board(
            speech, 400, form=form, problem=form_problem(form) or "The form was incomplete."
        )
    try:
        reviewers = assignments.reviewers_by_id(db.session, form.reviewers.data)
        sample = form.scope.data == "sample"
        if sample:
            claims = assignments.sample_for_second_review(
                db.session, speech=speech, reviewers=reviewers, size=form.sample_size.data
            )
        elif form.scope.data == "claims":
            claims = assignments.claims_by_id(db.session, speech, form.claims.data)
        else:
            claims = None
        done = assignments.assign(
            db.session,
            actor=current_user,
            speech=speech,
            reviewers=reviewers,
            claims=claims,
            due_on=form.due_on.data,
            second=sample or bool(form.second.data),
        )
    except (InvalidInput, Conflict) as exc:
        db.session.rollback()
        target = getattr(form, exc.field or "", None)
        if target is not None:
            target.errors = [*target.errors, exc.message]
        return _board(
            speech, 409 if isinstance(exc, Conflict) else 400, form=form, problem=exc.message
        )
    db.session.commit()
    if done.made:
        flash(_made(done.made), "success")
    if done.already:
        flash(_already(done.already), "info")
    return _back_to_board(speech.id)


def _what(items: list[Assignment]) -> str:
    claims = sorted({a.claim_id for a in items if a.claim_id is not None})
    whole = any(a.claim_id is None for a in items)
    parts = ["the whole speech"] if whole else []
    if claims:
        shown = ", ".join(f"#{i}" for i in claims[:5])
        more = f" and {len(claims) - 5} more" if len(claims) > 5 else ""
        parts.append(f"{'claim' if len(claims) == 1 else 'claims'} {shown}{more}")
    return " and ".join(parts)


def _who(items: list[Assignment]) -> str:
    names = list(dict.fromkeys(a.reviewer.display_name for a in items))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _made(items: list[Assignment]) -> str:
    first = items[0]
    due = f", due {first.due_on.isoformat()}" if first.due_on else ""
    kind = " for an independent second review" if first.second else ""
    return f"Assigned {_what(items)} to {_who(items)}{kind}{due}."


def _already(items: list[Assignment]) -> str:
    return (
        f"Already assigned, left as it was: {_what(items)} to {_who(items)} "
        f"({counted(len(items), 'assignment')}). To change a due date, remove the assignment "
        "and assign again."
    )


@bp.post("/speeches/<id:speech_id>/assignments/<id:assignment_id>/remove")
def unassign(speech_id: int, assignment_id: int) -> Response | tuple[str, int]:
    speech = _editor_speech_or_404(speech_id)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is not None and assignment.speech_id != speech.id:
        abort(404)
    if not UnassignForm().validate_on_submit():
        return _board(speech, 400, problem="The form was incomplete.")
    if assignment is None:
        flash("That assignment had already been removed.", "info")
        return _back_to_board(speech.id)
    name, what = assignment.reviewer.display_name, _what([assignment])
    try:
        removed = assignments.unassign(db.session, actor=current_user, assignment=assignment)
    except (InvalidInput, Conflict) as exc:
        db.session.rollback()
        return _board(speech, 409 if isinstance(exc, Conflict) else 400, problem=exc.message)
    db.session.commit()
    if removed:
        flash(f"{name} is no longer assigned {what}.", "success")
    else:
        flash("That assignment had already been removed.", "info")
    return _back_to_board(speech.id)
