"""W3C Web Annotation: each checked claim as an Annotation assessing a span of its speech.

The body carries the rating (purpose ``assessing``) and the conclusion (``describing``); the
target is the speech, its span given three ways: a TextQuoteSelector (the exact words, with the
words either side), a TextPositionSelector (character offsets) and, when the claim has a media
time, a FragmentSelector conforming to Media Fragments (``t=start,end`` in seconds).

The annotations come as an AnnotationCollection in pages of PAGE_SIZE, written one JSON-LD
document a line (JSON Lines), so a large export streams: the first line is the collection with
its first page embedded, each further line the next AnnotationPage (``partOf`` the collection,
with ``next`` and ``prev``). A collection of one page is a single ordinary JSON-LD document.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from factcheck.exports._text import chunked, compact_json, moment, seconds
from factcheck.exports.records import ClaimRecord, Export

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"
PAGE_SIZE = 100


def collection_id(export: Export) -> str:
    return f"{export.header.base_url}exports/annotations"


def page_id(export: Export, number: int) -> str:
    return f"{collection_id(export)}?page={number}"


def annotation(claim: ClaimRecord, export: Export) -> dict[str, Any]:
    """The claim's Annotation, without its @context."""
    organisation = export.header.organisation
    body: list[dict[str, Any]] = []
    if claim.rating is not None:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": claim.rating.label,
                "format": "text/plain",
            }
        )
    if claim.conclusion:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": claim.conclusion,
                "format": "text/plain",
            }
        )
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": claim.text,
            "prefix": claim.prefix,
            "suffix": claim.suffix,
        },
        {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
    ]
    if claim.media_start_ms is not None and claim.media_end_ms is not None:
        selectors.append(
            {
                "type": "FragmentSelector",
                "conformsTo": MEDIA_FRAGMENTS,
                "value": f"t={seconds(claim.media_start_ms)},{seconds(claim.media_end_ms)}",
            }
        )
    creator: dict[str, Any] = {"type": "Organization", "name": organisation.name}
    if organisation.url:
        creator["homepage"] = organisation.url
    found: dict[str, Any] = {
        "id": f"{claim.permalink}#annotation",
        "type": "Annotation",
        "motivation": "assessing",
        "creator": creator,
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": claim.speech.permalink,
            "selector": selectors,
        },
    }
    if claim.published_at is not None:
        found["created"] = moment(claim.published_at)
    if claim.corrected_at is not None:
        found["modified"] = moment(claim.corrected_at)
    return found


def checked(claim: ClaimRecord) -> bool:
    return claim.rating is not None


def _label(export: Export) -> str:
    return f"Checked claims: {export.header.description}"


def _page(export: Export, number: int, items: list[dict], more: bool) -> dict[str, Any]:
    page: dict[str, Any] = {
        "id": page_id(export, number),
        "type": "AnnotationPage",
        # Embedded, as the model's example has it (the W3C suite wants an object here).
        "partOf": {"id": collection_id(export), "label": _label(export)},
        "startIndex": number * PAGE_SIZE,
        "items": items,
    }
    if more:
        page["next"] = page_id(export, number + 1)
    if number:
        page["prev"] = page_id(export, number - 1)
    return page


def _pieces(export: Export) -> Iterator[str]:
    annotations = (annotation(c, export) for c in export if checked(c))
    pending = list(islice(annotations, PAGE_SIZE))
    number = 0
    while True:
        following = list(islice(annotations, PAGE_SIZE))
        page = _page(export, number, pending, bool(following))
        if number == 0:
            del page["partOf"]  # embedded in the collection, which it is the first page of
            document = {
                "@context": CONTEXT,
                "id": collection_id(export),
                "type": "AnnotationCollection",
                "label": _label(export),
                "first": page,
            }
            if not following:
                document["last"] = page_id(export, 0)
                document["total"] = len(pending)
        else:
            document = {"@context": CONTEXT, **page}
        yield compact_json(document) + "\n"
        if not following:
            return
        pending = following
        number += 1


def write(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    """The annotations as JSON Lines of JSON-LD documents (see the module's docstring)."""
    return chunked(_pieces(export))
