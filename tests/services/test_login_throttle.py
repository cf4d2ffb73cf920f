"""Failed log-ins lock an e-mail address for a while, known or not, in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from factcheck.models import LoginThrottle
from factcheck.services import login_throttle
from factcheck.services.login_throttle import LOCK, MAX_FAILURES, WINDOW

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def fail(session, email: str, times: int, *, now: datetime = NOW) -> None:
    for _ in range(times):
        login_throttle.record_failure(session, email, now=now)
    session.commit()


def test_the_failure_that_reaches_the_limit_locks_the_address(session) -> None:
    fail(session, "ana@example.org", MAX_FAILURES - 1)
    assert login_throttle.locked_until(session, "ana@example.org", now=NOW) is None
    fail(session, "ana@example.org", 1)
    assert login_throttle.locked_until(session, "ana@example.org", now=NOW) == NOW + LOCK
    # Typed another way, it is the same address; another address is not locked.
    assert login_throttle.locked_until(session, " ANA@example.org ", now=NOW) == NOW + LOCK
    assert login_throttle.locked_until(session, "bo@example.org", now=NOW) is None
    # The lock ends by itself.
    assert login_throttle.locked_until(session, "ana@example.org", now=NOW + LOCK) is None


def test_failures_spread_over_more_than_the_window_do_not_lock(session) -> None:
    fail(session, "ana@example.org", MAX_FAILURES - 1)
    fail(session, "ana@example.org", MAX_FAILURES - 1, now=NOW + WINDOW)
    assert login_throttle.locked_until(session, "ana@example.org", now=NOW + WINDOW) is None


def test_a_success_forgets_the_failures(session) -> None:
    fail(session, "ana@example.org", MAX_FAILURES - 1)
    login_throttle.record_success(session, "ana@example.org")
    fail(session, "ana@example.org", MAX_FAILURES - 1)
    assert login_throttle.locked_until(session, "ana@example.org", now=NOW) is None


def test_no_address_is_stored_and_spent_counts_are_cleared(session) -> None:
    fail(session, "guess1@example.org", 1)
    fail(session, "locked@example.org", MAX_FAILURES, now=NOW + timedelta(minutes=10))
    keys = session.scalars(select(LoginThrottle.key)).all()
    assert len(keys) == 2 and not any("@" in key or "example" in key for key in keys)
    # Later, a failure for another address clears the first's spent count, not the live lock.
    fail(session, "guess2@example.org", 1, now=NOW + WINDOW)
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 2
    assert login_throttle.locked_until(session, "locked@example.org", now=NOW + WINDOW) is not None
