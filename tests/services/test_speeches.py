"""Importing speeches: exact spans, one transaction, clear refusals, batched inserts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.models import AuditEvent, Claim, ClaimStatus, DismissReason, Speech
from factcheck.queries.speeches import claims_of
from factcheck.services import speeches
from factcheck.services.speeches import SpeechDetails, import_speech
from tests.shared import shared_file

DETAILS = SpeechDetails(title="A speech", speaker="A speaker", delivered_on=date(2024, 5, 8))


def counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(Speech)),
        session.scalar(select(func.count()).select_from(Claim)),
        session.scalar(select(func.count()).select_from(AuditEvent)),
    )


def assert_exact_spans(speech: Speech, claims: list[Claim]) -> None:
    previous_end = 0
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(speech.transcript)
        assert speech.transcript[claim.start : claim.end] == claim.text
        assert claim.start >= previous_end
        previous_end = claim.end


def test_shared_speech_is_stored_verbatim_with_exact_spans(session: Session) -> None:
    raw = shared_file("data/speeches/tmtpost-ai-misconceptions.txt").read_text(encoding="utf-8")
    speech = import_speech(session, actor=None, details=DETAILS, transcript=raw)
    session.commit()
    session.expire_all()
    speech = session.get(Speech, speech.id)
    assert speech.transcript == raw.replace("\r\n", "\n").removeprefix("\ufeff")
    claims = claims_of(session, speech)
    assert len(claims) > 150
    assert_exact_spans(speech, claims)
    covered = "".join(c.text for c in claims)
    assert "".join(covered.split()) == "".join(speech.transcript.split())
    headings = [c for c in claims if c.text.startswith("Misconception 1:")]
    assert len(headings) == 1
    assert headings[0].status is ClaimStatus.DISMISSED
    assert headings[0].dismiss_reason is DismissReason.NOT_A_CLAIM
    assert headings[0].dismiss_note


def test_line_endings_and_bom_are_normalised_and_nothing_else(session: Session) -> None:
    raw = "\ufeffFirst line has 3 facts.\r\nSecond  line:\tkept   as is.\rThird."
    speech = import_speech(session, actor=None, details=DETAILS, transcript=raw)
    assert speech.transcript == "First line has 3 facts.\nSecond  line:\tkept   as is.\nThird."
    assert_exact_spans(speech, claims_of(session, speech))


def test_import_writes_one_audit_event_with_counts(session: Session) -> None:
    speech = import_speech(
        session,
        actor=None,
        details=DETAILS,
        transcript="Good morning.\nUnemployment fell to 4% in 2023.",
    )
    events = session.scalars(select(AuditEvent)).all()
    assert [(e.action, e.object_id) for e in events] == [("speech.import", speech.id)]
    assert events[0].after["claims"] == 1
    assert events[0].after["not_claims"] == 1
    assert events[0].created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("details", "transcript", "field"),
    [
        (DETAILS, "", "transcript"),
        (DETAILS, " \n\t\u00a0 \n", "transcript"),
        (SpeechDetails(title="  ", speaker="S"), "Text.", "title"),
        # No speaker given and none labelled in the transcript.
        (SpeechDetails(title="T", speaker=""), "Text.", "speaker"),
        (SpeechDetails(title="T", speaker=" "), "One line.\n(APPLAUSE)", "speaker"),
        (SpeechDetails(title="T" * 301, speaker="S"), "Text.", "title"),
        (SpeechDetails(title="T", speaker="S", source_url="ftp://x.org/a"), "Text.", "source_url"),
        (
            SpeechDetails(title="T", speaker="S", source_url="javascript:alert(1)"),
            "Text.",
            "source_url",
        ),
        (SpeechDetails(title="T", speaker="S", source_url="https://"), "Text.", "source_url"),
        # urlsplit raises ValueError on an unclosed IPv6 bracket: refused, not a 500.
        (SpeechDetails(title="T", speaker="S", source_url="http://["), "Text.", "source_url"),
        (SpeechDetails(title="T", speaker="S", media_url="http://[::1"), "Text.", "media_url"),
        (SpeechDetails(title="T", speaker="S", source_url="http://a b"), "Text.", "source_url"),
        (
            SpeechDetails(title="T", speaker="S", source_url="https://x.org/\u202egnp.exe"),
            "Text.",
            "source_url",
        ),
        (SpeechDetails(title="T\u202e", speaker="S"), "Text.", "title"),
        (SpeechDetails(title="T", speaker="S\u2066"), "Text.", "speaker"),
        (SpeechDetails(title="T", speaker="S", occasion="\u202bO"), "Text.", "occasion"),
        (SpeechDetails(title="T", speaker="S", language="english!"), "Text.", "language"),
        (
            SpeechDetails(
                title="T", speaker="S", delivered_on=datetime.now(UTC).date() + timedelta(days=2)
            ),
            "Text.",
            "delivered_on",
        ),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(
    session: Session, details: SpeechDetails, transcript: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_speech(session, actor=None, details=details, transcript=transcript)
    assert caught.value.field == field
    assert caught.value.message
    session.rollback()
    assert counts(session) == (0, 0, 0)


def test_transcript_over_the_limit_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput, match="limit"):
        import_speech(session, actor=None, details=DETAILS, transcript="é" * 600, max_bytes=1000)
    session.rollback()
    assert counts(session) == (0, 0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"abc\x00def", "binary"),
        ("caf\u00e9".encode("latin-1"), "UTF-8"),
        (b"x" * 101, "limit"),
    ],
)
def test_decode_upload_refuses_binary_non_utf8_and_large(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        speeches.decode_upload(data, limit=100)


def test_decode_upload_accepts_utf8() -> None:
    assert speeches.decode_upload("Zhao’s “speech”".encode(), limit=100) == "Zhao’s “speech”"


def test_claims_are_inserted_in_batches(session: Session, count_queries) -> None:
    transcript = "\n".join(f"In {1900 + i % 100} the rate was {i}%." for i in range(5000))
    with count_queries() as queries:
        speech = import_speech(session, actor=None, details=DETAILS, transcript=transcript)
    inserts = [s for s in queries.statements if s.lstrip().upper().startswith("INSERT INTO CLAIM")]
    assert len(claims_of(session, speech)) == 5000
    # A handful of statements for 5,000 claims: one executemany (SQLite) or a COPY (PostgreSQL,
    # which bypasses the statement hook), never a round trip per claim.
    assert len(queries.statements) <= 10
    assert len(inserts) == (0 if session.get_bind().dialect.name == "postgresql" else 1)


def test_a_big_import_updates_postgresql_statistics(session: Session, count_queries) -> None:
    """Until autovacuum analyses it, PostgreSQL plans for an empty claim table (services.bulk)."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    for lines, analysed in ((5, False), (600, postgresql)):
        transcript = "\n".join(f"In {1900 + i % 100} the rate was {i}%." for i in range(lines))
        with count_queries() as queries:
            import_speech(session, actor=None, details=DETAILS, transcript=transcript)
        analyses = [s for s in queries.statements if s.startswith("ANALYZE")]
        assert analyses == (["ANALYZE claim"] if analysed else [])
    if postgresql:
        estimate = session.execute(text("EXPLAIN SELECT * FROM claim")).scalar()
        assert int(estimate.split("rows=")[1].split()[0]) >= 600


@pytest.mark.parametrize(
    ("transcript", "speaker"),
    [
        ("HOLT: Good evening.\nTRUMP: We will win.\nTRUMP: Believe me.", "TRUMP and HOLT"),
        # Stage directions are nobody's words, whoever they are filed under.
        ("HOLT: Good evening.\nSYSTEM: (APPLAUSE)\nSYSTEM: (LAUGHTER)", "HOLT"),
        (
            "A: One.\nB: Two two.\nB: Two.\nC: Three.\nC: Three.\nC: Three.\nD: Four.\nE: Five.",
            "C, B, A and 2 others",
        ),
    ],
)
def test_without_a_speaker_the_labelled_speakers_are_named(session, transcript, speaker) -> None:
    details = SpeechDetails(title="Debate", speaker="")
    speech = import_speech(session, actor=None, details=details, transcript=transcript)
    assert speech.speaker == speaker
