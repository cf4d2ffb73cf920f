"""Verdicts: each reviewer's own rating, conclusion and explanation for a claim, with its history.

A verdict copies its rating's label and value when saved, so later changes to the scale never
rewrite it. Every saved state, restored ones included, obeys the rules in force when it is saved.

A verdict is about the words it judged: every save stamps the claim's span, words and "claim as
checked" wording on it, and is refused when the claim changed since the reviewer opened it
(`claim_seen`, from `claim_state`). While a claim has a submitted verdict its words cannot change
(`services.claims`); a draft on words that changed since shows so until its author saves it again.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from factcheck.ids import is_id
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimStatus,
    Rating,
    User,
    Verdict,
    VerdictStatus,
    VerdictWithdrawal,
)
from factcheck.queries.blind import blind_to
from factcheck.services import claims as claim_ops
from factcheck.services import history, ratings, settings, sources, versioning, workflow
from factcheck.services.history import AuditAction

log = logging.getLogger(__name__)

MAX_CONCLUSION = 1000
MAX_EXPLANATION = 20_000
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _choosable_rating(session: Session, rating_id: int | None) -> Rating:
    if rating_id is None:
        raise InvalidInput("Choose a rating.", field="rating")
    rating = session.get(Rating, rating_id) if is_id(rating_id) else None
    if rating is None or rating.scale_id != ratings.active_scale(session).id:
        raise InvalidInput("That rating is not on the rating scale.", field="rating")
    if rating.retired:
        raise InvalidInput(
            f"The rating “{rating.label}” has been retired; choose another.", field="rating"
        )
    return rating


def clean_conclusion(text: str | None) -> str:
    conclusion = (text or "").replace("\r\n", "\n").strip()
    if not conclusion:
        raise InvalidInput("Write the conclusion readers will see.", field="conclusion")
    if len(conclusion) > MAX_CONCLUSION:
        raise InvalidInput(
            f"The conclusion is {len(conclusion):,} characters; keep it to one paragraph of at "
            f"most {MAX_CONCLUSION:,} and put the rest in the explanation.",
            field="conclusion",
        )
    if _BLANK_LINE.search(conclusion):
        raise InvalidInput(
            "The conclusion is one paragraph: remove the blank line, or move the rest into "
            "the explanation.",
            field="conclusion",
        )
    return conclusion


def clean_explanation(text: str | None) -> str | None:
    explanation = (text or "").replace("\r\n", "\n").strip() or None
    if explanation and len(explanation) > MAX_EXPLANATION:
        raise InvalidInput(
            f"The explanation is {len(explanation):,} characters; the limit is "
            f"{MAX_EXPLANATION:,}.",
            field="explanation",
        )
    return explanation


def _check_claim_seen(session: Session, claim: Claim, claim_seen: str | None) -> None:
    if claim_seen is None or claim_seen == claim.words_token:
        return
    by, at, by_id = versioning.last_change(session, "claim", claim.id)
    raise Conflict(
        f"{by or 'Someone else'} changed the claim's words after you opened it; your verdict was "
        "not saved, as it would be about words you did not judge. Read the claim as it is now, "
        "then save your verdict again.",
        current=claim.snapshot(),
        current_type="claim",
        changed_by=by,
        changed_at=at,
        changed_by_id=by_id,
        message_if_yours="You changed the claim's words in another tab or window after this page "
        "was opened; your verdict was not saved. Read the claim as it is now, then save again.",
    )


def _check_claim(session: Session, claim: Claim, actor: User, *, submit: bool) -> None:
    if claim.status is ClaimStatus.DISMISSED:
        raise InvalidInput(
            "This claim has been dismissed; restore it before giving a verdict.", field="claim"
        )
    if submit:
        needed = settings.get_setting(session, settings.MIN_SOURCES_FOR_VERDICT)
        # A second reviewer working blind sees only their own sources: the rule counts those,
        # as their page does, and a refusal tells nothing of the sources others added.
        blind = claim.id in blind_to(session, actor.id, [claim.id])
        have = sources.count_sources(session, claim, only_by=actor.id if blind else None)
        if have < needed:
            raise InvalidInput(
                f"A verdict can be submitted once the claim has {needed} "
                f"source{'s' if needed != 1 else ''}; it has {have}. Save it as a draft for now.",
                field="sources",
            )


def own_verdict(session: Session, claim: Claim, author: User) -> Verdict | None:
    """The author's verdict on the claim as stored now, if they have one."""
    return session.scalar(
        select(Verdict)
        .where(Verdict.claim_id == claim.id, Verdict.author_id == author.id)
        .execution_options(populate_existing=True)
    )


