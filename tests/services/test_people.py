"""Roles and deactivation by administrators: audited, and never without an active admin."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.extensions import db
from factcheck.models import AuditEvent, Role, User
from factcheck.models.history import AuditAction
from factcheck.services import users

PASSWORD = "correct horse battery staple 42"


def _user(session: Session, email: str, role: Role) -> User:
    return users.create_user(session, actor=None, email=email, password=PASSWORD, role=role)


@pytest.fixture
def team(session: Session) -> dict[str, User]:
    people = {
        "admin": _user(session, "admin@example.org", Role.ADMIN),
        "editor": _user(session, "editor@example.org", Role.EDITOR),
        "reviewer": _user(session, "reviewer@example.org", Role.REVIEWER),
    }
    session.commit()
    return people


def _active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)
    )


def test_an_admin_changes_a_role_and_it_is_recorded(
    session: Session, team: dict[str, User]
) -> None:
    users.set_role(session, actor=team["admin"], user=team["reviewer"], role="editor")
    session.commit()
    assert team["reviewer"].role is Role.EDITOR
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.USER_SET_ROLE)
    ).one()
    assert (event.before["role"], event.after["role"], event.actor_id) == (
        "reviewer",
        "editor",
        team["admin"].id,
    )


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_only_admins_manage_people(session: Session, team: dict[str, User], who: str) -> None:
    with pytest.raises(PermissionDenied):
        users.set_role(session, actor=team[who], user=team["reviewer"], role="admin")
    with pytest.raises(PermissionDenied):
        users.set_active(session, actor=team[who], user=team["admin"], active=False)
    with pytest.raises(PermissionDenied):
        users.create_user(
            session, actor=team[who], email="new@example.org", password=PASSWORD, role="admin"
        )


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(
    session: Session, team: dict[str, User]
) -> None:
    admin = team["admin"]
    with pytest.raises(InvalidInput, match="last active administrator"):
        users.set_role(session, actor=admin, user=admin, role="editor")
    session.rollback()
    with pytest.raises(InvalidInput, match="last active administrator"):
        users.set_active(session, actor=admin, user=admin, active=False)
    session.rollback()
    assert _active_admins(session) == 1
    # With a second admin, either may step down.
    users.set_role(session, actor=admin, user=team["editor"], role="admin")
    users.set_role(session, actor=admin, user=admin, role="editor")
    session.commit()
    assert _active_admins(session) == 1


def test_a_deactivated_admin_does_not_count(session: Session, team: dict[str, User]) -> None:
    admin = team["admin"]
    second = _user(session, "second@example.org", Role.ADMIN)
    session.commit()
    users.set_active(session, actor=admin, user=second, active=False)
    session.commit()
    with pytest.raises(InvalidInput):
        users.set_role(session, actor=admin, user=admin, role="reviewer")


def test_an_unknown_role_is_refused(session: Session, team: dict[str, User]) -> None:
    with pytest.raises(InvalidInput, match="admin, editor or reviewer"):
        users.set_role(session, actor=team["admin"], user=team["reviewer"], role="owner")


@pytest.mark.parametrize("clients", [2, 20])
def test_admins_stepping_down_at_once_leave_one_admin(
    app: Flask, session: Session, clients: int
) -> None:
    ids = []
    for i in range(clients):
        ids.append(_user(session, f"admin{i}@example.org", Role.ADMIN).id)
    session.commit()
    session.close()
    barrier = threading.Barrier(clients, timeout=60)
    outcomes: list[str] = []

    def step_down(user_id: int) -> None:
        barrier.wait()  # before touching the pool: more threads than connections must not wait here
        with app.app_context():
            try:
                me = db.session.get(User, user_id)
                users.set_role(db.session, actor=me, user=me, role="reviewer")
                db.session.commit()
                outcomes.append("done")
            except (InvalidInput, Conflict) as exc:
                db.session.rollback()
                outcomes.append(type(exc).__name__)
            except Exception as exc:  # a lock timeout the web layer turns into a 409
                db.session.rollback()
                outcomes.append(f"db:{type(exc).__name__}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=step_down, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == clients
    with app.app_context():
        assert _active_admins(db.session) == 1
        changes = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == AuditAction.USER_SET_ROLE)
        )
    assert changes == outcomes.count("done") == clients - 1
