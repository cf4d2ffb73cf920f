"""ClaimReview (schema.org) JSON-LD: one ClaimReview per published check, with every property
Google lists as required or recommended.

`ratingValue` is given only for a rating on the true-to-false axis; on our scales a larger value
is truer, so `bestRating` is the scale's largest value and `worstRating` its smallest. A withdrawn
check is not a review any more and is left out, as is any claim not published.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from factcheck.exports._text import chunked, compact_json, day
from factcheck.exports.records import ClaimRecord, Export, Organisation

CONTEXT = "https://schema.org"


def organisation(value: Organisation) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": value.name}
    if value.url:
        found["url"] = value.url
    return found


def review(claim: ClaimRecord, author: Organisation) -> dict[str, Any]:
    """The claim's ClaimReview, without its @context."""
    speech = claim.speech
    rating = claim.rating
    assert rating is not None, "only published claims are reviewed"
    verdict: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": rating.label,
        "name": rating.label,
    }
    if rating.on_axis and rating.best is not None and rating.worst is not None:
        verdict.update(
            {"ratingValue": rating.value, "bestRating": rating.best, "worstRating": rating.worst}
        )
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": claim.speaker or speech.speaker},
    }
    if speech.delivered_on is not None:
        item["datePublished"] = day(speech.delivered_on)
    if speech.source_url:
        appearance = {"@type": "CreativeWork", "url": speech.source_url, "name": speech.title}
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    found: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": claim.permalink,
        "claimReviewed": claim.as_checked,
        "reviewRating": verdict,
        "author": organisation(author),
        "datePublished": day(claim.published_at),
        "itemReviewed": item,
    }
    if claim.corrected_at is not None:
        found["dateModified"] = day(claim.corrected_at)
    return found


def reviewable(claim: ClaimRecord) -> bool:
    return claim.state == "published" and claim.rating is not None


def _pieces(export: Export) -> Iterator[str]:
    author = export.header.organisation
    yield '{"@context":"' + CONTEXT + '","@graph":['
    first = True
    for claim in export:
        if not reviewable(claim):
            continue
        yield ("" if first else ",") + compact_json(review(claim, author))
        first = False
    yield "]}\n"


def write(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    """The published checks as one JSON-LD document (a @graph of ClaimReviews), in chunks."""
    return chunked(_pieces(export))
