"""Independent second review: the second reviewer sees none of the first verdict, its sources,
notes or history on any page, fragment, filter or error until they submit their own; then all."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import Assignment, Claim, Role, User
from tests import factories
from tests.helpers import SOURCE_FORM, claim_starting, claim_state, login, rating_id

SECRET_URL = "https://first-reviewer.example/secret-report"
SECRET_TITLE = "The first reviewer's report"
SECRET_CONCLUSION = "Only the first reviewer wrote this conclusion."
SECRET_NOTE = "A note the second reviewer must not read."
SECRETS = (SECRET_URL, SECRET_TITLE, SECRET_CONCLUSION, SECRET_NOTE, "first-reviewer.example")


@pytest.fixture
def second_review(app: Flask, users: dict[str, User], speech_id: int, scale: None):
    """The first reviewer judged "We built..." False with a source and a note; an editor asked
    Sam for an independent second verdict on it."""
    claim_id = claim_starting(app, speech_id, "We built").id
    with factories.seeding(app) as session:
        first = session.get(User, users["reviewer"].id)
        claim = session.get(Claim, claim_id)
        source = factories.source(session, claim, first, url=SECRET_URL, title=SECRET_TITLE)
        verdict = factories.verdict(
            session, claim, first, "False", conclusion=SECRET_CONCLUSION, submit=True
        )
        note = factories.note(session, claim, first, SECRET_NOTE)
        sam = factories.user(session, "sam@example.org", Role.REVIEWER, display_name="Sam")
        session.add(
            Assignment(
                speech_id=speech_id,
                claim_id=claim_id,
                reviewer_id=sam.id,
                assigned_by_id=users["editor"].id,
                second=True,
            )
        )
        session.commit()
        return claim_id, {"source": source.id, "verdict": verdict.id, "note": note.id}


def pages(speech_id: int, claim_id: int) -> list[str]:
    work = f"/desk/speeches/{speech_id}/work"
    return [
        f"{work}?claim={claim_id}",
        f"{work}/panel?claim={claim_id}",
        f"{work}/queue?claim={claim_id}",
        f"{work}/queue?start=0&count=40&side=after",
        f"{work}/transcript?claim={claim_id}",
        f"{work}?claim={claim_id}&verdict=False",
        f"{work}?claim={claim_id}&status=checked",
        f"/desk/speeches/{speech_id}",
        f"/desk/speeches/{speech_id}/transcript?start=0",
        f"/desk/speeches/{speech_id}/claims?start=0",
    ]


def chip_and_label(page: str, claim_id: int) -> list[str]:
    """The rating shown for the claim in the queue and in the transcript."""
    found = re.findall(
        rf'data-claim="{claim_id}">#{claim_id}<span class="t-rating">.*?</svg>([^<(]+)', page
    )
    found += re.findall(
        rf'<a href="[^"]*claim={claim_id}" data-claim="{claim_id}".*?</a>', page, flags=re.S
    )
    return [f for f in found if "False" in f]


def test_the_second_reviewer_sees_nothing_of_the_first_until_they_submit(
    app: Flask, second_review, speech_id: int
) -> None:
    claim_id, ids = second_review
    sam = app.test_client()
    login(sam, "sam@example.org")
    for path in pages(speech_id, claim_id):
        response = sam.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in page, (path, secret)
        assert chip_and_label(page, claim_id) == [], path
    panel = sam.get(f"/desk/speeches/{speech_id}/work/panel?claim={claim_id}").get_data(
        as_text=True
    )
    assert "Independent second review." in panel
    assert "Up for approval" not in panel  # the editors' decision names the verdict's rating
    # Filtering the queue by the first verdict's rating does not find the claim.
    filtered = sam.get(f"/desk/speeches/{speech_id}/work/queue?start=0&verdict=False")
    assert f'data-claim="{claim_id}"' not in filtered.get_data(as_text=True)
    # The first reviewer's items are unknown to Sam, whatever is posted to them.
    base = f"/desk/claims/{claim_id}"
    for path, data in (
        (f"{base}/sources/{ids['source']}/edit", {**SOURCE_FORM, "version": 99}),
        (f"{base}/sources/{ids['source']}/remove", {"version": 99}),
        (f"{base}/notes/{ids['note']}/edit", {"body": "x", "version": 99}),
        (f"{base}/verdicts/{ids['verdict']}/withdraw", {"version": 99}),
    ):
        response = sam.post(path, data=data)
        assert response.status_code in (403, 404), path
        for secret in SECRETS:
            assert secret not in response.get_data(as_text=True), path
    # A source at the same address as the first reviewer's does not say it is there already.
    added = sam.post(
        f"{base}/sources",
        data={**SOURCE_FORM, "url": SECRET_URL, "title": "Sam's copy"},
        follow_redirects=True,
    )
    assert SECRET_TITLE not in added.get_data(as_text=True)

    # Sam submits: now both verdicts, sources and notes show.
    saved = sam.post(
        f"{base}/verdict",
        data={
            "rating": rating_id(app, "Mostly false"),
            "conclusion": "Sam's own conclusion.",
            "version": "",
            "intent": "submit",
            "claim_state": claim_state(app, claim_id),
        },
    )
    assert saved.status_code == 302
    page = sam.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    for secret in (SECRET_URL, SECRET_CONCLUSION, SECRET_NOTE):
        assert secret in page
    assert "Independent second review." not in page


def test_others_see_everything_and_the_blindness_is_the_assignees_alone(
    app: Flask, second_review, speech_id: int, as_editor: FlaskClient
) -> None:
    claim_id, _ = second_review
    page = as_editor.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    for secret in (SECRET_URL, SECRET_CONCLUSION, SECRET_NOTE):
        assert secret in page
    # Sam is blind on that claim only: another claim's verdicts show to him.
    other = claim_starting(app, speech_id, "Unemployment").id
    with factories.seeding(app) as session:
        editor = session.scalar(
            __import__("sqlalchemy").select(User).where(User.email == "editor@example.org")
        )
        factories.verdict(
            session, session.get(Claim, other), editor, "True", conclusion="Visible to all."
        )
    sam = app.test_client()
    login(sam, "sam@example.org")
    assert "Visible to all." in sam.get(f"/desk/speeches/{speech_id}/work?claim={other}").get_data(
        as_text=True
    )


def test_a_second_reviewer_needs_sources_of_their_own_to_submit(
    app: Flask, second_review, speech_id: int
) -> None:
    """The page tells a blind reviewer how many sources the claim has from theirs alone; the rule
    counts the same, and a refusal does not give away how many the first reviewer added."""
    claim_id, _ = second_review
    sam = app.test_client()
    login(sam, "sam@example.org")
    page = sam.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    assert "Submitting needs at least 1 source; this claim has 0." in page
    verdict = {
        "rating": rating_id(app, "Mostly false"),
        "conclusion": "Sam's own conclusion.",
        "version": "",
        "intent": "submit",
        "claim_state": claim_state(app, claim_id),
    }
    refused = sam.post(f"/desk/claims/{claim_id}/verdict", data=verdict)
    assert refused.status_code == 400
    assert "once the claim has 1 source; it has 0." in refused.get_data(as_text=True)

    sam.post(f"/desk/claims/{claim_id}/sources", data={**SOURCE_FORM, "title": "Sam's own"})
    assert sam.post(f"/desk/claims/{claim_id}/verdict", data=verdict).status_code == 302
