"""Small helpers shared by view and CLI tests: logging in, row counts, scraping CSRF tokens.

Each helper opens and closes its own app context, so no session (or SQLite lock) outlives the call
while the test client runs requests. Test data comes from `tests.factories`.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, Speech, User
from tests.factories import PASSWORD

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def login(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def stored(app: Flask) -> dict[str, int]:
    """How many speeches, claims, audit events and users the database holds."""
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Speech, Claim, AuditEvent, User)
        }


def claim_state(app: Flask, claim_id: int) -> str:
    """The claim's words as a reviewer reads them, as the verdict form sends them back."""
    with app.app_context():
        return db.session.get(Claim, claim_id).words_token


def csrf_token(html: str) -> str:
    """The first CSRF token in a rendered page."""
    found = CSRF_INPUT.search(html)
    assert found is not None, "no csrf_token input in the page"
    return found.group(1)
