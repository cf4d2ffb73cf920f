"""Independent second reviews and their disagreements through the client: an editor asks for
second reviews of a random sample of a speech's claims from the board, and settles two submitted
verdicts that disagree from the claim's panel; the board's list of disagreements follows."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from factcheck.models import Assignment, Claim, ClaimStatus, Resolution, Role, User, Verdict
from tests import factories
from tests.helpers import count, login, problem, read
from tests.views.desk.test_decisions import decide, fingerprint, panel, submitted, version

pytestmark = pytest.mark.usefixtures("scale")


def second_reviewer(app: Flask) -> User:
    with factories.seeding(app) as session:
        return factories.user(session, "sam@example.org", Role.REVIEWER, display_name="Sam Second")


@pytest.fixture
def disagreement(app: Flask, users: dict[str, User], claim_id: int) -> tuple[int, int]:
    """The reviewer's False and Sam's Mostly true on the claim: (the reviewer's, Sam's) ids."""
    submitted(app, claim_id, users["reviewer"], "False")
    sam = second_reviewer(app)
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        factories.verdict(session, claim, session.get(User, sam.id), submit=True)

    def by(author_id: int):
        return lambda s: s.scalar(select(Verdict.id).where(Verdict.author_id == author_id))

    return read(app, by(users["reviewer"].id)), read(app, by(sam.id))


def disagreements_on_board(client: FlaskClient, speech_id: int) -> str:
    page = client.get(f"/desk/speeches/{speech_id}/board").get_data(as_text=True)
    found = re.search(r'aria-labelledby="disagreements".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_an_editor_settles_a_disagreement_from_the_panel(
    app: Flask,
    as_editor: FlaskClient,
    speech_id: int,
    claim_id: int,
    disagreement: tuple[int, int],
) -> None:
    reviewers, sams = disagreement
    assert f"#{claim_id}" in disagreements_on_board(as_editor, speech_id)
    section = panel(as_editor, speech_id, claim_id)
    assert "The verdict that stands" in section
    assert f'name="verdict" value="{sams}"' in section
    assert 'name="rationale"' in section
    assert "Approve</button>" not in section

    response = decide(
        as_editor,
        claim_id,
        "resolve",
        verdict=sams,
        rationale="Sam found the 2021 census; it bears the claim out.",
        version=version(app, claim_id),
    )
    assert response.status_code == 302
    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Settled: the Mostly true verdict stands" in page
    section = panel(as_editor, speech_id, claim_id)
    assert "Disagreement settled by" in section
    assert "the Mostly true verdict stands over False" in section
    assert "Sam found the 2021 census" in section
    assert "Approve</button>" in section
    assert "The verdict that stands" not in section
    assert f"#{claim_id}" not in disagreements_on_board(as_editor, speech_id)
    [row] = read(app, lambda s: s.scalars(select(Resolution)).all())
    assert (row.verdict_id, sorted(v["id"] for v in row.verdicts)) == (
        sams,
        sorted([reviewers, sams]),
    )


def test_settling_is_refused_with_a_clear_message_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    users: dict[str, User],
    speech_id: int,
    claim_id: int,
    disagreement: tuple[int, int],
) -> None:
    before = fingerprint(app, claim_id)
    reviewer = app.test_client()
    login(reviewer, users["reviewer"].email)
    response = decide(
        reviewer, claim_id, "resolve", verdict=disagreement[0], rationale="Mine.", version=1
    )
    assert response.status_code == 403
    login(client, users["editor"].email)
    for data, message in (
        ({"verdict": "", "rationale": "Why."}, "Choose one of the submitted verdicts"),
        ({"verdict": "99999", "rationale": "Why."}, "Choose one of the submitted verdicts"),
        ({"verdict": "x1", "rationale": "Why."}, "Choose one of the submitted verdicts"),
        ({"verdict": str(disagreement[1]), "rationale": "  "}, "rationale"),
    ):
        response = decide(client, claim_id, "resolve", version=version(app, claim_id), **data)
        assert response.status_code == 400, data
        assert message in problem(response.get_data(as_text=True)), data
    response = decide(
        client, claim_id, "resolve", verdict=disagreement[1], rationale="Why.", version=1
    )
    assert response.status_code == 409
    assert fingerprint(app, claim_id) == before
    assert count(app, Resolution) == 0


def test_an_editor_asks_for_second_reviews_of_a_random_sample(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    sam = second_reviewer(app)
    page = as_editor.get(f"/desk/speeches/{speech_id}/board").get_data(as_text=True)
    assert "A random sample of its claims, for second review" in page
    assert 'name="sample_size"' in page
    response = as_editor.post(
        f"/desk/speeches/{speech_id}/assignments",
        data={"reviewers": sam.id, "scope": "sample", "sample_size": "2"},
    )
    assert response.status_code == 302
    made = read(app, lambda s: s.scalars(select(Assignment)).all())
    assert len(made) == 2
    assert all(a.second and a.reviewer_id == sam.id and a.claim_id for a in made)
    in_speech = read(
        app,
        lambda s: set(
            s.scalars(
                select(Claim.id).where(
                    Claim.speech_id == speech_id, Claim.status == ClaimStatus.OPEN
                )
            )
        ),
    )
    assert {a.claim_id for a in made} <= in_speech

    # Asking again samples only what is left: the speech has three claims to check.
    response = as_editor.post(
        f"/desk/speeches/{speech_id}/assignments",
        data={"reviewers": sam.id, "scope": "sample", "sample_size": "5"},
    )
    assert response.status_code == 302
    assert count(app, Assignment) == len(in_speech)
    response = as_editor.post(
        f"/desk/speeches/{speech_id}/assignments",
        data={"reviewers": sam.id, "scope": "sample", "sample_size": "1"},
    )
    assert response.status_code == 400
    assert "No claim of this speech is left to sample" in problem(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("", "Say how many claims to sample"),
        ("0", "Say how many claims to sample"),
        ("501", "Say how many claims to sample"),
        ("１", "digits 0 to 9"),
        ("two", "Not a valid integer"),
    ],
)
def test_a_bad_sample_size_is_refused_and_assigns_nothing(
    app: Flask, as_editor: FlaskClient, speech_id: int, size: str, message: str
) -> None:
    sam = second_reviewer(app)
    response = as_editor.post(
        f"/desk/speeches/{speech_id}/assignments",
        data={"reviewers": sam.id, "scope": "sample", "sample_size": size},
    )
    assert response.status_code == 400
    assert message in problem(response.get_data(as_text=True))
    assert count(app, Assignment) == 0


def test_a_sample_leaves_out_claims_the_reviewer_has_a_verdict_on(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    response = as_editor.post(
        f"/desk/speeches/{speech_id}/assignments",
        data={"reviewers": users["reviewer"].id, "scope": "sample", "sample_size": "500"},
    )
    assert response.status_code == 302
    sampled = read(app, lambda s: set(s.scalars(select(Assignment.claim_id))))
    assert claim_id not in sampled
    assert len(sampled) == 2
