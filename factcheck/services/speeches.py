"""Importing a speech: validate, keep the transcript verbatim, store its claims as exact spans."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.claims.extract import ExtractedSpan, extract
from factcheck.claims.formats import TranscriptFormatError
from factcheck.claims.segment import STAGE_DIRECTION
from factcheck.errors import InvalidInput
from factcheck.limits import MAX_OCCASION, MAX_SPEAKER, MAX_SPEECH_TITLE, MAX_URL
from factcheck.models import Claim, ClaimStatus, DismissReason, Speech, TranscriptFormat, User
from factcheck.models.base import utcnow
from factcheck.permissions import Permission
from factcheck.services import bulk, history
from factcheck.services.history import AuditAction
from factcheck.services.text import refuse_bidi_controls

log = logging.getLogger(__name__)

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# The segmenter's reasons that mean "checkable in principle but not worth it"; the rest are not claims.
_NOT_CHECKWORTHY_REASONS = ("too short",)


@dataclass(frozen=True)
class SpeechDetails:
    """What an editor types about a speech; validated by `validate_details`."""

    title: str
    speaker: str
    delivered_on: date | None = None
    occasion: str | None = None
    source_url: str | None = None
    language: str = "en"
    media_url: str | None = None


def decode_upload(data: bytes, *, limit: int) -> str:
    """Turn uploaded bytes into text, refusing what is too large, binary or not UTF-8."""
    if len(data) > limit:
        raise InvalidInput(
            f"The file is {len(data):,} bytes; the limit is {limit:,} bytes.", field="upload"
        )
    if b"\x00" in data:
        raise InvalidInput(
            "The file looks binary (it contains NUL bytes); upload a UTF-8 text file.",
            field="upload",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The file is not valid UTF-8 (bad byte at position {exc.start}); "
            "save it as UTF-8 text and try again.",
            field="upload",
        ) from exc


def check_http_url(url: str | None, *, field: str = "source_url") -> str | None:
    """Return a stripped http(s) URL with a host, None for blank, or refuse it."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    refused = InvalidInput(
        "Give a full web address starting with http:// or https://.", field=field
    )
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range ("e.org:99999999")
    except ValueError as exc:  # "http://[" or "http://[::1": a bracket left open
        raise InvalidInput(
            "That web address is malformed (an unclosed [ or an impossible port); "
            "copy it again from the browser's address bar.",
            field=field,
        ) from exc
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in url):
        raise refused
    if parts.username is not None or parts.password is not None:
        # "https://trusted.org@evil.example" reads as trusted.org but goes to evil.example, and a
        # password in a public source link would be published.
        raise InvalidInput(
            "Give the web address without a user name or password before the @.", field=field
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in url):
        raise InvalidInput(
            "The web address contains an invisible or control character; "
            "copy it again from the browser's address bar.",
            field=field,
        )
    if len(url) > MAX_URL:
        raise InvalidInput("The web address is longer than 2,000 characters.", field=field)
    return url


def validate_details(details: SpeechDetails) -> SpeechDetails:
    title = details.title.strip()
    speaker = details.speaker.strip()
    if not title:
        raise InvalidInput("A speech needs a title.", field="title")
    refuse_bidi_controls(title, field="title", what="The title")
    refuse_bidi_controls(speaker, field="speaker", what="The speaker's name")
    refuse_bidi_controls(details.occasion, field="occasion", what="The occasion")
    if len(title) > MAX_SPEECH_TITLE:
        raise InvalidInput(
            f"The title is longer than {MAX_SPEECH_TITLE} characters.", field="title"
        )
    if len(speaker) > MAX_SPEAKER:
        raise InvalidInput(
            f"The speaker's name is longer than {MAX_SPEAKER} characters.", field="speaker"
        )
    occasion = (details.occasion or "").strip() or None
    if occasion and len(occasion) > MAX_OCCASION:
        raise InvalidInput(
            f"The occasion is longer than {MAX_OCCASION} characters.", field="occasion"
        )
    language = (details.language or "en").strip()
    if not LANGUAGE_RE.match(language):
        raise InvalidInput("Give the language as a code such as en or pt-BR.", field="language")
    if details.delivered_on and details.delivered_on > utcnow().date():
        raise InvalidInput("The date the speech was given is in the future.", field="delivered_on")
    return SpeechDetails(
        title=title,
        speaker=speaker,
        delivered_on=details.delivered_on,
        occasion=occasion,
        source_url=check_http_url(details.source_url),
        language=language,
        media_url=check_http_url(details.media_url, field="media_url"),
    )


