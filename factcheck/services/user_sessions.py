"""Server-side sessions: one row per log-in, so that a session can be ended wherever its cookie is.

A session lives while it is not revoked, has been used within the idle lifetime and is younger than
the absolute lifetime. Logging out revokes it; a new password, deactivation and "log out everywhere"
revoke all of a user's sessions. The browser's cookie holds a random token; the table holds its hash.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager

from factcheck.models import User, UserSession
from factcheck.models.base import utcnow

log = logging.getLogger(__name__)

# last_seen_at is written at most this often per session, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta  # unused this long, a session ends
    absolute: timedelta  # this long after logging in, a session ends however busy


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _live(lifetimes: Lifetimes, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        UserSession.revoked_at.is_(None),
        UserSession.last_seen_at > now - lifetimes.idle,
        UserSession.created_at > now - lifetimes.absolute,
    )


def start(
    session: Session,
    *,
    user: User,
    user_agent: str = "",
    lifetimes: Lifetimes,
    now: datetime | None = None,
) -> str:
    """Open a session for ``user`` and return its token, for the browser's cookie only."""
    now = now or utcnow()
    # The user's ended sessions are of no more use; clearing them here keeps the table small.
    session.execute(
        sa.delete(UserSession).where(UserSession.user_id == user.id, ~_live(lifetimes, now))
    )
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:200],
        )
    )
    session.flush()
    return token


def find_live(
    session: Session,
    *,
    token: str,
    user_id: int,
    lifetimes: Lifetimes,
    now: datetime | None = None,
) -> UserSession | None:
    """The live session with this token for this active user, with its user loaded; else None."""
    now = now or utcnow()
    return session.scalar(
        sa.select(UserSession)
        .join(UserSession.user)
        .options(contains_eager(UserSession.user))
        .where(
            UserSession.token_hash == _hash(token),
            UserSession.user_id == user_id,
            User.active.is_(True),
            _live(lifetimes, now),
        )
    )


def needs_touch(user_session: UserSession, now: datetime | None = None) -> bool:
    return user_session.last_seen_at <= (now or utcnow()) - TOUCH_EVERY


def touch(session: Session, *, session_id: int, now: datetime | None = None) -> None:
    """Record that a session was used now (at most once per TOUCH_EVERY; never revives one)."""
    now = now or utcnow()
    session.execute(
        sa.update(UserSession)
        .where(
            UserSession.id == session_id,
            UserSession.revoked_at.is_(None),
            UserSession.last_seen_at <= now - TOUCH_EVERY,
        )
        .values(last_seen_at=now)
    )


def end(session: Session, *, token: str, now: datetime | None = None) -> None:
    """Log out: revoke the session with this token."""
    session.execute(
        sa.update(UserSession)
        .where(UserSession.token_hash == _hash(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def end_all(session: Session, *, user: User, now: datetime | None = None) -> int:
    """Revoke every session of ``user``; returns how many were live."""
    result = session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    log.info("all sessions of user %s ended", user.id)
    return result.rowcount


def live_sessions(
    session: Session, *, user: User, lifetimes: Lifetimes, now: datetime | None = None
) -> list[UserSession]:
    """The user's live sessions, most recently used first."""
    return list(
        session.scalars(
            sa.select(UserSession)
            .where(UserSession.user_id == user.id, _live(lifetimes, now or utcnow()))
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def token_hash(token: str) -> str:
    """How a secret token is stored (sessions, account links): its SHA-256, never the token."""
    return _hash(token)
