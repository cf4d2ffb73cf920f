"""The editors' decision on one claim as the workspace panel shows it: the claim's state, the
verdict up for approval with the votes that count and the quorum, the send-back comment, the
published versions, a disagreement between submitted verdicts and its settlement, and which
decisions the user is offered now (the services refuse the rest anyway)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    ClaimWorkflow,
    Publication,
    Resolution,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.queries import publications
from factcheck.services import settings, workflow
from factcheck.services.workflow import Action

# The decisions the panel offers, in the order its buttons come.
DECISIONS = (
    Action.APPROVE,
    Action.SEND_BACK,
    Action.PUBLISH,
    Action.CORRECT,
    Action.UNPUBLISH,
    Action.WITHDRAW,
)


@dataclass(frozen=True)
class Decision:
    state: ClaimState
    version: int | None  # of the claim's state, which every decision form sends back
    comment: str | None  # why it was sent back; the public note of a withdrawal
    changed_by: str | None
    changed_at: datetime | None
    verdict: Verdict | None  # the submitted verdict the state is about
    votes: list[ApprovalVote]  # those that count for it as it is now, oldest first
    quorum: int
    disagreement: list[str]  # the rating labels of submitted verdicts, when they differ unsettled
    submitted: list[Verdict]  # the claim's submitted verdicts, oldest first
    resolution: Resolution | None  # the settlement of their disagreement the claim holds
    may_resolve: bool  # the user may settle the disagreement (an editor who gave no verdict)
    voted: bool  # the user's vote is among ``votes``
    authored: bool  # the user gave a submitted verdict on the claim: not counted
    publications: list[Publication]  # newest first
    approved_in_speech: int  # claims of the speech approved and waiting to be published
    offered: frozenset[Action]

    def offers(self, action: str) -> bool:
        return Action(action) in self.offered


def _offered(
    user: User, state: ClaimState, *, voted: bool, authored: bool, disagree: bool
) -> frozenset[Action]:
    offered = {
        action
        for action in DECISIONS
        if state in workflow.TRANSITIONS[action].sources and workflow.may(user, action)
    }
    if voted or authored or disagree:
        offered.discard(Action.APPROVE)
    return frozenset(offered)


def _approved_in_speech(session: Session, claim: Claim, user: User) -> int:
    if not workflow.may(user, Action.PUBLISH):
        return 0
    return session.scalar(
        select(func.count())
        .select_from(ClaimWorkflow)
        .where(
            ClaimWorkflow.speech_id == claim.speech_id,
            ClaimWorkflow.state == ClaimState.APPROVED,
        )
    )


def load(session: Session, claim: Claim, user: User) -> Decision:
    row = session.scalar(
        select(ClaimWorkflow)
        .where(ClaimWorkflow.claim_id == claim.id)
        .options(joinedload(ClaimWorkflow.changed_by))
    )
    state = workflow.state_of(claim, row)
    if row is None:  # open: no verdict has been saved yet, nothing was ever published
        return Decision(
            state=state,
            version=None,
            comment=None,
            changed_by=None,
            changed_at=None,
            verdict=None,
            votes=[],
            quorum=1,
            disagreement=[],
            submitted=[],
            resolution=None,
            may_resolve=False,
            voted=False,
            authored=False,
            publications=[],
            approved_in_speech=_approved_in_speech(session, claim, user),
            offered=frozenset(),
        )
    submitted = session.scalars(
        select(Verdict)
        .where(Verdict.claim_id == claim.id, Verdict.status == VerdictStatus.SUBMITTED)
        .options(selectinload(Verdict.author))
        .order_by(Verdict.created_at, Verdict.id)
    ).all()
    verdict = next((v for v in submitted if v.id == row.verdict_id), None)
    votes: list[ApprovalVote] = []
    if verdict is not None:
        votes = list(
            session.scalars(
                select(ApprovalVote)
                .where(
                    ApprovalVote.verdict_id == verdict.id,
                    ApprovalVote.verdict_version == verdict.version,
                )
                .options(selectinload(ApprovalVote.editor))
                .order_by(ApprovalVote.created_at, ApprovalVote.id)
            )
        )
    labels = sorted({v.rating_label for v in submitted})
    resolution = None
    if row.resolution_id is not None:
        resolution = session.scalar(
            select(Resolution)
            .where(Resolution.id == row.resolution_id)
            .options(joinedload(Resolution.resolved_by))
        )
    disagree = len(labels) > 1 and resolution is None
    voted = any(v.editor_id == user.id for v in votes)
    authored = any(v.author_id == user.id for v in submitted)
    return Decision(
        state=state,
        version=row.version,
        comment=row.comment,
        changed_by=row.changed_by.display_name if row.changed_by else None,
        changed_at=row.changed_at,
        verdict=verdict,
        votes=votes,
        quorum=int(settings.get_setting(session, settings.APPROVAL_QUORUM)),
        disagreement=labels if disagree else [],
        submitted=list(submitted),
        resolution=resolution,
        may_resolve=disagree
        and state in (ClaimState.SUBMITTED, ClaimState.PUBLISHED)
        and not authored
        and workflow.may(user, Action.APPROVE),
        voted=voted,
        authored=authored,
        publications=publications.of_claim(session, claim.id),
        approved_in_speech=_approved_in_speech(session, claim, user),
        offered=_offered(user, state, voted=voted, authored=authored, disagree=disagree),
    )
