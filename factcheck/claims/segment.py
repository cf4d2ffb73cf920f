"""Split a transcript into spans with exact character offsets and say which could be claims.

Pure Python, no Flask. Sentence boundaries come from ``sentencex``; this module only recovers
offsets, repairs a few boundaries sentencex gets wrong, and labels each span.

Segmentation:

* A line break (``\\n``, ``\\r``, ``\\v``, ``\\f``, U+2028, U+2029) ends a span, unless the text
  is hard-wrapped there: a line of at least ``MIN_WRAPPED_LINE`` characters stops without closing
  punctuation, and either ends on a comma or a word such as "the", "of" or "and" that cannot end a
  sentence, or the next line, directly below, starts in lower case (and the line is no heading),
  or the whole text is wrapped at a width (``find_wrap_width``) that the next line's first word
  would have overrun. A paragraph separator (U+2029), a blank line, a list item, a bullet or a
  speaker's label never continues a line.
  ``\\x85`` is not a break: in mis-decoded Windows text it is an ellipsis.
* Within a line, sentencex proposes boundaries. Only the boundary *positions* are used, so every
  non-whitespace character ends up in exactly one span even if sentencex drops or alters text.
* Repairs: numbered or lettered list items stay with their marker (``1. The first item 2. ...``);
  the pronoun "I." after a lower-case word ends a sentence even before a name (``... and I.
  Donald, ...``);
  a multi-period abbreviation followed by a common sentence starter ends a sentence
  (``... over the U.S. A common metric ...``); in ``word. . . . Next`` the attached period ends the
  sentence and the spaced ellipsis opens the next one.
* Spans are stripped of whitespace (``str.isspace``).

Labels (``is_claim=False`` with a short reason), checked in this order:

* ``heading``: a whole line like ``Misconception 1: ...``, ``Part II``, ``Chapter 3 - ...``, or a
  short Title Case line ending in a word, quote or colon (``1. Introduction``), not in ``.?!``.
* ``no words``: nothing alphanumeric.
* ``stage direction``: a short bracketed aside such as ``(Applause)``.
* ``salutation``: greetings, thanks and forms of address (``Dear alumni,``, ``Thank you.``). A
  salutation that opens a longer sentence is split off as its own span.
* ``question``: ends with a question mark.
* ``lead-in``: ends with a colon, introducing what follows.
* ``signpost``: a short announcement of what the speaker will do (``Let me explain in detail.``).
* ``too short to check``: fewer than three words (``Not necessarily.``); three can make a claim
  (``Wages are rising.``).

Everything else is a claim candidate. The word-based rules (heading by Title Case, salutation,
signpost, too short) are English and apply only when ``language`` is English.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import sentencex

__all__ = [
    "NON_CLAIM_REASONS",
    "STAGE_DIRECTION",
    "Span",
    "find_wrap_width",
    "line_start_between_sentences",
    "normalize_transcript",
    "split_claims",
    "split_offsets",
]

STAGE_DIRECTION = "stage direction"  # the reason of an aside such as "(APPLAUSE)"
# Every reason the segmenter gives for a span that is not a claim.
NON_CLAIM_REASONS = frozenset(
    {
        "heading",
        "no words",
        STAGE_DIRECTION,
        "salutation",
        "question",
        "lead-in",
        "signpost",
        "too short to check",
    }
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Span:
    """A stripped stretch of a transcript: ``text == transcript[start:end]``."""

    start: int
    end: int
    text: str
    is_claim: bool
    reason: str | None


def normalize_transcript(raw: str) -> str:
    """Unify line endings to ``\\n`` and drop one leading BOM; change nothing else."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def split_claims(transcript: str, language: str = "en", *, indent: int = 0) -> list[Span]:
    """Split ``transcript`` into labelled spans covering all of its non-whitespace text.

    Offsets index ``transcript`` as given: normalize it first if it is what will be stored.
    ``indent`` is how many characters of its first line come before ``transcript`` (a speaker's
    label), which count when judging whether that line is long enough to be wrapped.
    """
    return [
        Span(start, end, transcript[start:end], reason is None, reason)
        for start, end, reason in split_offsets(transcript, language, indent=indent)
    ]


