"""A reviewer saving a verdict an editor removed meanwhile is told so, by whom and when, and is
not shown an empty "It now reads:"."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import Claim, User, Verdict
from tests import factories
from tests.helpers import claim_state, conflict, count, login, rating_id

EDITOR = "editor@example.org"


def test_saving_a_removed_verdict_says_who_removed_it(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    with factories.seeding(app) as session:
        verdict_id = factories.verdict(session, session.get(Claim, claim_id), users["reviewer"]).id
    editor = app.test_client()
    login(editor, EDITOR)
    removed = editor.post(
        f"/desk/claims/{claim_id}/verdicts/{verdict_id}/withdraw", data={"version": 1}
    )
    assert removed.status_code == 302

    response = as_reviewer.post(
        f"/desk/claims/{claim_id}/verdict",
        data={
            "rating": rating_id(app, "False"),
            "conclusion": "Edited in a tab opened before the removal.",
            "version": 1,
            "intent": "draft",
            "claim_state": claim_state(app, claim_id),
        },
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    box = conflict(page)
    assert "Your verdict was removed by" in box
    assert users["editor"].display_name in box
    assert "It now reads" not in box
    assert "Save again to give a new one" in box
    assert "the history keeps what was there" in box
    assert count(app, Verdict, claim_id=claim_id) == 0


def test_saving_a_verdict_you_withdrew_in_another_tab_says_it_was_you(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    with factories.seeding(app) as session:
        verdict_id = factories.verdict(session, session.get(Claim, claim_id), users["reviewer"]).id
    path = f"/desk/claims/{claim_id}/verdicts/{verdict_id}/withdraw"
    assert as_reviewer.post(path, data={"version": 1}).status_code == 302
    response = as_reviewer.post(
        f"/desk/claims/{claim_id}/verdict",
        data={
            "rating": rating_id(app, "True"),
            "conclusion": "From the other tab.",
            "version": 1,
            "intent": "draft",
            "claim_state": claim_state(app, claim_id),
        },
    )
    assert response.status_code == 409
    box = conflict(response.get_data(as_text=True))
    assert "You withdrew this verdict in another tab or window" in box
    assert "It now reads" not in box
