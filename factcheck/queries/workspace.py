"""Everything the reviewer workspace shows, loaded in a fixed number of queries whatever the size.

The queue is the speech's spans, filtered and ordered, each with its number, status,
check-worthiness, source count and verdicts; the panel is the selected claim with its context,
sources, verdicts, notes and history. Only a window of the queue and of the transcript around the
selected claim is loaded: the page costs the same for a short speech and a three-hour debate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
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
    VerdictStatus,
)
from factcheck.models.history import shown_changes
from factcheck.queries import decisions
from factcheck.queries.blind import blind_condition, blind_to
from factcheck.queries.speeches import (
    CLAIM_ORDERS,
    TRANSCRIPT_CHUNK,
    Piece,
    Window,
    centred,
    claim_order,
    span_number,
    span_numbers,
    transcript_window,
)
from factcheck.services import settings

CONTEXT_CHARS = 160
STATUS_FILTERS = ("all", "open", "checked", "draft", "unchecked", "dismissed")
QUEUE_WINDOW = 40  # queue items sent at once
QUEUE_BEFORE = 12  # of them, before the selected claim
TRANSCRIPT_BEFORE = 12  # spans of the transcript shown before the selected claim


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
            # No stored label or name holds a NUL, and PostgreSQL refuses one in a query.
            verdict=(args.get("verdict") or "").replace("\x00", "")[:60],
            speaker=(args.get("speaker") or "").replace("\x00", "")[:200],
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


@dataclass(frozen=True)
class Context:
    """The words around a claim: at most ``CONTEXT_CHARS`` on each side, cut between words;
    ``cut_before``/``cut_after`` say whether the transcript goes on beyond them."""

    before: str
    after: str
    cut_before: bool
    cut_after: bool


_FIRST_SPACE = re.compile(r"\s")
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")


def context_around(transcript: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> Context:
    """The text before ``start`` and after ``end``, never starting or ending inside a word."""
    low, high = max(0, start - chars), min(len(transcript), end + chars)
    before, after = transcript[low:start], transcript[end:high]
    if low > 0 and not transcript[low - 1].isspace():  # the word cut in two goes
        space = _FIRST_SPACE.search(before)
        before = before[space.start() :] if space else ""
    if high < len(transcript) and not transcript[high].isspace():
        space = _LAST_SPACE.search(after)
        after = after[: space.start()] if space else ""
    return Context(before.lstrip(), after.rstrip(), low > 0, high < len(transcript))


@dataclass
class Panel:
    claim: Claim
    number: int
    context: Context
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
    # An independent second review of the user's: others' verdicts, sources, notes and history
    # are left out until they submit theirs.
    blind: bool = False
    decision: decisions.Decision | None = None  # the editors' approval and publication


@dataclass
class Workspace:
    speech: Speech
    queue: list[QueueItem]  # the window of the queue sent
    queue_window: Window
    pieces: list[Piece]  # the window of the transcript sent
    transcript_window: Window
    speakers: list[str]
    ratings: list[Rating]
    min_sources: int
    panel: Panel | None
    # A claim asked for that is no longer here: merged (the panel shows the claim that holds its
    # text) or gone (no panel).
    asked_for_merged: bool = False
    asked_for_missing: bool = False


def queue_conditions(speech: Speech, user: User, filters: QueueFilters) -> list[sa.ColumnElement]:
    """WHERE of the queue: the speech's spans that pass the filters."""
    conditions: list[sa.ColumnElement] = [Claim.speech_id == speech.id]
    submitted = sa.exists().where(
        Verdict.claim_id == Claim.id, Verdict.status == VerdictStatus.SUBMITTED
    )
    any_verdict = sa.exists().where(Verdict.claim_id == Claim.id)
    if filters.status == "open":
        conditions.append(Claim.status == ClaimStatus.OPEN)
    elif filters.status == "checked":  # a submitted verdict: what the desk counts as checked
        conditions += [Claim.status == ClaimStatus.OPEN, submitted]
    elif filters.status == "draft":  # verdicts in draft only
        conditions += [Claim.status == ClaimStatus.OPEN, any_verdict, ~submitted]
    elif filters.status == "unchecked":  # no verdict at all yet
        conditions += [Claim.status == ClaimStatus.OPEN, ~any_verdict]
    elif filters.status == "dismissed":
        conditions.append(Claim.status == ClaimStatus.DISMISSED)
    if filters.speaker:
        conditions.append(Claim.speaker == filters.speaker)
    if filters.mine:  # worked on by the user: a verdict, a source or a note of theirs
        conditions.append(
            sa.or_(
                sa.exists().where(Verdict.claim_id == Claim.id, Verdict.author_id == user.id),
                sa.exists().where(Note.claim_id == Claim.id, Note.author_id == user.id),
                sa.exists().where(Source.claim_id == Claim.id, Source.created_by_id == user.id),
            )
        )
    if filters.verdict == "none":  # what still needs one: a dismissed span never does
        conditions.append(Claim.status == ClaimStatus.OPEN)
        conditions.append(~sa.exists().where(Verdict.claim_id == Claim.id))
    elif filters.verdict:  # on a claim reviewed blind, only the user's own verdict counts
        conditions.append(
            sa.exists().where(
                Verdict.claim_id == Claim.id,
                Verdict.rating_label == filters.verdict,
                sa.or_(Verdict.author_id == user.id, ~blind_condition(user.id)),
            )
        )
    return conditions


