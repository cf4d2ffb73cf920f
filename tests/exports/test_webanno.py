"""Web Annotation: every annotation, the collection and each page pass the W3C test suite's MUST
schemas; selectors quote, locate and time the claim; large sets come in linked pages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from factcheck.exports import webanno
from tests.exports import records
from tests.exports.validate import w3c_failures


def documents(claims) -> list[dict]:
    data = b"".join(webanno.write(records.export(claims)))
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def annotations_of(docs: list[dict]) -> list[dict]:
    return [a for d in docs for a in (d.get("first") or d)["items"]]


def check_all(docs: list[dict]) -> None:
    collection, *pages = docs
    assert w3c_failures("collection", collection) == []
    assert w3c_failures("page", collection) == []  # a collection with its first page embedded
    for page in pages:
        assert w3c_failures("page", page) == []
    for item in annotations_of(docs):
        assert w3c_failures("annotation", {"@context": webanno.CONTEXT, **item}) == []


def test_an_annotation_assesses_the_claims_span_of_the_speech() -> None:
    timed = records.claim(1, media_start_ms=61_500, media_end_ms=64_000)
    docs = documents([timed])
    check_all(docs)
    [collection] = docs
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 1
    [item] = collection["first"]["items"]
    assert item["motivation"] == "assessing"
    assert item["id"] == "https://desk.example.org/claims/1#annotation"
    assert item["body"] == [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": "Mostly true",
            "format": "text/plain",
        },
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": "It was 4.0%.",
            "format": "text/plain",
        },
    ]
    target = item["target"]
    assert target["source"] == "https://desk.example.org/speeches/1"
    assert target["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": "Unemployment fell to 3.9% in 2023.",
            "prefix": "Good morning.\n",
            "suffix": " We built",
        },
        {"type": "TextPositionSelector", "start": 14, "end": 48},
        {
            "type": "FragmentSelector",
            "conformsTo": "http://www.w3.org/TR/media-frags/",
            "value": "t=61.5,64",
        },
    ]


def test_a_claim_without_a_timecode_has_no_fragment_and_unchecked_claims_none() -> None:
    docs = documents([records.claim(1), records.claim(2, rating=None, conclusion=None)])
    check_all(docs)
    [item] = annotations_of(docs)
    assert [s["type"] for s in item["target"]["selector"]] == [
        "TextQuoteSelector",
        "TextPositionSelector",
    ]


def test_the_w3c_schemas_catch_a_broken_annotation() -> None:
    [collection] = documents([records.claim()])
    item = {"@context": webanno.CONTEXT, **collection["first"]["items"][0]}
    assert w3c_failures("annotation", {**item, "id": 5}) != []
    broken = dict(item)
    del broken["target"]
    assert w3c_failures("annotation", broken) != []


def test_large_sets_come_in_linked_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webanno, "PAGE_SIZE", 3)  # pages of 3: every annotation still checked
    speech = records.speech()
    claims = [replace(records.claim(n, speech), start=n * 100, end=n * 100 + 10) for n in range(8)]
    docs = documents(claims)
    check_all(docs)
    collection, second, third = docs
    first = collection["first"]
    assert "total" not in collection  # not known when the first page is written
    assert first["next"] == second["id"]
    assert second["prev"] == first["id"]
    assert second["next"] == third["id"]
    assert third["prev"] == second["id"]
    assert "next" not in third
    assert {second["partOf"]["id"], third["partOf"]["id"]} == {collection["id"]}
    assert [len(d["items"]) for d in (first, second, third)] == [3, 3, 2]
    assert (second["startIndex"], third["startIndex"]) == (3, 6)
    assert [a["target"]["selector"][1]["start"] for a in annotations_of(docs)] == [
        c.start for c in claims
    ]
