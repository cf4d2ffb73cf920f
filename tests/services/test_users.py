"""Accounts: a new password and deactivation end every session of the user; a user's own change
of password needs the current one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.models import AuditEvent, Role, User
from factcheck.services import user_sessions, users

LIFETIMES = user_sessions.Lifetimes(idle=timedelta(hours=1), absolute=timedelta(days=1))
OLD = "correct horse battery staple"
NEW = "a brand new passphrase"


@pytest.fixture
def ana(session: Session) -> User:
    user = users.create_user(
        session, actor=None, email="ana@example.org", password=OLD, role=Role.REVIEWER
    )
    session.commit()
    return user


def live(session: Session, user: User) -> int:
    return len(user_sessions.live_sessions(session, user=user, lifetimes=LIFETIMES))


def open_sessions(session: Session, user: User, count: int) -> list[str]:
    tokens = [user_sessions.start(session, user=user, lifetimes=LIFETIMES) for _ in range(count)]
    session.commit()
    return tokens


def test_a_new_password_ends_every_session(session: Session, ana: User) -> None:
    other = users.create_user(
        session, actor=None, email="bo@example.org", password=NEW, role=Role.EDITOR
    )
    open_sessions(session, ana, 3)
    open_sessions(session, other, 1)
    users.set_password(session, actor=None, user=ana, password=NEW)
    session.commit()
    assert live(session, ana) == 0
    assert live(session, other) == 1
    assert ana.check_password(NEW)


def test_a_new_password_must_meet_the_policy(session: Session, ana: User) -> None:
    open_sessions(session, ana, 1)
    with pytest.raises(InvalidInput, match="too easy to guess"):
        users.set_password(session, actor=None, user=ana, password="ana@example.org1")
    session.rollback()
    assert live(session, ana) == 1


def test_deactivation_ends_every_session_and_reactivation_revives_none(
    session: Session, ana: User
) -> None:
    [token] = open_sessions(session, ana, 1)
    users.set_active(session, actor=None, user=ana, active=False)
    session.commit()
    assert live(session, ana) == 0
    users.set_active(session, actor=None, user=ana, active=True)
    session.commit()
    found = user_sessions.find_live(session, token=token, user_id=ana.id, lifetimes=LIFETIMES)
    assert found is None
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.create", "user.deactivate", "user.activate"]


def test_changing_ones_own_password_needs_the_current_one(session: Session, ana: User) -> None:
    open_sessions(session, ana, 2)
    with pytest.raises(InvalidInput) as wrong:
        users.change_own_password(session, user=ana, current="not it at all", new=NEW)
    assert wrong.value.field == "current_password"
    with pytest.raises(InvalidInput) as same:
        users.change_own_password(session, user=ana, current=OLD, new=OLD)
    assert same.value.field == "new_password"
    with pytest.raises(InvalidInput) as weak:
        users.change_own_password(session, user=ana, current=OLD, new="iloveyou1234")
    assert weak.value.field == "new_password"
    assert live(session, ana) == 2
    users.change_own_password(session, user=ana, current=OLD, new=NEW)
    session.commit()
    assert live(session, ana) == 0
    assert ana.check_password(NEW)
