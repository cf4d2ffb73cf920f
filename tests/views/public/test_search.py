"""Searching the published checks: SQLite FTS5 and PostgreSQL full text, filtered, paginated, the
matching words marked and everything else escaped; nothing unpublished is ever found."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Claim, Publication, PublicationKind, User
from factcheck.queries.public.search import PAGE, marked
from factcheck.services import publishing
from factcheck.services.demo import DEMO_DEBATE
from tests import factories
from tests.exports.support import demo, published_speech


def results(client: FlaskClient, **args: str) -> list[str]:
    """The quotes found, as the page marks them up."""
    page = client.get("/search", query_string=args)
    assert page.status_code == 200
    return re.findall(
        r'<p class="result-quote"><a href="[^"]+">(.*?)</a></p>', page.get_data(as_text=True)
    )


def test_marked_pieces_split_at_the_marks() -> None:
    assert marked("a \ue000b\ue001 <c>") == [("a ", False), ("b", True), (" <c>", False)]
    assert marked(None) == []


def test_words_are_found_and_marked_in_published_checks(client: FlaskClient, app: Flask) -> None:
    demo(app)
    assert results(client, q="rents") == [
        "<mark>Rents</mark> rose by 3% last year, half the national rise of 6%."
    ]
    [homes] = results(client, q="homes BUILT")  # every word, any case, any order
    assert "<mark>built</mark> 4,200 new <mark>homes</mark>" in homes
    assert results(client, q="rent") != []  # stemmed: "rent" finds "rents"
    assert results(client, q="rents homes") == []
    assert results(client, q="") == []
    assert results(client, q='"rents* (^') != []  # words, never query syntax


def test_nothing_unpublished_is_found(client: FlaskClient, app: Flask) -> None:
    demo(app)
    for words in ("forgets bus", "Journeys fell", "Improved four", "census", "tram budget"):
        assert results(client, q=words) == [], words
    with factories.seeding(app) as session:
        editor = session.scalars(select(User).where(User.email == "editor@example.org")).one()
        rents = session.scalars(select(Claim).where(Claim.text.startswith("Rents"))).one()
        publishing.unpublish(session, actor=editor, claim=rents)
    assert results(client, q="rents") == []
    assert results(client, q="nationally") == []  # nor its earlier version


def test_filters_by_rating_speaker_and_date(client: FlaskClient, app: Flask) -> None:
    demo(app)
    assert len(results(client, q="city", rating="Mostly true")) == 2  # the title's word
    assert results(client, q="city", rating="False") == []
    assert len(results(client, q="rents", speaker=DEMO_DEBATE.speaker)) == 1
    assert results(client, q="rents", speaker="Somebody else") == []
    assert len(results(client, q="rents", since="2024-10-03", until="2024-10-03")) == 1
    assert results(client, q="rents", since="2024-10-04") == []
    assert results(client, q="rents", until="2024-10-02") == []
    assert len(results(client, q="rents", since="not a day", rating="\x00")) == 1


def test_results_are_paginated(client: FlaskClient, app: Flask) -> None:
    published_speech(app, PAGE + 5)
    first = client.get("/search?q=rate").get_data(as_text=True)
    assert len(results(client, q="rate")) == PAGE
    assert 'rel="next"' in first
    assert len(results(client, q="rate", page="2")) == 5
    assert 'rel="prev"' in client.get("/search?q=rate&page=2").get_data(as_text=True)


def test_text_is_escaped_around_the_marks(client: FlaskClient, app: Flask) -> None:
    speech_id = published_speech(app, 1)
    with factories.seeding(app) as session:
        first = session.scalars(select(Publication).where(Publication.speech_id == speech_id)).one()
        content = json.loads(json.dumps(first.content))
        content["claim"]["text"] = "<b>Bold</b> rate & <script>x</script>"
        session.add(
            Publication(
                claim_id=first.claim_id,
                speech_id=speech_id,
                number=2,
                kind=PublicationKind.CORRECTION,
                note="Escaped.",
                content=content,
            )
        )
    [quote] = results(client, q="bold rate")
    assert quote == (
        "&lt;<mark>b</mark>&gt;<mark>Bold</mark>&lt;/<mark>b</mark>&gt; <mark>rate</mark> "
        "&amp; &lt;script&gt;x&lt;/script&gt;"
    ) or quote == (
        "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; <mark>rate</mark> &amp; &lt;script&gt;x&lt;/script&gt;"
    )
    assert "<script>" not in client.get("/search?q=<script>").get_data(as_text=True)


def test_a_search_takes_a_fixed_number_of_queries(
    client: FlaskClient, app: Flask, count_queries
) -> None:
    published_speech(app, 60)
    client.get("/search?q=rate")
    with count_queries() as counter:
        assert len(results(client, q="rate", rating="True", since="1900-01-01")) <= PAGE
    assert counter.count <= 3
