"""What reviewers attach to a claim: sources, verdicts on the organisation's rating scale, notes.

Verdicts copy the rating's label and value when given, so editing or retiring a rating later never
rewrites a past verdict. Everything here carries a version counter checked in each UPDATE.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import NO_ID_REUSE, Base, JSONType, UTCDateTime, str_enum, utcnow
from factcheck.models.history import (
    Audited,
    AuditedField,
    HasHistory,
    as_words,
    counted_from_one,
)
from factcheck.models.user import User

if TYPE_CHECKING:
    from factcheck.models.speech import Claim


class RatingScale(HasHistory, Base):
    __tablename__ = "rating_scale"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    ratings: Mapped[list[Rating]] = relationship(
        back_populates="scale", order_by="Rating.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __audited__ = Audited(
        "rating_scale",
        "rating scale",
        (
            AuditedField("name", "name"),
            AuditedField("ratings", "ratings", read=lambda scale: _ratings_snapshot(scale.ratings)),
        ),
    )


def _ratings_snapshot(ratings: list[Rating]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "position": r.position,
            "label": r.label,
            "definition": r.definition,
            "colour": r.colour,
            "value": r.value,
            "retired": r.retired,
        }
        for r in ratings
    ]


class Rating(Base):
    """One step of a scale. Ratings are listed by `position`, most true first; a rating on the
    true-to-false axis has a `value` that is larger the truer it is, off-axis ones have none."""

    __tablename__ = "rating"
    __table_args__ = (
        sa.UniqueConstraint("scale_id", "label"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.CheckConstraint("length(colour) = 7", name="colour_is_hex"),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rating_scale.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(60))
    definition: Mapped[str] = mapped_column(sa.Text, default="")
    colour: Mapped[str] = mapped_column(sa.String(7), default="#777777")
    value: Mapped[int | None]
    retired: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    scale: Mapped[RatingScale] = relationship(back_populates="ratings")

    @property
    def on_axis(self) -> bool:
        return self.value is not None


class SourceStance(enum.StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class SourceKind(enum.StrEnum):
    PRIMARY_DATA = "primary_data"
    OFFICIAL_RECORD = "official_record"
    EXPERT = "expert"
    NEWS_REPORT = "news_report"
    OTHER = "other"


class Source(HasHistory, Base):
    __tablename__ = "source"
    __table_args__ = (
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(sa.String(2000))
    title: Mapped[str] = mapped_column(sa.String(300))
    publisher: Mapped[str | None] = mapped_column(sa.String(200))
    published_on: Mapped[date | None]
    accessed_on: Mapped[date]
    quote: Mapped[str | None] = mapped_column(sa.Text)
    stance: Mapped[SourceStance] = mapped_column(str_enum(SourceStance, "stance"))
    kind: Mapped[SourceKind] = mapped_column(str_enum(SourceKind, "kind"))
    # IFCN: a source may be withheld from readers to protect it.
    is_public: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    created_by: Mapped[User | None] = relationship()
    claim: Mapped[Claim] = relationship()

    __mapper_args__ = {"version_id_col": version}

    __audited__ = Audited(
        "source",
        "source",
        (
            AuditedField("url", "url"),
            AuditedField("title", "title"),
            AuditedField("publisher", "publisher"),
            AuditedField("published_on", "published"),
            AuditedField("accessed_on", "accessed"),
            AuditedField("quote", "quote"),
            AuditedField("stance", "stance", shown_as=as_words),
            AuditedField("kind", "kind", shown_as=as_words),
            AuditedField("is_public", "public"),
            AuditedField("position", "position", shown_as=counted_from_one),
        ),
    )


class VerdictStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Verdict(HasHistory, Base):
    """One reviewer's verdict on a claim; several reviewers' verdicts can be compared."""

    __tablename__ = "verdict"
    __table_args__ = (sa.UniqueConstraint("claim_id", "author_id"), NO_ID_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    rating_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rating.id", ondelete="RESTRICT"), index=True
    )
    # Copied from the rating when given: later edits to the scale never rewrite this verdict.
    rating_label: Mapped[str] = mapped_column(sa.String(60))
    rating_value: Mapped[int | None]
    conclusion: Mapped[str] = mapped_column(sa.Text)
    explanation: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[VerdictStatus] = mapped_column(
        str_enum(VerdictStatus, "status"), default=VerdictStatus.DRAFT
    )
    # The claim as it was judged, stamped at every save: the span of the transcript, its words and
    # the "claim as checked" wording. A claim whose words differ from these has changed since.
    claim_start: Mapped[int]
    claim_end: Mapped[int]
    claim_text: Mapped[str] = mapped_column(sa.Text)
    claim_restatement: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[User | None] = relationship()
    rating: Mapped[Rating] = relationship()
    claim: Mapped[Claim] = relationship()

    __mapper_args__ = {"version_id_col": version}

    __audited__ = Audited(
        "verdict",
        "verdict",
        (
            AuditedField("rating_id", None),
            AuditedField("rating_label", "rating"),
            AuditedField("rating_value", None),
            AuditedField("conclusion", "conclusion"),
            AuditedField("explanation", "explanation"),
            AuditedField("status", "status", shown_as=as_words),
            AuditedField("claim_start", None),
            AuditedField("claim_end", None),
            AuditedField("claim_text", "claim judged"),
            AuditedField("claim_restatement", "claim as checked when judged"),
        ),
    )

    def judged(self, claim: Claim) -> bool:
        """Whether the verdict was given on the claim as it is now (same span, words, wording)."""
        return (self.claim_start, self.claim_end, self.claim_text, self.claim_restatement) == (
            claim.start,
            claim.end,
            claim.text,
            claim.restatement,
        )


class VerdictWithdrawal(Base):
    """A verdict taken back (by its author, an editor or an admin). The verdict's row is deleted
    and its last state is in the audit log; this is the fact, for telling its author who took it
    back when they next save."""

    __tablename__ = "verdict_withdrawal"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int]  # of a row that no longer exists
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    withdrawn_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])


class Note(HasHistory, Base):
    """Internal to staff: a thread per claim."""

    __tablename__ = "note"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[User | None] = relationship()
    claim: Mapped[Claim] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __audited__ = Audited(
        "note", "note", (AuditedField("body", "body"), AuditedField("author_id", None))
    )


class Setting(Base):
    """Organisation settings that admins change at run time (key -> JSON value)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
