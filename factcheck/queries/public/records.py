"""What the reader pages show, as plain frozen values read from publications."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Rating:
    """A rating as published; ``css`` colours it (the scale's rating of that label, if any)."""

    label: str
    value: int | None
    definition: str | None
    css: str


@dataclass(frozen=True, slots=True)
class ScaleStep:
    """One rating of the organisation's scale, for the methodology page and legends."""

    label: str
    definition: str
    value: int | None
    css: str


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    title: str
    publisher: str | None
    quote: str | None
    published_on: date | None
    accessed_on: date | None
    stance: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A public correction or withdrawal note."""

    kind: str  # "correction" or "withdrawal"
    note: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Version:
    """An earlier published version of a check, as readers were shown it."""

    number: int
    kind: str
    published_at: datetime
    rating: str
    conclusion: str | None


@dataclass(frozen=True, slots=True)
class SpeechHead:
    id: int
    title: str
    speaker: str
    delivered_on: date | None
    source_url: str | None


@dataclass(frozen=True, slots=True)
class Check:
    """A published check as readers see it now."""

    id: int
    speech: SpeechHead
    text: str
    start: int
    end: int
    restatement: str | None
    speaker: str | None
    media_start_ms: int | None
    media_end_ms: int | None
    rating: Rating
    conclusion: str | None
    explanation: str | None
    reviewer: str | None  # None when names are hidden
    approvers: tuple[str, ...]
    sources: tuple[Source, ...]
    withdrawn: bool
    published_at: datetime  # this version's
    notices: tuple[Notice, ...] = ()  # oldest first
    earlier: tuple[Version, ...] = ()  # newest first
    first_published_at: datetime | None = None

    @property
    def as_checked(self) -> str:
        return self.restatement or self.text

    @property
    def slug(self) -> str:
        return slugify(self.as_checked)

    @property
    def withdrawal_note(self) -> str | None:
        notes = [n.note for n in self.notices if n.kind == "withdrawal"]
        return notes[-1] if notes else None

    @property
    def corrected_at(self) -> datetime | None:
        return self.notices[-1].published_at if self.notices else None


@dataclass(frozen=True, slots=True)
class SpeechCard:
    """A speech on the home page: its head, when it was last published to, its checks' ratings."""

    head: SpeechHead
    updated_at: datetime
    ratings: tuple[tuple[Rating, int], ...]  # most checks first

    @property
    def total(self) -> int:
        return sum(count for _, count in self.ratings)


@dataclass(frozen=True, slots=True)
class SpeechPage:
    head: SpeechHead
    transcript: str
    language: str | None
    media_url: str | None
    checks: tuple[Check, ...]  # in transcript order
    legend: tuple[ScaleStep, ...]  # the ratings these checks carry, in the scale's order
    updated_at: datetime

    def pieces(self) -> list[tuple[str, Check | None]]:
        """The transcript cut into plain text and checked claims, in order. A check whose span
        no longer holds its words (or overlaps the one before) is left to the list below it."""
        found: list[tuple[str, Check | None]] = []
        at = 0
        for check in self.checks:
            if check.start < at or self.transcript[check.start : check.end] != check.text:
                continue
            if check.start > at:
                found.append((self.transcript[at : check.start], None))
            found.append((check.text, check))
            at = check.end
        if at < len(self.transcript):
            found.append((self.transcript[at:], None))
        return found


@dataclass(frozen=True, slots=True)
class ClaimPage:
    check: Check
    before: str  # the transcript just before the claim
    after: str
    organisation: str
    organisation_url: str | None
    best: int | None  # the scale's truest and falsest values on its axis
    worst: int | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A correction, a withdrawal or a first publication, for the feed and the corrections page."""

    id: int
    kind: str
    claim_id: int
    claim: str  # as checked
    slug: str
    speech_title: str
    rating: str
    conclusion: str | None
    note: str | None
    published_at: datetime


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, at most `limit` characters; "claim" if none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "claim"
