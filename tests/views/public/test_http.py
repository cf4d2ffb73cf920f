"""The reader pages over HTTP: briefly cached by anyone, 304 when unchanged, never cached for
staff; and a fixed number of queries however many checks a speech holds."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Claim, Publication, Role, Speech
from factcheck.services import settings
from factcheck.views.public import _http
from factcheck.views.public._http import MAX_AGE
from tests import factories
from tests.exports.support import demo, published_speech

PAGES = ("/", "/methodology", "/corrections", "/feed.atom")


def first_claim(app: Flask, speech_id: int) -> tuple[int, str]:
    with factories.seeding(app) as session:
        claim = session.scalars(
            select(Claim)
            .join(Publication, Publication.claim_id == Claim.id)
            .where(Claim.speech_id == speech_id)
            .order_by(Claim.start)
            .limit(1)
        ).one()
        return claim.id, claim.text


@pytest.fixture
def speech_id(app: Flask) -> int:
    return published_speech(app, 3)


def test_public_pages_are_cached_briefly_and_vary_on_the_cookie(
    app: Flask, client: FlaskClient, speech_id: int
) -> None:
    claim_id, _ = first_claim(app, speech_id)
    for path in (*PAGES, f"/speeches/{speech_id}", f"/claims/{claim_id}"):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        assert response.cache_control.public, path
        assert response.cache_control.max_age == MAX_AGE, path
        assert "Cookie" in response.vary, path
        assert response.headers.get("ETag"), path
        assert "Set-Cookie" not in response.headers, path


def test_an_unchanged_page_is_a_304_and_a_change_a_new_etag(
    app: Flask, client: FlaskClient, speech_id: int
) -> None:
    path = f"/speeches/{speech_id}"
    first = client.get(path)
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert client.head(path).status_code == 200
    with factories.seeding(app) as session:
        publication = session.scalars(select(Publication).limit(1)).one()
        publication.unpublished_at = publication.published_at  # an editor takes one check back
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_staff_pages_are_never_cached(app: Flask, as_editor: FlaskClient, speech_id: int) -> None:
    response = as_editor.get(f"/speeches/{speech_id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_missing_is_a_404_and_an_old_slug_a_301(
    app: Flask, client: FlaskClient, speech_id: int
) -> None:
    claim_id, _ = first_claim(app, speech_id)
    assert client.get("/speeches/2147483647").status_code == 404
    assert client.get("/speeches/abc").status_code == 404
    moved = client.get(f"/claims/{claim_id}-old-words")
    assert moved.status_code == 301
    assert moved.headers["Location"].startswith(f"/claims/{claim_id}-")
    assert client.post(f"/speeches/{speech_id}").status_code == 405


def test_a_speech_of_500_checks_takes_as_few_queries_as_one_of_3(
    app: Flask, client: FlaskClient, count_queries
) -> None:
    def queries(path: str) -> int:
        assert client.get(path).status_code == 200
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    small, big = published_speech(app, 3), published_speech(app, 500)
    assert queries(f"/speeches/{big}") == queries(f"/speeches/{small}") <= 4
    claim_id, _ = first_claim(app, big)
    page = client.get(f"/claims/{claim_id}").headers["Location"]
    assert queries(page) <= 5
    assert queries("/") <= 4
    demo(app)
    assert queries("/") <= 4
    assert queries("/feed.atom") <= 2
    assert queries("/corrections") <= 2


def permalink(client: FlaskClient, claim_id: int) -> str:
    return client.get(f"/claims/{claim_id}").headers["Location"]


def test_a_claim_page_is_served_again_from_one_query_until_it_changes(
    app: Flask, client: FlaskClient, speech_id: int, count_queries
) -> None:
    claim_id, _ = first_claim(app, speech_id)
    page = permalink(client, claim_id)
    first = client.get(page)
    with count_queries() as counter:
        again = client.get(page)
    assert counter.count == 1  # the stamp; the page itself comes from the cache
    assert again.get_data() == first.get_data()
    with factories.seeding(app) as session:  # what readers see changes: a correction
        claim = session.get(Claim, claim_id)
        publication = session.scalars(
            select(Publication).where(Publication.claim_id == claim_id)
        ).one()
        corrected = Publication(
            claim_id=claim_id,
            speech_id=claim.speech_id,
            number=2,
            kind="correction",
            note="The figure was revised in March.",
            content=publication.content,
        )
        session.add(corrected)
    assert "The figure was revised in March." in client.get(page).get_data(as_text=True)
    with factories.seeding(app) as session:  # and an editor takes it back: gone at once
        for row in session.scalars(select(Publication).where(Publication.claim_id == claim_id)):
            row.unpublished_at = row.published_at
    assert client.get(page).status_code == 404


def test_a_claim_page_follows_the_settings_and_the_speech(
    app: Flask, client: FlaskClient, speech_id: int
) -> None:
    claim_id, _ = first_claim(app, speech_id)
    page = permalink(client, claim_id)
    assert "Kind Desk" not in client.get(page).get_data(as_text=True)
    with factories.seeding(app) as session:
        admin = factories.user(session, role=Role.ADMIN)
        settings.set_setting(
            session, actor=admin, key=settings.ORGANISATION_NAME, value="Kind Desk"
        )
    assert "Kind Desk" in client.get(page).get_data(as_text=True)
    with factories.seeding(app) as session:
        speech = session.get(Speech, speech_id)
        speech.transcript = speech.transcript.replace("In 1901", "In MCMI", 1)
    assert "In MCMI" in client.get(page).get_data(as_text=True)


def test_requests_with_cookies_neither_read_nor_fill_the_cache(
    app: Flask, client: FlaskClient, as_editor: FlaskClient, speech_id: int
) -> None:
    claim_id, _ = first_claim(app, speech_id)
    page = permalink(client, claim_id)
    staff = as_editor.get(page).get_data(as_text=True)
    assert "Log out" in staff
    anyone = app.test_client().get(page).get_data(as_text=True)
    assert "Log out" not in anyone
    assert "Log out" in as_editor.get(page).get_data(as_text=True)


def test_a_claim_page_is_trusted_for_a_second_then_checked(
    app: Flask, client: FlaskClient, speech_id: int, count_queries, monkeypatch
) -> None:
    clock = [1_000.0]
    monkeypatch.setattr(_http.time, "monotonic", lambda: clock[0])
    app.config["PUBLIC_PAGE_TRUST_SECONDS"] = 1.0
    app.extensions.pop("factcheck.claim_pages", None)
    claim_id, _ = first_claim(app, speech_id)
    page = permalink(client, claim_id)
    assert client.get(page).status_code == 200
    with count_queries() as counter:
        assert client.get(page).status_code == 200
    assert counter.count == 0  # within the second: not even the stamp
    with factories.seeding(app) as session:
        for row in session.scalars(select(Publication).where(Publication.claim_id == claim_id)):
            row.unpublished_at = row.published_at
    assert client.get(page).status_code == 200  # at most a second late...
    clock[0] += 1.01
    assert client.get(page).status_code == 404  # ...then gone
