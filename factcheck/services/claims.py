"""Fixing the machine's split: merge, split, trim or extend, restate, dismiss and restore claims.

Offsets stay exact: after every operation each claim of a speech is a whitespace-stripped span
``transcript[start:end] == text`` that overlaps no other claim.

A verdict is about the exact words it judged (the rule reviewers see in the workspace help and
the README): while a claim has a submitted verdict, its words (its span: merge, split, trim,
extend) and its "claim as checked" wording cannot change; the verdict's author returns it to draft
(or an editor removes it) first. A draft verdict records the words it was saved on, and a claim
that changed since shows "the claim changed since this verdict: was ..., now ..." until its author
saves it again.

Changes to the claim structure of one speech are serialised (`locks.lock_speech`), and whatever
adds to a claim locks the claim first (`locks.lock_claim_id`), so a merge moves everything saved
before it and an add that comes after it is refused with where the claim went; the database
itself refuses overlapping claims (migration 0005).

What happens to what is attached:

- Merge a claim with the next one: the merged claim keeps the first claim's wording, speaker and
  verdicts; the second claim's sources are appended after the first's and its notes join the
  thread. If both claims have verdicts the merge is refused: settle or remove one verdict first.
  A merge of an open claim with a dismissed one is open. A merge stays inside one speaker's turn:
  it is refused across a change of speaker, a stage direction or a heading.
- Split a claim: sources, verdicts, notes and the restatement stay with the first part; the second
  part is a new claim, open or dismissed like the original, scored afresh.
- Trim or extend: everything stays attached; the new bounds may not cross a neighbour.
- Dismiss: refused while the claim has a verdict (withdraw the verdict first); restore reopens it.

Every change takes the version the reviewer saw; if the claim changed since, `Conflict` says who
changed it and what it is now. Every change is in the audit log with the claim's id.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.claims.checkworthiness import assess, document_contexts
from factcheck.claims.segment import STAGE_DIRECTION, strip_span
from factcheck.errors import Conflict, InvalidInput
from factcheck.ids import is_id
from factcheck.limits import MAX_DISMISS_NOTE, MAX_RESTATEMENT, RESTATEMENT_ADVICE
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimMerge,
    ClaimStatus,
    DismissReason,
    Note,
    Source,
    Speech,
    User,
    Verdict,
    VerdictStatus,
    VerdictWithdrawal,
)
from factcheck.permissions import Permission
from factcheck.services import history, locks, versioning, workflow
from factcheck.services.history import AuditAction
from factcheck.services.text import refuse_bidi_controls


def check_version(session: Session, claim: Claim, expected_version: int | None) -> None:
    """Refuse a change made from a stale view of the claim (re-reads and, on PostgreSQL, locks it);
    a claim merged away meanwhile is refused saying where its text went."""
    claim_id = claim.id
    try:
        versioning.check_version(session, claim, expected_version)
    except Conflict:
        if merged_into(session, claim_id) is not None:
            raise gone(session, claim_id) from None
        raise


def merged_into(session: Session, claim_id: int) -> ClaimMerge | None:
    """Where claim ``claim_id``'s text is now, if it was merged away."""
    return session.get(ClaimMerge, claim_id)


def gone(session: Session, claim_id: int) -> Conflict:
    """The refusal of a change to a claim that is no longer there, saying where its text went."""
    merge = merged_into(session, claim_id)
    if merge is None:
        return Conflict("This claim no longer exists; nothing was saved.")
    by = merge.merged_by.display_name if merge.merged_by else None
    return Conflict(
        f"{by or 'Someone else'} merged this claim into another one after you opened it; nothing "
        "was saved. The claim that now holds its text is open: save your change there.",
        changed_by=by,
        changed_at=merge.merged_at,
        changed_by_id=merge.merged_by_id,
        message_if_yours="You merged this claim into another one in another tab or window; "
        "nothing was saved. The claim that now holds its text is open: save your change there.",
        moved_to=merge.into_id,
    )