def _count(session: Session, conditions: list[sa.ColumnElement]) -> int:
    return session.scalar(select(func.count()).select_from(Claim).where(*conditions)) or 0


def queue_total(session: Session, speech: Speech, user: User, filters: QueueFilters) -> int:
    return _count(session, queue_conditions(speech, user, filters))


def _position(
    session: Session, conditions: list[sa.ColumnElement], order: str, claim: Claim
) -> int | None:
    """Where ``claim`` stands (from 1) among the spans meeting ``conditions`` in ``order``, or
    None if it does not meet them: the spans before it, counted."""
    if not session.scalar(select(sa.exists().where(*conditions, Claim.id == claim.id))):
        return None
    before: sa.ColumnElement = Claim.start < claim.start
    if order == "checkworthiness":  # claims to check first, the highest score first, then start
        rank = sa.case((Claim.status == ClaimStatus.OPEN, 0), else_=1)
        own_rank = 0 if claim.is_claim else 1
        score = claim.checkworthiness
        before = sa.or_(
            rank < own_rank,
            sa.and_(
                rank == own_rank,
                sa.or_(
                    Claim.checkworthiness > score,
                    sa.and_(Claim.checkworthiness == score, Claim.start < claim.start),
                ),
            ),
        )
    return _count(session, [*conditions, before]) + 1


def _neighbours(
    session: Session, conditions: list[sa.ColumnElement], order: list, position: int
) -> tuple[int | None, int | None]:
    """The ids before and after the item at ``position`` (from 1) of a list."""
    ids = session.scalars(
        select(Claim.id)
        .where(*conditions)
        .order_by(*order)
        .offset(max(position - 2, 0))
        .limit(3 if position > 1 else 2)
    ).all()
    if position > 1:
        return (ids[0] if ids else None), (ids[2] if len(ids) > 2 else None)
    return None, (ids[1] if len(ids) > 1 else None)


def _verdicts_of(
    session: Session, claim_ids: list[int], viewer_id: int
) -> dict[int, list[Verdict]]:
    """The verdicts of each claim the viewer may see: only their own on one they review blind."""
    verdicts: dict[int, list[Verdict]] = {}
    if not claim_ids:
        return verdicts
    for verdict in session.scalars(
        select(Verdict)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(
            Verdict.claim_id.in_(claim_ids),
            sa.or_(Verdict.author_id == viewer_id, ~blind_condition(viewer_id)),
        )
        .options(selectinload(Verdict.author), selectinload(Verdict.rating))
        .order_by(Verdict.id)
    ):
        verdicts.setdefault(verdict.claim_id, []).append(verdict)
    return verdicts


