"""Data for the export and reader tests: the demo desk, secrets planted on it, and many published
claims made quickly."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    ClaimWorkflow,
    Publication,
    PublicationKind,
    Role,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.services import notes, publishing, settings, sources, verdicts
from tests import factories
from tests.shared import in_ci

BASE = "https://desk.example.org/"

# Secrets planted on the demo desk (`plant_secrets`): no published export or public page may
# show them.
PRIVATE_SOURCE = "https://whistleblower.example.org/private-ledger"
PRIVATE_TITLE = "A ledger shown to us in confidence"
INTERNAL_NOTE = "Internal: the press office asked us to hold this until Friday."
DRAFT = "Draft conclusion nobody has approved: the depot doubled the cost."
STAFF = ("Rita Reviewer", "Eddie Editor", "Sam Second", "Ada Admin", "@example.org")


def person(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def claim(session: Session, start: str) -> Claim:
    return session.scalars(select(Claim).where(Claim.text.startswith(start))).one()


def plant_secrets(session: Session) -> Claim:
    """On the demo desk's tram claim: a private source and an internal note, then publication,
    then a second reviewer's draft verdict. Returns the claim (published)."""
    editor, rita = person(session, "editor@example.org"), person(session, "reviewer@example.org")
    tram = claim(session, "We opened the new tram")  # approved in the demo
    sources.add_source(
        session,
        actor=rita,
        claim=tram,
        data=sources.SourceInput(
            url=PRIVATE_SOURCE,
            title=PRIVATE_TITLE,
            accessed_on=date(2024, 10, 4),
            stance="supports",
            kind="other",
            is_public=False,
        ),
    )
    notes.add_note(session, actor=rita, claim=tram, body=INTERNAL_NOTE)
    publishing.publish(session, actor=editor, claim=tram)
    rating = next(r for r in factories.rating_scale(session).ratings if r.label == "False")
    verdicts.set_verdict(
        session,
        actor=person(session, "second@example.org"),
        claim=tram,
        rating_id=rating.id,
        conclusion=DRAFT,
        explanation=None,
        submit=False,
        expected_version=None,
    )
    return tram


def hide_staff_names(session: Session) -> None:
    admin = person(session, "admin@example.org")
    settings.set_setting(session, actor=admin, key=settings.SHOW_STAFF_NAMES, value=False)


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
