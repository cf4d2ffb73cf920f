"""What the stylesheet promises that a reader of it cannot see at a glance: the focus ring is
visible (3:1, WCAG 1.4.11) on every background the pages use."""

from __future__ import annotations

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[1] / "static" / "css" / "app.css").read_text("utf-8")
HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def _luminance(colour: str) -> float:
    if len(colour) == 4:  # #fff
        colour = "#" + "".join(c * 2 for c in colour[1:])
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_the_focus_ring_stands_out_on_every_background() -> None:
    rule = re.search(r":focus-visible \{([^}]*)\}", CSS)
    assert rule, "a :focus-visible rule"
    ring = re.findall(HEX, rule.group(1))
    assert ring, "the ring has colours"
    root = re.search(r":root \{([^}]*)\}", CSS).group(1)
    backgrounds = {
        "page": re.search(rf"--bg: ({HEX})", root).group(1),
        "card": re.search(rf"--card: ({HEX})", root).group(1),
        "header": re.search(rf"\.site-header \{{[^}}]*background: ({HEX})", CSS).group(1),
        "claim highlight": re.search(rf"--claim: ({HEX})", root).group(1),
    }
    for name, background in backgrounds.items():
        best = max(contrast(colour, background) for colour in ring)
        assert best >= 3, f"focus ring on the {name} ({background}): {best:.2f}:1"
