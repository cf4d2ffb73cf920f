"""Transcript formats: detection, speaker turns, stage directions, SubRip and WebVTT captions."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factcheck.claims.extract import spans_of
from factcheck.claims.formats import (
    TranscriptFormat,
    TranscriptFormatError,
    detect_format,
    parse_transcript,
)
from tests.shared import shared_file

SRT = """1
00:00:01,000 --> 00:00:03,500
Unemployment fell to 3.9%

2
00:00:03,600 --> 00:00:06,000
in 2023. We built
40,000 homes last year.

3
00:00:09,000 --> 00:00:10,000
[APPLAUSE]

4
00:00:10,500 --> 00:00:12,250
JONES: That is simply not what the figures say.
"""

VTT = """WEBVTT - a debate

NOTE cue settings and voices below

intro
00:01.000 --> 00:04.000 align:start position:10%
<v Roger Bingham>Inflation was 9.1% in June

00:04.000 --> 00:06.000
<v Roger Bingham>and it is 3% now &amp; falling.

00:06.500 --> 01:00:08.000
<v.loud Neil>I <i>doubt</i> the second figure very much.
"""

DEBATE = """HOLT: Good evening from Hofstra University.
TRUMP: We lost 70,000 factory jobs in 2015. (APPLAUSE) That is a disaster.
MODERATOR (Lester Holt): Secretary Clinton, your response?
CLINTON: Unemployment is at 4.9%, the lowest in eight years.
[CROSSTALK]
Q: What about taxes?
"""


def texts(parsed, spans) -> list[tuple[str, str | None, bool]]:
    return [(s.text, s.speaker, s.is_claim) for s in spans]


def assert_offsets(transcript: str, spans) -> None:
    previous = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(transcript)
        assert transcript[span.start : span.end] == span.text
        assert span.start >= previous
        previous = span.end


@pytest.mark.parametrize(
    ("raw", "filename", "expected"),
    [
        (SRT, None, TranscriptFormat.SRT),
        (SRT, "talk.srt", TranscriptFormat.SRT),
        (VTT, None, TranscriptFormat.VTT),
        ("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nHi there.\n", None, TranscriptFormat.VTT),
        (DEBATE, None, TranscriptFormat.SPEAKERS),
        (DEBATE, "debate.txt", TranscriptFormat.SPEAKERS),
        ("Just a speech. With sentences.\nAnd lines.", None, TranscriptFormat.PLAIN),
        (
            "Misconception 1: A heading\nText follows here.\nNote: not a speaker.",
            None,
            TranscriptFormat.PLAIN,
        ),
    ],
)
def test_format_is_detected(raw: str, filename: str | None, expected: TranscriptFormat) -> None:
    assert detect_format(raw, filename) is expected


def test_srt_cues_are_joined_and_claims_keep_their_media_times() -> None:
    parsed = parse_transcript(SRT)
    assert parsed.text == (
        "Unemployment fell to 3.9% in 2023. We built 40,000 homes last year.\n\n[APPLAUSE]\n\n"
        "That is simply not what the figures say."
    )
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    by_text = {s.text: s for s in spans}
    across = by_text["Unemployment fell to 3.9% in 2023."]
    assert (across.media_start_ms, across.media_end_ms) == (1000, 6000)
    inside = by_text["We built 40,000 homes last year."]
    assert (inside.media_start_ms, inside.media_end_ms) == (3600, 6000)
    applause = by_text["[APPLAUSE]"]
    assert (applause.is_claim, applause.reason) == (False, "stage direction")
    jones = by_text["That is simply not what the figures say."]
    assert jones.speaker == "JONES"
    assert (jones.media_start_ms, jones.media_end_ms) == (10500, 12250)


def test_vtt_voices_markup_entities_and_hours() -> None:
    parsed = parse_transcript(VTT)
    assert parsed.format is TranscriptFormat.VTT
    assert "<" not in parsed.text
    assert "&amp;" not in parsed.text
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    assert [(s.text, s.speaker, s.media_start_ms, s.media_end_ms) for s in spans] == [
        ("Inflation was 9.1% in June and it is 3% now & falling.", "Roger Bingham", 1000, 6000),
        ("I doubt the second figure very much.", "Neil", 6500, 3608000),
    ]


def test_speaker_turns_stage_directions_and_labels() -> None:
    parsed = parse_transcript(DEBATE)
    assert parsed.text == DEBATE
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    assert [(s.text, s.speaker, s.is_claim) for s in spans] == [
        ("Good evening from Hofstra University.", "HOLT", False),
        ("We lost 70,000 factory jobs in 2015.", "TRUMP", True),
        ("(APPLAUSE)", "TRUMP", False),
        ("That is a disaster.", "TRUMP", True),
        ("Secretary Clinton, your response?", "MODERATOR (Lester Holt)", False),
        ("Unemployment is at 4.9%, the lowest in eight years.", "CLINTON", True),
        ("[CROSSTALK]", None, False),  # a line of its own: nobody's turn
        ("What about taxes?", "Q", False),
    ]
    # Labels belong to no span.
    assert all("TRUMP:" not in s.text for s in spans)


def test_title_case_labels_count_only_when_they_recur() -> None:
    text = "Harris: We created 800,000 jobs.\nPence: That is false.\nHarris: It is in the data."
    parsed = parse_transcript(text)
    assert parsed.format is TranscriptFormat.SPEAKERS
    assert [s.speaker for s in spans_of(parsed)] == ["Harris", "Pence", "Harris"]
    once = "Summary: We created 800,000 jobs.\nIt is in the data."
    assert detect_format(once) is TranscriptFormat.PLAIN


@pytest.mark.parametrize(
    ("raw", "fmt", "line", "words"),
    [
        ("1\n00:00:01,000 -> 00:00:02,000\nHi.\n", "srt", 2, "timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\nno timing\nText\n", "srt", 6, "timing line"),
        ("1\n00:00:05,000 --> 00:00:02,000\nHi.\n", "srt", 2, "ends before"),
        ("1\n", "srt", 1, "no timing line"),
        ("Hello\n\n00:01.000 --> 00:02.000\nHi.\n", "vtt", 1, "WEBVTT"),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi.\n", "vtt", 1, "WEBVTT"),
        ("WEBVTT\n00:01.000 --> 00:02.000\nHi.\n", "vtt", 2, "blank line"),
        ("WEBVTT\n\n00:01,000 --> 00:02,000\nHi.\n", "vtt", 3, "timing line"),
        ("WEBVTT\n\nid\n00:01.000 --> 00:02\nHi.\n", "vtt", 4, "timing line"),
    ],
)
def test_malformed_captions_name_the_line(raw: str, fmt: str, line: int, words: str) -> None:
    with pytest.raises(TranscriptFormatError) as caught:
        parse_transcript(raw, fmt)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"Line {line}: ")
    assert words in str(caught.value)


@pytest.mark.parametrize(("raw", "fmt"), [("", "srt"), ("WEBVTT\n\nNOTE only a note\n", "vtt")])
def test_caption_files_without_cues_are_refused(raw: str, fmt: str) -> None:
    with pytest.raises(TranscriptFormatError, match="no cues"):
        parse_transcript(raw, fmt)


def test_the_shared_speech_is_plain_text() -> None:
    raw = shared_file("data/speeches/tmtpost-ai-misconceptions.txt").read_text(encoding="utf-8")
    parsed = parse_transcript(raw)
    assert parsed.format is TranscriptFormat.PLAIN
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    assert all(s.speaker is None for s in spans)


def test_a_clef_debate_as_speaker_lines_keeps_every_speaker() -> None:
    path = shared_file("data/clef2019-task1/train/20160926_1pres.tsv")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
    text = "\n".join(f"{speaker}: {sentence}" for _, speaker, sentence, *_ in rows)
    parsed = parse_transcript(text)
    assert parsed.format is TranscriptFormat.SPEAKERS
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    speakers = {speaker for _, speaker, *_ in rows}
    assert {s.speaker for s in spans} <= speakers
    assert {"TRUMP", "CLINTON", "HOLT"} <= {s.speaker for s in spans}
    # Every sentence line starts a span said by that line's speaker.
    starts = {s.start: s.speaker for s in spans}
    pos = 0
    for _, speaker, sentence, *_ in rows:
        label = f"{speaker}: "
        first = pos + len(label) + (len(sentence) - len(sentence.lstrip()))
        if sentence.strip() and not sentence.strip().startswith(("(", "[")):
            assert starts.get(first) == speaker, sentence
        pos += len(label) + len(sentence) + 1


cue_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n<>&"),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() and "-->" not in t and not t.strip().isdigit())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(cue_text, st.integers(0, 5000), st.integers(0, 5000)), min_size=1, max_size=12
    )
)
def test_srt_offsets_and_times_hold_for_any_cues(cues: list[tuple[str, int, int]]) -> None:
    blocks, clock = [], 0

    def stamp(ms: int) -> str:
        return f"{ms // 3600000:02}:{ms // 60000 % 60:02}:{ms // 1000 % 60:02},{ms % 1000:03}"

    for number, (text, gap, length) in enumerate(cues, start=1):
        start, end = clock + gap, clock + gap + length
        clock = end
        blocks.append(f"{number}\n{stamp(start)} --> {stamp(end)}\n{text}\n")
    parsed = parse_transcript("\n".join(blocks), "srt")
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    covered = "".join(s.text for s in spans)
    assert "".join(covered.split()) == "".join(parsed.text.split())
    for span in spans:
        assert span.media_start_ms is not None
        assert 0 <= span.media_start_ms <= span.media_end_ms <= clock


line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), max_size=80
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["TRUMP", "CLINTON", "MODERATOR (Lester Holt)", None]), line_text
        ),
        min_size=2,
        max_size=12,
    )
)
def test_speaker_offsets_hold_and_only_labels_are_left_out(
    lines: list[tuple[str | None, str]],
) -> None:
    assume(any(label for label, _ in lines))  # without any label, the format is refused
    raw_lines, label_spans, pos = [], [], 0
    for label, text in lines:
        line = f"{label}: x{text}" if label else f"and {text}"
        if label:
            label_spans.append((pos, pos + len(label) + 1))
        raw_lines.append(line)
        pos += len(line) + 1
    raw = "\n".join(raw_lines)
    parsed = parse_transcript(raw, "speakers")
    assert parsed.text == raw
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    covered = [0] * len(raw)
    for span in spans:
        for i in range(span.start, span.end):
            covered[i] += 1
    in_label = {i for a, b in label_spans for i in range(a, b)}
    for i, char in enumerate(raw):
        if not char.isspace():
            assert covered[i] == (0 if i in in_label else 1), (i, char)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(cue_text, st.sampled_from(["Ann", "Bo", None])), min_size=1, max_size=10))
def test_vtt_offsets_and_voices_hold_for_any_cues(cues: list[tuple[str, str | None]]) -> None:
    blocks = ["WEBVTT"]
    for number, (text, voice) in enumerate(cues):
        body = f"<v {voice}>{text}" if voice else text
        blocks.append(f"00:{number:02}.000 --> 00:{number:02}.900\n{body}")
    parsed = parse_transcript("\n\n".join(blocks) + "\n", "vtt")
    spans = spans_of(parsed)
    assert_offsets(parsed.text, spans)
    covered = "".join(s.text for s in spans)
    assert "".join(covered.split()) == "".join(parsed.text.split())
    voices = {voice for _, voice in cues if voice}
    assert {s.speaker for s in spans} - {None} <= voices


def test_srt_formatting_tags_and_position_codes_are_dropped():
    raw = (
        "1\n00:00:01,000 --> 00:00:04,000\n{\\an8}<i>We hired 400 new officers\n"
        "in 2023.</i>\n\n"
        '2\n00:01:02,000 --> 00:01:05,000\n<font color="#ffffff">Thank you.</font>\n\n'
        "3\n00:01:06,000 --> 00:01:09,000\n<B>Crime</B> fell: 5 < 6 and 7 > 3.\n"
    )
    parsed = parse_transcript(raw, filename="talk.srt")
    assert parsed.format == TranscriptFormat.SRT
    assert "<" not in parsed.text.replace("5 < 6", "")
    assert "{" not in parsed.text
    spans = spans_of(parsed)
    officers = next(s for s in spans if s.text.startswith("We hired"))
    assert officers.text == "We hired 400 new officers in 2023."
    assert (officers.media_start_ms, officers.media_end_ms) == (1000, 4000)
    thanks = next(s for s in spans if s.text == "Thank you.")
    assert not thanks.is_claim
    assert (thanks.media_start_ms, thanks.media_end_ms) == (62000, 65000)
    assert any(s.text == "Crime fell: 5 < 6 and 7 > 3." for s in spans)


def test_a_stage_direction_line_belongs_to_nobody_and_the_turn_goes_on() -> None:
    raw = "SMITH: Unemployment fell to 3.9% in 2023.\n(APPLAUSE)\nAnd it will fall further.\n"
    spans = spans_of(parse_transcript(raw, "speakers"))
    assert [(s.text, s.speaker) for s in spans] == [
        ("Unemployment fell to 3.9% in 2023.", "SMITH"),
        ("(APPLAUSE)", None),
        ("And it will fall further.", "SMITH"),
    ]


def test_a_turn_wrapped_over_lines_keeps_its_sentences_whole():
    raw = (
        "SMITH: Unemployment fell to 3.9% in 2023, the lowest rate\n"
        "since 1969. We will do better.\n"
        "Wages rose by four percent last year\n"
        "JONES: That is simply not true.\n"
    )
    spans = spans_of(parse_transcript(raw))
    assert_offsets(raw, spans)
    assert [(s.text, s.speaker) for s in spans] == [
        ("Unemployment fell to 3.9% in 2023, the lowest rate\nsince 1969.", "SMITH"),
        ("We will do better.", "SMITH"),
        ("Wages rose by four percent last year", "SMITH"),
        ("That is simply not true.", "JONES"),
    ]


def test_a_wrapped_first_line_of_a_turn_counts_its_label():
    raw = (
        "HARRIS: We have a plan that\nwill cut taxes for the middle class by $2,000.\n"
        "PENCE: That is not true. [CROSSTALK] We have created\njobs in every single state.\n"
    )
    spans = spans_of(parse_transcript(raw))
    assert_offsets(raw, spans)
    assert [(s.text, s.speaker) for s in spans] == [
        ("We have a plan that\nwill cut taxes for the middle class by $2,000.", "HARRIS"),
        ("That is not true.", "PENCE"),
        ("[CROSSTALK]", "PENCE"),
        ("We have created\njobs in every single state.", "PENCE"),
    ]


def test_speaker_lines_chosen_for_text_without_labels_are_refused() -> None:
    with pytest.raises(TranscriptFormatError, match="No line starts with a speaker's label"):
        parse_transcript("Just a paragraph of prose.\nAnd another one.", "speakers")