def split_offsets(
    transcript: str,
    language: str = "en",
    *,
    indent: int = 0,
    wrap_width: int | Callable[[], int] | None = None,
) -> list[tuple[int, int, str | None]]:
    """``split_claims`` as plain ``(start, end, reason)`` tuples, ``reason`` None for a claim.

    What an import uses: the same spans, without an object and a copy of the text for each.
    ``wrap_width`` is the width the whole document was hard-wrapped at (`find_wrap_width`; 0: it
    was not), or a function that finds it, called only for text of several lines; found from
    ``transcript`` itself when None.
    """
    english = _is_english(language)
    if _BREAK.search(transcript) is None:  # one line, as most speakers' turns are
        start, end = strip_span(transcript, 0, len(transcript))
        return _split_line(transcript, start, end, language, english, True) if start < end else []
    if wrap_width is None:
        wrap_width = find_wrap_width(transcript, indent)
    elif callable(wrap_width):
        wrap_width = wrap_width()
    spans: list[tuple[int, int, str | None]] = []
    block_start = last_start = last_end = -1  # the lines read so far of a hard-wrapped sentence
    last_column = 0  # where the last line ends, counted from the start of its line
    first_break = _first_break(transcript) if indent else 0  # only the indent needs it
    for line in _LINE.finditer(transcript):
        start, end = strip_span(transcript, line.start(), line.end())
        if start >= end:
            continue
        if block_start >= 0:
            width = last_end - last_start + (indent if last_start < first_break else 0)
            wrapped = _one_break(transcript, last_end, start) and _continues(
                transcript[last_start:last_end],
                transcript[start:end],
                width,
                english,
                last_column if wrap_width else 0,
                wrap_width,
            )
            if not wrapped:
                spans += _split_line(transcript, block_start, last_end, language, english)
                block_start = start
        else:
            block_start = start
        last_start, last_end = start, end
        last_column = end - line.start() + (indent if line.start() < first_break else 0)
    if block_start >= 0:
        spans += _split_line(transcript, block_start, last_end, language, english)
    return spans


