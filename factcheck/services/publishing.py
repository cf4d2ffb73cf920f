"""Publishing checks for readers: publish an approved claim (or every approved claim of a speech),
unpublish it, publish a correction with its public note, or withdraw it with one.

Each publication stores what readers see, frozen (`reader_view`): staff may go on editing the
claim, its verdict and sources, and nothing of it reaches readers until it is published again
(a correction). Publications are numbered per claim from 1; the claim's lock and the unique
(claim, number) make two editors publishing at once publish once.
"""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    ClaimWorkflow,
    Publication,
    PublicationKind,
    Source,
    Speech,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.permissions import Permission
from factcheck.services import approvals, workflow
from factcheck.services import claims as claim_ops
from factcheck.services.workflow import Action

log = logging.getLogger(__name__)

_NOT_YET = frozenset(
    {ClaimState.OPEN, ClaimState.IN_REVIEW, ClaimState.SUBMITTED, ClaimState.SENT_BACK}
)


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def reader_view(session: Session, claim: Claim, verdict: Verdict) -> dict[str, Any]:
    """What readers see of the claim's check, as JSON: the claim in its speech, the verdict with
    its rating as the scale shows it now, who checked and approved it, and the public sources
    only (a source kept from readers to protect it stays on the desk)."""
    speech = session.get(Speech, claim.speech_id)
    rating = verdict.rating
    sources = session.scalars(
        select(Source)
        .where(Source.claim_id == claim.id, Source.is_public.is_(True))
        .order_by(Source.position, Source.id)
    )
    votes = session.execute(
        select(ApprovalVote, User.display_name)
        .outerjoin(User, User.id == ApprovalVote.editor_id)
        .where(ApprovalVote.verdict_id == verdict.id)
        .order_by(ApprovalVote.created_at, ApprovalVote.id)
    ).all()
    return {
        "claim": {
            "id": claim.id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "restatement": claim.restatement,
            "speaker": claim.speaker,
            "media_start_ms": claim.media_start_ms,
            "media_end_ms": claim.media_end_ms,
        },
        "speech": {
            "id": speech.id,
            "title": speech.title,
            "delivered_on": _day(speech.delivered_on),
            "speaker": speech.speaker,
            "source_url": speech.source_url,
        },
        "verdict": {
            "id": verdict.id,
            "version": verdict.version,
            "rating": {
                "label": verdict.rating_label,
                "value": verdict.rating_value,
                "colour": rating.colour,
                "definition": rating.definition,
            },
            "conclusion": verdict.conclusion,
            "explanation": verdict.explanation,
            "reviewer": verdict.author.display_name if verdict.author else None,
        },
        "approvers": [
            {"name": name, "approved_at": vote.created_at.isoformat()} for vote, name in votes
        ],
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "quote": s.quote,
                "published_on": _day(s.published_on),
                "accessed_on": _day(s.accessed_on),
                "stance": s.stance.value,
            }
            for s in sources
        ],
    }


