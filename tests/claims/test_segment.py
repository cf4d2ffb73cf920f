"""Unit tests for the claim segmenter, including tricky paragraphs of the shared speech."""

import textwrap
from dataclasses import FrozenInstanceError

import pytest

from factcheck.claims import segment
from factcheck.claims.segment import Span, normalize_transcript, split_claims
from tests.shared import shared_file

SPEECH = "data/speeches/tmtpost-ai-misconceptions.txt"


def texts(transcript: str) -> list[tuple[str, bool]]:
    return [(span.text, span.is_claim) for span in split_claims(transcript)]


def reasons(transcript: str) -> list[str | None]:
    return [span.reason for span in split_claims(transcript)]


# --- normalize_transcript -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\r\nb", "a\n\nb"),
        ("\ufeffHello", "Hello"),
        ("\ufeff\ufeffHello", "\ufeffHello"),
        ("Hi\ufeff there", "Hi\ufeff there"),
        ("tab\tnbsp\u00a0ls\u2028nel\x85 end  ", "tab\tnbsp\u00a0ls\u2028nel\x85 end  "),
        ("", ""),
    ],
)
def test_normalize_transcript(raw, expected):
    assert normalize_transcript(raw) == expected


# --- segmentation -------------------------------------------------------------------------------


def test_spans_carry_exact_offsets():
    transcript = "  Hello Mr. Smith, the plant employs 300 people.  It opened in 1990.\n"
    spans = split_claims(transcript)
    assert [(s.start, s.end) for s in spans] == [(2, 18), (19, 48), (50, 68)]
    assert all(transcript[s.start : s.end] == s.text for s in spans)


def test_line_break_ends_a_span_without_punctuation():
    assert texts("Unemployment fell to four percent\nInflation rose to nine percent") == [
        ("Unemployment fell to four percent", True),
        ("Inflation rose to nine percent", True),
    ]


def test_unicode_line_separators_and_crlf_end_spans():
    transcript = "Exports grew by a third\u2028Imports fell by half\r\nDebt doubled since 2010"
    assert [s.text for s in split_claims(transcript)] == [
        "Exports grew by a third",
        "Imports fell by half",
        "Debt doubled since 2010",
    ]


def test_blank_and_whitespace_only_input():
    assert split_claims("") == []
    assert split_claims(" \n\t\u3000\u2028\x85\u00a0 \r\n") == []


def test_span_is_frozen():
    span = split_claims("The river is 300 kilometres long.")[0]
    assert span == Span(0, 33, "The river is 300 kilometres long.", True, None)
    with pytest.raises(FrozenInstanceError):
        span.start = 1


def test_abbreviation_then_sentence_starter_is_a_boundary():
    assert [s.text for s in split_claims("It rivals the U.S. A common metric is patents.")] == [
        "It rivals the U.S.",
        "A common metric is patents.",
    ]
    assert len(split_claims("I work for the U.S. Government in Virginia.")) == 1


def test_list_items_keep_their_markers():
    assert [s.text for s in split_claims("1. The first item. 2. The second item.")] == [
        "1. The first item.",
        "2. The second item.",
    ]
    assert [s.text for s in split_claims("a. The first item b. The second item")] == [
        "a. The first item",
        "b. The second item",
    ]


def test_sentencex_text_that_does_not_match_falls_back(monkeypatch):
    transcript = "Alpha beta gamma delta. Epsilon zeta eta theta."

    def confused(language, text):
        return [
            {"start_index": 5, "end_index": 9, "text": "not in the line"},
            {"start_index": 0, "end_index": 0, "text": ""},
            {"start_index": 99, "end_index": 120, "text": "Alpha beta gamma delta. "},
        ]

    monkeypatch.setattr(segment.sentencex, "get_sentence_boundaries", confused)
    # The misplaced sentence is found near the cursor; the rest of the line is never lost.
    assert [s.text for s in split_claims(transcript)] == [
        "Alpha beta gamma delta.",
        "Epsilon zeta eta theta.",
    ]


def test_wide_space_before_a_period_does_not_crash_sentencex():
    # sentencex 1.0.x panics on this exact text when given it unchanged.
    assert [s.text for s in split_claims("A\u00a0.")] == ["A\u00a0."]


def test_wide_spaces_separate_sentences_like_spaces():
    assert [
        s.text for s in split_claims("Prices\u00a0rose 5\u202f%.\u3000Wages fell\u2003too.")
    ] == [
        "Prices\u00a0rose 5\u202f%.",
        "Wages fell\u2003too.",
    ]


