"""Assignments and queues through the client, as each role: editors assign and unassign from the
board, reviewers see their queue and may not assign; hostile input is refused with a clear
message and stores nothing; two editors assigning the same thing at once end with one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Assignment, AuditEvent, Claim, Role, Speech, SpeechStatus, User
from factcheck.services.history import AuditAction
from tests import factories
from tests.helpers import claim_rows, claim_starting, count, csrf_token, login, problem, read
from tests.views.desk.test_races import at_once, post, staff

TODAY = datetime.now(UTC).date()
TOMORROW = TODAY + timedelta(days=1)


def board(speech_id: int) -> str:
    return f"/desk/speeches/{speech_id}/board"


def assign_path(speech_id: int) -> str:
    return f"/desk/speeches/{speech_id}/assignments"


def stored(app: Flask) -> tuple[int, int]:
    """Assignments and audit events in the database."""
    return count(app, Assignment), read(
        app, lambda s: s.scalar(select(func.count()).select_from(AuditEvent))
    )


def page_of(response) -> str:
    return response.get_data(as_text=True)


# --- who may ---------------------------------------------------------------------------------------


def test_a_reviewer_may_neither_see_the_board_nor_assign(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    claim = claim_starting(app, speech_id, "Unemployment")
    before = stored(app)
    assert as_reviewer.get(board(speech_id)).status_code == 403
    response = as_reviewer.post(
        assign_path(speech_id),
        data={"reviewers": users["reviewer"].id, "scope": "claims", "claims": claim.id},
    )
    assert response.status_code == 403
    assert stored(app) == before
    with factories.seeding(app) as session:
        speech = session.get(Speech, speech_id)
        (made,) = factories.assignment(session, speech, users["reviewer"], actor=users["editor"])
    response = as_reviewer.post(f"{assign_path(speech_id)}/{made.id}/remove")
    assert response.status_code == 403
    assert count(app, Assignment) == 1
    # Nor is there a link to the board on the speech's page.
    assert "Board and assignments" not in page_of(as_reviewer.get(f"/desk/speeches/{speech_id}"))


def test_visitors_find_no_queue_and_no_board(client: FlaskClient, speech_id: int) -> None:
    assert client.get("/desk/queue").status_code == 404
    assert client.get(board(speech_id)).status_code == 404


# --- assigning -------------------------------------------------------------------------------------


def test_an_editor_assigns_ticked_claims_with_a_due_date(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    page = page_of(as_editor.get(f"/desk/speeches/{speech_id}"))
    assert f'href="{board(speech_id)}"' in page
    first, second = claim_rows(app, speech_id)[1:3]
    reviewer = users["reviewer"]
    response = as_editor.post(
        f"{assign_path(speech_id)}?state=open",
        data={
            "reviewers": str(reviewer.id),
            "scope": "claims",
            "claims": [first.id, second.id],
            "due_on": TOMORROW.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{board(speech_id)}?state=open"
    rows = read(app, lambda s: s.scalars(select(Assignment).order_by(Assignment.id)).all())
    assert [(a.claim_id, a.reviewer_id, a.due_on, a.second) for a in rows] == [
        (first.id, reviewer.id, TOMORROW, False),
        (second.id, reviewer.id, TOMORROW, False),
    ]
    shown = page_of(as_editor.get(response.headers["Location"]))
    assert (
        f"Assigned claims #{first.id}, #{second.id} to reviewer, due {TOMORROW.isoformat()}."
        in shown
    )
    assert "1 claim" not in shown  # the board lists them, with whom and when
    assert shown.count(f'due <time datetime="{TOMORROW.isoformat()}">') == 2


def test_assigning_the_same_again_stores_nothing_and_says_so(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    data = {"reviewers": users["reviewer"].id, "scope": "speech"}
    assert as_editor.post(assign_path(speech_id), data=data).status_code == 302
    before = stored(app)
    response = as_editor.post(assign_path(speech_id), data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Already assigned, left as it was: the whole speech to reviewer" in page_of(response)
    assert stored(app) == before


def test_an_editor_unassigns_and_the_history_keeps_it(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    with factories.seeding(app) as session:
        speech = session.get(Speech, speech_id)
        (made,) = factories.assignment(session, speech, users["reviewer"], actor=users["editor"])
    page = page_of(as_editor.get(board(speech_id)))
    remove = f"{assign_path(speech_id)}/{made.id}/remove"
    assert f'action="{remove}"' in page
    response = as_editor.post(remove, follow_redirects=True)
    assert "reviewer is no longer assigned the whole speech." in page_of(response)
    assert count(app, Assignment) == 0
    assert count(app, AuditEvent, action=AuditAction.ASSIGNMENT_REMOVE) == 1
    # Again (a second tab): nothing to do, said plainly.
    again = as_editor.post(remove, follow_redirects=True)
    assert "That assignment had already been removed." in page_of(again)


def test_an_assignment_of_another_speech_is_not_found_here(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    with factories.seeding(app) as session:
        other = factories.speech(session, title="Another")
        (made,) = factories.assignment(session, other, users["reviewer"], actor=users["editor"])
    response = as_editor.post(f"{assign_path(speech_id)}/{made.id}/remove")
    assert response.status_code == 404
    assert count(app, Assignment) == 1


# --- hostile input ---------------------------------------------------------------------------------


@pytest.fixture
def other_claim(app: Flask) -> int:
    with factories.seeding(app) as session:
        other = factories.speech(session, "Exports doubled in 2022.", title="Another")
        return claim_rows(app, other.id)[0].id


@pytest.fixture
def deactivated(app: Flask) -> int:
    with factories.seeding(app) as session:
        return factories.user(session, "gone@example.org", active=False, display_name="Gone").id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reviewers": "2147483647"}, "There is no such person (id 2147483647); reload the page."),
        ({"reviewers": "abc"}, "Reviewers: No such person; reload the page."),
        ({"reviewers": "١"}, "Reviewers: No such person; reload the page."),
        ({"reviewers": []}, "Choose at least one reviewer."),
        ({"reviewers": "DEACTIVATED"}, "Gone's account is deactivated: choose someone else."),
        ({"claims": "2147483647"}, "Claim #2147483647 is no longer in this speech"),
        ({"claims": "OTHER"}, "is not in this speech."),
        ({"claims": "-1"}, "Claims: No such claim; reload the page."),
        ({"claims": []}, "Tick the claims to assign, or assign the whole speech."),
        ({"due_on": (TODAY - timedelta(days=1)).isoformat()}, "is in the past"),
        ({"due_on": "31/12/2099"}, "Due (optional): Not a valid date value."),
        ({"scope": "everything"}, "Assign: Not a valid choice."),
    ],
)
def test_hostile_input_is_refused_with_a_clear_message_and_stores_nothing(
    app: Flask,
    as_editor: FlaskClient,
    users: dict[str, User],
    speech_id: int,
    other_claim: int,
    deactivated: int,
    change: dict,
    message: str,
) -> None:
    claim = claim_starting(app, speech_id, "Unemployment")
    data = {"reviewers": users["reviewer"].id, "scope": "claims", "claims": claim.id}
    data.update(change)
    stand_ins = {"DEACTIVATED": deactivated, "OTHER": other_claim}
    data = {k: stand_ins.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
    before = stored(app)
    response = as_editor.post(assign_path(speech_id), data=data)
    assert response.status_code == 400
    page = page_of(response)
    assert message in problem(page).replace("&#39;", "'")
    assert stored(app) == before
    # The board is shown again with what was chosen still chosen.
    if change.get("reviewers") == "DEACTIVATED":
        assert f'id="reviewer-{deactivated}"' not in page  # not offered: only active staff are
        assert f'id="reviewer-{users["reviewer"].id}"' in page
    if "claims" not in change:
        assert re.search(
            rf'value="{claim.id}" form="assign-form" id="pick-{claim.id}" checked', page
        )


@pytest.mark.usefixtures("scale")
def test_a_second_review_is_refused_to_the_author_of_the_verdict(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_starting(app, speech_id, "Unemployment").id)
        factories.verdict(session, claim, users["reviewer"])
    before = stored(app)
    response = as_editor.post(
        assign_path(speech_id),
        data={
            "reviewers": users["reviewer"].id,
            "scope": "claims",
            "claims": claim.id,
            "second": "y",
        },
    )
    assert response.status_code == 400
    assert "an independent second review must be someone else" in problem(page_of(response))
    assert stored(app) == before


def test_an_archived_speech_shows_its_board_but_takes_no_assignment(
    app: Flask, as_editor: FlaskClient, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, status=SpeechStatus.ARCHIVED).id
    page = page_of(as_editor.get(board(speech_id)))
    assert "This speech is archived" in page
    assert 'id="assign-form"' not in page
    response = as_editor.post(
        assign_path(speech_id), data={"reviewers": users["reviewer"].id, "scope": "speech"}
    )
    assert response.status_code == 400
    assert count(app, Assignment) == 0


def test_text_from_people_is_escaped_on_the_board_and_in_the_queue(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        speech = factories.speech(session, "<b>Prices</b> rose by 2% in 2023.", title="<i>T</i>")
        person = factories.user(session, "x@example.org", display_name="<script>x</script>")
        factories.assignment(session, speech, person, actor=users["editor"])
    assert login(client, users["editor"].email).status_code == 302
    page = page_of(client.get(board(speech.id)))
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>Prices</b>" not in page
    client.post("/logout")
    assert login(client, "x@example.org").status_code == 302
    page = page_of(client.get("/desk/queue"))
    assert "&lt;b&gt;Prices&lt;/b&gt;" in page
    assert "<i>T</i>" not in page


# --- the queue -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("scale")
def test_the_reviewer_sees_their_queue_and_its_count_in_the_header(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    assert "My queue (0)" in page_of(as_reviewer.get("/desk/"))
    assert "Nothing waits for you" in page_of(as_reviewer.get("/desk/queue"))
    reviewer, editor = users["reviewer"], users["editor"]
    first, second, third = claim_rows(app, speech_id)[1:4]
    with factories.seeding(app) as session:
        speech = session.get(Speech, speech_id)
        colleague = factories.user(session, "bo@example.org")
        claims = [session.get(Claim, c.id) for c in (first, second, third)]
        whole = factories.assignment(session, speech, reviewer, actor=editor, due_on=TOMORROW)
        factories.overdue(session, whole)
        factories.submitted_verdict(
            session, claims[1], colleague, "False", conclusion="Secret first conclusion."
        )
        factories.assignment(
            session, speech, reviewer, actor=editor, claims=[claims[1]], second=True
        )
    page = page_of(as_reviewer.get("/desk/queue"))
    assert "My queue (3)" in page
    assert 'href="#overdue"><strong>2</strong> overdue' in page
    assert f'href="/desk/speeches/{speech_id}/work?claim={first.id}"' in page
    assert "independent second review" in page
    # A second review is blind: nothing of the first verdict shows.
    assert "Secret first conclusion." not in page
    assert ">False<" not in page
    assert "Waiting for approval" not in page  # the editors' count
    section = page_of(as_reviewer.get("/desk/queue?show=overdue"))
    assert section.count('class="work-item overdue"') == 2
    editor_page = page_of(as_reviewer.get("/desk/queue?show=approval"))
    assert "Waiting for your approval" not in editor_page  # not an editor: their own queue


@pytest.mark.usefixtures("scale")
def test_editors_see_what_waits_for_their_approval(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    assert "Waiting for approval (0)" in page_of(as_editor.get("/desk/"))
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_starting(app, speech_id, "Unemployment").id)
        factories.submitted_verdict(session, claim, users["reviewer"], "Mostly true")
    page = page_of(as_editor.get("/desk/queue?show=approval"))
    assert "Waiting for approval (1)" in page
    assert f"#{claim.id}" in page
    assert "Mostly true" in page
    assert f'href="{board(speech_id)}?state=submitted"' in page


# --- races -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["claims", "speech"])
def test_two_editors_assigning_the_same_at_once_end_with_one_assignment(
    app: Flask, users: dict[str, User], scope: str
) -> None:
    editors = staff(app, 2, Role.EDITOR, prefix="ed")
    reviewer = users["reviewer"].id
    for _ in range(4):
        with factories.seeding(app) as session:
            speech_id = factories.speech(session).id
        claim = claim_starting(app, speech_id, "We built")
        data = {"reviewers": reviewer, "scope": scope, "claims": claim.id}
        statuses = at_once([post(client, assign_path(speech_id), data) for client in editors])
        assert statuses == [302, 302], statuses
        with app.app_context():
            made = db.session.scalars(
                select(Assignment).where(Assignment.speech_id == speech_id)
            ).all()
            events = db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.speech_id == speech_id,
                    AuditEvent.action == AuditAction.ASSIGNMENT_ADD,
                )
            )
        assert [(a.claim_id, a.reviewer_id) for a in made] == [
            (claim.id if scope == "claims" else None, reviewer)
        ]
        assert events == 1


def test_assigning_and_unassigning_need_the_forms_token(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    page = page_of(client.get("/login"))
    data = {"email": users["editor"].email, "password": factories.PASSWORD}
    assert client.post("/login", data={**data, "csrf_token": csrf_token(page)}).status_code == 302
    assign = {"reviewers": users["reviewer"].id, "scope": "speech"}
    refused = client.post(assign_path(speech_id), data=assign)
    assert refused.status_code == 400
    assert "The form expired" in page_of(refused)
    assert count(app, Assignment) == 0
    token = csrf_token(page_of(client.get(board(speech_id))))
    assert (
        client.post(assign_path(speech_id), data={**assign, "csrf_token": token}).status_code == 302
    )
    (made,) = read(app, lambda s: s.scalars(select(Assignment)).all())
    remove = f"{assign_path(speech_id)}/{made.id}/remove"
    assert client.post(remove).status_code == 400
    assert count(app, Assignment) == 1
    assert client.post(remove, data={"csrf_token": token}).status_code == 302
    assert count(app, Assignment) == 0
