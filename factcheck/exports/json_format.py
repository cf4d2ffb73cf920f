"""JSON: everything an export holds, nested speech > claims > verdicts, sources, approvers and
corrections; each speech with its agreement statistics, so anyone can recompute them from the
verdicts. The layout is versioned and described by `schema/export-v1.schema.json`.

Written piece by piece: a claim is serialised as it arrives, never the whole document at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from factcheck.exports._text import chunked, compact_json, day, moment
from factcheck.exports.records import (
    AgreementRecord,
    ClaimRecord,
    Export,
    RatingRecord,
    SpeechRecord,
)

VERSION = 1
SCHEMA = "export-v1.schema.json"
FORMAT = "factcheck-export"


def rating(value: RatingRecord | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "label": value.label,
        "value": value.value,
        "on_axis": value.on_axis,
        "best": value.best,
        "worst": value.worst,
        "definition": value.definition,
    }


def agreement(value: AgreementRecord | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "claims": value.claims,
        "pairs": value.pairs,
        "ordinal_claims": value.ordinal_claims,
        "raw_agreement": value.raw_agreement,
        "cohen_kappa": value.kappa,
        "krippendorff_alpha_ordinal": value.alpha_ordinal,
    }


def speech(value: SpeechRecord) -> dict[str, Any]:
    return {
        "id": value.id,
        "title": value.title,
        "speaker": value.speaker,
        "delivered_on": day(value.delivered_on),
        "occasion": value.occasion,
        "source_url": value.source_url,
        "media_url": value.media_url,
        "language": value.language,
        "permalink": value.permalink,
        "agreement": agreement(value.agreement),
    }


def claim(value: ClaimRecord) -> dict[str, Any]:
    return {
        "id": value.id,
        "claim_as_checked": value.as_checked,
        "quote": value.text,
        "start": value.start,
        "end": value.end,
        "prefix": value.prefix,
        "suffix": value.suffix,
        "restatement": value.restatement,
        "speaker": value.speaker,
        "media_start_ms": value.media_start_ms,
        "media_end_ms": value.media_end_ms,
        "state": value.state,
        "rating": rating(value.rating),
        "conclusion": value.conclusion,
        "explanation": value.explanation,
        "reviewer": value.reviewer,
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "quote": s.quote,
                "published_on": day(s.published_on),
                "accessed_on": day(s.accessed_on),
                "stance": s.stance,
                "public": s.is_public,
            }
            for s in value.sources
        ],
        "verdicts": [
            {
                "id": v.id,
                "reviewer": v.reviewer,
                "rating": rating(v.rating),
                "conclusion": v.conclusion,
                "submitted_at": moment(v.submitted_at),
                "review": v.review,
            }
            for v in value.verdicts
        ],
        "approvers": [
            {"name": a.name, "approved_at": moment(a.approved_at)} for a in value.approvers
        ],
        "published_at": moment(value.published_at),
        "corrected_at": moment(value.corrected_at),
        "corrections": [
            {"kind": c.kind, "note": c.note, "published_at": moment(c.published_at)}
            for c in value.corrections
        ],
        "permalink": value.permalink,
    }


def _pieces(export: Export) -> Iterator[str]:
    header = export.header
    head = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": moment(header.generated_at),
        "published_only": header.published_only,
        "selection": header.description,
        "organisation": {"name": header.organisation.name, "url": header.organisation.url},
    }
    yield compact_json(head)[:-1] + ',"speeches":['
    for number, (item, claims) in enumerate(export.by_speech()):
        yield ("," if number else "") + compact_json(speech(item))[:-1] + ',"claims":['
        for index, one in enumerate(claims):
            yield ("," if index else "") + compact_json(claim(one))
        yield "]}"
    yield "]}\n"


def write(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    """The export as one JSON document, in chunks (``bom`` is for CSV and ignored here)."""
    return chunked(_pieces(export))
