"""Staff notes through the workspace forms: written, edited by their author, deleted by the author
or an editor; refused with the reason (400) or the other change shown (409).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Claim, Note, User
from factcheck.services import notes
from tests import factories
from tests.helpers import conflict, count, get, login, problem, read

REVIEWER = "reviewer@example.org"
EDITOR = "editor@example.org"


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
