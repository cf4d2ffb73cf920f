"""The exports of the demo desk, in both modes, hold to their standards: JSON to its schema, Web
Annotation to the W3C MUST schemas, ClaimReview to schema.org's terms."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from pyld import jsonld
from sqlalchemy.orm import Session

from factcheck.exports.formats import FORMATS
from factcheck.queries.exports import Selection, export
from tests.exports.support import BASE, demo
from tests.exports.validate import (
    SCHEMA_ORG,
    json_export_errors,
    offline_loader,
    schema_org_terms,
    w3c_failures,
)


def written(session: Session, name: str, published_only: bool) -> str:
    result = export(session, Selection(), published_only=published_only, base_url=BASE)
    return b"".join(FORMATS[name].write(result)).decode("utf-8")


@pytest.mark.parametrize("published_only", [True, False])
def test_every_format_holds_to_its_standard(
    app: Flask, session: Session, published_only: bool
) -> None:
    demo(app)
    document = json.loads(written(session, "json", published_only))
    assert json_export_errors(document) == []
    assert sum(len(s["claims"]) for s in document["speeches"]) >= 2

    [collection] = [json.loads(x) for x in written(session, "webanno", published_only).splitlines()]
    assert w3c_failures("collection", collection) == []
    assert w3c_failures("page", collection) == []
    items = collection["first"]["items"]
    assert len(items) >= 2
    for item in items:
        assert w3c_failures("annotation", {"@context": collection["@context"], **item}) == []

    reviews = json.loads(written(session, "claimreview", published_only))
    assert len(reviews["@graph"]) == 2  # the two published checks, in either mode
    expanded = jsonld.expand(reviews, {"documentLoader": offline_loader})
    terms = schema_org_terms()
    for node in expanded:
        for key in node:
            if not key.startswith("@"):
                assert SCHEMA_ORG + key.split("schema.org/", 1)[1] in terms, key
