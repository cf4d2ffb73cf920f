"""Verdicts: one per reviewer per claim, validated, snapshotting their rating, refused on stale
versions (also across two sessions), and restorable from their history."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from factcheck.models import Claim, Rating, RatingScale, Role, User, Verdict, VerdictStatus
from factcheck.services import ratings, settings, sources, verdicts
from factcheck.services.ratings import RatingInput, replace_ratings
from factcheck.services.verdicts import restore_verdict, set_verdict
from tests import factories
from tests.services.support import audit_events, count, rating, sources_of, verdicts_of

pytestmark = pytest.mark.usefixtures("scale")


def give(
    session: Session,
    actor: User,
    claim: Claim,
    label: str = "Mostly false",
    *,
    conclusion: str = "Unemployment was 4.3%, not 4.2%.",
    explanation: str | None = None,
    submit: bool = False,
    expected_version: int | None = None,
    commit: bool = True,
) -> Verdict:
    verdict = set_verdict(
        session,
        actor=actor,
        claim=claim,
        rating_id=rating(ratings.active_scale(session), label).id,
        conclusion=conclusion,
        explanation=explanation,
        submit=submit,
        expected_version=expected_version,
    )
    if commit:
        session.commit()
    return verdict


def test_a_draft_is_created_with_a_snapshot_of_its_rating(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    claim_version = claim.version
    verdict = give(session, users["reviewer"], claim, explanation="  See **the ONS**.  ")
    session.expire_all()
    stored = session.get(Verdict, verdict.id)
    assert stored.author_id == users["reviewer"].id
    assert stored.claim_id == claim.id
    assert (stored.rating_label, stored.rating_value) == ("Mostly false", 1)
    assert stored.conclusion == "Unemployment was 4.3%, not 4.2%."
    assert stored.explanation == "See **the ONS**."
    assert stored.status is VerdictStatus.DRAFT
    assert stored.version == 1
    assert session.get(Claim, claim.id).version == claim_version
    [event] = audit_events(session, "verdict")
    assert event.action == "verdict.create"
    assert (event.actor_id, event.object_id) == (users["reviewer"].id, verdict.id)
    assert (event.claim_id, event.speech_id) == (claim.id, claim.speech_id)
    assert event.before is None
    assert event.after == stored.snapshot()


def test_off_axis_ratings_snapshot_no_value(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    verdict = give(session, users["reviewer"], claim, "Unverifiable")
    assert (verdict.rating_label, verdict.rating_value) == ("Unverifiable", None)


def test_submitting_needs_the_minimum_number_of_sources(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    with pytest.raises(InvalidInput) as caught:
        give(session, users["reviewer"], claim, submit=True)
    assert caught.value.field == "sources"
    assert "1 source;" in caught.value.message
    assert "draft" in caught.value.message
    session.rollback()
    assert count(session, Verdict) == 0

    factories.source(session, claim, users["reviewer"])
    verdict = give(session, users["reviewer"], claim, submit=True)
    assert verdict.status is VerdictStatus.SUBMITTED


def test_the_organisation_setting_decides_how_many_sources(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 2, actor=users["admin"])
    factories.source(session, claim, users["reviewer"])
    with pytest.raises(InvalidInput, match="2 sources; it has 1"):
        give(session, users["reviewer"], claim, submit=True)
    session.rollback()
    factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 0, actor=users["admin"])
    assert give(session, users["editor"], claim, submit=True).status is VerdictStatus.SUBMITTED


def test_updating_own_verdict_checks_and_bumps_the_version(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    factories.source(session, claim, users["reviewer"])
    verdict = give(session, users["reviewer"], claim)
    give(
        session,
        users["reviewer"],
        claim,
        "False",
        conclusion="It was 4.3%.",
        submit=True,
        expected_version=1,
    )
    session.expire_all()
    stored = session.get(Verdict, verdict.id)
    assert (stored.rating_label, stored.rating_value, stored.status, stored.version) == (
        "False",
        0,
        VerdictStatus.SUBMITTED,
        2,
    )
    assert count(session, Verdict) == 1
    event = audit_events(session, "verdict")[-1]
    assert event.action == "verdict.update"
    assert event.before["rating_label"] == "Mostly false"
    assert event.before["status"] == "draft"
    assert event.after["rating_label"] == "False"
    assert event.after["status"] == "submitted"


def test_saving_the_same_verdict_again_writes_nothing(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    verdict = give(session, users["reviewer"], claim)
    give(session, users["reviewer"], claim, expected_version=1)
    assert session.get(Verdict, verdict.id).version == 1
    assert len(audit_events(session, "verdict")) == 1


def test_each_reviewer_has_their_own_verdict(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    give(session, users["reviewer"], claim, "False")
    give(session, users["editor"], claim, "Half true")
    session.expire_all()
    listed = verdicts_of(session, claim)
    summary = [(v.author.display_name, v.rating.label, v.rating_label) for v in listed]
    assert summary == [("reviewer", "False", "False"), ("editor", "Half true", "Half true")]
    assert verdicts.own_verdict(session, claim, users["editor"]).rating_label == "Half true"
    assert verdicts.own_verdict(session, claim, users["admin"]) is None


def test_a_dismissed_claim_cannot_get_a_verdict(
    session: Session, users: dict[str, User], dismissed_claim: Claim
) -> None:
    with pytest.raises(InvalidInput, match="dismissed"):
        give(session, users["reviewer"], dismissed_claim)
    session.rollback()
    assert count(session, Verdict) == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"conclusion": ""}, "conclusion", "Write the conclusion"),
        ({"conclusion": " \n\t "}, "conclusion", "Write the conclusion"),
        ({"conclusion": None}, "conclusion", "Write the conclusion"),
        ({"conclusion": "x" * 1001}, "conclusion", "one paragraph"),
        ({"conclusion": "First paragraph.\n\nSecond."}, "conclusion", "blank line"),
        ({"conclusion": "First.\r\n  \r\nSecond."}, "conclusion", "blank line"),
        ({"explanation": "e" * 20_001}, "explanation", "20,000"),
        ({"rating_id": None}, "rating", "Choose a rating"),
        ({"rating_id": 999_999}, "rating", "not on the rating scale"),
        ({"rating_id": "1"}, "rating", "not on the rating scale"),
        # Beyond the INTEGER range: an overflow in the database, once a 500.
        ({"rating_id": 2**31}, "rating", "not on the rating scale"),
        ({"rating_id": 2**63}, "rating", "not on the rating scale"),
    ],
)
def test_bad_verdicts_are_refused_and_nothing_is_stored(
    session: Session, users: dict[str, User], claim: Claim, changes: dict, field: str, message: str
) -> None:
    arguments = {
        "rating_id": rating(ratings.active_scale(session), "False").id,
        "conclusion": "It was 4.3%.",
        "explanation": None,
        **changes,
    }
    with pytest.raises(InvalidInput) as caught:
        set_verdict(
            session,
            actor=users["reviewer"],
            claim=claim,
            submit=False,
            expected_version=None,
            **arguments,
        )
    assert caught.value.field == field
    assert message in caught.value.message
    session.rollback()
    assert count(session, Verdict) == 0
    assert audit_events(session, "verdict") == []


def test_limits_are_inclusive_and_one_paragraph_may_wrap(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    verdict = give(
        session,
        users["reviewer"],
        claim,
        conclusion=("A line that wraps\n" + "x" * 1000)[:1000],
        explanation="e" * 20_000,
    )
    assert len(verdict.conclusion) == 1000
    assert "\n" in verdict.conclusion
    assert verdict.explanation == "e" * 20_000
    assert give(session, users["editor"], claim, explanation="   ").explanation is None


def test_a_retired_rating_or_one_from_another_scale_is_refused(
    session: Session, users: dict[str, User], scale: RatingScale, claim: Claim
) -> None:
    items = [
        RatingInput(r.label, r.definition, r.colour, r.value, r.label == "Misleading", r.id)
        for r in scale.ratings
    ]
    replace_ratings(session, actor=users["admin"], scale=scale, ratings=items, expected_version=1)
    other = RatingScale(name="Other")
    session.add(other)
    session.flush()
    stranger = Rating(scale_id=other.id, position=0, label="Yes", colour="#000000", value=1)
    session.add(stranger)
    session.commit()
    with pytest.raises(InvalidInput, match="retired") as caught:
        give(session, users["reviewer"], claim, "Misleading")
    assert caught.value.field == "rating"
    session.rollback()
    with pytest.raises(InvalidInput, match="not on the rating scale"):
        set_verdict(
            session,
            actor=users["reviewer"],
            claim=claim,
            rating_id=stranger.id,
            conclusion="Yes.",
            explanation=None,
            submit=False,
            expected_version=None,
        )


def test_relabelling_the_scale_keeps_the_verdicts_words(
    session: Session, users: dict[str, User], scale: RatingScale, claim: Claim
) -> None:
    verdict = give(session, users["reviewer"], claim, "False")
    items = [
        RatingInput(
            "Wrong" if r.label == "False" else r.label, r.definition, r.colour, r.value, False, r.id
        )
        for r in scale.ratings
    ]
    replace_ratings(session, actor=users["admin"], scale=scale, ratings=items, expected_version=1)
    session.commit()
    session.expire_all()
    stored = session.get(Verdict, verdict.id)
    assert stored.rating.label == "Wrong"
    assert stored.rating_label == "False"
    # Saving it again gives the rating afresh, under its current name.
    give(session, users["reviewer"], claim, "Wrong", conclusion="Now reworded.", expected_version=1)
    assert session.get(Verdict, verdict.id).rating_label == "Wrong"


def test_a_stale_version_is_a_conflict_with_the_stored_verdict(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    give(session, users["reviewer"], claim, conclusion="First tab.")
    give(session, users["reviewer"], claim, conclusion="Second tab.", expected_version=1)
    with pytest.raises(Conflict) as caught:
        give(session, users["reviewer"], claim, conclusion="First tab again.", expected_version=1)
    assert caught.value.current["conclusion"] == "Second tab."
    assert caught.value.changed_by == users["reviewer"].display_name
    assert caught.value.changed_at is not None
    session.rollback()
    assert verdicts.own_verdict(session, claim, users["reviewer"]).conclusion == "Second tab."


def test_creating_when_a_verdict_already_exists_is_a_conflict(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    give(session, users["reviewer"], claim, conclusion="Saved in another tab.")
    with pytest.raises(Conflict) as caught:
        give(session, users["reviewer"], claim, conclusion="A fresh one.", expected_version=None)
    assert caught.value.current["conclusion"] == "Saved in another tab."
    session.rollback()
    assert count(session, Verdict) == 1


def test_updating_a_verdict_that_no_longer_exists_is_a_conflict(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    with pytest.raises(Conflict, match="no longer exists"):
        give(session, users["reviewer"], claim, expected_version=3)
    session.rollback()
    assert count(session, Verdict) == 0


def test_two_sessions_second_save_is_refused_and_the_first_is_kept(
    session: Session, other_session: Session, users: dict[str, User], claim: Claim
) -> None:
    """The reviewer has the verdict open in two browsers; both show version 1."""
    reviewer = users["reviewer"]
    give(session, reviewer, claim, conclusion="Original.")
    mine = verdicts.own_verdict(session, claim, reviewer)
    their_claim = other_session.get(Claim, claim.id)
    theirs = verdicts.own_verdict(other_session, their_claim, reviewer)
    assert mine.version == theirs.version == 1

    give(
        other_session,
        reviewer,
        their_claim,
        "False",
        conclusion="Saved from the other browser.",
        expected_version=theirs.version,
    )

    with pytest.raises(Conflict) as caught:
        give(
            session, reviewer, claim, "True", conclusion="Saved from this one.", expected_version=1
        )
    assert caught.value.current["conclusion"] == "Saved from the other browser."
    assert caught.value.current["rating_label"] == "False"
    assert caught.value.changed_by == reviewer.display_name
    session.rollback()
    session.expire_all()
    stored = verdicts.own_verdict(session, claim, reviewer)
    assert (stored.conclusion, stored.rating_label, stored.version) == (
        "Saved from the other browser.",
        "False",
        2,
    )


def test_two_first_verdicts_at_the_same_moment_are_a_conflict(
    session: Session,
    other_session: Session,
    users: dict[str, User],
    claim: Claim,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both sessions saw no verdict; the second insert hits the one-per-author constraint."""
    reviewer = users["reviewer"]
    give(other_session, reviewer, other_session.get(Claim, claim.id), conclusion="Other tab.")
    monkeypatch.setattr(verdicts, "own_verdict", lambda *args: None)
    with pytest.raises(Conflict, match="same moment"):
        give(session, reviewer, claim, conclusion="This tab.")
    session.rollback()
    assert verdicts_of(session, claim)[0].conclusion == "Other tab."


