"""The Markdown report: each speech with its verdict table, then each rated claim with its quote,
rating, conclusion, sources and corrections; plain text escaped so that, rendered, it shows as
written and links nowhere it did not say."""

from __future__ import annotations

from dataclasses import replace

from markdown_it import MarkdownIt

from factcheck.exports import markdown_format
from factcheck.exports.records import CorrectionRecord, SourceRecord
from tests.exports import records

HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://x/i.png) *bold* | a"


def written(claims, *, published_only: bool = True) -> str:
    export = records.export(claims, published_only=published_only)
    return b"".join(markdown_format.write(export)).decode("utf-8")


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def test_a_speech_with_its_table_and_each_claim() -> None:
    speech = records.speech(title="Budget speech", occasion="Parliament")
    claims = [
        records.corrected(records.claim(1, speech)),
        records.claim(2, speech, rating=None),  # not rated: left out, counted
        records.claim(3, speech, media_start_ms=61_500, speaker="MINISTER"),
    ]
    text = written(claims)
    assert text.startswith("# Example Checks: fact-check report\n")
    assert "## Budget speech\n" in text
    assert "*Jane Doe · 2024-05-08 · Parliament*" in text
    assert "2 checked claims (1 more not rated yet)." in text
    assert "| Mostly true | 2 | 100% |" in text
    assert "### 1. Unemployment fell to 3.9% (#1)" in text
    assert "> Unemployment fell to 3.9% in 2023." in text
    assert "**Rating: Mostly true**" in text
    assert "It was 4.0%." in text
    assert "[Labour market](<https://www.ons.gov.uk/>), ONS, refutes the claim" in text
    assert "*Corrected on 2024-05-09:* The year was wrong." in text
    assert "— MINISTER, at 00:01:01.500" in text
    assert "Permalink: <https://desk.example.org/claims/3>" in text
    assert "(#2)" not in text


def test_hostile_text_shows_as_written_and_links_nowhere() -> None:
    speech = records.speech(title=HOSTILE, speaker=HOSTILE)
    source = SourceRecord(
        "https://example.org/a>b <c", HOSTILE, HOSTILE, HOSTILE, None, None, "supports", True
    )
    claim = records.claim(1, speech, text=HOSTILE, restatement="# " + HOSTILE, sources=(source,))
    claim = replace(claim, corrections=(CorrectionRecord("correction", HOSTILE, records.WHEN),))
    html = rendered(written([claim]))
    assert "<script>" not in html
    assert "javascript:" not in html.replace("javascript:alert(1))", "")  # shown, never an href
    assert 'href="javascript' not in html
    assert "<img" not in html
    assert "<strong>bold</strong>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://example.org/a%3Eb%20%3Cc"' in html
    assert html.count("<h1>") == 1  # the restatement's "#" did not become a heading


def test_a_line_of_plain_text_that_looks_like_a_list_stays_text() -> None:
    assert markdown_format.text("- not a list") == "\\- not a list"
    assert markdown_format.text("1. not a list") == "1\\. not a list"
    assert markdown_format.text("a\nb") == "a b"


def test_a_withdrawn_check_says_so_with_its_note() -> None:
    claim = records.claim(
        1,
        state="withdrawn",
        corrections=(CorrectionRecord("withdrawal", "Misattributed.", records.WHEN),),
    )
    text = written([claim])
    assert "**Withdrawn on 2024-05-09:** Misattributed." in text
    assert "**Rating:" not in text
    assert "It was 4.0%." not in text
    assert "| Withdrawn | 1 | 100% |" in text


def test_private_sources_only_in_the_staff_report_and_marked() -> None:
    private = SourceRecord(
        "https://ledger.example.org/", "Ledger", None, None, None, None, "supports", False
    )
    claim = records.claim(1, sources=(private,))
    assert "ledger.example.org" not in written([claim])
    staff = written([claim], published_only=False)
    assert "[Ledger](<https://ledger.example.org/>), supports the claim, **not public**" in staff


def test_nothing_rated_says_so() -> None:
    assert "No checked claims in this selection." in written([records.claim(1, rating=None)])
    assert "No checked claims in this selection." in written([])


def test_conclusions_keep_their_markdown_but_not_their_headings() -> None:
    claim = records.claim(1, conclusion="# Big\nThe *ONS* says [so](https://ons.gov.uk).")
    html = rendered(written([claim]))
    assert "<strong>Big</strong>" in html
    assert '<a href="https://ons.gov.uk">so</a>' in html
    assert html.count("<h1>") == 1
