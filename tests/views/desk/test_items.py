"""Sources, verdicts and notes through the workspace forms: saved, refused (400, 409), by role, safe.

Each refusal must leave the database as it was and show the workspace again with the reason and
the reviewer's typing; each success redirects back to the claim with the queue filters kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimStatus,
    Note,
    Rating,
    Role,
    Source,
    SourceKind,
    SourceStance,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.services import notes, settings, sources
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import (
    claim_starting,
    claim_state,
    conflict,
    count,
    counting,
    csrf_token,
    get,
    login,
    problem,
    rating_id,
    read,
)

REVIEWER = "reviewer@example.org"
EDITOR = "editor@example.org"
ADMIN = "admin@example.org"
SOURCE_FORM = {
    "url": "https://www.ons.gov.uk/employment",
    "title": "Labour market overview",
    "publisher": "Office for National Statistics",
    "published_on": "2024-01-16",
    "accessed_on": "2024-05-09",
    "quote": "The unemployment rate was 3.9%.",
    "stance": "supports",
    "kind": "official_record",
    "is_public": "y",
}


# --- sources ---------------------------------------------------------------------------------------


def test_add_source_stores_it_and_goes_back_keeping_the_filters(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int
) -> None:
    response = as_reviewer.post(
        f"/desk/claims/{claim_id}/sources?status=open&order=checkworthiness", data=SOURCE_FORM
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"/desk/speeches/{speech_id}/work?" in location
    assert f"claim={claim_id}" in location
    assert "status=open" in location
    assert "order=checkworthiness" in location
    assert "#" not in location
    stored = read(app, lambda s: s.scalars(select(Source)).one())
    assert (stored.url, stored.title, stored.publisher) == (
        "https://www.ons.gov.uk/employment",
        "Labour market overview",
        "Office for National Statistics",
    )
    assert (stored.published_on, stored.accessed_on) == (date(2024, 1, 16), date(2024, 5, 9))
    assert stored.stance is SourceStance.SUPPORTS
    assert stored.kind is SourceKind.OFFICIAL_RECORD
    assert stored.is_public
    assert stored.quote == "The unemployment rate was 3.9%."

    page = as_reviewer.get(location).get_data(as_text=True)
    assert (
        '<a href="https://www.ons.gov.uk/employment" rel="noopener noreferrer nofollow">'
        "Labour market overview</a>" in page
    )
    assert '<blockquote class="source-quote">The unemployment rate was 3.9%.</blockquote>' in page
    assert "official record" in page
    assert "private" not in page.split('class="sources"')[1][:2000]


def test_a_private_source_is_badged(app: Flask, as_reviewer: FlaskClient, claim_id: int) -> None:
    data = {k: v for k, v in SOURCE_FORM.items() if k != "is_public"}
    location = as_reviewer.post(f"/desk/claims/{claim_id}/sources", data=data).headers["Location"]
    assert read(app, lambda s: s.scalars(select(Source.is_public)).one()) is False
    assert '<span class="badge private"' in as_reviewer.get(location).get_data(as_text=True)


def test_edit_remove_and_move_sources(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        first = factories.source(session, claim, users["reviewer"], title="First").id
        second = factories.source(session, claim, users["reviewer"], title="Second").id
    base = f"/desk/claims/{claim_id}/sources"

    response = as_reviewer.post(
        f"{base}/{first}/edit", data={**SOURCE_FORM, "title": "First, corrected", "version": 1}
    )
    assert response.status_code == 302
    edited = get(app, Source, first)
    assert edited.title == "First, corrected"
    assert edited.version == 2

    response = as_reviewer.post(f"{base}/{second}/move", data={"by": "-1", "version": 1})
    assert response.status_code == 302
    order = read(app, lambda s: list(s.scalars(select(Source.title).order_by(Source.position))))
    assert order == ["Second", "First, corrected"]
    page = as_reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert page.index(">Second</a>") < page.index(">First, corrected</a>")

    moved = get(app, Source, second)
    response = as_reviewer.post(f"{base}/{second}/move", data={"by": "1", "version": moved.version})
    assert response.status_code == 302
    order = read(app, lambda s: list(s.scalars(select(Source.title).order_by(Source.position))))
    assert order == ["First, corrected", "Second"]

    # Moving renumbers the neighbour too, so its version moved on.
    response = as_reviewer.post(
        f"{base}/{first}/remove", data={"version": get(app, Source, first).version}
    )
    assert response.status_code == 302
    assert get(app, Source, first) is None
    assert get(app, Source, second) is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "javascript:alert(1)"}, "URL:"),
        ({"url": "ftp://example.org/file"}, "URL:"),
        ({"url": ""}, "Give the source&#39;s web address."),
        ({"title": "  "}, "Give the source&#39;s title."),
        ({"accessed_on": "2999-01-01"}, "The date you read the source is in the future."),
        ({"accessed_on": "31/02/2024"}, "Accessed:"),
        ({"published_on": "2024-06-01"}, "The publication date is after the date you read"),
        (
            {"stance": "maybe"},
            "Stance: Choose whether the source supports the claim, refutes it or gives context.",
        ),
        ({"title": "x\x00y"}, "NUL"),
    ],
)
def test_a_bad_source_is_a_400_that_keeps_the_typing_and_stores_nothing(
    app: Flask, as_reviewer: FlaskClient, claim_id: int, changes: dict[str, str], message: str
) -> None:
    response = as_reviewer.post(f"/desk/claims/{claim_id}/sources", data={**SOURCE_FORM, **changes})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in problem(page)
    assert "Nothing was changed." in problem(page)
    assert count(app, Source, claim_id=claim_id) == 0
    add_form = page.split('<details class="add" open>')[1]
    assert 'value="Office for National Statistics"' in add_form  # what they typed is still there


def test_editing_a_source_someone_changed_is_a_409_showing_their_change(
    app: Flask, client: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    with factories.seeding(app) as session:
        source_id = factories.source(session, session.get(Claim, claim_id), users["reviewer"]).id
    editor, reviewer = app.test_client(), client
    login(editor, EDITOR)
    login(reviewer, REVIEWER)
    path = f"/desk/claims/{claim_id}/sources/{source_id}/edit"
    seen = {**SOURCE_FORM, "version": 1}
    assert editor.post(path, data={**seen, "title": "The editor's title"}).status_code == 302
    response = reviewer.post(path, data={**seen, "title": "The reviewer's title"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    shown = conflict(page)
    assert "Not saved" in shown
    assert "editor" in shown
    assert "The editor&#39;s title" in shown
    assert get(app, Source, source_id).title == "The editor's title"
    # Their own edit is still in the form, now against the version they have just been shown.
    edit_form = page.split(f'action="/desk/claims/{claim_id}/sources/{source_id}/edit')[1]
    assert 'name="version" value="2"' in edit_form[:400]
    assert 'value="The reviewer&#39;s title"' in edit_form


@pytest.mark.parametrize("path", ["remove", "move"])
def test_removing_or_moving_a_changed_source_is_a_409(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int, path: str
) -> None:
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        factories.source(session, claim, users["reviewer"], title="Above")
        source = factories.source(session, claim, users["reviewer"], title="Below")
        source_id = source.id
        sources.update_source(
            session,
            actor=users["editor"],
            source=source,
            data=sources.SourceInput(
                url=source.url,
                title="Retitled by the editor",
                accessed_on=source.accessed_on,
                stance=source.stance,
                kind=source.kind,
            ),
            expected_version=1,
        )
    response = as_reviewer.post(
        f"/desk/claims/{claim_id}/sources/{source_id}/{path}", data={"version": 1, "by": "-1"}
    )
    assert response.status_code == 409
    assert "Retitled by the editor" in conflict(response.get_data(as_text=True))
    positions = read(app, lambda s: list(s.scalars(select(Source.title).order_by(Source.position))))
    assert positions == ["Above", "Retitled by the editor"]


def test_foreign_and_unknown_ids_are_404(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    other_claim = claim_starting(app, speech_id, "We built").id
    with factories.seeding(app) as session:
        claim, reviewer = session.get(Claim, other_claim), users["reviewer"]
        source_id = factories.source(session, claim, reviewer).id
        note_id = factories.note(session, claim, reviewer).id
        verdict_id = factories.verdict(session, claim, reviewer).id
    for path, data in [
        (f"/desk/claims/{claim_id}/sources/{source_id}/edit", {**SOURCE_FORM, "version": 1}),
        (f"/desk/claims/{claim_id}/sources/{source_id}/remove", {"version": 1}),
        (f"/desk/claims/{claim_id}/sources/{source_id}/move", {"version": 1, "by": "1"}),
        (f"/desk/claims/{claim_id}/notes/{note_id}/edit", {"version": 1, "body": "x"}),
        (f"/desk/claims/{claim_id}/notes/{note_id}/delete", {"version": 1}),
        (f"/desk/claims/{claim_id}/verdicts/{verdict_id}/restore", {"version": 1, "event_id": 1}),
        (f"/desk/claims/{claim_id}/sources/999999/remove", {"version": 1}),
        (f"/desk/claims/{claim_id}/notes/2147483648/delete", {"version": 1}),
        ("/desk/claims/999999/sources", SOURCE_FORM),
        ("/desk/claims/999999/verdict", {"rating": 1, "conclusion": "x"}),
        ("/desk/claims/999999/notes", {"body": "x"}),
    ]:
        assert as_reviewer.post(path, data=data).status_code == 404, path
    assert get(app, Source, source_id).version == 1
    assert get(app, Note, note_id).version == 1


# --- verdicts --------------------------------------------------------------------------------------


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


# --- notes -----------------------------------------------------------------------------------------


def test_add_edit_and_delete_notes(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    login(client, REVIEWER)
    base = f"/desk/claims/{claim_id}/notes"
    assert client.post(base, data={"body": "Ask the *ONS* press office."}).status_code == 302
    note = read(app, lambda s: s.scalars(select(Note)).one())
    assert note.body == "Ask the *ONS* press office."
    assert note.author_id == users["reviewer"].id
    response = client.post(f"{base}/{note.id}/edit", data={"body": "Asked.", "version": 1})
    assert response.status_code == 302
    assert get(app, Note, note.id).body == "Asked."
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    thread = page.split('class="notes"')[1].split("</ol>")[0]
    assert "<p>Asked.</p>" in thread
    assert "reviewer" in thread
    assert "edited" in thread

    # An editor may delete someone else's note but not edit it; a reviewer may do neither.
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        editor_note = factories.note(session, claim, users["editor"], "The editor's note.").id
    assert (
        client.post(f"{base}/{editor_note}/edit", data={"body": "x", "version": 1}).status_code
        == 403
    )
    assert client.post(f"{base}/{editor_note}/delete", data={"version": 1}).status_code == 403
    page = client.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    assert f"/notes/{editor_note}/delete" not in page
    assert f"/notes/{note.id}/delete" in page
    client = app.test_client()
    login(client, EDITOR)
    assert (
        client.post(f"{base}/{note.id}/edit", data={"body": "x", "version": 2}).status_code == 403
    )
    assert client.post(f"{base}/{note.id}/delete", data={"version": 2}).status_code == 302
    assert get(app, Note, note.id) is None
    assert get(app, Note, editor_note).body == "The editor's note."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Note: Write something in the note."),
        ("   \n ", "Note: Write something in the note."),
        ("nul \x00 byte", "Note: This field contains a NUL character"),
        ("x" * 10_001, "The note is 10,001 characters; the limit is 10,000."),
    ],
)
def test_a_bad_note_is_a_400_and_stores_nothing(
    app: Flask, as_reviewer: FlaskClient, claim_id: int, body: str, message: str
) -> None:
    response = as_reviewer.post(f"/desk/claims/{claim_id}/notes", data={"body": body})
    assert response.status_code == 400
    assert message in problem(response.get_data(as_text=True))
    assert count(app, Note, claim_id=claim_id) == 0


@pytest.mark.parametrize("path", ["edit", "delete"])
def test_a_note_changed_meanwhile_is_a_409(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], claim_id: int, path: str
) -> None:
    with factories.seeding(app) as session:
        note = factories.note(session, session.get(Claim, claim_id), users["reviewer"], "Before.")
        note_id = note.id
        notes.edit_note(
            session,
            actor=users["reviewer"],
            note=note,
            body="Changed in the other tab.",
            expected_version=1,
        )
    response = as_reviewer.post(
        f"/desk/claims/{claim_id}/notes/{note_id}/{path}", data={"body": "Mine.", "version": 1}
    )
    assert response.status_code == 409
    assert "Changed in the other tab." in conflict(response.get_data(as_text=True))
    assert get(app, Note, note_id).body == "Changed in the other tab."


# --- every action as every role --------------------------------------------------------------------


def _titles(session: Any) -> list[str]:
    return list(session.scalars(select(Source.title).order_by(Source.position)))


def _first_event(app: Flask, verdict_id: int) -> int:
    return read(
        app,
        lambda s: s.scalar(
            select(func.min(AuditEvent.id)).where(
                AuditEvent.object_type == "verdict", AuditEvent.object_id == verdict_id
            )
        ),
    )


def test_each_saved_change_is_confirmed(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int
) -> None:
    base = f"/desk/claims/{claim_id}"
    steps = [
        (f"{base}/sources", SOURCE_FORM, "Source added."),
        (
            f"{base}/verdict",
            {
                "rating": rating_id(app, "False"),
                "conclusion": "No.",
                "intent": "draft",
                "claim_state": claim_state(app, claim_id),
            },
            "Draft saved.",
        ),
        (f"{base}/notes", {"body": "Ask ONS."}, "Note added."),
    ]
    for path, data, message in steps:
        page = as_reviewer.post(path, data=data, follow_redirects=True).get_data(as_text=True)
        assert f'<p class="flash flash-success">{message}</p>' in page


def test_the_history_reads_as_words_without_internal_ids(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        factories.source(session, claim, users["reviewer"])
        factories.verdict(session, claim, users["reviewer"])
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    fields = re.findall(r'<span class="field">([^<]*)</span>', history)
    assert "rating" in fields
    assert "public" in fields
    assert "kind" in fields
    assert not [f for f in fields if f.endswith(" id") or f in ("rating value", "rating label")]
    assert "<ins>Mostly true</ins>" in history
    assert "<ins>yes</ins>" in history
    assert "<ins>official record</ins>" in history
    assert "<ins>1</ins>" in history
    # A merge shows the absorbed claim's history too, without its internal id.
    version = read(app, lambda s: s.get(Claim, claim_id).version)
    assert (
        as_reviewer.post(f"/desk/claims/{claim_id}/merge", data={"version": version}).status_code
        == 302
    )
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "claim: merged into" in history.replace("_", " ")
    fields = re.findall(r'<span class="field">([^<]*)</span>', history)
    assert "id" not in fields
    assert not [f for f in fields if f.endswith(" id")]


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


def _prepare(
    app: Flask, claim_id: int, action: str, owner: User
) -> tuple[str, dict[str, Any], Callable[[Any], Any]]:
    """The path and form of `action` on objects `owner` made, and how to read what it changes."""
    base = f"/desk/claims/{claim_id}"
    if action == "add_source":
        return f"{base}/sources", SOURCE_FORM, counting(Source, claim_id=claim_id)
    if action in ("edit_source", "remove_source", "move_source"):
        with factories.seeding(app) as session:
            claim = session.get(Claim, claim_id)
            factories.source(session, claim, owner, title="Above")
            source_id = factories.source(session, claim, owner, title="Below").id
        path = action.removesuffix("_source")
        return (
            f"{base}/sources/{source_id}/{path}",
            {**SOURCE_FORM, "version": 1, "by": "-1"},
            _titles,
        )
    if action == "set_verdict":
        data = {
            "rating": rating_id(app, "False"),
            "conclusion": "No.",
            "intent": "draft",
            "claim_state": claim_state(app, claim_id),
        }
        return f"{base}/verdict", data, counting(Verdict, claim_id=claim_id)
    if action == "restore_verdict":
        with factories.seeding(app) as session:
            claim = session.get(Claim, claim_id)
            verdict_id = factories.verdict(
                session, claim, owner, conclusion="The first wording."
            ).id
            factories.verdict(
                session, claim, owner, conclusion="The second wording.", expected_version=1
            )
        data = {"version": 2, "event_id": _first_event(app, verdict_id)}
        return (
            f"{base}/verdicts/{verdict_id}/restore",
            data,
            lambda s: s.get(Verdict, verdict_id).conclusion,
        )
    if action == "withdraw_verdict":
        with factories.seeding(app) as session:
            verdict_id = factories.verdict(
                session, session.get(Claim, claim_id), owner, conclusion="Mine."
            ).id
        return (
            f"{base}/verdicts/{verdict_id}/withdraw",
            {"version": 1},
            counting(Verdict, claim_id=claim_id),
        )
    if action == "add_note":
        return f"{base}/notes", {"body": "A note."}, counting(Note, claim_id=claim_id)
    with factories.seeding(app) as session:
        note_id = factories.note(session, session.get(Claim, claim_id), owner, "Mine.").id
    path = action.removesuffix("_note")
    return (
        f"{base}/notes/{note_id}/{path}",
        {"body": "Edited.", "version": 1},
        lambda s: getattr(s.get(Note, note_id), "body", None),
    )


ACTIONS = [
    "add_source",
    "edit_source",
    "remove_source",
    "move_source",
    "set_verdict",
    "restore_verdict",
    "withdraw_verdict",
    "add_note",
    "edit_note",
    "delete_note",
]


@pytest.mark.parametrize("role", ["admin", "editor", "reviewer", None])
@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_as_each_role(
    app: Flask,
    client: FlaskClient,
    users: dict[str, User],
    claim_id: int,
    role: str | None,
    action: str,
) -> None:
    owner = users[role or "reviewer"]
    path, data, reading = _prepare(app, claim_id, action, owner)
    if role is not None:
        login(client, owner.email)
    before = read(app, reading)
    response = client.post(path, data=data)
    after = read(app, reading)
    if role is None:
        assert response.status_code == 404
        assert after == before
    else:
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert after != before


# --- what the page shows ---------------------------------------------------------------------------

XSS = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


def test_user_text_is_rendered_harmless(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int
) -> None:
    base = f"/desk/claims/{claim_id}"
    assert as_reviewer.post(f"{base}/notes", data={"body": f"Note {XSS}"}).status_code == 302
    data = {
        "rating": rating_id(app, "False"),
        "conclusion": f"Conclusion {XSS}",
        "explanation": f"Explanation {XSS}",
        "intent": "draft",
        "claim_state": claim_state(app, claim_id),
    }
    assert as_reviewer.post(f"{base}/verdict", data=data).status_code == 302
    response = as_reviewer.post(
        f"{base}/sources", data={**SOURCE_FORM, "url": "javascript:alert(1)//https://x.org"}
    )
    assert response.status_code == 400
    assert count(app, Source, claim_id=claim_id) == 0
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    assert "Note " in page
    assert "Explanation " in page
    elements = Elements(page).elements
    scripts = [attrs.get("src") for tag, attrs in elements if tag == "script"]
    assert scripts == ["/static/js/workspace.js"]
    assert not [tag for tag, _ in elements if tag in ("img", "iframe", "object", "embed")]
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, not run


class Elements(HTMLParser):
    """Every element a browser would build from the page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


