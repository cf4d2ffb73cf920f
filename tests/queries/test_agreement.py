"""Agreement between reviewers from stored verdicts: which claims count, the breakdowns, and the
figures against `factcheck.agreement` computed by hand from the same ratings."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.agreement import verdict_agreement
from factcheck.models import Claim, ClaimStatus, Rating, Role, User
from factcheck.queries.agreement import agreement
from tests import factories

TRANSCRIPT = "\n".join(f"In {2000 + i} the rate was {i}.{i}% of the total." for i in range(6))


def ratings_of(session: Session) -> dict[str, float | None]:
    return dict(session.execute(select(Rating.label, Rating.value)).all())


def judge(session: Session, claim: Claim, author: User, label: str) -> None:
    factories.source(session, claim, author, url=f"https://example.org/{author.id}/{claim.id}")
    factories.verdict(session, claim, author, label, submit=True)


@pytest.fixture
def judged(session: Session, users: dict[str, User]):
    """Six claims: four judged by two reviewers, one by three, one by one (left out)."""
    factories.rating_scale(session)
    speech = factories.speech(session, TRANSCRIPT, title="Rates")
    claims = session.scalars(
        select(Claim)
        .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
        .order_by(Claim.start)
    ).all()
    assert len(claims) == 6
    ann = session.get(User, users["reviewer"].id)
    bob = factories.user(session, "bob@example.org", Role.REVIEWER, display_name="Bob")
    cat = factories.user(session, "cat@example.org", Role.REVIEWER, display_name="Cat")
    plan = [
        [(ann, "True"), (bob, "True")],
        [(ann, "False"), (bob, "Mostly false")],
        [(ann, "Half true"), (bob, "Unverifiable")],
        [(ann, "Mostly true"), (bob, "Mostly true")],
        [(ann, "False"), (bob, "False"), (cat, "Half true")],
        [(ann, "True")],
    ]
    for claim, verdicts in zip(claims, plan, strict=True):
        for author, label in verdicts:
            judge(session, claim, author, label)
    return speech, plan, (ann, bob, cat)


def test_speech_agreement_is_the_module_s_over_claims_with_two_verdicts(
    session: Session, judged
) -> None:
    speech, plan, _ = judged
    values = ratings_of(session)
    expected = verdict_agreement(
        [
            [((label, values[label]), values[label]) for _, label in verdicts]
            for verdicts in plan[:5]
        ]
    )
    found = agreement(session, speech.id)
    assert found.overall == expected
    assert found.overall.items == 5
    assert found.overall.pairs == 4  # the claim rated three times is not a pair
    assert [row.key for row in found.by_speech] == [speech.id]
    assert found.by_speech[0].stats == expected
    # Raw agreement: True/True and Mostly true/Mostly true agree, of four pairs.
    assert found.overall.raw_agreement == pytest.approx(0.5)


def test_pairs_of_reviewers_and_months(session: Session, judged) -> None:
    *_, (ann, bob, cat) = judged
    found = agreement(session)
    pairs = {row.key: row for row in found.by_pair}
    assert set(pairs) == {
        tuple(sorted((ann.id, bob.id))),
        tuple(sorted((ann.id, cat.id))),
        tuple(sorted((bob.id, cat.id))),
    }
    ann_bob = pairs[tuple(sorted((ann.id, bob.id)))]
    assert ann_bob.stats.items == 5  # the three-verdict claim gives each pair one item
    assert "Bob" in ann_bob.label
    assert pairs[tuple(sorted((bob.id, cat.id)))].stats.raw_agreement == 0.0
    assert len(found.by_month) == 1
    assert found.by_month[0].stats.items == 5


def test_nothing_to_compare_is_said_plainly(session: Session, users: dict[str, User]) -> None:
    factories.speech(session, TRANSCRIPT)
    found = agreement(session)
    assert found.overall is None
    assert found.by_pair == []


def test_the_agreement_page_is_for_editors(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    from tests.helpers import login

    with factories.seeding(app) as session:
        factories.rating_scale(session)
        speech = factories.speech(session, TRANSCRIPT, title="Rates <b>")
        claim = session.scalars(
            select(Claim).where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
        ).first()
        judge(session, claim, session.get(User, users["reviewer"].id), "True")
        judge(session, claim, session.get(User, users["editor"].id), "False")
        speech_id = speech.id
    login(client, "reviewer@example.org")
    assert client.get("/desk/agreement").status_code == 404
    client = app.test_client()
    login(client, "editor@example.org")
    page = client.get("/desk/agreement").get_data(as_text=True)
    assert "Per pair of reviewers" in page
    assert "Rates &lt;b&gt;" in page
    assert "<b>" not in page.split("<main")[1]
    one = client.get(f"/desk/agreement?speech={speech_id}").get_data(as_text=True)
    assert "Agreement between reviewers: Rates &lt;b&gt;" in one
    assert client.get("/desk/agreement?speech=999999").status_code == 404
    assert client.get("/desk/agreement?speech=x").status_code == 200  # not a number: all speeches
