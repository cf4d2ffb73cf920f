"""Importing captions and speaker-labelled transcripts through the web form."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from factcheck.extensions import db
from factcheck.models import Claim, Speech, TranscriptFormat
from tests.helpers import stored

SRT = b"""1
00:00:01,000 --> 00:00:03,500
Unemployment fell to 3.9%

2
00:00:03,600 --> 00:00:06,000
in 2023, the lowest in fifty years.

3
00:01:09,000 --> 00:01:10,000
JONES: That is simply not what the figures say.
"""

DEBATE = "HOLT: Good evening.\nTRUMP: We lost 70,000 factory jobs in 2015. (APPLAUSE)\nCLINTON: That is wrong.\n"


def post(client: FlaskClient, upload: bytes | None = None, filename: str = "talk.srt", **fields):
    data: dict[str, object] = {
        "title": "Captions",
        "speaker": "Various",
        "language": "en",
        **fields,
    }
    if upload is not None:
        data["upload"] = FileStorage(io.BytesIO(upload), filename, content_type="text/plain")
    boundary, body = encode_multipart(data)
    return client.post(
        "/desk/speeches/new", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def stored_claims(app: Flask) -> tuple[Speech, list[Claim]]:
    with app.app_context():
        speech = db.session.scalars(select(Speech)).one()
        claims = list(db.session.scalars(select(Claim).order_by(Claim.start)))
        db.session.expunge_all()
    return speech, claims


def test_srt_upload_keeps_times_speakers_and_the_file(app: Flask, as_editor: FlaskClient) -> None:
    response = post(as_editor, SRT, media_url="https://example.org/video.mp4")
    assert response.status_code == 302
    speech, claims = stored_claims(app)
    assert speech.transcript_format is TranscriptFormat.SRT
    assert speech.source_text == SRT.decode()
    assert speech.media_url == "https://example.org/video.mp4"
    assert [(c.text, c.speaker, c.media_start_ms, c.media_end_ms) for c in claims] == [
        ("Unemployment fell to 3.9% in 2023, the lowest in fifty years.", None, 1000, 6000),
        ("That is simply not what the figures say.", "JONES", 69000, 70000),
    ]
    for claim in claims:
        assert speech.transcript[claim.start : claim.end] == claim.text
    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "0:01–0:06" in page
    assert "1:09–1:10" in page
    assert '<span class="speaker">JONES</span>' in page
    assert 'href="https://example.org/video.mp4"' in page


def test_malformed_srt_is_refused_naming_the_line(app: Flask, as_editor: FlaskClient) -> None:
    broken = SRT.replace(b"00:00:03,600 --> 00:00:06,000", b"00:00:03,600 to 00:00:06,000")
    response = post(as_editor, broken)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="upload-error">Line 6: expected a timing line' in page
    assert stored(app)["speech"] == 0
    assert stored(app)["claim"] == 0


def test_a_chosen_format_overrides_detection(app: Flask, as_editor: FlaskClient) -> None:
    response = post(as_editor, SRT, filename="talk.txt", transcript_format="plain")
    assert response.status_code == 302
    speech, claims = stored_claims(app)
    assert speech.transcript_format is TranscriptFormat.PLAIN
    assert speech.transcript == SRT.decode()
    assert all(c.media_start_ms is None for c in claims)


def test_pasted_speaker_transcript_is_detected(app: Flask, as_editor: FlaskClient) -> None:
    response = post(as_editor, transcript=DEBATE)
    assert response.status_code == 302
    speech, claims = stored_claims(app)
    assert speech.transcript_format is TranscriptFormat.SPEAKERS
    assert [(c.speaker, c.text, c.is_claim) for c in claims] == [
        ("HOLT", "Good evening.", False),
        ("TRUMP", "We lost 70,000 factory jobs in 2015.", True),
        ("TRUMP", "(APPLAUSE)", False),
        ("CLINTON", "That is wrong.", True),
    ]
    assert claims[2].dismiss_note == "stage direction"


def test_speech_page_sorts_by_checkworthiness_and_shows_reasons(
    app: Flask, as_editor: FlaskClient
) -> None:
    text = "I like this town a lot.\nUnemployment fell to 3.9% in 2023, the lowest in fifty years."
    location = post(as_editor, transcript=text).headers["Location"]
    _, claims = stored_claims(app)
    assert claims[1].checkworthiness > claims[0].checkworthiness
    assert any("3.9%" in reason for reason in claims[1].checkworthiness_reasons)
    by_order = as_editor.get(location).get_data(as_text=True).split('class="claim-list"')[1]
    by_score = as_editor.get(location + "?sort=checkworthiness").get_data(as_text=True)
    by_score = by_score.split('class="claim-list"')[1]
    assert by_order.index("I like this town") < by_order.index("Unemployment fell")
    assert by_score.index("Unemployment fell") < by_score.index("I like this town")
    # Each claim keeps its label (its id) whatever the order.
    assert (
        f'id="claim-{claims[1].id}" class="claim-item claim"><span class="num">#{claims[1].id}</span>'
        in by_score
    )
    assert "3.9%" in by_score.split('class="reasons"')[1]
    # Bars are drawn against the speech's highest score: the top claim's bar is full.
    top = f"{claims[1].checkworthiness:.3f}"
    assert f'<meter class="score" min="0" max="{top}" value="{top}"' in by_score
    # An unknown order falls back to the transcript's.
    fallback = as_editor.get(location + "?sort=bogus").get_data(as_text=True)
    assert fallback.split('class="claim-list"')[1] == by_order
