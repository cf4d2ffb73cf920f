"""Property tests: split_claims partitions any text's non-whitespace into exact, ordered spans."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import segment
from factcheck.claims.segment import (
    MIN_WRAPPED_LINE,
    Span,
    normalize_transcript,
    split_claims,
)
from tests.shared import shared_file

LINE_BREAKS = "\n\r\v\f\u2028\u2029"
CLOSERS = " \"'”’»)]}"
SENTENCE_END = ".!?…:;。？！；："
# Characters that stress whitespace handling, line breaks, sentence ends, quotes and list markers.
AWKWARD = (
    " \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2007\u200b\u2028\u2029\u202f\u205f\u3000"
    "\ufeff.!?…。？！,;:：\"'’‘“”«»()[]{}•⁃-–—*/\\0123456789aAbIiUS😀é中"
)
characters = st.one_of(
    st.characters(exclude_categories=("Cs",)),  # anything but lone surrogates
    st.sampled_from(AWKWARD),
)
noise = st.text(characters, max_size=40)
# Fragments that exercise the boundary repairs and labels; found sentencex's "A\u00a0." panic.
TOKEN_TEXT = (
    "1.|2.|a.|b.|1)|2)|•|⁃|U.S.|A|The|word|.|. . . .|....|?|!|,|:|Dear|alumni|Thank|you|"
    "Misconception|Part|II|(|)|’|s|Mr.|Let|me|explain|e.g.|“|”|\u2028|\x85|\u00a0|\u3000|\n|\r|\t"
)
TOKENS = TOKEN_TEXT.split("|")
word_soup = st.lists(
    st.tuples(st.sampled_from(TOKENS), st.sampled_from(["", " ", "  ", "\u00a0", "\u2003"]))
).map(lambda pairs: "".join(token + gap for token, gap in pairs))
languages = st.sampled_from(["en", "en-GB", "de", "fr", "zh", "ja", "ar", "xx"])


def assert_partition(transcript: str, spans: list[Span]) -> None:
    """Exact, stripped, ordered spans; nothing but whitespace between or around them."""
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(transcript)
        assert transcript[span.start : span.end] == span.text
        assert not span.text[0].isspace()
        assert not span.text[-1].isspace()
        # A line break inside a span joins a hard-wrapped sentence: the transcript's line before
        # it is long and stops without closing punctuation.
        # "\r\n" is one line break, as the segmenter reads it.
        for match in re.finditer(f"\r\n|[{LINE_BREAKS}]", span.text):
            at = span.start + match.start()
            line = re.split(f"\r\n|[{LINE_BREAKS}]", transcript[:at])[-1].strip()
            assert len(line) >= MIN_WRAPPED_LINE, (span, line)
            assert line.rstrip(CLOSERS)[-1:] not in SENTENCE_END, (span, line)
        assert span.start >= previous_end
        assert transcript[previous_end : span.start].isspace() or previous_end == span.start
        assert span.is_claim is (span.reason is None)
        previous_end = span.end
    tail = transcript[previous_end:]
    assert tail == "" or tail.isspace()


@settings(max_examples=400)
@given(st.text(characters), languages)
def test_any_text_is_partitioned(transcript, language):
    assert_partition(transcript, split_claims(transcript, language))


@settings(max_examples=400)
@given(word_soup, languages)
def test_word_soup_is_partitioned(transcript, language):
    assert_partition(transcript, split_claims(transcript, language))


@pytest.fixture(scope="module")
def speech_sentences() -> list[str]:
    speech = shared_file("data/speeches/tmtpost-ai-misconceptions.txt").read_text(encoding="utf-8")
    return [span.text for span in split_claims(speech)]


@given(data=st.data())
def test_speech_sentences_mixed_with_noise_are_partitioned(speech_sentences, data):
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(speech_sentences), noise), max_size=12))
    separators = data.draw(
        st.lists(st.text(st.sampled_from(AWKWARD), max_size=3), min_size=len(pieces))
    )
    transcript = "".join(piece + sep for piece, sep in zip(pieces, separators, strict=False))
    assert_partition(transcript, split_claims(transcript, data.draw(languages)))


@given(st.lists(st.sampled_from(["a", "b", "\r", "\n", "\r\n", "\ufeff", " ", "\u2028"])))
def test_normalize_only_touches_line_endings_and_a_leading_bom(pieces):
    raw = "".join(pieces)
    normalized = normalize_transcript(raw)
    assert "\r" not in normalized
    unbommed = raw.removeprefix("\ufeff")
    assert normalized.replace("\n", "") == unbommed.replace("\r", "").replace("\n", "")
    assert normalized.count("\n") == unbommed.count("\n") + unbommed.count("\r") - unbommed.count(
        "\r\n"
    )


@settings(max_examples=400, deadline=None)
@given(st.one_of(noise, word_soup, st.text(max_size=80)), st.integers(min_value=1, max_value=30))
def test_word_count_shortcut_counts_as_the_regex_does(text: str, limit: int) -> None:
    # _count_words settles long sentences without finding all their words; it must agree with
    # counting every word by the word regex.
    assert segment._count_words(text, limit) == min(limit, len(segment._WORD.findall(text)))


# Lines that do and do not run on: long ones stopping mid-sentence, on a comma or "the", ending
# sentences (with closers), blank, bullets, list items, labels, lower-case continuations.
LINES = [
    "The committee said that the budget for next year would rise by about",
    "four percent, which is more than the rate of inflation, and",
    "the",
    "Wages went up by three percent last year.",
    'He said it was "the best year ever."',
    "A short heading",
    "",
    "   ",
    "• a bullet point that goes on for a while without stopping at",
    "1. The first item of a list that runs on for quite a while and",
    "TRUMP: we will build it and they will pay for it, believe me, and",
    "this line starts in lower case and finishes the sentence.",
    "(APPLAUSE)",
    "Is that true?",
    "\u2029A paragraph separator opens this line, which runs on past the",
]


# What may come between the lines: trailing spaces, blank lines, and the other line breaks.
LINE_SEPARATORS = [
    "\n",
    "\n",
    "\n",
    " \n",
    "\t\n",
    "\n\n",
    "\n \n",
    "\u2028",
    "\n\u2029",
    "\v",
    "\f",
]


@settings(max_examples=500)
@given(
    st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(LINE_SEPARATORS)), min_size=2),
    st.lists(st.floats(0, 1), min_size=3, max_size=3),
    st.integers(0, 40),
    languages,
)
def test_a_text_cut_at_a_line_between_sentences_splits_as_the_whole(lines, where, indent, language):
    text = "".join(line + separator for line, separator in lines)
    start, near, end = sorted(int(fraction * len(text)) for fraction in where)
    at = segment.line_start_between_sentences(text, start, end, near)
    if at is None:
        return
    assert start < at < end
    assert text[at - 1] == "\n"
    # The part after the cut starts a line, so no label comes before it: its indent is 0. The
    # parts are read as parts of the whole, wrapped (or not) at its width.
    width = segment.find_wrap_width(text[start:end], indent)
    before = segment.split_offsets(text[start:at], language, indent=indent, wrap_width=width)
    after = segment.split_offsets(text[at:end], language, wrap_width=width)
    shifted = [(s + at - start, e + at - start, r) for s, e, r in after]
    whole = segment.split_offsets(text[start:end], language, indent=indent)
    assert before + shifted == whole


def test_no_line_between_sentences_in_one_wrapped_sentence():
    text = "\n".join([LINES[0], LINES[1], LINES[11]])
    assert segment.line_start_between_sentences(text, 0, len(text), len(text) // 2) is None
    text = "\n".join([LINES[0], LINES[3], LINES[1], LINES[11]])
    at = segment.line_start_between_sentences(text, 0, len(text), 5)
    assert text[at:].startswith(LINES[1])  # after the line that ends a sentence