def test_a_sentencex_panic_keeps_the_line_whole(monkeypatch, caplog):
    class PanicException(BaseException):
        """Stands in for pyo3_runtime.PanicException, which Python code cannot import."""

    def panic(language, text):
        raise PanicException("index is not a char boundary")

    monkeypatch.setattr(segment.sentencex, "get_sentence_boundaries", panic)
    assert [s.text for s in split_claims("Prices rose. Wages fell.")] == [
        "Prices rose. Wages fell."
    ]
    assert "sentencex failed" in caplog.text


def test_sentencex_returning_nothing_keeps_the_line(monkeypatch):
    monkeypatch.setattr(segment.sentencex, "get_sentence_boundaries", lambda language, text: [])
    assert [s.text for s in split_claims("Prices rose. Wages fell.")] == [
        "Prices rose. Wages fell."
    ]


def test_other_languages_use_sentencex_rules_and_skip_english_labels():
    spans = split_claims("中国经济增长了百分之五。你同意吗？", language="zh")
    assert [(s.text, s.reason) for s in spans] == [
        ("中国经济增长了百分之五。", None),
        ("你同意吗？", "question"),
    ]
    assert split_claims("Guten Tag.", language="de")[0].is_claim


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "Misconception 1: The Gap between China and the United States in AI is Only 1 to 2 Years.",
            "heading",
        ),
        ("Part II", "heading"),
        ("Chapter 3 \u2013 What the data say", "heading"),
        ("1. Introduction", "heading"),
        ("Five Misconceptions About China’s Catchup in the AI Race", "heading"),
        ("Dear alumni,", "salutation"),
        ("Ladies and gentlemen,", "salutation"),
        ("Thank you.", "salutation"),
        ("Good morning everyone.", "salutation"),
        ("(Applause)", "stage direction"),
        ("...", "no words"),
        ("Is it truly such a narrow timeframe?", "question"),
        ("So, how should we navigate this landscape?", "question"),
        ("The results were as follows:", "lead-in"),
        ("Let me explain in detail.", "signpost"),
        ("Now, let’s assess our engineering talent.", "signpost"),
        ("Not necessarily.", "too short to check"),
        ("Mr. Trump?", "question"),
        ("My fellow Americans:", "salutation"),
        ("Wages are rising.", None),
        ("That's wrong.", "too short to check"),
        ('Google "Donald Trump Iraq."', None),
        ("The economy grew by 5% last year.", None),
        ("Part 2 of the plan was funded by the EU.", None),
        ("Thanks to the new law, unemployment fell to 3%.", None),
        ("WE CREATED FIVE MILLION NEW JOBS LAST YEAR", None),
        ("I will cut taxes by ten percent.", None),
    ],
)
def test_labels(line, reason):
    spans = split_claims(line)
    assert len(spans) == 1
    assert spans[0].reason == reason
    assert spans[0].is_claim is (reason is None)


def test_salutation_prefix_is_split_off():
    assert [
        (s.text, s.reason) for s in split_claims("Hello everyone, our exports grew 9% in 2023.")
    ] == [
        ("Hello everyone,", "salutation"),
        ("our exports grew 9% in 2023.", None),
    ]


def test_greetings_joined_by_a_comma_are_all_salutation():
    assert reasons("Good evening, and welcome to the debate.") == ["salutation", "salutation"]
    assert reasons("Thank you, Mr. President.") == ["salutation"]


