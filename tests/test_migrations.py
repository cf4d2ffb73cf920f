"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from factcheck import MIGRATIONS_DIR
from factcheck.extensions import db
from factcheck.models import Base
from tests.conftest import Backend, create_schema, drop_schema, make_app

# The full-text table of publications (migrations 0013 and 0014), and on SQLite FTS5's own
# tables behind it.
SEARCH_TABLES = "publication_search"


def fresh_backend(backend: Backend, tmp_path: Path, name: str) -> Iterator[Backend]:
    if backend.name == "sqlite":
        yield Backend("sqlite", url=f"sqlite:///{tmp_path / name}.sqlite")
        return
    schema = create_schema(backend.url, prefix=f"fc_{name}")
    try:
        yield Backend("postgresql", url=backend.url, schema=schema)
    finally:
        drop_schema(backend.url, schema)


@pytest.fixture
def migrated_app(backend: Backend, tmp_path: Path) -> Iterator[Flask]:
    for target in fresh_backend(backend, tmp_path, "migrated"):
        app = make_app(target, tmp_path)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS_DIR))
            yield app
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def created_app(backend: Backend, tmp_path: Path) -> Iterator[Flask]:
    for target in fresh_backend(backend, tmp_path, "created"):
        app = make_app(target, tmp_path)
        with app.app_context():
            Base.metadata.create_all(db.engine)
            yield app
            db.engine.dispose()


def describe_schema(engine: sa.Engine) -> dict[str, Any]:
    """Everything reflection can see of our tables, in a comparable form."""
    inspector = sa.inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version" or table.startswith(SEARCH_TABLES):
            continue
        schema[table] = {
            # Column order is not compared: a migration appends what a model may declare mid-table.
            "columns": sorted(
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in inspector.get_columns(table)
            ),
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(
                (
                    fk["name"],
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    (fk.get("options") or {}).get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "uniques": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            ),
            "checks": sorted(
                (c["name"], " ".join(c["sqltext"].split()))
                for c in inspector.get_check_constraints(table)
            ),
        }
    return schema


def test_migrations_match_the_models(migrated_app: Flask) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, kind, _: not str(name).startswith(SEARCH_TABLES)},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrated_schema_equals_created_schema(migrated_app: Flask, created_app: Flask) -> None:
    with migrated_app.app_context():
        migrated = describe_schema(db.engine)
    with created_app.app_context():
        created = describe_schema(db.engine)
    assert set(migrated) == set(Base.metadata.tables)
    for table in created:
        for aspect, expected in created[table].items():
            assert migrated[table][aspect] == expected, f"{table}.{aspect}"
    assert any(name == "ck_claim_start_before_end" for name, _ in migrated["claim"]["checks"])


def test_published_checks_are_indexed_for_search_when_created_or_migrated(
    migrated_app: Flask, created_app: Flask
) -> None:
    for app in (migrated_app, created_app):
        with app.app_context():
            assert SEARCH_TABLES in set(sa.inspect(db.engine).get_table_names())


