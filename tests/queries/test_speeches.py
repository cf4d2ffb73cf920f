"""The reads about speeches: the desk's list (with each speech's progress) and a speech's page in
a fixed number of queries, and a transcript cut into pieces that rebuild it."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.queries.speeches import SPEECH_PAGE, claims_of, transcript_pieces
from tests import factories
from tests.helpers import count


def queries_for(client: FlaskClient, count_queries, path: str) -> int:
    with count_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200
    return queries.count


def test_speech_page_queries_do_not_grow_with_claims(
    app: Flask, as_reviewer: FlaskClient, count_queries
) -> None:
    with factories.seeding(app) as session:
        small = factories.speech(session, factories.numbered_transcript(10)).id
        large = factories.speech(session, factories.numbered_transcript(300)).id
    assert count(app, Claim, speech_id=large) == 300
    small_count = queries_for(as_reviewer, count_queries, f"/desk/speeches/{small}")
    large_count = queries_for(as_reviewer, count_queries, f"/desk/speeches/{large}")
    assert small_count == large_count
    # The log-in, the header's counts of work, the speech, its counts, its progress, a page of
    # claims, a part of the text and the verdicts its highlights show.
    assert small_count <= 8
    # A page lists SPEECH_PAGE claims; the pages list all 300, in order.
    listed = []
    for number in range(1, 300 // SPEECH_PAGE + 1):
        page = as_reviewer.get(f"/desk/speeches/{large}?page={number}").get_data(as_text=True)
        listed += [
            int(n) for n in re.findall(r'class="claim-item [\w-]+"><span class="num">#(\d+)<', page)
        ]
    with app.app_context():
        ids = db.session.scalars(
            select(Claim.id).where(Claim.speech_id == large).order_by(Claim.start)
        ).all()
    assert listed == ids


def test_desk_list_queries_do_not_grow_with_speeches(
    app: Flask, as_reviewer: FlaskClient, count_queries
) -> None:
    with factories.seeding(app) as session:
        factories.speech(session, factories.numbered_transcript(3), title="Speech 0")
    few = queries_for(as_reviewer, count_queries, "/desk/")
    with factories.seeding(app) as session:
        for i in range(1, 40):
            factories.speech(session, factories.numbered_transcript(3), title=f"Speech {i}")
    many = queries_for(as_reviewer, count_queries, "/desk/")
    assert few == many
    assert few <= 5  # with the header's counts of work
    page = as_reviewer.get("/desk/").get_data(as_text=True)
    assert len(re.findall(r'href="/desk/speeches/\d+"', page)) == 40


def test_the_desk_shows_each_speechs_progress_in_two_queries(
    app: Flask, as_reviewer: FlaskClient, count_queries
) -> None:
    with factories.seeding(app) as session:
        for n in range(3):
            factories.speech(session, factories.TRANSCRIPT, title=f"Speech {n}")
    as_reviewer.get("/desk/")  # warm
    with count_queries() as few:
        page = as_reviewer.get("/desk/").get_data(as_text=True)
    with factories.seeding(app) as session:
        for n in range(3, 9):
            factories.speech(session, factories.TRANSCRIPT, title=f"Speech {n}")
    with count_queries() as many:
        page = as_reviewer.get("/desk/").get_data(as_text=True)
    assert many.count == few.count
    assert page.count("0 of 3 claims checked") == 9


def test_transcript_pieces_rebuild_the_transcript(session: Session) -> None:
    text = "  Hello everyone.\n\nThe deficit doubled in 2020. It halved in 2022.  "
    speech = factories.speech(session, text)
    claims = claims_of(session, speech)
    pieces = transcript_pieces(speech.transcript, claims)
    assert "".join(p.text for p in pieces) == speech.transcript
    assert [p.number for p in pieces if p.claim] == list(range(1, len(claims) + 1))
