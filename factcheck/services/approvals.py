"""Editors' decisions on a submitted verdict: approve it (each vote with its rationale, the claim
approved once the votes reach the organisation's quorum), send it back to its reviewer, or settle
submitted verdicts that disagree by choosing the one that stands.

A vote is for the verdict up for approval (`ClaimWorkflow.verdict_id`) at its version: a verdict
changed or resubmitted since needs its votes again. Nobody is counted in the quorum of a claim
they gave a submitted verdict on. Every refusal changes nothing; the claim's lock serialises
votes, so two editors voting at once are both counted, or the second is told what changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    ClaimWorkflow,
    Resolution,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.permissions import Permission
from factcheck.services import claims as claim_ops
from factcheck.services import history, settings, sources, versioning, workflow
from factcheck.services.history import AuditAction
from factcheck.services.workflow import Action

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Approval:
    """A vote recorded: how many of the quorum the verdict has now, and whether that approved it."""

    vote: ApprovalVote
    votes: int
    quorum: int
    approved: bool


def quorum(session: Session) -> int:
    return int(settings.get_setting(session, settings.APPROVAL_QUORUM))


def submitted_verdicts(session: Session, claim: Claim) -> list[Verdict]:
    """The claim's submitted verdicts as stored now, oldest first."""
    return list(
        session.scalars(
            select(Verdict)
            .where(Verdict.claim_id == claim.id, Verdict.status == VerdictStatus.SUBMITTED)
            .order_by(Verdict.created_at, Verdict.id)
            .execution_options(populate_existing=True)
        )
    )


def refuse_disagreement(row: ClaimWorkflow | None, verdicts: list[Verdict]) -> None:
    """Submitted verdicts that rate the claim differently: an editor settles that first (a
    resolution the claim holds, which any change of its verdicts clears)."""
    labels = sorted({v.rating_label for v in verdicts})
    if len(labels) > 1 and (row is None or row.resolution_id is None):
        raise InvalidInput(
            f"The submitted verdicts disagree ({' / '.join(labels)}): resolve the disagreement "
            "first, by choosing the verdict that stands or sending the claim back."
        )


def require_sources(session: Session, claim: Claim) -> None:
    """The organisation's minimum of sources, as for submitting a verdict."""
    needed = settings.get_setting(session, settings.MIN_SOURCES_FOR_VERDICT)
    have = sources.count_sources(session, claim)
    if have < needed:
        raise InvalidInput(
            f"The claim needs {needed} source{'s' if needed != 1 else ''} before its verdict is "
            f"approved or published; it has {have}. Send it back for more.",
            field="sources",
        )


def verdict_up(session: Session, row: ClaimWorkflow | None) -> Verdict:
    """The submitted verdict the claim's state is about (approval, publication)."""
    verdict = None
    if row is not None and row.verdict_id is not None:
        verdict = session.get(Verdict, row.verdict_id, populate_existing=True)
    if verdict is None or verdict.status is not VerdictStatus.SUBMITTED:
        raise InvalidInput("The claim has no submitted verdict to decide on.")
    return verdict


def votes_on(session: Session, verdict: Verdict) -> list[ApprovalVote]:
    """The votes that count for the verdict as it is now, oldest first."""
    return list(
        session.scalars(
            select(ApprovalVote)
            .where(
                ApprovalVote.verdict_id == verdict.id,
                ApprovalVote.verdict_version == verdict.version,
            )
            .order_by(ApprovalVote.created_at, ApprovalVote.id)
        )
    )


def hold(
    session: Session, claim: Claim, expected_version: int | None, *, required: bool = True
) -> ClaimWorkflow | None:
    """Hold the claim, then refuse a decision taken on a view of its state that has moved on
    (a Conflict). ``required`` False: a caller without a view (the command line) may give None."""
    claim_ops.lock(session, claim)
    row = workflow.row_of(session, claim)
    if row is not None and (required or expected_version is not None):
        versioning.check_version(session, row, expected_version)
    return row


