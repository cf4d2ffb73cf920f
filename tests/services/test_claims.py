"""Fixing the split: merge, split, trim/extend, restate, dismiss, restore — offsets stay exact."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimMerge,
    ClaimStatus,
    DismissReason,
    Note,
    Role,
    Source,
    Speech,
    User,
    Verdict,
)
from factcheck.queries.speeches import claims_of
from factcheck.services import claims as claim_ops
from tests import factories


@pytest.fixture
def actor(session: Session) -> User:
    return factories.user(session, "rev@example.org", Role.REVIEWER, display_name="Rev")


@pytest.fixture
def speech(session: Session, actor: User) -> Speech:
    """A greeting, three claims ("Unemployment fell...", "We built...", "Prices rose...") and
    thanks: the factories' transcript."""
    return factories.speech(session, actor=actor, title="T", speaker="S")


def texts(session: Session, speech: Speech) -> list[str]:
    return [c.text for c in claims_of(session, speech)]


def by_text(session: Session, speech: Speech, text: str) -> Claim:
    return next(c for c in claims_of(session, speech) if c.text.startswith(text))


def assert_invariants(session: Session, speech: Speech) -> None:
    session.expire_all()
    previous_end = 0
    for claim in claims_of(session, speech):
        assert 0 <= claim.start < claim.end <= len(speech.transcript)
        assert speech.transcript[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert claim.start >= previous_end
        previous_end = claim.end


def test_split_at_a_sentence_boundary(session: Session, speech: Speech, actor: User) -> None:
    claim = by_text(session, speech, "Unemployment")
    claim_ops.merge_with_next(session, actor=actor, claim=claim, expected_version=claim.version)
    session.commit()
    merged = by_text(session, speech, "Unemployment")
    assert merged.text == "Unemployment fell to 3.9% in 2023. We built 40,000 homes."
    at = speech.transcript.index(" We built")
    first, second = claim_ops.split(
        session, actor=actor, claim=merged, at=at, expected_version=merged.version
    )
    session.commit()
    assert (first.text, second.text) == (
        "Unemployment fell to 3.9% in 2023.",
        "We built 40,000 homes.",
    )
    assert second.is_claim
    assert second.checkworthiness > 0
    assert second.checkworthiness_reasons
    assert_invariants(session, speech)


def test_merge_then_split_back_scores_as_the_import_did(
    session: Session, speech: Speech, actor: User
) -> None:
    # Edited claims are scored in their place in the speech, as at import: undoing an edit
    # gives back the import's scores, types and reasons exactly.
    def assessments() -> list[tuple]:
        return [
            (c.text, c.checkworthiness, c.claim_type, c.checkworthiness_reasons)
            for c in claims_of(session, speech)
        ]

    imported = assessments()
    claim = by_text(session, speech, "We built")
    claim_ops.merge_with_next(session, actor=actor, claim=claim, expected_version=claim.version)
    session.commit()
    merged = by_text(session, speech, "We built")
    claim_ops.split(
        session,
        actor=actor,
        claim=merged,
        at=speech.transcript.index(" Prices"),
        expected_version=merged.version,
    )
    session.commit()
    assert assessments() == imported


def test_merge_moves_sources_and_notes_and_keeps_order(
    session: Session, speech: Speech, actor: User
) -> None:
    first = by_text(session, speech, "Unemployment")
    second = by_text(session, speech, "We built")
    factories.source(session, first, actor, title="a")
    factories.source(session, first, actor, title="b")
    factories.source(session, second, actor, title="c")
    factories.note(session, second, actor, "check the ministry")
    second_id = second.id
    claim_ops.merge_with_next(session, actor=actor, claim=first, expected_version=first.version)
    session.commit()
    assert session.get(Claim, second_id) is None
    sources = session.scalars(
        select(Source).where(Source.claim_id == first.id).order_by(Source.position)
    ).all()
    assert [s.title for s in sources] == ["a", "b", "c"]
    notes = session.scalars(select(Note).where(Note.claim_id == first.id)).all()
    assert [n.body for n in notes] == ["check the ministry"]
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.claim_id == second_id)
    ).all()
    assert "claim.merged_into" in actions
    assert_invariants(session, speech)


def test_merge_is_refused_when_both_claims_have_verdicts(
    session: Session, speech: Speech, actor: User
) -> None:
    first = by_text(session, speech, "Unemployment")
    second = by_text(session, speech, "We built")
    factories.verdict(session, first, actor)
    factories.verdict(session, second, actor)
    before = texts(session, speech)
    with pytest.raises(InvalidInput, match="Both claims have verdicts"):
        claim_ops.merge_with_next(session, actor=actor, claim=first, expected_version=first.version)
    session.rollback()
    assert texts(session, speech) == before


def test_merge_keeps_the_one_verdict(session: Session, speech: Speech, actor: User) -> None:
    first = by_text(session, speech, "Unemployment")
    second = by_text(session, speech, "We built")
    verdict = factories.verdict(session, second, actor)
    claim_ops.merge_with_next(session, actor=actor, claim=first, expected_version=first.version)
    session.commit()
    assert session.get(Verdict, verdict.id).claim_id == first.id


