"""Fixtures for the desk's client tests: a speech in review, and its first claim to check."""

from __future__ import annotations

import pytest
from flask import Flask

from tests import factories
from tests.helpers import claim_starting


@pytest.fixture
def speech_id(app: Flask) -> int:
    """The factories' transcript: a greeting, three claims ("Unemployment fell...", "We built...",
    "Prices rose...") and thanks."""
    with factories.seeding(app) as session:
        return factories.speech(session).id


@pytest.fixture
def claim_id(app: Flask, speech_id: int, scale: None) -> int:
    """The first claim to check, with the default rating scale there to judge it."""
    return claim_starting(app, speech_id, "Unemployment").id
