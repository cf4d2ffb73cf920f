"""The reader site's import-linter contracts keep up with the code: every staff query module, and
every service but the settings, is forbidden to the reader site by name."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import factcheck.queries
import factcheck.services

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def forbidden(source: str) -> set[str]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    [contract] = [c for c in contracts if c["source_modules"] == [source]]
    return set(contract["forbidden_modules"])


def modules(package) -> set[str]:
    return {f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)}


def staff_queries() -> set[str]:
    return modules(factcheck.queries) - {"factcheck.queries.public"}


def test_public_views_may_import_no_staff_query() -> None:
    assert staff_queries() <= forbidden("factcheck.views.public")
    assert "factcheck.services" in forbidden("factcheck.views.public")


def test_public_queries_may_import_no_staff_query_nor_a_service_that_writes() -> None:
    allowed = {"factcheck.services.settings"}  # the organisation's name, whether names show
    wanted = staff_queries() | (modules(factcheck.services) - allowed)
    assert wanted <= forbidden("factcheck.queries.public")