def _values(
    claim: Claim, rating: Rating, conclusion: str, explanation: str | None, submit: bool
) -> dict[str, Any]:
    """A verdict's fields for this save: the rating copied, the claim's words stamped."""
    return {
        "claim_start": claim.start,
        "claim_end": claim.end,
        "claim_text": claim.text,
        "claim_restatement": claim.restatement,
        "rating_id": rating.id,
        "rating_label": rating.label,
        "rating_value": rating.value,
        "conclusion": conclusion,
        "explanation": explanation,
        "status": VerdictStatus.SUBMITTED if submit else VerdictStatus.DRAFT,
    }


def set_verdict(
    session: Session,
    *,
    actor: User,
    claim: Claim,
    rating_id: int | None,
    conclusion: str | None,
    explanation: str | None,
    submit: bool,
    expected_version: int | None,
    claim_seen: str | None = None,
) -> Verdict:
    """Create or update the actor's own verdict on the claim.

    `expected_version` is the version of the verdict the actor edited, None when they had none: a
    verdict saved meanwhile (in another tab, say) is a Conflict rather than overwritten.
    `claim_seen` is the `Claim.words_token` of the claim as the actor read it (the web form always sends
    it); a claim whose words changed since is a Conflict.
    """
    if not permissions.can_review(actor):
        raise PermissionDenied("You may not give verdicts.")
    rating = _choosable_rating(session, rating_id)
    conclusion = clean_conclusion(conclusion)
    explanation = clean_explanation(explanation)
    claim_ops.lock(session, claim)
    _check_claim_seen(session, claim, claim_seen)
    _check_claim(session, claim, actor, submit=submit)

    verdict = own_verdict(session, claim, actor)
    if verdict is None:
        if expected_version is not None:
            raise _gone(session, claim, actor)
        verdict = Verdict(
            claim_id=claim.id,
            author_id=actor.id,
            **_values(claim, rating, conclusion, explanation, submit),
        )
        try:
            with session.begin_nested():
                session.add(verdict)
        except IntegrityError as exc:  # the same author saved a first verdict at the same moment
            raise Conflict(
                "You saved a verdict on this claim at the same moment elsewhere; "
                "nothing was saved. Reload to see it."
            ) from exc
        history.save(
            session,
            AuditAction.VERDICT_CREATE,
            verdict,
            history.created(verdict),
            actor=actor,
            claim=claim,
        )
        log.info("verdict %s on claim %s created by %s", verdict.id, claim.id, actor.email)
        workflow.verdicts_changed(session, actor=actor, claim=claim)
        return verdict

    if expected_version is None:
        by, at, _ = versioning.last_change(session, "verdict", verdict.id)
        raise Conflict(
            "You already have a verdict on this claim (saved elsewhere); nothing was saved. "
            "Compare it with yours and save again.",
            current=verdict.snapshot(),
            current_type="verdict",
            changed_by=by,
            changed_at=at or verdict.updated_at,
        )
    versioning.check_version(session, verdict, expected_version)
    change = history.apply(verdict, _values(claim, rating, conclusion, explanation, submit))
    if not change:
        return verdict
    history.save(session, AuditAction.VERDICT_UPDATE, verdict, change, actor=actor, claim=claim)
    log.info("verdict %s updated by %s", verdict.id, actor.email)
    workflow.verdicts_changed(session, actor=actor, claim=claim)
    return verdict


