"""Locate the read-only ../shared material: skip cleanly on a user's machine, fail in CI."""

import os
from pathlib import Path

import pytest

SHARED_DIR = Path(
    os.environ.get("FACTCHECK_SHARED_DIR", Path(__file__).resolve().parents[1].parent / "shared")
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def shared_file(relative: str) -> Path:
    """Return the path of a file under ../shared, or skip (fail in CI) when it is absent."""
    path = SHARED_DIR / relative
    if not path.exists():
        message = f"{path} is absent: the ../shared test material is not on this machine"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path
