"""The state of the work at a glance in the queue: each verdict's rating (its colour and its
label) and whether it is a draft; filters for claims checked, in draft, and without a verdict."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from factcheck.extensions import db
from factcheck.models import Claim, User
from factcheck.services import ratings
from tests import factories
from tests.helpers import claim_starting


def _judge(app: Flask, speech_id: int, users: dict[str, User]) -> None:
    """ "Unemployment..." checked (a submitted verdict), "We built..." in draft, "Prices..." none."""
    checked = claim_starting(app, speech_id, "Unemployment").id
    drafted = claim_starting(app, speech_id, "We built").id
    with factories.seeding(app) as session:
        reviewer = session.get(User, users["reviewer"].id)
        claim = session.get(Claim, checked)
        factories.source(session, claim, reviewer)
        factories.verdict(session, claim, reviewer, "False", submit=True)
        factories.verdict(session, session.get(Claim, drafted), reviewer, "Mostly true")


def _queue(page: str) -> list[str]:
    return re.findall(r'<span class="q-text">([^<]*)</span>', page)


def test_the_status_filters_find_checked_drafted_and_unjudged_claims(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, scale: None
) -> None:
    _judge(app, speech_id, users)
    base = f"/desk/speeches/{speech_id}/work?status="

    def listed(status: str) -> list[str]:
        return [t.split()[0] for t in _queue(as_reviewer.get(base + status).get_data(as_text=True))]

    assert listed("checked") == ["Unemployment"]
    assert listed("draft") == ["We"]
    assert listed("unchecked") == ["Prices"]
    assert listed("open") == ["Unemployment", "We", "Prices"]


def test_a_chip_shows_the_ratings_colour_label_and_draft_state(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, scale: None
) -> None:
    _judge(app, speech_id, users)
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work").get_data(as_text=True)
    with app.app_context():
        colours = {r.label: r.colour for r in ratings.active_scale(db.session).ratings}
    submitted = re.search(r'<span class="badge verdict verdict-submitted"[^>]*>(.*?)</span>', page)
    draft = re.search(r'<span class="badge verdict verdict-draft"[^>]*>(.*?)</span>', page)
    assert submitted
    assert draft
    assert f'fill="{colours["False"]}"' in submitted.group(1)
    assert "False" in submitted.group(1)
    assert "(draft)" not in submitted.group(1)
    assert f'fill="{colours["Mostly true"]}"' in draft.group(1)
    assert "Mostly true <em>(draft)</em>" in draft.group(1)
