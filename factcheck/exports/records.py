"""The records every export format reads: a speech's checked claims as plain, frozen values.

`factcheck.queries.exports` builds them, in published-only mode from what readers were shown (each
claim's latest publication) and in staff mode from the live desk; the formats here turn them into
text or bytes and never reach back to the database. A format iterates an `Export`: its header
once, then its claims in speech order, each claim pointing at its speech (the same object for
every claim of a speech, so a format can tell where one speech ends by identity or id).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

FIRST_REVIEW = "first"
SECOND_REVIEW = "second"


@dataclass(frozen=True, slots=True)
class Organisation:
    """Who publishes the checks: the admin settings' organisation name and address."""

    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class RatingRecord:
    """A rating as the verdict copied it. ``value`` is its place on the true-to-false axis (larger
    is truer) or None off the axis; ``best``/``worst`` are the scale's truest and falsest values
    (None when the scale has no axis)."""

    label: str
    value: int | None
    best: int | None
    worst: int | None
    definition: str | None = None

    @property
    def on_axis(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class AgreementRecord:
    """How far reviewers agreed on a speech's claims (None: undefined); ``claims`` rated twice or
    more, ``pairs`` rated exactly twice (raw agreement, kappa), ``ordinal_claims`` with two ratings
    on the axis (alpha ordinal)."""

    claims: int
    pairs: int
    ordinal_claims: int
    raw_agreement: float | None
    kappa: float | None
    alpha_ordinal: float | None


@dataclass(frozen=True, slots=True)
class SpeechRecord:
    id: int
    title: str
    speaker: str
    delivered_on: date | None
    occasion: str | None
    source_url: str | None
    media_url: str | None
    language: str | None  # None in published-only exports: readers were not told it
    permalink: str
    agreement: AgreementRecord | None  # None in published-only exports: it rests on staff work


@dataclass(frozen=True, slots=True)
class SourceRecord:
    url: str
    title: str
    publisher: str | None
    quote: str | None
    published_on: date | None
    accessed_on: date | None
    stance: str
    is_public: bool


@dataclass(frozen=True, slots=True)
class VerdictRecord:
    """One reviewer's submitted verdict; ``review`` is FIRST_REVIEW for the claim's earliest
    verdict, SECOND_REVIEW for the others. ``reviewer`` is None when names are hidden."""

    id: int
    reviewer: str | None
    rating: RatingRecord
    conclusion: str
    submitted_at: datetime | None
    review: str


@dataclass(frozen=True, slots=True)
class ApproverRecord:
    name: str | None  # None: a removed account, or names hidden from readers
    approved_at: datetime


@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    """A correction or a withdrawal as readers were told it."""

    kind: str  # "correction" or "withdrawal"
    note: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A checked claim: the exact span of the transcript (``text`` is ``transcript[start:end]``,
    with ``prefix``/``suffix`` the words either side), its verdict as checked (published, or in
    staff mode the one up for approval), and the editorial record around it."""

    id: int
    speech: SpeechRecord
    text: str
    start: int
    end: int
    prefix: str
    suffix: str
    restatement: str | None
    speaker: str | None
    media_start_ms: int | None
    media_end_ms: int | None
    state: str  # the desk's state (published-only: "published" or "withdrawn")
    rating: RatingRecord | None
    conclusion: str | None
    explanation: str | None
    reviewer: str | None
    sources: tuple[SourceRecord, ...]
    verdicts: tuple[VerdictRecord, ...]
    approvers: tuple[ApproverRecord, ...]
    published_at: datetime | None  # first published
    corrected_at: datetime | None  # last corrected or withdrawn
    corrections: tuple[CorrectionRecord, ...]  # oldest first
    permalink: str

    @property
    def as_checked(self) -> str:
        """The claim as checked: its short wording, or the quote itself."""
        return self.restatement or self.text

    @property
    def withdrawn(self) -> bool:
        return self.state == "withdrawn"

    @property
    def withdrawal_note(self) -> str | None:
        notes = [c.note for c in self.corrections if c.kind == "withdrawal"]
        return notes[-1] if notes else None

    @property
    def public_sources(self) -> tuple[SourceRecord, ...]:
        return tuple(s for s in self.sources if s.is_public)


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """What the whole export is: when it was made, from what, for whom."""

    generated_at: datetime
    published_only: bool
    organisation: Organisation
    base_url: str
    description: str  # the selection in words ("speech 3", "published since 2024-01-01")


@dataclass(frozen=True, slots=True)
class Export:
    """An export's header and its claims, read lazily (in batches) as the format iterates them."""

    header: ExportHeader
    claims: Iterable[ClaimRecord]

    def __iter__(self) -> Iterator[ClaimRecord]:
        return iter(self.claims)

    def by_speech(self) -> Iterator[tuple[SpeechRecord, Iterator[ClaimRecord]]]:
        """The claims grouped by speech, streamed: each group must be read before the next."""
        claims = iter(self.claims)
        pending = next(claims, None)
        while pending is not None:
            speech = pending.speech
            holder: list[ClaimRecord | None] = [pending]

            def group(speech_id: int = speech.id, holder: list = holder) -> Iterator[ClaimRecord]:
                while holder[0] is not None and holder[0].speech.id == speech_id:
                    yield holder[0]
                    holder[0] = next(claims, None)

            yield speech, group()
            for _ in group():  # whatever the caller left unread
                pass
            pending = holder[0]