def lock(session: Session, claim: Claim) -> None:
    """Hold ``claim`` until commit and re-read it, before adding to what it holds; a claim merged
    away meanwhile is a Conflict that says so (nothing is added to a claim about to be deleted)."""
    claim_id = claim.id
    if not locks.lock_claim_id(session, claim_id):
        raise gone(session, claim_id)
    session.refresh(claim)


def _require_reviewer(session: Session, actor: User | None, claim: Claim) -> None:
    permissions.require(actor, Permission.REVIEW, message="You may not change claims.")
    speech = session.get(Speech, claim.speech_id)
    permissions.require(
        actor, Permission.WORK_ON_SPEECH, speech, message="This speech is not open for work."
    )


def _lock_structure(session: Session, claim: Claim, expected_version: int | None) -> Speech:
    """Serialise changes to the speech's claims, then check the version the reviewer saw."""
    claim_id, speech_id = claim.id, claim.speech_id
    if not locks.lock_speech(session, speech_id):
        raise gone(session, claim_id)
    check_version(session, claim, expected_version)
    speech = session.get(Speech, speech_id)
    assert speech is not None
    return speech


def _refuse_if_judged(
    session: Session, actor: User | None, claim: Claim, change: str, *, which: str = "This claim"
) -> None:
    """A claim's words may not change under a submitted verdict (see the module's rule)."""
    authors = session.execute(
        select(Verdict.author_id, func.coalesce(User.display_name, "a former reviewer"))
        .select_from(Verdict)
        .outerjoin(User, User.id == Verdict.author_id)
        .where(Verdict.claim_id == claim.id, Verdict.status == VerdictStatus.SUBMITTED)
        .order_by(Verdict.id)
    ).all()
    if not authors:
        return
    mine = actor is not None and any(author_id == actor.id for author_id, _ in authors)
    others = [name for author_id, name in authors if actor is None or author_id != actor.id]
    if mine and not others:
        raise InvalidInput(
            f"{which} has your submitted verdict on its present words, so its words cannot "
            f"change: the verdict would be about text it never judged. Save your verdict as a "
            f"draft again (under Verdict), then {change}."
        )
    who = ", ".join((["you"] if mine else []) + others)
    raise InvalidInput(
        f"{which} has a submitted verdict (by {who}) on its present words, so its words cannot "
        f"change: the verdict would be about text it never judged. Ask its author to save it as "
        f"a draft again, or an editor to remove it, then {change}."
    )


def _boundary_between(transcript: str, first: Claim, second: Claim) -> str | None:
    """Why two neighbouring spans may not become one claim, if they may not."""
    for span in (first, second):
        if span.machine_reason in (STAGE_DIRECTION, "heading"):
            return f"one of them is a {span.machine_reason}, not part of what is said"
    if first.speaker != second.speaker:
        return (
            f"they are said by different speakers ({first.speaker or 'no one'} and "
            f"{second.speaker or 'no one'})"
        )
    between = " ".join(transcript[first.end : second.start].split())
    if between:
        shown = between if len(between) <= 60 else between[:57] + "..."
        return (
            f"the text between them (“{shown}”) belongs to no claim; extend the first claim "
            "over it first if it is part of what was said"
        )
    return None


