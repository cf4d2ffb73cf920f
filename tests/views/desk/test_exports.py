"""Export downloads on the desk: streamed, typed and named; the live desk for editors only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.exports.formats import FORMATS
from tests.exports.support import published_speech
from tests.exports.validate import json_export_errors
from tests.helpers import login


@pytest.fixture
def speech_id(app: Flask) -> int:
    return published_speech(app, 3, speaker="Jane Doe")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_an_editor_downloads_a_speech_in_every_format(
    as_editor: FlaskClient, speech_id: int, name: str
) -> None:
    response = as_editor.get(f"/desk/speeches/{speech_id}/export?format={name}&published=y")
    assert response.status_code == 200
    assert response.is_streamed
    chosen = FORMATS[name]
    assert response.content_type == chosen.media_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="factcheck-speech-{speech_id}-published-')
    assert disposition.endswith(f'.{chosen.extension}"')
    assert response.get_data()


def test_the_speech_page_offers_the_downloads(as_editor: FlaskClient, speech_id: int) -> None:
    page = as_editor.get(f"/desk/speeches/{speech_id}").get_data(as_text=True)
    assert f"/desk/speeches/{speech_id}/export?format=csv&amp;published=y" in page
    assert f"/desk/speeches/{speech_id}/export?format=json" in page


def test_a_selection_from_the_export_page(as_editor: FlaskClient, speech_id: int, app) -> None:
    published_speech(app, 2, speaker="John Roe")
    page = as_editor.get("/desk/exports")
    assert page.status_code == 200
    assert 'name="speaker"' in page.get_data(as_text=True)
    response = as_editor.get("/desk/exports/download?format=csv&speaker=jane+doe&published=y")
    assert response.status_code == 200
    assert 'filename="factcheck-selection-published-' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 3
    assert {r["speaker"] for r in rows} == {"Jane Doe"}
    staff = as_editor.get("/desk/exports/download?format=json")
    assert staff.status_code == 200
    document = json.loads(staff.get_data())
    assert document["published_only"] is False
    assert json_export_errors(document) == []
    assert len(document["speeches"]) == 2


def test_the_desk_navigation_links_the_export_page_for_editors(
    app: Flask, client: FlaskClient, users
) -> None:
    assert login(client, users["editor"].email).status_code == 302
    assert 'href="/desk/exports"' in client.get("/desk/").get_data(as_text=True)
    other = app.test_client()
    assert login(other, users["reviewer"].email).status_code == 302
    assert 'href="/desk/exports"' not in other.get("/desk/").get_data(as_text=True)


def test_a_reviewer_exports_published_checks_only(as_reviewer: FlaskClient, speech_id: int) -> None:
    assert (
        as_reviewer.get(f"/desk/speeches/{speech_id}/export?format=csv&published=y").status_code
        == 200
    )
    assert as_reviewer.get(f"/desk/speeches/{speech_id}/export?format=csv").status_code == 404
    assert as_reviewer.get("/desk/exports/download?format=json").status_code == 404
    # ClaimReview is made of published checks whoever asks.
    assert (
        as_reviewer.get(f"/desk/speeches/{speech_id}/export?format=claimreview").status_code == 200
    )
    page = as_reviewer.get("/desk/exports").get_data(as_text=True)
    assert 'name="published" value="y"' in page


def test_visitors_get_nothing(client: FlaskClient, speech_id: int) -> None:
    assert (
        client.get(f"/desk/speeches/{speech_id}/export?format=csv&published=y").status_code == 404
    )
    assert client.get("/desk/exports/download?format=csv&published=y").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "format=xml",
        "format=csv&since=yesterday",
        "format=csv&speech=abc",
        "",
        "format=csv&speech=0",
    ],
)
def test_bad_requests_are_refused(as_editor: FlaskClient, query: str) -> None:
    assert as_editor.get(f"/desk/exports/download?{query}").status_code == 400


def test_an_unknown_speech_is_a_404(as_editor: FlaskClient, speech_id: int) -> None:
    assert as_editor.get("/desk/exports/download?format=csv&speech=999").status_code == 404
    assert as_editor.get("/desk/speeches/999/export?format=csv").status_code == 404
    assert as_editor.get(f"/desk/speeches/{speech_id}/export?format=nope").status_code == 400
