"""Logging in and out: one neutral refusal, POST-only logout, a validated `next`, safe cookies."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, LoginThrottle, Role, User
from factcheck.services import login_throttle
from factcheck.views.auth import DEVICE_COOKIE, LOGIN_FAILED
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import is_logged_in, login

CLAIM = "Unemployment fell to 3.9% in 2023, the lowest in fifty years."


def last_login_at(app: Flask, user: User) -> datetime | None:
    with app.app_context():
        return db.session.get(User, user.id).last_login_at


def test_login_redirects_to_the_desk_and_records_the_time(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    before = datetime.now(UTC)
    response = login(client, users["reviewer"].email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"
    assert is_logged_in(client)
    stamp = last_login_at(app, users["reviewer"])
    assert stamp is not None
    assert stamp.tzinfo is not None
    assert before <= stamp <= datetime.now(UTC)
    assert last_login_at(app, users["editor"]) is None


def test_login_ignores_case_and_spaces_in_the_email(
    client: FlaskClient, users: dict[str, User]
) -> None:
    response = login(client, "  Editor@Example.ORG ")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_login_page_shows_a_form(client: FlaskClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="email"' in html
    assert 'name="password"' in html
    assert 'type="password"' in html


def test_refusals_are_identical_for_wrong_password_unknown_email_and_inactive_account(
    app: Flask, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        factories.user(session, "gone@example.org", Role.EDITOR, active=False)
    attempts = {
        "wrong password": ("editor@example.org", "not the password at all"),
        "unknown e-mail": ("nobody@example.org", PASSWORD),
        "inactive account": ("gone@example.org", PASSWORD),
    }
    seen = {}
    for case, (email, password) in attempts.items():
        fresh = app.test_client()
        response = login(fresh, email, password)
        html = response.get_data(as_text=True)
        assert response.status_code == 401, case
        assert LOGIN_FAILED in html, case
        assert not is_logged_in(fresh), case
        # The e-mail is echoed back into the form; apart from that the pages must not differ.
        headers = sorted(name for name, _ in response.headers if name != "Content-Length")
        seen[case] = (response.status_code, tuple(headers), html.replace(email, "EMAIL"))
    assert len(set(seen.values())) == 1
    for word in (
        "inactive",
        "disabled",
        "unknown",
        "no account",
        "not found",
        "incorrect password",
    ):
        assert word not in seen["inactive account"][2].lower()
    with app.app_context():
        assert db.session.scalars(select(User.last_login_at)).all() == [None, None, None, None]


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("editor@example.org\x00", PASSWORD),
        ("\x00", "\x00"),
        ("editor@example.org", "x" * 2000),
        ("e" * 300 + "@example.org", PASSWORD),
        ("", PASSWORD),
        ("editor@example.org", ""),
    ],
)
def test_malformed_credentials_are_a_form_error_not_a_server_error(
    app: Flask, client: FlaskClient, users: dict[str, User], email: str, password: str
) -> None:
    response = login(client, email, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error"' in html
    assert "Traceback" not in html
    assert LOGIN_FAILED not in html
    assert not is_logged_in(client)
    assert last_login_at(app, users["editor"]) is None


def test_inactive_account_with_a_valid_session_is_logged_out(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    assert login(client, users["editor"].email).status_code == 302
    with app.app_context():
        db.session.get(User, users["editor"].id).active = False
        db.session.commit()
    response = client.get("/desk/")
    assert response.status_code == 404
    assert "Log in</a> to see the desk" in response.get_data(as_text=True)


def test_logging_in_from_the_404_page_returns_to_the_page_with_its_query(
    client: FlaskClient, users: dict[str, User]
) -> None:
    page = client.get("/desk/speeches/1/work?claim=14&order=checkworthiness")
    assert page.status_code == 404
    link = re.search(r'href="(/login\?next=[^"]+)"', page.get_data(as_text=True)).group(1)
    target = unquote(html.unescape(link).split("next=", 1)[1])
    assert target == "/desk/speeches/1/work?claim=14&order=checkworthiness"
    response = client.post(
        "/login", data={"email": users["editor"].email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_logged_in_user_visiting_login_is_sent_to_the_desk(as_reviewer: FlaskClient) -> None:
    response = as_reviewer.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"


def test_logout_is_post_only(as_reviewer: FlaskClient) -> None:
    response = as_reviewer.get("/logout")
    assert response.status_code == 405
    assert is_logged_in(as_reviewer)


def test_logout_ends_the_session(as_reviewer: FlaskClient) -> None:
    response = as_reviewer.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "You are logged out." in as_reviewer.get("/").get_data(as_text=True)
    assert not is_logged_in(as_reviewer)


def test_logout_when_not_logged_in_asks_for_a_login(client: FlaskClient) -> None:
    response = client.post("/logout")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def test_session_cookie_is_httponly_and_samesite_lax(
    client: FlaskClient, users: dict[str, User]
) -> None:
    response = login(client, users["editor"].email)
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1
    attributes = [part.strip().lower() for part in cookies[0].split(";")[1:]]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_next_is_followed_to_a_local_page(client: FlaskClient, users: dict[str, User]) -> None:
    """A staff page (a 404 while logged out, with a login link), the login form, then that page."""
    response = client.get("/desk/speeches/new")
    assert response.status_code == 404
    login_url = "/login?next=/desk/speeches/new"
    assert f'href="{login_url}"' in response.get_data(as_text=True)
    page = client.get(login_url).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/desk/speeches/new"' in page
    response = client.post(
        "/login",
        data={"email": users["editor"].email, "password": PASSWORD, "next": "/desk/speeches/new"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/speeches/new"


def test_next_from_the_query_string_is_honoured(
    client: FlaskClient, users: dict[str, User]
) -> None:
    response = client.post(
        "/login?next=/desk/%3Fpage%3D2",
        data={"email": users["editor"].email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/?page=2"


def test_next_survives_a_failed_attempt(client: FlaskClient, users: dict[str, User]) -> None:
    response = client.post(
        "/login", data={"email": users["editor"].email, "password": "wrong", "next": "/desk/"}
    )
    assert response.status_code == 401
    assert 'name="next" type="hidden" value="/desk/"' in response.get_data(as_text=True)


OPEN_REDIRECTS = [
    "https://evil.example",
    "https://evil.example/desk/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "http:/evil.example",
    "http:evil.example",
    "https:\\\\evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "%2F%2Fevil.example",
    "%2f%2fevil.example",
    "https%3A%2F%2Fevil.example",
    "%5C%5Cevil.example",
    "evil.example",
    "desk/",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_off_this_site_is_refused_in_the_form(
    client: FlaskClient, users: dict[str, User], target: str
) -> None:
    response = client.post(
        "/login", data={"email": users["editor"].email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_off_this_site_is_refused_in_the_query_string(
    client: FlaskClient, users: dict[str, User], target: str
) -> None:
    # Percent-encoded once more, so the view receives `target` itself after decoding.
    response = client.post(
        f"/login?next={quote(target, safe='')}",
        data={"email": users["editor"].email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"


@pytest.mark.parametrize(
    "target", ["/%2F%2Fevil.example", "/%5Cevil.example", "/%09/evil.example", "/caf\u00e9"]
)
def test_encoded_look_alikes_stay_on_this_site(
    client: FlaskClient, users: dict[str, User], target: str
) -> None:
    """Percent-escapes inside a path are path characters: the browser stays on this host."""
    response = client.post(
        "/login", data={"email": users["editor"].email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", "")
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))


def test_a_form_sent_after_logging_out_keeps_what_was_written_and_leads_back(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, CLAIM).id
        claim_id = session.scalar(select(Claim.id).where(Claim.speech_id == speech_id))
    workspace = f"/desk/speeches/{speech_id}/work?claim={claim_id}"
    assert login(client, users["reviewer"].email).status_code == 302
    assert client.get(workspace).status_code == 200
    client.post("/logout")  # as if in another tab
    client.get("/")  # where "You are logged out" is shown
    note = "Check the ONS series <b>A&B</b>: the 2023 figure was revised in March."
    referrer = {"Referer": f"http://localhost{workspace}"}
    response = client.post(f"/desk/claims/{claim_id}/notes", data={"body": note}, headers=referrer)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Not saved" in page
    assert "Nothing was saved" in page
    assert html.escape(note, quote=False) in page  # escaped, in a box to copy from
    link = re.search(r'href="(/login\?next=[^"]+)"', page).group(1)
    assert unquote(html.unescape(link).split("next=", 1)[1]) == workspace
    # The same page for a claim that does not exist: nothing is given away.
    missing = client.post("/desk/claims/999999/notes", data={"body": note}, headers=referrer)
    assert missing.status_code == 404
    assert missing.get_data(as_text=True) == page
    assert '<label for="writing-1">Note</label>' in page
    # A short note is kept too, and a form's address opened as a page says what it is.
    short = client.post(f"/desk/claims/{claim_id}/notes", data={"body": "Confirmed."})
    assert "Confirmed.</textarea>" in short.get_data(as_text=True)
    login(client, users["reviewer"].email)
    opened = client.get(f"/desk/claims/{claim_id}/notes")
    assert opened.status_code == 405
    assert "has no page of its own" in opened.get_data(as_text=True)
    client.post("/logout")
    # From another site, the login leads to the desk, not back there.
    elsewhere = client.post(
        f"/desk/claims/{claim_id}/notes",
        data={"body": note},
        headers={"Referer": f"https://evil.example{workspace}"},
    ).get_data(as_text=True)
    assert 'href="/login"' in elsewhere
    assert "next=" not in elsewhere


def test_repeated_failed_log_ins_lock_the_address_even_for_the_right_password(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    email = users["editor"].email
    for _ in range(login_throttle.MAX_FAILURES):
        response = client.post("/login", data={"email": email, "password": "wrong password!"})
        assert response.status_code == 401
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many failed log-ins for this e-mail address" in page
    assert "15 minutes" in page
    assert client.get("/desk/").status_code == 404  # not logged in
    # An address without an account is locked alike: the lock tells nothing about accounts.
    for _ in range(login_throttle.MAX_FAILURES):
        client.post("/login", data={"email": "nobody@example.org", "password": "a guess 1234"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert unknown.status_code == 429
    # When the lock has run out, the right password works again.
    with app.app_context():
        for row in db.session.scalars(select(LoginThrottle)):
            row.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert login(client, email).status_code == 302


def test_a_colleague_typing_wrong_passwords_cannot_lock_out_a_browser_that_logged_in_before(
    app: Flask, users: dict[str, User]
) -> None:
    email = users["editor"].email
    mine = app.test_client()
    assert login(mine, email).status_code == 302
    mine.post("/logout")
    colleague = app.test_client()
    for _ in range(login_throttle.MAX_FAILURES):
        assert login(colleague, email, "a wrong guess!").status_code == 401
    assert login(colleague, email).status_code == 429  # an unknown browser is locked out
    assert login(app.test_client(), email).status_code == 429
    assert login(mine, email).status_code == 302  # the editor's own browser is not
    assert is_logged_in(mine)
    # The known browser has a count of its own: guessing there locks that browser only.
    mine.post("/logout")
    for _ in range(login_throttle.MAX_FAILURES):
        assert login(mine, email, "a wrong guess!").status_code == 401
    assert login(mine, email).status_code == 429


def test_the_device_cookie_is_signed_httponly_and_sent_only_to_the_log_in(
    client: FlaskClient, users: dict[str, User]
) -> None:
    response = login(client, users["editor"].email)
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE)]
    assert len(cookies) == 1
    attributes = [part.strip().lower() for part in cookies[0].split(";")[1:]]
    assert {"httponly", "samesite=lax", "path=/login"} <= set(attributes)
    assert "editor@example.org" not in cookies[0]


@pytest.mark.parametrize(
    "name", ["password", "new_password", "Passphrase", "api_token", "client_secret", "pwd"]
)
def test_a_refused_form_never_shows_a_field_named_like_a_password(
    app: Flask, client: FlaskClient, name: str
) -> None:
    """Any form sent without a login shows back what was written, except a password's like."""
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, CLAIM).id
        claim_id = session.scalar(select(Claim.id).where(Claim.speech_id == speech_id))
    secret = "hunter2 but longer"
    response = client.post(
        f"/desk/claims/{claim_id}/notes", data={"body": "A note to keep.", name: secret}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "A note to keep.</textarea>" in html
    assert secret not in html


def test_a_refused_log_in_shows_the_e_mail_but_never_the_password(
    client: FlaskClient, users: dict[str, User]
) -> None:
    secret = "not the password at all"
    html = login(client, users["editor"].email, secret).get_data(as_text=True)
    assert users["editor"].email in html
    assert secret not in html
