"""Small helpers shared by view and CLI tests: logging in, reading the database, reading pages.

Each helper opens and closes its own app context, so no session (or SQLite lock) outlives the call
while the test client runs requests; what they return is detached, loaded. Test data comes from
`tests.factories`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, Speech, User
from factcheck.services import ratings
from tests.factories import PASSWORD

T = TypeVar("T")
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SOURCE_FORM = {  # the add-a-source form, filled in completely
    "url": "https://www.ons.gov.uk/employment",
    "title": "Labour market overview",
    "publisher": "Office for National Statistics",
    "published_on": "2024-01-16",
    "accessed_on": "2024-05-09",
    "quote": "The unemployment rate was 3.9%.",
    "stance": "supports",
    "kind": "official_record",
    "is_public": "y",
}


def login(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def is_logged_in(client: FlaskClient) -> bool:
    """Whether the client's session opens the desk (a visitor gets the desk's 404)."""
    response = client.get("/desk/")
    assert response.status_code in (200, 404)
    return response.status_code == 200


def stored(app: Flask) -> dict[str, int]:
    """How many speeches, claims, audit events and users the database holds."""
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Speech, Claim, AuditEvent, User)
        }


def read(app: Flask, query: Callable[[Session], T]) -> T:
    """Run `query(session)` in an app context of its own; return plain values from it."""
    with app.app_context():
        return query(db.session)


def get(app: Flask, model: type, item_id: int) -> Any:
    """The row of `model` with this id, detached, or None."""
    with app.app_context():
        item = db.session.get(model, item_id)
        if item is not None:
            db.session.expunge(item)
        return item


def counting(model: type, **where: object) -> Callable[[Session], int]:
    """A query for `read`: how many rows of `model` have these column values."""
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return lambda session: session.scalar(query)


def count(app: Flask, model: type, **where: object) -> int:
    return read(app, counting(model, **where))


def claim_rows(app: Flask, speech_id: int) -> list[Claim]:
    """The speech's claims (and other spans) in transcript order, detached."""
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(Claim).where(Claim.speech_id == speech_id).order_by(Claim.start)
            )
        )
        db.session.expunge_all()
        return rows


def claim_starting(app: Flask, speech_id: int, text: str) -> Claim:
    return next(c for c in claim_rows(app, speech_id) if c.text.startswith(text))


def rating_id(app: Flask, label: str) -> int:
    """The id of the active scale's rating with this label, as the verdict form sends it."""
    return read(
        app, lambda s: next(r.id for r in ratings.active_scale(s).ratings if r.label == label)
    )


def claim_state(app: Flask, claim_id: int) -> str:
    """The claim's words as a reviewer reads them, as the verdict form sends them back."""
    with app.app_context():
        return db.session.get(Claim, claim_id).words_token


def csrf_token(html: str) -> str:
    """The first CSRF token in a rendered page."""
    found = CSRF_INPUT.search(html)
    assert found is not None, "no csrf_token input in the page"
    return found.group(1)


def problem(page: str) -> str:
    """The problem a refused form shows above it."""
    found = re.search(r'<div class="form-errors" role="alert" id="problem">(.*?)</div>', page, re.S)
    assert found, "no problem shown"
    return found.group(1)


def conflict(page: str) -> str:
    """What a 409 page says the other change was."""
    return page.split('id="conflict"')[1].split("</div>")[0]
