"""Publishing, unpublishing, correcting and withdrawing checks: the frozen reader view, numbering,
the public notes, what readers see afterwards, and the refusals that change nothing."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput, PermissionDenied
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimState,
    ClaimStatus,
    Publication,
    PublicationKind,
    Rating,
    Role,
    Source,
    Speech,
    User,
    Verdict,
)
from factcheck.queries import publications as published
from factcheck.services import approvals, publishing, sources, workflow
from tests import factories
from tests.services.support import audit_events, count, verdicts_of

pytestmark = pytest.mark.usefixtures("scale")


@pytest.fixture
def people(session: Session, users: dict[str, User]) -> dict[str, User]:
    second = factories.user(
        session, "second.editor@example.org", Role.EDITOR, display_name="Sam Second"
    )
    found = {role: session.get(User, person.id) for role, person in users.items()}
    return {**found, "second": second}


def approved(session: Session, claim: Claim, people: dict[str, User], **fields: Any) -> Verdict:
    """The claim with a source and the reviewer's verdict, approved by the second editor."""
    verdict = factories.submitted_verdict(session, claim, people["reviewer"], **fields)
    factories.approval(session, claim, people["second"], "The ONS series bears it out.")
    return verdict


def state(session: Session, claim: Claim) -> ClaimState:
    return workflow.current_state(session, claim)


def rows(session: Session, claim: Claim) -> list[Publication]:
    session.expire_all()
    return list(
        session.scalars(
            select(Publication).where(Publication.claim_id == claim.id).order_by(Publication.number)
        )
    )


def fingerprint(session: Session, claim: Claim) -> tuple[Any, ...]:
    session.expire_all()
    row = workflow.row_of(session, claim)
    last = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    frozen = [(p.number, p.kind, p.content, p.unpublished_at) for p in rows(session, claim)]
    return (row.state if row else None, row.version if row else None, last, frozen)


def edit_verdict(session: Session, claim: Claim, author: User, **fields: Any) -> Verdict:
    """The author's submitted verdict changed: ``fields`` are `factories.verdict` arguments."""
    mine = next(v for v in verdicts_of(session, claim) if v.author_id == author.id)
    values = {"label": mine.rating_label, "conclusion": mine.conclusion, **fields}
    return factories.verdict(
        session, claim, author, submit=True, expected_version=mine.version, **values
    )


def test_publishing_freezes_what_readers_see(
    session: Session, claim: Claim, speech: Speech, people: dict[str, User]
) -> None:
    claim.restatement = "Unemployment fell to 4.2% in 2023"
    session.commit()
    verdict = approved(
        session,
        claim,
        people,
        conclusion="It was 4.0%.",
        explanation="The **ONS** series says 4.0%.",
    )
    factories.source(
        session, claim, people["reviewer"], title="A confidential briefing", is_public=False
    )
    factories.source(session, claim, people["reviewer"], title="Annual survey", quote="4.0%")
    publication = publishing.publish(session, actor=people["editor"], claim=claim)
    session.commit()

    assert (publication.number, publication.kind, publication.note) == (
        1,
        PublicationKind.FIRST,
        None,
    )
    assert publication.published_by_id == people["editor"].id
    assert publication.speech_id == speech.id
    assert state(session, claim) is ClaimState.PUBLISHED
    content = publication.content
    assert content["claim"] == {
        "id": claim.id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "restatement": "Unemployment fell to 4.2% in 2023",
        "speaker": claim.speaker,
        "media_start_ms": claim.media_start_ms,
        "media_end_ms": claim.media_end_ms,
    }
    assert content["speech"] == {
        "id": speech.id,
        "title": "Budget speech",
        "delivered_on": None,
        "speaker": "The Minister",
        "source_url": None,
    }
    rating = session.get(Rating, verdict.rating_id)
    assert content["verdict"] == {
        "id": verdict.id,
        "version": verdict.version,
        "rating": {
            "label": "False",
            "value": rating.value,
            "colour": rating.colour,
            "definition": rating.definition,
        },
        "conclusion": "It was 4.0%.",
        "explanation": "The **ONS** series says 4.0%.",
        "reviewer": "reviewer",
    }
    assert [a["name"] for a in content["approvers"]] == ["Sam Second"]
    # Public sources only, in the claim's order, with what readers need to follow them.
    assert [s["title"] for s in content["sources"]] == ["Labour market overview", "Annual survey"]
    assert content["sources"][1] == {
        "url": "https://www.ons.gov.uk/employment",
        "title": "Annual survey",
        "publisher": None,
        "quote": "4.0%",
        "published_on": None,
        "accessed_on": "2024-05-09",
        "stance": "supports",
    }
    event = audit_events(session, "claim_workflow")[-1]
    assert (event.action, event.actor_id) == ("claim.publish", people["editor"].id)


