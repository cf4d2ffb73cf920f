"""Invitation and reset links: made by an admin, shown once, used once, before they expire."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from factcheck.extensions import db
from factcheck.models import AccountLink, AuditEvent, User
from factcheck.models.base import utcnow
from factcheck.models.history import AuditAction
from tests.factories import PASSWORD
from tests.helpers import login

NEW_PASSWORD = "a brand new passphrase to remember"
LINK = re.compile(r'value="(http://localhost/password/[A-Za-z0-9_-]+)"')


def _invite(as_admin: FlaskClient, email: str = "nova@example.org") -> str:
    response = as_admin.post(
        "/desk/admin/people",
        data={"email": email, "display_name": "Nova", "role": "reviewer", "password": ""},
    )
    assert response.status_code == 201
    found = LINK.search(response.get_data(as_text=True))
    assert found, "the invitation link is shown once, on the page"
    return found.group(1).removeprefix("http://localhost")


def test_an_invited_person_chooses_a_password_once_and_logs_in(
    app: Flask, as_admin: FlaskClient
) -> None:
    path = _invite(as_admin)
    # The account exists but cannot be opened before the link is used.
    assert login(app.test_client(), "nova@example.org", NEW_PASSWORD).status_code != 302
    visitor = app.test_client()
    page = visitor.get(path).get_data(as_text=True)
    assert "Welcome, Nova" in page
    done = visitor.post(
        path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True
    )
    assert "Your password is set, Nova." in done.get_data(as_text=True)
    assert login(app.test_client(), "nova@example.org", NEW_PASSWORD).status_code == 302
    again = visitor.post(path, data={"new_password": "x" * 20, "confirm": "x" * 20})
    assert again.status_code == 404
    assert "This link no longer works" in again.get_data(as_text=True)
    with app.app_context():
        token_rows = db.session.scalars(select(AccountLink.token_hash)).all()
    assert path.rsplit("/", 1)[1] not in token_rows  # only a hash is stored


def test_a_reset_link_replaces_the_earlier_one_and_ends_sessions(
    app: Flask, as_admin: FlaskClient, users: dict[str, User]
) -> None:
    theirs = app.test_client()
    assert login(theirs, users["editor"].email).status_code == 302
    first = LINK.search(
        as_admin.post(f"/desk/admin/people/{users['editor'].id}/reset-link").get_data(as_text=True)
    ).group(1)
    second = LINK.search(
        as_admin.post(f"/desk/admin/people/{users['editor'].id}/reset-link").get_data(as_text=True)
    ).group(1)
    assert app.test_client().get(first.removeprefix("http://localhost")).status_code == 404
    # The old password works until the link is used.
    assert login(app.test_client(), users["editor"].email, PASSWORD).status_code == 302
    app.test_client().post(
        second.removeprefix("http://localhost"),
        data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert theirs.get("/desk/").status_code in (302, 404)
    assert login(app.test_client(), users["editor"].email, PASSWORD).status_code != 302
    assert login(app.test_client(), users["editor"].email, NEW_PASSWORD).status_code == 302
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == users["editor"].id)
        ).all()
    assert actions.count(AuditAction.USER_RESET_LINK) == 2
    assert AuditAction.USER_SET_PASSWORD in actions


def test_an_expired_link_or_a_weak_password_changes_nothing(
    app: Flask, as_admin: FlaskClient
) -> None:
    path = _invite(as_admin)
    weak = app.test_client().post(path, data={"new_password": "password1", "confirm": "password1"})
    assert weak.status_code == 400
    assert "password1" not in weak.get_data(as_text=True)
    differ = app.test_client().post(
        path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"}
    )
    assert "The two passwords differ." in differ.get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(AccountLink).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    late = app.test_client().post(
        path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert late.status_code == 404
    assert login(app.test_client(), "nova@example.org", NEW_PASSWORD).status_code != 302


@pytest.mark.parametrize("token", ["nope", "x" * 500, "%00", "..%2F..%2Fetc"])
def test_an_unknown_link_is_a_plain_404(app: Flask, token: str) -> None:
    response = app.test_client().get(f"/password/{token}")
    assert response.status_code == 404


def test_one_link_used_twice_at_once_sets_one_password(app: Flask, as_admin: FlaskClient) -> None:
    path = _invite(as_admin)
    clients = [app.test_client() for _ in range(2)]
    barrier = threading.Barrier(2, timeout=60)
    statuses: list[int] = []

    def use(i: int) -> None:
        barrier.wait()
        password = f"{NEW_PASSWORD} number {i}"
        statuses.append(
            clients[i].post(path, data={"new_password": password, "confirm": password}).status_code
        )

    threads = [threading.Thread(target=use, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) in ([302, 404], [302, 409])
    with app.app_context():
        sets = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.USER_SET_PASSWORD)
        ).all()
    assert len(sets) == 1
