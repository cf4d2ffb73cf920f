"""Who may do what, in one place. Views enforce these; templates use them only to hide buttons."""

from __future__ import annotations

from typing import Any

from factcheck.models import Role, Speech, SpeechStatus

STAFF_ROLES = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in STAFF_ROLES


def can_use_desk(user: Any) -> bool:
    return is_staff(user)


def can_import_speech(user: Any) -> bool:
    return is_staff(user)


def can_view_speech_as_staff(user: Any, speech: Speech) -> bool:
    return is_staff(user)


def can_read_publicly(speech: Speech) -> bool:
    return speech.status is SpeechStatus.PUBLISHED


def can_manage_users(user: Any) -> bool:
    return is_staff(user) and user.role is Role.ADMIN