def _neighbours(session: Session, claim: Claim) -> tuple[Claim | None, Claim | None]:
    """The claims just before and after ``claim``, as stored now (call with the speech locked)."""
    before = session.scalar(
        select(Claim)
        .where(Claim.speech_id == claim.speech_id, Claim.start < claim.start)
        .order_by(Claim.start.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )
    after = session.scalar(
        select(Claim)
        .where(Claim.speech_id == claim.speech_id, Claim.start > claim.start)
        .order_by(Claim.start)
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return before, after


def _count(session: Session, model: type[Source] | type[Verdict] | type[Note], claim: Claim) -> int:
    return session.scalar(select(func.count()).select_from(model).where(model.claim_id == claim.id))


def _rescore(session: Session, *claims: Claim) -> None:
    """Score edited claims as an import does: each in its place among all spans of its speech.

    The edits are not flushed yet; the other spans come from the database, these from memory.
    """
    edited = {claim.id for claim in claims if claim.id is not None}
    with session.no_autoflush:
        others = session.execute(
            select(Claim.start, Claim.text, Claim.speaker).where(
                Claim.speech_id == claims[0].speech_id, Claim.id.not_in(edited)
            )
        ).all()
    spans: list[tuple[int, str, str | None, Claim | None]] = [
        (row.start, row.text, row.speaker, None) for row in others
    ]
    spans += [(claim.start, claim.text, claim.speaker, claim) for claim in claims]
    spans.sort(key=lambda span: span[0])
    contexts = document_contexts([s[1] for s in spans], [s[2] for s in spans])
    for (_, text, speaker, claim), context in zip(spans, contexts, strict=True):
        if claim is not None:
            assessment = assess(text, speaker, context)
            claim.checkworthiness = assessment.score
            claim.claim_type = assessment.claim_type
            claim.checkworthiness_reasons = list(assessment.reasons)


def merge_with_next(
    session: Session, *, actor: User | None, claim: Claim, expected_version: int | None
) -> Claim:
    """Join ``claim`` with the claim after it into one span (the gap between them included)."""
    _require_reviewer(session, actor, claim)
    speech = _lock_structure(session, claim, expected_version)
    _, following = _neighbours(session, claim)
    if following is None:
        raise InvalidInput("This is the last claim of the speech: there is nothing to merge with.")
    # Hold the absorbed claim, then read what it holds: whatever was saved to it before this
    # point is moved below, and what comes after waits and then finds it gone (`lock`).
    versioning.reload(session, following, object_type="claim", what="claim")
    why_not = _boundary_between(speech.transcript, claim, following)
    if why_not is not None:
        raise InvalidInput(f"These two claims cannot be merged: {why_not}.")
    _refuse_if_judged(session, actor, claim, "merge")
    _refuse_if_judged(session, actor, following, "merge", which="The next claim")
    if _count(session, Verdict, claim) and _count(session, Verdict, following):
        raise InvalidInput(
            "Both claims have verdicts. Withdraw one of them first (under Verdict), so no verdict is lost."
        )
    before, absorbed = claim.snapshot(), {"id": following.id, **following.snapshot()}
    offset = session.scalar(
        select(func.coalesce(func.max(Source.position) + 1, 0)).where(Source.claim_id == claim.id)
    )
    for source in session.scalars(
        select(Source)
        .where(Source.claim_id == following.id)
        .order_by(Source.position, Source.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ):
        source.claim_id = claim.id
        source.position += offset
    # What refers to the absorbed claim by id moves too: its notes, the record of verdicts taken
    # back from it, and the redirects of claims merged into it before (kept one hop deep).
    session.execute(update(Note).where(Note.claim_id == following.id).values(claim_id=claim.id))
    session.execute(
        update(VerdictWithdrawal)
        .where(VerdictWithdrawal.claim_id == following.id)
        .values(claim_id=claim.id)
    )
    session.execute(
        update(ClaimMerge).where(ClaimMerge.into_id == following.id).values(into_id=claim.id)
    )
    session.add(
        ClaimMerge(
            absorbed_id=following.id,
            into_id=claim.id,
            speech_id=claim.speech_id,
            merged_by_id=actor.id if actor is not None else None,
        )
    )
    for verdict in session.scalars(
        select(Verdict)
        .where(Verdict.claim_id == following.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ):
        verdict.claim_id = claim.id

    new_end = following.end
    was_open = claim.is_claim or following.is_claim
    media = (
        claim.media_start_ms,
        claim.media_end_ms,
        following.media_start_ms,
        following.media_end_ms,
    )
    # The absorbed row must be gone before the span grows over its offsets.
    history.delete(
        session,
        AuditAction.CLAIM_MERGED_INTO,
        following,
        actor=actor,
        extra={"id": following.id},
        after={"into": claim.id},
    )

    claim.end = new_end
    claim.text = speech.transcript[claim.start : claim.end]
    claim.restatement = claim.restatement or absorbed["restatement"]
    if was_open:
        claim.status, claim.dismiss_reason, claim.dismiss_note = ClaimStatus.OPEN, None, None
        claim.dismissed_by_id = None
    starts = [t for t in (media[0], media[2]) if t is not None]
    ends = [t for t in (media[1], media[3]) if t is not None]
    claim.media_start_ms = min(starts) if starts else None
    claim.media_end_ms = max(ends) if ends else None
    _rescore(session, claim)
    history.save(
        session,
        AuditAction.CLAIM_MERGE,
        claim,
        history.since(claim, before),
        actor=actor,
        extra={"absorbed": absorbed},
    )
    return claim


def split(
    session: Session, *, actor: User | None, claim: Claim, at: int, expected_version: int | None
) -> tuple[Claim, Claim]:
    """Cut ``claim`` in two at transcript offset ``at``; the second part becomes a new claim."""
    _require_reviewer(session, actor, claim)
    speech = _lock_structure(session, claim, expected_version)
    if not claim.start < at < claim.end:
        raise InvalidInput(
            f"Choose a split point inside the claim (characters {claim.start + 1} to "
            f"{claim.end - 1}); {at} is outside it.",
            field="at",
        )
    first_start, first_end = strip_span(speech.transcript, claim.start, at)
    second_start, second_end = strip_span(speech.transcript, at, claim.end)
    if first_start >= first_end or second_start >= second_end:
        raise InvalidInput("Both parts of a split must contain some text.", field="at")
    _refuse_if_judged(session, actor, claim, "split it")
    before = claim.snapshot()
    claim.end = first_end
    claim.text = speech.transcript[first_start:first_end]
    second = Claim(
        speech_id=claim.speech_id,
        start=second_start,
        end=second_end,
        text=speech.transcript[second_start:second_end],
        status=claim.status,
        dismiss_reason=claim.dismiss_reason,
        dismiss_note=claim.dismiss_note,
        dismissed_by_id=claim.dismissed_by_id,
        speaker=claim.speaker,
        media_start_ms=claim.media_start_ms,
        media_end_ms=claim.media_end_ms,
    )
    _rescore(session, claim, second)
    session.add(second)
    # The new part first: saving it gives it the id the first part's entry names.
    history.save(
        session,
        AuditAction.CLAIM_SPLIT_OFF,
        second,
        history.created(second),
        actor=actor,
        extra={"from": claim.id},
    )
    history.save(
        session,
        AuditAction.CLAIM_SPLIT,
        claim,
        history.since(claim, before),
        actor=actor,
        extra={"new_claim": second.id},
    )
    return claim, second


def set_bounds(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    start: int,
    end: int,
    expected_version: int | None,
) -> Claim:
    """Trim or extend the span; surrounding whitespace is dropped; neighbours may not be crossed."""
    _require_reviewer(session, actor, claim)
    speech = _lock_structure(session, claim, expected_version)
    length = len(speech.transcript)
    if not 0 <= start < end <= length:
        raise InvalidInput(
            f"A claim must lie within the transcript (0 to {length}) and end after it starts.",
            field="start",
        )
    start, end = strip_span(speech.transcript, start, end)
    if start >= end:
        raise InvalidInput("That selection holds only spaces.", field="start")
    previous, following = _neighbours(session, claim)
    if previous is not None and start < previous.end:
        raise InvalidInput(
            f"The new start overlaps the claim before, which ends at character {previous.end}; "
            "start there or later, or trim or merge that claim first.",
            field="start",
        )
    if following is not None and end > following.start:
        raise InvalidInput(
            f"The new end overlaps the claim after, which starts at character {following.start}; "
            "end there or earlier, or trim or merge that claim first.",
            field="end",
        )
    if (start, end) == (claim.start, claim.end):
        return claim
    _refuse_if_judged(session, actor, claim, "change its bounds")
    change = history.apply(
        claim, {"start": start, "end": end, "text": speech.transcript[start:end]}
    )
    _rescore(session, claim)
    history.save(session, AuditAction.CLAIM_BOUNDS, claim, change, actor=actor)
    return claim


def restate(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    restatement: str | None,
    expected_version: int | None,
) -> Claim:
    """Set the short "claim as checked" wording, kept apart from the verbatim quote."""
    _require_reviewer(session, actor, claim)
    check_version(session, claim, expected_version)
    wording = " ".join((restatement or "").split()) or None
    if wording is not None and len(wording) > MAX_RESTATEMENT:
        raise InvalidInput(
            f"Keep the claim as checked under {MAX_RESTATEMENT} characters "
            f"(under {RESTATEMENT_ADVICE} is best).",
            field="restatement",
        )
    refuse_bidi_controls(wording, field="restatement", what="The claim as checked")
    if wording == claim.restatement:
        return claim
    _refuse_if_judged(session, actor, claim, "change the claim as checked")
    change = history.apply(claim, {"restatement": wording})
    history.save(session, AuditAction.CLAIM_RESTATE, claim, change, actor=actor)
    return claim


def dismiss(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    reason: DismissReason | str,
    note: str | None,
    expected_version: int | None,
) -> Claim:
    _require_reviewer(session, actor, claim)
    check_version(session, claim, expected_version)
    try:
        why = DismissReason(reason)
    except ValueError as exc:
        raise InvalidInput("Choose why this is not to be checked.", field="reason") from exc
    text = " ".join((note or "").split()) or None
    if text is not None and len(text) > MAX_DISMISS_NOTE:
        raise InvalidInput(f"Keep the note under {MAX_DISMISS_NOTE} characters.", field="note")
    if _count(session, Verdict, claim):
        raise InvalidInput(
            "This claim has a verdict; withdraw it first (under Verdict), then dismiss the claim."
        )
    if claim.is_claim:  # the state machine's rule: only an open claim is dismissed
        workflow.check(session, actor, claim, workflow.Action.DISMISS)
    change = history.apply(
        claim, {"status": ClaimStatus.DISMISSED, "dismiss_reason": why, "dismiss_note": text}
    )
    if not change:
        return claim
    claim.dismissed_by_id = actor.id if actor is not None else None
    history.save(session, AuditAction.CLAIM_DISMISS, claim, change, actor=actor)
    return claim


def restore(
    session: Session, *, actor: User | None, claim: Claim, expected_version: int | None
) -> Claim:
    """Bring a dismissed span back as a claim to check."""
    _require_reviewer(session, actor, claim)
    check_version(session, claim, expected_version)
    if claim.is_claim:
        return claim
    change = history.apply(
        claim,
        {
            "status": ClaimStatus.OPEN,
            "dismiss_reason": None,
            "dismiss_note": None,
            "dismissed_by_id": None,
        },
    )
    if claim.checkworthiness == 0 and not claim.checkworthiness_reasons:
        _rescore(session, claim)
    history.save(session, AuditAction.CLAIM_RESTORE, claim, change, actor=actor)
    return claim


def restore_wording(
    session: Session,
    *,
    actor: User | None,
    claim: Claim,
    event_id: int,
    expected_version: int | None,
) -> Claim:
    """Put back the "claim as checked" wording a past change set."""
    event = session.get(AuditEvent, event_id) if is_id(event_id) else None
    if event is None or event.claim_id != claim.id or event.action is not AuditAction.CLAIM_RESTATE:
        raise InvalidInput("That change is not a wording of this claim.", field="event_id")
    return restate(
        session,
        actor=actor,
        claim=claim,
        restatement=(event.after or {}).get("restatement"),
        expected_version=expected_version,
    )