def test_later_staff_edits_change_no_publication(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people)
    factories.publication(session, claim, people["editor"])
    frozen = copy.deepcopy(rows(session, claim)[0].content)

    edit_verdict(session, claim, people["reviewer"], label="Mostly false", conclusion="Changed.")
    source = sources.add_source(
        session,
        actor=people["reviewer"],
        claim=claim,
        data=replace(factories.SOURCE, title="Added after publication"),
    )
    session.commit()
    first = session.scalars(select(Source).where(Source.claim_id == claim.id)).first()
    sources.update_source(
        session,
        actor=people["reviewer"],
        source=first,
        data=replace(factories.SOURCE, title="Renamed", is_public=False),
        expected_version=first.version,
    )
    session.get(Rating, frozen_rating_id(session, claim)).colour = "#000000"
    session.get(Speech, claim.speech_id).title = "Renamed speech"
    session.commit()

    assert source.id is not None
    assert state(session, claim) is ClaimState.PUBLISHED
    [publication] = rows(session, claim)
    assert publication.content == frozen
    view = published.reader_view(session, claim.id)
    assert view is not None
    assert view.current.content == frozen


def frozen_rating_id(session: Session, claim: Claim) -> int:
    return verdicts_of(session, claim)[0].rating_id


@pytest.mark.parametrize("how", ["open", "in_review", "submitted", "sent_back"])
def test_a_claim_without_an_approved_verdict_is_not_published(
    session: Session, claim: Claim, people: dict[str, User], how: str
) -> None:
    if how == "in_review":
        factories.verdict(session, claim, people["reviewer"])
    elif how in ("submitted", "sent_back"):
        factories.submitted_verdict(session, claim, people["reviewer"])
    if how == "sent_back":
        approvals.send_back(
            session,
            actor=people["editor"],
            claim=claim,
            comment="More sources.",
            expected_version=workflow.row_of(session, claim).version,
        )
        session.commit()
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="has no approved verdict yet"):
        publishing.publish(session, actor=people["editor"], claim=claim)
    session.rollback()
    assert fingerprint(session, claim) == before
    assert count(session, Publication) == 0


def test_only_editors_publish_and_only_once(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people)
    before = fingerprint(session, claim)
    with pytest.raises(PermissionDenied):
        publishing.publish(session, actor=people["reviewer"], claim=claim)
    session.rollback()
    assert fingerprint(session, claim) == before
    factories.publication(session, claim, people["editor"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="A claim that is published cannot be published"):
        publishing.publish(session, actor=people["second"], claim=claim)
    session.rollback()
    assert fingerprint(session, claim) == before


def test_an_approved_claim_that_lost_its_sources_is_not_published(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people)
    [source] = session.scalars(select(Source).where(Source.claim_id == claim.id)).all()
    sources.remove_source(
        session, actor=people["reviewer"], source=source, expected_version=source.version
    )
    session.commit()
    with pytest.raises(InvalidInput, match="needs 1 source"):
        publishing.publish(session, actor=people["editor"], claim=claim)


def test_unpublish_then_publish_again(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people)
    factories.publication(session, claim, people["editor"])
    publishing.unpublish(session, actor=people["editor"], claim=claim)
    session.commit()
    [first] = rows(session, claim)
    assert first.unpublished_at is not None
    assert state(session, claim) is ClaimState.APPROVED
    assert published.reader_view(session, claim.id) is None

    again = factories.publication(session, claim, people["second"])
    assert (again.number, again.kind) == (2, PublicationKind.FIRST)
    view = published.reader_view(session, claim.id)
    assert view.current.id == again.id
    assert view.earlier == []  # the version taken back is not on the public record


def test_a_verdict_changed_while_published_needs_approval_before_it_is_published_again(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people)
    factories.publication(session, claim, people["editor"])
    edit_verdict(session, claim, people["reviewer"], conclusion="Changed quietly.")
    publishing.unpublish(session, actor=people["editor"], claim=claim)
    session.commit()
    assert state(session, claim) is ClaimState.SUBMITTED
    with pytest.raises(InvalidInput, match="has no approved verdict yet"):
        publishing.publish(session, actor=people["editor"], claim=claim)


def test_a_correction_publishes_the_changed_verdict_with_its_note(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people, conclusion="It was 4.0%.")
    first = factories.publication(session, claim, people["editor"])
    frozen = copy.deepcopy(first.content)
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="Nothing to correct"):
        publishing.correct(
            session, actor=people["editor"], claim=claim, note="Fixed a typo in the explanation."
        )
    session.rollback()
    assert fingerprint(session, claim) == before

    edit_verdict(
        session, claim, people["reviewer"], label="Mostly false", conclusion="It was 4.1%."
    )
    correction = publishing.correct(
        session,
        actor=people["editor"],
        claim=claim,
        note="  The ONS revised its figure to 4.1%.  ",
    )
    session.commit()
    assert (correction.number, correction.kind) == (2, PublicationKind.CORRECTION)
    assert correction.note == "The ONS revised its figure to 4.1%."
    assert correction.content["verdict"]["rating"]["label"] == "Mostly false"
    assert correction.content["verdict"]["conclusion"] == "It was 4.1%."
    assert rows(session, claim)[0].content == frozen  # the earlier version stays on record
    assert state(session, claim) is ClaimState.PUBLISHED
    event = audit_events(session, "claim_workflow")[-1]
    assert event.action == "claim.correct"
    assert event.after["comment"] == "The ONS revised its figure to 4.1%."

    view = published.reader_view(session, claim.id)
    assert [p.number for p in [view.current, *view.earlier]] == [2, 1]
    assert [p.note for p in view.corrections] == ["The ONS revised its figure to 4.1%."]
    [entry] = published.corrections_log(session)
    assert (entry.kind, entry.claim_id, entry.note, entry.rating) == (
        PublicationKind.CORRECTION,
        claim.id,
        "The ONS revised its figure to 4.1%.",
        "Mostly false",
    )
    assert entry.speech_title == "Budget speech"
    assert entry.published_by == "editor"


