"""Server-side sessions, with the time given: live until revoked, idle too long or too old."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Role, User, UserSession
from factcheck.services import user_sessions
from tests import factories

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
LIFETIMES = user_sessions.Lifetimes(idle=timedelta(hours=1), absolute=timedelta(hours=24))


@pytest.fixture
def ana(session: Session) -> User:
    return factories.user(session, "ana@example.org", Role.REVIEWER)


def find(session: Session, user: User, token: str, now: datetime) -> UserSession | None:
    return user_sessions.find_live(
        session, token=token, user_id=user.id, lifetimes=LIFETIMES, now=now
    )


def test_only_a_hash_of_the_token_is_stored(session: Session, ana: User) -> None:
    token = user_sessions.start(
        session, user=ana, user_agent="Firefox", lifetimes=LIFETIMES, now=NOW
    )
    session.commit()
    row = find(session, ana, token, NOW)
    assert row is not None
    assert row.user is ana
    assert row.user_agent == "Firefox"
    assert token not in row.token_hash
    assert len(token) >= 40
    assert find(session, ana, token + "x", NOW) is None
    assert (
        user_sessions.find_live(
            session, token=token, user_id=ana.id + 1, lifetimes=LIFETIMES, now=NOW
        )
        is None
    )


def test_a_session_ends_when_idle_too_long_unless_touched(session: Session, ana: User) -> None:
    token = user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW)
    session.commit()
    almost = NOW + LIFETIMES.idle - timedelta(seconds=1)
    row = find(session, ana, token, almost)
    assert row is not None
    assert user_sessions.needs_touch(row, almost)
    user_sessions.touch(session, session_id=row.id, now=almost)
    session.commit()
    session.expire_all()
    assert find(session, ana, token, almost + LIFETIMES.idle - timedelta(seconds=1)) is not None
    assert find(session, ana, token, almost + LIFETIMES.idle) is None


def test_touching_is_at_most_once_a_minute(session: Session, ana: User) -> None:
    token = user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW)
    session.commit()
    row = find(session, ana, token, NOW)
    soon = NOW + user_sessions.TOUCH_EVERY - timedelta(seconds=1)
    assert not user_sessions.needs_touch(row, soon)
    user_sessions.touch(session, session_id=row.id, now=soon)
    session.commit()
    session.expire_all()
    assert find(session, ana, token, soon).last_seen_at == NOW


def test_a_session_ends_at_its_absolute_lifetime(session: Session, ana: User) -> None:
    token = user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW)
    session.commit()
    at = NOW
    while at < NOW + LIFETIMES.absolute - timedelta(minutes=30):
        at += timedelta(minutes=30)
        row = find(session, ana, token, at)
        assert row is not None, at
        user_sessions.touch(session, session_id=row.id, now=at)
        session.commit()
        session.expire_all()
    assert find(session, ana, token, NOW + LIFETIMES.absolute) is None


def test_logging_out_ends_one_session_and_end_all_the_rest(session: Session, ana: User) -> None:
    tokens = [user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW) for _ in "abc"]
    session.commit()
    user_sessions.end(session, token=tokens[0], now=NOW)
    session.commit()
    assert find(session, ana, tokens[0], NOW) is None
    assert len(user_sessions.live_sessions(session, user=ana, lifetimes=LIFETIMES, now=NOW)) == 2
    assert user_sessions.end_all(session, user=ana, now=NOW) == 2
    session.commit()
    assert all(find(session, ana, token, NOW) is None for token in tokens)


def test_a_revoked_session_is_not_revived_by_a_touch(session: Session, ana: User) -> None:
    token = user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW)
    session.commit()
    row = find(session, ana, token, NOW)
    user_sessions.end(session, token=token, now=NOW)
    user_sessions.touch(session, session_id=row.id, now=NOW + timedelta(minutes=5))
    session.commit()
    assert find(session, ana, token, NOW + timedelta(minutes=5)) is None


def test_a_new_log_in_clears_the_users_ended_sessions(session: Session, ana: User) -> None:
    old = user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW)
    user_sessions.end(session, token=old, now=NOW)
    user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW - timedelta(days=3))
    session.commit()
    user_sessions.start(session, user=ana, lifetimes=LIFETIMES, now=NOW)
    session.commit()
    assert len(session.scalars(select(UserSession)).all()) == 1
