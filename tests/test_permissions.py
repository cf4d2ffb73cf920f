"""The permission map: who may do what, asked the same way by services, views and templates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from factcheck.errors import PermissionDenied
from factcheck.models import Role, SpeechStatus
from factcheck.permissions import PERMISSION_MAP, Permission, allows, require


def person(role: Role | None, user_id: int = 1) -> SimpleNamespace:
    """A logged-in user of ``role``; None is an anonymous reader."""
    if role is None:
        return SimpleNamespace(is_authenticated=False, id=None, role=None)
    return SimpleNamespace(is_authenticated=True, id=user_id, role=role)


ADMIN, EDITOR, REVIEWER, READER = (
    person(Role.ADMIN),
    person(Role.EDITOR),
    person(Role.REVIEWER),
    person(None),
)
MINE = SimpleNamespace(author_id=1)
THEIRS = SimpleNamespace(author_id=2)
IN_REVIEW = SimpleNamespace(status=SpeechStatus.IN_REVIEW)
ARCHIVED = SimpleNamespace(status=SpeechStatus.ARCHIVED)


@pytest.mark.parametrize(
    ("permission", "obj", "admin", "editor", "reviewer", "reader"),
    [
        (Permission.USE_DESK, None, True, True, True, False),
        (Permission.IMPORT_SPEECH, None, True, True, True, False),
        (Permission.REVIEW, None, True, True, True, False),
        (Permission.WORK_ON_SPEECH, IN_REVIEW, True, True, True, False),
        (Permission.WORK_ON_SPEECH, ARCHIVED, False, False, False, False),
        (Permission.EDIT_SPEECH, IN_REVIEW, True, True, True, False),
        (Permission.EDIT_SPEECH, ARCHIVED, False, False, False, False),
        (Permission.ARCHIVE_SPEECH, IN_REVIEW, True, True, False, False),
        (Permission.ARCHIVE_SPEECH, ARCHIVED, True, True, False, False),
        (Permission.DELETE_SPEECH, IN_REVIEW, True, False, False, False),
        (Permission.EDIT_NOTE, MINE, True, True, True, False),
        (Permission.EDIT_NOTE, THEIRS, False, False, False, False),
        (Permission.DELETE_NOTE, THEIRS, True, True, False, False),
        (Permission.RESTORE_VERDICT, MINE, True, True, True, False),
        (Permission.RESTORE_VERDICT, THEIRS, False, False, False, False),
        (Permission.WITHDRAW_VERDICT, MINE, True, True, True, False),
        (Permission.WITHDRAW_VERDICT, THEIRS, True, True, False, False),
        (Permission.MANAGE_RATING_SCALE, None, True, False, False, False),
        (Permission.MANAGE_SETTINGS, None, True, False, False, False),
        (Permission.MANAGE_USERS, None, True, False, False, False),
        (Permission.EXPORT_UNPUBLISHED, None, True, True, False, False),
    ],
)
def test_who_may_do_what(
    permission: Permission, obj: object, admin: bool, editor: bool, reviewer: bool, reader: bool
) -> None:
    granted = [allows(user, permission, obj) for user in (ADMIN, EDITOR, REVIEWER, READER)]
    assert granted == [admin, editor, reviewer, reader]


def test_every_permission_is_in_the_map() -> None:
    assert set(PERMISSION_MAP) == set(Permission)


def test_services_refuse_without_the_permission_and_trust_the_system() -> None:
    with pytest.raises(PermissionDenied, match="not yours"):
        require(REVIEWER, Permission.MANAGE_SETTINGS, message="not yours")
    require(ADMIN, Permission.MANAGE_SETTINGS, message="not yours")
    require(None, Permission.MANAGE_SETTINGS, message="not yours")  # the command line
