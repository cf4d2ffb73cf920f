"""Markdown: a verdict report to paste into an article or a wiki, speech by speech: its details,
the verdict distribution as a table, then each claim with its quote, rating, conclusion, sources
and corrections.

Text people typed as plain text (titles, quotes, source titles, notes) is escaped, so it shows
as written and cannot turn into links, images or HTML; conclusions and explanations are written
in Markdown in the desk and are passed on as Markdown (whoever renders the file should sanitise
its HTML, as the desk does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from factcheck.exports import chart
from factcheck.exports._text import chunked, day, timecode
from factcheck.exports.records import ClaimRecord, Export, SourceRecord, SpeechRecord

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # the rest is special only where escaped below
_LINE_START = re.compile(r"^(\s*)([-+#=])", re.M)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.M)
STANCES = {"supports": "supports the claim", "refutes": "refutes the claim"}


def text(value: str | None) -> str:
    """Plain text as Markdown that shows it as written, on one line."""
    if not value:
        return ""
    flat = " ".join(value.split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", escaped))


def address(url: str) -> str:
    """A URL between <>, with what would end it or break the line percent-encoded."""
    for char, code in (("<", "%3C"), (">", "%3E"), (" ", "%20"), ("\n", ""), ("\r", "")):
        url = url.replace(char, code)
    return f"<{url}>"


def quoted(value: str) -> str:
    """A blockquote of plain text, each line of it."""
    return "\n".join(f"> {text(line)}" if line.strip() else ">" for line in value.splitlines())


def block(markdown: str | None) -> str:
    """Markdown as the desk holds it, kept inside its section: headings become bold lines."""
    if not markdown:
        return ""
    return re.sub(r"^\s{0,3}#{1,6}\s+(.*)$", r"**\1**", markdown.strip(), flags=re.M)


def _speech(
    speech: SpeechRecord, claims: list[ClaimRecord], staff: bool, left: int
) -> Iterator[str]:
    yield f"## {text(speech.title)}\n\n"
    facts = [text(speech.speaker)]
    if speech.delivered_on:
        facts.append(day(speech.delivered_on) or "")
    if speech.occasion:
        facts.append(text(speech.occasion))
    yield f"*{' · '.join(f for f in facts if f)}*\n\n"
    if speech.source_url:
        yield f"Source: {address(speech.source_url)}\n\n"
    bars = chart.distribution(claims)
    not_yet = f" ({left} more not rated yet)" if left else ""
    yield f"{len(claims)} checked claim{'s' if len(claims) != 1 else ''}{not_yet}.\n\n"
    if bars:
        yield "| Rating | Claims | Share |\n|---|---:|---:|\n"
        for bar in bars:
            yield f"| {text(bar.label)} | {bar.count} | {bar.percent} |\n"
        yield "\n"
    for number, claim in enumerate(claims, 1):
        yield from _claim(number, claim, staff)


def _sources(sources: tuple[SourceRecord, ...]) -> Iterator[str]:
    if not sources:
        return
    yield "Sources:\n\n"
    for source in sources:
        parts = [f"[{text(source.title)}]({address(source.url)})"]
        if source.publisher:
            parts.append(text(source.publisher))
        if source.quote:
            parts.append(f"“{text(source.quote)}”")
        if source.accessed_on:
            parts.append(f"accessed {day(source.accessed_on)}")
        parts.append(STANCES.get(source.stance, text(source.stance.replace("_", " "))))
        if not source.is_public:
            parts.append("**not public**")
        yield f"- {', '.join(parts)}\n"
    yield "\n"


def _claim(number: int, claim: ClaimRecord, staff: bool) -> Iterator[str]:
    yield f"### {number}. {text(claim.as_checked)} (#{claim.id})\n\n"
    yield quoted(claim.text) + "\n\n"
    who = claim.speaker or claim.speech.speaker
    when = timecode(claim.media_start_ms)
    yield f"— {text(who)}{f', at {when}' if when else ''}\n\n"
    if claim.withdrawn:
        for withdrawal in (c for c in claim.corrections if c.kind == "withdrawal"):
            yield f"**Withdrawn on {day(withdrawal.published_at)}:** {text(withdrawal.note)}\n\n"
    elif claim.rating is not None:
        yield f"**Rating: {text(claim.rating.label)}**\n\n"
    if claim.conclusion and not claim.withdrawn:
        yield block(claim.conclusion) + "\n\n"
    if claim.explanation and not claim.withdrawn:
        yield block(claim.explanation) + "\n\n"
    yield from _sources(claim.sources if staff else claim.public_sources)
    for correction in claim.corrections:
        if correction.kind == "correction":
            yield f"*Corrected on {day(correction.published_at)}:* {text(correction.note)}\n\n"
    yield f"Permalink: {address(claim.permalink)}\n\n"


def rated(claims: Iterator[ClaimRecord]) -> tuple[list[ClaimRecord], int]:
    """The claims a report lists (with a rating, or withdrawn), and how many it leaves out."""
    kept, left = [], 0
    for claim in claims:
        if claim.rating is not None or claim.withdrawn:
            kept.append(claim)
        else:
            left += 1
    return kept, left


def pieces(export: Export) -> Iterator[str]:
    header = export.header
    yield f"# {text(header.organisation.name)}: fact-check report\n\n"
    yield f"{text(header.description).capitalize()}. Made {day(header.generated_at)}.\n\n"
    listed = 0
    for speech, group in export.by_speech():
        claims, left = rated(group)
        if claims:  # a speech with nothing rated yet has nothing to report
            listed += 1
            yield from _speech(speech, claims, not header.published_only, left)
    if not listed:
        yield "No checked claims in this selection.\n"


def write(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    return chunked(pieces(export))