class Controls(HTMLParser):
    """Form controls, labels and buttons of a page, with the text inside each button."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict[str, str | None]] = []
        self.label_for: list[str] = []
        self.buttons: list[dict[str, Any]] = []
        self._button: dict[str, Any] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append(found)
        elif tag == "label" and found.get("for"):
            self.label_for.append(found["for"] or "")
        elif tag == "button":
            self._button = {"attrs": found, "text": ""}
            self.buttons.append(self._button)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button":
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button["text"] += data


def test_every_control_in_the_panel_has_a_label_and_every_button_a_name(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim, reviewer = session.get(Claim, claim_id), users["reviewer"]
        factories.source(session, claim, reviewer, title="One")
        factories.source(session, claim, reviewer, title="Two")
        factories.verdict(session, claim, reviewer)
        factories.verdict(
            session, claim, reviewer, conclusion="Second thoughts.", expected_version=1
        )
        factories.note(session, claim, reviewer)
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    panel = page.split('<article class="claim-panel"')[1].split("</article>")[0]
    for marker in ('data-key="s"', 'data-key="v"', 'data-key="n"', "Restore this verdict"):
        assert marker in panel
    parsed = Controls(panel)
    ids = [c.get("id") for c in parsed.controls]
    assert len(ids) >= 25
    assert all(ids)
    assert len(set(ids)) == len(ids)
    for control_id in ids:
        assert control_id in parsed.label_for, control_id
    for button in parsed.buttons:
        assert button["text"].strip() or button["attrs"].get("aria-label"), button


def test_the_panel_forms_carry_a_working_csrf_token(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    login_page = client.get("/login").get_data(as_text=True)
    data = {"email": REVIEWER, "password": PASSWORD, "csrf_token": csrf_token(login_page)}
    assert client.post("/login", data=data).status_code == 302
    path = f"/desk/claims/{claim_id}/notes"
    refused = client.post(path, data={"body": "No token."})
    assert refused.status_code == 400
    assert "The form expired" in refused.get_data(as_text=True)
    page = client.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    form = page.split(f'action="{path}"')[1].split("</form>")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(path, data={"body": "With a token.", "csrf_token": token}).status_code == 302
    assert count(app, Note, claim_id=claim_id) == 1
