"""The reviewer workspace's reads: a fixed number of queries however many claims, sources,
verdicts and notes the speech has."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import User
from tests import factories
from tests.helpers import claim_rows


def test_workspace_queries_do_not_grow_with_claims(
    app: Flask, as_reviewer: FlaskClient, count_queries
) -> None:
    def queries_for(lines: int) -> int:
        with factories.seeding(app) as session:
            speech = factories.speech(session, factories.numbered_transcript(lines)).id
        selected = claim_rows(app, speech)[lines // 2]
        as_reviewer.get(f"/desk/speeches/{speech}/work?claim={selected.id}")  # warm up
        with count_queries() as queries:
            response = as_reviewer.get(f"/desk/speeches/{speech}/work?claim={selected.id}&mine=1")
        assert response.status_code == 200
        return queries.count

    small, large = queries_for(10), queries_for(1000)
    assert small == large
    assert large <= 24  # the header's counts of work, the claim's state, whether it is blind


def _speech_with_items(app: Flask, reviewer: User, lines: int) -> tuple[int, int]:
    """A speech whose every claim has a source, a verdict and a note; returns (speech, a claim)."""
    with factories.seeding(app) as session:
        speech = factories.speech(session, factories.numbered_transcript(lines))
        claims = factories.items_on_every_claim(session, speech, reviewer)
        return speech.id, claims[lines // 2].id


def test_workspace_queries_do_not_grow_with_claims_and_their_items(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], count_queries
) -> None:
    def queries_for(lines: int) -> int:
        speech_id, claim_id = _speech_with_items(app, users["reviewer"], lines)
        url = f"/desk/speeches/{speech_id}/work?claim={claim_id}&mine=1"
        as_reviewer.get(url)  # warm up
        with count_queries() as queries:
            response = as_reviewer.get(url)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert '<p class="source-title">' in page
        assert "<em>Checked</em>" in page
        return queries.count

    assert queries_for(10) == queries_for(300)