@pytest.mark.parametrize("note", [None, "", "   ", "x" * 2_001])
def test_a_correction_needs_its_public_note(
    session: Session, claim: Claim, people: dict[str, User], note: str | None
) -> None:
    approved(session, claim, people)
    factories.publication(session, claim, people["editor"])
    edit_verdict(session, claim, people["reviewer"], conclusion="Corrected.")
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput) as refused:
        publishing.correct(session, actor=people["editor"], claim=claim, note=note)
    assert refused.value.field == "note"
    session.rollback()
    assert fingerprint(session, claim) == before


def test_only_a_published_check_is_corrected_and_not_by_its_author(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["editor"])
    factories.approval(session, claim, people["second"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="A claim that is approved cannot be corrected"):
        publishing.correct(session, actor=people["second"], claim=claim, note="Early.")
    session.rollback()
    factories.publication(session, claim, people["second"])
    edit_verdict(session, claim, people["editor"], conclusion="My own second thoughts.")
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="You wrote this verdict"):
        publishing.correct(session, actor=people["editor"], claim=claim, note="I changed it.")
    session.rollback()
    assert fingerprint(session, claim) == before
    assert publishing.correct(session, actor=people["second"], claim=claim, note="Updated.")


def test_withdrawing_keeps_the_check_as_published_beside_the_note(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    approved(session, claim, people)
    first = factories.publication(session, claim, people["editor"])
    with pytest.raises(InvalidInput, match="Write the withdrawal note"):
        publishing.withdraw(session, actor=people["editor"], claim=claim, note=" ")
    session.rollback()
    edit_verdict(session, claim, people["reviewer"], conclusion="Staff edit, never published.")
    withdrawal = publishing.withdraw(
        session, actor=people["editor"], claim=claim, note="The speech was misattributed."
    )
    session.commit()
    assert (withdrawal.number, withdrawal.kind) == (2, PublicationKind.WITHDRAWAL)
    assert withdrawal.content == first.content
    assert state(session, claim) is ClaimState.WITHDRAWN
    assert workflow.row_of(session, claim).comment == "The speech was misattributed."
    view = published.reader_view(session, claim.id)
    assert view.withdrawn
    assert view.current.content["verdict"]["conclusion"] != "Staff edit, never published."
    assert [e.kind for e in published.corrections_log(session)] == [PublicationKind.WITHDRAWAL]
    with pytest.raises(InvalidInput, match="cannot be"):
        publishing.publish(session, actor=people["editor"], claim=claim)


def test_publishing_a_speech_publishes_its_approved_claims_only(
    session: Session, speech: Speech, people: dict[str, User]
) -> None:
    first, second = session.scalars(
        select(Claim)
        .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
        .order_by(Claim.start)
    ).all()[:2]
    with pytest.raises(InvalidInput, match="nothing was published"):
        publishing.publish_speech(session, actor=people["editor"], speech=speech)
    session.rollback()
    approved(session, first, people)
    factories.submitted_verdict(session, second, people["reviewer"])
    done = publishing.publish_speech(session, actor=people["editor"], speech=speech)
    session.commit()
    assert [p.claim_id for p in done] == [first.id]
    assert state(session, first) is ClaimState.PUBLISHED
    assert state(session, second) is ClaimState.SUBMITTED
    with pytest.raises(PermissionDenied):
        publishing.publish_speech(session, actor=people["reviewer"], speech=speech)
