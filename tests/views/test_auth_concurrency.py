"""Log-ins at the same moment, from many clients at once, on real concurrent connections: the throttle
checks at most its limit of passwords, and every request ends in an answer, never a 500."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from werkzeug import security

import factcheck.models.user as user_model
import factcheck.services.users as users_service
from factcheck.extensions import db
from factcheck.models import LoginThrottle, User
from factcheck.services import login_throttle
from factcheck.services.login_throttle import MAX_FAILURES
from tests.conftest import PASSWORD

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
