"""The reader pages' JSON-LD: a claim's ClaimReview (the exports' own) and a speech's ItemList
of its checks, as text safe inside a <script> element."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from factcheck.exports import claimreview
from factcheck.exports.records import (
    ApproverRecord,
    ClaimRecord,
    CorrectionRecord,
    Organisation,
    RatingRecord,
    SpeechRecord,
)
from factcheck.queries.public.records import Check, ClaimPage

CONTEXT = "https://schema.org"


def script_text(data: dict[str, Any]) -> Markup:
    """JSON that no text inside it can end the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704  (escaped above: no markup can survive)


def _record(page: ClaimPage, url: str, speech_url: str) -> ClaimRecord:
    check = page.check
    speech = check.speech
    return ClaimRecord(
        id=check.id,
        speech=SpeechRecord(
            id=speech.id,
            title=speech.title,
            speaker=speech.speaker,
            delivered_on=speech.delivered_on,
            occasion=None,
            source_url=speech.source_url,
            media_url=None,
            language=None,
            permalink=speech_url,
            agreement=None,
        ),
        text=check.text,
        start=check.start,
        end=check.end,
        prefix="",
        suffix="",
        restatement=check.restatement,
        speaker=check.speaker,
        media_start_ms=check.media_start_ms,
        media_end_ms=check.media_end_ms,
        state="withdrawn" if check.withdrawn else "published",
        rating=RatingRecord(
            check.rating.label, check.rating.value, page.best, page.worst, check.rating.definition
        ),
        conclusion=check.conclusion,
        explanation=check.explanation,
        reviewer=check.reviewer,
        sources=(),
        verdicts=(),
        approvers=tuple(ApproverRecord(name, check.published_at) for name in check.approvers),
        published_at=check.first_published_at,
        corrected_at=check.corrected_at,
        corrections=tuple(CorrectionRecord(n.kind, n.note, n.published_at) for n in check.notices),
        permalink=url,
    )


def claim_review(page: ClaimPage, url: str, speech_url: str) -> Markup | None:
    """The check's one ClaimReview, or None for a withdrawn check (no longer a review)."""
    record = _record(page, url, speech_url)
    if not claimreview.reviewable(record):
        return None
    author = Organisation(page.organisation, page.organisation_url)
    return script_text({"@context": CONTEXT, **claimreview.review(record, author)})


def item_list(name: str, checks: tuple[Check, ...], urls: list[str]) -> Markup:
    """The speech's checks as an ItemList of their permalinks, in transcript order."""
    return script_text(
        {
            "@context": CONTEXT,
            "@type": "ItemList",
            "name": name,
            "numberOfItems": len(urls),
            "itemListElement": [
                {"@type": "ListItem", "position": i, "url": url, "name": check.as_checked}
                for i, (check, url) in enumerate(zip(checks, urls, strict=True), start=1)
            ],
        }
    )
