"""Data for the export tests: the demo desk, and many published claims made quickly."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    ClaimWorkflow,
    Publication,
    PublicationKind,
    Role,
    Verdict,
    VerdictStatus,
)
from factcheck.services import publishing
from tests import factories
from tests.shared import in_ci

BASE = "https://desk.example.org/"


def readable(name: str, data: bytes) -> str:
    """An export as text to search: a PDF's text as poppler's pdftotext reads it, with every
    space and line break taken out (a line may break anywhere, even inside an address); any
    other format decoded as UTF-8."""
    if name != "pdf":
        return data.decode("utf-8")
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "pdftotext is absent: install Debian's poppler-utils to read PDFs back"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.pdf"
        path.write_bytes(data)
        text = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(text.stdout.split())


def squeezed(name: str, text: str) -> str:
    """``text`` as `readable` gives it for the format ``name``."""
    return "".join(text.split()) if name == "pdf" else text


def demo(app: Flask) -> None:
    """`flask demo`: two speeches, the debate with work in every state (two published checks,
    one corrected, a private source, a draft verdict, two verdicts that disagree)."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def published_speech(app: Flask, claims: int, *, speaker: str = "A speaker") -> int:
    """A speech of `claims` claims, each with a source, a submitted verdict, an editor's approval
    and a first publication. Made with the models (as a fast desk would have left them): what is
    under test is reading them. Returns the speech's id."""
    with factories.seeding(app) as session:
        author = factories.user(session, role=Role.REVIEWER)
        editor = factories.user(session, role=Role.EDITOR)
        speech = factories.speech(
            session, factories.numbered_transcript(claims), actor=author, speaker=speaker
        )
        factories.items_on_every_claim(session, speech, author)
        session.execute(update(Verdict).values(status=VerdictStatus.SUBMITTED))
        rows = session.execute(
            select(Claim, Verdict)
            .join(Verdict, Verdict.claim_id == Claim.id)
            .where(Claim.speech_id == speech.id)
        ).all()
        for claim, verdict in rows:
            session.add(
                ApprovalVote(
                    claim_id=claim.id,
                    verdict_id=verdict.id,
                    verdict_version=verdict.version,
                    editor_id=editor.id,
                    rationale="Fine.",
                )
            )
        session.flush()
        for claim, verdict in rows:
            session.add(
                Publication(
                    claim_id=claim.id,
                    speech_id=speech.id,
                    number=1,
                    kind=PublicationKind.FIRST,
                    content=publishing.reader_view(session, claim, verdict),
                    published_by_id=editor.id,
                )
            )
            session.execute(
                update(ClaimWorkflow)
                .where(ClaimWorkflow.claim_id == claim.id)
                .values(state=ClaimState.PUBLISHED, verdict_id=verdict.id)
            )
        return speech.id
