"""Correcting a speech through the client: details, speakers, archive, delete. (The desk's
progress per speech, in a fixed number of queries, is guarded in tests/queries/.)"""

from __future__ import annotations

import re
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, Speech, SpeechStatus, User
from factcheck.models.history import AuditAction
from tests import factories
from tests.helpers import get, login

DEBATE = (
    "MODERATOR: Good evening and welcome.\n"
    "CURZ: Unemployment fell to 4.2% in 2023, the lowest level since 1990.\n"
    "CRUZ: We cut taxes for 30 million families last year.\n"
    "CURZ: The deficit rose by 12% in 2024.\n"
)


def _details(speech: Speech, **changes: str) -> dict[str, str]:
    data = {
        "title": speech.title,
        "speaker": speech.speaker,
        "delivered_on": "",
        "occasion": speech.occasion or "",
        "source_url": speech.source_url or "",
        "media_url": speech.media_url or "",
        "version": str(speech.version),
    }
    data.update(changes)
    return data


def test_the_edit_page_is_staff_only(app: Flask, client: FlaskClient) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE).id
    assert client.get(f"/desk/speeches/{speech_id}/edit").status_code == 404
    assert client.post(f"/desk/speeches/{speech_id}/edit", data={}).status_code == 404


def test_a_reviewer_corrects_the_details_and_sees_them(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, title="Debate").id
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/edit")
    assert page.status_code == 200
    assert b"Speech details and speakers" in page.data
    speech = get(app, Speech, speech_id)
    hostile = "<script>alert(1)</script> debate"
    response = as_reviewer.post(
        f"/desk/speeches/{speech_id}/edit",
        data=_details(speech, title=hostile, delivered_on="2024-10-01"),
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert b"Speech details saved." in response.data
    assert str(escape(hostile)).encode() in response.data
    assert b"<script>alert(1)" not in response.data
    stored = get(app, Speech, speech_id)
    assert (stored.title, stored.delivered_on.isoformat()) == (hostile, "2024-10-01")


def test_a_stale_details_form_is_a_409_that_keeps_the_typing(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, title="Debate").id
    seen = get(app, Speech, speech_id)
    other = app.test_client()
    assert login(other, users["editor"].email).status_code == 302
    assert (
        other.post(
            f"/desk/speeches/{speech_id}/edit", data=_details(seen, occasion="Fox News")
        ).status_code
        == 302
    )
    response = as_reviewer.post(
        f"/desk/speeches/{speech_id}/edit", data=_details(seen, title="My better title")
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Changed by <strong>editor</strong>" in page
    assert "Fox News" in page  # what it is now
    assert 'value="My better title"' in page  # what was typed is not lost
    assert get(app, Speech, speech_id).title == "Debate"


def test_bad_details_are_a_400_and_change_nothing(app: Flask, as_reviewer: FlaskClient) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, title="Debate").id
    speech = get(app, Speech, speech_id)
    response = as_reviewer.post(
        f"/desk/speeches/{speech_id}/edit",
        data=_details(speech, source_url="ftp://example.org/x", title=""),
    )
    assert response.status_code == 400
    assert b"Nothing was changed." in response.data
    assert get(app, Speech, speech_id).version == speech.version


def test_a_speaker_is_renamed_from_the_page(app: Flask, as_reviewer: FlaskClient) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, speaker="").id
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/edit").get_data(as_text=True)
    assert re.search(r"<th scope=\"row\">CURZ</th>\s*<td>2</td>", page)
    speech = get(app, Speech, speech_id)
    response = as_reviewer.post(
        f"/desk/speeches/{speech_id}/speakers",
        data={"old": "CURZ", "new": "CRUZ", "version": speech.version},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "“CURZ” is now “CRUZ” on 2 spans." in text
    assert re.search(r"<th scope=\"row\">CRUZ</th>\s*<td>3</td>", text)
    with app.app_context():
        names = set(db.session.scalars(select(Claim.speaker).where(Claim.speech_id == speech_id)))
    assert names == {"MODERATOR", "CRUZ"}


def test_editors_archive_reviewers_may_not_and_the_desk_lists_it_apart(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, title="Old debate").id
    version = get(app, Speech, speech_id).version
    assert login(client, users["reviewer"].email).status_code == 302
    assert (
        client.post(f"/desk/speeches/{speech_id}/archive", data={"version": version}).status_code
        == 403
    )
    client.post("/logout", data={})
    editor = app.test_client()
    assert login(editor, users["editor"].email).status_code == 302
    response = editor.post(
        f"/desk/speeches/{speech_id}/archive", data={"version": version}, follow_redirects=True
    )
    assert "“Old debate” is archived" in response.get_data(as_text=True)
    assert get(app, Speech, speech_id).status is SpeechStatus.ARCHIVED
    desk = editor.get("/desk/").get_data(as_text=True)
    assert "Old debate" not in desk
    assert "Archived (1)" in desk
    assert "Old debate" in editor.get("/desk/?show=archived").get_data(as_text=True)
    # Read-only: the workspace is closed to it, and so are its details.
    assert editor.get(f"/desk/speeches/{speech_id}/work").status_code == 404
    speech = get(app, Speech, speech_id)
    assert (
        editor.post(
            f"/desk/speeches/{speech_id}/edit", data=_details(speech, title="X")
        ).status_code
        == 403
    )
    editor.post(f"/desk/speeches/{speech_id}/unarchive", data={"version": speech.version})
    assert get(app, Speech, speech_id).status is SpeechStatus.IN_REVIEW


def test_deleting_says_what_goes_and_needs_the_title(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, title="Debate to delete").id
    assert login(client, users["editor"].email).status_code == 302
    assert client.get(f"/desk/speeches/{speech_id}/delete").status_code == 403
    admin = app.test_client()
    assert login(admin, users["admin"].email).status_code == 302
    page = admin.get(f"/desk/speeches/{speech_id}/delete").get_data(as_text=True)
    assert "4 spans" in page
    assert "0 verdicts" in page
    wrong = admin.post(f"/desk/speeches/{speech_id}/delete", data={"confirm_title": "Debate"})
    assert wrong.status_code == 400
    assert get(app, Speech, speech_id) is not None
    done = admin.post(
        f"/desk/speeches/{speech_id}/delete",
        data={"confirm_title": "Debate to delete"},
        follow_redirects=True,
    )
    assert "Deleted “Debate to delete” with 4 spans" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Speech, speech_id) is None
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == AuditAction.SPEECH_DELETE)
            )
            == 1
        )


