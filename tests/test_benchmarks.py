"""The benchmark scripts still run and print their figures, at sizes that take seconds.

The figures are not judged here (speed is read from the full runs, never asserted as a time);
what is checked is that each script runs to the end on both databases and prints every line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _pg_unavailable, postgres_url
from tests.shared import in_ci

ROOT = Path(__file__).resolve().parents[1]

SCRIPTS = {
    "exports": (
        ["--speeches", "2", "--claims", "3", "--formats", "csv", "json", "markdown"],
        [r"SQLite published csv +3: .* \| +6: ", r"PostgreSQL staff +markdown +3: "],
    ),
    "workspace": (
        ["--claims", "8", "--repeats", "2"],
        [r"SQLite", r"PostgreSQL", r"saving a verdict"],
    ),
    "backup": (
        ["--claims", "4"],
        [r"SQLite", r"PostgreSQL", r"backup after restore: "],
    ),
    "reader": (
        ["--claims", "4", "--repeats", "2", "--seconds", "0.3", "--clients", "2"],
        [
            r"SQLite, gunicorn on loopback, 2 clients: trivial Flask endpoint [\d,]+ req/s",
            r"PostgreSQL, 4 published checks",
            r"PostgreSQL, gunicorn on loopback, .* of the ceiling",
        ],
    ),
    "browser": (
        ["--size-mb", "0.02", "--repeats", "1"],
        [r"workspace usable +\d+ ms +\d+ ms", r"HTML of the speech page"],
    ),
    "extraction": (
        ["--size-mb", "0.02", "--repeats", "1"],
        [r"import via web form, SQLite: ", r"import via web form, PostgreSQL: [\d.]+ s"],
    ),
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_benchmark_runs_and_prints_its_figures(name: str) -> None:
    arguments, expected = SCRIPTS[name]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["FACTCHECK_TEST_POSTGRES_URL"] = postgres_url()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    if "browser benchmark: skipped" in done.stdout:
        if in_ci():
            pytest.fail(done.stdout)
        pytest.skip(done.stdout.strip())
    if "skipped" in done.stdout:
        _pg_unavailable(done.stdout.strip())
    for pattern in expected:
        assert re.search(pattern, done.stdout), f"{pattern!r} not in:\n{done.stdout}"
