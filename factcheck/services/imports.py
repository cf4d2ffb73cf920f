"""Importing a long transcript in the background: queue it with what the form said, then run it.

A short transcript is imported within the request (`speeches.import_speech`); one that takes more
than a moment is queued here, and `factcheck.jobs` runs it while the browser follows its progress.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import InvalidInput
from factcheck.models import ImportState, Speech, SpeechImport, TranscriptFormat, User
from factcheck.permissions import Permission
from factcheck.services import speeches

log = logging.getLogger(__name__)

# From this many characters (about 0.3 s of splitting and scoring, and as long again to store) an
# import runs in the background.
BACKGROUND_CHARACTERS = 100_000


def queue_import(
    session: Session,
    *,
    actor: User,
    details: speeches.SpeechDetails,
    transcript: str,
    max_bytes: int | None = None,
    fmt: TranscriptFormat | str | None = None,
    filename: str | None = None,
) -> SpeechImport:
    """Check what can be checked at once and keep the transcript for `run_import`."""
    permissions.require(actor, Permission.IMPORT_SPEECH, message="You may not import speeches.")
    details = speeches.validate_details(details)
    if not transcript.strip():
        raise InvalidInput("The transcript is empty.", field="transcript")
    if max_bytes is not None and len(transcript.encode("utf-8")) > max_bytes:
        raise InvalidInput(
            f"The transcript is larger than the limit of {max_bytes:,} bytes.", field="transcript"
        )
    job = SpeechImport(
        created_by_id=actor.id,
        state=ImportState.QUEUED,
        characters=len(transcript),
        details={
            "title": details.title,
            "speaker": details.speaker,
            "delivered_on": details.delivered_on.isoformat() if details.delivered_on else None,
            "occasion": details.occasion,
            "source_url": details.source_url,
            "language": details.language,
            "media_url": details.media_url,
        },
        transcript=transcript,
        transcript_format=TranscriptFormat(fmt).value if fmt else None,
        filename=filename,
    )
    session.add(job)
    session.flush()
    log.info("import %s of %d characters queued by %s", job.id, job.characters, actor.email)
    return job


def begin(session: Session, job: SpeechImport) -> None:
    if job.state is not ImportState.QUEUED:
        raise InvalidInput("This import has already run.")
    job.state = ImportState.SPLITTING
    session.flush()


def run_import(
    session: Session, job: SpeechImport, *, on_split: Callable[[int], None] | None = None
) -> Speech:
    """Import the queued transcript as `speeches.import_speech` does, and mark the job done; in
    the caller's transaction, so the speech and the job's end are stored together or not at all."""
    actor = session.get(User, job.created_by_id) if job.created_by_id is not None else None
    if actor is None:
        raise InvalidInput("The account that started this import no longer exists.")
    given = job.details
    speech = speeches.import_speech(
        session,
        actor=actor,
        details=speeches.SpeechDetails(
            title=given.get("title") or "",
            speaker=given.get("speaker") or "",
            delivered_on=date.fromisoformat(given["delivered_on"])
            if given.get("delivered_on")
            else None,
            occasion=given.get("occasion"),
            source_url=given.get("source_url"),
            language=given.get("language") or "en",
            media_url=given.get("media_url"),
        ),
        transcript=job.transcript,
        fmt=job.transcript_format,
        filename=job.filename,
        on_split=on_split,
    )
    job.state = ImportState.DONE
    job.speech_id = speech.id
    job.transcript = ""  # kept in the speech now
    session.flush()
    return speech


def fail(session: Session, job: SpeechImport, message: str) -> None:
    job.state = ImportState.FAILED
    job.message = message[:500]
    job.transcript = ""
    session.flush()
