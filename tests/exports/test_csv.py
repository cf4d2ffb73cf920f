"""CSV: one row per claim, every column, cells a spreadsheet would run neutralised, a BOM on request."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from factcheck.exports import csv_format
from tests.exports import records


def read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(start: str) -> None:
    assert csv_format.neutralise(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_ordinary_cells_are_left_alone() -> None:
    assert csv_format.neutralise("It rose by 2%") == "It rose by 2%"
    assert csv_format.neutralise(None) == ""
    assert csv_format.neutralise(3) == "3"


def test_one_row_per_claim_with_every_column() -> None:
    speech = records.speech()
    hostile = records.claim(2, speech, restatement='=HYPERLINK("http://evil")', conclusion="-1")
    timed = records.claim(3, speech, media_start_ms=61_500, media_end_ms=3_723_004)
    data = b"".join(
        csv_format.write(
            records.export([records.corrected(records.claim(1, speech)), hostile, timed])
        )
    )
    rows = read(data)
    assert list(rows[0]) == list(csv_format.COLUMNS)
    assert [r["claim_id"] for r in rows] == ["1", "2", "3"]
    first = rows[0]
    assert first["speech"] == "Speech 1"
    assert first["speaker"] == "Jane Doe"
    assert first["speech_date"] == "2024-05-08"
    assert first["claim_as_checked"] == "Unemployment fell to 3.9%"
    assert first["quote"] == "Unemployment fell to 3.9% in 2023."
    assert (first["start"], first["end"]) == ("14", "48")
    assert first["rating"] == "Mostly true"
    assert first["rating_value"] == "4"
    assert first["public_sources"] == "https://www.ons.gov.uk/"
    assert first["reviewer"] == "Rita Reviewer"
    assert first["approvers"] == "Ed Editor"
    assert first["published"] == "2024-05-09T12:00:00Z"
    assert first["corrected"] == "2024-05-09T12:00:00Z"
    assert first["corrections"] == "2024-05-09 correction: The year was wrong."
    assert first["permalink"] == "https://desk.example.org/claims/1"
    assert rows[1]["claim_as_checked"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["conclusion"] == "'-1"
    assert (rows[2]["timecode_start"], rows[2]["timecode_end"]) == ("00:01:01.500", "01:02:03.004")


def test_private_sources_are_not_listed() -> None:
    item = records.claim()
    private = replace(item.sources[0], url="https://secret.example.org/", is_public=False)
    data = b"".join(csv_format.write(records.export([replace(item, sources=(private,))])))
    assert b"secret" not in data


def test_a_byte_order_mark_only_when_asked() -> None:
    plain = b"".join(csv_format.write(records.export([records.claim()])))
    marked = b"".join(csv_format.write(records.export([records.claim()]), bom=True))
    assert not plain.startswith(csv_format.BOM)
    assert marked == csv_format.BOM + plain


def test_an_empty_export_is_the_header_row() -> None:
    assert read(b"".join(csv_format.write(records.export([])))) == []