def test_downgrade_to_base_and_upgrade_again(migrated_app: Flask) -> None:
    downgrade(directory=str(MIGRATIONS_DIR), revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(directory=str(MIGRATIONS_DIR))
    assert {"user", "speech", "claim", "audit_event"} <= set(
        sa.inspect(db.engine).get_table_names()
    )


def test_ids_are_never_reused_after_a_delete(migrated_app: Flask) -> None:
    """Ids are in the audit log and in permalinks; a new row must not take a deleted row's id."""
    with db.engine.begin() as conn:
        for table in ("speech", "claim"):
            if db.engine.dialect.name == "sqlite":
                sql = conn.scalar(
                    sa.text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
                )
                assert "AUTOINCREMENT" in sql, table
        insert = sa.text(
            "INSERT INTO speech (title, speaker, language, transcript, transcript_format, status,"
            " created_at, updated_at) VALUES ('t', 's', 'en', 'x', 'plain', 'in_review',"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        conn.execute(insert)
        first = conn.scalar(sa.text("SELECT max(id) FROM speech"))
        conn.execute(sa.text("DELETE FROM speech"))
        conn.execute(insert)
        second = conn.scalar(sa.text("SELECT max(id) FROM speech"))
    assert second > first


def test_every_table_keeps_autoincrement_through_the_migrations(
    migrated_app: Flask, backend: Backend
) -> None:
    if backend.name != "sqlite":
        # PostgreSQL sequences never hand out an id twice; the behaviour test above covers it.
        assert db.engine.dialect.name == "postgresql"
        return
    with db.engine.connect() as conn:
        rows = dict(
            conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all()
        )
    for table in Base.metadata.tables.values():
        if table.kwargs.get("sqlite_autoincrement"):
            assert "AUTOINCREMENT" in rows[table.name], table.name


def test_migrated_database_refuses_overlapping_claims(migrated_app: Flask) -> None:
    """The overlap guard is not in the reflected schema: check the migrated one holds it."""
    with db.engine.begin() as conn:
        conn.execute(sa.text(INSERT_SPEECH))
        speech_id = conn.scalar(sa.text("SELECT max(id) FROM speech"))
        conn.execute(sa.text(INSERT_CLAIM), {"speech": speech_id, "start": 0, "end": 5})
    with (
        pytest.raises(sa.exc.IntegrityError, match="ex_claim_spans_do_not_overlap"),
        db.engine.begin() as conn,
    ):
        conn.execute(sa.text(INSERT_CLAIM), {"speech": speech_id, "start": 3, "end": 9})


INSERT_SPEECH = (
    "INSERT INTO speech (title, speaker, language, transcript, transcript_format, status,"
    " created_at, updated_at) VALUES ('t', 's', 'en', 'Taxes fell. Jobs rose.', 'plain',"
    " 'in_review', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
INSERT_CLAIM = (
    'INSERT INTO claim (speech_id, start, "end", text, status, checkworthiness,'
    " checkworthiness_reasons, created_at, updated_at, version) VALUES (:speech, :start, :end,"
    " 'x', 'open', 0, '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
)


def test_migration_0005_stamps_existing_verdicts_with_their_claim(
    backend: Backend, tmp_path: Path
) -> None:
    for target in fresh_backend(backend, tmp_path, "stamp"):
        app = make_app(target, tmp_path)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS_DIR), revision="0004")
            with db.engine.begin() as conn:
                conn.execute(sa.text(INSERT_SPEECH))
                speech_id = conn.scalar(sa.text("SELECT max(id) FROM speech"))
                conn.execute(sa.text(INSERT_CLAIM), {"speech": speech_id, "start": 0, "end": 11})
                claim_id = conn.scalar(sa.text("SELECT max(id) FROM claim"))
                conn.execute(sa.text("UPDATE claim SET text = 'Taxes fell.', restatement = 'Tax'"))
                conn.execute(
                    sa.text(
                        "INSERT INTO rating_scale (name, created_at, version)"
                        " VALUES ('s', CURRENT_TIMESTAMP, 1)"
                    )
                )
                conn.execute(
                    sa.text(
                        "INSERT INTO rating (scale_id, position, label, definition, colour,"
                        " retired) SELECT max(id), 0, 'False', '', '#aa0000', false"
                        " FROM rating_scale"
                    )
                )
                conn.execute(
                    sa.text(
                        "INSERT INTO verdict (claim_id, rating_id, rating_label, conclusion,"
                        " status, created_at, updated_at, version) SELECT :claim, max(id),"
                        " 'False', 'No.', 'submitted', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1"
                        " FROM rating"
                    ),
                    {"claim": claim_id},
                )
            upgrade(directory=str(MIGRATIONS_DIR))
            with db.engine.connect() as conn:
                stamped = conn.execute(
                    sa.text(
                        "SELECT claim_start, claim_end, claim_text, claim_restatement FROM verdict"
                    )
                ).one()
            assert tuple(stamped) == (0, 11, "Taxes fell.", "Tax")
            db.session.remove()
            db.engine.dispose()


INSERT_EVENT = (
    "INSERT INTO audit_event (actor_id, action, object_type, object_id, speech_id, claim_id,"
    " before, after, created_at) VALUES (:actor, :action, :type, :object, :speech, :claim,"
    " :before, :after, CURRENT_TIMESTAMP)"
)


def test_migration_0006_carries_merges_and_withdrawals_over_from_the_audit_log(
    backend: Backend, tmp_path: Path
) -> None:
    for target in fresh_backend(backend, tmp_path, "facts"):
        app = make_app(target, tmp_path)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS_DIR), revision="0005")
            with db.engine.begin() as conn:
                conn.execute(sa.text(INSERT_SPEECH))
                speech = conn.scalar(sa.text("SELECT max(id) FROM speech"))
                conn.execute(sa.text(INSERT_CLAIM), {"speech": speech, "start": 0, "end": 11})
                holder = conn.scalar(sa.text("SELECT max(id) FROM claim"))
                conn.execute(
                    sa.text(
                        'INSERT INTO "user" (email, display_name, password_hash, role, active,'
                        " created_at) VALUES ('a@example.org', 'A', 'x', 'editor', true,"
                        " CURRENT_TIMESTAMP)"
                    )
                )
                user = conn.scalar(sa.text('SELECT max(id) FROM "user"'))
                # Claim 901 was merged into 902, then 902 into the holder; a verdict was
                # withdrawn from 902 before that.
                events = [
                    ("claim.merged_into", "claim", 901, 901, None, {"into": 902}),
                    ("verdict.withdraw", "verdict", 77, 902, {"author_id": user}, None),
                    ("claim.merged_into", "claim", 902, 902, None, {"into": holder}),
                ]
                for action, kind, object_id, claim_id, before, after in events:
                    conn.execute(
                        sa.text(INSERT_EVENT).bindparams(
                            sa.bindparam("before", type_=sa.JSON),
                            sa.bindparam("after", type_=sa.JSON),
                        ),
                        {
                            "actor": user,
                            "action": action,
                            "type": kind,
                            "object": object_id,
                            "speech": speech,
                            "claim": claim_id,
                            "before": before,
                            "after": after,
                        },
                    )
            upgrade(directory=str(MIGRATIONS_DIR))
            with db.engine.connect() as conn:
                merges = conn.execute(
                    sa.text("SELECT absorbed_id, into_id, merged_by_id FROM claim_merge")
                ).all()
                withdrawals = conn.execute(
                    sa.text(
                        "SELECT verdict_id, claim_id, author_id, withdrawn_by_id"
                        " FROM verdict_withdrawal"
                    )
                ).all()
            assert sorted(map(tuple, merges)) == [(901, holder, user), (902, holder, user)]
            assert [tuple(w) for w in withdrawals] == [(77, holder, user, user)]
            db.session.remove()
            db.engine.dispose()


