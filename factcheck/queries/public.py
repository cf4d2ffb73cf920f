"""The reader site's reads: only what was published, from each claim's frozen publication.

A claim is public while its latest publication is not unpublished; that publication's `content`
(frozen when published) is all readers see of its check, a withdrawal shown as withdrawn with
its note. Of a speech with a public check, readers also see its transcript, media address and
language (what was said, not the desk's work), read from the speech itself. Nothing here reads
verdicts, sources, notes, workflow or the audit log: a leak cannot come from a join gone wrong.
Staff names are left out when the settings hide them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from factcheck.models import Publication, PublicationKind, RatingScale, Speech
from factcheck.models import Rating as ScaleRating
from factcheck.services import settings

HOME_PAGE = 20  # speeches a page of the home page lists
FEED_ENTRIES = 50
CORRECTIONS_PAGE = 100
CONTEXT = 160  # characters of the transcript shown either side of a claim on its page
NOTED = (PublicationKind.CORRECTION, PublicationKind.WITHDRAWAL)


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    """A rating as published; ``css`` colours it (the scale's rating of that label, if any)."""

    label: str
    value: int | None
    definition: str | None
    css: str


@dataclass(frozen=True, slots=True)
class ScaleStep:
    """One rating of the organisation's scale, for the methodology page and legends."""

    label: str
    definition: str
    value: int | None
    css: str


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    title: str
    publisher: str | None
    quote: str | None
    published_on: date | None
    accessed_on: date | None
    stance: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A public correction or withdrawal note."""

    kind: str  # "correction" or "withdrawal"
    note: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Version:
    """An earlier published version of a check, as readers were shown it."""

    number: int
    kind: str
    published_at: datetime
    rating: str
    conclusion: str | None


@dataclass(frozen=True, slots=True)
class SpeechHead:
    id: int
    title: str
    speaker: str
    delivered_on: date | None
    source_url: str | None


@dataclass(frozen=True, slots=True)
class Check:
    """A published check as readers see it now."""

    id: int
    speech: SpeechHead
    text: str
    start: int
    end: int
    restatement: str | None
    speaker: str | None
    media_start_ms: int | None
    media_end_ms: int | None
    rating: Rating
    conclusion: str | None
    explanation: str | None
    reviewer: str | None  # None when names are hidden
    approvers: tuple[str, ...]
    sources: tuple[Source, ...]
    withdrawn: bool
    published_at: datetime  # this version's
    notices: tuple[Notice, ...] = ()  # oldest first
    earlier: tuple[Version, ...] = ()  # newest first
    first_published_at: datetime | None = None

    @property
    def as_checked(self) -> str:
        return self.restatement or self.text

    @property
    def slug(self) -> str:
        return slugify(self.as_checked)

    @property
    def withdrawal_note(self) -> str | None:
        notes = [n.note for n in self.notices if n.kind == "withdrawal"]
        return notes[-1] if notes else None

    @property
    def corrected_at(self) -> datetime | None:
        return self.notices[-1].published_at if self.notices else None


@dataclass(frozen=True, slots=True)
class SpeechCard:
    """A speech on the home page: its head, when it was last published to, its checks' ratings."""

    head: SpeechHead
    updated_at: datetime
    ratings: tuple[tuple[Rating, int], ...]  # most checks first

    @property
    def total(self) -> int:
        return sum(count for _, count in self.ratings)


@dataclass(frozen=True, slots=True)
class SpeechPage:
    head: SpeechHead
    transcript: str
    language: str | None
    media_url: str | None
    checks: tuple[Check, ...]  # in transcript order
    legend: tuple[ScaleStep, ...]  # the ratings these checks carry, in the scale's order
    updated_at: datetime

    def pieces(self) -> list[tuple[str, Check | None]]:
        """The transcript cut into plain text and checked claims, in order. A check whose span
        no longer holds its words (or overlaps the one before) is left to the list below it."""
        found: list[tuple[str, Check | None]] = []
        at = 0
        for check in self.checks:
            if check.start < at or self.transcript[check.start : check.end] != check.text:
                continue
            if check.start > at:
                found.append((self.transcript[at : check.start], None))
            found.append((check.text, check))
            at = check.end
        if at < len(self.transcript):
            found.append((self.transcript[at:], None))
        return found


@dataclass(frozen=True, slots=True)
class ClaimPage:
    check: Check
    before: str  # the transcript just before the claim
    after: str
    organisation: str
    organisation_url: str | None
    best: int | None  # the scale's truest and falsest values on its axis
    worst: int | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A correction, a withdrawal or a first publication, for the feed and the corrections page."""

    id: int
    kind: str
    claim_id: int
    claim: str  # as checked
    slug: str
    speech_title: str
    rating: str
    conclusion: str | None
    note: str | None
    published_at: datetime


# -- helpers -----------------------------------------------------------------------------------


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, at most `limit` characters; "claim" if none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "claim"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _current() -> Any:
    """Every public publication: the latest of its claim, not unpublished (a subquery)."""
    latest = (
        sa.select(Publication.claim_id, sa.func.max(Publication.number).label("number"))
        .group_by(Publication.claim_id)
        .subquery()
    )
    return (
        sa.select(Publication)
        .join(
            latest,
            sa.and_(
                latest.c.claim_id == Publication.claim_id, latest.c.number == Publication.number
            ),
        )
        .where(Publication.unpublished_at.is_(None))
        .subquery("current")
    )


class _Scale:
    """The active scale (the first made, as the desk uses it): colours by label, its axis."""

    def __init__(self, session: Session) -> None:
        first = sa.select(RatingScale.id).order_by(RatingScale.id).limit(1).scalar_subquery()
        rows = session.execute(
            sa.select(
                ScaleRating.id,
                ScaleRating.label,
                ScaleRating.definition,
                ScaleRating.value,
                ScaleRating.retired,
            )
            .where(ScaleRating.scale_id == first)
            .order_by(ScaleRating.position, ScaleRating.id)
        ).all()
        self.rows = rows
        self.by_label = {row.label: row for row in rows}
        values = [row.value for row in rows if row.value is not None]
        self.best = max(values) if values else None
        self.worst = min(values) if values else None

    def css(self, label: str) -> str:
        row = self.by_label.get(label)
        return f"rating-{row.id}" if row is not None else "rating-none"

    def rating(self, shown: dict[str, Any]) -> Rating:
        label = shown.get("label") or ""
        return Rating(label, shown.get("value"), shown.get("definition"), self.css(label))

    def steps(self, *, labels: set[str] | None = None) -> tuple[ScaleStep, ...]:
        return tuple(
            ScaleStep(row.label, row.definition or "", row.value, f"rating-{row.id}")
            for row in self.rows
            if (labels is None and not row.retired) or (labels is not None and row.label in labels)
        )


def _head(speech_id: int, shown: dict[str, Any]) -> SpeechHead:
    return SpeechHead(
        id=speech_id,
        title=shown.get("title") or "",
        speaker=shown.get("speaker") or "",
        delivered_on=_day(shown.get("delivered_on")),
        source_url=shown.get("source_url"),
    )


def _check(
    claim_id: int,
    kind: PublicationKind,
    published_at: datetime,
    content: dict[str, Any],
    scale: _Scale,
    *,
    names: bool,
    head: SpeechHead | None = None,
) -> Check:
    claim, verdict = content["claim"], content["verdict"]
    return Check(
        id=claim_id,
        speech=head or _head(content["speech"]["id"], content["speech"]),
        text=claim["text"],
        start=claim["start"],
        end=claim["end"],
        restatement=claim.get("restatement"),
        speaker=claim.get("speaker"),
        media_start_ms=claim.get("media_start_ms"),
        media_end_ms=claim.get("media_end_ms"),
        rating=scale.rating(verdict.get("rating") or {}),
        conclusion=verdict.get("conclusion"),
        explanation=verdict.get("explanation"),
        reviewer=verdict.get("reviewer") if names else None,
        approvers=tuple(a["name"] for a in content.get("approvers", []) if names and a.get("name")),
        sources=tuple(
            Source(
                url=s["url"],
                title=s["title"],
                publisher=s.get("publisher"),
                quote=s.get("quote"),
                published_on=_day(s.get("published_on")),
                accessed_on=_day(s.get("accessed_on")),
                stance=s.get("stance") or "",
            )
            for s in content.get("sources", [])
        ),
        withdrawn=kind is PublicationKind.WITHDRAWAL,
        published_at=published_at,
    )


# -- pages -------------------------------------------------------------------------------------


def speeches(
    session: Session, *, speaker: str | None = None, page: int = 1
) -> tuple[list[SpeechCard], bool]:
    """The speeches with public checks, latest published first, a page at a time (three
    queries); whether there is a next page."""
    current = _current()
    speaker_of = current.c.content[("speech", "speaker")].as_string()
    query = (
        sa.select(current.c.speech_id, sa.func.max(current.c.published_at).label("updated"))
        .group_by(current.c.speech_id)
        .order_by(sa.desc("updated"), current.c.speech_id.desc())
        .limit(HOME_PAGE + 1)
        .offset((page - 1) * HOME_PAGE)
    )
    if speaker:
        query = query.where(speaker_of == speaker)
    listed = session.execute(query).all()
    more = len(listed) > HOME_PAGE
    listed = listed[:HOME_PAGE]
    if not listed:
        return [], False
    scale = _Scale(session)
    rows = session.execute(
        sa.select(
            current.c.speech_id,
            current.c.published_at,
            current.c.content["speech"].label("speech"),
            current.c.content[("verdict", "rating", "label")].as_string().label("label"),
        ).where(current.c.speech_id.in_([row.speech_id for row in listed]))
    ).all()
    heads: dict[int, tuple[datetime, dict[str, Any]]] = {}
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[row.speech_id][row.label or ""] += 1
        if row.speech_id not in heads or row.published_at > heads[row.speech_id][0]:
            heads[row.speech_id] = (row.published_at, row.speech)
    cards = []
    for row in listed:
        order = {step.label: i for i, step in enumerate(scale.rows)}
        ratings = sorted(
            counts[row.speech_id].items(), key=lambda item: (order.get(item[0], 99), item[0])
        )
        cards.append(
            SpeechCard(
                head=_head(row.speech_id, heads[row.speech_id][1]),
                updated_at=row.updated,
                ratings=tuple(
                    (Rating(label, None, None, scale.css(label)), n) for label, n in ratings
                ),
            )
        )
    return cards, more


def speakers(session: Session) -> list[tuple[str, int]]:
    """Everyone with a public speech check, with how many speeches: one query."""
    current = _current()
    speaker_of = current.c.content[("speech", "speaker")].as_string()
    rows = session.execute(
        sa.select(speaker_of.label("speaker"), sa.func.count(sa.distinct(current.c.speech_id)))
        .group_by(speaker_of)
        .order_by(speaker_of)
    ).all()
    return [(name, count) for name, count in rows if name]


def speech(session: Session, speech_id: int) -> SpeechPage | None:
    """A speech's public checks in transcript order, over its transcript (three queries); None
    when it has none."""
    current = _current()
    rows = session.execute(
        sa.select(
            current.c.claim_id, current.c.kind, current.c.published_at, current.c.content
        ).where(current.c.speech_id == speech_id)
    ).all()
    if not rows:
        return None
    spoken = session.execute(
        sa.select(Speech.transcript, Speech.language, Speech.media_url).where(
            Speech.id == speech_id
        )
    ).one()
    scale = _Scale(session)
    newest = max(rows, key=lambda row: row.published_at)
    head = _head(speech_id, newest.content["speech"])
    checks = sorted(
        (
            _check(
                row.claim_id, row.kind, row.published_at, row.content, scale, names=False, head=head
            )
            for row in rows
        ),
        key=lambda check: check.start,
    )
    labels = {check.rating.label for check in checks}
    return SpeechPage(
        head=head,
        transcript=spoken.transcript,
        language=spoken.language,
        media_url=spoken.media_url,
        checks=tuple(checks),
        legend=scale.steps(labels=labels),
        updated_at=newest.published_at,
    )


def claim(session: Session, claim_id: int) -> ClaimPage | None:
    """A public check with its notices and earlier versions, its context in the transcript and
    who publishes it (four queries); None when the claim is not public."""
    publications = session.execute(
        sa.select(
            Publication.number,
            Publication.kind,
            Publication.note,
            Publication.content,
            Publication.published_at,
            Publication.unpublished_at,
            Publication.speech_id,
        )
        .where(Publication.claim_id == claim_id)
        .order_by(Publication.number.desc())
    ).all()
    if not publications or publications[0].unpublished_at is not None:
        return None
    # Versions an editor unpublished never stood: they are not on the public record.
    record = [p for p in publications if p.unpublished_at is None]
    values = settings.all_settings(session)
    names = bool(values[settings.SHOW_STAFF_NAMES])
    scale = _Scale(session)
    current = record[0]
    found = _check(
        claim_id, current.kind, current.published_at, current.content, scale, names=names
    )
    notices = tuple(
        Notice(p.kind.value, p.note or "", p.published_at)
        for p in reversed(record)
        if p.kind in NOTED
    )
    earlier = tuple(
        Version(
            number=p.number,
            kind=p.kind.value,
            published_at=p.published_at,
            rating=(p.content.get("verdict", {}).get("rating") or {}).get("label") or "",
            conclusion=p.content.get("verdict", {}).get("conclusion"),
        )
        for p in record[1:]
    )
    found = replace(
        found, notices=notices, earlier=earlier, first_published_at=record[-1].published_at
    )
    before, after = _context(session, current.speech_id, found.start, found.end)
    return ClaimPage(
        check=found,
        before=before,
        after=after,
        organisation=values[settings.ORGANISATION_NAME],
        organisation_url=values[settings.ORGANISATION_URL] or None,
        best=scale.best,
        worst=scale.worst,
    )


def _context(session: Session, speech_id: int, start: int, end: int) -> tuple[str, str]:
    """The transcript's CONTEXT characters either side of the span, cut at a word: one query."""
    begin = max(0, start - CONTEXT)
    row = session.execute(
        sa.select(
            sa.func.substr(Speech.transcript, begin + 1, start - begin).label("before"),
            sa.func.substr(Speech.transcript, end + 1, CONTEXT).label("after"),
        ).where(Speech.id == speech_id)
    ).one()
    before, after = row.before or "", row.after or ""
    if begin > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if len(after) == CONTEXT and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, after


def scale_steps(session: Session) -> tuple[ScaleStep, ...]:
    """The active scale's ratings in use, truest first: one query."""
    return _Scale(session).steps()


def colours(session: Session) -> list[tuple[int, str]]:
    """(rating id, colour) of every rating, retired ones too: published checks keep theirs."""
    return [
        (row.id, row.colour)
        for row in session.execute(sa.select(ScaleRating.id, ScaleRating.colour))
    ]


def _log(session: Session, kinds: tuple[PublicationKind, ...], limit: int) -> list[LogEntry]:
    """Publications of these kinds on the public record of claims public now, newest first."""
    current = _current()
    public_now = sa.select(current.c.claim_id)
    rows = session.execute(
        sa.select(
            Publication.id,
            Publication.kind,
            Publication.claim_id,
            Publication.note,
            Publication.content,
            Publication.published_at,
        )
        .where(
            Publication.kind.in_(kinds),
            Publication.unpublished_at.is_(None),
            Publication.claim_id.in_(public_now),
        )
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(limit)
    ).all()
    entries = []
    for row in rows:
        claim_shown = row.content.get("claim", {})
        verdict = row.content.get("verdict", {})
        checked = claim_shown.get("restatement") or claim_shown.get("text") or ""
        entries.append(
            LogEntry(
                id=row.id,
                kind=row.kind.value,
                claim_id=row.claim_id,
                claim=checked,
                slug=slugify(checked),
                speech_title=row.content.get("speech", {}).get("title") or "",
                rating=(verdict.get("rating") or {}).get("label") or "",
                conclusion=verdict.get("conclusion"),
                note=row.note,
                published_at=row.published_at,
            )
        )
    return entries


def corrections(session: Session) -> list[LogEntry]:
    """Every public correction and withdrawal, newest first (one query)."""
    return _log(session, NOTED, CORRECTIONS_PAGE)


def feed(session: Session) -> list[LogEntry]:
    """New, corrected and withdrawn checks, newest first (one query)."""
    return _log(session, (PublicationKind.FIRST, *NOTED), FEED_ENTRIES)


def organisation(session: Session) -> tuple[str, str | None]:
    values = settings.all_settings(session)
    return values[settings.ORGANISATION_NAME], values[settings.ORGANISATION_URL] or None
