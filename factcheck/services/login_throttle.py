"""Slowing down password guessing: after a few failed log-ins an e-mail address is locked for a while.

Counted per address as typed, whether or not it has an account (so the lock says nothing about which
addresses exist), in the database (so every web process sees the same count). A lock refuses even
the right password, so guessing on learns nothing. Addresses, not network addresses: behind a
reverse proxy every user shares one, and a limit per network address belongs in the proxy.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.models import LoginThrottle
from factcheck.models.base import utcnow

log = logging.getLogger(__name__)

MAX_FAILURES = 5  # failed log-ins within WINDOW that lock the address
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def locked_until(session: Session, email: str, *, now: datetime | None = None) -> datetime | None:
    """When log-ins for ``email`` are allowed again, if they are locked now."""
    row = session.get(LoginThrottle, _key(email))
    now = now or utcnow()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        return row.locked_until
    return None


def record_failure(session: Session, email: str, *, now: datetime | None = None) -> None:
    """Count a failed log-in for ``email``; the count that reaches MAX_FAILURES locks it."""
    now = now or utcnow()
    key = _key(email)
    row = session.get(LoginThrottle, key)
    if row is None:
        try:
            with session.begin_nested():  # another process may count the same address at once
                row = LoginThrottle(key=key, failures=0, window_start=now)
                session.add(row)
        except IntegrityError:
            row = session.get(LoginThrottle, key, populate_existing=True)
            assert row is not None
    if row.window_start + WINDOW <= now:  # an old count: start again
        row.failures, row.window_start = 0, now
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + LOCK
        row.failures, row.window_start = 0, now
        log.warning("log-ins locked until %s after %d failures", row.locked_until, MAX_FAILURES)
    # Counts that have run out are of no more use (guessed addresses would pile up otherwise).
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.window_start <= now - WINDOW,
            (LoginThrottle.locked_until.is_(None)) | (LoginThrottle.locked_until <= now),
            LoginThrottle.key != key,
        )
    )


def record_success(session: Session, email: str) -> None:
    """A successful log-in forgets the failures before it."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == _key(email)))
