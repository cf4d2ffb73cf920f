"""A verdict is about the exact words it judged: claim operations against that rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import (
    AuditEvent,
    Claim,
    Rating,
    Role,
    SpeechStatus,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.queries.speeches import claims_of
from factcheck.services import claims as claim_ops
from factcheck.services import settings, verdicts
from tests import factories

TRANSCRIPT = (
    "Unemployment fell to 3.9% in 2023. We built 40,000 homes last year. Prices rose by 2%.\n"
)


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    """Two reviewers, an editor and an admin; the default scale; verdicts need no source."""
    roles = (("ana", Role.REVIEWER), ("bo", Role.REVIEWER), ("ed", Role.EDITOR), ("al", Role.ADMIN))
    found = {
        name: factories.user(session, f"{name}@example.org", role, display_name=name.title())
        for name, role in roles
    }
    factories.rating_scale(session)
    factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 0, actor=found["al"])
    return found


@pytest.fixture
def claims(session: Session, people: dict[str, User]) -> list[Claim]:
    return claims_of(session, factories.speech(session, TRANSCRIPT))


def rating(session: Session, label: str = "False") -> int:
    return session.scalar(select(Rating.id).where(Rating.label == label))


OPERATIONS: dict[str, Callable[[Session, User, Claim], object]] = {
    "merge": lambda s, a, c: claim_ops.merge_with_next(
        s, actor=a, claim=c, expected_version=c.version
    ),
    "split": lambda s, a, c: claim_ops.split(
        s, actor=a, claim=c, at=c.start + 12, expected_version=c.version
    ),
    "trim": lambda s, a, c: claim_ops.set_bounds(
        s, actor=a, claim=c, start=c.start, end=c.end - 9, expected_version=c.version
    ),
    "restate": lambda s, a, c: claim_ops.restate(
        s, actor=a, claim=c, restatement="Unemployment fell", expected_version=c.version
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_the_words_under_a_submitted_verdict_cannot_change(
    session: Session, people: dict[str, User], claims: list[Claim], operation: str
) -> None:
    first = claims[0]
    factories.verdict(session, first, people["ed"], "False", submit=True)
    state = (
        first.start,
        first.end,
        first.text,
        first.restatement,
        len(claims_of(session, first.speech)),
    )
    with pytest.raises(InvalidInput, match=r"submitted verdict \(by Ed\) on its present words"):
        OPERATIONS[operation](session, people["ana"], first)
    session.rollback()
    session.refresh(first)
    assert (
        first.start,
        first.end,
        first.text,
        first.restatement,
        len(claims_of(session, first.speech)),
    ) == state


def test_a_merge_is_refused_when_the_absorbed_claim_has_a_submitted_verdict(
    session: Session, people: dict[str, User], claims: list[Claim]
) -> None:
    factories.verdict(session, claims[1], people["bo"], "False", submit=True)
    with pytest.raises(InvalidInput, match=r"^The next claim has a submitted verdict \(by Bo\)"):
        OPERATIONS["merge"](session, people["ana"], claims[0])
    session.rollback()
    assert len(claims_of(session, claims[0].speech)) == 3


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_draft_shows_that_the_claim_changed_until_it_is_saved_again(
    session: Session, people: dict[str, User], claims: list[Claim], operation: str
) -> None:
    first = claims[0]
    draft = factories.verdict(session, first, people["bo"], "False", submit=False)
    judged = (draft.claim_start, draft.claim_end, draft.claim_text)
    assert judged == (first.start, first.end, first.text)
    assert draft.judged(first)
    OPERATIONS[operation](session, people["ana"], first)
    session.commit()
    session.refresh(first)
    session.refresh(draft)
    assert (draft.claim_start, draft.claim_end, draft.claim_text) == judged  # what it judged
    assert not draft.judged(first)
    verdicts.set_verdict(
        session,
        actor=people["bo"],
        claim=first,
        rating_id=rating(session),
        conclusion="Still false.",
        explanation=None,
        submit=True,
        expected_version=draft.version,
        claim_seen=first.words_token,
    )
    session.commit()
    assert draft.judged(first)
    assert draft.claim_text == first.text
    assert draft.status is VerdictStatus.SUBMITTED


def test_a_verdict_on_words_that_changed_since_the_page_was_read_is_a_conflict(
    session: Session, people: dict[str, User], claims: list[Claim]
) -> None:
    first = claims[0]
    seen = first.words_token
    claim_ops.set_bounds(
        session,
        actor=people["ana"],
        claim=first,
        start=first.start,
        end=first.end - 9,
        expected_version=first.version,
    )
    session.commit()
    with pytest.raises(Conflict, match="changed the claim's words after you opened it") as caught:
        verdicts.set_verdict(
            session,
            actor=people["ed"],
            claim=first,
            rating_id=rating(session),
            conclusion="False.",
            explanation=None,
            submit=True,
            expected_version=None,
            claim_seen=seen,
        )
    assert caught.value.changed_by == "Ana"
    assert caught.value.current["text"] == "Unemployment fell to 3.9%"
    session.rollback()
    assert session.scalars(select(Verdict)).all() == []


def test_restoring_a_version_given_on_other_words_brings_it_back_as_a_draft(
    session: Session, people: dict[str, User], claims: list[Claim]
) -> None:
    first = claims[0]
    submitted = factories.verdict(session, first, people["bo"], "False", submit=True)

    first_event = session.scalar(
        select(AuditEvent.id).where(AuditEvent.object_type == "verdict").order_by(AuditEvent.id)
    )
    # Back to draft, then the claim is trimmed: the submitted version judged other words.
    verdicts.set_verdict(
        session,
        actor=people["bo"],
        claim=first,
        rating_id=rating(session),
        conclusion="It did not.",
        explanation=None,
        submit=False,
        expected_version=submitted.version,
        claim_seen=first.words_token,
    )
    session.commit()
    claim_ops.set_bounds(
        session,
        actor=people["ana"],
        claim=first,
        start=first.start,
        end=first.end - 9,
        expected_version=first.version,
    )
    session.commit()
    verdicts.restore_verdict(
        session,
        actor=people["bo"],
        verdict=submitted,
        audit_event_id=first_event,
        expected_version=submitted.version,
    )
    session.commit()
    assert submitted.status is VerdictStatus.DRAFT
    # It keeps the words it judged, so the workspace says the claim changed since.
    assert not submitted.judged(first)
    assert submitted.claim_text == "Unemployment fell to 3.9% in 2023."


@pytest.mark.parametrize(
    ("transcript", "message"),
    [
        (
            "CRUZ: Taxes fell by 10% last year.\nKELLY: Well, Senator, they rose.\n",
            "different speakers",
        ),
        (
            "CRUZ: Taxes fell by 10% last year. (APPLAUSE) They fell again.\nKELLY: No.\n",
            "stage direction",
        ),
        ("Taxes fell by 10% last year.\n\nMisconception 1: jobs\n\nJobs rose.\n", "heading"),
    ],
)
def test_a_merge_stays_inside_what_one_speaker_says(
    session: Session, people: dict[str, User], transcript: str, message: str
) -> None:
    # Without a speaker, the import names the labelled ones.
    speaker = "" if transcript.startswith("CRUZ") else "S"
    speech = factories.speech(session, transcript, speaker=speaker)
    first = claims_of(session, speech)[0]
    before = [(c.start, c.end) for c in claims_of(session, speech)]
    with pytest.raises(InvalidInput, match=message):
        claim_ops.merge_with_next(
            session, actor=people["ana"], claim=first, expected_version=first.version
        )
    session.rollback()
    assert [(c.start, c.end) for c in claims_of(session, speech)] == before


def test_a_merge_over_words_that_belong_to_no_claim_is_refused(
    session: Session, people: dict[str, User], claims: list[Claim]
) -> None:
    second = claims[1]
    claim_ops.set_bounds(
        session,
        actor=people["ana"],
        claim=second,
        start=second.start + 9,
        end=second.end,
        expected_version=second.version,
    )
    session.commit()
    with pytest.raises(InvalidInput, match=r"\(“We built”\) belongs to no claim"):
        claim_ops.merge_with_next(
            session, actor=people["ana"], claim=claims[0], expected_version=claims[0].version
        )


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_claims_of_an_archived_speech_cannot_be_changed(
    session: Session, people: dict[str, User], claims: list[Claim], operation: str
) -> None:
    first = claims[0]
    first.speech.status = SpeechStatus.ARCHIVED
    session.commit()
    with pytest.raises(PermissionDenied, match="not open for work"):
        OPERATIONS[operation](session, people["ed"], first)
    session.rollback()
    assert len(claims_of(session, first.speech)) == 3


def test_a_change_to_a_claim_merged_away_meanwhile_says_where_it_went(
    session: Session, people: dict[str, User], claims: list[Claim]
) -> None:
    first, second = claims[0], claims[1]
    seen = second.version
    claim_ops.merge_with_next(
        session, actor=people["bo"], claim=first, expected_version=first.version
    )
    session.commit()
    with pytest.raises(Conflict, match="Bo merged this claim into another one") as caught:
        claim_ops.restate(
            session, actor=people["ana"], claim=second, restatement="Homes", expected_version=seen
        )
    assert caught.value.moved_to == first.id
