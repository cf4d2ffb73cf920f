"""Assigning work: an editor gives reviewers a whole speech or single claims, with an optional
due date, or asks one for an independent second review (of chosen claims, or of a random sample
of the speech's claims); and takes an assignment back.

Assigning is idempotent: asking again for an assignment that exists (the same reviewer, the same
claim or whole speech) adds nothing and changes nothing, not even its due date; the result says
which were already there. To change a due date, remove the assignment and assign again. A claim's
own assignment stands before its speech's for that reviewer (`queries.queues`).

Assignments of one speech are made while holding the speech's row, so two editors assigning the
same thing at once end with one assignment (the second finds it made).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import (
    Assignment,
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    Speech,
    SpeechStatus,
    User,
    Verdict,
)
from factcheck.permissions import Permission
from factcheck.services import history, locks
from factcheck.services.history import AuditAction

log = logging.getLogger(__name__)

MAX_REVIEWERS = 50  # more people than a desk has: a form asking for more is not a person's
MAX_CLAIMS = 500  # claims assigned by one form; a whole speech is one assignment
_LISTED = 5  # claims named in a message before "and N more"


@dataclass
class Assigned:
    """What `assign` did: the assignments it made, and those that were already there."""

    made: list[Assignment] = field(default_factory=list)
    already: list[Assignment] = field(default_factory=list)


def today() -> date:
    """Due dates are days in UTC, as the rest of the desk's dates."""
    return datetime.now(UTC).date()


def _named(ids: Iterable[int]) -> str:
    listed = sorted(ids)
    shown = ", ".join(f"#{i}" for i in listed[:_LISTED])
    return shown + (f" and {len(listed) - _LISTED} more" if len(listed) > _LISTED else "")


def reviewers_by_id(session: Session, ids: Iterable[int]) -> list[User]:
    """The people with these ids, in the order given; an unknown id is refused."""
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_REVIEWERS:
        raise InvalidInput(
            f"Choose at most {MAX_REVIEWERS} reviewers at a time.", field="reviewers"
        )
    found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}
    if missing := [i for i in wanted if i not in found]:
        raise InvalidInput(
            f"There is no such person (id {missing[0]}); reload the page.", field="reviewers"
        )
    return [found[i] for i in wanted]


def claims_by_id(session: Session, speech: Speech, ids: Iterable[int]) -> list[Claim]:
    """The claims of ``speech`` with these ids, in transcript order; any other id is refused."""
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_CLAIMS:
        raise InvalidInput(
            f"Choose at most {MAX_CLAIMS} claims at a time, or assign the whole speech.",
            field="claims",
        )
    found = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(wanted)))}
    _refuse_claims_elsewhere(speech, wanted, found)
    return sorted(found.values(), key=lambda c: c.start)


def _refuse_claims_elsewhere(speech: Speech, wanted: list[int], found: dict[int, Claim]) -> None:
    if missing := [i for i in wanted if i not in found]:
        raise InvalidInput(
            f"Claim {_named(missing)} is no longer in this speech (merged or split since the "
            "page was opened); reload the page.",
            field="claims",
        )
    if elsewhere := [i for i in wanted if found[i].speech_id != speech.id]:
        raise InvalidInput(f"Claim {_named(elsewhere)} is not in this speech.", field="claims")


def _require_assigner(session: Session, actor: User | None, speech: Speech) -> None:
    permissions.require(
        actor, Permission.ASSIGN, message="Only editors and admins assign work to reviewers."
    )
    if speech.status is SpeechStatus.ARCHIVED:
        raise InvalidInput("This speech is archived: unarchive it to assign its claims.")


def _check_reviewers(reviewers: list[User]) -> None:
    if not reviewers:
        raise InvalidInput("Choose at least one reviewer.", field="reviewers")
    for person in reviewers:
        if not person.active:
            raise InvalidInput(
                f"{person.display_name}'s account is deactivated: choose someone else.",
                field="reviewers",
            )
        if not permissions.can_review(person):
            raise InvalidInput(
                f"{person.display_name} is not on the desk's staff and cannot review claims.",
                field="reviewers",
            )


def _check_claims(speech: Speech, claims: list[Claim]) -> None:
    if not claims:
        raise InvalidInput("Tick the claims to assign, or assign the whole speech.", field="claims")
    _refuse_claims_elsewhere(speech, [c.id for c in claims], {c.id: c for c in claims})
    if dismissed := [c.id for c in claims if c.status is ClaimStatus.DISMISSED]:
        raise InvalidInput(
            f"Claim {_named(dismissed)} is dismissed (not a claim to check): restore it "
            "before assigning it.",
            field="claims",
        )


def _check_due_on(due_on: date | None) -> None:
    if due_on is not None and due_on < today():
        raise InvalidInput(
            f"The due date {due_on.isoformat()} is in the past; choose today or a later day.",
            field="due_on",
        )


def _lock(session: Session, speech: Speech, claims: list[Claim] | None) -> None:
    """Hold the speech (so assignments of it are made one request at a time), then check that
    what the request read still holds: the speech in work, its claims still there."""
    if not locks.lock_speech(session, speech.id):
        raise Conflict("This speech was deleted meanwhile; nothing was assigned.")
    status = session.scalar(select(Speech.status).where(Speech.id == speech.id))
    if status is SpeechStatus.ARCHIVED:
        raise InvalidInput("This speech was archived meanwhile: nothing was assigned.")
    if claims:
        ids = [c.id for c in claims]
        there = set(session.scalars(select(Claim.id).where(Claim.id.in_(ids))))
        if gone := [i for i in ids if i not in there]:
            raise Conflict(
                f"Claim {_named(gone)} was merged or split meanwhile; nothing was assigned. "
                "Reload the page and choose again."
            )