def find_wrap_width(text: str, indent: int = 0) -> int:
    """The width ``text`` was hard-wrapped at, in characters, or 0 if it does not look wrapped.

    Text wrapped at a width (e-mail, text copied from a PDF) has most lines that go on directly
    below ending a little short of it; paragraphs one per line, turns one per line and captions
    cut by hand do not. ``indent`` counts characters before the first line (a speaker's label).
    """
    pieces = _BREAK_SPLIT.split(text)  # line, break, line, break, ..., line
    columns = []  # the end column of each line that another line directly follows
    above = 0  # the end column of the line above, if it goes on directly below; else 0
    for i in range(0, len(pieces), 2):
        line = pieces[i].rstrip()
        if not line:
            above = 0
            continue
        if above:
            columns.append(above)
        below = pieces[i + 1] if i + 1 < len(pieces) else "\u2029"
        above = 0 if below == "\u2029" else len(line) + (indent if i == 0 else 0)
    if len(columns) < _WRAPPED_LINES:
        return 0
    width = max(columns)
    near = width - max(10, width // 6)
    if width < _MIN_WRAP_WIDTH or sum(c >= near for c in columns) < 0.6 * len(columns):
        return 0
    return width


_WRAPPED_LINES = 3  # lines that go on below, at the fewest, to tell a wrapped text
_MIN_WRAP_WIDTH = 40  # narrower "wrapping" is a list or verse


@cache
def _is_english(language: str) -> bool:
    return language.split("-")[0].split("_")[0].lower() == "en"


def line_start_between_sentences(text: str, start: int, end: int, near: int) -> int | None:
    """The start of a line of ``text[start:end]``, as close to ``near`` as found, that no span
    crosses: the line above it ends a sentence or is blank, so it never continues there.

    ``split_offsets`` of the text before it and of the text from it give the spans of the whole (a
    long text can so be split in two parts). None if no such line is found nearby.
    """
    left = text.rfind("\n", start, near)
    right = text.find("\n", near, end)
    for _ in range(_LINE_START_ATTEMPTS):
        if left < 0 and right < 0:
            return None
        if right < 0 or (left >= 0 and near - left <= right - near):
            at, left = left, text.rfind("\n", start, left)
        else:
            at, right = right, text.find("\n", right + 1, end)
        above = text[max(start, at - 200) : at]
        content = above.rstrip()
        blank_between = _BREAK.search(above, len(content)) is not None
        # A window of closers alone may be the tail of a longer line: not judged from its end.
        ends = content.rstrip(_CLOSERS) != "" and _ends_sentence(content)
        if content and (blank_between or ends) and at + 1 < end:
            return at + 1
    return None


_LINE_START_ATTEMPTS = 200  # lines tried on either side before giving up


_BREAKS = "\n\r\v\f\u2028\u2029"  # what ends a line
_LINE = re.compile(f"[^{_BREAKS}]+")
_BREAK = re.compile(f"\r\n|[{_BREAKS}]")
_BREAK_SPLIT = re.compile(f"(\r\n|[{_BREAKS}])")
_BREAKS_AS_SPACES = str.maketrans(dict.fromkeys(_BREAKS, " "))
_SENTENCE_END = ".!?…:;。？！；："
# A line ending on one of these stops mid-sentence, whatever the next line starts with: articles,
# possessives, conjunctions and prepositions that do not end English sentences, or a comma.
_OPEN_END = re.compile(
    r"(?:,|\b(?:a|an|the|of|to|and|or|but|nor|from|with|into|than|because|whose|their|our|its|"
    r"my|your|per|between))$"
)
# Opening punctuation that may come before the first letter of a wrapped line: '(though ...'.
_OPENERS = "(\"“‘'["
_BULLET_START = "•⁃‣◦·*-–—"
# A speaker's label opening a line ("TRUMP:", "MODERATOR (Lester Holt):", "[Q]", "Q:"): a new turn.
_LABEL_START = re.compile(
    r"(?:[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,3}(?:[ \t]*\([^()]{1,60}\))?:|\[[^\]]{1,22}\])\s"
)
# Text is wrapped at a width; a shorter line that stops without punctuation is a heading or a list
# entry, not half a sentence.
MIN_WRAPPED_LINE = 25


def _ends_sentence(line: str) -> bool:
    """``line`` stops with closing punctuation, so the line below never carries it on."""
    return line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _first_break(text: str) -> int:
    found = _BREAK.search(text)
    return found.start() if found else len(text)


def _one_break(text: str, start: int, end: int) -> bool:
    """Lines ``start`` and ``end`` apart are next to each other: one line break, not a paragraph."""
    breaks = _BREAK.findall(text, start, end)
    return len(breaks) == 1 and breaks[0] != "\u2029"


def _continues(
    line: str, following: str, width: int, english: bool, column: int = 0, wrap_width: int = 0
) -> bool:
    """Whether ``following``, the stripped line directly below ``line``, carries on its sentence.

    ``width`` is the length of ``line``'s whole line in the transcript. In a text wrapped at
    ``wrap_width``, where ``line`` ends at ``column``, a line break that the next word would not
    have fitted before is a wrap, whatever that word is ("New / York", "about / $300 billion").
    """
    if width < MIN_WRAPPED_LINE or following[0] in _BULLET_START:
        return False
    if _ends_sentence(line):
        return False
    if _LIST_MARKER.match(following) or _LABEL_START.match(following):
        return False
    if _OPEN_END.search(line):
        return True
    if wrap_width and column + 1 + len(following.split(None, 1)[0]) > wrap_width:
        return True
    return following.lstrip(_OPENERS)[:1].islower() and not _is_heading(line, english)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``start:end`` to exclude leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(
    transcript: str, start: int, end: int, language: str, english: bool, single: bool = False
) -> list[tuple[int, int, str | None]]:
    """Spans of one stripped line (or hard-wrapped lines, unless ``single``): a heading whole,
    anything else sentence by sentence."""
    line = transcript[start:end]
    if _is_heading(line, english):
        return [(start, end, "heading")]
    cuts = _line_cuts(line, language, single)
    if not cuts:  # one sentence, already stripped
        return _label(transcript, start, end, line, english)
    spans = []
    for a, b in pairwise([0, *sorted(cuts), len(line)]):
        a, b = strip_span(line, a, b)
        if a < b:
            spans += _label(transcript, start + a, start + b, line[a:b], english)
    return spans


# --- boundaries --------------------------------------------------------------------------------

# Every non-ASCII whitespace character (all lie below U+3001), for sentencex's sake.
_WIDE_SPACES = str.maketrans({c: " " for c in map(chr, range(0x80, 0x3001)) if c.isspace()})
# How far past the expected place to look for a sentence sentencex reported at a wrong offset.
_SEARCH_SLACK = 64

# The last dot of "U.S." or "U.S.A." before a word that usually opens a sentence. Starting the
# pattern with the dot lets the regex engine skip ahead to dots quickly.
_ABBREVIATION_THEN_STARTER = re.compile(
    r"\.(?<=[A-Z]\.[A-Z]\.)(?<![^\W_][A-Z]\.[A-Z]\.)"
    r"(?=\s+(?:A|An|The|This|That|These|Those|It|Its|We|Our|They|Their|He|His|"
    r"She|Her|I|In|But|And|So|Yet|However|There|Many|Most|Some|What|When|Why|How)\s)"
)
# "... Donald Trump and I. Donald, it's good ...": sentencex takes the pronoun for an initial when a
# name follows. After a lower-case word, "I." ends the sentence ("Mary I. Smith" keeps its initial).
_PRONOUN_I_THEN_CAPITAL = re.compile(r"(?<![\w'’-])[a-z][\w'’-]* I\.(?=\s+[\"'“‘(\[]?[A-Z])")
_FOUR_DOT_ELLIPSIS = re.compile(r"(?<=\w\.)(\s+\.\s\.\s\.)\s+(?=[\"'“‘(\[]?[A-Z])")

_BULLET = r"[•⁃‣◦·*\-–]"
_LIST_MARKER = re.compile(rf"({_BULLET}\s?)?(\d{{1,3}}|[a-z])(\.\)|\.|\))\s+(?=\S)")


def _sentencex(language: str, line: str) -> list[dict]:
    """sentencex's sentences of ``line``, or none if it panics."""
    try:
        return sentencex.get_sentence_boundaries(language, line)
    except BaseException as error:  # a Rust panic arrives as pyo3's PanicException(BaseException)
        if type(error).__name__ != "PanicException":
            raise
        logger.warning("sentencex failed on a %d-character line; kept it whole", len(line))
        return []


def _line_cuts(line: str, language: str, single: bool = False) -> set[int]:  # noqa: C901 - the line-joining rules in one pass, as the README lists them
    """Sentence boundary offsets inside ``line`` (excluding 0 and ``len(line)``); ``single``
    says that it holds no line break."""
    cuts: set[int] = set()
    cursor = 0
    # sentencex 1.0.x panics on "A\u00a0." (it slices bytes around non-ASCII whitespace), so it
    # gets plain spaces instead: one for one, which keeps every offset.
    plain = line if line.isascii() else line.translate(_WIDE_SPACES)
    # A hard-wrapped sentence: its line breaks are spaces to sentencex, one for one.
    if not single and _BREAK.search(plain):
        plain = plain.translate(_BREAKS_AS_SPACES)
    sentences = _sentencex(language, plain)
    if len(sentences) == 1 and len(sentences[0]["text"]) == len(plain):
        sentences = []  # the whole line: no cut inside it
    for sentence in sentences:
        text = sentence["text"]
        at = sentence["start_index"]
        if at < cursor or not plain.startswith(text, at):
            # Offsets disagree with the text: look near the cursor, never across the whole line.
            at = plain.find(text, cursor, cursor + len(text) + _SEARCH_SLACK)
            if at < 0 or not text:
                continue
        cursor = at + len(text)
        cuts.add(cursor)
    for match in _ABBREVIATION_THEN_STARTER.finditer(line):
        cuts.add(match.end())
    if " I." in line:
        for match in _PRONOUN_I_THEN_CAPITAL.finditer(line):
            cuts.add(match.end())
    if ". . ." in line:  # spares every other line the slow lookbehind scan
        for match in _FOUR_DOT_ELLIPSIS.finditer(line):
            cuts.difference_update(range(match.start(1) + 1, match.end() + 1))
            cuts.add(match.start())
    if _LIST_MARKER.match(line):
        _keep_list_items(line, cuts)
    cuts.discard(0)
    cuts.discard(len(line))
    return cuts


def _keep_list_items(line: str, cuts: set[int]) -> None:
    """Cut before each item of an inline list such as ``a. ... b. ...`` and never after a marker."""
    at = 0
    while (marker := _LIST_MARKER.match(line, at)) is not None:
        cuts.difference_update(range(at + 1, marker.end() + 1))
        bullet, label, punct = marker.groups()
        following = chr(ord(label) + 1) if label.isalpha() else str(int(label) + 1)
        bullet_pattern = re.escape(bullet.strip()) + r"\s?" if bullet else ""
        next_item = re.compile(
            rf"(?<=\s){bullet_pattern}{re.escape(following)}{re.escape(punct)}\s+(?=\S)"
        ).search(line, marker.end())
        if next_item is None:
            return
        at = next_item.start()
        cuts.add(at)


# --- labels ------------------------------------------------------------------------------------

# A word: letters or digits, with contractions such as "that's" counted once.
_WORD_PATTERN = r"[^\W_]++(?:['’][^\W_]++)*+"
_WORD = re.compile(_WORD_PATTERN)
# Greetings and signposts are only recognised in sentences up to this many words, so a longer
# sentence that happens to open with "Thank you" or "Let me explain" stays a claim candidate.
_SHORT_SENTENCE = 8
# Three words can make a checkable claim ("Wages are rising."); two rarely do ("Totally wrong.").
_MIN_WORDS = 3
_CLOSERS = " \"'”’»)]}"

_NUMBERED_HEADING = re.compile(
    r"(?i:misconception|myth|part|chapter|section|lesson|step|point|appendix|pillar|priority|"
    r"principle|takeaway|theme|topic)\s+"
    r"(?:\d{1,3}|[IVXLC]+|[A-Z]|(?i:one|two|three|four|five|six|seven|eight|nine|ten))"
    r"(?::|\s+[\u2013\u2014-]\s|\.?$)"
)
# Words a Title Case heading leaves in lower case; "s" and "t" are split contractions ("China ’ s").
_TITLE_LOWER_CASE = (
    "a an and as at but by for from in into nor of on or over per s t the to up via vs with"
)
_TITLE_SMALL_WORDS = frozenset(_TITLE_LOWER_CASE.split())
_SALUTATION = re.compile(
    r"(?i:(?:and\s+)?)"
    r"(?i:dear\s+\w+|ladies\s+and\s+gentlemen|good\s+(?:morning|afternoon|evening|night)"
    r"|hello|hi|hey|greetings|thank\s+you|thanks(?!\s+to\b)|excellencies"
    r"|welcome(?=\s*(?:[,!.]|everyone|all|back|to\s+(?:the|this|our|you)\b|$))"
    r"|(?:distinguished|honou?red|esteemed)\s+(?:guests|delegates|colleagues)"
    r"|(?:mr\.?|madam|madame)\s+(?:president|speaker|chair(?:man|woman)?|secretary)"
    r"|your\s+(?:excellency|excellencies|majesty|honou?r)"
    r"|(?:my\s+)?(?:dear\s+)?(?:friends|colleagues|fellow\s+\w+)(?=\s*[,:]))\b"
)
_SIGNPOST = re.compile(
    r"(?i:(?:now|so|first|firstly|second|secondly|next|then|finally|lastly|but|and|ok|okay|well)"
    r"\s*,?\s+)?"
    r"(?i:let\s+me|let[’']?s|let\s+us|allow\s+me\s+to|i[’']?d\s+like\s+to|i\s+would\s+like\s+to)"
    r"\s+(?i:\w+ly\s+|first\s+|now\s+)?"
    r"(?i:explain|talk|start|begin|turn|address|assess|look|discuss|move|conclude|share|say|focus"
    r"|examine|consider|review|recap|summari[sz]e|add|mention|introduce|go|return|come|elaborate"
    r"|illustrate|give|offer|point|dive|walk|thank)\b"
)


def _count_words(text: str, limit: int) -> int:
    """The number of words in ``text``, counting no further than ``limit``."""
    if _at_least_words(limit).match(text):  # a long sentence: its words are not all found
        return limit
    return len(_WORD.findall(text))


@cache
def _at_least_words(count: int) -> re.Pattern[str]:
    """Matches text of at least ``count`` words without finding them all (long sentences)."""
    return re.compile(rf"(?:[\W_]*+{_WORD_PATTERN}){{{count}}}")


def _is_heading(line: str, english: bool) -> bool:  # noqa: C901 - a checklist of heading shapes, each a return
    """True for a line that titles what follows rather than asserting anything."""
    if _NUMBERED_HEADING.match(line):
        return _count_words(line, 26) <= 25
    if not english or len(line) > 120:
        return False
    end = line.rstrip(_CLOSERS)[-1:]
    if line[0] in "([" or not (end.isalnum() or end == ":"):
        return False  # asides, questions, sentences and broken-off turns ("Mr. Trump?", "But —")
    if _SALUTATION.match(line):
        return False
    tokens = line.split()
    if not 2 <= len(tokens) <= 12:
        return False
    if len(tokens) > 4 and not any(c.islower() for c in line):
        return False  # all-caps captions are speech, not titles
    capitalized = 0
    for token in tokens:
        core = token.strip("\"'“”‘’()[]{}:;,.!?-–—")
        if not core or not any(c.isalpha() for c in core) or core[0].isdigit():
            continue
        if core[0].isupper():
            capitalized += 1
        elif core.lower() not in _TITLE_SMALL_WORDS:
            return False
    return capitalized > 0


def _label(
    transcript: str, start: int, end: int, text: str, english: bool
) -> list[tuple[int, int, str | None]]:
    """Label one sentence, ``text`` (``transcript[start:end]``), splitting off a leading
    salutation such as ``Dear alumni,``."""
    greeting = _SALUTATION.match(text) if english else None
    if greeting:
        comma = text.find(",", greeting.end())
        if comma > 0 and _count_words(text[:comma], 7) <= 6:
            rest_start, rest_end = strip_span(transcript, start + comma + 1, end)
            rest = transcript[rest_start:rest_end]
            if _count_words(rest, 4) >= 4:
                return [
                    (start, start + comma + 1, "salutation"),
                    (rest_start, rest_end, _reason(rest, english)),
                ]
    return [(start, end, _reason(text, english, greeting is not None))]


def _reason(text: str, english: bool, salutation: bool | None = None) -> str | None:
    """Why ``text`` is not a claim candidate, or None when it is one.

    ``salutation`` says whether ``text`` opens with one, when the caller has looked already.
    """
    words = _count_words(text, _SHORT_SENTENCE + 1)
    if words == 0:
        return "no words"
    if text[0] in "([" and text[-1] in ")]" and words <= 6:
        return STAGE_DIRECTION
    if english and words <= _SHORT_SENTENCE:
        if salutation is None:
            salutation = _SALUTATION.match(text) is not None
        if salutation:
            return "salutation"
    tail = text.rstrip(_CLOSERS)
    if tail.endswith(("?", "?!", "？")):
        return "question"
    if tail.endswith((":", "：")):
        return "lead-in"
    if english and words <= _SHORT_SENTENCE and _SIGNPOST.match(text):
        return "signpost"
    if english and words < _MIN_WORDS:
        return "too short to check"
    return None
