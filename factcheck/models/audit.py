"""The audit log: who did what to which object, when, with the state before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import NO_ID_REUSE, Base, JSONType, UTCDateTime, utcnow
from factcheck.models.history import AuditAction
from factcheck.models.user import User


class ActionType(sa.types.TypeDecorator[AuditAction]):
    """An `AuditAction` stored as its value in VARCHAR(64), with no CHECK constraint: the log is
    append-only, and a new kind of change must not need a migration of it."""

    impl = sa.String(64)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else AuditAction(value).value

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> AuditAction | None:
        return None if value is None else AuditAction(value)


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index(None, "object_type", "object_id"), NO_ID_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # NULL actor: the system (an import's machine decisions, a CLI run without a user).
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[AuditAction] = mapped_column(ActionType())
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int]
    # Denormalised so a speech's history is one indexed query; kept when the speech is deleted.
    speech_id: Mapped[int | None] = mapped_column(index=True)
    # The claim the change concerns, so a claim's history is one indexed query (kept after merges).
    claim_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.object_type}:{self.object_id}>"
