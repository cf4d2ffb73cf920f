"""What the benchmarks share: the PostgreSQL server to measure on, and a schema of its own for a
run, made at the start and dropped at the end."""

from __future__ import annotations

import argparse
import os
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from factcheck.config import normalise_database_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def add_postgres_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FACTCHECK_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="the PostgreSQL server to measure on (a schema is made there and dropped after)",
    )


@dataclass(frozen=True)
class Schema:
    """A run's schema on the server at `url`."""

    url: str
    name: str

    @property
    def engine_options(self) -> dict[str, Any]:
        """SQLALCHEMY_ENGINE_OPTIONS that put an app's connections in the schema."""
        return {"connect_args": {"options": f"-csearch_path={self.name}"}}

    @property
    def url_with_schema(self) -> str:
        """The URL with the schema in it, for a process (gunicorn's workers) that gets a URL only."""
        options = urllib.parse.urlencode({"options": f"-csearch_path={self.name}"})
        return f"{self.url}{'&' if '?' in self.url else '?'}{options}"


@contextmanager
def postgres_schema(url: str) -> Iterator[Schema]:
    """A new schema for the run, dropped at the end however it ends. Raises
    sqlalchemy.exc.OperationalError when the server cannot be reached."""
    url = normalise_database_url(url)
    name = f"fc_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        try:
            yield Schema(url, name)
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    finally:
        engine.dispose()
