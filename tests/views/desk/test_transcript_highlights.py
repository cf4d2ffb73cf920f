"""The transcript shows each claim's verdict: its rating's colour and label, draft or submitted,
behind a label that links to the claim; the rating colours come from a stylesheet of their own."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Rating, User
from tests import factories
from tests.helpers import claim_starting

LABEL = re.compile(r'<a class="t-num([^"]*)" href="([^"]+)" data-claim="(\d+)">(.*?)</a>', re.S)


def labels(page: str) -> dict[int, tuple[str, str, str]]:
    """(classes, href, text with tags removed) of each claim label of a page, by claim id."""
    return {
        int(claim_id): (classes.strip(), href.replace("&amp;", "&"), re.sub(r"<[^>]+>", "", text))
        for classes, href, claim_id, text in LABEL.findall(page)
    }


def mark_classes(page: str, claim_id: int) -> str:
    found = re.search(
        rf'<mark (?:id="t-claim-{claim_id}" )?class="([^"]+)" data-claim="{claim_id}"', page
    )
    assert found, claim_id
    return found.group(1)


def rating(app: Flask, label: str) -> Rating:
    with app.app_context():
        found = db.session.scalar(select(Rating).where(Rating.label == label))
        assert found is not None
        db.session.expunge(found)
        return found


def test_highlights_carry_the_rating_and_whether_it_is_a_draft(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, scale: None
) -> None:
    fell = claim_starting(app, speech_id, "Unemployment")
    built = claim_starting(app, speech_id, "We built")
    prices = claim_starting(app, speech_id, "Prices rose")
    with factories.seeding(app) as session:
        reviewer = session.get(User, users["reviewer"].id)
        editor = session.get(User, users["editor"].id)
        factories.source(session, session.get(type(fell), fell.id), reviewer)
        factories.verdict(session, session.get(type(fell), fell.id), reviewer, "False", submit=True)
        factories.verdict(session, session.get(type(built), built.id), reviewer, "Mostly true")
        # A later draft by someone else does not hide the submitted verdict.
        factories.verdict(session, session.get(type(fell), fell.id), editor, "True")
    false, mostly = rating(app, "False"), rating(app, "Mostly true")

    for path in (f"/desk/speeches/{speech_id}/work?claim={fell.id}", f"/desk/speeches/{speech_id}"):
        page = as_reviewer.get(path).get_data(as_text=True)
        found = labels(page)
        assert found[fell.id][0] == "verdict-submitted"
        assert found[fell.id][2] == f"#{fell.id}False"
        assert found[built.id][0] == "verdict-draft"
        assert found[built.id][2] == f"#{built.id}Mostly true (draft)"
        assert found[prices.id] == ("", found[prices.id][1], f"#{prices.id}")
        # The label opens the claim in the workspace, a plain link.
        assert found[prices.id][1] == f"/desk/speeches/{speech_id}/work?claim={prices.id}"
        assert f"rated rating-{false.id} verdict-submitted" in mark_classes(page, fell.id)
        assert f"rated rating-{mostly.id} verdict-draft" in mark_classes(page, built.id)
        assert "rated" not in mark_classes(page, prices.id)
        # The swatch paints the rating's own colour, beside its label: never colour alone.
        assert f'fill="{false.colour}"' in page.split(f'data-claim="{fell.id}">#{fell.id}')[1][:400]


def test_workspace_labels_keep_the_queue_filters(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    built = claim_starting(app, speech_id, "We built")
    page = as_reviewer.get(
        f"/desk/speeches/{speech_id}/work?claim={built.id}&status=open&order=checkworthiness"
    ).get_data(as_text=True)
    href = labels(page)[built.id][1]
    assert href.startswith(f"/desk/speeches/{speech_id}/work?")
    assert "order=checkworthiness" in href
    assert "status=open" in href
    assert href.endswith(f"claim={built.id}")


def test_the_rating_stylesheet_gives_each_rating_its_colour(
    app: Flask, client: FlaskClient, scale: None
) -> None:
    response = client.get("/ratings.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    with app.app_context():
        every = db.session.execute(select(Rating.id, Rating.colour)).all()
    assert every
    for rating_id, colour in every:
        assert f".rating-{rating_id} {{ --rating: {colour}; }}" in css
    # Checked again on each use: an unchanged sheet is a 304, a changed colour shows at once.
    assert "no-cache" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    assert client.get("/ratings.css", headers={"If-None-Match": etag}).status_code == 304
    with app.app_context():
        first = db.session.get(Rating, every[0][0])
        first.colour = "#123456"
        db.session.commit()
    changed = client.get("/ratings.css", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert f".rating-{every[0][0]} {{ --rating: #123456; }}" in changed.get_data(as_text=True)


def test_a_colour_that_is_not_one_never_reaches_the_stylesheet(
    app: Flask, client: FlaskClient, scale: None
) -> None:
    with app.app_context():
        # Only a colour of 7 characters can be stored; this one would close the rule.
        db.session.execute(
            Rating.__table__.update().values(colour="}*{x:1}").where(Rating.label == "False")
        )
        db.session.commit()
    css = client.get("/ratings.css").get_data(as_text=True)
    assert "}*{" not in css
    assert f".rating-{rating(app, 'False').id} {{ --rating: #777777; }}" in css
    # Every page links the sheet after the main one.
    page = client.get("/login").get_data(as_text=True)
    assert page.index("/static/css/app.css") < page.index('href="/ratings.css"')
