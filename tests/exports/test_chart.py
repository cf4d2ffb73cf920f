"""The verdict chart: the distribution in the scale's order, and an SVG that says everything in
text (label, count, share), keeps hostile labels as text and keeps its ids apart per chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from factcheck.exports import chart
from factcheck.exports.records import RatingRecord
from tests.exports import records

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, under test


def rated(id: int, label: str, value: int | None, **fields):
    return records.claim(id, rating=RatingRecord(label, value, 5, 1), **fields)


def test_the_distribution_runs_from_truest_to_falsest_then_off_the_axis() -> None:
    claims = [
        rated(1, "False", 1),
        rated(2, "True", 5),
        rated(3, "Unverifiable", None),
        rated(4, "False", 1),
        rated(5, "Half true", 3),
        rated(6, "Mostly true", 4, state="withdrawn"),
        records.claim(7, rating=None),
        rated(8, "Cherry-picked", None),
    ]
    bars = chart.distribution(claims)
    assert [(b.label, b.count) for b in bars] == [
        ("True", 1),
        ("Half true", 1),
        ("False", 2),
        ("Cherry-picked", 1),
        ("Unverifiable", 1),
        (chart.WITHDRAWN, 1),
        (chart.NOT_RATED, 1),
    ]
    assert sum(b.share for b in bars) == 1
    assert bars[2].percent == "25%"


def test_every_bar_is_labelled_in_text_and_filled_differently() -> None:
    bars = chart.distribution([rated(i, f"Rating {i}", i) for i in range(1, 13)])
    root = parse(chart.svg(bars, title="Verdicts", key="7"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Verdicts"
    assert "Rating 3: 1 (8%)" in root.find(f"{SVG}desc").text
    groups = root.findall(f"{SVG}g")
    assert len(groups) == 12
    texts = [[t.text for t in g.findall(f"{SVG}text")] for g in groups]
    assert texts[0] == ["Rating 12", "1 (8%)"]
    fills = [g.find(f"{SVG}rect").get("fill") for g in groups]
    assert len(set(fills[:10])) == 10  # ten fills before they repeat
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert ids
    assert all(i.endswith("-7") for i in ids)
    assert len(ids) == len(set(ids))


def test_hostile_labels_stay_text() -> None:
    label = '</text><script>alert(1)</script><text x="0">'
    root = parse(chart.svg(chart.distribution([rated(1, label, 3)]), title="<b>"))
    assert root.find(f"{SVG}title").text == "<b>"
    assert not list(root.iter(f"{SVG}script"))
    [name, _] = root.find(f"{SVG}g").findall(f"{SVG}text")
    assert name.text.startswith("</text><script>")  # cut short, shown as written


def test_an_empty_chart_says_so() -> None:
    root = parse(chart.svg([]))
    assert root.find(f"{SVG}desc").text == "No claims."
    assert root.findall(f"{SVG}g") == []


def test_a_long_label_is_cut_with_an_ellipsis_and_kept_whole_in_the_description() -> None:
    long = "Misleading because the figure leaves out the depot"
    root = parse(chart.svg(chart.distribution([rated(1, long, None)])))
    assert root.find(f"{SVG}g").find(f"{SVG}text").text.endswith("…")
    assert long in root.find(f"{SVG}desc").text
