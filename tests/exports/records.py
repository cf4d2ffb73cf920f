"""Records made by hand for the pure format tests: no database needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from factcheck.exports.records import (
    AgreementRecord,
    ApproverRecord,
    ClaimRecord,
    CorrectionRecord,
    Export,
    ExportHeader,
    Organisation,
    RatingRecord,
    SourceRecord,
    SpeechRecord,
    VerdictRecord,
)

WHEN = datetime(2024, 5, 9, 12, 0, tzinfo=UTC)
BASE = "https://desk.example.org/"


def speech(id: int = 1, **fields: Any) -> SpeechRecord:
    values: dict[str, Any] = {
        "id": id,
        "title": f"Speech {id}",
        "speaker": "Jane Doe",
        "delivered_on": date(2024, 5, 8),
        "occasion": None,
        "source_url": "https://example.org/speech",
        "media_url": None,
        "language": "en",
        "permalink": f"{BASE}speeches/{id}",
        "agreement": AgreementRecord(2, 2, 2, 0.5, 0.0, 0.25),
    }
    values.update(fields)
    return SpeechRecord(**values)


RATING = RatingRecord("Mostly true", 4, 5, 1, "Accurate but needs context.")


def claim(id: int = 1, of: SpeechRecord | None = None, **fields: Any) -> ClaimRecord:
    values: dict[str, Any] = {
        "id": id,
        "speech": of or speech(),
        "text": "Unemployment fell to 3.9% in 2023.",
        "start": 14,
        "end": 48,
        "prefix": "Good morning.\n",
        "suffix": " We built",
        "restatement": "Unemployment fell to 3.9%",
        "speaker": None,
        "media_start_ms": None,
        "media_end_ms": None,
        "state": "published",
        "rating": RATING,
        "conclusion": "It was 4.0%.",
        "explanation": None,
        "reviewer": "Rita Reviewer",
        "sources": (
            SourceRecord(
                "https://www.ons.gov.uk/", "Labour market", "ONS", None, None, None, "refutes", True
            ),
        ),
        "verdicts": (VerdictRecord(7, "Rita Reviewer", RATING, "It was 4.0%.", WHEN, "first"),),
        "approvers": (ApproverRecord("Ed Editor", WHEN),),
        "published_at": WHEN,
        "corrected_at": None,
        "corrections": (),
        "permalink": f"{BASE}claims/{id}",
    }
    values.update(fields)
    return ClaimRecord(**values)


def corrected(item: ClaimRecord) -> ClaimRecord:
    return replace(
        item,
        corrected_at=WHEN,
        corrections=(CorrectionRecord("correction", "The year was wrong.", WHEN),),
    )


def export(claims: list[ClaimRecord], *, published_only: bool = True) -> Export:
    header = ExportHeader(
        generated_at=WHEN,
        published_only=published_only,
        organisation=Organisation("Example Checks", "https://checks.example.org/"),
        base_url=BASE,
        description="test",
    )
    return Export(header, claims)
