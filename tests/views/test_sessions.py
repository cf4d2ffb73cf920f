"""Sessions end server-side: a cookie copied before logging out opens nothing after; idle and
absolute lifetimes end a session; the use of a session is recorded at most once a minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from factcheck.extensions import db
from factcheck.models import User, UserSession
from tests.helpers import is_logged_in, login


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def sessions_of(app: Flask, user: User) -> list[UserSession]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def shift(app: Flask, user: User, **deltas: timedelta) -> None:
    """Move the user's sessions' times back, as if that much time had passed."""
    with app.app_context():
        for row in db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id)):
            for column, delta in deltas.items():
                setattr(row, column, getattr(row, column) - delta)
        db.session.commit()


def test_a_cookie_copied_before_logging_out_opens_nothing_after(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    assert login(client, users["editor"].email).status_code == 302
    thief = copy_of(app, client)
    assert is_logged_in(thief)  # a copy works while the session lives: it is a bearer cookie
    assert client.post("/logout").status_code == 302
    assert not is_logged_in(client)
    assert not is_logged_in(thief)
    [row] = sessions_of(app, users["editor"])
    assert row.revoked_at is not None


def test_a_session_cookie_without_a_live_session_is_refused(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    """A cookie holding a user id alone, as sessions were before they were kept server-side."""
    with client.session_transaction() as cookie_session:
        cookie_session["_user_id"] = str(users["editor"].id)
        cookie_session["_fresh"] = True
    assert not is_logged_in(client)
    with client.session_transaction() as cookie_session:
        cookie_session["sid"] = "a made-up token"
    assert not is_logged_in(client)


def test_each_log_in_is_a_session_of_its_own(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    other = app.test_client()
    assert login(client, users["editor"].email).status_code == 302
    assert (
        login(
            other,
            users["editor"].email,
        ).status_code
        == 302
    )
    assert len(sessions_of(app, users["editor"])) == 2
    client.post("/logout")
    assert not is_logged_in(client)
    assert is_logged_in(other)


def test_a_session_unused_for_the_idle_lifetime_ends(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    assert login(client, users["editor"].email).status_code == 302
    shift(app, users["editor"], last_seen_at=idle - timedelta(minutes=1))
    assert is_logged_in(client)  # used just in time: this use keeps it alive for another spell
    shift(app, users["editor"], last_seen_at=idle - timedelta(minutes=1))
    assert is_logged_in(client)
    shift(app, users["editor"], last_seen_at=idle + timedelta(seconds=1))
    assert not is_logged_in(client)


def test_a_session_ends_at_its_absolute_lifetime_however_busy(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    longest = timedelta(hours=app.config["SESSION_MAX_HOURS"])
    assert login(client, users["editor"].email).status_code == 302
    shift(app, users["editor"], created_at=longest - timedelta(minutes=1))
    assert is_logged_in(client)
    shift(app, users["editor"], created_at=timedelta(minutes=2))
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("setting", "value"), [("SESSION_IDLE_MINUTES", 5), ("SESSION_MAX_HOURS", 1)]
)
def test_the_lifetimes_are_settings(
    app: Flask, client: FlaskClient, users: dict[str, User], setting: str, value: int
) -> None:
    app.config[setting] = value
    assert login(client, users["editor"].email).status_code == 302
    column = "last_seen_at" if setting == "SESSION_IDLE_MINUTES" else "created_at"
    unit = "minutes" if setting == "SESSION_IDLE_MINUTES" else "hours"
    shift(app, users["editor"], **{column: timedelta(**{unit: value}, seconds=1)})
    assert not is_logged_in(client)


def test_use_is_recorded_at_most_once_a_minute(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    assert login(client, users["editor"].email).status_code == 302
    shift(app, users["editor"], last_seen_at=timedelta(seconds=30))
    [before] = sessions_of(app, users["editor"])
    assert is_logged_in(client)
    assert sessions_of(app, users["editor"])[0].last_seen_at == before.last_seen_at
    shift(app, users["editor"], last_seen_at=timedelta(minutes=2))
    [moved] = sessions_of(app, users["editor"])
    started = datetime.now(UTC)
    assert is_logged_in(client)
    [after] = sessions_of(app, users["editor"])
    assert after.last_seen_at >= started > moved.last_seen_at
