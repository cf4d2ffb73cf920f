"""Template filters shared by every page."""

import pytest

from factcheck.templating import NEUTRAL_COLOUR, colour, counted, media_at


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


@pytest.mark.parametrize(
    ("url", "start", "end", "expected"),
    [
        # A WebVTT cue at 0:01-0:07 opens a media file there (W3C Media Fragments).
        (
            "https://media.example.org/speech.mp4",
            1_000,
            7_000,
            "https://media.example.org/speech.mp4#t=1,7",
        ),
        (
            "https://media.example.org/a.mp3#old",
            61_500,
            62_100,
            "https://media.example.org/a.mp3#t=61,63",
        ),
        ("https://media.example.org/a.mp3", 5_000, None, "https://media.example.org/a.mp3#t=5"),
        (
            "https://www.youtube.com/watch?v=abc&t=9s",
            83_000,
            90_000,
            "https://www.youtube.com/watch?v=abc&t=83s",
        ),
        ("https://youtu.be/abc", 0, 2_000, "https://youtu.be/abc?t=0s"),
        ("https://vimeo.com/12345", 12_000, 15_000, "https://vimeo.com/12345#t=12s"),
        (None, 1_000, 7_000, None),
        ("https://media.example.org/speech.mp4", None, None, None),
    ],
)
def test_media_at_opens_the_media_at_the_claims_moment(
    url: str | None, start: int | None, end: int | None, expected: str | None
) -> None:
    assert media_at(url, start, end) == expected
