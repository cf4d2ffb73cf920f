"""Correcting a speech after import: details, speakers' names, archiving and deleting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import (
    AuditEvent,
    Claim,
    Note,
    RatingScale,
    Role,
    Source,
    Speech,
    SpeechStatus,
    User,
    Verdict,
)
from factcheck.models.history import AuditAction
from factcheck.services import speech_edits
from factcheck.services.speeches import SpeechDetails
from tests import factories
from tests.services.support import TODAY

DEBATE = (
    "MODERATOR: Good evening and welcome.\n"
    "CURZ: Unemployment fell to 4.2% in 2023, the lowest level since 1990.\n"
    "WALLLACE: Exports to China doubled between 2015 and 2022.\n"
    "CRUZ: We cut taxes for 30 million families last year.\n"
    "CURZ: The deficit rose by 12% in 2024.\n"
)


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    """An admin, an editor and a reviewer, named Admin, Editor and Reviewer."""
    return {
        role.value: factories.user(
            session, f"{role.value}@example.org", role, display_name=role.value.title()
        )
        for role in (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
    }


@pytest.fixture
def debate(session: Session) -> Speech:
    return factories.speech(session, DEBATE, fmt="speakers", title="Debate", speaker="")


def _details(speech: Speech, **changes) -> SpeechDetails:
    values = {
        "title": speech.title,
        "speaker": speech.speaker,
        "delivered_on": speech.delivered_on,
        "occasion": speech.occasion,
        "source_url": speech.source_url,
        "media_url": speech.media_url,
    }
    values.update(changes)
    return SpeechDetails(**values)


def _spans(session: Session, speech: Speech) -> list[tuple[int, int, str]]:
    rows = session.execute(
        select(Claim.start, Claim.end, Claim.text)
        .where(Claim.speech_id == speech.id)
        .order_by(Claim.start)
    )
    return [tuple(row) for row in rows]


def _events(session: Session, action: AuditAction) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- details ---------------------------------------------------------------------------------------


def test_details_are_corrected_versioned_and_recorded(
    session: Session, speech: Speech, people: dict[str, User]
) -> None:
    version = speech.version
    speech_edits.update_details(
        session,
        actor=people["reviewer"],
        speech=speech,
        details=_details(
            speech,
            title="Budget speech 2024",
            delivered_on=date(2024, 3, 6),
            media_url="https://video.example.org/budget",
        ),
        expected_version=version,
    )
    session.commit()
    session.expire_all()
    stored = session.get(Speech, speech.id)
    assert (stored.title, stored.delivered_on, stored.media_url) == (
        "Budget speech 2024",
        date(2024, 3, 6),
        "https://video.example.org/budget",
    )
    assert stored.version == version + 1
    (event,) = _events(session, AuditAction.SPEECH_UPDATE)
    assert (event.before["title"], event.after["title"]) == ("Budget speech", "Budget speech 2024")
    assert event.after["delivered_on"] == "2024-03-06"
    assert (event.speech_id, event.actor_id) == (speech.id, people["reviewer"].id)


def test_unchanged_details_change_nothing(
    session: Session, speech: Speech, people: dict[str, User]
) -> None:
    speech_edits.update_details(
        session,
        actor=people["editor"],
        speech=speech,
        details=_details(speech),
        expected_version=speech.version,
    )
    session.commit()
    assert session.get(Speech, speech.id).version == 1
    assert _events(session, AuditAction.SPEECH_UPDATE) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"speaker": ""}, "speaker"),
        ({"delivered_on": TODAY + timedelta(days=3)}, "delivered_on"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"media_url": "https://user:pw@example.org/v"}, "media_url"),
        ({"title": "x" * 301}, "title"),
        ({"occasion": "In \u202econgress"}, "occasion"),
    ],
)
def test_bad_details_are_refused_and_change_nothing(
    session: Session, speech: Speech, people: dict[str, User], changes: dict, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        speech_edits.update_details(
            session,
            actor=people["editor"],
            speech=speech,
            details=_details(speech, **changes),
            expected_version=speech.version,
        )
    assert refused.value.field == field
    session.rollback()
    assert session.get(Speech, speech.id).title == "Budget speech"
    assert _events(session, AuditAction.SPEECH_UPDATE) == []


def test_details_saved_from_a_stale_page_are_a_conflict_naming_who_changed_them(
    session: Session, speech: Speech, people: dict[str, User]
) -> None:
    seen = speech.version
    speech_edits.update_details(
        session,
        actor=people["editor"],
        speech=speech,
        details=_details(speech, occasion="Parliament"),
        expected_version=seen,
    )
    session.commit()
    with pytest.raises(Conflict) as conflict:
        speech_edits.update_details(
            session,
            actor=people["reviewer"],
            speech=speech,
            details=_details(speech, title="Another title"),
            expected_version=seen,
        )
    assert conflict.value.changed_by == "Editor"
    assert conflict.value.current["occasion"] == "Parliament"
    assert conflict.value.current_type == "speech"


# --- speakers --------------------------------------------------------------------------------------


def test_a_misspelt_speaker_is_renamed_on_every_span_and_nothing_else_moves(
    session: Session, debate: Speech, people: dict[str, User]
) -> None:
    spans = _spans(session, debate)
    before = {s.name: s.claims for s in speech_edits.speakers(session, debate)}
    changed = speech_edits.rename_speaker(
        session,
        actor=people["reviewer"],
        speech=debate,
        old="WALLLACE",
        new="  WALLACE ",
        expected_version=debate.version,
    )
    session.commit()
    after = {s.name: s.claims for s in speech_edits.speakers(session, debate)}
    assert changed == before["WALLLACE"]
    assert "WALLLACE" not in after
    assert after["WALLACE"] == before["WALLLACE"]
    assert _spans(session, debate) == spans  # the transcript and its spans stay exact
    assert "WALLLACE:" in debate.transcript  # the transcript stays as it was given
    (event,) = _events(session, AuditAction.SPEECH_RENAME_SPEAKER)
    assert event.after["renamed"] == {
        "from": "WALLLACE",
        "to": "WALLACE",
        "spans": changed,
        "merged": False,
    }
    assert debate.version == 2


def test_renaming_to_a_name_already_there_merges_the_two(
    session: Session, debate: Speech, people: dict[str, User]
) -> None:
    before = {s.name: s.claims for s in speech_edits.speakers(session, debate)}
    speech_edits.rename_speaker(
        session,
        actor=people["editor"],
        speech=debate,
        old="CURZ",
        new="CRUZ",
        expected_version=debate.version,
    )
    session.commit()
    after = {s.name: s.claims for s in speech_edits.speakers(session, debate)}
    assert after["CRUZ"] == before["CRUZ"] + before["CURZ"]
    assert "CURZ" not in after
    (event,) = _events(session, AuditAction.SPEECH_RENAME_SPEAKER)
    assert event.after["renamed"]["merged"] is True


def test_the_speech_speaker_follows_a_rename_of_it(
    session: Session, speech: Speech, people: dict[str, User]
) -> None:
    session.execute(
        Claim.__table__.update().where(Claim.speech_id == speech.id).values(speaker="MINISTER")
    )
    speech.speaker = "MINISTER"
    session.commit()
    speech_edits.rename_speaker(
        session,
        actor=people["editor"],
        speech=speech,
        old="MINISTER",
        new="The Minister",
        expected_version=speech.version,
    )
    session.commit()
    assert session.get(Speech, speech.id).speaker == "The Minister"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("NOBODY", "X", "old"),
        ("CURZ", "   ", "new"),
        ("CURZ", "C" * 201, "new"),
        ("CURZ", "CR\u202eUZ", "new"),
    ],
)
def test_a_bad_rename_is_refused_and_changes_nothing(
    session: Session, debate: Speech, people: dict[str, User], old: str, new: str, field: str
) -> None:
    before = speech_edits.speakers(session, debate)
    with pytest.raises(InvalidInput) as refused:
        speech_edits.rename_speaker(
            session,
            actor=people["editor"],
            speech=debate,
            old=old,
            new=new,
            expected_version=debate.version,
        )
    assert refused.value.field == field
    session.rollback()
    assert speech_edits.speakers(session, debate) == before


def test_a_rename_from_a_stale_page_is_a_conflict(
    session: Session, debate: Speech, people: dict[str, User]
) -> None:
    seen = debate.version
    speech_edits.rename_speaker(
        session,
        actor=people["editor"],
        speech=debate,
        old="CURZ",
        new="CRUZ",
        expected_version=seen,
    )
    session.commit()
    with pytest.raises(Conflict):
        speech_edits.rename_speaker(
            session,
            actor=people["reviewer"],
            speech=debate,
            old="WALLLACE",
            new="WALLACE",
            expected_version=seen,
        )


# --- archive and delete ----------------------------------------------------------------------------


def test_editors_archive_and_bring_back_reviewers_may_not(
    session: Session, speech: Speech, people: dict[str, User]
) -> None:
    with pytest.raises(PermissionDenied):
        speech_edits.set_archived(
            session,
            actor=people["reviewer"],
            speech=speech,
            archived=True,
            expected_version=speech.version,
        )
    speech_edits.set_archived(
        session, actor=people["editor"], speech=speech, archived=True, expected_version=1
    )
    session.commit()
    assert speech.status is SpeechStatus.ARCHIVED
    # Archived is read-only: its details cannot change until it is brought back.
    with pytest.raises(PermissionDenied):
        speech_edits.update_details(
            session,
            actor=people["admin"],
            speech=speech,
            details=_details(speech, title="New"),
            expected_version=speech.version,
        )
    speech_edits.set_archived(
        session,
        actor=people["editor"],
        speech=speech,
        archived=False,
        expected_version=speech.version,
    )
    session.commit()
    assert speech.status is SpeechStatus.IN_REVIEW
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == [AuditAction.SPEECH_ARCHIVE, AuditAction.SPEECH_UNARCHIVE]


def _work_on(session: Session, speech: Speech, claim: Claim, author: User) -> None:
    """A source, a submitted verdict and a note on the claim."""
    factories.source(session, claim, author, url="https://stats.example.org/", title="Statistics")
    factories.verdict(session, claim, author, "True", conclusion="It did.", submit=True)
    factories.note(session, claim, author, "Checked with the office.")


def test_only_an_admin_deletes_after_typing_the_title_and_everything_goes_with_it(
    session: Session, speech: Speech, claim: Claim, scale: RatingScale, people: dict[str, User]
) -> None:
    _work_on(session, speech, claim, people["reviewer"])
    speech_id = speech.id
    with pytest.raises(PermissionDenied):
        speech_edits.delete_speech(
            session, actor=people["editor"], speech=speech, confirm_title=speech.title
        )
    with pytest.raises(InvalidInput):
        speech_edits.delete_speech(
            session, actor=people["admin"], speech=speech, confirm_title="Budget"
        )
    session.rollback()
    assert session.get(Speech, speech_id) is not None

    gone = speech_edits.delete_speech(
        session, actor=people["admin"], speech=speech, confirm_title=" Budget  speech "
    )
    session.commit()
    assert (gone.claims, gone.sources, gone.verdicts, gone.submitted_verdicts, gone.notes) == (
        3,
        1,
        1,
        1,
        1,
    )
    session.expire_all()
    assert session.get(Speech, speech_id) is None
    for model in (Claim, Source, Verdict, Note):
        assert session.scalar(select(func.count()).select_from(model)) == 0
    (event,) = _events(session, AuditAction.SPEECH_DELETE)
    assert event.speech_id == speech_id
    assert event.before["title"] == "Budget speech"
    assert event.before["deleted"]["verdicts"] == 1
    # The speech's history outlives it.
    assert (
        session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.speech_id == speech_id)
        )
        > 1
    )
