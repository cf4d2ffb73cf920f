"""The corrections log's reads: a fixed number of queries however many corrections, by however
many editors, it lists."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Claim, Publication, PublicationKind, Role
from tests import factories


def corrections(app: Flask, editors: int) -> None:
    """A correction of a claim of a new speech by each of ``editors`` new editors.

    Made with the model: what is under test is reading them, not publishing."""
    with factories.seeding(app) as session:
        speech = factories.speech(session, factories.numbered_transcript(editors))
        claims = session.scalars(select(Claim).where(Claim.speech_id == speech.id)).all()
        for claim in claims:
            editor = factories.user(session, role=Role.EDITOR)
            content = {"claim": {"text": claim.text}, "speech": {"title": speech.title}}
            session.add(
                Publication(
                    claim_id=claim.id,
                    speech_id=speech.id,
                    number=1,
                    kind=PublicationKind.CORRECTION,
                    note=f"Corrected by {editor.display_name}.",
                    content=content,
                    published_by_id=editor.id,
                )
            )


def test_the_corrections_log_queries_do_not_grow_with_corrections(
    app: Flask, as_reviewer: FlaskClient, count_queries
) -> None:
    def queries() -> tuple[int, str]:
        as_reviewer.get("/desk/corrections")  # warm up
        with count_queries() as counted:
            response = as_reviewer.get("/desk/corrections")
        assert response.status_code == 200
        return counted.count, response.get_data(as_text=True)

    corrections(app, 2)
    few, _ = queries()
    corrections(app, 40)
    many, page = queries()
    assert few == many
    assert page.count("<tr>") == 1 + 42
