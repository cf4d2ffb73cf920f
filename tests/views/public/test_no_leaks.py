"""No reader page, feed or JSON-LD shows what readers were not given: a private source, an
internal note, a draft verdict, a claim never published or unpublished (and its correction),
another speech's work, or staff names the settings hide. Each plant is first found on the
desk, so the test proves something."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Note, Source, Speech, Verdict
from factcheck.services import publishing, settings
from factcheck.services.demo import DEMO_DEBATE, DEMO_SPEECH
from tests import factories
from tests.exports.support import (
    DRAFT,
    INTERNAL_NOTE,
    PRIVATE_SOURCE,
    PRIVATE_TITLE,
    STAFF,
    claim,
    demo,
    hide_staff_names,
    person,
    plant_secrets,
)


def plant(app: Flask) -> tuple[list[str], dict[str, int]]:
    """The demo desk with secrets planted; the texts no public page may hold, and ids."""
    demo(app)
    with factories.seeding(app) as session:
        editor = person(session, "editor@example.org")
        tram, rents = plant_secrets(session), claim(session, "Rents rose")
        # Published, corrected, then taken off the site: neither version nor the note stays.
        publishing.unpublish(session, actor=editor, claim=rents)
        hide_staff_names(session)
        buses = claim(session, "The councillor forgets")  # submitted, never published
        ai_speech = session.scalars(select(Speech).where(Speech.title == DEMO_SPEECH.title)).one()
        debate = session.scalars(select(Speech).where(Speech.title == DEMO_DEBATE.title)).one()
        secrets = [
            PRIVATE_SOURCE,
            PRIVATE_TITLE,
            INTERNAL_NOTE,
            DRAFT,
            "Improved in four of five years.",  # the demo's own draft verdict
            "Journeys fell by 23%",  # a submitted verdict, never approved
            "Rents rose 3% here",  # the unpublished check's conclusions
            "The national rise was 5%",  # and its correction note
            "The census counts 25-34",  # an editor's comment sending a verdict back
            ai_speech.title,
            *STAFF,
        ]
        found = {
            "tram": tram.id,
            "rents": rents.id,
            "buses": buses.id,
            "ai": ai_speech.id,
            "debate": debate.id,
        }
        return secrets, found


def public_pages(client: FlaskClient, found: dict[str, int]) -> dict[str, str]:
    """Every public page there is, reached by following the site's own links from the home
    page, plus the addresses of what is not public."""
    pages: dict[str, str] = {}
    todo = ["/", "/methodology", "/corrections", "/feed.atom", "/ratings.css"]
    todo += [
        f"/claims/{found['buses']}",
        f"/claims/{found['rents']}",
        f"/claims/{found['rents']}-rents-rose",
        f"/speeches/{found['ai']}",
        "/claims/999999",
    ]
    # Search for every word of every secret: nothing may be found by it.
    todo += [
        f"/search?q={word}"
        for word in (
            "councillor forgets",
            "ledger",
            "press office",
            "depot doubled",
            "Journeys",
            "Improved",
            "national",
            "Rita",
            "Eddie",
            "census",
        )
    ]
    while todo:
        path = todo.pop()
        if path in pages:
            continue
        response = client.get(path, follow_redirects=True)
        pages[path] = response.get_data(as_text=True)
        for link in re.findall(r'href="(?:http://localhost)?(/[^"]*)"', pages[path]):
            if link.startswith(("/speeches/", "/claims/", "/?speaker=")):
                todo.append(link.replace("&amp;", "&"))
    return pages


def test_no_public_page_holds_a_secret(app: Flask, client: FlaskClient) -> None:
    secrets, found = plant(app)
    pages = public_pages(client, found)
    assert any(f"/claims/{found['tram']}-" in path for path in pages)  # the plants' claim is up
    assert f"/speeches/{found['debate']}" in pages
    leaks = [(path, s) for path, page in pages.items() for s in secrets if s in page]
    assert leaks == []
    for path in (f"/claims/{found['buses']}", f"/claims/{found['rents']}", "/claims/999999"):
        assert client.get(path).status_code == 404
    assert client.get(f"/speeches/{found['ai']}").status_code == 404


def test_every_plant_is_real(app: Flask, client: FlaskClient) -> None:
    """The database holds what the reader site hides, and names show when the settings allow."""
    _, found = plant(app)
    with factories.seeding(app) as session:
        stored = " ".join(
            [
                *session.scalars(select(Source.url)),
                *session.scalars(select(Note.body)),
                *session.scalars(select(Verdict.conclusion)),
            ]
        )
        settings.set_setting(
            session,
            actor=person(session, "admin@example.org"),
            key=settings.SHOW_STAFF_NAMES,
            value=True,
        )
    for secret in (PRIVATE_SOURCE, INTERNAL_NOTE, DRAFT, "Journeys fell by 23%"):
        assert secret in stored
    page = client.get(f"/claims/{found['tram']}", follow_redirects=True).get_data(as_text=True)
    assert "Rita Reviewer" in page
    assert "Eddie Editor" in page
