"""ClaimReview: Google's required and recommended properties, ratings whose best is the truest,
and every term a real schema.org term, proved by expanding the document offline with pyld."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from pyld import jsonld

from factcheck.exports import claimreview
from factcheck.exports.records import RatingRecord
from tests.exports import records
from tests.exports.validate import SCHEMA_ORG, offline_loader, schema_org_terms
from tests.shared import shared_file


def document(claims) -> dict[str, Any]:
    return json.loads(b"".join(claimreview.write(records.export(claims))))


def google() -> dict[str, Any]:
    return json.loads(
        shared_file("data/claimreview/google_claimreview_properties.json").read_text()
    )


def test_every_required_and_recommended_property_is_given() -> None:
    listed = google()
    [review] = document([records.claim()])["@graph"]
    wanted = listed["ClaimReview"]["required"] + listed["ClaimReview"]["recommended"]
    assert set(wanted) <= set(review)
    rating = listed["Rating (value of reviewRating)"]
    assert set(rating["required"] + rating["recommended"]) <= set(review["reviewRating"])
    claim = listed["Claim (value of itemReviewed)"]
    assert set(claim["required"] + claim["recommended"]) <= set(review["itemReviewed"])


def test_the_review_says_what_was_checked_by_whom_and_when() -> None:
    [review] = document([records.corrected(records.claim())])["@graph"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Unemployment fell to 3.9%"
    assert review["url"] == "https://desk.example.org/claims/1"
    assert review["datePublished"] == "2024-05-09"
    assert review["dateModified"] == "2024-05-09"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org/",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "name": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert item["datePublished"] == "2024-05-08"
    assert item["appearance"]["url"] == "https://example.org/speech"


def test_an_off_axis_rating_has_no_value() -> None:
    off = RatingRecord("Unverifiable", None, 5, 1)
    [review] = document([records.claim(rating=off)])["@graph"]
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unverifiable",
        "name": "Unverifiable",
    }


def test_only_published_checks_are_reviewed() -> None:
    claims = [
        records.claim(1),
        records.claim(2, state="withdrawn"),
        records.claim(3, state="approved"),
        records.claim(4, rating=None),
    ]
    assert [r["url"].rsplit("/", 1)[1] for r in document(claims)["@graph"]] == ["1"]


def iris(node: Any) -> set[str]:
    """Every property and type IRI in an expanded JSON-LD document."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= iris(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                found |= set(value if isinstance(value, list) else [value])
            elif not key.startswith("@"):
                found.add(key)
            found |= iris(value)
    return found


def test_every_term_expands_to_a_real_schema_org_term() -> None:
    speech = records.speech()
    claims = [
        records.corrected(records.claim(1, speech)),
        records.claim(2, speech, rating=RatingRecord("Satire", None, 5, 1)),
        records.claim(3, replace(speech, source_url=None, delivered_on=None)),
    ]
    compact = document(claims)
    expanded = jsonld.expand(compact, {"documentLoader": offline_loader})
    used = iris(expanded)
    assert used
    terms = schema_org_terms()
    for iri in used:
        assert iri.startswith(("http://schema.org/", "https://schema.org/")), iri
        assert SCHEMA_ORG + iri.split("schema.org/", 1)[1] in terms, iri
    names = {iri.split("schema.org/", 1)[1] for iri in used}
    written = iris(compact["@graph"])  # the compact keys and types: none may be dropped
    assert written <= names, f"dropped in expansion: {written - names}"