@pytest.mark.parametrize("clients", [2, 20])
def test_concurrent_detail_saves_end_in_one_save_and_409s(
    app: Flask, users: dict[str, User], clients: int
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, DEBATE, title="Debate").id
    seen = get(app, Speech, speech_id)
    browsers = []
    for _ in range(clients):
        browser = app.test_client()
        assert login(browser, users["reviewer"].email).status_code == 302
        browsers.append(browser)
    barrier = threading.Barrier(clients)
    statuses: list[int] = []

    def save(i: int) -> None:
        barrier.wait()
        response = browsers[i].post(
            f"/desk/speeches/{speech_id}/edit", data=_details(seen, title=f"Title {i}")
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) in ([302, 409], [302])
    assert statuses.count(302) == 1
    stored = get(app, Speech, speech_id)
    assert stored.version == seen.version + 1
    with app.app_context():
        saves = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == AuditAction.SPEECH_UPDATE)
        )
    assert saves == 1
    assert stored.title.startswith("Title ")


def test_timecodes_open_the_media_at_that_moment(app: Flask, as_reviewer: FlaskClient) -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:07.000\nUnemployment fell to 3.9% in 2023.\n\n"
        "00:00:08.000 --> 00:00:12.500\nExports doubled between 2015 and 2022.\n"
    )
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, vtt, title="Captioned").id
    page = as_reviewer.get(f"/desk/speeches/{speech_id}").get_data(as_text=True)
    assert '<span class="timecode" title="media time">0:01–0:07</span>' in page  # no media yet
    speech = get(app, Speech, speech_id)
    as_reviewer.post(
        f"/desk/speeches/{speech_id}/edit",
        data=_details(speech, media_url="https://media.example.org/debate.mp4"),
    )
    page = as_reviewer.get(f"/desk/speeches/{speech_id}").get_data(as_text=True)
    assert 'href="https://media.example.org/debate.mp4#t=1,7"' in page
    assert 'href="https://media.example.org/debate.mp4#t=8,13"' in page


def test_the_workspace_timecode_opens_the_media_at_that_moment(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:07.000\nUnemployment fell to 3.9% in 2023.\n"
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, vtt, title="Captioned").id
    speech = get(app, Speech, speech_id)
    as_reviewer.post(
        f"/desk/speeches/{speech_id}/edit",
        data=_details(speech, media_url="https://www.youtube.com/watch?v=abc"),
    )
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id).where(Claim.speech_id == speech_id))
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    assert 'href="https://www.youtube.com/watch?v=abc&amp;t=1s"' in page
