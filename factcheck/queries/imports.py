"""How far a background import has got, in words and as a share of the whole, for its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from factcheck.models import ImportState, SpeechImport

# An import has each stage's state written as it begins; none takes minutes (5 MB takes seconds).
STALLED_AFTER = timedelta(minutes=10)
# Rough speeds on a small server, to move the bar within a stage; the stage itself is never guessed.
SPLIT_CHARACTERS_PER_SECOND = 300_000
STORED_SPANS_PER_SECOND = 10_000


@dataclass(frozen=True)
class Progress:
    state: ImportState
    percent: int
    says: str  # what is being done, for people
    finished: bool
    failed: bool
    message: str | None = None


def _share(elapsed: float, expected: float) -> float:
    """How much of a stage expected to take ``expected`` seconds is done after ``elapsed``; it
    slows down near the end instead of stopping at a guess."""
    if expected <= 0:
        return 0.9
    return 0.9 * min(1.0, elapsed / expected) + 0.09 * min(1.0, elapsed / (expected * 4))


def progress(job: SpeechImport, now: datetime) -> Progress:
    elapsed = max(0.0, (now - job.updated_at).total_seconds())
    state = job.state
    if not job.finished and now - job.updated_at > STALLED_AFTER:
        return Progress(
            state,
            0,
            "The import stopped (the server was restarted while it ran). Nothing was stored.",
            finished=True,
            failed=True,
            message="The import stopped before it finished. Import the transcript again.",
        )
    if state is ImportState.QUEUED:
        return Progress(state, 2, "Waiting to start…", False, False)
    if state is ImportState.SPLITTING:
        share = _share(elapsed, job.characters / SPLIT_CHARACTERS_PER_SECOND)
        return Progress(
            state,
            5 + round(55 * share),
            f"Splitting {job.characters:,} characters into claims and scoring them…",
            False,
            False,
        )
    if state is ImportState.STORING:
        spans = job.spans or 0
        share = _share(elapsed, spans / STORED_SPANS_PER_SECOND)
        return Progress(state, 60 + round(39 * share), f"Storing {spans:,} spans…", False, False)
    if state is ImportState.DONE:
        return Progress(state, 100, "Imported.", True, False)
    return Progress(state, 100, "Not imported.", True, True, job.message)
