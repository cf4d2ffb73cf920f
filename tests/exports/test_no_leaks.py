"""Published-only exports never hold what readers were not shown: a private source, an internal
note, a draft verdict, an unpublished claim, or staff names the settings hide. Each is planted on
the demo desk, found in the staff export (so the plant is real), and in no published format."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.exports.formats import FORMATS
from factcheck.models import Speech
from factcheck.queries.exports import Selection, export
from factcheck.services.demo import DEMO_SPEECH
from tests.exports.support import (
    BASE,
    DRAFT,
    INTERNAL_NOTE,
    PRIVATE_SOURCE,
    STAFF,
    claim,
    demo,
    hide_staff_names,
    plant_secrets,
    readable,
    squeezed,
)


def plant(app: Flask, session: Session) -> list[str]:
    """The secrets planted; returns the texts no published export may hold."""
    demo(app)
    plant_secrets(session)
    hide_staff_names(session)
    session.commit()
    unpublished = claim(session, "The councillor forgets")  # submitted, never published
    ai_speech = session.scalars(select(Speech).where(Speech.title == DEMO_SPEECH.title)).one()
    return [
        PRIVATE_SOURCE,
        INTERNAL_NOTE,
        DRAFT,
        "Improved in four of five years.",  # the demo's own draft verdict
        unpublished.text,
        "Journeys fell by 23%",  # its submitted verdict
        f"{BASE}claims/{unpublished.id}",
        ai_speech.title,
        *STAFF,
    ]


def written(session: Session, name: str, *, published_only: bool) -> str:
    result = export(session, Selection(), published_only=published_only, base_url=BASE)
    return readable(name, b"".join(FORMATS[name].write(result)))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_published_exports_hold_no_secret(app: Flask, session: Session, name: str) -> None:
    secrets = plant(app, session)
    shown = written(session, name, published_only=True)
    assert squeezed(name, "We opened the new tram") in shown or name == "claimreview"  # it's there
    assert [secret for secret in secrets if squeezed(name, secret) in shown] == []


def test_the_staff_export_holds_every_plant(app: Flask, session: Session) -> None:
    secrets = plant(app, session)
    staff = written(session, "json", published_only=False)
    missing = [s for s in secrets if s not in staff]
    # Notes and drafts are never exported, nor e-mail addresses; the admin checked nothing.
    assert missing == [
        INTERNAL_NOTE,
        DRAFT,
        "Improved in four of five years.",
        "Ada Admin",
        "@example.org",
    ]
