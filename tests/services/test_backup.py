"""Backup and restore: lossless, byte for byte across SQLite and PostgreSQL, all or nothing.

Each test fills the `app` database (SQLite or PostgreSQL) with a row in every table and restores its
backup into a fresh database of either kind.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import AuditEvent, Base, Claim, LoginThrottle, Note, Source, Speech, User
from factcheck.services import backup, notes, restore
from factcheck.services.backup_codecs import codec_for
from factcheck.services.speeches import SpeechDetails, import_speech
from tests import factories
from tests.backups import (
    KINDS,
    flipped,
    fresh_app,
    rewritten,
    row_counts,
    with_manifest,
)
from tests.conftest import Backend


def ids(app: Flask, model: type) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(sa.select(model.id).order_by(model.id)))


def restore_into(app: Flask, path: Path) -> backup.Summary:
    with app.app_context():
        try:
            summary = restore.restore(db.session, path)
        except backup.BackupError:
            db.session.rollback()
            raise
        db.session.commit()
        return summary


def backup_of(app: Flask, path: Path) -> bytes:
    with app.app_context():
        backup.backup(db.session, path)
    return path.read_bytes()


@pytest.fixture
def filled(app: Flask, session: Session, tmp_path: Path) -> Path:
    """The app's database with a row in every table, and its backup."""
    factories.every_kind_of_row(session)
    # One audit event's "before" as SQL NULL: the others hold JSON null, and both must survive.
    session.execute(sa.update(AuditEvent).where(AuditEvent.id == 1).values(before=sa.null()))
    # Text keys that a linguistic collation (en_US) orders otherwise than byte by byte.
    session.execute(
        sa.insert(LoginThrottle),
        [
            {"key": key, "failures": 1, "window_start": datetime(2024, 5, 8, tzinfo=UTC)}
            for key in ("ab", "a-b", "B", "a")
        ],
    )
    session.commit()
    path = tmp_path / "backup.zip"
    backup.backup(session, path)
    return path


def manifest_of(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read(backup.MANIFEST))


def test_every_table_is_backed_up_and_the_filling_has_rows_in_each(filled: Path) -> None:
    tables = {t["name"]: t["rows"] for t in manifest_of(filled.read_bytes())["tables"]}
    assert set(tables) == set(Base.metadata.tables)
    # A new table needs rows in factories.every_kind_of_row, or the round trips below prove nothing.
    assert [name for name, rows in tables.items() if rows == 0] == []


@pytest.mark.parametrize("target", KINDS)
def test_round_trip_gives_the_same_archive_byte_for_byte(
    app: Flask, filled: Path, tmp_path: Path, target: str
) -> None:
    original = filled.read_bytes()
    with fresh_app(target, tmp_path) as restored:
        summary = restore_into(restored, filled)
        assert summary.tables == len(Base.metadata.tables)
        assert backup_of(restored, tmp_path / "again.zip") == original
        assert row_counts(restored) == row_counts(app)
        for model in (User, Speech, Claim, Note, Source, AuditEvent):
            assert ids(restored, model) == ids(app, model)

        def nulls(application: Flask) -> tuple[int, int]:
            with application.app_context():
                before = AuditEvent.__table__.c.before
                return db.session.execute(
                    sa.select(
                        sa.func.count().filter(before.is_(None)),
                        sa.func.count().filter(before.is_not(None)),
                    )
                ).one()

        assert nulls(restored) == nulls(app)


@pytest.mark.parametrize("target", KINDS)
def test_hostile_text_survives_exactly(
    app: Flask, filled: Path, tmp_path: Path, target: str
) -> None:
    def texts(application: Flask) -> list[str]:
        with application.app_context():
            speech = db.session.scalars(sa.select(Speech).where(Speech.title.contains("hostile")))
            note = db.session.scalars(sa.select(Note).order_by(Note.id.desc())).first()
            source = db.session.scalars(sa.select(Source).where(~Source.is_public)).all()
            person = db.session.scalars(sa.select(User).where(~User.active)).one()
            return [
                *(s.transcript for s in speech),
                note.body,
                *(s.quote or "" for s in source),
                person.display_name,
            ]

    expected = texts(app)
    assert factories.HOSTILE.strip() in expected
    assert any(len(text) > 100_000 for text in expected)
    with fresh_app(target, tmp_path) as restored:
        restore_into(restored, filled)
        assert texts(restored) == expected


@pytest.mark.parametrize("target", KINDS)
def test_new_rows_after_a_restore_get_ids_never_handed_out(
    app: Flask, filled: Path, tmp_path: Path, target: str
) -> None:
    last = {t["name"]: t.get("last_id") for t in manifest_of(filled.read_bytes())["tables"]}
    # A speech was deleted after the last one kept: its id must not come back.
    assert last["speech"] > max(ids(app, Speech))
    with fresh_app(target, tmp_path) as restored, restored.app_context():
        restore_into(restored, filled)
        speech = factories.speech(db.session)
        assert speech.id == last["speech"] + 1
        assert min(c.id for c in speech.claims) == last["claim"] + 1
        note = notes.add_note(
            db.session, actor=db.session.get(User, 1), claim=speech.claims[0], body="New."
        )
        db.session.flush()
        assert note.id == last["note"] + 1


