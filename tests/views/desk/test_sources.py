"""A claim's sources through the workspace forms: added, edited, moved and removed; refused with
the reason and the reviewer's typing kept (400), or with the other person's change shown (409).
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Claim, Source, SourceKind, SourceStance, User
from factcheck.services import sources
from tests import factories
from tests.helpers import SOURCE_FORM, conflict, count, get, login, problem, read

REVIEWER = "reviewer@example.org"
EDITOR = "editor@example.org"


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