def test_merging_the_last_claim_is_refused(session: Session, speech: Speech, actor: User) -> None:
    last = claims_of(session, speech)[-1]
    with pytest.raises(InvalidInput, match="last claim"):
        claim_ops.merge_with_next(session, actor=actor, claim=last, expected_version=last.version)


def test_merging_an_open_claim_with_a_dismissed_one_is_open(
    session: Session, speech: Speech, actor: User
) -> None:
    greeting = by_text(session, speech, "Good morning")
    assert greeting.status is ClaimStatus.DISMISSED
    claim_ops.merge_with_next(
        session, actor=actor, claim=greeting, expected_version=greeting.version
    )
    session.commit()
    merged = by_text(session, speech, "Good morning")
    assert merged.text == "Good morning.\nUnemployment fell to 3.9% in 2023."
    assert merged.status is ClaimStatus.OPEN
    assert merged.dismiss_reason is None
    assert_invariants(session, speech)


@pytest.mark.parametrize("where", ["start", "end", "before", "after"])
def test_bad_split_points_change_nothing(
    session: Session, speech: Speech, actor: User, where: str
) -> None:
    claim = by_text(session, speech, "Unemployment")
    at = {
        "start": claim.start,
        "end": claim.end,
        "before": claim.start - 3,
        "after": claim.end + 5,
    }[where]
    before = texts(session, speech)
    with pytest.raises(InvalidInput) as caught:
        claim_ops.split(session, actor=actor, claim=claim, at=at, expected_version=claim.version)
    assert caught.value.field == "at"
    session.rollback()
    assert texts(session, speech) == before


def test_split_inside_whitespace_strips_both_parts(session: Session, actor: User) -> None:
    speech = factories.speech(
        session, "Prices rose by 2%   and wages by 3% in 2024.", actor=actor, title="T", speaker="S"
    )
    claim = claims_of(session, speech)[0]
    first, second = claim_ops.split(
        session, actor=actor, claim=claim, at=18, expected_version=claim.version
    )
    assert (first.text, second.text) == ("Prices rose by 2%", "and wages by 3% in 2024.")
    assert (first.end, second.start) == (17, 20)
    assert_invariants(session, speech)


def test_trim_to_the_checkable_part_and_extend_back(
    session: Session, speech: Speech, actor: User
) -> None:
    claim = by_text(session, speech, "Unemployment")
    start = claim.start
    claim_ops.set_bounds(
        session,
        actor=actor,
        claim=claim,
        start=start,
        end=start + 25,
        expected_version=claim.version,
    )
    session.commit()
    assert claim.text == "Unemployment fell to 3.9%"
    claim_ops.set_bounds(
        session,
        actor=actor,
        claim=claim,
        start=start - 1,
        end=start + 34,
        expected_version=claim.version,
    )
    session.commit()
    # The newline before is whitespace and is trimmed off again.
    assert (claim.start, claim.text) == (start, "Unemployment fell to 3.9% in 2023.")
    assert_invariants(session, speech)


@pytest.mark.parametrize(
    ("delta_start", "delta_end", "field"),
    [(0, 1000, "start"), (-1000, 0, "start"), (5, 5, "end"), (0, 3, "end"), (-3, 0, "start")],
)
def test_bounds_outside_the_transcript_or_over_a_neighbour_are_refused(
    session: Session, speech: Speech, actor: User, delta_start: int, delta_end: int, field: str
) -> None:
    claim = by_text(session, speech, "Unemployment")
    before = texts(session, speech)
    with pytest.raises(InvalidInput) as caught:
        claim_ops.set_bounds(
            session,
            actor=actor,
            claim=claim,
            start=claim.start + delta_start,
            end=claim.end + delta_end,
            expected_version=claim.version,
        )
    assert caught.value.field == field
    session.rollback()
    assert texts(session, speech) == before


def test_restate_dismiss_and_restore_are_recorded(
    session: Session, speech: Speech, actor: User
) -> None:
    claim = by_text(session, speech, "Prices rose")
    claim_ops.restate(
        session,
        actor=actor,
        claim=claim,
        restatement="  Prices rose  2% ",
        expected_version=claim.version,
    )
    claim_ops.dismiss(
        session,
        actor=actor,
        claim=claim,
        reason="duplicate",
        note="same as #2",
        expected_version=claim.version,
    )
    assert (claim.status, claim.dismiss_reason, claim.dismissed_by_id) == (
        ClaimStatus.DISMISSED,
        DismissReason.DUPLICATE,
        actor.id,
    )
    claim_ops.restore(session, actor=actor, claim=claim, expected_version=claim.version)
    session.commit()
    assert claim.restatement == "Prices rose 2%"
    assert claim.status is ClaimStatus.OPEN
    assert claim.dismiss_note is None
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.claim_id == claim.id).order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["claim.restate", "claim.dismiss", "claim.restore"]
    assert events[0].before["restatement"] is None
    assert events[0].after["restatement"] == "Prices rose 2%"
    assert all(e.actor_id == actor.id for e in events)


