"""Published-only exports never hold what readers were not shown: a private source, an internal
note, a draft verdict, an unpublished claim, or staff names the settings hide. Each is planted on
the demo desk, found in the staff export (so the plant is real), and in no published format."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.exports.formats import FORMATS
from factcheck.models import Claim, Speech, User
from factcheck.queries.exports import Selection, export
from factcheck.services import notes, publishing, settings, sources, verdicts
from factcheck.services.demo import DEMO_SPEECH
from tests import factories
from tests.exports.support import BASE, demo, readable, squeezed

PRIVATE_SOURCE = "https://whistleblower.example.org/private-ledger"
INTERNAL_NOTE = "Internal: the press office asked us to hold this until Friday."
DRAFT = "Draft conclusion nobody has approved: the depot doubled the cost."
STAFF = ("Rita Reviewer", "Eddie Editor", "Sam Second", "Ada Admin", "@example.org")


def person(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def claim(session: Session, start: str) -> Claim:
    return session.scalars(select(Claim).where(Claim.text.startswith(start))).one()


def plant(app: Flask, session: Session) -> list[str]:
    """The secrets planted; returns the texts no published export may hold."""
    demo(app)
    editor, rita = person(session, "editor@example.org"), person(session, "reviewer@example.org")
    sam = person(session, "second@example.org")
    tram = claim(session, "We opened the new tram")  # approved: published below
    sources.add_source(
        session,
        actor=rita,
        claim=tram,
        data=sources.SourceInput(
            url=PRIVATE_SOURCE,
            title="A ledger shown to us in confidence",
            accessed_on=date(2024, 10, 4),
            stance="supports",
            kind="other",
            is_public=False,
        ),
    )
    notes.add_note(session, actor=rita, claim=tram, body=INTERNAL_NOTE)
    publishing.publish(session, actor=editor, claim=tram)
    rating = next(r for r in factories.rating_scale(session).ratings if r.label == "False")
    verdicts.set_verdict(
        session,
        actor=sam,
        claim=tram,
        rating_id=rating.id,
        conclusion=DRAFT,
        explanation=None,
        submit=False,
        expected_version=None,
    )
    admin = person(session, "admin@example.org")
    settings.set_setting(session, actor=admin, key=settings.SHOW_STAFF_NAMES, value=False)
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