def test_migration_0011_starts_judged_claims_in_review_or_submitted(
    backend: Backend, tmp_path: Path
) -> None:
    for target in fresh_backend(backend, tmp_path, "workflow"):
        app = make_app(target, tmp_path)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS_DIR), revision="0010")
            with db.engine.begin() as conn:
                conn.execute(sa.text(INSERT_SPEECH))
                speech = conn.scalar(sa.text("SELECT max(id) FROM speech"))
                claims = []
                for start, end in ((0, 5), (6, 11), (12, 16)):
                    conn.execute(
                        sa.text(INSERT_CLAIM), {"speech": speech, "start": start, "end": end}
                    )
                    claims.append(conn.scalar(sa.text("SELECT max(id) FROM claim")))
                conn.execute(
                    sa.text(
                        "INSERT INTO rating_scale (name, created_at, version)"
                        " VALUES ('s', CURRENT_TIMESTAMP, 1)"
                    )
                )
                conn.execute(
                    sa.text(
                        "INSERT INTO rating (scale_id, position, label, definition, colour,"
                        " retired) SELECT max(id), 0, 'False', '', '#aa0000', false"
                        " FROM rating_scale"
                    )
                )
                # The first claim has a draft; the second a draft and a submitted verdict.
                for claim, status in (
                    (claims[0], "draft"),
                    (claims[1], "draft"),
                    (claims[1], "submitted"),
                ):
                    conn.execute(
                        sa.text(
                            "INSERT INTO verdict (claim_id, rating_id, rating_label, conclusion,"
                            " status, claim_start, claim_end, claim_text, created_at, updated_at,"
                            " version) SELECT :claim, max(id), 'False', 'No.', :status, 0, 5, 'x',"
                            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1 FROM rating"
                        ),
                        {"claim": claim, "status": status},
                    )
                submitted = conn.scalar(
                    sa.text("SELECT id FROM verdict WHERE status = 'submitted'")
                )
            upgrade(directory=str(MIGRATIONS_DIR))
            with db.engine.connect() as conn:
                rows = conn.execute(
                    sa.text(
                        "SELECT claim_id, state, verdict_id FROM claim_workflow ORDER BY claim_id"
                    )
                ).all()
            assert [tuple(row) for row in rows] == [
                (claims[0], "in_review", None),
                (claims[1], "submitted", submitted),
            ]
            db.session.remove()
            db.engine.dispose()


