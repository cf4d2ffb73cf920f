"""JSON: nested, complete, and valid against the versioned schema shipped with the package."""

from __future__ import annotations

import json
from dataclasses import replace

from factcheck.exports import json_format
from factcheck.exports.records import AgreementRecord
from tests.exports import records
from tests.exports.validate import export_schema, json_export_errors


def document(claims, **options) -> dict:
    return json.loads(b"".join(json_format.write(records.export(claims, **options))))


def test_the_schema_is_itself_valid_and_versioned() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(export_schema())
    assert export_schema()["properties"]["version"] == {"const": json_format.VERSION}


def test_speeches_nest_their_claims_and_validate() -> None:
    first, second = records.speech(1), records.speech(2, agreement=None, delivered_on=None)
    claims = [
        records.corrected(records.claim(1, first)),
        records.claim(2, first, rating=None, conclusion=None, verdicts=(), approvers=()),
        records.claim(3, second),
    ]
    found = document(claims, published_only=False)
    assert json_export_errors(found) == []
    assert [s["id"] for s in found["speeches"]] == [1, 2]
    assert [[c["id"] for c in s["claims"]] for s in found["speeches"]] == [[1, 2], [3]]
    assert found["speeches"][0]["agreement"] == {
        "claims": 2,
        "pairs": 2,
        "ordinal_claims": 2,
        "raw_agreement": 0.5,
        "cohen_kappa": 0.0,
        "krippendorff_alpha_ordinal": 0.25,
    }
    claim = found["speeches"][0]["claims"][0]
    assert claim["verdicts"] == [
        {
            "id": 7,
            "reviewer": "Rita Reviewer",
            "rating": {
                "label": "Mostly true",
                "value": 4,
                "on_axis": True,
                "best": 5,
                "worst": 1,
                "definition": "Accurate but needs context.",
            },
            "conclusion": "It was 4.0%.",
            "submitted_at": "2024-05-09T12:00:00Z",
            "review": "first",
        }
    ]
    assert claim["corrections"][0]["note"] == "The year was wrong."
    assert found["organisation"] == {"name": "Example Checks", "url": "https://checks.example.org/"}


def test_an_empty_export_validates() -> None:
    found = document([])
    assert found["speeches"] == []
    assert json_export_errors(found) == []


def test_the_schema_refuses_what_it_does_not_describe() -> None:
    found = document([records.claim()])
    found["speeches"][0]["claims"][0]["notes"] = ["internal"]
    found["speeches"][0]["agreement"] = {"claims": 0}
    assert len(json_export_errors(found)) == 2


def test_undefined_statistics_are_null() -> None:
    speech = records.speech(agreement=AgreementRecord(1, 1, 0, 1.0, None, None))
    found = document([replace(records.claim(), speech=speech)])
    assert found["speeches"][0]["agreement"]["cohen_kappa"] is None
    assert json_export_errors(found) == []