def _labelled_speakers(spans: list[ExtractedSpan], most: int = 3) -> str:
    """Who speaks in a transcript that labels its speakers, those who say most first:
    "TRUMP, CLINTON and HOLT", "A, B, C and 2 others"; "" when nobody is labelled."""
    # Stage directions ("SYSTEM: (APPLAUSE)") are nobody's words.
    said = Counter(
        span.speaker for span in spans if span.speaker and span.reason != STAGE_DIRECTION
    )
    names = [name for name, _ in said.most_common()]
    if len(names) > most:
        names = [*names[:most], f"{len(names) - most} other{'s' if len(names) - most > 1 else ''}"]
    if len(names) < 2:
        return "".join(names)[:200]
    return (", ".join(names[:-1]) + " and " + names[-1])[:200]


def _claim_row(speech_id: int, span: ExtractedSpan) -> dict[str, object]:
    now = utcnow()
    row: dict[str, object] = {
        "speech_id": speech_id,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "status": ClaimStatus.OPEN,
        "dismiss_reason": None,
        "dismiss_note": None,
        "speaker": span.speaker[:200] if span.speaker else None,
        "media_start_ms": span.media_start_ms,
        "media_end_ms": span.media_end_ms,
        "checkworthiness": span.score,
        "claim_type": span.claim_type,
        "checkworthiness_reasons": list(span.reasons),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    if not span.is_claim:
        reason = span.reason or "not a claim"
        row["status"] = ClaimStatus.DISMISSED
        row["dismiss_reason"] = (
            DismissReason.NOT_CHECKWORTHY
            if reason.startswith(_NOT_CHECKWORTHY_REASONS)
            else DismissReason.NOT_A_CLAIM
        )
        row["dismiss_note"] = reason[:500]
    return row


def import_speech(
    session: Session,
    *,
    actor: User | None,
    details: SpeechDetails,
    transcript: str,
    max_bytes: int | None = None,
    fmt: TranscriptFormat | str | None = None,
    filename: str | None = None,
    on_split: Callable[[int], None] | None = None,
) -> Speech:
    """Store a speech and its machine-split, scored claims in the caller's transaction.

    ``fmt`` None detects the format from ``filename`` and the text. Nothing is written unless the
    whole import is valid; claims are inserted in batches. ``on_split`` is told how many spans the
    transcript was split into, before anything is written (a background import shows it).
    """
    permissions.require(actor, Permission.IMPORT_SPEECH, message="You may not import speeches.")
    details = validate_details(details)
    if not transcript.strip():
        raise InvalidInput("The transcript is empty.", field="transcript")
    if max_bytes is not None and len(transcript.encode("utf-8")) > max_bytes:
        raise InvalidInput(
            f"The transcript is larger than the limit of {max_bytes:,} bytes.", field="transcript"
        )
    try:
        extraction = extract(transcript, fmt, filename=filename, language=details.language)
    except TranscriptFormatError as exc:
        raise InvalidInput(str(exc), field="transcript") from exc
    text = extraction.transcript
    if not text.strip():
        raise InvalidInput("The transcript is empty.", field="transcript")
    spans = extraction.spans
    captions = extraction.format in (TranscriptFormat.SRT, TranscriptFormat.VTT)
    speaker = details.speaker or _labelled_speakers(spans)
    if not speaker:
        raise InvalidInput(
            "Say who gave the speech (or label the speakers in the transcript: NAME: text).",
            field="speaker",
        )

    speech = Speech(
        title=details.title,
        speaker=speaker,
        delivered_on=details.delivered_on,
        occasion=details.occasion,
        source_url=details.source_url,
        language=details.language,
        transcript=text,
        transcript_format=TranscriptFormat(extraction.format.value),
        source_text=transcript if captions else None,
        media_url=details.media_url,
        created_by_id=actor.id if actor is not None else None,
    )
    if on_split is not None:
        on_split(len(spans))
    session.add(speech)
    session.flush()
    bulk.insert_rows(session, Claim.__table__, [_claim_row(speech.id, span) for span in spans])
    claims = sum(1 for s in spans if s.is_claim)
    history.save(
        session,
        AuditAction.SPEECH_IMPORT,
        speech,
        history.created(speech),
        actor=actor,
        extra={"characters": len(text), "claims": claims, "not_claims": len(spans) - claims},
    )
    log.info(
        "speech %s imported by %s: %d claims, %d other spans",
        speech.id,
        actor.email if actor else "system",
        claims,
        len(spans) - claims,
    )
    return speech
