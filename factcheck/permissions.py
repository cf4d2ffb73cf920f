"""Who may do what, in one place: named permissions, each granted by predicates on the user and,
where it matters, the object acted on.

Services check the permission of every write (`require`); views check it too, to answer 403/404
before any work; templates ask the same questions only to hide buttons. An actor of None is the
command line or the system (an import run by whoever runs the server), which is trusted.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from factcheck.errors import PermissionDenied
from factcheck.models import Role, Speech, SpeechStatus

STAFF_ROLES = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})


class Permission(enum.StrEnum):
    USE_DESK = "desk.use"
    IMPORT_SPEECH = "speech.import"
    VIEW_SPEECH_AS_STAFF = "speech.view_as_staff"
    WORK_ON_SPEECH = "speech.work"  # object: the speech
    EDIT_SPEECH = "speech.edit"  # object: the speech; its details and speakers' names
    ARCHIVE_SPEECH = "speech.archive"  # object: the speech
    DELETE_SPEECH = "speech.delete"  # object: the speech
    REVIEW = "claim.review"  # fix the split, attach sources, give verdicts, write notes
    EDIT_NOTE = "note.edit"  # object: the note
    DELETE_NOTE = "note.delete"  # object: the note
    RESTORE_VERDICT = "verdict.restore"  # object: the verdict
    WITHDRAW_VERDICT = "verdict.withdraw"  # object: the verdict
    ASSIGN = "work.assign"  # give reviewers claims or speeches to check, ask for second reviews
    DECIDE = "claim.decide"  # approve a submitted verdict or send it back
    PUBLISH = "claim.publish"  # publish, unpublish, correct and withdraw published checks
    EXPORT_UNPUBLISHED = "exports.unpublished"  # export the live desk: drafts aside, everything
    MANAGE_RATING_SCALE = "rating_scale.manage"
    MANAGE_SETTINGS = "settings.manage"
    MANAGE_USERS = "users.manage"


Predicate = Callable[[Any, Any], bool]


def is_staff(user: Any, obj: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in STAFF_ROLES


def _is_admin(user: Any, obj: Any = None) -> bool:
    return is_staff(user) and user.role is Role.ADMIN


def _is_editor(user: Any, obj: Any = None) -> bool:
    return is_staff(user) and user.role in (Role.ADMIN, Role.EDITOR)


def _is_author(user: Any, obj: Any) -> bool:
    return obj is not None and obj.author_id == user.id


def _speech_in_work(user: Any, speech: Speech) -> bool:
    """Staff work on speeches in review (publishing and corrections come with the editor's desk)."""
    return speech.status is not SpeechStatus.ARCHIVED


# Each permission is granted when all predicates of any one of its clauses hold.
PERMISSION_MAP: dict[Permission, tuple[tuple[Predicate, ...], ...]] = {
    Permission.USE_DESK: ((is_staff,),),
    Permission.IMPORT_SPEECH: ((is_staff,),),
    Permission.VIEW_SPEECH_AS_STAFF: ((is_staff,),),
    Permission.WORK_ON_SPEECH: ((is_staff, _speech_in_work),),
    Permission.EDIT_SPEECH: ((is_staff, _speech_in_work),),
    Permission.ARCHIVE_SPEECH: ((_is_editor,),),
    Permission.DELETE_SPEECH: ((_is_admin,),),
    Permission.REVIEW: ((is_staff,),),
    # A note is its author's to edit; an editor or admin may delete any, tidying the thread.
    Permission.EDIT_NOTE: ((is_staff, _is_author),),
    Permission.DELETE_NOTE: ((is_staff, _is_author), (_is_editor,)),
    # A verdict is one reviewer's judgement: only its author brings back an earlier version; an
    # editor or admin may remove anyone's (to unblock a merge).
    Permission.RESTORE_VERDICT: ((is_staff, _is_author),),
    Permission.WITHDRAW_VERDICT: ((is_staff, _is_author), (_is_editor,)),
    Permission.ASSIGN: ((_is_editor,),),
    Permission.DECIDE: ((_is_editor,),),
    Permission.PUBLISH: ((_is_editor,),),
    Permission.EXPORT_UNPUBLISHED: ((_is_editor,),),
    Permission.MANAGE_RATING_SCALE: ((_is_admin,),),
    Permission.MANAGE_SETTINGS: ((_is_admin,),),
    Permission.MANAGE_USERS: ((_is_admin,),),
}


def allows(user: Any, permission: Permission, obj: Any = None) -> bool:
    """Whether ``user`` has ``permission`` (on ``obj``, for those that take one)."""
    return any(
        all(predicate(user, obj) for predicate in clause) for clause in PERMISSION_MAP[permission]
    )


def require(actor: Any, permission: Permission, obj: Any = None, *, message: str) -> None:
    """For services: refuse with PermissionDenied unless ``actor`` (None: the system) may."""
    if actor is not None and not allows(actor, permission, obj):
        raise PermissionDenied(message)


# The questions views and templates ask, by name.
def can_use_desk(user: Any) -> bool:
    return allows(user, Permission.USE_DESK)


def can_import_speech(user: Any) -> bool:
    return allows(user, Permission.IMPORT_SPEECH)


def can_view_speech_as_staff(user: Any, speech: Speech) -> bool:
    return allows(user, Permission.VIEW_SPEECH_AS_STAFF, speech)


def can_read_publicly(speech: Speech) -> bool:
    return speech.status is SpeechStatus.PUBLISHED


def can_manage_users(user: Any) -> bool:
    return allows(user, Permission.MANAGE_USERS)


def can_review(user: Any) -> bool:
    return allows(user, Permission.REVIEW)


def can_manage_rating_scale(user: Any) -> bool:
    return allows(user, Permission.MANAGE_RATING_SCALE)


def can_manage_settings(user: Any) -> bool:
    return allows(user, Permission.MANAGE_SETTINGS)


def can_edit_note(user: Any, note: Any) -> bool:
    return allows(user, Permission.EDIT_NOTE, note)


def can_delete_note(user: Any, note: Any) -> bool:
    return allows(user, Permission.DELETE_NOTE, note)


def can_restore_verdict(user: Any, verdict: Any) -> bool:
    return allows(user, Permission.RESTORE_VERDICT, verdict)


def can_withdraw_verdict(user: Any, verdict: Any) -> bool:
    return allows(user, Permission.WITHDRAW_VERDICT, verdict)


def can_edit_speech(user: Any, speech: Speech) -> bool:
    return allows(user, Permission.EDIT_SPEECH, speech)


def can_archive_speech(user: Any, speech: Speech) -> bool:
    return allows(user, Permission.ARCHIVE_SPEECH, speech)


def can_delete_speech(user: Any, speech: Speech) -> bool:
    return allows(user, Permission.DELETE_SPEECH, speech)


def can_work_on(user: Any, speech: Speech) -> bool:
    return allows(user, Permission.WORK_ON_SPEECH, speech)


def can_assign(user: Any) -> bool:
    return allows(user, Permission.ASSIGN)


def can_decide(user: Any) -> bool:
    return allows(user, Permission.DECIDE)


def can_publish(user: Any) -> bool:
    return allows(user, Permission.PUBLISH)


def can_export_unpublished(user: Any) -> bool:
    return allows(user, Permission.EXPORT_UNPUBLISHED)
