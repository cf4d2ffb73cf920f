"""Small helpers shared by view and CLI tests: row counts, seeding speeches, scraping CSRF tokens.

Each helper opens and closes its own app context, so no session (or SQLite lock) outlives the call
while the test client runs requests.
"""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, Speech, SpeechStatus, User
from factcheck.services import speeches
from factcheck.services.speeches import SpeechDetails

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def stored(app: Flask) -> dict[str, int]:
    """How many speeches, claims, audit events and users the database holds."""
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Speech, Claim, AuditEvent, User)
        }


def add_speech(
    app: Flask,
    transcript: str,
    *,
    title: str = "A speech",
    speaker: str = "A speaker",
    status: SpeechStatus | None = None,
) -> int:
    """Import a speech through the service (no HTTP) and return its id."""
    with app.app_context():
        speech = speeches.import_speech(
            db.session,
            actor=None,
            details=SpeechDetails(title=title, speaker=speaker),
            transcript=transcript,
        )
        if status is not None:
            speech.status = status
        db.session.commit()
        return speech.id


def claim_state(app: Flask, claim_id: int) -> str:
    """The claim's words as a reviewer reads them, as the verdict form sends them back."""
    with app.app_context():
        return db.session.get(Claim, claim_id).words_token


def csrf_token(html: str) -> str:
    """The first CSRF token in a rendered page."""
    found = CSRF_INPUT.search(html)
    assert found is not None, "no csrf_token input in the page"
    return found.group(1)