def history(session: Session, verdict: Verdict) -> list[int]:
    return [e.id for e in audit_events(session, "verdict") if e.object_id == verdict.id]


def test_restore_brings_back_an_earlier_version(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    reviewer = users["reviewer"]
    factories.source(session, claim, reviewer)
    verdict = give(session, reviewer, claim, "Mostly false", conclusion="First.", explanation="A.")
    give(session, reviewer, claim, "True", conclusion="Second.", submit=True, expected_version=1)
    first_event, _ = history(session, verdict)

    restore_verdict(
        session, actor=reviewer, verdict=verdict, audit_event_id=first_event, expected_version=2
    )
    session.commit()
    session.expire_all()
    stored = session.get(Verdict, verdict.id)
    assert (stored.rating_label, stored.conclusion, stored.explanation, stored.status) == (
        "Mostly false",
        "First.",
        "A.",
        VerdictStatus.DRAFT,
    )
    assert stored.version == 3
    event = audit_events(session, "verdict")[-1]
    assert event.action == "verdict.restore"
    assert event.before["conclusion"] == "Second."
    assert event.after["conclusion"] == "First."
    assert event.after["restored_from"] == first_event
    assert (event.claim_id, event.speech_id) == (claim.id, claim.speech_id)


def test_restoring_a_submitted_version_still_needs_sources(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    reviewer = users["reviewer"]
    factories.source(session, claim, reviewer)
    verdict = give(session, reviewer, claim, conclusion="Submitted.", submit=True)
    give(session, reviewer, claim, conclusion="Back to draft.", expected_version=1)
    [source] = sources_of(session, claim)
    sources.remove_source(session, actor=reviewer, source=source, expected_version=1)
    session.commit()
    with pytest.raises(InvalidInput, match="source"):
        restore_verdict(
            session,
            actor=reviewer,
            verdict=verdict,
            audit_event_id=history(session, verdict)[0],
            expected_version=2,
        )
    session.rollback()
    assert session.get(Verdict, verdict.id).conclusion == "Back to draft."


def test_restoring_a_version_with_a_retired_rating_is_refused(
    session: Session, users: dict[str, User], scale: RatingScale, claim: Claim
) -> None:
    reviewer = users["reviewer"]
    verdict = give(session, reviewer, claim, "Misleading", conclusion="Old.")
    give(session, reviewer, claim, "False", conclusion="New.", expected_version=1)
    items = [
        RatingInput(r.label, r.definition, r.colour, r.value, r.label == "Misleading", r.id)
        for r in scale.ratings
    ]
    replace_ratings(session, actor=users["admin"], scale=scale, ratings=items, expected_version=1)
    session.commit()
    with pytest.raises(InvalidInput, match="retired") as caught:
        restore_verdict(
            session,
            actor=reviewer,
            verdict=verdict,
            audit_event_id=history(session, verdict)[0],
            expected_version=2,
        )
    assert caught.value.field == "rating"


def test_restore_refuses_stale_versions_strangers_and_foreign_events(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    reviewer = users["reviewer"]
    verdict = give(session, reviewer, claim, conclusion="One.")
    give(session, reviewer, claim, conclusion="Two.", expected_version=1)
    others = give(session, users["editor"], claim, conclusion="Editor's.")
    first = history(session, verdict)[0]

    with pytest.raises(Conflict) as caught:
        restore_verdict(
            session, actor=reviewer, verdict=verdict, audit_event_id=first, expected_version=1
        )
    assert caught.value.current["conclusion"] == "Two."
    session.rollback()
    for actor in (users["editor"], users["admin"], AnonymousUserMixin()):
        with pytest.raises(PermissionDenied):
            restore_verdict(
                session, actor=actor, verdict=verdict, audit_event_id=first, expected_version=2
            )
    for event_id in (history(session, others)[0], 999_999, 2**63, audit_events(session)[0].id):
        with pytest.raises(NotFound):
            restore_verdict(
                session,
                actor=reviewer,
                verdict=verdict,
                audit_event_id=event_id,
                expected_version=2,
            )
    session.rollback()
    session.expire_all()
    assert session.get(Verdict, verdict.id).conclusion == "Two."
    assert session.get(Verdict, verdict.id).version == 2


def test_someone_without_a_staff_role_cannot_give_a_verdict(session: Session, claim: Claim) -> None:
    with pytest.raises(PermissionDenied):
        give(session, AnonymousUserMixin(), claim)
    session.rollback()
    assert count(session, Verdict) == 0


def test_withdrawing_a_verdict_deletes_it_and_keeps_it_in_the_history(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    reviewer = users["reviewer"]
    verdict = give(session, reviewer, claim, conclusion="Withdrawn later.")
    verdict_id = verdict.id
    with pytest.raises(Conflict):
        verdicts.withdraw_verdict(session, actor=reviewer, verdict=verdict, expected_version=2)
    session.rollback()
    verdicts.withdraw_verdict(session, actor=reviewer, verdict=verdict, expected_version=1)
    session.commit()
    assert session.get(Verdict, verdict_id) is None
    (event,) = [e for e in audit_events(session, "verdict") if e.action == "verdict.withdraw"]
    assert (event.object_id, event.claim_id, event.actor_id) == (verdict_id, claim.id, reviewer.id)
    assert event.before["conclusion"] == "Withdrawn later."
    assert event.after is None


def test_who_may_withdraw_a_verdict(session: Session, users: dict[str, User], claim: Claim) -> None:
    author = users["reviewer"]
    colleague = factories.user(session, "colleague@example.org", Role.REVIEWER)
    verdict = give(session, author, claim, conclusion="Mine.")
    for stranger in (colleague, AnonymousUserMixin()):
        with pytest.raises(PermissionDenied):
            verdicts.withdraw_verdict(
                session, actor=stranger, verdict=verdict, expected_version=verdict.version
            )
        session.rollback()
        assert session.get(Verdict, verdict.id) is not None
    for desk_lead in (users["editor"], users["admin"]):
        verdict = verdicts.own_verdict(session, claim, author) or give(session, author, claim)
        verdicts.withdraw_verdict(
            session, actor=desk_lead, verdict=verdict, expected_version=verdict.version
        )
        session.commit()
        assert verdicts.own_verdict(session, claim, author) is None


def test_saving_a_verdict_someone_withdrew_says_who_withdrew_it(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    reviewer, editor = users["reviewer"], users["editor"]
    verdict = give(session, reviewer, claim, conclusion="Mine.")
    verdicts.withdraw_verdict(session, actor=editor, verdict=verdict, expected_version=1)
    session.commit()
    with pytest.raises(Conflict) as caught:
        give(session, reviewer, claim, conclusion="Edited.", expected_version=1)
    assert "removed by editor" in caught.value.message
    assert caught.value.changed_by == "editor"
    assert caught.value.changed_at is not None
    session.rollback()
    # Saving again as a new verdict works.
    assert give(session, reviewer, claim, conclusion="A new one.").version == 1
