"""The printable verdict report: HTML with a print stylesheet, and the same HTML as a PDF through
WeasyPrint. Each speech starts on a page of its own with its details and a chart of its verdicts
(`chart`), then each claim: quote, rating, conclusion, sources and corrections.

The HTML streams, a speech at a time (a speech's claims are read before its chart is drawn); the
PDF is laid out whole, so it holds the report in memory: it is for a speech or a selection a
person would print, not for an archive (the JSON export is).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from factcheck.exports import chart
from factcheck.exports._text import chunked, day, timecode
from factcheck.exports.markdown_format import STANCES, rated
from factcheck.exports.records import Export
from factcheck.markdown import render as render_markdown


def css_string(value: str) -> Markup:
    """Text for a CSS string in the page's stylesheet: every character but letters, digits and
    spaces as a CSS escape, so nothing in it can end the string or the <style> element."""
    safe = "".join(
        c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} " for c in value
    )
    return Markup(safe)  # noqa: S704 - letters, digits, spaces and CSS escapes only


_environment = Environment(
    loader=PackageLoader("factcheck.exports", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(
    day=day, timecode=timecode, markdown=render_markdown, css_string=css_string
)


def _speeches(export: Export) -> Iterator[tuple[Any, ...]]:
    for n, (speech, group) in enumerate(export.by_speech(), 1):
        claims, left = rated(group)
        if not claims:  # a speech with nothing rated yet has nothing to report
            continue
        bars = chart.distribution(claims)
        title = f"Verdicts on {speech.title}"
        drawn = Markup(chart.svg(bars, title=title, key=str(n)))  # noqa: S704 - chart escapes text
        yield speech, claims, left, bars, drawn


def pieces(export: Export) -> Iterator[str]:
    template = _environment.get_template("report.html")
    return template.generate(header=export.header, speeches=_speeches(export), stances=STANCES)


def write(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    return chunked(pieces(export))


def write_pdf(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    from weasyprint import HTML  # loaded only when a PDF is asked for: it loads Pango

    html = "".join(pieces(export))
    out = BytesIO()
    HTML(string=html, base_url=export.header.base_url or None).write_pdf(out)
    yield out.getvalue()
