"""The export formats by name: what each writes, its media type and file extension.

A format is a function from an `Export` to chunks of bytes. Adding one (Markdown, HTML, PDF) is
adding a module and a line to FORMATS; the command line and the desk list what is here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from factcheck.exports import claimreview, csv_format, json_format, markdown_format, report, webanno
from factcheck.exports.records import Export

Writer = Callable[..., Iterator[bytes]]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    media_type: str
    extension: str
    write: Writer  # write(export, *, bom=False) -> chunks of bytes
    published_only: bool = False  # True: made of published checks whoever asks (ClaimReview)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", "CSV (spreadsheet)", "text/csv; charset=utf-8", "csv", csv_format.write),
        Format("json", "JSON (complete)", "application/json", "json", json_format.write),
        Format(
            "claimreview",
            "ClaimReview JSON-LD (schema.org)",
            "application/ld+json",
            "jsonld",
            claimreview.write,
            published_only=True,
        ),
        Format(
            "webanno",
            "W3C Web Annotation (JSON Lines)",
            "application/x-ndjson",
            "jsonl",
            webanno.write,
        ),
        Format(
            "markdown",
            "Markdown (report)",
            "text/markdown; charset=utf-8",
            "md",
            markdown_format.write,
        ),
        Format("html", "Printable report (HTML)", "text/html; charset=utf-8", "html", report.write),
        Format("pdf", "Printable report (PDF)", "application/pdf", "pdf", report.write_pdf),
    )
}


def write(name: str, export: Export, *, bom: bool = False) -> Iterator[bytes]:
    return FORMATS[name].write(export, bom=bom)
