"""The state machine of a claim, in one place: which action moves a claim from which states to
which, and who may take it. Every change of state goes through `transition`, which checks the
table, records the change in the history with who, when and why, and refuses anything else with
a message that says what would be allowed.

Dismissing and restoring are the claims service's (they change the claim itself); it asks
`check` first, so the rule lives here too. A dismissed claim has no workflow row of its own: its
state is read from the claim (`state_of`).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import InvalidInput
from factcheck.limits import MAX_COMMENT
from factcheck.models import (
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.permissions import Permission
from factcheck.services import history, versioning
from factcheck.services.history import AuditAction

log = logging.getLogger(__name__)


class Action(enum.StrEnum):
    START_REVIEW = "start_review"  # a first verdict saved as a draft
    SUBMIT = "submit"  # a verdict submitted (again, after changes or a second review)
    UNSUBMIT = "unsubmit"  # the last submitted verdict turned back into a draft
    REOPEN = "reopen"  # the last verdict withdrawn: nothing left to review
    SEND_BACK = "send_back"  # an editor asks the reviewer for changes, with a comment
    APPROVE = "approve"  # the quorum of editors approved
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    CORRECT = "correct"  # a published check's rating or conclusion changed, with a public note
    WITHDRAW = "withdraw"  # a published check taken back, with a public note
    DISMISS = "dismiss"
    RESTORE = "restore"


S = ClaimState
_IN_WORK = frozenset({S.IN_REVIEW, S.SUBMITTED, S.SENT_BACK, S.APPROVED})


@dataclass(frozen=True)
class Transition:
    sources: frozenset[ClaimState]  # the states it may start from
    target: ClaimState
    permission: Permission
    audit: AuditAction | None  # None: the service that acts records it (dismiss, restore)
    needs_comment: bool = False
    verb: str = ""  # in messages: "cannot be {verb}"


TRANSITIONS: dict[Action, Transition] = {
    Action.START_REVIEW: Transition(
        frozenset({S.OPEN}),
        S.IN_REVIEW,
        Permission.REVIEW,
        AuditAction.CLAIM_START_REVIEW,
        verb="taken into review",
    ),
    Action.SUBMIT: Transition(
        frozenset({S.OPEN, S.IN_REVIEW, S.SUBMITTED, S.SENT_BACK, S.APPROVED}),
        S.SUBMITTED,
        Permission.REVIEW,
        AuditAction.CLAIM_SUBMIT,
        verb="submitted",
    ),
    Action.UNSUBMIT: Transition(
        frozenset({S.SUBMITTED, S.APPROVED}),
        S.IN_REVIEW,
        Permission.REVIEW,
        AuditAction.CLAIM_START_REVIEW,
        verb="taken back into review",
    ),
    Action.REOPEN: Transition(
        _IN_WORK, S.OPEN, Permission.REVIEW, AuditAction.CLAIM_REOPEN, verb="reopened"
    ),
    Action.SEND_BACK: Transition(
        frozenset({S.SUBMITTED, S.APPROVED}),
        S.SENT_BACK,
        Permission.DECIDE,
        AuditAction.CLAIM_SEND_BACK,
        needs_comment=True,
        verb="sent back",
    ),
    Action.APPROVE: Transition(
        frozenset({S.SUBMITTED}),
        S.APPROVED,
        Permission.DECIDE,
        AuditAction.CLAIM_APPROVE,
        verb="approved",
    ),
    Action.PUBLISH: Transition(
        frozenset({S.APPROVED}),
        S.PUBLISHED,
        Permission.PUBLISH,
        AuditAction.CLAIM_PUBLISH,
        verb="published",
    ),
    Action.UNPUBLISH: Transition(
        frozenset({S.PUBLISHED}),
        S.APPROVED,
        Permission.PUBLISH,
        AuditAction.CLAIM_UNPUBLISH,
        verb="unpublished",
    ),
    Action.CORRECT: Transition(
        frozenset({S.PUBLISHED}),
        S.PUBLISHED,
        Permission.PUBLISH,
        AuditAction.CLAIM_CORRECT,
        needs_comment=True,
        verb="corrected",
    ),
    Action.WITHDRAW: Transition(
        frozenset({S.PUBLISHED}),
        S.WITHDRAWN,
        Permission.PUBLISH,
        AuditAction.CLAIM_WITHDRAW,
        needs_comment=True,
        verb="withdrawn",
    ),
    Action.DISMISS: Transition(
        frozenset({S.OPEN}), S.DISMISSED, Permission.REVIEW, None, verb="dismissed"
    ),
    Action.RESTORE: Transition(
        frozenset({S.DISMISSED}), S.OPEN, Permission.REVIEW, None, verb="restored"
    ),
}


def state_of(claim: Claim, row: ClaimWorkflow | None) -> ClaimState:
    """A claim's state: dismissed as the claim says, else its workflow row's (open without one)."""
    if claim.status is ClaimStatus.DISMISSED:
        return ClaimState.DISMISSED
    return row.state if row is not None else ClaimState.OPEN


def row_of(session: Session, claim: Claim) -> ClaimWorkflow | None:
    return session.get(ClaimWorkflow, claim.id, populate_existing=True)


def current_state(session: Session, claim: Claim) -> ClaimState:
    return state_of(claim, row_of(session, claim))


def check(session: Session, actor: User | None, claim: Claim, action: Action) -> ClaimState:
    """Refuse ``action`` on ``claim`` unless the table allows it from the claim's state and the
    actor has its permission; the state it starts from."""
    spec = TRANSITIONS[action]
    permissions.require(actor, spec.permission, message=f"You may not have a claim {spec.verb}.")
    state = current_state(session, claim)
    if state not in spec.sources:
        allowed = ", ".join(sorted(s.value.replace("_", " ") for s in spec.sources))
        raise InvalidInput(
            f"A claim that is {state.value.replace('_', ' ')} cannot be {spec.verb} "
            f"(only one that is {allowed})."
        )
    return state


def clean_comment(comment: str | None, *, what: str = "comment", field: str = "comment") -> str:
    text = (comment or "").replace("\r\n", "\n").strip()
    if not text:
        raise InvalidInput(f"Write the {what}: it says why.", field=field)
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            f"The {what} is {len(text):,} characters; keep it under {MAX_COMMENT:,}.",
            field=field,
        )
    return text


def transition(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    action: Action,
    comment: str | None = None,
    verdict: Verdict | None = None,
    expected_version: int | None = None,
) -> ClaimWorkflow:
    """Move ``claim`` by ``action``, as the table allows, and record it. The caller holds the
    claim's lock (`claims.lock`); ``expected_version`` is the workflow version the actor saw,
    where a person chose the action (a Conflict if it moved meanwhile)."""
    spec = TRANSITIONS[action]
    if spec.audit is None:
        raise ValueError(f"{action} is carried out by the claims service")
    check(session, actor, claim, action)
    text = clean_comment(comment) if spec.needs_comment else None
    row = row_of(session, claim)
    if row is None:
        row = ClaimWorkflow(claim_id=claim.id, speech_id=claim.speech_id, state=ClaimState.OPEN)
        session.add(row)
        session.flush()
    elif expected_version is not None:
        versioning.check_version(session, row, expected_version)
    values: dict[str, object] = {"state": spec.target, "comment": text}
    if verdict is not None:
        values["verdict_id"] = verdict.id
    change = history.apply(row, values)
    row.changed_at = datetime.now(UTC)
    row.changed_by_id = actor.id if actor is not None else None
    extra = {"action": action.value}
    history.save(session, spec.audit, row, change, actor=actor, claim=claim, extra=extra)
    log.info(
        "claim %s %s by %s", claim.id, action.value, actor.email if actor is not None else "system"
    )
    return row


def verdicts_changed(session: Session, *, actor: User | None, claim: Claim) -> None:
    """Follow the claim's verdicts after one was saved or withdrawn: in review with drafts only,
    submitted once one is submitted (a changed verdict asks for approval again), open with none;
    a settled disagreement is open again. A published or withdrawn check stays so: its staff
    edits wait for a correction."""
    settled = row_of(session, claim)
    if settled is not None and settled.resolution_id is not None:
        settled.resolution_id = None  # a verdict changed: the disagreement is open again
        session.flush()  # before anything reloads the row
    state = current_state(session, claim)
    if state in (ClaimState.PUBLISHED, ClaimState.WITHDRAWN, ClaimState.DISMISSED):
        return
    counts = dict(
        session.execute(
            select(Verdict.status, func.count())
            .where(Verdict.claim_id == claim.id)
            .group_by(Verdict.status)
        ).all()
    )
    if counts.get(VerdictStatus.SUBMITTED):
        latest = session.scalar(
            select(Verdict)
            .where(Verdict.claim_id == claim.id, Verdict.status == VerdictStatus.SUBMITTED)
            .order_by(Verdict.updated_at.desc(), Verdict.id.desc())
            .limit(1)
        )
        row = row_of(session, claim)
        unchanged = (
            state is ClaimState.SUBMITTED and row is not None and row.verdict_id == latest.id
        )
        if not unchanged or state is ClaimState.APPROVED:
            transition(session, actor=actor, claim=claim, action=Action.SUBMIT, verdict=latest)
    elif counts.get(VerdictStatus.DRAFT):
        if state is ClaimState.OPEN:
            transition(session, actor=actor, claim=claim, action=Action.START_REVIEW)
        elif state in (ClaimState.SUBMITTED, ClaimState.APPROVED):
            transition(session, actor=actor, claim=claim, action=Action.UNSUBMIT)
    elif state in _IN_WORK:
        transition(session, actor=actor, claim=claim, action=Action.REOPEN)


def may(user: User | None, action: Action) -> bool:
    """Whether ``user`` has the permission ``action`` needs (the state aside): for buttons."""
    return user is not None and permissions.allows(user, TRANSITIONS[action].permission)
