"""Log-ins and log-outs at the same moment, from many clients at once, on real concurrent connections:
the throttle checks at most its limit of passwords, and every request ends in an answer, never a 500."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug import security

import factcheck.models.user as user_model
import factcheck.services.users as users_service
from factcheck.extensions import db
from factcheck.models import LoginThrottle, User, UserSession
from factcheck.services import login_throttle
from factcheck.services.login_throttle import MAX_FAILURES
from tests.factories import PASSWORD
from tests.helpers import login

CLIENTS = 40


class PasswordChecks:
    """Counts password-hash checks, made slow enough that simultaneous requests overlap."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def wrap(self, check: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
        def counted(pwhash: str, password: str) -> bool:
            with self._lock:
                self.count += 1
            time.sleep(0.02)  # widens the race window; nothing asserts on time
            return check(pwhash, password)

        return counted


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> PasswordChecks:
    checks = PasswordChecks()
    wrapped = checks.wrap(security.check_password_hash)
    monkeypatch.setattr(user_model, "check_password_hash", wrapped)
    monkeypatch.setattr(users_service, "check_password_hash", wrapped)
    return checks


def post_all_at_once(app: Flask, forms: list[dict[str, str]]) -> list[int]:
    """POST each form to /login from its own client and thread, all released together."""
    start = threading.Barrier(len(forms))

    def attempt(form: dict[str, str]) -> int:
        client = app.test_client()
        start.wait()
        return client.post("/login", data=form).status_code

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(attempt, forms))


@pytest.mark.parametrize("address", ["editor@example.org", "nobody@example.org"])
def test_simultaneous_wrong_passwords_check_only_the_limit(
    app: Flask, users: dict[str, User], password_checks: PasswordChecks, address: str
) -> None:
    forms = [{"email": address, "password": f"wrong guess {i}"} for i in range(CLIENTS)]
    statuses = Counter(post_all_at_once(app, forms))
    assert password_checks.count == MAX_FAILURES
    assert statuses == {401: MAX_FAILURES, 429: CLIENTS - MAX_FAILURES}
    # The right password is refused too now, without being checked.
    right = app.test_client().post("/login", data={"email": address, "password": PASSWORD})
    assert right.status_code == 429
    assert password_checks.count == MAX_FAILURES


def test_log_ins_racing_spent_counts_and_successes_all_get_an_answer(
    app: Flask, users: dict[str, User], password_checks: PasswordChecks
) -> None:
    """Counts that have run out are reset or cleared while others use them, and successes forget
    failures being counted: each request still ends in a log-in, a refusal or a lock."""
    addresses = [u.email for u in users.values()] + [f"guess{i}@example.org" for i in range(3)]
    long_ago = datetime.now(UTC) - timedelta(days=1)
    with app.app_context():
        for address in addresses:
            db.session.add(
                LoginThrottle(
                    key=login_throttle.address_key(address), failures=3, window_start=long_ago
                )
            )
        db.session.commit()
    forms = [
        {"email": address, "password": PASSWORD if i % 3 == 0 else f"wrong {i}"}
        for i in range(CLIENTS)
        for address in [addresses[i % len(addresses)]]
    ]
    statuses = post_all_at_once(app, forms)
    assert set(statuses) <= {302, 401, 429}, Counter(statuses)
    assert Counter(statuses)[302] >= 1


def test_log_out_everywhere_racing_page_loads_and_log_ins_never_fails(
    app: Flask, users: dict[str, User]
) -> None:
    """One browser logs out everywhere while the user's other browsers load pages (their sessions
    being recorded as used) and new browsers log in: every request gets an answer, and every session
    that began before the log-out everywhere has ended."""
    email = users["editor"].email
    before = [app.test_client() for _ in range(8)]
    for browser in before:
        assert login(browser, email).status_code == 302
    with app.app_context():
        # Used over a minute ago: each page load below records its use, racing the revocation.
        stale = datetime.now(UTC) - timedelta(minutes=5)
        db.session.execute(sa.update(UserSession).values(last_seen_at=stale))
        db.session.commit()
    ender, *readers = before
    # Fewer than the throttle's limit: a log-in in flight holds its reservation until it succeeds.
    newcomers = [app.test_client() for _ in range(MAX_FAILURES - 1)]
    start = threading.Barrier(1 + len(readers) + len(newcomers))

    def end_everywhere() -> int:
        start.wait()
        return ender.post("/account/logout-everywhere").status_code

    def read(browser: FlaskClient) -> int:
        start.wait()
        return browser.get("/desk/").status_code

    def log_in(browser: FlaskClient) -> int:
        start.wait()
        return login(browser, email).status_code

    with ThreadPoolExecutor(start.parties) as pool:
        futures = [pool.submit(end_everywhere)]
        futures += [pool.submit(read, browser) for browser in readers]
        futures += [pool.submit(log_in, browser) for browser in newcomers]
        statuses = [future.result() for future in futures]
    assert statuses[0] == 302
    assert set(statuses[1 : len(before)]) <= {200, 404}
    assert set(statuses[len(before) :]) == {302}
    assert not any(browser.get("/desk/").status_code == 200 for browser in before)
