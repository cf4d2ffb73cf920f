"""Template filters shared by every page."""

import pytest

from factcheck.templating import NEUTRAL_COLOUR, colour, counted


@pytest.mark.parametrize(
    ("number", "noun", "expected"),
    [
        (0, "claim", "0 claims"),
        (1, "claim", "1 claim"),
        (2, "note", "2 notes"),
        (1204, "span", "1,204 spans"),
    ],
)
def test_count_agrees_with_its_number(number: int, noun: str, expected: str) -> None:
    assert counted(number, noun) == expected


def test_count_takes_an_irregular_plural() -> None:
    assert counted(3, "person", "people") == "3 people"
    assert counted(1, "person", "people") == "1 person"


@pytest.mark.parametrize("value", ["#1a7f37", "#FFFFFF"])
def test_colour_passes_hex_colours(value: str) -> None:
    assert colour(value) == value


@pytest.mark.parametrize(
    "value", ["red", "#fff", "#000000; background:url(x)", "#0000000", "", None, 7, "#00000g"]
)
def test_colour_replaces_anything_else(value: object) -> None:
    assert colour(value) == NEUTRAL_COLOUR