def test_bad_restatement_and_reason_are_refused(
    session: Session, speech: Speech, actor: User
) -> None:
    claim = by_text(session, speech, "Prices rose")
    with pytest.raises(InvalidInput, match="under 300"):
        claim_ops.restate(
            session, actor=actor, claim=claim, restatement="x" * 301, expected_version=claim.version
        )
    with pytest.raises(InvalidInput, match="U\\+202E"):
        claim_ops.restate(
            session,
            actor=actor,
            claim=claim,
            restatement="2% \u202e",
            expected_version=claim.version,
        )
    with pytest.raises(InvalidInput) as caught:
        claim_ops.dismiss(
            session,
            actor=actor,
            claim=claim,
            reason="boring",
            note=None,
            expected_version=claim.version,
        )
    assert caught.value.field == "reason"
    session.rollback()
    assert by_text(session, speech, "Prices rose").restatement is None


def test_a_claim_with_a_verdict_cannot_be_dismissed(
    session: Session, speech: Speech, actor: User
) -> None:
    claim = by_text(session, speech, "Prices rose")
    factories.verdict(session, claim, actor)
    with pytest.raises(InvalidInput, match="verdict"):
        claim_ops.dismiss(
            session,
            actor=actor,
            claim=claim,
            reason="opinion",
            note=None,
            expected_version=claim.version,
        )


def test_a_stale_version_is_a_conflict_that_shows_the_other_change(
    app, session: Session, speech: Speech, actor: User
) -> None:
    claim = by_text(session, speech, "Prices rose")
    seen = claim.version
    # Another reviewer restates it from their own session and commits first.
    other_session = Session(db.engine)
    other_user = factories.user(other_session, "o@example.org", Role.EDITOR, display_name="Olga")
    theirs = other_session.get(Claim, claim.id)
    claim_ops.restate(
        other_session,
        actor=other_user,
        claim=theirs,
        restatement="Prices: +2%",
        expected_version=seen,
    )
    other_session.commit()
    other_session.close()

    session.expire_all()
    claim = session.get(Claim, claim.id)
    with pytest.raises(Conflict) as caught:
        claim_ops.restate(
            session, actor=actor, claim=claim, restatement="Mine", expected_version=seen
        )
    assert caught.value.current["restatement"] == "Prices: +2%"
    assert caught.value.changed_by == "Olga"
    session.rollback()
    assert session.get(Claim, claim.id).restatement == "Prices: +2%"


def test_a_lost_race_at_flush_is_a_conflict_too(
    app, session: Session, speech: Speech, actor: User
) -> None:
    claim = by_text(session, speech, "Prices rose")
    seen = claim.version
    # The other save lands between our version check and our UPDATE.
    other_session = Session(db.engine)
    other_session.get(Claim, claim.id).restatement = "Theirs"
    other_session.commit()
    other_session.close()
    with pytest.raises(Conflict):
        claim_ops.restate(
            session, actor=actor, claim=claim, restatement="Mine", expected_version=seen
        )
    assert session.get(Claim, claim.id).restatement == "Theirs"


def test_random_edits_keep_every_offset_exact(session: Session, actor: User) -> None:
    """200 random merges, splits and trims (valid or not) on the demo speech: invariants hold."""
    import random

    speech = factories.demo_speech(session, actor=actor)
    rng = random.Random(20241127)
    applied = 0
    for _ in range(200):
        claims = claims_of(session, speech)
        claim = rng.choice(claims)
        operation = rng.choice(["merge", "split", "bounds"])
        try:
            if operation == "merge":
                claim_ops.merge_with_next(
                    session, actor=actor, claim=claim, expected_version=claim.version
                )
            elif operation == "split":
                at = rng.randint(claim.start - 2, claim.end + 2)
                claim_ops.split(
                    session, actor=actor, claim=claim, at=at, expected_version=claim.version
                )
            else:
                start = claim.start + rng.randint(-8, 8)
                end = claim.end + rng.randint(-8, 8)
                claim_ops.set_bounds(
                    session,
                    actor=actor,
                    claim=claim,
                    start=start,
                    end=end,
                    expected_version=claim.version,
                )
            session.commit()
            applied += 1
        except InvalidInput:
            session.rollback()
        assert_invariants(session, speech)
    assert applied > 50


def test_merged_claims_point_to_the_claim_that_holds_their_text_in_one_hop(
    session: Session, speech: Speech, actor: User
) -> None:
    first = by_text(session, speech, "Unemployment")
    second = by_text(session, speech, "We built")
    third = by_text(session, speech, "Prices")
    second_id, third_id = second.id, third.id
    claim_ops.merge_with_next(session, actor=actor, claim=second, expected_version=second.version)
    session.commit()
    claim_ops.merge_with_next(session, actor=actor, claim=first, expected_version=first.version)
    session.commit()
    assert session.get(ClaimMerge, third_id).into_id == first.id  # moved on from `second`
    assert session.get(ClaimMerge, second_id).into_id == first.id
    assert claim_ops.merged_into(session, first.id) is None
    assert claim_ops.gone(session, third_id).moved_to == first.id
