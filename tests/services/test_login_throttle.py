"""Log-in attempts are reserved per key, atomically, before a password is checked; a few within a
window lock the key for a while. Device cookies give a known browser a count of its own."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import LoginThrottle, Role, User
from factcheck.services import login_throttle, users
from factcheck.services.login_throttle import LOCK, MAX_FAILURES, WINDOW, address_key
from tests import factories

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
ANA = address_key("ana@example.org")


def attempt(session: Session, key: str, *, now: datetime = NOW) -> login_throttle.Attempt:
    result = login_throttle.begin_attempt(session, key, now=now)
    session.commit()
    return result


def fail(session: Session, key: str, times: int, *, now: datetime = NOW) -> None:
    for _ in range(times):
        result = attempt(session, key, now=now)
        assert result.allowed
        login_throttle.failed(session, result, now=now)
        session.commit()


def test_the_attempt_that_reaches_the_limit_locks_the_key(session: Session) -> None:
    fail(session, ANA, MAX_FAILURES - 1)
    assert login_throttle.locked_until(session, ANA, now=NOW) is None
    fail(session, ANA, 1)
    assert login_throttle.locked_until(session, ANA, now=NOW) == NOW + LOCK
    refused = attempt(session, ANA, now=NOW + timedelta(minutes=1))
    assert not refused.allowed
    assert refused.locked_until == NOW + LOCK
    # Typed another way, it is the same address; another address is not locked.
    assert address_key(" ANA@example.org ") == ANA
    assert attempt(session, address_key("bo@example.org")).allowed
    # The lock ends by itself, and a new count begins.
    assert login_throttle.locked_until(session, ANA, now=NOW + LOCK) is None
    assert attempt(session, ANA, now=NOW + LOCK).allowed
    assert session.get(LoginThrottle, ANA, populate_existing=True).failures == 1


def test_failures_spread_over_more_than_the_window_do_not_lock(session: Session) -> None:
    fail(session, ANA, MAX_FAILURES - 1)
    fail(session, ANA, MAX_FAILURES - 1, now=NOW + WINDOW)
    assert login_throttle.locked_until(session, ANA, now=NOW + WINDOW) is None


def test_a_success_forgets_the_count(session: Session) -> None:
    fail(session, ANA, MAX_FAILURES - 1)
    login_throttle.succeeded(session, attempt(session, ANA))
    session.commit()
    fail(session, ANA, MAX_FAILURES - 1)
    assert login_throttle.locked_until(session, ANA, now=NOW) is None


def test_the_last_allowed_attempt_may_still_succeed_and_lifts_the_lock(session: Session) -> None:
    fail(session, ANA, MAX_FAILURES - 1)
    last = attempt(session, ANA)
    assert last.allowed
    assert login_throttle.locked_until(session, ANA, now=NOW) == NOW + LOCK
    login_throttle.succeeded(session, last)
    session.commit()
    assert login_throttle.locked_until(session, ANA, now=NOW) is None


def test_no_address_is_stored_and_spent_counts_are_cleared(session: Session) -> None:
    fail(session, address_key("guess1@example.org"), 1)
    fail(session, address_key("locked@example.org"), MAX_FAILURES, now=NOW + timedelta(minutes=10))
    keys = session.scalars(select(LoginThrottle.key)).all()
    assert len(keys) == 2
    assert not any("@" in key or "example" in key for key in keys)
    # Later, a failure for another address clears the first's spent count, not the live lock.
    fail(session, address_key("guess2@example.org"), 1, now=NOW + WINDOW)
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 2
    locked = address_key("locked@example.org")
    assert login_throttle.locked_until(session, locked, now=NOW + WINDOW) is not None


def test_simultaneous_attempts_on_separate_connections_get_exactly_the_limit(app: Flask) -> None:
    """Forty requests for one key at once, each with its own connection: MAX_FAILURES allowed."""
    with app.app_context():
        engine = db.engine
    clients = 40
    start = threading.Barrier(clients)

    def one() -> bool:
        with Session(engine) as own:
            start.wait()
            result = login_throttle.begin_attempt(own, ANA)
            own.commit()
            return result.allowed

    with ThreadPoolExecutor(clients) as pool:
        allowed = list(pool.map(lambda _: one(), range(clients)))
    assert allowed.count(True) == MAX_FAILURES
    with Session(engine) as check:
        assert check.get(LoginThrottle, ANA).failures == clients  # refused attempts are counted too


# --- device cookies ------------------------------------------------------------------------------


@pytest.fixture
def ana(session: Session) -> User:
    return factories.user(session, "ana@example.org", Role.REVIEWER)


def test_a_device_cookie_counts_apart_only_for_its_own_account(session: Session, ana: User) -> None:
    devices = login_throttle.DeviceCookies("a secret")
    cookie = devices.issue(ana)
    key = devices.key_for(session, " Ana@Example.org", cookie)
    assert key != ANA
    assert devices.issue(ana) != cookie  # every log-in gets a new device count
    bo = factories.user(session, "bo@example.org", Role.EDITOR)
    for refused in [
        None,
        "",
        cookie + "x",  # tampered with
        login_throttle.DeviceCookies("another secret").issue(ana),
        devices.issue(bo),  # another account's device
    ]:
        assert devices.key_for(session, "ana@example.org", refused) == ANA
    assert devices.key_for(session, "nobody@example.org", cookie) == address_key(
        "nobody@example.org"
    )
    # A new password makes every device a stranger again.
    users.set_password(session, actor=None, user=ana, password="another fine passphrase")
    assert devices.key_for(session, "ana@example.org", cookie) == ANA
