"""Typed SQLAlchemy models, one module per aggregate."""

from factcheck.models.audit import AuditEvent
from factcheck.models.base import Base
from factcheck.models.speech import (
    Claim,
    ClaimStatus,
    DismissReason,
    Speech,
    SpeechStatus,
    TranscriptFormat,
)
from factcheck.models.user import Role, User

__all__ = [
    "AuditEvent",
    "Base",
    "Claim",
    "ClaimStatus",
    "DismissReason",
    "Role",
    "Speech",
    "SpeechStatus",
    "TranscriptFormat",
    "User",
]