def approve(
    session: Session,
    *,
    actor: User,
    claim: Claim,
    rationale: str | None,
    expected_version: int | None,
) -> Approval:
    """Record ``actor``'s approval of the claim's submitted verdict; the claim is approved when
    the votes on that verdict, at its current version, reach the quorum."""
    permissions.require(actor, Permission.DECIDE, message="Only an editor can approve a verdict.")
    text = workflow.clean_comment(rationale, what="rationale", field="rationale")
    row = hold(session, claim, expected_version)
    workflow.check(session, actor, claim, Action.APPROVE)
    verdict = verdict_up(session, row)
    submitted = submitted_verdicts(session, claim)
    if any(v.author_id == actor.id for v in submitted):
        raise InvalidInput(
            "You gave a verdict on this claim, so your approval cannot count: another editor "
            "approves it."
        )
    refuse_disagreement(row, submitted)
    require_sources(session, claim)

    vote = session.scalar(
        select(ApprovalVote).where(
            ApprovalVote.verdict_id == verdict.id, ApprovalVote.editor_id == actor.id
        )
    )
    values = {"verdict_version": verdict.version, "rationale": text}
    if vote is None:
        vote = ApprovalVote(claim_id=claim.id, verdict_id=verdict.id, editor_id=actor.id, **values)
        try:
            with session.begin_nested():
                session.add(vote)
        except IntegrityError as exc:  # the same editor, from another tab, in the same instant
            raise Conflict(
                "You approved this verdict at the same moment elsewhere; your vote counts once."
            ) from exc
        change = history.created(vote)
    elif vote.verdict_version == verdict.version:
        raise Conflict(
            "You have already approved this version of the verdict; your vote counts once.",
            changed_by=actor.display_name,
            changed_at=vote.created_at,
            changed_by_id=actor.id,
            message_if_yours="You have already approved this version of the verdict (perhaps in "
            "another tab); your vote counts once.",
        )
    else:  # a vote on an earlier version of the verdict, which no longer counts
        change = history.apply(vote, values)
        vote.created_at = datetime.now(UTC)
    history.save(session, AuditAction.APPROVAL_VOTE, vote, change, actor=actor, claim=claim)

    counted = len(votes_on(session, verdict))
    needed = quorum(session)
    approved = counted >= needed
    if approved:
        workflow.transition(session, actor=actor, claim=claim, action=Action.APPROVE)
    log.info(
        "verdict %s on claim %s approved by %s (%s of %s)",
        verdict.id,
        claim.id,
        actor.email,
        counted,
        needed,
    )
    return Approval(vote, counted, needed, approved)


def send_back(
    session: Session,
    *,
    actor: User,
    claim: Claim,
    comment: str | None,
    expected_version: int | None,
) -> ClaimWorkflow:
    """Ask the reviewer for changes: the claim is sent back with the comment, and its submitted
    verdicts become drafts again (recorded in each verdict's history), for their authors to fix
    and submit again; votes given so far no longer count for the new version."""
    permissions.require(actor, Permission.DECIDE, message="Only an editor can send a claim back.")
    text = workflow.clean_comment(comment)
    hold(session, claim, expected_version)
    workflow.check(session, actor, claim, Action.SEND_BACK)
    row = workflow.transition(
        session, actor=actor, claim=claim, action=Action.SEND_BACK, comment=text
    )
    row.resolution_id = None  # the verdicts will change: a settlement of them no longer holds
    for verdict in submitted_verdicts(session, claim):
        change = history.apply(verdict, {"status": VerdictStatus.DRAFT})
        history.save(
            session,
            AuditAction.VERDICT_UPDATE,
            verdict,
            change,
            actor=actor,
            claim=claim,
            extra={"sent_back": True},
        )
    return row


def _as_recorded(verdict: Verdict) -> dict[str, object]:
    return {
        "id": verdict.id,
        "version": verdict.version,
        "author": verdict.author.display_name if verdict.author else None,
        "rating_label": verdict.rating_label,
        "rating_value": verdict.rating_value,
    }


def resolve(
    session: Session,
    *,
    actor: User,
    claim: Claim,
    verdict_id: int | None,
    rationale: str | None,
    expected_version: int | None,
) -> Resolution:
    """Settle the claim's submitted verdicts that disagree: the verdict ``verdict_id`` stands, for
    the reason given, and goes up for approval (or, on a published claim, is the one a correction
    publishes); the others stay on record as submitted. Only an editor who gave none of the
    verdicts may settle them."""
    permissions.require(
        actor, Permission.DECIDE, message="Only an editor can settle a disagreement."
    )
    text = workflow.clean_comment(rationale, what="rationale", field="rationale")
    row = hold(session, claim, expected_version)
    state = workflow.state_of(claim, row)
    if state not in (ClaimState.SUBMITTED, ClaimState.PUBLISHED) or row is None:
        raise InvalidInput(
            "Only the verdicts of a submitted or published claim can be settled; the claim is "
            f"{state.value.replace('_', ' ')}."
        )
    submitted = submitted_verdicts(session, claim)
    if len({v.rating_label for v in submitted}) < 2:
        raise InvalidInput("The submitted verdicts agree: there is no disagreement to settle.")
    if any(v.author_id == actor.id for v in submitted):
        raise InvalidInput(
            "You gave one of the verdicts, so you cannot settle the disagreement: another editor "
            "does."
        )
    chosen = next((v for v in submitted if v.id == verdict_id), None)
    if chosen is None:
        raise InvalidInput(
            "Choose one of the submitted verdicts; reload the page if it changed.", field="verdict"
        )
    resolution = Resolution(
        claim_id=claim.id,
        verdict_id=chosen.id,
        rating_label=chosen.rating_label,
        verdicts=[_as_recorded(v) for v in submitted],
        rationale=text,
        resolved_by_id=actor.id,
    )
    session.add(resolution)
    history.save(
        session,
        AuditAction.DISAGREEMENT_RESOLVE,
        resolution,
        history.created(resolution),
        actor=actor,
        claim=claim,
        extra={"verdicts": resolution.verdicts},
    )
    # Recorded by the resolution's event; the new version of the claim's state turns away
    # decisions taken on a view from before it.
    row.verdict_id = chosen.id
    row.resolution_id = resolution.id
    log.info(
        "disagreement on claim %s settled by %s: verdict %s (%s) stands",
        claim.id,
        actor.email,
        chosen.id,
        chosen.rating_label,
    )
    return resolution