def test_restoring_into_a_database_with_rows_is_refused(
    app: Flask, filled: Path, session: Session
) -> None:
    before = row_counts(app)
    with pytest.raises(backup.BackupError, match="not empty"):
        restore.restore(session, filled)
    session.rollback()
    assert row_counts(app) == before


def damaged_archives(data: bytes) -> dict[str, tuple[bytes, str]]:
    """Ways an archive goes wrong -> (the archive, what the refusal says)."""

    def duplicate_last_row(text: bytes) -> bytes:
        return text + text.splitlines(keepends=True)[-1]

    def drop_last_row(text: bytes) -> bytes:
        return b"".join(text.splitlines(keepends=True)[:-1])

    undamaged = "not a complete, undamaged factcheck backup"
    return {
        "a byte of the claims flipped": (flipped(data, "tables/claim.jsonl"), undamaged),
        "a byte of the manifest flipped": (flipped(data, "manifest.json"), undamaged),
        "cut in half": (data[: len(data) // 2], undamaged),
        "its last byte missing": (data[:-1], undamaged),
        "a row gone, its checksum not updated": (
            rewritten(data, {"tables/note.jsonl": drop_last_row}, sign=False),
            "does not match its checksum",
        ),
        "a newer format": (
            rewritten(
                data, {backup.MANIFEST: with_manifest(format_version=backup.FORMAT_VERSION + 1)}
            ),
            f"format version {backup.FORMAT_VERSION + 1}, newer than this factcheck reads",
        ),
        "another schema revision": (
            rewritten(data, {backup.MANIFEST: with_manifest(schema_revision="0010")}),
            "made at schema revision 0010",
        ),
        "not a backup at all": (b"id,claim\n1,It rained.\n", undamaged),
        # Consistent checksums, but a row the database refuses, in the last table loaded: all
        # that was loaded before it must go too.
        "a row twice": (
            rewritten(data, {"tables/claim_workflow.jsonl": duplicate_last_row}),
            "The database refused a row of table claim_workflow",
        ),
    }


def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(
    app: Flask, filled: Path, tmp_path: Path, backend: Backend
) -> None:
    with fresh_app(backend.name, tmp_path) as target:
        for what, (data, message) in damaged_archives(filled.read_bytes()).items():
            path = tmp_path / "damaged.zip"
            path.write_bytes(data)
            with pytest.raises(backup.BackupError, match=message) as refused:
                restore_into(target, path)
            assert "\n" not in refused.value.message, what
            assert set(row_counts(target).values()) == {0}, what
        # Nothing was left half done: the real archive goes in afterwards.
        restore_into(target, filled)
        assert row_counts(target) == row_counts(app)


def refusal(path: Path) -> str | None:
    """The message refusing the archive at ``path``, or None if it is sound."""
    try:
        restore.verify(path)
    except backup.BackupError as exc:
        return exc.message
    return None


def contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_any_byte_flipped_is_refused_or_harmless(tmp_path: Path) -> None:
    """Every byte of a small archive inverted in turn: the archive is refused with a one-line
    message, or the byte was one the reader ignores (a date, a local header's copy of a size,
    deflate past a member's size) and every member reads as it was. Never a traceback."""
    with fresh_app("sqlite", tmp_path) as source, source.app_context():
        factories.user(db.session, "ana@example.org")
        data = backup_of(source, tmp_path / "small.zip")
    original = contents(data)
    path = tmp_path / "flipped.zip"
    refused = 0
    for at in range(len(data)):
        damaged = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
        path.write_bytes(damaged)
        message = refusal(path)
        if message is None:
            assert contents(damaged) == original, at
        else:
            assert "\n" not in message
            refused += 1
    assert refused > len(data) // 2


def test_a_missing_archive_is_refused(session: Session, tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="There is no file"):
        restore.restore(session, tmp_path / "nowhere.zip")


def test_backing_up_twice_gives_the_same_bytes(app: Flask, filled: Path, tmp_path: Path) -> None:
    assert backup_of(app, tmp_path / "second.zip") == filled.read_bytes()
    assert filled.stat().st_mode & 0o777 == 0o600


def test_a_nul_character_round_trips_on_sqlite_and_is_refused_by_postgresql(
    tmp_path: Path,
) -> None:
    """SQLite keeps U+0000 in text; PostgreSQL can store none, so the restore says so."""
    with fresh_app("sqlite", tmp_path) as source, source.app_context():
        speech = import_speech(
            db.session,
            actor=None,
            details=SpeechDetails(title="Nul", speaker="Someone"),
            transcript="A claim with a \x00 in it was made.",
        )
        db.session.commit()
        assert "\x00" in speech.transcript
        path = tmp_path / "nul.zip"
        backup.backup(db.session, path)
    with fresh_app("sqlite", tmp_path) as restored:
        restore_into(restored, path)
        assert backup_of(restored, tmp_path / "again.zip") == path.read_bytes()
    with fresh_app("postgresql", tmp_path) as refused:
        with pytest.raises(backup.BackupError, match=r"refused a row of table speech .*NUL"):
            restore_into(refused, path)
        assert set(row_counts(refused).values()) == {0}


def test_a_column_type_the_format_does_not_know_is_named() -> None:
    column = sa.Column("tags", sa.ARRAY(sa.Integer))
    sa.Table("future", sa.MetaData(), column)
    with pytest.raises(TypeError, match=r"column future\.tags of type ARRAY"):
        codec_for(column)
