"""The verdict distribution of a report as a bar chart in SVG, drawn on the server.

Colour is never the only signal: every bar carries its rating's name, its count and its share in
text, and a fill of its own (plain, hatched, dotted...) in shades of grey, so the chart
reads the same printed in black and white. The SVG has a title and a description that give the
whole distribution in words for screen readers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from factcheck.exports.records import ClaimRecord

WITHDRAWN = "Withdrawn"
NOT_RATED = "Not rated"

# Fills, in the order bars take them: a plain grey ("#..."), or the id and the SVG content of an
# 8x8 tile (plain greys are not tiles: a renderer may draw seams between tiles).
_PATTERNS = (
    ("#222", ""),
    ("diagonal", '<rect width="8" height="8" fill="#fff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#222" stroke-width="2"/>'),
    ("dots", '<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2" fill="#222"/>'),
    ("#888", ""),
    ("cross", '<rect width="8" height="8" fill="#fff"/><path d="M0,0 l8,8 M8,0 l-8,8" stroke="#222" stroke-width="1.2"/>'),
    ("horizontal", '<rect width="8" height="8" fill="#fff"/><path d="M0,2 h8 M0,6 h8" stroke="#222" stroke-width="1.5"/>'),
    ("#ccc", ""),
    ("vertical", '<rect width="8" height="8" fill="#fff"/><path d="M2,0 v8 M6,0 v8" stroke="#222" stroke-width="1.5"/>'),
    ("back-diagonal", '<rect width="8" height="8" fill="#ddd"/><path d="M0,-2 l10,10 M-4,2 l8,8 M4,-6 l8,8" stroke="#222" stroke-width="1.5"/>'),
    ("checks", '<rect width="8" height="8" fill="#fff"/><rect width="4" height="4" fill="#222"/><rect x="4" y="4" width="4" height="4" fill="#222"/>'),
)  # fmt: skip

ROW = 30  # px per bar
LABEL_WIDTH = 190
BAR_WIDTH = 300
TEXT_WIDTH = 110


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: float  # of all claims in the chart, 0..1

    @property
    def percent(self) -> str:
        return f"{round(self.share * 100)}%"


def distribution(claims: Iterable[ClaimRecord]) -> list[Bar]:
    """How many claims got each rating: truest first along the scale's axis, then the ratings
    off it by name, then withdrawn checks and claims with no rating."""
    counts: Counter[str] = Counter()
    place: dict[str, tuple[int, float, str]] = {}
    for claim in claims:
        if claim.withdrawn:
            label, key = WITHDRAWN, (2, 0.0, "")
        elif claim.rating is None:
            label, key = NOT_RATED, (3, 0.0, "")
        else:
            label = claim.rating.label
            value = claim.rating.value
            key = (0, -value, "") if value is not None else (1, 0.0, label.casefold())
        counts[label] += 1
        place.setdefault(label, key)
    total = sum(counts.values())
    ordered = sorted(counts, key=lambda label: place[label])
    return [Bar(label, counts[label], counts[label] / total) for label in ordered]


def _fit(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def svg(bars: list[Bar], *, title: str = "Verdicts", key: str = "1") -> str:
    """The chart as SVG (inline in HTML, or a file of its own); ``key`` keeps its ids apart from
    another chart's on the same page."""
    total = sum(bar.count for bar in bars)
    height = max(1, len(bars)) * ROW + 10
    width = LABEL_WIDTH + BAR_WIDTH + TEXT_WIDTH
    words = "; ".join(f"{bar.label}: {bar.count} ({bar.percent})" for bar in bars)
    desc = f"{total} claim{'s' if total != 1 else ''}. {words}." if bars else "No claims."
    widest = max((bar.count for bar in bars), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="verdict-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="chart-title-{key} chart-desc-{key}">',
        f'<title id="chart-title-{key}">{escape(title)}</title>',
        f'<desc id="chart-desc-{key}">{escape(desc)}</desc>',
        "<defs>",
        *(
            f'<pattern id="fill-{name}-{key}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f"{tile}</pattern>"
            for name, tile in _PATTERNS
            if tile
        ),
        "</defs>",
    ]
    for i, bar in enumerate(bars):
        y = 5 + i * ROW
        length = max(2, round(BAR_WIDTH * bar.count / widest))
        pattern = _PATTERNS[i % len(_PATTERNS)][0]
        fill = pattern if pattern.startswith("#") else f"url(#fill-{pattern}-{key})"
        parts.append(
            f'<g class="bar"><text x="{LABEL_WIDTH - 8}" y="{y + 19}" text-anchor="end" '
            f'font-size="13" font-family="sans-serif" fill="#111">{escape(_fit(bar.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW - 8}" '
            f'fill="{fill}" stroke="#111" stroke-width="1"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 19}" font-size="13" '
            f'font-family="sans-serif" fill="#111">{bar.count} ({bar.percent})</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
