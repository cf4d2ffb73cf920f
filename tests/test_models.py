"""What the schema itself enforces, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from factcheck.models import Claim, ClaimStatus, DismissReason, Role, Setting, Speech, User
from factcheck.models import user as user_model
from factcheck.models.base import read_json


@pytest.fixture
def speech(session: Session) -> Speech:
    item = Speech(title="T", speaker="S", transcript="One claim here. Another one there.")
    session.add(item)
    session.commit()
    return item


def add_claim(session: Session, speech: Speech, start: int, end: int, **extra: object) -> None:
    session.add(Claim(speech_id=speech.id, start=start, end=end, text="x", **extra))
    session.flush()


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2)])
def test_claim_span_must_be_forward_and_not_negative(
    session: Session, speech: Speech, start: int, end: int
) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        add_claim(session, speech, start, end)


def test_two_claims_cannot_start_at_the_same_offset(session: Session, speech: Speech) -> None:
    add_claim(session, speech, 0, 5)
    with pytest.raises(sa.exc.IntegrityError):
        add_claim(session, speech, 0, 9)


@pytest.mark.parametrize(("start", "end"), [(3, 12), (12, 20), (0, 34), (5, 8), (14, 17)])
def test_the_database_refuses_claims_that_overlap(
    session: Session, speech: Speech, start: int, end: int
) -> None:
    add_claim(session, speech, 4, 15)
    add_claim(session, speech, 16, 34)
    session.commit()
    with pytest.raises(sa.exc.IntegrityError, match="ex_claim_spans_do_not_overlap"):
        add_claim(session, speech, start, end)
    session.rollback()
    claim = session.scalar(sa.select(Claim).where(Claim.start == 16))
    claim.start = 14  # moving a claim over its neighbour is refused too
    with pytest.raises(sa.exc.IntegrityError, match="ex_claim_spans_do_not_overlap"):
        session.flush()


def test_touching_claims_and_claims_of_other_speeches_may_share_offsets(
    session: Session, speech: Speech
) -> None:
    other = Speech(title="U", speaker="S", transcript=speech.transcript)
    session.add(other)
    session.flush()
    add_claim(session, speech, 4, 15)
    add_claim(session, speech, 15, 20)  # touching, not overlapping
    add_claim(session, other, 0, 34)
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(Claim)) == 3


def test_dismissed_claim_needs_a_reason_and_open_claim_has_none(
    session: Session, speech: Speech
) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        add_claim(session, speech, 0, 5, status=ClaimStatus.DISMISSED)
    session.rollback()
    with pytest.raises(sa.exc.IntegrityError):
        add_claim(session, speech, 0, 5, dismiss_reason=DismissReason.OPINION)


def test_unknown_enum_value_is_refused_by_the_database(session: Session, speech: Speech) -> None:
    add_claim(session, speech, 0, 5)
    with pytest.raises(sa.exc.IntegrityError):
        session.execute(sa.text("UPDATE claim SET status = 'bogus'"))


def test_deleting_a_speech_deletes_its_claims(session: Session, speech: Speech) -> None:
    add_claim(session, speech, 0, 5)
    session.commit()
    session.execute(sa.delete(Speech).where(Speech.id == speech.id))
    assert session.scalar(sa.select(sa.func.count()).select_from(Claim)) == 0


def test_email_is_stored_lowercase(session: Session) -> None:
    session.add(
        User(email="Mixed@Example.org", display_name="m", password_hash="x", role=Role.EDITOR)
    )
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()


def test_timestamps_come_back_timezone_aware_in_utc(session: Session, speech: Speech) -> None:
    plus_two = timezone(timedelta(hours=2))
    speech.created_at = datetime(2024, 5, 8, 12, 0, tzinfo=plus_two)
    session.commit()
    session.expire_all()
    loaded = session.get(Speech, speech.id)
    assert loaded.created_at == datetime(2024, 5, 8, 10, 0, tzinfo=UTC)
    assert loaded.created_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(session: Session, speech: Speech) -> None:
    speech.created_at = datetime(2024, 5, 8, 12, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(sa.exc.StatementError):
        session.flush()


def test_a_stale_claim_update_fails_instead_of_overwriting(
    app, session: Session, speech: Speech
) -> None:
    add_claim(session, speech, 0, 5)
    session.commit()
    claim = session.scalars(sa.select(Claim)).one()
    assert claim.version == 1
    # Someone else saves first, bumping the version behind this session's back.
    with app.app_context():
        from factcheck.extensions import db

        other = Session(db.engine)
        theirs = other.get(Claim, claim.id)
        theirs.speaker = "Them"
        other.commit()
        other.close()
    claim.speaker = "Me"
    with pytest.raises(StaleDataError):
        session.flush()
    session.rollback()
    assert session.get(Claim, claim.id).speaker == "Them"


def test_passwords_are_hashed_with_scrypt_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(user_model, "PASSWORD_HASH_METHOD", "scrypt")
    user = User(email="a@example.org", display_name="a", role=Role.ADMIN)
    user.set_password("a long enough password")
    assert user.password_hash.startswith("scrypt:")
    assert "a long enough password" not in user.password_hash
    assert user.check_password("a long enough password")
    assert not user.check_password("a long enough passwore")


def test_a_claims_machine_reason_is_the_imports_not_a_persons_note() -> None:
    def span(**fields) -> Claim:
        return Claim(start=0, end=5, text="Hello", **fields)

    machine = span(
        status=ClaimStatus.DISMISSED,
        dismiss_reason=DismissReason.NOT_A_CLAIM,
        dismiss_note="salutation",
    )
    assert machine.machine_reason == "salutation"
    person = span(
        status=ClaimStatus.DISMISSED,
        dismiss_reason=DismissReason.OPINION,
        dismiss_note="question",
        dismissed_by_id=7,
    )
    assert person.machine_reason is None
    note = span(
        status=ClaimStatus.DISMISSED, dismiss_reason=DismissReason.DUPLICATE, dismiss_note="see 4"
    )
    assert note.machine_reason is None  # not a reason the import gives
    assert span(status=ClaimStatus.OPEN).machine_reason is None


# What the JSON columns give back is what was stored, whichever decoder reads it: orjson for
# speed, the standard library where orjson would give another value or refuse the text.
STORED_JSON = [
    {"speech": {"title": "Ünïcode ✓", "n": [1, 2.5, None, True]}},
    [2**70],
    {"id": -(2**65), "small": 2**63 - 1},
    7,
    1.5,
    "plain",
    [],
]


@pytest.mark.parametrize("value", STORED_JSON, ids=range(len(STORED_JSON)))
def test_json_columns_give_back_exactly_what_was_stored(session: Session, value: object) -> None:
    session.add(Setting(key="probe", value=value))
    session.commit()
    session.expunge_all()
    back = session.execute(sa.select(Setting.value).where(Setting.key == "probe")).scalar_one()
    assert back == value
    assert type(back) is type(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": [1, 2]}', {"a": [1, 2]}),
        (b'{"a": 1}', {"a": 1}),
        (memoryview(b"[true]"), [True]),
        (memoryview(b"[1e400]"), [float("inf")]),
        ("[1234567890123456789]", [1234567890123456789]),
        ("[12345678901234567890, 1]", [12345678901234567890, 1]),
        ("123456789012345678901234567890", 123456789012345678901234567890),
        ("-9223372036854775809", -9223372036854775809),
        ("NaN", float("nan")),
        ("1e400", float("inf")),
        ('"\\ud800"', "\ud800"),
    ],
)
def test_read_json_matches_the_standard_library(text: object, value: object) -> None:
    got = read_json(text)  # type: ignore[arg-type]
    if isinstance(value, float) and value != value:
        assert got != got
    else:
        assert got == value
        assert type(got) is type(value)


def test_read_json_refuses_what_is_not_text_as_the_standard_library_does() -> None:
    # SQLite gives a bare number back for a JSON value that is one; SQLAlchemy passes it through
    # on TypeError only.
    with pytest.raises(TypeError):
        read_json(5)  # type: ignore[arg-type]
