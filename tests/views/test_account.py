"""The account page: changing one's password (ends the other sessions, keeps this one) and logging
out everywhere."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import User
from factcheck.services import login_throttle
from tests.factories import PASSWORD
from tests.helpers import is_logged_in, login

NEW = "a brand new passphrase"


def change(client: FlaskClient, current: str, new: str = NEW, confirm: str | None = None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


@pytest.fixture
def browsers(app: Flask, users: dict[str, User]) -> list[FlaskClient]:
    """The editor logged in on three browsers."""
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        assert login(client, users["editor"].email).status_code == 302
    return clients


def test_the_account_page_lists_the_sessions_and_marks_this_one(
    browsers: list[FlaskClient],
) -> None:
    page = browsers[0].get("/account/", headers={"User-Agent": "Firefox/140"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<tr>") == 1 + 3
    assert html.count("(this browser)") == 1
    assert 'autocomplete="current-password"' in html
    assert 'autocomplete="new-password"' in html
    assert 'href="/account/"' in html  # the header's name leads here


def test_the_account_page_is_a_404_without_a_log_in(client: FlaskClient) -> None:
    assert client.get("/account/").status_code == 404
    assert change(client, PASSWORD).status_code == 404


def test_changing_the_password_logs_out_every_other_browser(
    app: Flask, browsers: list[FlaskClient], users: dict[str, User]
) -> None:
    mine, *others = browsers
    response = change(mine, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    page = mine.get("/account/").get_data(as_text=True)
    assert "every other browser is logged out" in page
    assert page.count("(this browser)") == 1
    assert page.count("<tr>") == 2
    assert is_logged_in(mine)
    assert not any(is_logged_in(other) for other in others)
    assert login(app.test_client(), users["editor"].email).status_code == 401
    assert login(app.test_client(), users["editor"].email, NEW).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("not my password", NEW, None, "That is not your current password."),
        (PASSWORD, "iloveyou1234", None, "too easy to guess"),
        (PASSWORD, "short one", None, "at least 12"),
        (PASSWORD, NEW, NEW + "!", "The two new passwords differ."),
        (PASSWORD, " " * 12, None, "This field is required."),
    ],
)
def test_a_refused_change_changes_nothing_and_says_why(
    app: Flask,
    browsers: list[FlaskClient],
    users: dict[str, User],
    current: str,
    new: str,
    confirm: str | None,
    message: str,
) -> None:
    response = change(browsers[0], current, new, confirm)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    for secret in {current, new, confirm or new}:
        if secret.strip():
            assert f'value="{secret}"' not in html  # password fields are never filled back in
    assert all(is_logged_in(browser) for browser in browsers)
    assert login(app.test_client(), users["editor"].email).status_code == 302


def test_guessing_the_current_password_is_throttled(browsers: list[FlaskClient]) -> None:
    for _ in range(login_throttle.MAX_FAILURES):
        assert change(browsers[0], "a wrong guess").status_code == 400
    response = change(browsers[0], PASSWORD)
    assert response.status_code == 429
    assert "Too many wrong current passwords" in response.get_data(as_text=True)
    assert is_logged_in(browsers[1])  # nothing changed


def test_log_out_everywhere_ends_every_session(
    app: Flask, browsers: list[FlaskClient], users: dict[str, User]
) -> None:
    other_user = app.test_client()
    assert login(other_user, users["reviewer"].email).status_code == 302
    response = browsers[0].post("/account/logout-everywhere")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "You are logged out everywhere" in browsers[0].get("/login").get_data(as_text=True)
    assert not any(is_logged_in(browser) for browser in browsers)
    assert is_logged_in(other_user)
    # Logged out, a form's address is as unknown as any other desk address.
    assert browsers[0].get("/account/logout-everywhere").status_code == 404


def test_staff_pages_are_not_stored_by_the_browser_public_ones_may_be(
    client: FlaskClient, users: dict
) -> None:
    assert "Cache-Control" not in client.get("/login").headers
    assert login(client, users["reviewer"].email).status_code == 302
    assert client.get("/desk/").headers["Cache-Control"] == "no-store"
