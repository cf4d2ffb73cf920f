"""The staff desk through the client: login required, importing by paste or upload, clear refusals
that store nothing, escaped output. Its query counts are guarded in tests/queries/."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from factcheck.extensions import db
from factcheck.models import AuditEvent, Speech, User
from tests import factories
from tests.helpers import stored

NOTHING = {"speech": 0, "claim": 0, "audit_event": 0}
TRANSCRIPT = (
    "Good morning, everyone.\n"
    "Misconception 1: The gap is closing\n"
    "Unemployment fell to 4.2% in 2023, the lowest level since 1990. "
    "Exports to China doubled between 2015 and 2022.\n"
    "What does that mean?\n"
)
EXPECTED_CLAIMS = [
    (1, "not-claim", "Good morning, everyone.", "salutation"),
    (2, "not-claim", "Misconception 1: The gap is closing", "heading"),
    (3, "claim", "Unemployment fell to 4.2% in 2023, the lowest level since 1990.", None),
    (4, "claim", "Exports to China doubled between 2015 and 2022.", None),
    (5, "not-claim", "What does that mean?", "question"),
]
CLAIM_ITEM = re.compile(
    r'<li id="claim-\d+" class="claim-item ([\w-]+)"><span class="num">#(\d+)</span>\s*'
    r'<span class="quote">(.*?)</span>\s*'
    r'(?:<span class="badge muted" title="[^"]*">(.*?)</span>)?',
    re.S,
)
TRANSCRIPT_DIV = re.compile(r'<div class="transcript-text">(.*?)</div>', re.S)


def form(**changes: object) -> dict[str, object]:
    """A valid import form, with some fields changed."""
    data: dict[str, object] = {
        "title": "Budget speech",
        "speaker": "The Minister",
        "delivered_on": "2024-05-08",
        "occasion": "Parliament",
        "source_url": "https://example.org/speech",
        "language": "en",
        "transcript": TRANSCRIPT,
    }
    data.update(changes)
    return data


def post_import(client: FlaskClient, data: dict[str, object]):
    """POST the import form as a browser does; a bytes value is sent as an uploaded speech.txt.

    The body is encoded in memory: the test client would spool a large one to a temporary file
    that it never closes (a ResourceWarning, an error under `filterwarnings = error`).
    """
    fields = {
        name: FileStorage(io.BytesIO(value), "speech.txt", content_type="text/plain")
        if isinstance(value, bytes)
        else value
        for name, value in data.items()
    }
    boundary, body = encode_multipart(fields)
    return client.post(
        "/desk/speeches/new",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def claim_items(page: str) -> list[tuple[int, str, str, str | None]]:
    """(place, css class, quoted text, reason) for each item of the page's claim list.

    Items are labelled by claim id; an import creates claims in transcript order, so the place
    (from 1) is the rank of the id among the speech's."""
    found = CLAIM_ITEM.findall(page)
    place = {claim_id: n for n, claim_id in enumerate(sorted(int(f[1]) for f in found), start=1)}
    return [
        (place[int(claim_id)], css, html.unescape(quote), html.unescape(note) if note else None)
        for css, claim_id, quote, note in found
    ]


def transcript_text(page: str) -> str:
    """The transcript as a reader sees it: the highlighted pieces with their markup removed."""
    found = TRANSCRIPT_DIV.search(page)
    assert found is not None
    text = re.sub(r'<a class="t-num[^"]*"[^>]*>.*?</a>', "", found.group(1), flags=re.S)
    return html.unescape(re.sub(r"</?mark[^>]*>", "", text))


