"""A long transcript's import, run in the background: its state and progress, shown while it runs.

The transcript waits here until the import has stored the speech; then it is dropped.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import NO_ID_REUSE, Base, JSONType, UTCDateTime, str_enum, utcnow


class ImportState(enum.StrEnum):
    QUEUED = "queued"
    SPLITTING = "splitting"  # into claims, each scored
    STORING = "storing"  # the speech and its claims, in one transaction
    DONE = "done"
    FAILED = "failed"


class SpeechImport(Base):
    __tablename__ = "speech_import"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    speech_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speech.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[ImportState] = mapped_column(
        str_enum(ImportState, "import_state"), default=ImportState.QUEUED
    )
    characters: Mapped[int]
    spans: Mapped[int | None]  # known once the transcript is split
    message: Mapped[str | None] = mapped_column(sa.String(500))  # why it failed, in words
    # What the import form said about the speech (`services.speeches.SpeechDetails`), and the file.
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    transcript: Mapped[str] = mapped_column(sa.Text, default="")
    transcript_format: Mapped[str | None] = mapped_column(sa.String(32))
    filename: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the state last changed: an import not finished long after is taken for stopped.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)
