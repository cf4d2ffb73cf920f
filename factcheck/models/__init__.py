"""Typed SQLAlchemy models, one module per aggregate."""

from factcheck.models.audit import AuditEvent
from factcheck.models.base import Base
from factcheck.models.review import (
    Note,
    Rating,
    RatingScale,
    Setting,
    Source,
    SourceKind,
    SourceStance,
    Verdict,
    VerdictStatus,
    VerdictWithdrawal,
)
from factcheck.models.speech import (
    Claim,
    ClaimMerge,
    ClaimStatus,
    DismissReason,
    Speech,
    SpeechStatus,
    TranscriptFormat,
)
from factcheck.models.speech_import import ImportState, SpeechImport
from factcheck.models.user import (
    AccountLink,
    AccountLinkPurpose,
    LoginThrottle,
    Role,
    User,
    UserSession,
)
from factcheck.models.workflow import (
    ApprovalVote,
    Assignment,
    ClaimState,
    ClaimWorkflow,
    Publication,
    PublicationKind,
    Resolution,
)

__all__ = [
    "AccountLink",
    "AccountLinkPurpose",
    "ApprovalVote",
    "Assignment",
    "AuditEvent",
    "Base",
    "Claim",
    "ClaimMerge",
    "ClaimState",
    "ClaimStatus",
    "ClaimWorkflow",
    "DismissReason",
    "ImportState",
    "LoginThrottle",
    "Note",
    "Publication",
    "PublicationKind",
    "Rating",
    "RatingScale",
    "Resolution",
    "Role",
    "Setting",
    "Source",
    "SourceKind",
    "SourceStance",
    "Speech",
    "SpeechImport",
    "SpeechStatus",
    "TranscriptFormat",
    "User",
    "UserSession",
    "Verdict",
    "VerdictStatus",
    "VerdictWithdrawal",
]
