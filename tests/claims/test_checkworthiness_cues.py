"""Cues only make scoring faster: they never change which pattern features fire or what they quote.

Scoring searches a regex only in sentences holding one of its cues, and starts where a hint allows
(``checkworthiness_features``). Here every sentence is also searched the slow way, every regex from
the start, and the two must agree exactly: on real debate lines, on the golden sentences, and on
generated text built from cue words, their near misses, digits, symbols and awkward Unicode.
"""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import checkworthiness_features as features
from tests.shared import shared_file

GOLDEN = Path(__file__).with_name("data") / "checkworthiness_golden.json"


def searched_everywhere(text: str) -> dict[str, str]:
    """What ``sentence_features(text).found`` would be if every regex were searched from 0."""
    norm = text if text.isascii() else features._normalise(text)
    found = features._pattern_features(text, norm, norm.lower(), features._ALL_CUED, None)
    found.update(features.entities(norm))
    return found


def assert_cues_change_nothing(text: str) -> None:
    found = features.sentence_features(text).found
    assert list(found.items()) == list(searched_everywhere(text).items()), text


def test_cues_change_nothing_on_the_golden_sentences():
    for case in json.loads(GOLDEN.read_text(encoding="utf-8")):
        assert_cues_change_nothing(case["text"])


def test_cues_change_nothing_on_every_clef_training_line():
    train = shared_file("data/clef2019-task1/train")
    lines = [
        line.split("\t")[2]
        for path in sorted(train.glob("*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.count("\t") >= 2
    ]
    assert len(lines) > 10_000
    for text in lines:
        assert_cues_change_nothing(text)


def test_a_missing_cue_would_be_caught(monkeypatch):
    # The check can fail: drop the cue 'than' and a comparison is no longer searched for.
    text = "Wages grew faster than prices last year."
    assert "comparison:comparative" in searched_everywhere(text)
    words = dict(features._CUE_WORDS)
    words["than"] = 0
    monkeypatch.setattr(features, "_CUE_WORDS", words)
    with pytest.raises(AssertionError):
        assert_cues_change_nothing(text)


# Words that contain cues without being them, cues inside longer tokens, and what the string, start
# and end cues look at.
_AROUND_CUES = """
    won't can't I'm I'll I've you'll it'll top-tier all-time no. 1 number one
    percent per cent per-cent 3% 40 1999 2024 '90s 1980s $5 €3 £2 5,000 2.5 x
    May June Sept. 4th 12 of March ago since yesterday
    thanks others nothing notable whenever sevens forty-two one-third half-hearted
    times timeless recorded everest history's leader topped willing going
    " “ ” ‘ ’ ( ) [ ] ? ! -- — – ... … , .
"""
_VOCABULARY = sorted(
    {cue for cue in features._CUES.words}
    | {cue.capitalize() for cue in features._CUES.words}
    | {cue.upper() for cue in features._CUES.words}
    | set(_AROUND_CUES.split())
    | {
        "\u0130stanbul",  # İ: lower-cases to two characters
        "\u0131t",  # dotless ı, which IGNORECASE matches to 'i'
        "\u017fince",  # long ſ, which IGNORECASE matches to 's'
        "\u00a0",
        "\u0663",  # an Arabic-Indic digit
    }
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=14),
    st.lists(st.sampled_from([" ", " ", " ", "", "  ", "\u00a0"]), min_size=14, max_size=14),
)
def test_cues_change_nothing_on_generated_text(words: list[str], gaps: list[str]) -> None:
    assert_cues_change_nothing("".join(word + gap for word, gap in zip(words, gaps, strict=False)))
