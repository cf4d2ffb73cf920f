"""A user changes their own display name; colleagues see it on every change they made."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import AuditEvent, User
from factcheck.models.history import AuditAction


def _name(app: Flask, email: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.display_name).where(User.email == email))


def test_a_reviewer_renames_themself_and_it_is_recorded(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User]
) -> None:
    response = as_reviewer.post(
        "/account/name", data={"display_name": "  Rita   <i>Reviewer</i> "}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Your name is changed." in page
    assert "Rita &lt;i&gt;Reviewer&lt;/i&gt;" in page
    assert _name(app, users["reviewer"].email) == "Rita <i>Reviewer</i>"
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.USER_RENAME)
        ).one()
        assert (event.before["display_name"], event.after["display_name"]) == (
            "reviewer",
            "Rita <i>Reviewer</i>",
        )


def test_a_blank_or_reordering_name_is_refused(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User]
) -> None:
    for bad in ("   ", "Rita \u202eweiveR", "x" * 121):
        response = as_reviewer.post("/account/name", data={"display_name": bad})
        assert response.status_code == 400
    assert _name(app, users["reviewer"].email) == "reviewer"
