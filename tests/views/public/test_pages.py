"""The reader pages: what each shows of the published checks, their links, JSON-LD and feed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from factcheck.models import Claim, Publication, Speech
from factcheck.services import demo as demo_service
from factcheck.services.demo import DEMO_DEBATE
from tests import factories
from tests.exports.support import demo, published_speech

ATOM = "{http://www.w3.org/2005/Atom}"


def ids(app: Flask) -> dict[str, int]:
    with factories.seeding(app) as session:

        def claim(start: str) -> int:
            return session.scalars(select(Claim.id).where(Claim.text.startswith(start))).one()

        return {
            "debate": session.scalars(
                select(Speech.id).where(Speech.title == DEMO_DEBATE.title)
            ).one(),
            "homes": claim("Since I took office"),
            "rents": claim("Rents rose"),
            "buses": claim("The councillor forgets"),
        }


def json_ld(page: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


@pytest.fixture
def desk(app: Flask) -> dict[str, int]:
    demo(app)
    return ids(app)


def test_nothing_published_yet(app: Flask, client: FlaskClient) -> None:
    with factories.seeding(app) as session:
        factories.demo_speech(session)
    page = client.get("/").get_data(as_text=True)
    assert "Nothing has been published yet." in page
    assert demo_service.DEMO_SPEECH.title not in page
    assert 'href="/login"' in page
    assert 'href="/desk/"' not in page


def test_the_home_page_shows_the_demo_debate(client: FlaskClient, desk: dict[str, int]) -> None:
    page = client.get("/").get_data(as_text=True)
    assert f'href="/speeches/{desk["debate"]}"' in page
    assert DEMO_DEBATE.title in page
    assert demo_service.DEMO_SPEECH.title not in page  # nothing of it is published
    assert "2 checks:" in page
    assert "Browse by speaker" in page
    by_speaker = client.get("/", query_string={"speaker": DEMO_DEBATE.speaker})
    assert DEMO_DEBATE.title in by_speaker.get_data(as_text=True)
    nobody = client.get("/", query_string={"speaker": "Nobody"}).get_data(as_text=True)
    assert DEMO_DEBATE.title not in nobody.split("Browse by speaker")[0]


def test_titles_are_escaped(app: Flask, client: FlaskClient) -> None:
    speech_id = published_speech(app, 2, speaker="<b>Bold</b> speaker")
    page = client.get("/").get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt; speaker" in page
    assert "<b>Bold</b>" not in page
    page = client.get(f"/speeches/{speech_id}").get_data(as_text=True)
    assert "<b>Bold</b>" not in page


def test_the_speech_page_highlights_its_checks_with_words(
    client: FlaskClient, desk: dict[str, int]
) -> None:
    response = client.get(f"/speeches/{desk['debate']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    links = re.findall(r'<a class="check (rating-\d+)" href="(/claims/[^"]+)"', page)
    assert len(links) == 2
    assert links[0][1].startswith(f"/claims/{desk['homes']}-since-i-took-office")
    assert "[Mostly true]" in page  # a label in words, not the colour alone
    assert "Ratings in this speech" in page
    assert "The councillor forgets" in page  # the transcript is whole...
    assert f"/claims/{desk['buses']}" not in page  # ...but unpublished claims are not checks
    [item_list] = json_ld(page)
    assert item_list["@type"] == "ItemList"
    urls = [item["url"] for item in item_list["itemListElement"]]
    assert urls == ["http://localhost" + href for _, href in links]


def test_timecodes_link_to_the_moment_in_the_recording(app: Flask, client: FlaskClient) -> None:
    speech_id = published_speech(app, 2)
    with factories.seeding(app) as session:
        session.execute(
            update(Speech)
            .where(Speech.id == speech_id)
            .values(media_url="https://media.example.org/talk.mp4")
        )
        for publication in session.scalars(select(Publication)):
            content = json.loads(json.dumps(publication.content))
            content["claim"]["media_start_ms"] = 83_000
            publication.content = content
    page = client.get(f"/speeches/{speech_id}").get_data(as_text=True)
    assert 'href="https://media.example.org/talk.mp4#t=83"' in page
    assert "1:23" in page


def test_the_claim_page_has_one_claim_review_and_its_meta(
    client: FlaskClient, desk: dict[str, int]
) -> None:
    response = client.get(f"/claims/{desk['rents']}")
    assert response.status_code == 301
    canonical = response.headers["Location"]
    assert re.fullmatch(rf"/claims/{desk['rents']}-rents-rose-by-3-[a-z0-9-]+", canonical)
    assert client.get(f"/claims/{desk['rents']}-wrong-words").headers["Location"] == canonical
    page = client.get(canonical).get_data(as_text=True)
    [review] = json_ld(page)
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "http://localhost" + canonical
    assert review["reviewRating"]["alternateName"] == "Mostly true"
    assert f'<link rel="canonical" href="http://localhost{canonical}">' in page
    assert '<meta property="og:title"' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert "Corrected on " in page
    assert "The national rise was 5%, not 6%" in page
    assert "Earlier versions" in page
    assert "Rents rose 3% here and 6% nationally." in page  # the first version's conclusion
    assert "Accessed " in page
    assert "The figures for the year, as published." in page  # a public source's quote
    assert "means:" in page  # the rating's definition


def test_a_withdrawn_check_says_so_and_is_no_review(
    app: Flask, client: FlaskClient, desk: dict[str, int]
) -> None:
    from factcheck.models import User
    from factcheck.services import publishing

    with factories.seeding(app) as session:
        editor = session.scalars(select(User).where(User.email == "editor@example.org")).one()
        rents = session.get(Claim, desk["rents"])
        publishing.withdraw(session, actor=editor, claim=rents, note="The index was revised.")
    page = client.get(f"/claims/{desk['rents']}", follow_redirects=True).get_data(as_text=True)
    assert "This check was withdrawn" in page
    assert "The index was revised." in page
    assert json_ld(page) == []
    assert "Withdrawn on " in client.get("/corrections").get_data(as_text=True)
    speech = client.get(f"/speeches/{desk['debate']}").get_data(as_text=True)
    assert "[Mostly true, withdrawn]" in speech
    assert "<strong>Withdrawn:</strong> The index was revised." in speech


def test_unknown_and_unpublished_are_a_plain_404(client: FlaskClient, desk: dict[str, int]) -> None:
    for path in (
        f"/claims/{desk['buses']}",
        f"/claims/{desk['buses']}-the-councillor-forgets",
        "/claims/999999",
        "/speeches/999999",
        f"/speeches/{desk['debate'] - 1}",  # the demo speech: nothing of it published
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        page = response.get_data(as_text=True)
        assert "The councillor forgets" not in page  # (the address is echoed in a log-in link)
        assert "Journeys fell" not in page
        assert "Not found" in page


def test_the_methodology_page_is_the_rating_scale(
    client: FlaskClient, desk: dict[str, int]
) -> None:
    page = client.get("/methodology").get_data(as_text=True)
    for label in ("True", "Mostly true", "Half true", "Mostly false", "False"):
        assert f"{label}</span>" in page


def test_the_corrections_page_lists_the_correction(
    client: FlaskClient, desk: dict[str, int]
) -> None:
    page = client.get("/corrections").get_data(as_text=True)
    assert "Corrected on " in page
    assert "The national rise was 5%, not 6%" in page
    assert f"/claims/{desk['rents']}-rents" in page


def test_the_feed_is_atom_with_absolute_links(client: FlaskClient, desk: dict[str, int]) -> None:
    response = client.get("/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())  # noqa: S314  (our own feed)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text.split(":")[0] for e in entries][:1] == ["Corrected"]
    assert len(entries) == 3  # homes, rents, and rents corrected
    ids_seen = set()
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None
        ids_seen.add(entry.find(f"{ATOM}id").text)
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith("http://localhost/claims/")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text)
    assert len(ids_seen) == 3