# --- the shared speech --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def speech() -> str:
    return normalize_transcript(shared_file(SPEECH).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def speech_spans(speech) -> list[Span]:
    return split_claims(speech)


def spans_of_line(speech: str, spans: list[Span], opening: str) -> list[tuple[str, bool]]:
    """The (text, is_claim) of the spans on the one line of the speech that starts with opening."""
    starts = [0] + [i + 1 for i, char in enumerate(speech) if char == "\n"]
    (start,) = [i for i in starts if speech.startswith(opening, i)]
    end = speech.find("\n", start)
    end = len(speech) if end < 0 else end
    return [(s.text, s.is_claim) for s in spans if start <= s.start < end]


SPEECH_LINES = {
    "us-double-period": [
        (
            "However, as of 2022, although China ranked approximately the second globally in terms of "
            "top-tier researchers, the number of China ’ s top-tier AI researchers is about one-fifth "
            "that of the U.S...",
            True,
        ),
        ("And as of 2024, this gap may have widened even further compared to two years ago.", True),
    ],
    "agi-in-spaced-parentheses": [
        (
            "For entities like OpenAI, aiming for Artificial General Intelligence ( AGI ) , "
            "closed-source models may expedite the concentration of resources and funds towards "
            "achieving the AGI goal more swiftly and efficiently.",
            True,
        ),
    ],
    "misconception-heading": [
        (
            "Misconception 4: Closed-Source Large Models vs. Open-Source Large Models: "
            "Which Is Better?",
            False,
        ),
    ],
    "dear-alumni": [
        ("Dear alumni,", False),
        (
            "the topic of my speech today is \"Five Major Misconceptions on China's Catchup in the "
            'AI Race."',
            True,
        ),
    ],
    "curly-apostrophe-and-questions": [
        (
            "I believe it's imperative to challenge the prevalent belief that the disparity between "
            "China and the U.S. in AI amounts to merely 1 to 2 years.",
            True,
        ),
        ("Is it truly such a narrow timeframe?", False),
        ("And if so, what substantiates this claim?", False),
        (
            "Many argue that China ’ s performance after the release of GPT-3 in 2020 and that of "
            "ChatGPT in 2022 demonstrates our ability to swiftly develop models akin to U.S. "
            "innovative products.",
            True,
        ),
        (
            "With the subsequent release of GPT-4, we promptly produced a model on par with it.",
            True,
        ),
        ("But does this imply that our gap is indeed only 1 to 2 years?", False),
        ("Is this assertion accurate?", False),
    ],
    "us-then-capital-a": [
        (
            "We often assert, particularly during the AI 1.0 era, that Chinese investors and "
            "entrepreneurs making speeches in Silicon Valley would proclaim China's AI superiority "
            "over the U.S.",
            True,
        ),
        (
            "A common metric supporting this claim is China's status as the largest market for AI "
            "patents and talent worldwide.",
            True,
        ),
    ],
}


@pytest.mark.parametrize("name", SPEECH_LINES)
def test_tricky_speech_lines(speech, speech_spans, name):
    expected = SPEECH_LINES[name]
    assert spans_of_line(speech, speech_spans, expected[0][0][:40]) == expected


def test_speech_headings_are_the_five_misconceptions(speech_spans):
    headings = [s.text for s in speech_spans if s.reason == "heading"]
    assert [h.split(":")[0] for h in headings] == [f"Misconception {n}" for n in range(1, 6)]


def test_speech_typo_does_not_disturb_segmentation(speech, speech_spans):
    assert spans_of_line(speech, speech_spans, "We must understand") == [
        (
            "We must understand that this is truly a gap led by innovation, not a situation where we "
            "catch up in two years ith a single model.",
            True,
        ),
    ]


def test_speech_is_covered_by_mostly_claims(speech, speech_spans):
    covered = "".join(s.text for s in speech_spans)
    assert "".join(covered.split()) == "".join(speech.split())
    claims = [s for s in speech_spans if s.is_claim]
    assert 150 <= len(claims) < len(speech_spans) <= 190


def test_a_hard_wrapped_paragraph_is_split_into_its_sentences_not_its_lines():
    transcript = (
        "Unemployment fell to 3.9% in 2023, the lowest rate\n"
        "since 1969. Wages rose by four percent over the\n"
        "year, and prices by two."
    )
    spans = split_claims(transcript)
    assert [s.text for s in spans] == [
        "Unemployment fell to 3.9% in 2023, the lowest rate\nsince 1969.",
        "Wages rose by four percent over the\nyear, and prices by two.",
    ]
    assert all(transcript[s.start : s.end] == s.text and s.is_claim for s in spans)


@pytest.mark.parametrize(
    ("transcript", "lines"),
    [
        # A heading directly above its paragraph.
        ("Part 1: Where the gap really is\nGPT-3 was released in 2020.", 2),
        # Statements one per line, without punctuation: each line ends a span.
        ("Unemployment fell to four percent last year\nInflation rose to nine percent again", 2),
        # A blank line between: a new paragraph.
        ("The number of jobs grew by a third in the\n\nsecond quarter of the year.", 2),
        # A bullet or a numbered item below: a list, not a wrap.
        ("Our plan has three parts and they are the\n- more jobs in every region", 2),
        ("Our plan has three parts and they are the\n2. more jobs in every region", 2),
        # A short line is a heading or a list entry, even when it ends on "the".
        ("Notes on the\nbudget of the city of Leeds", 2),
        # A finished sentence, whatever follows.
        ("The plant employs three hundred people.\nmost of them live nearby in the town.", 2),
        # A dash marks a broken-off sentence, and a label a new turn.
        ("QUESTION: If I may just ask you one thing —\nTRUMP: Go ahead.", 2),
        ("I think he probably respects the process —\nFrom what I hear it went well.", 2),
        ("Our plan is to cut taxes for everyone and\nTRUMP: That is not what you said.", 2),
        # Words that can end a sentence, before a capital: two statements.
        ("The war in Ukraine is not over in the east\nRussia still holds much of it", 2),
        ("What we offer young people is Plan A\nThe next point is about housing", 2),
        # A paragraph separator is a paragraph, not a wrap.
        ("The number of jobs grew by a third in the\u2029second quarter of the year.", 2),
    ],
)
def test_line_breaks_that_are_not_wraps_still_end_spans(transcript: str, lines: int) -> None:
    spans = split_claims(transcript)
    assert len(spans) >= lines
    assert not any("\n" in s.text for s in spans)


@pytest.mark.parametrize(
    "transcript",
    [
        "According to the Bureau of Labor Statistics, the\nunemployment rate fell to 3.9 percent.",
        "The Congressional Budget Office said the deficit had peaked\n(though it rose again).",
        "Unemployment fell to 3.9% in 2023, the lowest rate\r\nsince 1969.",
    ],
)
def test_wrapped_lines_join_into_one_claim(transcript: str) -> None:
    spans = split_claims(transcript)
    assert len(spans) == 1
    assert spans[0].is_claim
    assert spans[0].text == transcript.strip()


def test_a_labels_width_counts_toward_a_wrapped_first_line():
    body = "We have a plan that\nwill cut taxes for the middle class."
    assert len(split_claims(body)) == 2  # 19 characters alone: too short to be a wrap
    assert [s.text for s in split_claims(body, indent=len("HARRIS: "))] == [body]


WRAPPED_PARAGRAPH = (
    "The mayor of New York said on Tuesday that the city had spent an estimated $300 billion on "
    "transit since 1990, more than any other American city. Critics in Washington disputed the "
    "figure and said the real number was closer to $250 billion, according to the Times. "
    "I asked the mayor about it and he said that Congress would decide."
)


@pytest.mark.parametrize("width", [40, 50, 60, 66, 72, 78])
def test_a_wrap_before_a_capital_or_a_number_is_found_by_the_texts_width(width):
    # Wrapped at any of these widths, some line breaks fall before "York", "$300", "Washington",
    # "Congress" or "I": the next word did not fit, so the sentence goes on.
    transcript = textwrap.fill(WRAPPED_PARAGRAPH, width)
    assert segment.find_wrap_width(transcript) in range(width - 2, width + 1)
    spans = split_claims(transcript)
    assert [" ".join(s.text.split()) for s in spans] == [
        "The mayor of New York said on Tuesday that the city had spent an estimated $300 billion "
        "on transit since 1990, more than any other American city.",
        "Critics in Washington disputed the figure and said the real number was closer to $250 "
        "billion, according to the Times.",
        "I asked the mayor about it and he said that Congress would decide.",
    ]


def test_a_wrapped_text_still_ends_spans_where_a_line_stops_short():
    transcript = (
        textwrap.fill(WRAPPED_PARAGRAPH, 60)
        + "\nThe City Council agrees\n"
        + (textwrap.fill(WRAPPED_PARAGRAPH, 60))
    )
    texts = [s.text for s in split_claims(transcript)]
    assert "The City Council agrees" in texts  # the next word would have fitted: a real break


@pytest.mark.parametrize(
    "transcript",
    [
        "",
        "One line only, however long it may be, is not wrapped at any width at all.",
        # Two lines that go on below are too few to tell.
        "The committee said that the budget for next year would\nrise by about four percent.",
        # Paragraphs one per line, of any length.
        "Short one.\nA much longer paragraph that runs on well past any width a mail program "
        "would wrap at, since it was never wrapped.\nMedium paragraph of some length here.\n"
        "Another short one.\nAnd one more of middling length to finish.",
        # Short lines: a list or verse, not wrapping.
        "Bread and milk\nEggs and butter\nApples and pears\nTea and coffee\nRice and beans",
    ],
)
def test_text_that_is_not_hard_wrapped_has_no_wrap_width(transcript):
    assert segment.find_wrap_width(transcript) == 0


def test_the_shared_speech_is_not_hard_wrapped(speech):
    assert segment.find_wrap_width(speech) == 0


@pytest.mark.parametrize(
    ("transcript", "sentences"),
    [
        (
            "Thank you to Donald Trump and I. Donald, it's good to be with you.",
            ["Thank you to Donald Trump and I.", "Donald, it's good to be with you."],
        ),
        ("Between you and I. “Really,” he said.", ["Between you and I.", "“Really,” he said."]),
        # An initial after a name stays: "I." after a capitalised word is no pronoun.
        ("Mary I. Smith spoke first.", ["Mary I. Smith spoke first."]),
    ],
)
def test_the_pronoun_i_ends_a_sentence_before_a_name(transcript, sentences):
    assert [s.text for s in split_claims(transcript)] == sentences