def _refuse_authors_of_verdicts(
    session: Session, speech: Speech, reviewers: list[User], claims: list[Claim] | None
) -> None:
    """An independent second review is never asked of someone who has a verdict on the claim."""
    query = select(Verdict.author_id, Verdict.claim_id).where(
        Verdict.author_id.in_([r.id for r in reviewers])
    )
    if claims is None:
        query = query.join(Claim, Claim.id == Verdict.claim_id).where(Claim.speech_id == speech.id)
    else:
        query = query.where(Verdict.claim_id.in_([c.id for c in claims]))
    written: dict[int, set[int]] = {}
    for author_id, claim_id in session.execute(query):
        written.setdefault(author_id, set()).add(claim_id)
    for person in reviewers:
        if person.id in written:
            raise InvalidInput(
                f"{person.display_name} has a verdict on claim {_named(written[person.id])}: "
                "an independent second review must be someone else's.",
                field="reviewers",
            )


def assign(
    session: Session,
    *,
    actor: User | None,
    speech: Speech,
    reviewers: list[User],
    claims: list[Claim] | None = None,
    due_on: date | None = None,
    second: bool = False,
) -> Assigned:
    """Give each of ``reviewers`` the ``claims`` of ``speech`` (None: the whole speech), due on
    ``due_on`` if given; ``second`` asks for independent second verdicts. Refused, with nothing
    changed, for a deactivated or non-staff reviewer, another speech's claim, a dismissed one, a
    past due date, or a second review asked of a claim's verdict author."""
    _require_assigner(session, actor, speech)
    reviewers = list({r.id: r for r in reviewers}.values())
    _check_reviewers(reviewers)
    if claims is not None:
        claims = list({c.id: c for c in claims}.values())
        _check_claims(speech, claims)
    _check_due_on(due_on)
    _lock(session, speech, claims)
    if second:
        _refuse_authors_of_verdicts(session, speech, reviewers, claims)
    existing = {
        (a.claim_id, a.reviewer_id): a
        for a in session.scalars(
            select(Assignment).where(
                Assignment.speech_id == speech.id,
                Assignment.reviewer_id.in_([r.id for r in reviewers]),
            )
        )
    }
    result = Assigned()
    targets: list[Claim | None] = list(claims) if claims is not None else [None]
    for person in reviewers:
        for claim in targets:
            found = existing.get((claim.id if claim else None, person.id))
            if found is not None:
                result.already.append(found)
                continue
            made = Assignment(
                speech_id=speech.id,
                claim_id=claim.id if claim else None,
                reviewer=person,
                assigned_by_id=actor.id if actor is not None else None,
                due_on=due_on,
                second=second,
            )
            session.add(made)
            history.save(
                session,
                AuditAction.ASSIGNMENT_ADD,
                made,
                history.created(made),
                actor=actor,
                claim=claim,
            )
            result.made.append(made)
    log.info(
        "speech %s: %d assignment(s) made, %d already there, by %s",
        speech.id,
        len(result.made),
        len(result.already),
        actor.email if actor is not None else "system",
    )
    return result


def sample_for_second_review(
    session: Session,
    *,
    speech: Speech,
    reviewers: list[User],
    size: int | None,
    rng: random.Random | None = None,
) -> list[Claim]:
    """``size`` claims of ``speech`` drawn at random, for an independent second review by each of
    ``reviewers``: claims to check not yet published or withdrawn, on which none of them has a
    verdict or a second-review assignment already. Fewer if fewer are left; refused if none is."""
    if size is None or not 1 <= size <= MAX_CLAIMS:
        raise InvalidInput(
            f"Say how many claims to sample, from 1 to {MAX_CLAIMS}.", field="sample_size"
        )
    if not reviewers:
        raise InvalidInput("Choose who gives the second verdicts.", field="reviewers")
    ids = [r.id for r in reviewers]
    has_verdict = select(Verdict.claim_id).where(Verdict.author_id.in_(ids))
    has_second = select(Assignment.claim_id).where(
        Assignment.speech_id == speech.id,
        Assignment.reviewer_id.in_(ids),
        Assignment.second.is_(True),
        Assignment.claim_id.is_not(None),
    )
    candidates = list(
        session.scalars(
            select(Claim)
            .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
            .where(
                Claim.speech_id == speech.id,
                Claim.status == ClaimStatus.OPEN,
                ClaimWorkflow.state.is_(None)
                | ClaimWorkflow.state.not_in([ClaimState.PUBLISHED, ClaimState.WITHDRAWN]),
                Claim.id.not_in(has_verdict),
                Claim.id.not_in(has_second),
            )
            .order_by(Claim.id)
        )
    )
    if not candidates:
        raise InvalidInput(
            "No claim of this speech is left to sample: each is published, withdrawn, or already "
            "has a verdict or a second review by them.",
            field="sample_size",
        )
    return (rng or random.SystemRandom()).sample(candidates, min(size, len(candidates)))


def unassign(session: Session, *, actor: User | None, assignment: Assignment) -> bool:
    """Take an assignment back; False if it was already gone (removed by someone else meanwhile).
    Its last state stays in the history."""
    speech = session.get(Speech, assignment.speech_id)
    assert speech is not None  # an assignment is deleted with its speech
    _require_assigner(session, actor, speech)
    assignment_id = assignment.id
    _lock(session, speech, None)
    if session.scalar(select(Assignment.id).where(Assignment.id == assignment_id)) is None:
        session.expunge(assignment)
        return False
    claim = session.get(Claim, assignment.claim_id) if assignment.claim_id else None
    history.delete(session, AuditAction.ASSIGNMENT_REMOVE, assignment, actor=actor, claim=claim)
    log.info(
        "assignment %s removed by %s",
        assignment_id,
        actor.email if actor is not None else "system",
    )
    return True
