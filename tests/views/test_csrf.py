"""The one place CSRF protection is on: every POST without a valid token is refused and changes
nothing; the token from the page's own form makes it work."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from factcheck.models import User
from tests.factories import PASSWORD
from tests.helpers import csrf_token, is_logged_in, stored

SPEECH = {
    "title": "Budget speech",
    "speaker": "The Minister",
    "language": "en",
    "transcript": "Exports to China doubled between 2015 and 2022.",
}


@pytest.fixture
def csrf_client(app: Flask, users: dict[str, User]) -> FlaskClient:
    """A client of the test app with CSRF protection switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def token_from(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return csrf_token(response.get_data(as_text=True))


def log_in(client: FlaskClient) -> None:
    token = token_from(client, "/login")
    data = {"email": "editor@example.org", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302


def assert_refused(response: TestResponse) -> None:
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


def test_login_needs_the_token(app: Flask, csrf_client: FlaskClient) -> None:
    credentials = {"email": "editor@example.org", "password": PASSWORD}
    assert_refused(csrf_client.post("/login", data=credentials))
    assert not is_logged_in(csrf_client)
    assert_refused(csrf_client.post("/login", data={**credentials, "csrf_token": "forged"}))
    assert not is_logged_in(csrf_client)
    token = token_from(csrf_client, "/login")
    response = csrf_client.post("/login", data={**credentials, "csrf_token": token})
    assert response.status_code == 302
    assert is_logged_in(csrf_client)


def test_import_needs_the_token(app: Flask, csrf_client: FlaskClient) -> None:
    log_in(csrf_client)
    before = stored(app)
    assert_refused(csrf_client.post("/desk/speeches/new", data=SPEECH))
    # A token from another session is no good either.
    other = app.test_client()
    foreign = token_from(other, "/login")
    assert_refused(csrf_client.post("/desk/speeches/new", data={**SPEECH, "csrf_token": foreign}))
    assert stored(app) == before
    token = token_from(csrf_client, "/desk/speeches/new")
    response = csrf_client.post("/desk/speeches/new", data={**SPEECH, "csrf_token": token})
    assert response.status_code == 302
    assert stored(app) == {**before, "speech": 1, "claim": 1, "audit_event": 1}


def test_logout_needs_the_token(csrf_client: FlaskClient) -> None:
    log_in(csrf_client)
    assert_refused(csrf_client.post("/logout"))
    assert is_logged_in(csrf_client)
    # Every page carries the log-out form with its token.
    token = token_from(csrf_client, "/desk/")
    response = csrf_client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert not is_logged_in(csrf_client)


def test_the_form_expired_page_never_shows_the_password(csrf_client: FlaskClient) -> None:
    """A log-in with a stale token: the page says the form expired and shows nothing typed."""
    secret = "my very secret passphrase"
    response = csrf_client.post(
        "/login",
        data={"email": "editor@example.org", "password": secret, "csrf_token": "stale"},
    )
    assert_refused(response)
    html = response.get_data(as_text=True)
    assert secret not in html
    assert "<textarea" not in html


def test_the_account_forms_expired_page_shows_no_password(csrf_client: FlaskClient) -> None:
    log_in(csrf_client)
    secrets = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    response = csrf_client.post(
        "/account/password", data={**secrets, "confirm": secrets["new_password"]}
    )
    assert_refused(response)
    html = response.get_data(as_text=True)
    assert not any(secret in html for secret in secrets.values())
