"""Fixtures: an app on a fresh database per test, on SQLite and on PostgreSQL; clients, logged in.

Every test that uses `app` runs twice, once per backend. PostgreSQL comes from
FACTCHECK_TEST_POSTGRES_URL (default: the local server, database `test`); each run works in a schema of
its own, dropped at the end, so it never touches other data. Without a reachable PostgreSQL the
PostgreSQL half is skipped on a user's machine and fails in CI.

A fresh database is cheap to make: SQLite's is a copy of a file whose tables were created once per
run, PostgreSQL's is the run's schema emptied after each test. Neither waits for the disk: a test
database need not survive a power cut (SQLite's `synchronous`, PostgreSQL's `synchronous_commit`),
and nothing else about either changes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

import factcheck.models.user as user_model
from factcheck import create_app
from factcheck.config import normalise_database_url
from factcheck.extensions import db
from factcheck.models import Base, Role, User
from tests import factories
from tests.helpers import login
from tests.shared import in_ci

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return normalise_database_url(os.environ.get("FACTCHECK_TEST_POSTGRES_URL", DEFAULT_PG_URL))


@dataclass
class Backend:
    """Where one half of the suite keeps its data."""

    name: str
    url: str | None = None  # PostgreSQL: the server; SQLite: None (a new file per test)
    schema: str | None = None
    created: bool = False
    template: Path | None = None  # SQLite: a file with every table, copied for each test
    sequences: tuple[str, ...] = ()  # PostgreSQL: the schema's, restarted after each test

    def engine_options(self) -> dict[str, Any]:
        if self.schema is None:
            return {}
        options = f"-csearch_path={self.schema} -csynchronous_commit=off"
        return {"connect_args": {"options": options}}


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_without_fsync(dbapi_connection: object, connection_record: object) -> None:
    """Tests' SQLite files need not survive a power cut: commits skip fsync (locking is as ever)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def _pg_unavailable(reason: str) -> None:
    message = f"PostgreSQL is not reachable ({reason}); set FACTCHECK_TEST_POSTGRES_URL"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def create_schema(url: str, prefix: str = "fc_test") -> str:
    schema = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()
    return schema


def drop_schema(url: str, schema: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """scrypt costs ~50 ms a hash; tests hash hundreds of passwords. One test checks the real default."""
    original = user_model.PASSWORD_HASH_METHOD
    user_model.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    yield
    user_model.PASSWORD_HASH_METHOD = original


def sqlite_template(folder: Path) -> Path:
    """A SQLite file holding every table (and trigger) `create_all` makes, for tests to copy."""
    path = folder / "template.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", template=sqlite_template(tmp_path_factory.mktemp("sqlite")))
        return
    url = postgres_url()
    try:
        schema = create_schema(url)
    except sa.exc.OperationalError as exc:
        _pg_unavailable(str(exc.orig).strip().splitlines()[0])
    try:
        yield Backend("postgresql", url=url, schema=schema)
    finally:
        drop_schema(url, schema)


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept for the whole run: each test's app would otherwise compile every page
    it renders again. Jinja keys a bucket on the template's name and checks its source's checksum
    when loading, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


SHARED_BYTECODE = _SharedBytecode()


def make_app(backend: Backend, tmp_path: Path, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test secret key",
        "WTF_CSRF_ENABLED": False,
        "DATABASE_URL": backend.url or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "SQLALCHEMY_ENGINE_OPTIONS": backend.engine_options(),
        # A page changed is a page changed at once (tests/views/public/test_http.py tries the wait).
        "PUBLIC_PAGE_TRUST_SECONDS": 0,
    }
    config.update(overrides)
    application = create_app(config)
    application.jinja_env.bytecode_cache = SHARED_BYTECODE
    return application


def create_tables(backend: Backend, engine: sa.Engine) -> None:
    """PostgreSQL: the run's schema gets its tables the first time; later tests find them empty."""
    if backend.created:
        return
    Base.metadata.create_all(engine)
    with engine.connect() as conn:
        backend.sequences = tuple(
            conn.scalars(
                sa.text("SELECT sequencename FROM pg_sequences WHERE schemaname = :schema"),
                {"schema": backend.schema},
            )
        )
    backend.created = True


def empty_tables(backend: Backend, engine: sa.Engine) -> None:
    """PostgreSQL: every row deleted, children first, and every id sequence restarted, as a fresh
    schema has them. On a test's handful of rows this takes a few milliseconds; TRUNCATE makes new
    files for every table and takes ten times as long."""
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        for sequence in backend.sequences:
            conn.execute(sa.text("SELECT setval(:seq, 1, false)"), {"seq": f'"{sequence}"'})


@pytest.fixture
def app(backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    if backend.template is not None:
        shutil.copyfile(backend.template, tmp_path / "test.sqlite")
    application = make_app(backend, tmp_path)
    if backend.name == "postgresql":
        with application.app_context():
            create_tables(backend, db.engine)
    yield application
    with application.app_context():
        db.session.remove()
        if backend.name == "postgresql":
            empty_tables(backend, db.engine)
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Iterator[sa.orm.Session]:
    """The app's SQLAlchemy session, inside an app context, for service tests."""
    with app.app_context():
        yield db.session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def users(app: Flask) -> dict[str, User]:
    """An admin, an editor and a reviewer, named after their roles (admin@example.org...)."""
    with factories.seeding(app) as session:
        return {
            role.value: factories.user(session, f"{role.value}@example.org", role)
            for role in (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
        }


@pytest.fixture
def as_admin(client: FlaskClient, users: dict[str, User]) -> FlaskClient:
    assert login(client, users["admin"].email).status_code == 302
    return client


@pytest.fixture
def as_reviewer(client: FlaskClient, users: dict[str, User]) -> FlaskClient:
    assert login(client, users["reviewer"].email).status_code == 302
    return client


@pytest.fixture
def as_editor(client: FlaskClient, users: dict[str, User]) -> FlaskClient:
    assert login(client, users["editor"].email).status_code == 302
    return client


class QueryCounter:
    """Counts SQL statements sent through an engine while active."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    def __enter__(self) -> QueryCounter:
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._count)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):
    """`with count_queries() as q: ...; q.count` counts the statements the block sent."""

    def make() -> QueryCounter:
        with app.app_context():
            return QueryCounter(db.engine)

    return make
