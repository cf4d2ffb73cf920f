"""A speech keeps its transcript verbatim; its claims are exact character spans of it.

Invariant (enforced by services, tested, and checked here where the database can):
``speech.transcript[claim.start:claim.end] == claim.text``, ``0 <= start < end <= len(transcript)``,
claims of one speech are non-overlapping and ordered by ``start``. A claim's number is its rank in that
order, so merging or splitting renumbers without touching other rows.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.claims.formats import TranscriptFormat
from factcheck.claims.segment import NON_CLAIM_REASONS
from factcheck.models.base import NO_ID_REUSE, Base, JSONType, UTCDateTime, str_enum, utcnow
from factcheck.models.history import Audited, AuditedField, HasHistory, as_words
from factcheck.models.user import User


class SpeechStatus(enum.StrEnum):
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ClaimStatus(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"


class DismissReason(enum.StrEnum):
    NOT_A_CLAIM = "not_a_claim"
    OPINION = "opinion"
    NOT_CHECKWORTHY = "not_checkworthy"
    DUPLICATE = "duplicate"


class Speech(HasHistory, Base):
    __tablename__ = "speech"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    speaker: Mapped[str] = mapped_column(sa.String(200))
    delivered_on: Mapped[date | None]
    occasion: Mapped[str | None] = mapped_column(sa.String(300))
    source_url: Mapped[str | None] = mapped_column(sa.String(2000))
    language: Mapped[str] = mapped_column(sa.String(16), default="en")
    transcript: Mapped[str] = mapped_column(sa.Text)
    transcript_format: Mapped[TranscriptFormat] = mapped_column(
        str_enum(TranscriptFormat, "transcript_format"),
        default=TranscriptFormat.PLAIN,
        server_default=TranscriptFormat.PLAIN.value,
    )
    # The file as uploaded when it is not the transcript itself (captions); kept for provenance.
    source_text: Mapped[str | None] = mapped_column(sa.Text)
    media_url: Mapped[str | None] = mapped_column(sa.String(2000))
    status: Mapped[SpeechStatus] = mapped_column(
        str_enum(SpeechStatus, "status"), default=SpeechStatus.IN_REVIEW
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    created_by: Mapped[User | None] = relationship()
    claims: Mapped[list[Claim]] = relationship(
        back_populates="speech",
        order_by="Claim.start",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}

    __audited__ = Audited(
        "speech",
        "speech",
        (
            AuditedField("title", "title"),
            AuditedField("speaker", "speaker"),
            AuditedField("delivered_on", "date"),
            AuditedField("occasion", "occasion"),
            AuditedField("source_url", "source"),
            AuditedField("language", "language"),
            AuditedField("format", "format", attr="transcript_format"),
            AuditedField("media_url", "media"),
            AuditedField("status", "status", shown_as=as_words),
        ),
    )

    def __repr__(self) -> str:
        return f"<Speech {self.id} {self.title!r}>"


class Claim(HasHistory, Base):
    __tablename__ = "claim"
    __table_args__ = (
        sa.CheckConstraint("start >= 0", name="start_not_negative"),
        sa.CheckConstraint('"end" > start', name="start_before_end"),
        sa.CheckConstraint(
            "(status = 'dismissed') = (dismiss_reason IS NOT NULL)", name="dismissed_has_reason"
        ),
        sa.CheckConstraint(
            "checkworthiness >= 0 AND checkworthiness <= 1", name="checkworthiness_in_unit_range"
        ),
        sa.CheckConstraint("media_end_ms >= media_start_ms", name="media_times_ordered"),
        sa.UniqueConstraint("speech_id", "start"),
        # A speech's speakers for the workspace's filter, read from the index alone.
        sa.Index(None, "speech_id", "speaker"),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    speech_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speech.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ClaimStatus] = mapped_column(
        str_enum(ClaimStatus, "status"), default=ClaimStatus.OPEN, index=True
    )
    dismiss_reason: Mapped[DismissReason | None] = mapped_column(
        str_enum(DismissReason, "dismiss_reason")
    )
    # Why it was dismissed, in words; for the machine's own decisions this is the segmenter's reason.
    dismiss_note: Mapped[str | None] = mapped_column(sa.String(500))
    # NULL with a dismiss_reason means the machine decided it at import.
    dismissed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # "Claim as checked": a short wording kept apart from the verbatim quote (under 75 characters is
    # advised, as ClaimReview consumers truncate longer ones).
    restatement: Mapped[str | None] = mapped_column(sa.String(300))
    speaker: Mapped[str | None] = mapped_column(sa.String(200))
    media_start_ms: Mapped[int | None]
    media_end_ms: Mapped[int | None]
    # Check-worthiness from `factcheck.claims.checkworthiness` at import: score, type and reasons.
    checkworthiness: Mapped[float] = mapped_column(default=0.0, server_default="0")
    claim_type: Mapped[str | None] = mapped_column(sa.String(32))
    checkworthiness_reasons: Mapped[list[str]] = mapped_column(
        JSONType, default=list, server_default=sa.text("'[]'")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic locking: every UPDATE checks and bumps it, so a stale edit fails instead of winning.
    version: Mapped[int] = mapped_column(default=1)

    speech: Mapped[Speech] = relationship(back_populates="claims")

    __mapper_args__ = {"version_id_col": version}
    __audited__ = Audited(
        "claim",
        "claim",
        (
            AuditedField("start", "start"),
            AuditedField("end", "end"),
            AuditedField("text", "text"),
            AuditedField("restatement", "claim as checked"),
            AuditedField("status", "status", shown_as=as_words),
            AuditedField("dismiss_reason", "dismissed as", shown_as=as_words),
            AuditedField("dismiss_note", "why dismissed"),
        ),
    )

    @property
    def words_token(self) -> str:
        """A short token of the claim's words as a reviewer sees them: its span and its wording.

        The verdict form carries it, so a verdict is never saved on words its author did not see.
        """
        seen = f"{self.start}:{self.end}:{self.restatement or ''}"
        return hashlib.sha256(seen.encode("utf-8")).hexdigest()[:16]

    @property
    def is_claim(self) -> bool:
        return self.status is ClaimStatus.OPEN

    @property
    def machine_reason(self) -> str | None:
        """Why the import found this span no claim ("salutation", "question" ...), if it did."""
        if self.is_claim or self.dismissed_by_id is not None:
            return None
        return self.dismiss_note if self.dismiss_note in NON_CLAIM_REASONS else None

    def __repr__(self) -> str:
        return f"<Claim {self.id} [{self.start}:{self.end}]>"


class ClaimMerge(Base):
    """A claim merged away, and the claim that holds its text now.

    Kept one hop deep: when the holder is itself merged away, its redirects move to the new holder,
    so a link to any claim ever merged finds the claim that holds it in one look-up. Who merged
    and when is the first merge's; the audit log keeps each step.
    """

    __tablename__ = "claim_merge"

    absorbed_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    into_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    speech_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speech.id", ondelete="CASCADE"), index=True
    )
    merged_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    merged_by: Mapped[User | None] = relationship()


# Claims of a speech never overlap, whatever the code does: PostgreSQL refuses an overlapping span
# with an exclusion constraint (ranges of the speech id compare as equal without btree_gist);
# SQLite, which has none, with triggers that look only at the neighbours through the
# (speech_id, start) index. Migration 0005 creates the same objects.
CLAIM_OVERLAP_CONSTRAINT = "ex_claim_spans_do_not_overlap"
_OVERLAPS_NEW = (
    "WHEN EXISTS (SELECT 1 FROM claim AS c WHERE c.speech_id = NEW.speech_id "
    'AND c.id IS NOT NEW.id AND c.start >= NEW.start AND c.start < NEW."end") '
    'OR (SELECT c."end" FROM claim AS c WHERE c.speech_id = NEW.speech_id '
    "AND c.id IS NOT NEW.id AND c.start < NEW.start ORDER BY c.start DESC LIMIT 1) > NEW.start "
    "BEGIN SELECT RAISE(ABORT, "
    "'ex_claim_spans_do_not_overlap: claims of a speech may not overlap'); END"
)
CLAIM_OVERLAP_DDL = {
    "postgresql": [
        "ALTER TABLE claim ADD CONSTRAINT ex_claim_spans_do_not_overlap EXCLUDE USING gist "
        "(int4range(speech_id, speech_id, '[]') WITH =, int4range(start, \"end\") WITH &&)"
    ],
    "sqlite": [
        "CREATE TRIGGER claim_no_overlap_insert BEFORE INSERT ON claim " + _OVERLAPS_NEW,
        'CREATE TRIGGER claim_no_overlap_update BEFORE UPDATE OF speech_id, start, "end" '
        "ON claim " + _OVERLAPS_NEW,
    ],
}
for _dialect, _statements in CLAIM_OVERLAP_DDL.items():
    for _statement in _statements:
        sa.event.listen(
            Claim.__table__, "after_create", sa.DDL(_statement).execute_if(dialect=_dialect)
        )
