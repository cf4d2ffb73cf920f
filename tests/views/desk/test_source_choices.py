"""A source's stance and kind are the reviewer's choice, never a default; a second source with
the same address is saved with a warning."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, Source
from tests import factories
from tests.helpers import count

SOURCE_FORM = {
    "url": "https://www.ons.gov.uk/employment",
    "title": "Labour market overview",
    "accessed_on": "2024-05-09",
    "stance": "supports",
    "kind": "official_record",
    "is_public": "y",
}


@pytest.fixture
def claim_id(app: Flask) -> int:
    with factories.seeding(app) as session:
        speech = factories.speech(
            session, "Unemployment fell to 3.9% in 2023, the lowest since 1974."
        )
        return session.scalar(select(Claim.id).where(Claim.speech_id == speech.id))


def test_the_new_source_form_chooses_nothing_for_the_reviewer(
    app: Flask, as_reviewer: FlaskClient, claim_id: int
) -> None:
    with app.app_context():
        speech_id = db.session.get(Claim, claim_id).speech_id
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    new_form = page[page.index('name="stance"') :][:600]
    assert '<option value="" selected>Choose…</option>' in new_form
    assert "selected" not in new_form.replace('<option value="" selected>', "")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("stance", "Choose whether the source supports the claim, refutes it or gives context."),
        ("kind", "Choose the kind of source."),
    ],
)
def test_a_source_without_stance_or_kind_is_refused_with_the_reason(
    app: Flask, as_reviewer: FlaskClient, claim_id: int, missing: str, message: str
) -> None:
    for value in ("", None):
        data = {**SOURCE_FORM, missing: value} if value is not None else dict(SOURCE_FORM)
        if value is None:
            del data[missing]
        response = as_reviewer.post(f"/desk/claims/{claim_id}/sources", data=data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert count(app, Source, claim_id=claim_id) == 0


def test_the_same_address_twice_is_saved_with_a_warning(
    app: Flask, as_reviewer: FlaskClient, claim_id: int
) -> None:
    first = as_reviewer.post(
        f"/desk/claims/{claim_id}/sources", data=SOURCE_FORM, follow_redirects=True
    ).get_data(as_text=True)
    assert "Source added." in first
    assert "already cites this address" not in first
    second = as_reviewer.post(
        f"/desk/claims/{claim_id}/sources",
        data={**SOURCE_FORM, "title": "ONS again"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The claim already cites this address as “Labour market overview”" in second
    assert count(app, Source, claim_id=claim_id) == 2
