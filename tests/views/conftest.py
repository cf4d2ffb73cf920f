"""Fixtures shared by the client tests."""

from __future__ import annotations

import pytest
from flask import Flask

from tests import factories


@pytest.fixture
def scale(app: Flask) -> None:
    """The default rating scale, which verdicts need."""
    with factories.seeding(app) as session:
        factories.rating_scale(session)
