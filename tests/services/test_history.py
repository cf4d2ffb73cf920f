"""The one way a change is recorded: declared fields, apply-and-diff, typed actions, filing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

import factcheck
from factcheck.errors import Conflict
from factcheck.models import (
    AuditEvent,
    Base,
    Claim,
    Note,
    Role,
    Source,
    SourceKind,
    SourceStance,
    Speech,
    User,
)
from factcheck.models.history import REGISTRY, AuditAction, shown_changes, shown_fields
from factcheck.services import history
from tests import factories

PACKAGE = Path(factcheck.__file__).parent


@pytest.fixture
def author(session: Session) -> User:
    return factories.user(session, "author@example.org", Role.REVIEWER, display_name="Ada")


def _source(claim: Claim, author: User) -> Source:
    return Source(
        claim_id=claim.id,
        position=0,
        url="https://stats.example.org/unemployment",
        title="Labour market statistics",
        accessed_on=date(2026, 1, 5),
        stance=SourceStance.SUPPORTS,
        kind=SourceKind.PRIMARY_DATA,
        created_by_id=author.id,
    )


def test_every_declared_field_is_a_column_or_attribute_of_its_model() -> None:
    audited = [m.class_ for m in Base.registry.mappers if "__audited__" in vars(m.class_)]
    assert {m.__audited__.object_type for m in audited} == set(REGISTRY)
    assert {"claim", "source", "verdict", "note", "speech", "user", "rating_scale"} <= set(REGISTRY)
    for model in audited:
        spec = model.__audited__
        names = set(sa.inspect(model).attrs.keys())
        for field in spec.fields:
            if field.read is None:
                assert (field.attr or field.key) in names, (model.__name__, field.key)
        labels = [f.label for f in spec.fields if f.label]
        assert len(labels) == len(set(labels)), model.__name__


def test_no_password_is_ever_an_audited_field() -> None:
    for spec in REGISTRY.values():
        for field in spec.fields:
            assert "password" not in (field.attr or field.key)


def test_apply_reports_only_what_changed_and_leaves_an_unchanged_object_clean(
    session: Session, claim: Claim, author: User
) -> None:
    source = _source(claim, author)
    session.add(source)
    session.commit()
    version = source.version

    same = history.apply(source, {"title": source.title, "stance": SourceStance.SUPPORTS})
    assert not same
    assert same.changed == []
    assert source not in session.dirty

    change = history.apply(
        source, {"title": "Labour market, March", "accessed_on": date(2026, 2, 1)}
    )
    assert change
    assert change.changed == ["title", "accessed_on"]
    assert change.before["title"] == "Labour market statistics"
    assert change.after["accessed_on"] == "2026-02-01"  # stored as the log stores it
    session.commit()
    assert source.version == version + 1


def test_save_files_the_event_under_the_claim_and_its_speech_with_a_typed_action(
    session: Session, claim: Claim, author: User
) -> None:
    note = Note(claim_id=claim.id, author_id=author.id, body="Ask the statistics office.")
    session.add(note)
    history.save(session, AuditAction.NOTE_ADD, note, history.created(note), actor=author)
    session.commit()
    session.expire_all()

    event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "note")).one()
    assert event.action is AuditAction.NOTE_ADD  # read back as the enum, not a string
    assert (event.object_id, event.claim_id, event.speech_id, event.actor_id) == (
        note.id,
        claim.id,
        claim.speech_id,
        author.id,
    )
    assert event.before is None
    assert event.after == {"body": "Ask the statistics office.", "author_id": author.id}


def test_extra_facts_join_the_stored_state_and_delete_keeps_the_last_one(
    session: Session, claim: Claim, author: User
) -> None:
    note = Note(claim_id=claim.id, author_id=author.id, body="Draft thought.")
    session.add(note)
    session.commit()
    note_id = note.id

    history.delete(session, AuditAction.NOTE_DELETE, note, actor=author, extra={"why": "duplicate"})
    session.commit()

    assert session.get(Note, note_id) is None
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.NOTE_DELETE)
    ).one()
    assert event.before == {"body": "Draft thought.", "author_id": author.id, "why": "duplicate"}
    assert event.after is None


def test_a_speech_event_is_filed_under_the_speech(session: Session, speech: Speech) -> None:
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.SPEECH_IMPORT)
    ).one()
    assert (event.object_id, event.speech_id, event.claim_id) == (speech.id, speech.id, None)
    assert event.after["title"] == "Budget speech"
    assert event.after["format"] == "plain"
    assert event.after["claims"] == 2  # an extra fact of the import, beside the fields


def test_a_save_that_lost_a_race_is_a_conflict_not_a_silent_overwrite(
    app, session: Session, claim: Claim, author: User
) -> None:
    source = _source(claim, author)
    session.add(source)
    session.commit()
    assert source.version == 1  # read as this reviewer opened it
    with app.app_context():
        other = factcheck.extensions.db.session
        rival = other.get(Source, source.id)
        rival.title = "Someone else's title"
        other.commit()
        other.close()

    change = history.apply(source, {"title": "My title"})
    with pytest.raises(Conflict):
        history.save(session, AuditAction.SOURCE_UPDATE, source, change, actor=author)
    session.rollback()
    assert (
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.SOURCE_UPDATE)
        ).all()
        == []
    )


def test_people_read_labels_and_words_never_ids_codes_or_copies() -> None:
    before = {"rating_id": 3, "rating_label": "False", "status": "draft", "claim_start": 10}
    after = {
        "rating_id": 4,
        "rating_label": "Mostly true",
        "status": "submitted",
        "claim_start": 12,
    }
    assert shown_changes("verdict", before, after) == [
        ("rating", "False", "Mostly true"),
        ("status", "draft", "submitted"),
    ]
    shown = dict(shown_fields("source", {"is_public": False, "position": 0, "stance": "refutes"}))
    assert shown == {"public": "no", "position": 1, "stance": "refutes"}
    # Keys no declaration knows (an event's extra facts) and unknown kinds are not shown.
    assert shown_fields("claim", {"absorbed": {"id": 4}, "new_claim": 9}) == []
    assert shown_changes("no such kind", {"a": 1}, {"a": 2}) == []


def test_every_action_is_written_through_the_history_module() -> None:
    """No code but the history module builds an audit row or names an action as a bare string."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path.name == "history.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?<!class )AuditEvent\(", text):
            offenders.append(f"{path.name}: AuditEvent(")
        bare = re.finditer(r"\baction\s*(?:=|==|!=)\s*[\"'][a-z_]+\.[a-z_]+[\"']", text)
        offenders += [f"{path.name}: {m.group(0)}" for m in bare]
    assert offenders == []