def latest(session: Session, claim: Claim) -> Publication | None:
    """The claim's last publication, whatever its kind."""
    return session.scalar(
        select(Publication)
        .where(Publication.claim_id == claim.id)
        .order_by(Publication.number.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


def _add(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    kind: PublicationKind,
    content: dict[str, Any],
    note: str | None = None,
) -> Publication:
    """The claim's next publication, numbered after the last (the caller holds the claim)."""
    number = session.scalar(
        select(func.coalesce(func.max(Publication.number), 0)).where(
            Publication.claim_id == claim.id
        )
    )
    publication = Publication(
        claim_id=claim.id,
        speech_id=claim.speech_id,
        number=number + 1,
        kind=kind,
        note=note,
        content=content,
        published_by_id=actor.id if actor is not None else None,
    )
    try:
        with session.begin_nested():
            session.add(publication)
    except IntegrityError as exc:  # a second publisher that slipped past the lock
        raise Conflict(
            "Someone published this claim at the same moment; nothing was published twice. "
            "Reload to see it."
        ) from exc
    return publication


def _require_approved(session: Session, actor: User | None, claim: Claim) -> None:
    state = workflow.current_state(session, claim)
    if state in _NOT_YET:
        raise InvalidInput(
            f"Claim #{claim.id} has no approved verdict yet ({state.value.replace('_', ' ')}); "
            "it can be published once editors approve its verdict."
        )
    workflow.check(session, actor, claim, Action.PUBLISH)


def _publish_held(session: Session, actor: User | None, claim: Claim) -> Publication:
    """Publish the approved claim, whose lock the caller holds."""
    _require_approved(session, actor, claim)
    verdict = approvals.verdict_up(session, workflow.row_of(session, claim))
    approvals.require_sources(session, claim)
    publication = _add(
        session,
        actor=actor,
        claim=claim,
        kind=PublicationKind.FIRST,
        content=reader_view(session, claim, verdict),
    )
    workflow.transition(session, actor=actor, claim=claim, action=Action.PUBLISH)
    log.info(
        "claim %s published (%s) by %s",
        claim.id,
        publication.number,
        actor.email if actor else "system",
    )
    return publication


def publish(
    session: Session, *, actor: User | None, claim: Claim, expected_version: int | None = None
) -> Publication:
    """Publish the claim's approved verdict: readers see it as it is now, frozen."""
    permissions.require(actor, Permission.PUBLISH, message="Only an editor can publish checks.")
    approvals.hold(session, claim, expected_version, required=False)
    return _publish_held(session, actor, claim)


def publish_speech(session: Session, *, actor: User | None, speech: Speech) -> list[Publication]:
    """Publish every approved claim of the speech, in transcript order (the order claims are
    locked in); claims published by someone else meanwhile are left as they are."""
    permissions.require(actor, Permission.PUBLISH, message="Only an editor can publish checks.")
    approved = session.scalars(
        select(Claim)
        .join(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(Claim.speech_id == speech.id, ClaimWorkflow.state == ClaimState.APPROVED)
        .order_by(Claim.start)
    ).all()
    published = []
    for claim in approved:
        claim_ops.lock(session, claim)
        if workflow.current_state(session, claim) is ClaimState.APPROVED:
            published.append(_publish_held(session, actor, claim))
    if not published:
        raise InvalidInput(
            "No claim of this speech is approved and waiting, so nothing was published."
        )
    return published


def _changed_since_published(session: Session, claim: Claim, row: ClaimWorkflow | None) -> bool:
    """Whether the verdict the claim's state is about is no longer the one last published."""
    verdict = None
    if row is not None and row.verdict_id is not None:
        verdict = session.get(Verdict, row.verdict_id, populate_existing=True)
    last = latest(session, claim)
    if verdict is None or last is None or verdict.status is not VerdictStatus.SUBMITTED:
        return True
    shown = last.content.get("verdict", {})
    return (shown.get("id"), shown.get("version")) != (verdict.id, verdict.version)


def unpublish(
    session: Session, *, actor: User | None, claim: Claim, expected_version: int | None = None
) -> ClaimWorkflow:
    """Take the claim off the reader site (its publications stay on record, the last marked
    unpublished); it is approved again, or, if its verdict changed while published, it asks for
    approval again (publishing anew must not skip the editors)."""
    permissions.require(actor, Permission.PUBLISH, message="Only an editor can unpublish checks.")
    approvals.hold(session, claim, expected_version, required=False)
    workflow.check(session, actor, claim, Action.UNPUBLISH)
    last = latest(session, claim)
    if last is not None:
        last.unpublished_at = datetime.now(UTC)
    row = workflow.transition(session, actor=actor, claim=claim, action=Action.UNPUBLISH)
    if _changed_since_published(session, claim, row):
        workflow.verdicts_changed(session, actor=actor, claim=claim)
    return row


def _verdict_to_correct(session: Session, claim: Claim, row: ClaimWorkflow | None) -> Verdict:
    """The submitted verdict a correction publishes: the one last published if it is still
    submitted, else the latest submitted (submitted verdicts must agree)."""
    submitted = approvals.submitted_verdicts(session, claim)
    if not submitted:
        raise InvalidInput(
            "The claim has no submitted verdict to publish as a correction: submit the "
            "corrected verdict first."
        )
    approvals.refuse_disagreement(row, submitted)
    by_id = {v.id: v for v in submitted}
    if row is not None and row.verdict_id in by_id:
        return by_id[row.verdict_id]
    return max(submitted, key=lambda v: (v.updated_at, v.id))


def correct(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    note: str | None,
    expected_version: int | None = None,
) -> Publication:
    """Publish the changed rating or conclusion of a published check, with the public note that
    says what changed ("Corrected on DATE: note"); the earlier version stays on record."""
    permissions.require(
        actor, Permission.PUBLISH, message="Only an editor can publish corrections."
    )
    text = workflow.clean_comment(note, what="correction note", field="note")
    row = approvals.hold(session, claim, expected_version, required=False)
    workflow.check(session, actor, claim, Action.CORRECT)
    verdict = _verdict_to_correct(session, claim, row)
    if actor is not None and verdict.author_id == actor.id:
        raise InvalidInput(
            "You wrote this verdict, so another editor publishes its correction (nobody "
            "approves their own verdict)."
        )
    approvals.require_sources(session, claim)
    last = latest(session, claim)
    shown = (last.content if last else {}).get("verdict", {})
    was = (shown.get("rating", {}).get("label"), shown.get("conclusion"))
    if was == (verdict.rating_label, verdict.conclusion):
        raise InvalidInput(
            "Nothing to correct: the rating and conclusion are as published. A correction "
            "publishes a changed rating or conclusion."
        )
    publication = _add(
        session,
        actor=actor,
        claim=claim,
        kind=PublicationKind.CORRECTION,
        content=reader_view(session, claim, verdict),
        note=text,
    )
    workflow.transition(
        session, actor=actor, claim=claim, action=Action.CORRECT, comment=text, verdict=verdict
    )
    log.info("claim %s corrected by %s", claim.id, actor.email if actor else "system")
    return publication


def withdraw(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    note: str | None,
    expected_version: int | None = None,
) -> Publication:
    """Take back a published check found void, with a public note; readers see the note beside
    the check as it was last published."""
    permissions.require(actor, Permission.PUBLISH, message="Only an editor can withdraw checks.")
    text = workflow.clean_comment(note, what="withdrawal note", field="note")
    approvals.hold(session, claim, expected_version, required=False)
    workflow.check(session, actor, claim, Action.WITHDRAW)
    last = latest(session, claim)
    if last is None:
        raise InvalidInput("This claim was never published, so there is nothing to withdraw.")
    publication = _add(
        session,
        actor=actor,
        claim=claim,
        kind=PublicationKind.WITHDRAWAL,
        content=copy.deepcopy(last.content),
        note=text,
    )
    workflow.transition(session, actor=actor, claim=claim, action=Action.WITHDRAW, comment=text)
    log.info("claim %s withdrawn by %s", claim.id, actor.email if actor else "system")
    return publication