def _counts(
    session: Session, model: type[Source] | type[Note], claim_ids: list[int], viewer_id: int
) -> dict[int, int]:
    """How many sources (or notes) each claim has that the viewer may see."""
    if not claim_ids:
        return {}
    own = model.created_by_id if model is Source else model.author_id
    rows = session.execute(
        select(model.claim_id, func.count())
        .join(Claim, Claim.id == model.claim_id)
        .where(
            model.claim_id.in_(claim_ids),
            sa.or_(own == viewer_id, ~blind_condition(viewer_id)),
        )
        .group_by(model.claim_id)
    ).all()
    return dict(rows)


def queue_window(
    session: Session,
    speech: Speech,
    user: User,
    filters: QueueFilters,
    start: int,
    count: int = QUEUE_WINDOW,
    total: int | None = None,
) -> tuple[list[QueueItem], Window]:
    """Items ``start`` to ``start + count`` (from 0) of the queue, with what each chip shows."""
    conditions = queue_conditions(speech, user, filters)
    if total is None:
        total = _count(session, conditions)
    start = max(0, min(start, max(total - 1, 0)))
    claims = session.scalars(
        select(Claim)
        .where(*conditions)
        .order_by(*claim_order(filters.order))
        .offset(start)
        .limit(max(count, 0))
    ).all()
    if len(conditions) == 1 and filters.order == "transcript":  # every span, in order
        rows = [(claim, number) for number, claim in enumerate(claims, start=start + 1)]
    else:
        numbers = span_numbers(session, speech.id, list(claims))
        rows = [(claim, numbers[claim.id]) for claim in claims]
    ids = [claim.id for claim, _ in rows]
    verdicts = _verdicts_of(session, ids, user.id)
    sources = _counts(session, Source, ids, user.id)
    notes = _counts(session, Note, ids, user.id)
    items = [
        QueueItem(
            number=number,
            claim=claim,
            sources=sources.get(claim.id, 0),
            notes=notes.get(claim.id, 0),
            verdicts=verdicts.get(claim.id, []),
        )
        for claim, number in rows
    ]
    return items, Window(start, start + len(items), total)


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


@dataclass(frozen=True)
class Selection:
    """The claim a workspace address names, as found: its number and place in the queue."""

    claim_id: int | None
    number: int | None = None  # in the transcript, from 1
    position: int | None = (
        None  # in the queue as filtered and ordered, from 1; None if filtered out
    )
    merged: bool = False  # the address named a claim merged into this one since
    missing: bool = False  # the address named a claim that is not in this speech


def select_claim(
    session: Session, speech: Speech, user: User, filters: QueueFilters, asked: int | None
) -> Selection:
    if asked is None:
        return Selection(None)
    number = span_number(session, speech, asked)
    merged = False
    if number is None:
        holder = _merged_into(session, speech, asked)
        number = span_number(session, speech, holder)
        if number is None:
            return Selection(None, missing=True)
        asked, merged = holder, True
    claim = session.get(Claim, asked)
    if claim is None:
        return Selection(None, missing=True)
    position = _position(session, queue_conditions(speech, user, filters), filters.order, claim)
    return Selection(asked, number, position, merged=merged)


