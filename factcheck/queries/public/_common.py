"""What the reader site's reads share: which publications are public now, the rating scale as
the pages colour it, and a publication's content as a `Check`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from factcheck.models import Publication, PublicationKind, RatingScale
from factcheck.models import Rating as ScaleRating
from factcheck.queries.public.records import Check, Rating, ScaleStep, Source, SpeechHead


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def current() -> Any:
    """Every public publication: the latest of its claim, not unpublished (a subquery).

    "No later version" rather than a join to each claim's highest number: that join grouped every
    publication for every search, however few matched; this reads the later versions of the rows
    at hand only, through the (claim_id, number) unique index."""
    later = sa.orm.aliased(Publication)
    return (
        sa.select(Publication)
        .where(
            Publication.unpublished_at.is_(None),
            ~sa.exists().where(
                later.claim_id == Publication.claim_id, later.number > Publication.number
            ),
        )
        .subquery("current")
    )


class Scale:
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


def speech_head(speech_id: int, shown: dict[str, Any]) -> SpeechHead:
    return SpeechHead(
        id=speech_id,
        title=shown.get("title") or "",
        speaker=shown.get("speaker") or "",
        delivered_on=day(shown.get("delivered_on")),
        source_url=shown.get("source_url"),
    )


def as_check(
    claim_id: int,
    kind: PublicationKind,
    published_at: datetime,
    content: dict[str, Any],
    scale: Scale,
    *,
    names: bool,
    head: SpeechHead | None = None,
) -> Check:
    claim, verdict = content["claim"], content["verdict"]
    return Check(
        id=claim_id,
        speech=head or speech_head(content["speech"]["id"], content["speech"]),
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
                published_on=day(s.get("published_on")),
                accessed_on=day(s.get("accessed_on")),
                stance=s.get("stance") or "",
            )
            for s in content.get("sources", [])
        ),
        withdrawn=kind is PublicationKind.WITHDRAWAL,
        published_at=published_at,
    )
