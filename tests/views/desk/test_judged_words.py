"""Through the workspace: a verdict stays on the words it judged, and a change to a claim merged
away meanwhile says where its text went."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, Rating, Role, User, Verdict, VerdictStatus
from factcheck.services import settings
from tests import factories
from tests.helpers import claim_state, login

TRANSCRIPT = "Unemployment fell to 3.9% in 2023. We built 40,000 homes. Prices rose by 2%.\n"


@pytest.fixture
def ids(app: Flask, users: dict[str, User]) -> tuple[int, list[int]]:
    """A speech's id and its claims' ids, with verdicts possible before any source."""
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, TRANSCRIPT).id
        factories.rating_scale(session)
        factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 0, actor=users["admin"])
        claim_ids = list(
            session.scalars(
                select(Claim.id).where(Claim.speech_id == speech_id).order_by(Claim.start)
            )
        )
    return speech_id, claim_ids


def give(app: Flask, client: FlaskClient, claim_id: int, intent: str) -> int:
    with app.app_context():
        rating = db.session.scalar(select(Rating.id).where(Rating.label == "False"))
    data = {
        "rating": rating,
        "conclusion": "It did not.",
        "intent": intent,
        "claim_state": claim_state(app, claim_id),
    }
    return client.post(f"/desk/claims/{claim_id}/verdict", data=data).status_code


def version(app: Flask, claim_id: int) -> int:
    with app.app_context():
        return db.session.get(Claim, claim_id).version


def test_trimming_a_claim_under_a_submitted_verdict_is_refused_with_the_rule(
    app: Flask, as_editor: FlaskClient, ids: tuple[int, list[int]]
) -> None:
    _, (first, *_) = ids
    assert give(app, as_editor, first, "submit") == 302
    response = as_editor.post(
        f"/desk/claims/{first}/bounds",
        data={"start": 0, "end": 25, "version": version(app, first)},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This claim has your submitted verdict on its present words" in page
    assert "Save your verdict as a draft again (under Verdict), then change its bounds." in page
    assert "Nothing was changed." in page
    with app.app_context():
        assert db.session.get(Claim, first).end == 34


def test_a_draft_on_changed_words_says_was_and_now(
    app: Flask, as_reviewer: FlaskClient, ids: tuple[int, list[int]]
) -> None:
    speech_id, (first, *_) = ids
    assert give(app, as_reviewer, first, "draft") == 302
    response = as_reviewer.post(
        f"/desk/claims/{first}/bounds",
        data={"start": 0, "end": 25, "version": version(app, first)},
    )
    assert response.status_code == 302
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={first}").get_data(as_text=True)
    notice = page.split('class="changed-since"')[1].split("</div>")[0]
    assert "The claim changed since this verdict was saved." in notice
    assert "Was: <q>Unemployment fell to 3.9% in 2023.</q>" in notice
    assert "Now: <q>Unemployment fell to 3.9%</q>" in notice
    # Saving it again, on the words as they are now, clears the notice.
    with app.app_context():
        mine = db.session.scalar(select(Verdict))
        data = {
            "rating": mine.rating_id,
            "conclusion": "Still no.",
            "intent": "submit",
            "version": mine.version,
            "claim_state": claim_state(app, first),
        }
    assert as_reviewer.post(f"/desk/claims/{first}/verdict", data=data).status_code == 302
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={first}").get_data(as_text=True)
    assert 'class="changed-since"' not in page
    with app.app_context():
        verdict = db.session.scalar(select(Verdict))
        assert verdict.status is VerdictStatus.SUBMITTED
        assert verdict.claim_text == "Unemployment fell to 3.9%"


def test_a_verdict_sent_from_a_page_showing_other_words_is_a_409(
    app: Flask, as_reviewer: FlaskClient, ids: tuple[int, list[int]]
) -> None:
    _, (first, *_) = ids
    seen = claim_state(app, first)
    with factories.seeding(app) as session:
        bo = factories.user(session, "bo@example.org", Role.REVIEWER)
    other = app.test_client()
    login(other, bo.email)
    other.post(
        f"/desk/claims/{first}/bounds",
        data={"start": 0, "end": 25, "version": version(app, first)},
    )
    with app.app_context():
        rating = db.session.scalar(select(Rating.id).where(Rating.label == "False"))
    response = as_reviewer.post(
        f"/desk/claims/{first}/verdict",
        data={"rating": rating, "conclusion": "No.", "intent": "submit", "claim_state": seen},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "bo changed the claim&#39;s words after you opened it" in page
    assert "No." in page.split('class="verdict-form"')[1]  # the typing is kept
    with app.app_context():
        assert db.session.scalar(select(Verdict)) is None


def test_a_form_sent_to_a_claim_merged_away_is_a_409_that_opens_its_new_home(
    app: Flask, as_reviewer: FlaskClient, ids: tuple[int, list[int]]
) -> None:
    _, (first, second, _) = ids
    seen = version(app, second)
    assert (
        as_reviewer.post(
            f"/desk/claims/{first}/merge", data={"version": version(app, first)}
        ).status_code
        == 302
    )
    response = as_reviewer.post(
        f"/desk/claims/{second}/restate", data={"restatement": "Homes", "version": seen}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "You merged this claim into another one in another tab or window" in page
    assert "The claim you linked to has been merged into this one." in page
    response = as_reviewer.post(f"/desk/claims/{second}/notes", data={"body": "Lost?"})
    assert response.status_code == 409
