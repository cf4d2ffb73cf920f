"""The printable report: HTML with its print stylesheet (each speech, its chart and table, each
rated claim with quote, rating, conclusion, sources and corrections), escaped throughout; and the
same as a PDF, read back with poppler's tools page by page."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from factcheck.exports import report
from factcheck.exports.records import CorrectionRecord, Organisation
from tests.exports import records
from tests.shared import in_ci

HOSTILE = (
    '<script>alert(1)</script>"; } body { display: none } </style><img src=x onerror=alert(1)>'
)


def html_of(claims, **header) -> str:
    export = records.export(claims)
    if header:
        export = replace(export, header=replace(export.header, **header))
    return b"".join(report.write(export)).decode("utf-8")


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is absent: install Debian's poppler-utils to read PDFs back"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


def demo_claims():
    first, second = records.speech(1, title="Budget speech"), records.speech(2, title="Debate")
    return [
        records.corrected(records.claim(1, first)),
        records.claim(2, first, rating=None),
        records.claim(
            3,
            second,
            state="withdrawn",
            corrections=(CorrectionRecord("withdrawal", "Misattributed.", records.WHEN),),
        ),
    ]


def test_the_html_report_has_each_speech_its_chart_and_each_rated_claim() -> None:
    page = html_of(demo_claims())
    assert page.startswith("<!doctype html>")
    assert page.count('<section class="speech"') == 2
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="verdict-chart"') == 2
    assert 'id="chart-title-1"' in page
    assert 'id="chart-title-2"' in page
    assert "1 more claim not rated yet, left out." in page
    assert "<blockquote>Unemployment fell to 3.9% in 2023.</blockquote>" in page
    assert 'Rating: <span class="label">Mostly true</span>' in page
    assert "<p>It was 4.0%.</p>" in page
    assert "<strong>Corrected on 2024-05-09:</strong> The year was wrong." in page
    assert "<strong>Withdrawn on 2024-05-09:</strong> Misattributed." in page
    assert "@page" in page
    assert 'counter(page) " of " counter(pages)' in page
    assert 'id="claim-2"' not in page


def test_hostile_text_is_escaped_everywhere_in_the_html() -> None:
    speech = records.speech(title=HOSTILE, speaker=HOSTILE, source_url="javascript:alert(1)")
    claim = records.claim(1, speech, text=HOSTILE, restatement=HOSTILE, conclusion=HOSTILE)
    page = html_of([claim], organisation=Organisation(HOSTILE, None))
    assert "<script>" not in page
    assert "<img" not in page
    assert page.count("</style>") == 1
    # In the stylesheet the organisation's name is a CSS string of escapes, not text that ends it.
    style = page[page.index("<style>") : page.index("</style>")]
    assert '"; }' not in style
    assert not re.search(r"content: \"[^\"]*[<>;{}][^\"]*\"", style)


def test_css_string_leaves_only_letters_digits_spaces_and_escapes() -> None:
    escaped = str(report.css_string('Fact "Desk" </style> é'))
    assert escaped == "Fact \\22 Desk\\22  \\3c \\2f style\\3e  \\e9 "
    assert re.fullmatch(r"[A-Za-z0-9 \\]*", escaped)


def test_the_pdf_reads_back_with_every_claim_and_a_page_per_speech(tmp_path: Path) -> None:
    data = b"".join(report.write_pdf(records.export(demo_claims())))
    assert data.startswith(b"%PDF-")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    assert "Budget speech" in pages[0]
    assert "Corrected on 2024-05-09: The year was wrong." in " ".join(pages[0].split())
    assert any("Debate" in p and "Misattributed." in p for p in pages[1:])  # a page of its own
    assert "Page 1 of" in pages[0]
    subprocess.run(
        [poppler("pdftoppm"), "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len([p for p in pages if p.strip()])
    assert all(image.stat().st_size > 1_000 for image in images)  # drawn, not blank
