"""The reader pages' reads: the home page, a speech, a claim, the scale, corrections and feed.
Each takes a fixed number of queries, however many checks it shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from factcheck.models import Publication, PublicationKind, RatingScale, Setting, Speech
from factcheck.models import Rating as ScaleRating
from factcheck.queries.public._common import Scale, as_check, current, speech_head
from factcheck.queries.public.records import (
    ClaimPage,
    LogEntry,
    Notice,
    Rating,
    ScaleStep,
    SpeechCard,
    SpeechPage,
    Version,
    slugify,
)
from factcheck.services import settings

HOME_PAGE = 20  # speeches a page of the home page lists
FEED_ENTRIES = 50
CORRECTIONS_PAGE = 100
CONTEXT = 160  # characters of the transcript shown either side of a claim on its page
NOTED = (PublicationKind.CORRECTION, PublicationKind.WITHDRAWAL)
WITHDRAWN = "Withdrawn"


def speeches(
    session: Session, *, speaker: str | None = None, page: int = 1
) -> tuple[list[SpeechCard], bool]:
    """The speeches with public checks, latest published first, a page at a time (three
    queries); whether there is a next page."""
    live = current()
    speaker_of = live.c.content[("speech", "speaker")].as_string()
    query = (
        sa.select(live.c.speech_id, sa.func.max(live.c.published_at).label("updated"))
        .group_by(live.c.speech_id)
        .order_by(sa.desc("updated"), live.c.speech_id.desc())
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
    scale = Scale(session)
    rows = session.execute(
        sa.select(
            live.c.speech_id,
            live.c.published_at,
            live.c.kind,
            live.c.content["speech"].label("speech"),
            live.c.content[("verdict", "rating", "label")].as_string().label("label"),
        ).where(live.c.speech_id.in_([row.speech_id for row in listed]))
    ).all()
    heads: dict[int, tuple[datetime, dict[str, Any]]] = {}
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        # A withdrawn check no longer stands for its rating: it is counted apart, last.
        withdrawn = row.kind is PublicationKind.WITHDRAWAL
        counts[row.speech_id][WITHDRAWN if withdrawn else row.label or ""] += 1
        if row.speech_id not in heads or row.published_at > heads[row.speech_id][0]:
            heads[row.speech_id] = (row.published_at, row.speech)
    cards = []
    for row in listed:
        order = {step.label: i for i, step in enumerate(scale.rows)}
        ratings = sorted(
            counts[row.speech_id].items(),
            key=lambda item: (item[0] == WITHDRAWN, order.get(item[0], 99), item[0]),
        )
        cards.append(
            SpeechCard(
                head=speech_head(row.speech_id, heads[row.speech_id][1]),
                updated_at=row.updated,
                ratings=tuple(
                    (
                        Rating(
                            label,
                            None,
                            None,
                            css="rating-none" if label == WITHDRAWN else scale.css(label),
                        ),
                        n,
                    )
                    for label, n in ratings
                ),
            )
        )
    return cards, more


def speakers(session: Session) -> list[tuple[str, int]]:
    """Everyone with a public speech check, with how many speeches: one query."""
    live = current()
    speaker_of = live.c.content[("speech", "speaker")].as_string()
    rows = session.execute(
        sa.select(speaker_of.label("speaker"), sa.func.count(sa.distinct(live.c.speech_id)))
        .group_by(speaker_of)
        .order_by(speaker_of)
    ).all()
    return [(name, count) for name, count in rows if name]


def speech(session: Session, speech_id: int) -> SpeechPage | None:
    """A speech's public checks in transcript order, over its transcript (three queries); None
    when it has none."""
    live = current()
    rows = session.execute(
        sa.select(
            live.c.claim_id, live.c.kind, live.c.note, live.c.published_at, live.c.content
        ).where(live.c.speech_id == speech_id)
    ).all()
    if not rows:
        return None
    spoken = session.execute(
        sa.select(Speech.transcript, Speech.language, Speech.media_url).where(
            Speech.id == speech_id
        )
    ).one()
    scale = Scale(session)
    newest = max(rows, key=lambda row: row.published_at)
    head = speech_head(speech_id, newest.content["speech"])
    checks = sorted(
        (
            replace(
                as_check(
                    row.claim_id,
                    row.kind,
                    row.published_at,
                    row.content,
                    scale,
                    names=False,
                    head=head,
                ),
                # A withdrawn check's note shows beside it (corrections are on its page).
                notices=(Notice("withdrawal", row.note or "", row.published_at),)
                if row.kind is PublicationKind.WITHDRAWAL
                else (),
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


def _stamp_query() -> sa.Select:
    mine = Publication.claim_id == sa.bindparam("claim_id")
    return sa.select(
        sa.select(sa.func.max(Publication.number)).where(mine).scalar_subquery(),
        sa.select(sa.func.count(Publication.unpublished_at)).where(mine).scalar_subquery(),
        sa.select(Speech.version)
        .join(Publication, Publication.speech_id == Speech.id)
        .where(mine)
        .limit(1)
        .scalar_subquery(),
        sa.select(sa.func.max(Setting.updated_at)).scalar_subquery(),
        sa.select(sa.func.count(Setting.key)).scalar_subquery(),
        sa.select(sa.func.sum(RatingScale.version)).scalar_subquery(),
        sa.select(sa.func.count(ScaleRating.id)).scalar_subquery(),
    )


_STAMP = _stamp_query()  # built once: the permalink is the page most often asked for


def claim_stamp(session: Session, claim_id: int) -> tuple[Any, ...] | None:
    """What a claim's page is made of, in one small query: its publications (a new version, or one
    unpublished), its speech (the transcript around it), the settings and the rating scale. Equal
    stamps mean equal pages; None when the claim was never published."""
    # Core, not the ORM: no objects come back, and this runs on every permalink asked for.
    row = session.connection().execute(_STAMP, {"claim_id": claim_id}).one()
    return None if row[0] is None else tuple(row)


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
    scale = Scale(session)
    current = record[0]
    found = as_check(
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
    return Scale(session).steps()


def colours(session: Session) -> list[tuple[int, str]]:
    """(rating id, colour) of every rating, retired ones too: published checks keep theirs."""
    return [
        (row.id, row.colour)
        for row in session.execute(sa.select(ScaleRating.id, ScaleRating.colour))
    ]


def _log(session: Session, kinds: tuple[PublicationKind, ...], limit: int) -> list[LogEntry]:
    """Publications of these kinds on the public record of claims public now, newest first."""
    live = current()
    public_now = sa.select(live.c.claim_id)
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
