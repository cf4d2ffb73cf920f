"""Transcript formats: plain text, speaker-labelled transcripts, SubRip and WebVTT captions.

Each parser turns the raw file into the transcript we store and a list of regions of it. A region is a
stretch said by one speaker (``speech``) or a stage direction (``stage``); claims are found inside
speech regions only, so a sentence never runs across two speakers. Speaker labels themselves lie
between regions and belong to no claim.

- plain: the text as given, one region.
- speakers: the text as given. A line opening with a label (``TRUMP:``, ``MODERATOR (Lester Holt):``,
  ``[Q]``, ``Q:``, or a short Title Case name used as a label on at least two lines) starts a turn;
  lines without one continue the current turn. ``(APPLAUSE)``, ``[CROSSTALK]`` and the like are stage
  regions wherever they stand.
- srt / vtt: cue numbers, timings, settings and markup are dropped and the cue texts are joined with
  spaces, so a sentence spoken over several cues stays one sentence; a new paragraph starts when the
  speaker changes (a WebVTT ``<v Name>`` voice or a caption's own ``NAME:`` label) or after a pause of
  ``PARAGRAPH_PAUSE_MS`` that follows the end of a sentence. Every caption region keeps the offsets and
  times of its cues, so a claim can be given the media time of the cues it came from.

Malformed caption files raise `TranscriptFormatError` naming the line.
"""

from __future__ import annotations

import bisect
import enum
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import NamedTuple

from factcheck.claims.segment import normalize_transcript

__all__ = [
    "Cue",
    "ParsedTranscript",
    "Region",
    "TranscriptFormat",
    "TranscriptFormatError",
    "detect_format",
    "parse_transcript",
]

PARAGRAPH_PAUSE_MS = 2000


class TranscriptFormat(enum.StrEnum):
    """How a transcript is given; also the `speech.transcript_format` column's vocabulary."""

    PLAIN = "plain"
    SPEAKERS = "speakers"
    SRT = "srt"
    VTT = "vtt"


class TranscriptFormatError(ValueError):
    """The file is not valid in its format; `line` is 1-based in the file as given."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"Line {line}: {message}" if line else message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Cue:
    """Where one caption cue's text lies in the transcript, and when it is on screen."""

    start: int
    end: int
    start_ms: int
    end_ms: int


class Region(NamedTuple):
    """A stretch of the transcript said by one speaker, or a stage direction (a named tuple:
    a long transcript has thousands)."""

    start: int
    end: int
    kind: str  # "speech" or "stage"
    speaker: str | None = None
    cues: tuple[Cue, ...] = ()

    def media_span(self, start: int, end: int) -> tuple[int | None, int | None]:
        """The media time of the cues that characters ``start:end`` of the transcript came from."""
        if not self.cues:
            return None, None
        ends = [c.end for c in self.cues]
        first = min(bisect.bisect_right(ends, start), len(self.cues) - 1)
        last = min(bisect.bisect_left(ends, end), len(self.cues) - 1)
        return self.cues[first].start_ms, self.cues[last].end_ms


@dataclass(frozen=True)
class ParsedTranscript:
    text: str
    format: TranscriptFormat
    regions: list[Region] = field(default_factory=list)


# --- detection ------------------------------------------------------------------------------

_SRT_TIMING = re.compile(
    r"^\s*(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})\s*-->\s*(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
    r"(?:\s+.*)?$"
)
_VTT_TIME = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"^\s*{_VTT_TIME}\s+-->\s+{_VTT_TIME}(?:[ \t]+.*)?$")

_UPPER_LABEL = re.compile(
    r"^[ \t]*((?:[A-Z][A-Z'’.\-]*)(?:[ \t]+[A-Z][A-Z'’.\-]*){0,3}(?:[ \t]*\([^()\n]{1,60}\))?):[ \t]+(?=\S)"
)
_BRACKET_LABEL = re.compile(r"^[ \t]*(\[[A-Za-z][\w .]{0,20}\]|[QA]:)[ \t]+(?=\S)")
_NAME_LABEL = re.compile(
    r"^[ \t]*((?:Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Gov\.)?[ \t]*[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,2}):[ \t]+(?=\S)"
)
_STAGE = re.compile(
    r"[(\[](?:[A-Z][A-Z ,'’\-]{2,40}|(?:applause|laughter|crosstalk|cheers|cheering|booing|boos|"
    r"inaudible|unintelligible|music|silence|pause|break|commercial break|laughs|sighs|"
    r"end of (?:video|transcript|clip)|begin video clip|end video clip)[a-z ,]*)[)\]]",
    re.IGNORECASE,
)
# Words that end a "Title Case label" guess: "Misconception 1:" or "Note:" are not speakers.
_NOT_NAMES = frozenset(
    {
        "note",
        "update",
        "editor",
        "source",
        "misconception",
        "part",
        "chapter",
        "section",
        "step",
        "question",
        "answer",
        "summary",
        "conclusion",
        "introduction",
        "warning",
        "example",
        "fact",
        "claim",
        "verdict",
        "transcript",
        "subject",
        "re",
        "ps",
        "p.s",
        "tl;dr",
        "bonus",
        "lesson",
    }
)