def field_error(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    assert found is not None, f"no error shown for {field}"
    return html.unescape(found.group(1))


def only_speech(app: Flask) -> Speech:
    with app.app_context():
        speech = db.session.scalars(select(Speech)).one()
        db.session.expunge(speech)
        return speech


# --- who may see the desk -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/desk/", "/desk/speeches/new", "/desk/speeches/{id}", "/desk/speeches/{id}/work"]
)
def test_anonymous_visitors_get_a_404_with_a_login_link(
    app: Flask, client: FlaskClient, path: str
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(
            session, TRANSCRIPT, title="Draft budget speech", speaker="Secret Speaker"
        ).id
    path = path.format(id=speech_id)
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    # The same page as for something that does not exist, with a way in for staff.
    missing = client.get("/desk/speeches/999999").get_data(as_text=True)
    assert page == missing.replace("next=/desk/speeches/999999", f"next={path}")
    assert f'href="/login?next={path}"' in page
    for secret in ("Draft budget speech", "Secret Speaker", "Unemployment"):
        assert secret not in page


def test_anonymous_import_is_refused_and_stores_nothing(app: Flask, client: FlaskClient) -> None:
    response = post_import(client, form())
    assert response.status_code == 404
    assert stored(app) == {**NOTHING, "user": 0}


def test_desk_lists_speeches_for_staff(app: Flask, as_reviewer: FlaskClient) -> None:
    with factories.seeding(app) as session:
        factories.speech(session, TRANSCRIPT, title="First speech")
        factories.speech(session, TRANSCRIPT, title="Second speech")
    response = as_reviewer.get("/desk/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    # Newest first.
    assert 0 < page.index("Second speech") < page.index("First speech")


def test_empty_desk_invites_an_import(as_reviewer: FlaskClient) -> None:
    page = as_reviewer.get("/desk/").get_data(as_text=True)
    assert "No speeches yet." in page
    assert 'href="/desk/speeches/new"' in page


# --- importing ------------------------------------------------------------------------------------


def test_import_by_paste_shows_the_speech_with_numbered_claims(
    app: Flask, as_editor: FlaskClient, users: dict[str, User]
) -> None:
    response = post_import(as_editor, form())
    assert response.status_code == 302
    speech = only_speech(app)
    assert response.headers["Location"] == f"/desk/speeches/{speech.id}"
    assert (speech.title, speech.speaker, speech.delivered_on) == (
        "Budget speech",
        "The Minister",
        date(2024, 5, 8),
    )
    assert (speech.occasion, speech.source_url, speech.language) == (
        "Parliament",
        "https://example.org/speech",
        "en",
    )
    assert speech.transcript == TRANSCRIPT
    assert speech.created_by_id == users["editor"].id

    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported “Budget speech”: 2 claims to check, 3 other spans." in page
    assert "<h1>Budget speech</h1>" in page
    assert "8 May 2024" in page
    assert 'href="https://example.org/speech"' in page
    assert claim_items(page) == EXPECTED_CLAIMS
    assert "<strong>2 claims</strong> to check, 3 other spans" in page
    assert transcript_text(page) == TRANSCRIPT
    assert stored(app) == {"speech": 1, "claim": 5, "audit_event": 1, "user": 3}
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.actor_id, event.object_id) == (
            "speech.import",
            users["editor"].id,
            speech.id,
        )


def test_reviewers_may_import_too(app: Flask, as_reviewer: FlaskClient) -> None:
    response = post_import(as_reviewer, form(transcript="Exports doubled between 2015 and 2022."))
    assert response.status_code == 302
    assert stored(app)["speech"] == 1


def test_optional_fields_may_be_left_blank(app: Flask, as_editor: FlaskClient) -> None:
    response = post_import(as_editor, form(delivered_on="", occasion="", source_url=""))
    assert response.status_code == 302
    speech = only_speech(app)
    assert (speech.delivered_on, speech.occasion, speech.source_url) == (None, None, None)
    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert claim_items(page) == EXPECTED_CLAIMS


def test_import_by_uploading_a_utf8_text_file(app: Flask, as_editor: FlaskClient) -> None:
    raw = "\ufeffZhao’s “speech”.\r\nExports to China doubled between 2015 and 2022.\r\n"
    response = post_import(as_editor, form(transcript="", upload=raw.encode("utf-8")))
    assert response.status_code == 302
    speech = only_speech(app)
    assert response.headers["Location"] == f"/desk/speeches/{speech.id}"
    # Only the BOM and the line endings change.
    assert (
        speech.transcript == "Zhao’s “speech”.\nExports to China doubled between 2015 and 2022.\n"
    )
    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert [text for _, _, text, _ in claim_items(page)] == [
        "Zhao’s “speech”.",
        "Exports to China doubled between 2015 and 2022.",
    ]
    assert transcript_text(page) == speech.transcript


def test_the_import_form_is_shown_to_staff(as_reviewer: FlaskClient) -> None:
    response = as_reviewer.get("/desk/speeches/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    for name in ("title", "speaker", "delivered_on", "source_url", "transcript", "upload"):
        assert f'name="{name}"' in page
    assert 'class="error"' not in page


# --- bad input ------------------------------------------------------------------------------------

LATER = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
BAD_INPUT = {
    "empty transcript": (form(transcript=""), "transcript", "Paste a transcript or upload"),
    "whitespace transcript": (
        form(transcript=" \n\t  \n"),
        "transcript",
        "Paste a transcript or upload",
    ),
    "NUL in transcript": (form(transcript="Exports rose 5%.\x00"), "transcript", "NUL"),
    "paste and upload": (
        form(upload=b"Exports doubled between 2015 and 2022."),
        "transcript",
        "not both",
    ),
    "binary upload": (
        form(transcript="", upload=b"Exports\x00\x01\x02 doubled."),
        "upload",
        "binary",
    ),
    "non-UTF-8 upload": (
        form(transcript="", upload="Caf\u00e9 prices rose 5%.".encode("latin-1")),
        "upload",
        "not valid UTF-8",
    ),
    "empty upload": (form(transcript="", upload=b""), "upload", "empty"),
    "whitespace upload": (form(transcript="", upload=b" \r\n\t\n"), "upload", "empty"),
    "missing title": (form(title=""), "title", "required"),
    "blank title": (form(title="   "), "title", "required"),
    "long title": (form(title="T" * 301), "title", "300"),
    "NUL in title": (form(title="Budget\x00"), "title", "NUL"),
    "missing speaker": (form(speaker=""), "speaker", "label the speakers"),
    "text as URL": (form(source_url="not a url"), "source_url", "http:// or https://"),
    "ftp URL": (form(source_url="ftp://x"), "source_url", "http:// or https://"),
    "javascript URL": (form(source_url="javascript:alert(1)"), "source_url", "web address"),
    "URL without host": (form(source_url="https://"), "source_url", "web address"),
    "text as date": (form(delivered_on="yesterday"), "delivered_on", "date"),
    "impossible date": (form(delivered_on="2024-13-45"), "delivered_on", "date"),
    "day-first date": (form(delivered_on="08/05/2024"), "delivered_on", "date"),
    "future date": (form(delivered_on=LATER), "delivered_on", "future"),
    "bad language": (form(language="english!"), "language", "language"),
}


@pytest.mark.parametrize(("data", "field", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_on_the_form_and_stores_nothing(
    app: Flask, as_editor: FlaskClient, data: dict[str, object], field: str, message: str
) -> None:
    response = post_import(as_editor, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in field_error(page, field)
    assert "nothing was saved" in page
    assert "Traceback" not in page
    assert 'File "' not in page
    assert stored(app) == {**NOTHING, "user": 3}


def test_a_refused_form_keeps_what_was_typed(app: Flask, as_editor: FlaskClient) -> None:
    response = post_import(as_editor, form(title="Keep this title", source_url="ftp://x"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Keep this title"' in page
    assert "Unemployment fell to 4.2% in 2023" in page


@pytest.fixture
def small_limit(app: Flask) -> int:
    app.config["MAX_TRANSCRIPT_BYTES"] = 1000
    return 1000


def test_upload_at_the_limit_is_accepted(
    app: Flask, as_editor: FlaskClient, small_limit: int
) -> None:
    content = (b"Exports doubled between 2015 and 2022. " * 30)[: small_limit - 1] + b"."
    assert len(content) == small_limit
    response = post_import(as_editor, form(transcript="", upload=content))
    assert response.status_code == 302
    assert stored(app)["speech"] == 1


@pytest.mark.parametrize("size", [1001, 50_000])
def test_upload_over_the_limit_is_refused_and_stores_nothing(
    app: Flask, as_editor: FlaskClient, small_limit: int, size: int
) -> None:
    response = post_import(as_editor, form(transcript="", upload=b"a" * size))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    error = field_error(page, "upload")
    assert "1,000 bytes" in error
    # The view reads only just past the limit: any size it states must be the limit or the truth.
    assert set(re.findall(r"\d[\d,]*", error)) <= {"1,000", f"{size:,}"}
    assert stored(app) == {**NOTHING, "user": 3}


def test_pasted_transcript_over_the_limit_is_refused(
    app: Flask, as_editor: FlaskClient, small_limit: int
) -> None:
    # 600 characters, 1,200 bytes: the limit is on bytes.
    response = post_import(as_editor, form(transcript="é" * 600))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "1,000 bytes" in field_error(page, "transcript")
    assert stored(app) == {**NOTHING, "user": 3}


def test_a_body_far_over_the_limit_is_refused_with_413(
    app: Flask, as_editor: FlaskClient, small_limit: int
) -> None:
    too_big = app.config["MAX_CONTENT_LENGTH"] + 1
    response = post_import(as_editor, form(transcript="", upload=b"a" * too_big))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Too large" in page
    assert "Traceback" not in page
    assert stored(app) == {**NOTHING, "user": 3}


# --- output ---------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_user_text_is_escaped_on_the_speech_page_and_the_desk(
    app: Flask, as_editor: FlaskClient
) -> None:
    title = f'"><{SCRIPT}'
    data = form(
        title=title,
        speaker="<b>Bold</b> speaker",
        occasion="<img src=x onerror=alert(1)>",
        transcript=f"He said {SCRIPT} that exports rose by 12% in 2023 & more.\nThank you.",
    )
    response = post_import(as_editor, data)
    assert response.status_code == 302
    speech_page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    desk_page = as_editor.get("/desk/").get_data(as_text=True)
    for page in (speech_page, desk_page):
        assert SCRIPT not in page
        assert "<b>Bold</b>" not in page
        assert str(escape(title)) in page
        assert str(escape("<b>Bold</b> speaker")) in page
    assert "<img" not in speech_page
    assert str(escape("<img src=x onerror=alert(1)>")) in speech_page
    assert f"He said {escape(SCRIPT)} that exports" in speech_page
    assert transcript_text(speech_page) == data["transcript"]
    # The title is in the flash message and the <title> too; none of it may be live markup.
    assert speech_page.count(str(escape(SCRIPT))) >= 4


@pytest.mark.parametrize("speech_id", ["999", "0", "99999999999999999999", "-1", "abc"])
def test_unknown_speech_is_404(app: Flask, as_reviewer: FlaskClient, speech_id: str) -> None:
    with factories.seeding(app) as session:
        factories.speech(session, TRANSCRIPT)
    response = as_reviewer.get(f"/desk/speeches/{speech_id}")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_transcript_marks_say_why_a_span_is_not_a_claim(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, TRANSCRIPT).id
    page = as_reviewer.get(f"/desk/speeches/{speech_id}").get_data(as_text=True)
    marks = re.findall(r'<mark [^>]*class="span ([\w-]+)"[^>]*?(?: title="([^"]*)")?>', page)
    assert marks == [
        ("not-claim", "salutation"),
        ("not-claim", "heading"),
        ("claim", ""),
        ("claim", ""),
        ("not-claim", "question"),
    ]