def test_migration_0014_indexes_earlier_and_later_publications_for_search(
    backend: Backend, tmp_path: Path
) -> None:
    """PostgreSQL's search table is filled from what was published before the migration and
    then by its trigger; SQLite's (0013) went on the same way."""
    for target in fresh_backend(backend, tmp_path, "search"):
        app = make_app(target, tmp_path)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS_DIR), revision="0013")
            with db.engine.begin() as conn:
                conn.execute(sa.text(INSERT_SPEECH))
                speech = conn.scalar(sa.text("SELECT max(id) FROM speech"))
                claims = []
                for start, end in ((0, 11), (12, 22)):
                    conn.execute(
                        sa.text(INSERT_CLAIM), {"speech": speech, "start": start, "end": end}
                    )
                    claims.append(conn.scalar(sa.text("SELECT max(id) FROM claim")))

            def publish(claim: int, words: str, speech: int = speech) -> int:
                content = json.dumps({"claim": {"text": words}, "verdict": {}, "speech": {}})
                with db.engine.begin() as conn:
                    conn.execute(
                        sa.text(
                            "INSERT INTO publication (claim_id, speech_id, number, kind, content,"
                            " published_at) VALUES (:claim, :speech, 1, 'first', :content,"
                            " CURRENT_TIMESTAMP)"
                        ),
                        {"claim": claim, "speech": speech, "content": content},
                    )
                    return conn.scalar(sa.text("SELECT max(id) FROM publication"))

            def found(word: str) -> list[int]:
                if db.engine.dialect.name == "sqlite":
                    query = f"SELECT rowid FROM {SEARCH_TABLES} WHERE {SEARCH_TABLES} MATCH :w"  # noqa: S608
                else:
                    query = (
                        f"SELECT id FROM {SEARCH_TABLES}"  # noqa: S608 - constants
                        " WHERE document @@ plainto_tsquery('english', :w)"
                    )
                with db.engine.connect() as conn:
                    return list(conn.scalars(sa.text(query), {"w": word}))

            earlier = publish(claims[0], "Taxes fell sharply")
            upgrade(directory=str(MIGRATIONS_DIR))
            later = publish(claims[1], "Jobs rose quickly")
            assert found("taxes") == [earlier]
            assert found("jobs") == [later]
            assert found("wages") == []
            downgrade(directory=str(MIGRATIONS_DIR), revision="0013")
            if db.engine.dialect.name == "postgresql":
                assert SEARCH_TABLES not in sa.inspect(db.engine).get_table_names()
            db.session.remove()
            db.engine.dispose()