def detect_format(raw: str, filename: str | None = None) -> TranscriptFormat:
    """Guess the format from the file name and its first lines (or all lines, for speaker labels)."""
    return _detect(normalize_transcript(raw), filename)[0]


def _detect(
    text: str, filename: str | None
) -> tuple[TranscriptFormat, dict[int, re.Match[str]] | None]:
    """The format of normalised ``text``, with its speaker labels when they were looked for."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    head = text.lstrip()
    if head.startswith("WEBVTT") or suffix == ".vtt":
        return TranscriptFormat.VTT, None
    if suffix == ".srt":
        return TranscriptFormat.SRT, None
    first_lines = head.split("\n", 3)[:3]
    if any(_SRT_TIMING.match(line) for line in first_lines):
        return TranscriptFormat.SRT, None
    labels = _speaker_labels(text)
    if _is_speaker_labelled(text, labels):
        return TranscriptFormat.SPEAKERS, labels
    return TranscriptFormat.PLAIN, labels


def _is_speaker_labelled(text: str, labels: dict[int, re.Match[str]]) -> bool:
    """Labels open at least two lines and a fifth of the lines that are not blank."""
    if len(labels) < 2:
        return False
    lines = sum(1 for line in text.split("\n") if line.strip())
    return len(labels) >= 0.2 * lines


_DIGIT = re.compile(r"\d")


def _name_of(match: re.Match[str]) -> str | None:
    """The name of a Title Case label match, unless it is a word such as 'Note' or has digits."""
    name = match.group(1).strip()
    if name.split()[0].lower().rstrip(".") in _NOT_NAMES or _DIGIT.search(name):
        return None
    return name


def _speaker_labels(text: str) -> dict[int, re.Match[str]]:
    """The speaker label of each labelled line of ``text``, by where the line starts.

    Upper-case and bracketed labels always count. Title Case labels ("Harris: ...") count when one
    of them opens at least two lines; then all of them do: a lone "Summary: ..." is no speaker.
    """
    labels: dict[int, re.Match[str]] = {}
    named: dict[int, re.Match[str]] = {}
    upper, bracket, name = _UPPER_LABEL.match, _BRACKET_LABEL.match, _NAME_LABEL.match
    pos = 0
    for line in text.split("\n"):
        match = upper(line) or bracket(line)
        if match is not None:
            labels[pos] = match
        match = name(line)
        if match is not None:
            named[pos] = match
        pos += len(line) + 1
    seen: dict[str, int] = {}
    for match in named.values():
        found = _name_of(match)
        if found is not None:
            seen[found] = seen.get(found, 0) + 1
    if any(count >= 2 for count in seen.values()):
        for pos, match in named.items():
            if pos not in labels and match.group(1).strip() in seen:
                labels[pos] = match
    return labels


# --- parsing --------------------------------------------------------------------------------


def parse_transcript(
    raw: str, fmt: TranscriptFormat | str | None = None, filename: str | None = None
) -> ParsedTranscript:
    """Parse ``raw`` in ``fmt`` (detected when None) into the stored transcript and its regions."""
    text = normalize_transcript(raw)
    chosen, labels = (TranscriptFormat(fmt), None) if fmt else _detect(text, filename)
    if chosen is TranscriptFormat.PLAIN:
        return ParsedTranscript(text, chosen, _plain_regions(text, 0, len(text), None))
    if chosen is TranscriptFormat.SPEAKERS:
        return _parse_speakers(text, labels)
    cues = _srt_cues(text) if chosen is TranscriptFormat.SRT else _vtt_cues(text)
    return _join_cues(cues, chosen)


def _plain_regions(text: str, start: int, end: int, speaker: str | None) -> list[Region]:
    """Cut stage directions out of ``text[start:end]``; the rest is speech by ``speaker``."""
    if text.find("(", start, end) < 0 and text.find("[", start, end) < 0:  # no stage direction
        speech = start < end and not text[start:end].isspace()
        return [Region(start, end, "speech", speaker)] if speech else []
    regions = []
    pos = start
    for match in _STAGE.finditer(text, start, end):
        if match.start() > pos:
            regions.append(Region(pos, match.start(), "speech", speaker))
        regions.append(Region(match.start(), match.end(), "stage", speaker))
        pos = match.end()
    if pos < end:
        regions.append(Region(pos, end, "speech", speaker))
    return [r for r in regions if text[r.start : r.end].strip()]


@lru_cache(maxsize=1024)
def _clean_speaker(label: str) -> str:
    label = label.strip().strip("[]").rstrip(":").strip()
    return " ".join(label.split())


def _parse_speakers(text: str, labels: dict[int, re.Match[str]] | None = None) -> ParsedTranscript:
    """Turns and stage directions of a speaker-labelled ``text`` (``labels``: its `_speaker_labels`)."""
    if labels is None:
        labels = _speaker_labels(text)
    if not labels:
        raise TranscriptFormatError(
            "No line starts with a speaker's label (NAME: text); choose another format."
        )
    regions: list[Region] = []
    speaker: str | None = None
    pos = 0
    for line in text.split("\n"):
        line_end = pos + len(line)
        match = labels.get(pos)
        body_start = pos
        if match is not None:
            speaker = _clean_speaker(match.group(1))
            body_start = pos + match.end()
        line_regions = _plain_regions(text, body_start, line_end, speaker)
        if match is None and line_regions and all(r.kind == "stage" for r in line_regions):
            # A line that is only "(APPLAUSE)" is nobody's turn; the speaker goes on after it.
            line_regions = [Region(r.start, r.end, r.kind) for r in line_regions]
        elif (
            match is None
            and line_regions
            and regions
            and regions[-1].kind == line_regions[0].kind == "speech"
            and regions[-1].end == pos - 1
            and line_regions[0].start == pos
        ):
            # A turn that goes on over the next line is one region, so that a sentence wrapped
            # there stays one sentence (the segmenter decides where lines are wraps).
            previous = regions.pop()
            line_regions[0] = Region(previous.start, line_regions[0].end, "speech", speaker)
        regions.extend(line_regions)
        pos = line_end + 1
    return ParsedTranscript(text, TranscriptFormat.SPEAKERS, regions)


@dataclass
class _RawCue:
    line: int
    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None


def _ms(h: str | None, m: str, s: str, frac: str) -> int:
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")[:3])


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the 1-based number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _check_times(start: int, end: int, line: int) -> None:
    if end < start:
        raise TranscriptFormatError("the cue ends before it starts", line)


# SubRip's formatting tags (<i>, <b>, <u>, <s>, <font ...>) and SSA position codes ({\an8}); other
# angle brackets are text ("5 < 6").
_SRT_TAG = re.compile(r"</?(?:[ibus]|font)(?:\s[^<>\n]*)?>", re.IGNORECASE)
_SRT_POSITION = re.compile(r"\{\\[^{}\n]*\}")


def _srt_cues(text: str) -> list[_RawCue]:
    cues = []
    for first, block in _blocks(text):
        index = 0
        if block[0].strip().isdigit():
            index = 1
        if index >= len(block):
            raise TranscriptFormatError("a cue number with no timing line after it", first)
        timing = _SRT_TIMING.match(block[index])
        if timing is None:
            raise TranscriptFormatError(
                f"expected a timing line such as '00:00:01,000 --> 00:00:04,000', found {block[index].strip()[:60]!r}",
                first + index,
            )
        g = timing.groups()
        start, end = _ms(*g[0:4]), _ms(*g[4:8])
        _check_times(start, end, first + index)
        body = block[index + 1 :]
        if any(_SRT_TIMING.match(line) for line in body):
            bad = next(i for i, line in enumerate(body) if _SRT_TIMING.match(line))
            raise TranscriptFormatError(
                "a timing line inside a cue's text (missing blank line?)", first + index + 1 + bad
            )
        cue_text = _SRT_POSITION.sub("", _SRT_TAG.sub("", "\n".join(body)))
        cues.append(_RawCue(first + index, start, end, cue_text))
    if not cues:
        raise TranscriptFormatError("no cues found in this SubRip file")
    return cues


_VTT_TAG = re.compile(r"<[^>\n]*>")
_VTT_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^>\n]+)>")


def _vtt_cues(text: str) -> list[_RawCue]:
    blocks = _blocks(text)
    if not blocks or not blocks[0][1][0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptFormatError("a WebVTT file must start with 'WEBVTT'", 1)
    header = blocks[0][1][0].lstrip("\ufeff")
    if len(header) > 6 and header[6] not in " \t":
        raise TranscriptFormatError("a WebVTT file must start with 'WEBVTT'", 1)
    cues = []
    for first, block in blocks:
        if block is blocks[0][1]:
            # The header block may hold metadata lines, but no cue timing.
            if any(_VTT_TIMING.match(line) for line in block[1:]):
                raise TranscriptFormatError(
                    "put a blank line between the WEBVTT header and the first cue", first + 1
                )
            continue
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and not _VTT_TIMING.match(block[0]):
            continue
        index = 0 if "-->" in block[0] else 1
        if index >= len(block) or not _VTT_TIMING.match(block[index]):
            shown = block[min(index, len(block) - 1)].strip()[:60]
            raise TranscriptFormatError(
                f"expected a timing line such as '00:00:01.000 --> 00:00:04.000', found {shown!r}",
                first + min(index, len(block) - 1),
            )
        g = _VTT_TIMING.match(block[index]).groups()
        start, end = _ms(*g[0:4]), _ms(*g[4:8])
        _check_times(start, end, first + index)
        raw_text = "\n".join(block[index + 1 :])
        voice = _VTT_VOICE.search(raw_text)
        cue_text = html.unescape(_VTT_TAG.sub("", raw_text))
        cues.append(
            _RawCue(first + index, start, end, cue_text, voice.group(1).strip() if voice else None)
        )
    if not cues:
        raise TranscriptFormatError("no cues found in this WebVTT file")
    return cues


_CAPTION_LABEL = re.compile(r"^\s*(?:-\s*)?([A-Z][A-Z'’.\-]*(?:\s+[A-Z][A-Z'’.\-]*){0,3}):\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _join_cues(cues: list[_RawCue], fmt: TranscriptFormat) -> ParsedTranscript:  # noqa: C901 - one pass over the cues; each branch is a caption quirk with its own test
    """Join cue texts into paragraphs of running text and record where each cue landed."""
    parts: list[str] = []
    regions: list[Region] = []
    length = 0
    speaker: str | None = None
    para_start = 0
    para_cues: list[Cue] = []
    previous: _RawCue | None = None

    def close_paragraph() -> None:
        if para_cues:
            regions.append(Region(para_start, length, "speech", speaker, tuple(para_cues)))

    for cue in cues:
        words = " ".join(cue.text.split())
        if not words:
            continue
        cue_speaker = cue.speaker
        label = _CAPTION_LABEL.match(words)
        if label and cue_speaker is None:
            cue_speaker = _clean_speaker(label.group(1))
            words = words[label.end() :]
            if not words:
                continue
        new_speaker = cue_speaker is not None and cue_speaker != speaker
        paused = (
            previous is not None
            and cue.start_ms - previous.end_ms >= PARAGRAPH_PAUSE_MS
            and _SENTENCE_END.search(parts[-1] if parts else "")
        )
        if previous is None:
            speaker = cue_speaker
        elif new_speaker or paused:
            close_paragraph()
            parts.append("\n\n")
            length += 2
            para_start = length
            para_cues = []
            if cue_speaker is not None:
                speaker = cue_speaker
        else:
            parts.append(" ")
            length += 1
        parts.append(words)
        para_cues.append(Cue(length, length + len(words), cue.start_ms, cue.end_ms))
        length += len(words)
        previous = cue
    close_paragraph()
    if not parts:
        raise TranscriptFormatError("the captions contain no text")
    text = "".join(parts)
    split: list[Region] = []
    for region in regions:
        for part in _plain_regions(text, region.start, region.end, region.speaker):
            split.append(Region(part.start, part.end, part.kind, part.speaker, region.cues))
    return ParsedTranscript(text, fmt, split)
