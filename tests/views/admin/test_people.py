"""The People page: admins add accounts, change roles, deactivate and reactivate; nobody else
sees it; a deactivated person's sessions end at once."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Role, User
from tests.helpers import login


def _person(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


@pytest.mark.parametrize("who", [None, "reviewer", "editor"])
def test_people_is_for_admins_only(
    app: Flask, client: FlaskClient, users: dict[str, User], who: str | None
) -> None:
    if who is not None:
        assert login(client, users[who].email).status_code == 302
    assert client.get("/desk/admin/people").status_code == 404
    response = client.post(
        f"/desk/admin/people/{users['admin'].id}/role", data={"role": "reviewer"}
    )
    assert response.status_code == 404
    assert _person(app, users["admin"].email).role is Role.ADMIN


def test_an_admin_adds_a_person_who_can_then_log_in(app: Flask, as_admin: FlaskClient) -> None:
    password = "four unrelated words for a start"
    response = as_admin.post(
        "/desk/admin/people",
        data={
            "email": "New.Person@Example.org",
            "display_name": "<b>Nova</b>",
            "role": "editor",
            "password": password,
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Added &lt;b&gt;Nova&lt;/b&gt; (new.person@example.org) as editor." in page
    assert password not in page  # never shown back
    fresh = app.test_client()
    assert login(fresh, "new.person@example.org", password).status_code == 302
    assert _person(app, "new.person@example.org").role is Role.EDITOR


@pytest.mark.parametrize(
    ("changes", "message", "status"),
    [
        ({"password": "short"}, "at least 12 characters", 400),
        ({"email": "not an address"}, "not a valid e-mail address", 400),
        ({"email": "reviewer@example.org"}, "already exists", 409),
    ],
)
def test_a_bad_new_person_is_refused_and_nothing_is_stored(
    app: Flask, as_admin: FlaskClient, changes: dict, message: str, status: int
) -> None:
    data = {
        "email": "someone@example.org",
        "display_name": "Someone",
        "role": "reviewer",
        "password": "four unrelated words for a start",
        **changes,
    }
    response = as_admin.post("/desk/admin/people", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert _person(app, "someone@example.org") is None
    assert data["password"] not in response.get_data(as_text=True)


def test_roles_change_and_the_last_admin_stays(
    app: Flask, as_admin: FlaskClient, users: dict[str, User]
) -> None:
    response = as_admin.post(
        f"/desk/admin/people/{users['reviewer'].id}/role",
        data={"role": "editor"},
        follow_redirects=True,
    )
    assert "reviewer is now editor." in response.get_data(as_text=True)
    assert _person(app, users["reviewer"].email).role is Role.EDITOR
    refused = as_admin.post(
        f"/desk/admin/people/{users['admin'].id}/role", data={"role": "reviewer"}
    )
    assert refused.status_code == 400
    assert "the last active administrator" in refused.get_data(as_text=True)
    assert _person(app, users["admin"].email).role is Role.ADMIN


def test_deactivating_ends_their_sessions_and_reactivating_lets_them_back(
    app: Flask, as_admin: FlaskClient, users: dict[str, User]
) -> None:
    theirs = app.test_client()
    assert login(theirs, users["editor"].email).status_code == 302
    assert theirs.get("/desk/").status_code == 200
    response = as_admin.post(
        f"/desk/admin/people/{users['editor'].id}/deactivate", follow_redirects=True
    )
    assert "their sessions have ended" in response.get_data(as_text=True)
    assert theirs.get("/desk/").status_code in (302, 404)  # logged out at once
    assert login(theirs, users["editor"].email).status_code != 302
    as_admin.post(f"/desk/admin/people/{users['editor'].id}/reactivate")
    assert login(app.test_client(), users["editor"].email).status_code == 302
