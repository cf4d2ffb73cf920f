"""Who may do what, in one place. Views enforce these; templates use them only to hide buttons."""

from __future__ import annotations

from typing import Any

from factcheck.models import Note, Role, Speech, SpeechStatus, Verdict

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


def can_review(user: Any) -> bool:
    """Attach sources, give verdicts and write notes on claims."""
    return is_staff(user)


def can_manage_rating_scale(user: Any) -> bool:
    return is_staff(user) and user.role is Role.ADMIN


def can_manage_settings(user: Any) -> bool:
    return is_staff(user) and user.role is Role.ADMIN


def can_edit_note(user: Any, note: Note) -> bool:
    return is_staff(user) and note.author_id == user.id


def can_delete_note(user: Any, note: Note) -> bool:
    """Its author, or an editor or admin tidying the thread."""
    return is_staff(user) and (note.author_id == user.id or user.role in (Role.ADMIN, Role.EDITOR))


def can_restore_verdict(user: Any, verdict: Verdict) -> bool:
    """A verdict is one reviewer's judgement: only its author brings back an earlier version."""
    return is_staff(user) and verdict.author_id == user.id


def can_withdraw_verdict(user: Any, verdict: Verdict) -> bool:
    """Its author takes it back; an editor or admin may remove anyone's (to unblock a merge)."""
    return is_staff(user) and (
        verdict.author_id == user.id or user.role in (Role.ADMIN, Role.EDITOR)
    )


def can_work_on(user: Any, speech: Speech) -> bool:
    """Staff work on speeches in review (publishing and corrections come with the editor's desk)."""
    return is_staff(user) and speech.status is not SpeechStatus.ARCHIVED