def load_panel(
    session: Session, speech: Speech, user: User, filters: QueueFilters, chosen: Selection
) -> Panel | None:
    """The panel of the chosen claim; its previous and next are in the queue, or in the
    transcript when the filters leave the claim out."""
    if chosen.claim_id is None or chosen.number is None:
        return None
    claim = session.get(Claim, chosen.claim_id)
    if claim is None:
        return None
    if chosen.position is not None:
        conditions = queue_conditions(speech, user, filters)
        previous_id, next_id = _neighbours(
            session, conditions, claim_order(filters.order), chosen.position
        )
    else:
        previous_id, next_id = _neighbours(
            session, [Claim.speech_id == speech.id], [Claim.start], chosen.number
        )
    blind = claim.id in blind_to(session, user.id, [claim.id])
    sources = list(
        session.scalars(
            select(Source)
            .where(
                Source.claim_id == claim.id, *([Source.created_by_id == user.id] if blind else [])
            )
            .options(selectinload(Source.created_by))
            .order_by(Source.position, Source.id)
        )
    )
    notes = list(
        session.scalars(
            select(Note)
            .where(Note.claim_id == claim.id, *([Note.author_id == user.id] if blind else []))
            .options(selectinload(Note.author))
            .order_by(Note.created_at, Note.id)
        )
    )
    verdicts = _verdicts_of(session, [claim.id], user.id).get(claim.id, [])
    # Claims absorbed by merges keep their id in the log; show their history here too.
    absorbed = session.scalars(
        select(ClaimMerge.absorbed_id).where(ClaimMerge.into_id == claim.id)
    ).all()
    next_claim = session.scalar(
        select(Claim)
        .where(Claim.speech_id == speech.id, Claim.start >= claim.end)
        .order_by(Claim.start)
        .limit(1)
    )
    transcript = speech.transcript
    return Panel(
        claim=claim,
        number=chosen.number,
        context=context_around(transcript, claim.start, claim.end),
        sources=sources,
        verdicts=verdicts,
        notes=notes,
        history=[
            describe(e)
            for e in claim_history(session, [claim.id, *absorbed])
            if not blind or e.actor_id == user.id
        ],
        blind=blind,
        previous_id=previous_id,
        next_id=next_id,
        next_claim=next_claim,
        claim_state=claim.words_token,
        changed_since={v.id: v for v in verdicts if not v.judged(claim)},
        # Blind, the decision would show the verdict up for approval and the votes on it.
        decision=None if blind else decisions.load(session, claim, user),
    )


def load(
    session: Session,
    speech: Speech,
    user: User,
    filters: QueueFilters,
    selected: int | None,
    *,
    queue_from: int | None = None,
    transcript_from: int | None = None,
    windows: bool = True,
) -> Workspace:
    """The workspace around claim ``selected``: windows of the queue and of the transcript that
    hold it (or start at ``queue_from`` / ``transcript_from``, counted from 0), and its panel.

    ``windows`` False loads the panel alone (moving from claim to claim in a page already open).
    """
    chosen = select_claim(session, speech, user, filters, selected)
    if not windows:
        return Workspace(
            speech=speech,
            queue=[],
            queue_window=Window(0, 0, 0),
            pieces=[],
            transcript_window=Window(0, 0, 0),
            speakers=[],
            ratings=active_ratings(session),
            min_sources=int(settings.get_setting(session, settings.MIN_SOURCES_FOR_VERDICT)),
            panel=load_panel(session, speech, user, filters, chosen),
            asked_for_merged=chosen.merged,
            asked_for_missing=chosen.missing,
        )
    queue_total = _count(session, queue_conditions(speech, user, filters))
    if queue_from is None:
        queue_from = centred(chosen.position, QUEUE_BEFORE, queue_total)
    queue, queue_at = queue_window(
        session, speech, user, filters, queue_from, QUEUE_WINDOW, queue_total
    )
    spans = _count(session, [Claim.speech_id == speech.id])
    if transcript_from is None:
        transcript_from = centred(chosen.number, TRANSCRIPT_BEFORE, spans)
    pieces, transcript_at = transcript_window(
        session, speech, transcript_from, TRANSCRIPT_CHUNK, spans, viewer_id=user.id
    )
    speakers = session.scalars(
        select(Claim.speaker)
        .where(Claim.speech_id == speech.id, Claim.speaker.is_not(None))
        .distinct()
        .order_by(Claim.speaker)
    ).all()
    return Workspace(
        speech=speech,
        queue=queue,
        queue_window=queue_at,
        pieces=pieces,
        transcript_window=transcript_at,
        speakers=[s for s in speakers if s],
        ratings=active_ratings(session),
        min_sources=int(settings.get_setting(session, settings.MIN_SOURCES_FOR_VERDICT)),
        panel=load_panel(session, speech, user, filters, chosen),
        asked_for_merged=chosen.merged,
        asked_for_missing=chosen.missing,
    )


def _merged_into(session: Session, speech: Speech, claim_id: int) -> int | None:
    """The claim of ``speech`` that took claim ``claim_id``'s text, if it was merged away."""
    return session.scalar(
        select(ClaimMerge.into_id).where(
            ClaimMerge.absorbed_id == claim_id, ClaimMerge.speech_id == speech.id
        )
    )