def restore_verdict(
    session: Session,
    *,
    actor: User,
    verdict: Verdict,
    audit_event_id: int,
    expected_version: int,
) -> Verdict:
    """Bring back the verdict as it was after an earlier change in its history.

    The restored rating, conclusion and status must be valid today: a retired rating or a claim
    now short of sources is refused with the same messages as an ordinary save.
    """
    if not permissions.can_restore_verdict(actor, verdict):
        raise PermissionDenied("Only the verdict's author can restore an earlier version of it.")
    event = session.get(AuditEvent, audit_event_id) if is_id(audit_event_id) else None
    if event is None or event.object_type != "verdict" or event.object_id != verdict.id:
        raise NotFound("No such version of this verdict.")
    # The state the verdict had after that change; a change that ended it has only a before.
    state = event.after if event.after is not None else event.before
    if not state:
        raise NotFound("No such version of this verdict.")
    claim = verdict.claim
    claim_ops.lock(session, claim)
    versioning.check_version(session, verdict, expected_version)

    old_rating = session.get(Rating, state.get("rating_id"))
    if old_rating is None:
        raise InvalidInput(
            f"That version used the rating “{state.get('rating_label')}”, which no longer "
            "exists; choose a current rating instead.",
            field="rating",
        )
    rating = _choosable_rating(session, old_rating.id)
    conclusion = clean_conclusion(state.get("conclusion"))
    explanation = clean_explanation(state.get("explanation"))
    # A version given on other words than the claim's present ones comes back as a draft that
    # keeps the words it judged, so its author sees "the claim changed since" before submitting.
    judged = (
        state.get("claim_start", claim.start),
        state.get("claim_end", claim.end),
        state.get("claim_text", claim.text),
        state.get("claim_restatement", claim.restatement),
    ) == (claim.start, claim.end, claim.text, claim.restatement)
    submit = state.get("status") == VerdictStatus.SUBMITTED.value and judged
    _check_claim(session, claim, actor, submit=submit)
    values = _values(claim, rating, conclusion, explanation, submit)
    if not judged:
        for key in ("claim_start", "claim_end", "claim_text", "claim_restatement"):
            values[key] = state.get(key, values[key])
    change = history.apply(verdict, values)
    if not change:
        return verdict
    history.save(
        session,
        AuditAction.VERDICT_RESTORE,
        verdict,
        change,
        actor=actor,
        claim=claim,
        extra={"restored_from": event.id},
    )
    log.info("verdict %s restored to event %s by %s", verdict.id, event.id, actor.email)
    workflow.verdicts_changed(session, actor=actor, claim=claim)
    return verdict


def withdraw_verdict(
    session: Session, *, actor: User, verdict: Verdict, expected_version: int
) -> None:
    """Take a verdict back (its author, an editor or an admin); it stays in the claim's history.

    Merging two claims that both have verdicts, and dismissing a claim with one, need this first.
    """
    if not permissions.can_withdraw_verdict(actor, verdict):
        raise PermissionDenied("Only the verdict's author, an editor or an admin can withdraw it.")
    claim = verdict.claim
    claim_ops.lock(session, claim)  # the claim first, as every save does: its state follows
    versioning.check_version(session, verdict, expected_version)
    session.add(
        VerdictWithdrawal(
            verdict_id=verdict.id,
            claim_id=claim.id,
            author_id=verdict.author_id,
            withdrawn_by_id=actor.id,
        )
    )
    history.delete(
        session,
        AuditAction.VERDICT_WITHDRAW,
        verdict,
        actor=actor,
        claim=claim,
        extra={"author_id": verdict.author_id},
    )
    log.info("verdict %s on claim %s withdrawn by %s", verdict.id, claim.id, actor.email)
    workflow.verdicts_changed(session, actor=actor, claim=claim)


def _gone(session: Session, claim: Claim, author: User) -> Conflict:
    """The refusal of a save to a verdict that was withdrawn meanwhile, saying by whom and when."""
    withdrawal = session.scalars(
        select(VerdictWithdrawal)
        .where(VerdictWithdrawal.claim_id == claim.id, VerdictWithdrawal.author_id == author.id)
        .order_by(VerdictWithdrawal.id.desc())
        .limit(1)
    ).first()
    if withdrawal is None:
        return Conflict("The verdict you were editing no longer exists; nothing was saved.")
    by = withdrawal.withdrawn_by.display_name if withdrawal.withdrawn_by else "someone"
    return Conflict(
        f"Your verdict was removed by {by} after you opened it; nothing was saved. Save again "
        "to give a new one.",
        changed_by=by,
        changed_at=withdrawal.withdrawn_at,
        changed_by_id=withdrawal.withdrawn_by_id,
        message_if_yours="You withdrew this verdict in another tab or window after this page was "
        "opened; nothing was saved. Save again to give a new one.",
    )
