"""Everything the reviewer workspace shows, loaded in a fixed number of queries whatever the size.

The queue is every span of the speech with its number, status, check-worthiness, source count and
verdicts; the panel is the selected claim with its context, sources, verdicts, notes and history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimMerge,
    ClaimStatus,
    Note,
    Rating,
    RatingScale,
    Source,
    Speech,
    User,
    Verdict,
)
from factcheck.models.history import shown_changes
from factcheck.queries.speeches import CLAIM_ORDERS, Piece, transcript_pieces
from factcheck.services import settings

CONTEXT_CHARS = 160
STATUS_FILTERS = ("all", "open", "dismissed")


@dataclass(frozen=True)
class QueueFilters:
    order: str = "transcript"
    status: str = "all"
    verdict: str = ""  # "" any, "none" open and without verdict, or a rating label
    speaker: str = ""
    mine: bool = False

    @classmethod
    def parse(cls, args: Any) -> QueueFilters:
        order = args.get("order", "transcript")
        status = args.get("status", "all")
        return cls(
            order=order if order in CLAIM_ORDERS else "transcript",
            status=status if status in STATUS_FILTERS else "all",
            verdict=(args.get("verdict") or "")[:60],
            speaker=(args.get("speaker") or "")[:200],
            mine=args.get("mine") in ("1", "on", "true"),
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        values = {
            "order": self.order,
            "status": self.status,
            "verdict": self.verdict,
            "speaker": self.speaker,
            "mine": "1" if self.mine else "",
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None, "all", "transcript")}


@dataclass
class QueueItem:
    number: int
    claim: Claim
    sources: int = 0
    notes: int = 0
    verdicts: list[Verdict] = field(default_factory=list)
    mine: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    changes: list[tuple[str, Any, Any]]  # (label, was, now), as `models.history` declares them


def describe(event: AuditEvent) -> HistoryEntry:
    """What an audit event changed, field by field, labelled and formatted for people to read."""
    return HistoryEntry(event, shown_changes(event.object_type, event.before, event.after))


@dataclass
class Panel:
    claim: Claim
    number: int
    before: str
    after: str
    sources: list[Source]
    verdicts: list[Verdict]
    notes: list[Note]
    history: list[HistoryEntry]
    previous_id: int | None  # in the queue as filtered and ordered
    next_id: int | None
    next_claim: Claim | None  # the next span of the transcript: what a merge joins
    claim_state: str  # the claim's words as shown, sent back with a verdict (`Claim.words_token`)
    # Verdicts given on other words than the claim's present ones, by verdict id.
    changed_since: dict[int, Verdict]


@dataclass
class Workspace:
    speech: Speech
    items: list[QueueItem]
    queue: list[QueueItem]
    pieces: list[Piece]
    speakers: list[str]
    ratings: list[Rating]
    min_sources: int
    panel: Panel | None
    # A claim asked for that is no longer here: merged (the panel shows the claim that holds its
    # text) or gone (no panel).
    asked_for_merged: bool = False
    asked_for_missing: bool = False


def _counts(session: Session, model: type[Source] | type[Note], speech: Speech) -> dict[int, int]:
    rows = session.execute(
        select(model.claim_id, func.count())
        .join(Claim, Claim.id == model.claim_id)
        .where(Claim.speech_id == speech.id)
        .group_by(model.claim_id)
    ).all()
    return dict(rows)


def _mine(session: Session, speech: Speech, user: User) -> set[int]:
    """Claims the user has worked on: a verdict, a source or a note of theirs."""
    ids: set[int] = set()
    for model, column in (
        (Verdict, Verdict.author_id),
        (Note, Note.author_id),
        (Source, Source.created_by_id),
    ):
        ids.update(
            session.scalars(
                select(model.claim_id)
                .join(Claim, Claim.id == model.claim_id)
                .where(Claim.speech_id == speech.id, column == user.id)
            )
        )
    return ids


def _matches(item: QueueItem, filters: QueueFilters) -> bool:
    claim = item.claim
    if filters.status == "open" and claim.status is not ClaimStatus.OPEN:
        return False
    if filters.status == "dismissed" and claim.status is not ClaimStatus.DISMISSED:
        return False
    if filters.speaker and claim.speaker != filters.speaker:
        return False
    if filters.mine and not item.mine:
        return False
    if filters.verdict == "none":  # what still needs one: a dismissed span never does
        return claim.status is ClaimStatus.OPEN and not item.verdicts
    if filters.verdict:
        return any(v.rating_label == filters.verdict for v in item.verdicts)
    return True


def active_ratings(session: Session) -> list[Rating]:
    scale = session.scalar(select(RatingScale).order_by(RatingScale.id).limit(1))
    if scale is None:
        return []
    return list(
        session.scalars(select(Rating).where(Rating.scale_id == scale.id).order_by(Rating.position))
    )


def claim_history(session: Session, claim_ids: list[int]) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.claim_id.in_(claim_ids))
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
    )


def _panel(
    session: Session,
    speech: Speech,
    items: list[QueueItem],
    index: int,
    transcript_items: list[QueueItem],
) -> Panel:
    """The panel of ``items[index]``; ``items`` is the queue, ``transcript_items`` every span."""
    item = items[index]
    claim = item.claim
    sources = list(
        session.scalars(
            select(Source)
            .where(Source.claim_id == claim.id)
            .options(selectinload(Source.created_by))
            .order_by(Source.position, Source.id)
        )
    )
    notes = list(
        session.scalars(
            select(Note)
            .where(Note.claim_id == claim.id)
            .options(selectinload(Note.author))
            .order_by(Note.created_at, Note.id)
        )
    )
    # Claims absorbed by merges keep their id in the log; show their history here too.
    absorbed = session.scalars(
        select(ClaimMerge.absorbed_id).where(ClaimMerge.into_id == claim.id)
    ).all()
    transcript = speech.transcript
    return Panel(
        claim=claim,
        number=item.number,
        before=transcript[max(0, claim.start - CONTEXT_CHARS) : claim.start],
        after=transcript[claim.end : claim.end + CONTEXT_CHARS],
        sources=sources,
        verdicts=item.verdicts,
        notes=notes,
        history=[describe(e) for e in claim_history(session, [claim.id, *absorbed])],
        previous_id=items[index - 1].claim.id if index > 0 else None,
        next_id=items[index + 1].claim.id if index + 1 < len(items) else None,
        # ``number`` counts from 1, so it is the index of the following span.
        next_claim=(
            transcript_items[item.number].claim if item.number < len(transcript_items) else None
        ),
        claim_state=claim.words_token,
        changed_since={v.id: v for v in item.verdicts if not v.judged(claim)},
    )


def load(
    session: Session, speech: Speech, user: User, filters: QueueFilters, selected: int | None
) -> Workspace:
    claims = list(
        session.scalars(select(Claim).where(Claim.speech_id == speech.id).order_by(Claim.start))
    )
    verdicts: dict[int, list[Verdict]] = {}
    for verdict in session.scalars(
        select(Verdict)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(Claim.speech_id == speech.id)
        .options(selectinload(Verdict.author))
        .order_by(Verdict.id)
    ):
        verdicts.setdefault(verdict.claim_id, []).append(verdict)
    sources = _counts(session, Source, speech)
    notes = _counts(session, Note, speech)
    mine = _mine(session, speech, user) if filters.mine else set()
    items = [
        QueueItem(
            number=number,
            claim=claim,
            sources=sources.get(claim.id, 0),
            notes=notes.get(claim.id, 0),
            verdicts=verdicts.get(claim.id, []),
            mine=claim.id in mine,
        )
        for number, claim in enumerate(claims, start=1)
    ]
    queue = [item for item in items if _matches(item, filters)]
    if filters.order == "checkworthiness":
        queue.sort(key=lambda i: (not i.claim.is_claim, -i.claim.checkworthiness, i.number))
    panel = None
    merged = missing = False
    present = {item.claim.id for item in items}
    if selected is not None and selected not in present:
        holder = _merged_into(session, speech, selected, present)
        merged, missing = holder is not None, holder is None
        selected = holder
    if selected is not None:
        in_queue = [i for i, item in enumerate(queue) if item.claim.id == selected]
        if in_queue:
            panel = _panel(session, speech, queue, in_queue[0], items)
        else:
            everywhere = [i for i, item in enumerate(items) if item.claim.id == selected]
            if everywhere:
                panel = _panel(session, speech, items, everywhere[0], items)
    return Workspace(
        speech=speech,
        items=items,
        queue=queue,
        pieces=transcript_pieces(speech.transcript, claims),
        speakers=sorted({c.speaker for c in claims if c.speaker}),
        ratings=active_ratings(session),
        min_sources=int(settings.get_setting(session, settings.MIN_SOURCES_FOR_VERDICT)),
        panel=panel,
        asked_for_merged=merged,
        asked_for_missing=missing,
    )


def _merged_into(session: Session, speech: Speech, claim_id: int, present: set[int]) -> int | None:
    """The claim of ``speech`` that now holds claim ``claim_id``'s text, if it was merged away."""
    into = session.scalar(
        select(ClaimMerge.into_id).where(
            ClaimMerge.absorbed_id == claim_id, ClaimMerge.speech_id == speech.id
        )
    )
    return into if into in present else None
