"""Verdicts through the workspace form: a draft, then submitted; refused with the reason and the
typing kept (400) or the other save shown (409); restored from the history, withdrawn; and the
panel without a rating scale.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimStatus,
    Rating,
    Role,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.services import settings
from tests import factories
from tests.helpers import (
    claim_starting,
    claim_state,
    conflict,
    count,
    get,
    login,
    problem,
    rating_id,
    read,
)

REVIEWER = "reviewer@example.org"
EDITOR = "editor@example.org"
ADMIN = "admin@example.org"


def test_save_a_draft_then_submit_it(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    path = f"/desk/claims/{claim_id}/verdict"
    data = {
        "rating": rating_id(app, "Mostly true"),
        "conclusion": "Unemployment fell, to 4.0% rather than 3.9%.",
        "explanation": "The **ONS** figure.",
        "version": "",
        "intent": "draft",
        "claim_state": claim_state(app, claim_id),
    }
    assert as_reviewer.post(path, data=data).status_code == 302
    verdict = read(app, lambda s: s.scalars(select(Verdict)).one())
    assert verdict.status is VerdictStatus.DRAFT
    assert verdict.rating_label == "Mostly true"
    assert verdict.conclusion == data["conclusion"]
    assert verdict.explanation == "The **ONS** figure."

    with factories.seeding(app) as session:
        factories.source(session, session.get(Claim, claim_id), users["reviewer"])
    response = as_reviewer.post(path, data={**data, "version": 1, "intent": "submit"})
    assert response.status_code == 302
    verdict = get(app, Verdict, verdict.id)
    assert verdict.status is VerdictStatus.SUBMITTED
    assert verdict.version == 2
    page = as_reviewer.get(response.headers["Location"]).get_data(as_text=True)
    card = page.split(f'id="verdict-{verdict.id}"')[1].split("</li>")[0]
    assert "Mostly true" in card
    assert "submitted" in card
    assert "<strong>ONS</strong>" in card
    assert "reviewer (you)" in card
    # The form now edits this verdict: its version and text are in it.
    form = page.split('class="verdict-form"')[1].split("</form>")[0]
    assert 'name="version" value="2"' in form
    assert data["conclusion"] in form


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rating": ""}, "Choose a rating."),
        ({"rating": "abc"}, "Rating:"),
        ({"rating": "999999"}, "That rating is not on the rating scale."),
        ({"conclusion": " "}, "Write the conclusion readers will see."),
        ({"conclusion": "One.\n\nTwo."}, "The conclusion is one paragraph"),
        ({"conclusion": "x" * 1001}, "keep it to one paragraph of at most 1,000"),
        ({"intent": "submit"}, "once the claim has 1 source; it has 0"),
        ({"intent": "publish"}, "Intent:"),
        ({"version": "0"}, "Version:"),
    ],
)
def test_a_bad_verdict_is_a_400_that_keeps_the_typing_and_stores_nothing(
    app: Flask, as_reviewer: FlaskClient, claim_id: int, changes: dict[str, str], message: str
) -> None:
    data = {
        "rating": str(rating_id(app, "False")),
        "conclusion": "Typed with care.",
        "intent": "draft",
        "claim_state": claim_state(app, claim_id),
        **changes,
    }
    response = as_reviewer.post(f"/desk/claims/{claim_id}/verdict", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in problem(page)
    assert count(app, Verdict, claim_id=claim_id) == 0
    form = page.split('class="verdict-form"')[1].split("</form>")[0]
    assert data["conclusion"].strip() in form


def test_retired_ratings_and_dismissed_claims_are_refused(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int
) -> None:
    with app.app_context():
        db.session.get(Rating, rating_id(app, "Half true")).retired = True
        db.session.commit()
    data = {
        "rating": rating_id(app, "Half true"),
        "conclusion": "Partly.",
        "intent": "draft",
        "claim_state": claim_state(app, claim_id),
    }
    response = as_reviewer.post(f"/desk/claims/{claim_id}/verdict", data=data)
    assert response.status_code == 400
    assert "has been retired" in problem(response.get_data(as_text=True))
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    select_html = page.split('name="rating"')[1].split("</select>")[0]
    assert "Half true" not in select_html
    assert "Mostly true" in select_html

    greeting = claim_starting(app, speech_id, "Good morning").id
    assert read(app, lambda s: s.get(Claim, greeting).status) is ClaimStatus.DISMISSED
    data["rating"] = rating_id(app, "True")
    data["claim_state"] = claim_state(app, greeting)
    response = as_reviewer.post(f"/desk/claims/{greeting}/verdict", data=data)
    assert response.status_code == 400
    assert "dismissed" in problem(response.get_data(as_text=True))
    assert count(app, Verdict) == 0


def test_a_verdict_saved_in_another_tab_is_a_409(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim, reviewer = session.get(Claim, claim_id), users["reviewer"]
        verdict_id = factories.verdict(session, claim, reviewer, conclusion="First thoughts.").id
        factories.verdict(
            session, claim, reviewer, conclusion="Saved in the other tab.", expected_version=1
        )
    data = {
        "rating": rating_id(app, "False"),
        "conclusion": "Typed here.",
        "intent": "draft",
        "claim_state": claim_state(app, claim_id),
    }
    response = as_reviewer.post(f"/desk/claims/{claim_id}/verdict", data={**data, "version": 1})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Saved in the other tab." in conflict(page)
    assert "You changed this verdict in another tab or window" in conflict(page)  # it was yours
    form = page.split('class="verdict-form"')[1].split("</form>")[0]
    assert "Typed here." in form
    assert 'name="version" value="2"' in form
    # A first verdict saved elsewhere while this form still had none is refused too.
    response = as_reviewer.post(f"/desk/claims/{claim_id}/verdict", data={**data, "version": ""})
    assert response.status_code == 409
    assert get(app, Verdict, verdict_id).conclusion == "Saved in the other tab."


def test_restore_a_verdict_from_its_history(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim, reviewer = session.get(Claim, claim_id), users["reviewer"]
        verdict_id = factories.verdict(session, claim, reviewer, conclusion="The first wording.").id
        factories.verdict(
            session, claim, reviewer, conclusion="The second wording.", expected_version=1
        )
    login(client, REVIEWER)
    workspace = f"/desk/speeches/{speech_id}/work?claim={claim_id}"
    page = client.get(workspace).get_data(as_text=True)
    restore_forms = re.findall(
        r'<form method="post" action="/desk/claims/\d+/verdicts/\d+/restore.*?</form>', page, re.S
    )
    assert len(restore_forms) == 1  # the first version: the second is the current one
    event_id = int(re.search(r'name="event_id" value="(\d+)"', restore_forms[0]).group(1))
    assert 'name="version" value="2"' in restore_forms[0]

    path = f"/desk/claims/{claim_id}/verdicts/{verdict_id}/restore"
    response = client.post(path, data={"version": 2, "event_id": event_id})
    assert response.status_code == 302
    restored = get(app, Verdict, verdict_id)
    assert restored.conclusion == "The first wording."
    assert restored.version == 3

    # Stale: the form still says version 2.
    response = client.post(path, data={"version": 2, "event_id": event_id})
    assert response.status_code == 409
    # Someone else's verdict: no button, and the POST is refused.
    editor = app.test_client()
    login(editor, EDITOR)
    assert "Restore this verdict" not in editor.get(workspace).get_data(as_text=True)
    assert editor.post(path, data={"version": 3, "event_id": event_id}).status_code == 403
    assert get(app, Verdict, verdict_id).version == 3


def test_without_a_scale_the_panel_says_so_and_offers_admins_the_default(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    claim_id = claim_starting(app, speech_id, "Unemployment").id
    workspace = f"/desk/speeches/{speech_id}/work?claim={claim_id}"
    login(client, REVIEWER)
    page = client.get(workspace).get_data(as_text=True)
    assert "No rating scale has been set up yet" in page
    assert "Ask an administrator" in page
    assert "Create the default rating scale" not in page
    client = app.test_client()
    login(client, ADMIN)
    page = client.get(workspace).get_data(as_text=True)
    form = page.split('action="/desk/admin/rating-scale/default"')[1].split("</form>")[0]
    assert f'name="next" value="/desk/speeches/{speech_id}/work?claim={claim_id}"' in form
    response = client.post(
        "/desk/admin/rating-scale/default", data={"next": f"/desk/speeches/{speech_id}/work"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/desk/speeches/{speech_id}/work"
    assert 'data-key="v"' in client.get(workspace).get_data(as_text=True)


def test_the_submit_rule_follows_the_setting(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    with factories.seeding(app) as session:
        factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 2, actor=users["admin"])
        factories.source(session, session.get(Claim, claim_id), users["reviewer"])
    data = {
        "rating": rating_id(app, "True"),
        "conclusion": "Right.",
        "intent": "submit",
        "claim_state": claim_state(app, claim_id),
    }
    response = as_reviewer.post(f"/desk/claims/{claim_id}/verdict", data=data)
    assert response.status_code == 400
    assert "once the claim has 2 sources; it has 1" in problem(response.get_data(as_text=True))


def test_withdraw_a_verdict_to_unblock_a_dismissal(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        verdict_id = factories.verdict(session, session.get(Claim, claim_id), users["reviewer"]).id
        colleague = factories.user(session, "colleague@example.org", Role.REVIEWER)
    login(client, REVIEWER)
    workspace = f"/desk/speeches/{speech_id}/work?claim={claim_id}"
    claim_version = read(app, lambda s: s.get(Claim, claim_id).version)
    dismissal = {"reason": "not_a_claim", "note": "", "version": claim_version}
    refused = client.post(f"/desk/claims/{claim_id}/dismiss", data=dismissal)
    assert refused.status_code == 400
    assert "withdraw it first (under Verdict)" in refused.get_data(as_text=True)
    page = client.get(workspace).get_data(as_text=True)
    form = re.search(
        rf'<form method="post" action="/desk/claims/{claim_id}/verdicts/{verdict_id}/withdraw'
        r'[^"]*"[^>]*>.*?</form>',
        page,
        re.S,
    ).group(0)
    assert 'data-confirm="Withdraw your verdict?' in form
    assert "Withdraw my verdict" in form

    # Another reviewer sees no button and may not; the author may, once, with the version seen.
    path = f"/desk/claims/{claim_id}/verdicts/{verdict_id}/withdraw"
    theirs = app.test_client()
    login(theirs, colleague.email)
    assert path not in theirs.get(workspace).get_data(as_text=True)
    assert theirs.post(path, data={"version": 1}).status_code == 403
    assert client.post(path, data={"version": 2}).status_code == 409
    withdrawn = client.post(path, data={"version": 1}, follow_redirects=True)
    assert "Verdict withdrawn; it stays in the history." in withdrawn.get_data(as_text=True)
    assert get(app, Verdict, verdict_id) is None
    assert client.post(f"/desk/claims/{claim_id}/dismiss", data=dismissal).status_code == 302
    # An editor sees "Remove this verdict" on a reviewer's verdict.
    built = claim_starting(app, speech_id, "We built").id
    with factories.seeding(app) as session:
        verdict_id = factories.verdict(session, session.get(Claim, built), users["reviewer"]).id
    editor = app.test_client()
    login(editor, EDITOR)
    other = editor.get(f"/desk/speeches/{speech_id}/work?claim={built}").get_data(as_text=True)
    assert "Remove this verdict" in other
    assert 'data-confirm="Remove this verdict by' in other
    path = f"/desk/claims/{built}/verdicts/{verdict_id}/withdraw"
    removed = editor.post(path, data={"version": 1}, follow_redirects=True).get_data(as_text=True)
    assert "Verdict removed; it stays in the history." in removed
    assert get(app, Verdict, verdict_id) is None
    actor = read(
        app,
        lambda s: (
            s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "verdict.withdraw", AuditEvent.object_id == verdict_id
                )
            )
            .one()
            .actor.email
        ),
    )
    assert actor == EDITOR
