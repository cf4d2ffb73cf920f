"""`flask backup` and `flask restore`: the move from SQLite to PostgreSQL the README shows, and
refusals as one line on stderr that change nothing."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from factcheck.extensions import db
from factcheck.models import Base
from factcheck.services import backup
from tests.backups import KINDS, fresh_app, rewritten, row_counts, with_manifest
from tests.conftest import Backend
from tests.test_cli import assert_one_line_error


def tables(app: Flask) -> set[str]:
    with app.app_context(), db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_backup_then_restore_into_a_database_without_tables(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    path = tmp_path / "desk.zip"
    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(
        f"Backed up {sum(row_counts(app).values())} rows of {len(Base.metadata.tables)} tables"
    )
    for kind in KINDS:
        with fresh_app(kind, tmp_path, tables=False) as target:
            result = target.test_cli_runner().invoke(args=["restore", str(path)])
            assert result.exit_code == 0, result.output
            assert result.stdout.startswith("Restored ")
            assert "alembic_version" in tables(target)  # migrated first
            assert row_counts(target) == row_counts(app)
            again = target.test_cli_runner().invoke(args=["backup", str(tmp_path / "again.zip")])
            assert again.exit_code == 0, again.output
            assert (tmp_path / "again.zip").read_bytes() == path.read_bytes()


def test_restore_into_a_database_with_rows_is_one_line_and_changes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["demo"])
    path = tmp_path / "desk.zip"
    runner.invoke(args=["backup", str(path)])
    before = row_counts(app)
    assert_one_line_error(
        runner.invoke(args=["restore", str(path)]), "not empty", "restore needs an empty database"
    )
    assert row_counts(app) == before


def test_a_damaged_archive_leaves_a_database_without_tables_without_tables(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, backend: Backend
) -> None:
    runner.invoke(args=["demo"])
    path = tmp_path / "desk.zip"
    runner.invoke(args=["backup", str(path)])
    path.write_bytes(path.read_bytes()[:-100])
    with fresh_app(backend.name, tmp_path, tables=False) as target:
        assert_one_line_error(
            target.test_cli_runner().invoke(args=["restore", str(path)]),
            "not a complete, undamaged factcheck backup",
        )
        assert tables(target) == set()


def test_a_newer_archive_is_refused_in_one_line(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "desk.zip"
    runner.invoke(args=["backup", str(path)])
    path.write_bytes(
        rewritten(path.read_bytes(), {backup.MANIFEST: with_manifest(format_version=99)})
    )
    with fresh_app("sqlite", tmp_path) as target:
        assert_one_line_error(
            target.test_cli_runner().invoke(args=["restore", str(path)]),
            "format version 99",
        )
        assert set(row_counts(target).values()) == {0}


def test_backup_into_a_missing_folder_is_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert_one_line_error(
        runner.invoke(args=["backup", str(tmp_path / "no" / "such" / "desk.zip")]),
        "Cannot write to",
    )
    assert not (tmp_path / "no").exists()


def test_restore_of_a_missing_file_is_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert_one_line_error(
        runner.invoke(args=["restore", str(tmp_path / "nowhere.zip")]), "There is no file"
    )
    assert set(Base.metadata.tables) <= tables(runner.app)
